// What every kernel source shares (prepended by the hosts): the counter-based hash of engine::counter, and
// the end of a window of steps.

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

// This thread's warp and lane, and the warps along the grid's x (the propagations give a warp per spike).
__device__ __forceinline__ void warp_index(u32* warp, u32* lane, u32* warps) {
    u32 warps_per_block = blockDim.x / 32;
    *warp = blockIdx.x * warps_per_block + threadIdx.x / 32;
    *lane = threadIdx.x & 31u;
    *warps = gridDim.x * warps_per_block;
}

// One thread: flags an overflowed window list, clears the lists and advances the step by the window.
extern "C" __global__ void tick_window(int batch, int window, u32 spike_cap, int* step_counter, u32* spike_n, u32* overflow)
{
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    for (int b = 0; b < batch; b++) {
        if (spike_n[b] > spike_cap) *overflow = 1u;
        spike_n[b] = 0u;
    }
    *step_counter += window;
}
