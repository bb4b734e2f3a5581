// Kernels of the CUDA backend (compiled at run time by NVRTC with --fmad=false). Each mirrors a piece of
// the CPU backend: lif_update = cpu::update_neuron plus the spike list, propagate = the push loop over rows,
// tick = the end of a step. The step number lives on the device so a captured graph can be replayed.

// counter.cu (u64, u32, hash4) comes first.

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
    bool refractory = (t - last) < refractory_steps;
    if (!refractory) {
        double v0 = v;
        double g0 = g;
        v = v_rest + (v0 - v_rest) * decay_v + g0 * g_to_v;
        g = g0 * decay_g;
    }
    bool removed = has_lesions != 0 && lesioned[idx] != 0;
    bool spike = !refractory && !removed && v > v_th;
    if (spike) {
        last = t;
        refractory = true;
    }
    long long r = ((long long)b * delay_steps + slot) * n + i;
    int count = ring[r];
    ring[r] = 0;
    if (!refractory) {
        g += (double)count * w_syn;
        u64 threshold = drive_threshold[i];
        if (threshold != 0ULL && (hash4(seed, first_instance + (u64)b, (u32)i, (u32)t) >> 11) < threshold) {
            v += w_poisson;
        }
    }
    if (spike) {
        v = v_reset;
        g = 0.0;
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
    u32 warps_per_block = blockDim.x / 32;
    u32 warp = blockIdx.x * warps_per_block + threadIdx.x / 32;
    u32 lane = threadIdx.x & 31u;
    u32 warps = gridDim.x * warps_per_block;
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
