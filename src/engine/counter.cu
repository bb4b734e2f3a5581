// The counter-based hash of engine::counter in C, shared by every kernel source (prepended by the hosts).

typedef unsigned long long u64;
typedef unsigned int u32;

// Same hash as engine::counter (SplitMix64 finaliser), so CPU and GPU draw the same Poisson events.
__device__ __forceinline__ u64 mix64(u64 x) {
    u64 z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

__device__ __forceinline__ u64 hash4(u64 seed, u64 instance, u32 neuron, u32 step) {
    u64 a = mix64(seed ^ (instance * 0xD1B54A32D192ED03ULL));
    return mix64(a ^ ((((u64)neuron) << 32) | (u64)step));
}
