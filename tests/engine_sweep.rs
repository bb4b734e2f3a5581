//! The branch-free sweep (`cpu_sweep`: AVX2 where the CPU has it, and the portable loop) against the
//! reference `update_neuron`, bit for bit, over states that reach every branch: at rest, refractory (and
//! leaving it), crossing threshold, exactly at threshold, inhibited, lesioned, with and without arrivals.

use ett::engine::cpu::update_neuron;
use ett::engine::cpu_sweep::{sweep, sweep_portable, Range};
use ett::engine::StepConstants;

/// Either sweep (the one `sweep` picks, or the portable loop).
type Sweep = fn(&StepConstants, i32, Range, &mut Vec<u32>, bool) -> Option<usize>;
use ett::engine::LifParams;

/// A small deterministic generator (splitmix64), so the states are the same on every run.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn sweep_equals_update_neuron_bit_for_bit() {
    let k = LifParams::default().step_constants().unwrap();
    let n = 1_000; // not a multiple of the sweep's block, so the last block is partial
    let t = 500;
    let mut mix = Mix(42);
    for (lesions, run) in [(false, sweep as Sweep), (true, sweep), (false, sweep_portable), (true, sweep_portable)] {
        let mut v: Vec<f64> = Vec::new();
        let mut g: Vec<f64> = Vec::new();
        let mut last: Vec<i32> = Vec::new();
        let mut acc: Vec<i32> = Vec::new();
        for _ in 0..n {
            let (vi, gi) = match mix.below(5) {
                0 => (k.v_rest_mv, 0.0),
                1 => (k.v_threshold_mv, 0.0),
                2 => (k.v_threshold_mv - 0.01, 5.0),
                _ => (k.v_rest_mv + (mix.below(2_000) as f64 - 1_000.0) * 0.01, (mix.below(2_000) as f64 - 1_000.0) * 0.1),
            };
            v.push(vi);
            g.push(gi);
            // Before step t a neuron last spiked at t - 1 at the latest.
            last.push(if mix.below(4) == 0 { t - 1 - mix.below(40) as i32 } else { i32::MIN / 2 });
            acc.push(if mix.below(2) == 0 { 0 } else { mix.below(40) as i32 - 15 });
        }
        let lesioned: Vec<u8> = if lesions { (0..n).map(|_| (mix.below(3) == 0) as u8).collect() } else { Vec::new() };
        let (mut v_ref, mut g_ref, mut last_ref, mut acc_ref) = (v.clone(), g.clone(), last.clone(), acc.clone());
        let mut spikes_ref = Vec::new();
        for i in 0..n {
            let removed = lesions && lesioned[i] != 0;
            if update_neuron(&k, t, &mut v_ref[i], &mut g_ref[i], &mut last_ref[i], &mut acc_ref[i], removed, false) {
                spikes_ref.push(i as u32 + 7);
            }
        }
        let mut spikes = Vec::new();
        let busy = run(&k, t, Range { first: 7, v_mv: &mut v, g_mv: &mut g, last_spike_step: &mut last, arrived: &mut acc, lesioned: &lesioned }, &mut spikes, true).unwrap();
        assert!(spikes_ref.len() > 10, "the states must make some neurons spike ({})", spikes_ref.len());
        assert_eq!(spikes, spikes_ref, "lesions {lesions}");
        assert!(v.iter().zip(&v_ref).all(|(a, b)| a.to_bits() == b.to_bits()), "v, lesions {lesions}");
        assert!(g.iter().zip(&g_ref).all(|(a, b)| a.to_bits() == b.to_bits()), "g, lesions {lesions}");
        assert_eq!(last, last_ref);
        assert!(acc.iter().all(|&a| a == 0));
        let off_rest = v.iter().zip(&g).filter(|&(&v, &g)| !(g == 0.0 && v == k.v_rest_mv)).count();
        assert_eq!(busy, off_rest);
    }
}

#[test]
fn sweeping_in_chunks_equals_one_sweep() {
    // The parallel path sweeps chunks with their own `first`; concatenated, they must equal one sweep.
    let k = LifParams::default().step_constants().unwrap();
    let n = 1_000;
    let mut mix = Mix(7);
    let v: Vec<f64> = (0..n).map(|_| k.v_rest_mv + mix.below(1_000) as f64 * 0.01).collect();
    let g: Vec<f64> = (0..n).map(|_| mix.below(100) as f64 * 0.1).collect();
    let last: Vec<i32> = (0..n).map(|_| 100 - mix.below(60) as i32).collect();
    let acc: Vec<i32> = (0..n).map(|_| mix.below(10) as i32).collect();
    let lesioned: Vec<u8> = (0..n).map(|_| (mix.below(5) == 0) as u8).collect();
    let (mut v1, mut g1, mut last1, mut acc1) = (v.clone(), g.clone(), last.clone(), acc.clone());
    let mut whole = Vec::new();
    let busy_whole = sweep(&k, 100, Range { first: 0, v_mv: &mut v1, g_mv: &mut g1, last_spike_step: &mut last1, arrived: &mut acc1, lesioned: &lesioned }, &mut whole, true).unwrap();
    let (mut v2, mut g2, mut last2, mut acc2) = (v, g, last, acc);
    let (mut pieces, mut busy_pieces) = (Vec::new(), 0);
    let chunk = 300;
    for (c, (((v, g), last), acc)) in v2.chunks_mut(chunk).zip(g2.chunks_mut(chunk)).zip(last2.chunks_mut(chunk)).zip(acc2.chunks_mut(chunk)).enumerate() {
        let lesioned = &lesioned[c * chunk..(c * chunk + v.len())];
        busy_pieces += sweep(&k, 100, Range { first: c * chunk, v_mv: v, g_mv: g, last_spike_step: last, arrived: acc, lesioned }, &mut pieces, true).unwrap();
    }
    assert!(!whole.is_empty());
    assert_eq!(whole, pieces);
    assert_eq!(busy_whole, busy_pieces);
    assert!(v1.iter().zip(&v2).all(|(a, b)| a.to_bits() == b.to_bits()));
    assert!(g1.iter().zip(&g2).all(|(a, b)| a.to_bits() == b.to_bits()));
    assert_eq!(last1, last2);
}
