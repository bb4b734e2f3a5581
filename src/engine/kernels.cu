// Kernels of the CUDA backend (compiled at run time by NVRTC with --fmad=false). Each mirrors a piece of
// the CPU backend: lif_update = cpu::update_neuron plus the spike list, propagate = the push loop over rows,
// tick = the end of a step. The step number lives on the device so a captured graph can be replayed.

// common.cu (u64, u32, hash4, warp_index) comes first.

// One neuron, one step: cpu::update_neuron in C (both kernels below use it). `count` is the synapse count
// arriving this step; returns whether the neuron spiked.
__device__ __forceinline__ bool lif_step(
    int t, double& v, double& g, int& last, int count, bool removed, u64 threshold, u64 seed, u64 instance, u32 i,
    double decay_v, double decay_g, double g_to_v, double v_rest, double v_reset, double v_th,
    double w_syn, double w_poisson, int refractory_steps)
{
    bool refractory = (t - last) < refractory_steps;
    if (!refractory) {
        double v0 = v;
        double g0 = g;
        v = v_rest + (v0 - v_rest) * decay_v + g0 * g_to_v;
        g = g0 * decay_g;
    }
    bool spike = !refractory && !removed && v > v_th;
    if (spike) {
        last = t;
        refractory = true;
    }
    if (!refractory) {
        g += (double)count * w_syn;
        if (threshold != 0ULL && (hash4(seed, instance, i, (u32)t) >> 11) < threshold) {
            v += w_poisson;
        }
    }
    if (spike) {
        v = v_reset;
        g = 0.0;
    }
    return spike;
}

// One thread per (instance, neuron); instance-major layout.
extern "C" __global__ void lif_update(
    int n, int batch, int delay_steps, u64 seed, u64 first_instance,
    double decay_v, double decay_g, double g_to_v, double v_rest, double v_reset, double v_th,
    double w_syn, double w_poisson, int refractory_steps, int has_lesions,
    const int* __restrict__ step_counter,
    double* __restrict__ v_mv, double* __restrict__ g_mv, int* __restrict__ last_spike,
    int* __restrict__ ring, const unsigned char* __restrict__ lesioned,
    const u64* __restrict__ drive_threshold,
    u32* __restrict__ counts, u32* __restrict__ spike_list, u32* __restrict__ spike_n)
{
    long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= (long long)n * batch) return;
    int b = (int)(idx / n);
    int i = (int)(idx - (long long)b * n);
    int t = *step_counter;
    int slot = t % delay_steps;

    double v = v_mv[idx];
    double g = g_mv[idx];
    int last = last_spike[idx];
    bool removed = has_lesions != 0 && lesioned[idx] != 0;
    long long r = ((long long)b * delay_steps + slot) * n + i;
    int count = ring[r];
    ring[r] = 0;
    bool spike = lif_step(t, v, g, last, count, removed, drive_threshold[i], seed, first_instance + (u64)b, (u32)i,
                          decay_v, decay_g, g_to_v, v_rest, v_reset, v_th, w_syn, w_poisson, refractory_steps);
    if (spike) {
        u32 k = atomicAdd(&spike_n[b], 1u);
        spike_list[(long long)b * n + k] = (u32)i;
        counts[idx] += 1u;
    }
    v_mv[idx] = v;
    g_mv[idx] = g;
    last_spike[idx] = last;
}

// A warp per spike walks the spiking neuron's row; integer atomics make the sums independent of order.
// grid.y = instance; warps stride over that instance's spike list.
extern "C" __global__ void propagate(
    int n, int delay_steps, const int* __restrict__ step_counter,
    const u32* __restrict__ row_offsets, const u32* __restrict__ targets, const int* __restrict__ weights,
    const u32* __restrict__ spike_list, const u32* __restrict__ spike_n, int* ring)
{
    int b = blockIdx.y;
    int t = *step_counter;
    int slot = t % delay_steps;
    u32 warp, lane, warps;
    warp_index(&warp, &lane, &warps);
    u32 spikes = spike_n[b];
    int* ring_slot = ring + ((long long)b * delay_steps + slot) * n;
    for (u32 k = warp; k < spikes; k += warps) {
        u32 pre = spike_list[(long long)b * n + k];
        u32 end = row_offsets[pre + 1];
        for (u32 s = row_offsets[pre] + lane; s < end; s += 32u) {
            atomicAdd(&ring_slot[targets[s]], weights[s]);
        }
    }
}

