//! The LIF engine against closed-form answers: time to first spike, refractory period, strict threshold,
//! the synaptic delay, the Poisson rate.

use ett::engine::counter::poisson_hit;
use ett::engine::cpu::{update_neuron, CpuEngine};
use ett::engine::{LifParams, Network, RunSpec};

/// v(t) - v_rest after g = g0 at rest, the exact solution of the two linear ODEs.
fn closed_form_u(p: &LifParams, g0: f64, t_ms: f64) -> f64 {
    let (tm, ts) = (p.tau_m_ms, p.tau_syn_ms);
    g0 * ts / (ts - tm) * ((-t_ms / ts).exp() - (-t_ms / tm).exp())
}

/// First k >= 1 with v(k dt) above threshold, from the closed form.
fn first_crossing_steps(p: &LifParams, g0: f64) -> Option<u32> {
    (1..100_000).find(|&k| closed_form_u(p, g0, k as f64 * p.dt_ms) > p.v_threshold_mv - p.v_rest_mv)
}

fn silent(neurons: usize) -> Network {
    Network::from_edges(neurons, Vec::new()).unwrap()
}

#[test]
fn pulse_of_g_spikes_when_the_closed_form_crosses_threshold() {
    let p = LifParams::default();
    let net = silent(3);
    let spec = RunSpec::single(1, Vec::new(), 0.0);
    let mut engine = CpuEngine::new(&net, &spec).unwrap();
    engine.set_state(0, 0, p.v_rest_mv, 60.0);
    engine.set_state(0, 1, p.v_rest_mv, 40.0); // peak 0.158 * 40 = 6.3 mV: below the 7 mV needed
    let expected = first_crossing_steps(&p, 60.0).expect("60 mV of g crosses threshold");
    assert!(first_crossing_steps(&p, 40.0).is_none());
    let mut first_spike = None;
    for t in 0..400u32 {
        engine.run(1);
        if first_spike.is_none() && engine.last_spikes(0).contains(&0) {
            first_spike = Some(t);
        }
        assert!(!engine.last_spikes(0).contains(&1), "the sub-threshold neuron spiked at step {t}");
    }
    // Step t integrates to (t + 1) dt, so the spike step is the crossing step minus one.
    assert_eq!(first_spike, Some(expected - 1));
    // The closed form holds along the way too (until the spike).
    let mut check = CpuEngine::new(&net, &spec).unwrap();
    check.set_state(0, 1, p.v_rest_mv, 40.0);
    check.run(50);
    let exact = p.v_rest_mv + closed_form_u(&p, 40.0, 50.0 * p.dt_ms);
    assert!((check.v_mv(0)[1] - exact).abs() < 1e-9, "v {} vs exact {exact}", check.v_mv(0)[1]);
}

#[test]
fn threshold_is_strict() {
    let mut k = LifParams::default().step_constants().unwrap();
    // Freeze the dynamics so v stays where it is put.
    (k.decay_v, k.g_to_v, k.decay_g) = (1.0, 0.0, 1.0);
    let (mut g, mut last, mut acc) = (0.0, i32::MIN / 2, 0);
    let mut v = k.v_threshold_mv;
    assert!(!update_neuron(&k, 0, &mut v, &mut g, &mut last, &mut acc, false, false), "v equal to threshold must not spike");
    let mut v = k.v_threshold_mv + 1e-9;
    assert!(update_neuron(&k, 1, &mut v, &mut g, &mut last, &mut acc, false, false));
    assert_eq!(v, k.v_reset_mv);
}

#[test]
fn refractory_period_sets_the_fastest_rhythm_and_drops_input() {
    let p = LifParams::default();
    // Probability 1 per step: a Poisson event every step.
    let rate_hz = 1000.0 / p.dt_ms;
    let net = silent(1);
    let mut engine = CpuEngine::new(&net, &RunSpec::single(3, vec![0], rate_hz)).unwrap();
    let mut spikes = Vec::new();
    for t in 0..200u32 {
        engine.run(1);
        if !engine.last_spikes(0).is_empty() {
            spikes.push(t);
        }
    }
    let refractory_steps = (p.refractory_ms / p.dt_ms).round() as u32;
    // Event at step 0, spike at 1; events dropped for the refractory steps; next event, spike one step later.
    assert_eq!(spikes[0], 1);
    for pair in spikes.windows(2) {
        assert_eq!(pair[1] - pair[0], refractory_steps + 1, "spikes at {spikes:?}");
    }
}

#[test]
fn chain_of_two_delivers_after_the_delay() {
    let p = LifParams::default();
    let count = 200; // g jump 55 mV: crosses threshold
    let net = Network::from_edges(2, vec![(0, 1, count)]).unwrap();
    let mut engine = CpuEngine::new(&net, &RunSpec::single(5, Vec::new(), 0.0)).unwrap();
    // Neuron 0 starts above threshold: one spike at step 0, then it rests.
    engine.set_state(0, 0, 0.0, 0.0);
    let mut first = [None, None];
    for t in 0..200u32 {
        engine.run(1);
        for &i in engine.last_spikes(0) {
            first[i as usize].get_or_insert(t);
        }
    }
    let delay_steps = (p.delay_ms / p.dt_ms).round() as u32;
    let rise = first_crossing_steps(&p, count as f64 * p.w_syn_mv).unwrap();
    // Spike of 0 at step 0, delivered at the end of step `delay`, then `rise` integration steps; the
    // spike step is the last of those.
    assert_eq!(first[0], Some(0));
    assert_eq!(first[1], Some(delay_steps + rise));
    assert_eq!(engine.recording().counts[0], vec![1, 1]);
}

#[test]
fn poisson_hash_has_the_requested_rate() {
    let p = 150.0 * 1e-4;
    let threshold = (p * (1u64 << 53) as f64) as u64;
    let trials = 2_000_000u64;
    let hits = (0..trials).filter(|&k| poisson_hit(9, 2, (k % 1000) as u32, (k / 1000) as u32, threshold)).count() as f64;
    let sd = (trials as f64 * p * (1.0 - p)).sqrt();
    assert!((hits - trials as f64 * p).abs() < 5.0 * sd, "{hits} hits, expected {} +- {sd}", trials as f64 * p);
}

#[test]
fn driven_isolated_neurons_fire_at_the_renewal_rate() {
    let p = LifParams::default();
    let n = 200;
    let seconds = 2.0;
    let net = silent(n);
    let mut engine = CpuEngine::new(&net, &RunSpec::single(11, (0..n as u32).collect(), 150.0)).unwrap();
    engine.run((seconds * 1000.0 / p.dt_ms) as u32);
    let rec = engine.recording();
    // Each spike blocks events for the refractory steps, then waits a geometric time: ISI = R + 1/p steps.
    let prob = 150.0 * p.dt_ms * 1e-3;
    let isi_steps = (p.refractory_ms / p.dt_ms).round() + 1.0 / prob;
    let expected_hz = 1000.0 / (isi_steps * p.dt_ms);
    let measured_hz = rec.total(0) as f64 / n as f64 / seconds;
    // About 45,000 spikes: the relative standard error is well under 1%.
    assert!((measured_hz - expected_hz).abs() < 0.03 * expected_hz, "{measured_hz} Hz vs {expected_hz} Hz");
}
