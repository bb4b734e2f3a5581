//! Plasticity in the general engine: short-term depression and the three-factor rule against values
//! computed by hand (module comment of `engine::plasticity`).

use ett::engine::model_cpu::ModelCpu;
use ett::engine::model_cuda::ModelCuda;
use ett::engine::neuron::{Lif, NeuronModel};
use ett::engine::plasticity::{PlasticGroup, PlasticRule};
use ett::engine::spec::{ModelSpec, Population, Synapses};
use ett::engine::Network;

const DT_MS: f64 = 0.1;

/// Neurons with the default LIF (2 ms refractory), passive ones (no threshold) after them, edges as given,
/// current synapses (tau 1 ms, `weight` per synapse), a one-step delay and one plastic group over every edge.
fn network(spiking: usize, passive: usize, edges: Vec<(u32, u32, i32)>, weight: f64, rule: PlasticRule) -> (Network, ModelSpec) {
    let lif = |neuron| Population { size: 0, neuron: NeuronModel::Lif(neuron), i_bias: 0.0 };
    let pops = vec![Population { size: spiking, ..lif(Lif::default()) }, Population { size: passive, ..lif(Lif { v_threshold_mv: f64::INFINITY, ..Lif::default() }) }];
    let pops = pops.into_iter().filter(|p| p.size > 0).collect();
    let (_, spec) = ModelSpec::isolated(DT_MS, pops);
    let n = spiking + passive;
    let net = Network::from_edges(n, edges).unwrap();
    let all: Vec<u32> = (0..n as u32).collect();
    let group = PlasticGroup { name: "all".into(), pre: all.clone(), post: all, rule };
    (net, ModelSpec { synapses: Synapses::Current { tau_ms: 1.0, weight }, plasticity: vec![group], ..spec })
}

/// Makes `neurons` spike in the next step (v far above threshold, refractory over).
fn kick(cpu: &mut ModelCpu, neurons: &[usize]) {
    for &i in neurons {
        cpu.set_state(0, i, &[0.0, 0.0]);
    }
}

#[test]
fn depression_scales_the_second_spike_by_the_recovered_resource() {
    let rule = PlasticRule::Depression { use_fraction: 0.5, recovery_tau_ms: 10.0 };
    let (net, spec) = network(1, 1, vec![(0, 1, 2)], 1.0, rule);
    let mut cpu = ModelCpu::new(&net, &spec).unwrap();
    kick(&mut cpu, &[0]);
    cpu.run(2); // spike in step 0, delivered (2 synapses x resource 1) at the end of step 1
    assert_eq!(cpu.synaptic(0).0[1], 2.0);
    cpu.run(28);
    kick(&mut cpu, &[0]);
    cpu.run(2); // spike in step 30 after 30 steps of recovery from 0.5
    let x = 1.0 - 0.5 * (-30.0 * DT_MS / 10.0f64).exp();
    let decay = (-DT_MS / 1.0f64).exp();
    let expected_g = 2.0 * decay.powi(30) + 2.0 * x;
    assert!((cpu.synaptic(0).0[1] - expected_g).abs() < 1e-12, "{} vs {expected_g}", cpu.synaptic(0).0[1]);
    // The resource used half of x, then recovered for one step.
    let after = 1.0 - (1.0 - 0.5 * x) * (-DT_MS / 10.0f64).exp();
    assert!((cpu.plastic(0).pre[0][0] - after).abs() < 1e-12);
    assert_eq!(cpu.recording().counts[0], [2, 0]);
}

#[test]
fn three_factor_weights_follow_pairing_and_the_modulator() {
    let rule = PlasticRule::ThreeFactor {
        modulator: 2,
        modulator_tau_ms: 10.0,
        modulator_threshold_hz: 20.0,
        pre_tau_ms: 20.0,
        post_tau_ms: 20.0,
        a_plus: 1.0,
        a_minus: 0.5,
        eligibility_tau_ms: 100.0,
        rate_per_hz_s: 0.01,
        min_weight: 0.0,
        max_weight: 2.0,
    };
    // Synapses of weight 0: the pairing comes only from the kicks.
    let (net, spec) = network(3, 0, vec![(0, 1, 1)], 0.0, rule);
    let mut cpu = ModelCpu::new(&net, &spec).unwrap();
    let (d_pre, d_post, d_e) = ((-DT_MS / 20.0f64).exp(), (-DT_MS / 20.0f64).exp(), (-DT_MS / 100.0f64).exp());
    kick(&mut cpu, &[0]);
    cpu.run(2); // pre spike in step 0: nothing to pair with, no modulator
    assert_eq!((cpu.plastic(0).eligibility[0][0], cpu.plastic(0).weight[0][0]), (0.0, 1.0));
    kick(&mut cpu, &[1, 2]);
    cpu.run(1); // step 2: post spike pairs with the pre trace of step 1; the modulator jumps to 100 Hz
    let e2 = d_pre;
    let w2 = 1.0 + 0.01 * (100.0 - 20.0) * e2 * DT_MS * 1e-3;
    let p = cpu.plastic(0);
    assert!((p.eligibility[0][0] - e2).abs() < 1e-15 && (p.weight[0][0] - w2).abs() < 1e-15, "{:?} {:?}", p.eligibility, p.weight);
    cpu.run(1); // step 3: eligibility and modulator decay, learning goes on
    let r3 = 100.0 * (-DT_MS / 10.0f64).exp();
    let w3 = w2 + 0.01 * (r3 - 20.0) * e2 * d_e * DT_MS * 1e-3;
    assert!((cpu.plastic(0).weight[0][0] - w3).abs() < 1e-15);
    cpu.run(21);
    kick(&mut cpu, &[0]);
    cpu.run(1); // step 25: a pre spike after the post spike of step 2 depresses the eligibility
    let e25 = e2 * d_e.powi(23) - 0.5 * d_post.powi(22);
    assert!((cpu.plastic(0).eligibility[0][0] - e25).abs() < 1e-12, "{} vs {e25}", cpu.plastic(0).eligibility[0][0]);
    assert!(cpu.plastic(0).eligibility[0][0] < e2 * d_e.powi(23) - 0.4, "the anti-causal pair must lower the eligibility");
}

#[test]
fn plastic_synapses_are_refused_by_the_gpu_backend_before_any_device_is_needed() {
    let rule = PlasticRule::Depression { use_fraction: 0.5, recovery_tau_ms: 10.0 };
    let (net, spec) = network(1, 1, vec![(0, 1, 2)], 1.0, rule);
    let message = ModelCuda::new(&net, &spec, 10, 10).err().expect("refused").to_string();
    assert!(message.contains("CPU backend only"), "{message}");
    let (net, mut spec) = network(1, 1, vec![(0, 1, 2)], 1.0, PlasticRule::Depression { use_fraction: 1.5, recovery_tau_ms: 10.0 });
    assert!(spec.derive(&net).unwrap_err().to_string().contains("use_fraction"));
    spec.plasticity[0].pre = vec![7];
    assert!(spec.derive(&net).unwrap_err().to_string().contains("neuron 7 beyond 2"));
}
