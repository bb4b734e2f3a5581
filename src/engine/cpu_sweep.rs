//! The CPU backend's full sweep: every neuron of a range updated without branches, with AVX2 intrinsics
//! where the CPU has them (`cpu_sweep_avx2`, checked at run time), else a loop the compiler may vectorise
//! for the target. It computes exactly what
//! `cpu::update_neuron` computes, selecting between the refractory, spiking and plain results instead of
//! branching; for a neuron at exact rest with nothing arriving every candidate result equals the state it
//! had, so visiting it changes no bit (the short-list path in `cpu` skips such neurons).

use super::model::StepConstants;

/// Neurons per block: the block's spikers are collected by a second look only when one spiked.
const BLOCK_NEURONS: usize = 64;

/// One range of neurons (equal-length slices of one instance's state; `lesioned` empty when nothing is).
pub struct Range<'r> {
    /// Index of the range's first neuron.
    pub first: usize,
    /// Membrane potentials.
    pub v_mv: &'r mut [f64],
    /// Synaptic variables.
    pub g_mv: &'r mut [f64],
    /// Step of each neuron's last spike (refractory while `t - last < refractory_steps`).
    pub last_spike_step: &'r mut [i32],
    /// This step's ring slot (synapse counts), emptied by the sweep.
    pub arrived: &'r mut [i32],
    /// Nonzero for neurons that never spike (lesioned); empty when none are.
    pub lesioned: &'r [u8],
}

/// Updates every neuron of `r` at step `t`, appends the spikers (ascending) to `spikes`, and when
/// `count_busy` returns how many neurons are left not at exact rest (otherwise None).
pub fn sweep(k: &StepConstants, t: i32, r: Range, spikes: &mut Vec<u32>, count_busy: bool) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // Safety: the running CPU has AVX2, checked just above. No FMA is enabled: products and sums
        // round separately, as in `update_neuron` and the CUDA kernel.
        return unsafe { super::cpu_sweep_avx2::sweep_avx2(k, t, r, spikes, count_busy) };
    }
    sweep_portable(k, t, r, spikes, count_busy)
}

/// `sweep` without SIMD intrinsics (CPUs without AVX2, the last neurons of a range; tests compare it).
pub fn sweep_portable(k: &StepConstants, t: i32, r: Range, spikes: &mut Vec<u32>, count_busy: bool) -> Option<usize> {
    let busy = if r.lesioned.is_empty() { sweep_blocks::<false>(k, t, r, spikes) } else { sweep_blocks::<true>(k, t, r, spikes) };
    count_busy.then_some(busy)
}

#[inline(always)]
fn sweep_blocks<const LESIONS: bool>(k: &StepConstants, t: i32, r: Range, spikes: &mut Vec<u32>) -> usize {
    let Range { first, v_mv, g_mv, last_spike_step, arrived, lesioned } = r;
    let n = v_mv.len();
    let (g_mv, last_spike_step, arrived) = (&mut g_mv[..n], &mut last_spike_step[..n], &mut arrived[..n]);
    let mut busy = 0;
    let mut start = 0;
    while start < n {
        let end = (start + BLOCK_NEURONS).min(n);
        let removed = if LESIONS { &lesioned[start..end] } else { &[][..] };
        let (spiked, block_busy) = sweep_block::<LESIONS>(k, t, &mut v_mv[start..end], &mut g_mv[start..end], &mut last_spike_step[start..end], &mut arrived[start..end], removed);
        busy += block_busy;
        if spiked {
            // Only spikers have `last == t`: it is set to the current step when, and only when, they spike
            // (before step t every neuron last spiked at t - 1 at the latest).
            spikes.extend((start..end).filter(|&j| last_spike_step[j] == t).map(|j| (first + j) as u32));
        }
        start = end;
    }
    busy
}

/// One block; returns whether any neuron spiked and how many are left not at rest.
#[inline(always)]
fn sweep_block<const LESIONS: bool>(k: &StepConstants, t: i32, v_mv: &mut [f64], g_mv: &mut [f64], last: &mut [i32], arrived: &mut [i32], removed: &[u8]) -> (bool, usize) {
    let n = v_mv.len();
    let (g_mv, last, arrived) = (&mut g_mv[..n], &mut last[..n], &mut arrived[..n]);
    let removed = if LESIONS { &removed[..n] } else { removed };
    let (mut spiked, mut busy) = (false, 0usize);
    for j in 0..n {
        let (v0, g0, last0, count) = (v_mv[j], g_mv[j], last[j], arrived[j]);
        let refractory = t.wrapping_sub(last0) < k.refractory_steps;
        let v1 = k.v_rest_mv + (v0 - k.v_rest_mv) * k.decay_v + g0 * k.g_to_v;
        let g1 = g0 * k.decay_g + count as f64 * k.w_syn_mv;
        let alive = if LESIONS { removed[j] == 0 } else { true };
        let spike = !refractory & alive & (v1 > k.v_threshold_mv);
        let v = if spike { k.v_reset_mv } else if refractory { v0 } else { v1 };
        let g = if spike { 0.0 } else if refractory { g0 } else { g1 };
        v_mv[j] = v;
        g_mv[j] = g;
        last[j] = if spike { t } else { last0 };
        arrived[j] = 0;
        spiked |= spike;
        busy += !(g == 0.0 && v == k.v_rest_mv) as usize;
    }
    (spiked, busy)
}