// One thread: records this step's spike totals, clears the spike lists and advances the step.
extern "C" __global__ void tick(int batch, int max_steps, int* step_counter, u32* spike_n, u32* per_step)
{
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    int t = *step_counter;
    for (int b = 0; b < batch; b++) {
        if (t < max_steps) per_step[(long long)t * batch + b] = spike_n[b];
        spike_n[b] = 0u;
    }
    *step_counter = t + 1;
}

// Minimum-delay windows (Launch::Window): `window` (at most the delay) steps per launch, each neuron's state
// in registers throughout. A spike sent inside the window arrives `delay` steps later, after the window, so no
// neuron needs another's state until propagate_window pushes all the window's spikes. The arithmetic of
// each step is lif_update's, so results stay bit-identical with the CPU.
extern "C" __global__ void lif_window(
    int n, int batch, int delay_steps, int window, int max_steps, u64 seed, u64 first_instance,
    double decay_v, double decay_g, double g_to_v, double v_rest, double v_reset, double v_th,
    double w_syn, double w_poisson, int refractory_steps, int has_lesions, u32 spike_cap,
    const int* __restrict__ step_counter,
    double* __restrict__ v_mv, double* __restrict__ g_mv, int* __restrict__ last_spike,
    int* __restrict__ ring, const unsigned char* __restrict__ lesioned,
    const u64* __restrict__ drive_threshold,
    u32* __restrict__ counts, u32* __restrict__ spike_neuron, u32* __restrict__ spike_step,
    u32* __restrict__ spike_n, u32* __restrict__ per_step)
{
    long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= (long long)n * batch) return;
    int b = (int)(idx / n);
    int i = (int)(idx - (long long)b * n);
    int t0 = *step_counter;
    double v = v_mv[idx];
    double g = g_mv[idx];
    int last = last_spike[idx];
    bool removed = has_lesions != 0 && lesioned[idx] != 0;
    u64 threshold = drive_threshold[i];
    int* ring_i = ring + (long long)b * delay_steps * n + i;
    u32 spikes = 0u;
    for (int w = 0; w < window; w++) {
        int t = t0 + w;
        int* r = ring_i + (long long)(t % delay_steps) * n;
        int count = *r;
        if (count != 0) *r = 0;
        bool spike = lif_step(t, v, g, last, count, removed, threshold, seed, first_instance + (u64)b, (u32)i,
                              decay_v, decay_g, g_to_v, v_rest, v_reset, v_th, w_syn, w_poisson, refractory_steps);
        if (spike) {
            spikes += 1u;
            if (t < max_steps) atomicAdd(&per_step[(long long)t * batch + b], 1u);
            u32 k = atomicAdd(&spike_n[b], 1u);
            if (k < spike_cap) {
                spike_neuron[(long long)b * spike_cap + k] = (u32)i;
                spike_step[(long long)b * spike_cap + k] = (u32)t;
            }
        }
    }
    v_mv[idx] = v;
    g_mv[idx] = g;
    last_spike[idx] = last;
    if (spikes != 0u) counts[idx] += spikes;
}

// A warp per spike of the window walks its row into the ring slot of the spike's step.
extern "C" __global__ void propagate_window(
    int n, int delay_steps, u32 spike_cap,
    const u32* __restrict__ row_offsets, const u32* __restrict__ targets, const int* __restrict__ weights,
    const u32* __restrict__ spike_neuron, const u32* __restrict__ spike_step, const u32* __restrict__ spike_n, int* ring)
{
    int b = blockIdx.y;
    u32 warp, lane, warps;
    warp_index(&warp, &lane, &warps);
    u32 spikes = min(spike_n[b], spike_cap);
    for (u32 k = warp; k < spikes; k += warps) {
        u32 pre = spike_neuron[(long long)b * spike_cap + k];
        u32 slot = spike_step[(long long)b * spike_cap + k] % (u32)delay_steps;
        int* ring_slot = ring + ((long long)b * delay_steps + slot) * n;
        u32 end = row_offsets[pre + 1];
        for (u32 e = row_offsets[pre] + lane; e < end; e += 32u) {
            atomicAdd(&ring_slot[targets[e]], weights[e]);
        }
    }
}
