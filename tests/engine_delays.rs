//! Per-connection delays in the general engine: spike times on a 3-neuron network computed by hand.

use ett::engine::model_cpu::ModelCpu;
use ett::engine::neuron::{Lif, NeuronModel};
use ett::engine::spec::{Delays, ModelSpec, Population, Synapses};
use ett::engine::Network;

/// Neuron 0 drives neurons 1 and 2 (one synapse each, edges in that order) with the given delays.
/// A current synapse of 1000 per synapse (tau 1 ms) makes the target spike in the step after arrival:
/// from rest (-65 mV, g_leak 0.05, c 1, dt 0.1 ms) v = v_inf + (-65 - v_inf) e^{-0.005} with
/// v_inf = (0.05 * -65 + 1000) / 0.05 = 19935 mV gives 34.75 mV > -50 mV.
fn fork(delays: Delays, delay_ms: f64) -> (Network, ModelSpec) {
    let (_, spec) = ModelSpec::isolated(0.1, vec![Population { size: 3, neuron: NeuronModel::Lif(Lif::default()), i_bias: 0.0 }]);
    let net = Network::from_edges(3, vec![(0, 1, 1), (0, 2, 1)]).unwrap();
    (net, ModelSpec { synapses: Synapses::Current { tau_ms: 1.0, weight: 1000.0 }, delay_ms, delays, trace: vec![0, 1, 2], ..spec })
}

/// Spike steps of the three neurons over 15 steps, neuron 0 started at 0 mV (so it spikes in step 0).
fn spike_steps(net: &Network, spec: &ModelSpec) -> (Vec<Vec<u32>>, Vec<Vec<f64>>) {
    let mut cpu = ModelCpu::new(net, spec).unwrap();
    cpu.set_state(0, 0, &[0.0]);
    cpu.run(15);
    let rec = cpu.recording();
    (rec.spike_steps[0].clone(), rec.v_mv[0].clone())
}

#[test]
fn two_delays_on_one_neuron_deliver_at_their_own_steps() {
    // A spike in step 0 arrives at the end of step 0 + delay; the target spikes in the next step.
    let (net, spec) = fork(Delays::Steps(vec![2, 5]), 0.1);
    let (spikes, v) = spike_steps(&net, &spec);
    assert_eq!(spikes, [vec![0], vec![3], vec![6]]);
    // Until its spike arrives each target sits exactly at rest.
    assert!(v[1][..3].iter().all(|&x| x == -65.0) && v[2][..6].iter().all(|&x| x == -65.0), "{v:?}");
    // The same network with one uniform delay of 2 steps: both targets spike in step 3.
    let (net, spec) = fork(Delays::Uniform, 0.2);
    assert_eq!(spike_steps(&net, &spec).0, [vec![0], vec![3], vec![3]]);
}

#[test]
fn drawn_delays_lie_in_their_range_are_reproducible_and_bad_delays_are_rejected() {
    let (net, spec) = fork(Delays::UniformSteps { min_steps: 3, max_steps: 9, seed: 11 }, 0.1);
    let d = spec.derive(&net).unwrap();
    assert_eq!(d.edge_delay, spec.derive(&net).unwrap().edge_delay);
    assert!(d.edge_delay.iter().all(|&x| (3..=9).contains(&x)), "{:?}", d.edge_delay);
    assert_eq!(d.delay_steps, *d.edge_delay.iter().max().unwrap() as usize);
    assert_eq!(d.min_delay_steps, *d.edge_delay.iter().min().unwrap() as usize);
    let (spikes, _) = spike_steps(&net, &spec);
    assert_eq!(spikes[1], [d.edge_delay[0] + 1]);
    assert_eq!(spikes[2], [d.edge_delay[1] + 1]);
    for bad in [Delays::Steps(vec![2]), Delays::Steps(vec![2, 0]), Delays::UniformSteps { min_steps: 4, max_steps: 3, seed: 1 }] {
        let (net, spec) = fork(bad.clone(), 0.1);
        assert!(spec.derive(&net).is_err(), "{bad:?} accepted");
    }
}
