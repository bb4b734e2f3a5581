//! The full sweep of `cpu_sweep` written with AVX2 intrinsics, four neurons a step: the compiler's own
//! vectorisation of the portable loop stores v with a masked store (it skips storing an unchanged value),
//! slow on AMD CPUs, and spends a block buffer to avoid it. Same operations in the same order as
//! `cpu::update_neuron` (separate multiplies and adds, no FMA), so the same bits.

use super::cpu_sweep::{sweep_portable, Range};
use super::model::StepConstants;
use std::arch::x86_64::*;

/// `sweep` on a CPU with AVX2; the neurons past the last multiple of four go through the portable loop.
///
/// # Safety
/// The running CPU must have AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn sweep_avx2(k: &StepConstants, t: i32, r: Range, spikes: &mut Vec<u32>, count_busy: bool) -> Option<usize> {
    let Range { first, v_mv, g_mv, last_spike_step, arrived, lesioned } = r;
    let n = v_mv.len();
    assert!(g_mv.len() == n && last_spike_step.len() == n && arrived.len() == n && (lesioned.is_empty() || lesioned.len() == n), "ranges of one length");
    let whole = n / 4 * 4;
    let pointers = (v_mv.as_mut_ptr(), g_mv.as_mut_ptr(), last_spike_step.as_mut_ptr(), arrived.as_mut_ptr(), lesioned.as_ptr());
    let busy = match (lesioned.is_empty(), count_busy) {
        (true, false) => sweep_fours::<false, false>(k, t, first, whole, pointers, spikes),
        (true, true) => sweep_fours::<false, true>(k, t, first, whole, pointers, spikes),
        (false, false) => sweep_fours::<true, false>(k, t, first, whole, pointers, spikes),
        (false, true) => sweep_fours::<true, true>(k, t, first, whole, pointers, spikes),
    };
    let rest = Range {
        first: first + whole,
        v_mv: &mut v_mv[whole..],
        g_mv: &mut g_mv[whole..],
        last_spike_step: &mut last_spike_step[whole..],
        arrived: &mut arrived[whole..],
        lesioned: if lesioned.is_empty() { lesioned } else { &lesioned[whole..] },
    };
    let busy_rest = sweep_portable(k, t, rest, spikes, count_busy);
    busy.zip(busy_rest).map(|(a, b)| a + b)
}

/// Neurons per block: a block's spikes are recorded as bits of one word.
const BLOCK_NEURONS: usize = 64;

/// Sets `last[b] = t` and lists neuron `first + b` for each bit b of `spiked` (ascending).
#[cold]
#[inline(never)]
unsafe fn record_spikes(t: i32, first: usize, mut spiked: u64, last: *mut i32, spikes: &mut Vec<u32>) {
    while spiked != 0 {
        let b = spiked.trailing_zeros() as usize;
        *last.add(b) = t;
        spikes.push((first + b) as u32);
        spiked &= spiked - 1;
    }
}

/// The range's arrays: v, g, last spike step, arrivals, lesion flags (dangling when none are lesioned).
type Pointers = (*mut f64, *mut f64, *mut i32, *mut i32, *const u8);

/// Neurons `0..whole` (a multiple of four) of the range's arrays, which hold at least that many; counts the
/// neurons left off rest only when `BUSY` (a few instructions more a neuron).
#[target_feature(enable = "avx2")]
unsafe fn sweep_fours<const LESIONS: bool, const BUSY: bool>(k: &StepConstants, t: i32, first: usize, whole: usize, p: Pointers, spikes: &mut Vec<u32>) -> Option<usize> {
    let (v_mv, g_mv, last, arrived, lesioned) = p;
    let (v_rest, decay_v, g_to_v, decay_g) = (_mm256_set1_pd(k.v_rest_mv), _mm256_set1_pd(k.decay_v), _mm256_set1_pd(k.g_to_v), _mm256_set1_pd(k.decay_g));
    let (w_syn, v_th, v_reset, zero) = (_mm256_set1_pd(k.w_syn_mv), _mm256_set1_pd(k.v_threshold_mv), _mm256_set1_pd(k.v_reset_mv), _mm256_setzero_pd());
    let (now, refractory_steps, zero_i) = (_mm_set1_epi32(t), _mm_set1_epi32(k.refractory_steps), _mm_setzero_si128());
    // Per lane, minus the number of resting neurons seen (a compare mask is -1 where true).
    let mut resting_lanes = _mm256_setzero_si256();
    let mut block = 0;
    while block < whole {
        let end = (block + BLOCK_NEURONS).min(whole);
        // Bit `j - block` set when neuron j spiked; handled after the block so that the loop makes no call
        // (a call in it would keep every constant on the stack).
        let mut spiked = 0u64;
        let mut j = block;
        while j < end {
            let v0 = _mm256_loadu_pd(v_mv.add(j));
            let g0 = _mm256_loadu_pd(g_mv.add(j));
            let last0 = _mm_loadu_si128(last.add(j) as *const __m128i);
            let count = _mm_loadu_si128(arrived.add(j) as *const __m128i);
            // t - last < refractory_steps, wrapping subtraction and signed comparison as in update_neuron.
            let refractory = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpgt_epi32(refractory_steps, _mm_sub_epi32(now, last0))));
            let v1 = _mm256_add_pd(_mm256_add_pd(v_rest, _mm256_mul_pd(_mm256_sub_pd(v0, v_rest), decay_v)), _mm256_mul_pd(g0, g_to_v));
            let g1 = _mm256_add_pd(_mm256_mul_pd(g0, decay_g), _mm256_mul_pd(_mm256_cvtepi32_pd(count), w_syn));
            let mut spike = _mm256_andnot_pd(refractory, _mm256_cmp_pd::<_CMP_GT_OQ>(v1, v_th));
            if LESIONS {
                let removed = _mm_cvtepu8_epi32(_mm_cvtsi32_si128((lesioned.add(j) as *const i32).read_unaligned()));
                let alive = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm_cmpeq_epi32(removed, zero_i)));
                spike = _mm256_and_pd(spike, alive);
            }
            let v = _mm256_blendv_pd(_mm256_blendv_pd(v1, v0, refractory), v_reset, spike);
            let g = _mm256_blendv_pd(_mm256_blendv_pd(g1, g0, refractory), zero, spike);
            _mm256_storeu_pd(v_mv.add(j), v);
            _mm256_storeu_pd(g_mv.add(j), g);
            _mm_storeu_si128(arrived.add(j) as *mut __m128i, zero_i);
            if BUSY {
                let resting = _mm256_and_pd(_mm256_cmp_pd::<_CMP_EQ_OQ>(g, zero), _mm256_cmp_pd::<_CMP_EQ_OQ>(v, v_rest));
                resting_lanes = _mm256_add_epi64(resting_lanes, _mm256_castpd_si256(resting));
            }
            spiked |= (_mm256_movemask_pd(spike) as u64) << (j - block);
            j += 4;
        }
        if spiked != 0 {
            record_spikes(t, first + block, spiked, last.add(block), spikes);
        }
        block = end;
    }
    if !BUSY {
        return None;
    }
    let mut lanes = [0i64; 4];
    _mm256_storeu_si256(lanes.as_mut_ptr() as *mut __m256i, resting_lanes);
    Some(whole - lanes.iter().map(|&x| x.unsigned_abs() as usize).sum::<usize>())
}
