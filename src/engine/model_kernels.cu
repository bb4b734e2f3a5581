// Kernels of the general engine (model_cuda.rs), compiled by NVRTC with --fmad=false after common.cu,
// "#define VARS k" and the model's neuron_step (neuron/*.rs, CUDA_STEP). model_update is model_cpu's
// Instance::step for one neuron, looped over a window of steps with the state in registers (the window never
// exceeds the shortest delay, so no spike of the window arrives inside it); model_propagate pushes the
// window's spikes into the ring slot of each connection's arrival step (`delay_steps` is the ring length, the
// longest delay; `edge_delay` per connection or, when absent, that length for all); tick_window (common.cu)
// ends the window. Layouts: state[var][b][i], ring[slot][b][i].

#define MAX_VARS 4

// Gap input: sum of g * v over each neuron's partners at the step's start (window is 1 with gaps).
extern "C" __global__ void model_gap(
    int n, int batch, const u32* __restrict__ offsets, const u32* __restrict__ partners,
    const double* __restrict__ gap_g, const double* __restrict__ v, double* __restrict__ gap_gv)
{
    long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= (long long)n * batch) return;
    int b = (int)(idx / n);
    int i = (int)(idx - (long long)b * n);
    const double* v_b = v + (long long)b * n;
    double sum = 0.0;
    for (u32 k = offsets[i]; k < offsets[i + 1]; k++) sum += gap_g[k] * v_b[partners[k]];
    gap_gv[idx] = sum;
}

// One thread per (instance, neuron), `window` steps.
extern "C" __global__ void model_update(
    int n, int batch, int delay_steps, int window, int max_steps, u64 seed, u64 first_instance,
    double dt, double decay_syn, double weight, double drive_weight,
    int conductance, double e_exc, double e_inh,
    int n_params, int has_pops, int has_gaps, int has_edges, int has_drive, int trace_n, u32 spike_cap, int has_ext,
    const int* __restrict__ step_counter, const double* __restrict__ params, const u32* __restrict__ population,
    const u64* __restrict__ drive_threshold, const double* __restrict__ gap_g_sum, const double* __restrict__ gap_gv,
    const int* __restrict__ trace_index, const double* __restrict__ i_ext,
    double* __restrict__ state, double* __restrict__ g_exc, double* __restrict__ g_inh,
    int* __restrict__ ring_exc, int* __restrict__ ring_inh,
    u32* __restrict__ counts, u32* __restrict__ spike_neuron, u32* __restrict__ spike_step,
    u32* __restrict__ spike_n, u32* __restrict__ per_step, double* __restrict__ trace)
{
    long long idx = (long long)blockIdx.x * blockDim.x + threadIdx.x;
    long long bn = (long long)n * batch;
    if (idx >= bn) return;
    int b = (int)(idx / n);
    int i = (int)(idx - (long long)b * n);
    int t0 = *step_counter;
    const double* p = params + (has_pops ? (long long)population[i] * n_params : 0LL);
    double bias = p[n_params - 1];
    double ext = has_ext ? i_ext[idx] : 0.0;
    double s[MAX_VARS];
    for (int var = 0; var < MAX_VARS; var++) s[var] = var < VARS ? state[var * bn + idx] : 0.0;
    double ge = g_exc[idx];
    double gi = g_inh[idx];
    u64 threshold = has_drive ? drive_threshold[i] : 0ULL;
    double gap_g_i = has_gaps ? gap_g_sum[i] : 0.0;
    double gap_gv_i = has_gaps ? gap_gv[idx] : 0.0;
    int traced = trace_n > 0 ? trace_index[i] : -1;
    u32 spikes = 0u;
    for (int w = 0; w < window; w++) {
        int t = t0 + w;
        double i_in = bias;
        if (has_ext) i_in += ext;
        double g_in = 0.0;
        double gv_in = 0.0;
        if (conductance) {
            g_in = ge + gi;
            gv_in = ge * e_exc + gi * e_inh;
        } else {
            i_in += ge - gi;
        }
        if (has_gaps) {
            g_in += gap_g_i;
            gv_in += gap_gv_i;
        }
        int spike = neuron_step(p, s, i_in, g_in, gv_in, dt);
        int arrived_exc = 0;
        int arrived_inh = 0;
        if (has_edges) {
            long long r = ((long long)(t % delay_steps) * batch + b) * n + i;
            arrived_exc = ring_exc[r];
            arrived_inh = ring_inh[r];
            if (arrived_exc != 0) ring_exc[r] = 0;
            if (arrived_inh != 0) ring_inh[r] = 0;
        }
        ge = ge * decay_syn + (double)arrived_exc * weight;
        gi = gi * decay_syn + (double)arrived_inh * weight;
        if (threshold != 0ULL && (hash4(seed, first_instance + (u64)b, (u32)i, (u32)t) >> 11) < threshold) {
            ge += drive_weight;
        }
        if (spike) {
            spikes += 1u;
            if (t < max_steps) atomicAdd(&per_step[(long long)t * batch + b], 1u);
            if (has_edges) {
                u32 k = atomicAdd(&spike_n[b], 1u);
                if (k < spike_cap) {
                    spike_neuron[(long long)b * spike_cap + k] = (u32)i;
                    spike_step[(long long)b * spike_cap + k] = (u32)t;
                }
            }
        }
        if (traced >= 0 && t < max_steps) trace[((long long)t * batch + b) * trace_n + traced] = s[0];
    }
    for (int var = 0; var < VARS; var++) state[var * bn + idx] = s[var];
    g_exc[idx] = ge;
    g_inh[idx] = gi;
    if (spikes != 0u) counts[idx] += spikes;
}

// A warp per spike of the window walks the row into each connection's arrival slot (integer atomics).
extern "C" __global__ void model_propagate(
    int n, int batch, int delay_steps, u32 spike_cap, int has_edge_delay,
    const u32* __restrict__ row_offsets, const u32* __restrict__ targets, const int* __restrict__ weights,
    const u32* __restrict__ edge_delay,
    const u32* __restrict__ spike_neuron, const u32* __restrict__ spike_step, const u32* __restrict__ spike_n,
    int* ring_exc, int* ring_inh)
{
    int b = blockIdx.y;
    u32 warp, lane, warps;
    warp_index(&warp, &lane, &warps);
    u32 spikes = min(spike_n[b], spike_cap);
    for (u32 k = warp; k < spikes; k += warps) {
        u32 pre = spike_neuron[(long long)b * spike_cap + k];
        u32 t = spike_step[(long long)b * spike_cap + k];
        u32 end = row_offsets[pre + 1];
        for (u32 e = row_offsets[pre] + lane; e < end; e += 32u) {
            u32 delay = has_edge_delay ? edge_delay[e] : (u32)delay_steps;
            long long r = ((long long)((t + delay) % (u32)delay_steps) * batch + b) * n + targets[e];
            int w = weights[e];
            if (w > 0) atomicAdd(&ring_exc[r], w);
            else atomicAdd(&ring_inh[r], -w);
        }
    }
}
