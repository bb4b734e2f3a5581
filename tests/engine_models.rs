//! The general engine's neuron models and gap junctions against closed-form or independently computed
//! answers, and its independence of thread count and batch position.

use ett::bench::models;
use ett::engine::model_cpu::ModelCpu;
use ett::engine::neuron::{HodgkinHuxley, Izhikevich, Lif, NeuronModel};
use ett::engine::spec::{GapJunction, ModelSpec, Population};
use ett::engine::Network;

/// One unconnected neuron per bias current, all with `model`.
fn one_per_current(model: NeuronModel, currents: &[f64], dt_ms: f64) -> (Network, ModelSpec) {
    let (net, spec) = ModelSpec::isolated(dt_ms, currents.iter().map(|&i_bias| Population { size: 1, neuron: model, i_bias }).collect());
    (net, ModelSpec { trace: (0..currents.len() as u32).collect(), ..spec })
}

/// Spike times (ms, end of the spiking step) of every neuron over `ms`.
fn spike_times(model: NeuronModel, currents: &[f64], dt_ms: f64, ms: f64) -> Vec<Vec<f64>> {
    let (net, spec) = one_per_current(model, currents, dt_ms);
    let mut engine = ModelCpu::new(&net, &spec).unwrap();
    engine.run((ms / dt_ms).round() as u32);
    engine.recording().spike_steps[0].iter().map(|s| s.iter().map(|&t| (t + 1) as f64 * dt_ms).collect()).collect()
}

#[test]
fn izhikevich_with_frozen_recovery_fires_at_the_riccati_period() {
    // a = b = d = 0 keeps u at 0, so v' = 0.04 (v + 62.5)^2 + s with s = I - 16.25: from c to the peak takes
    // T = [atan(0.2 (v_peak + 62.5) / sqrt s) - atan(0.2 (c + 62.5) / sqrt s)] / (0.2 sqrt s).
    let model = Izhikevich { a: 0.0, b: 0.0, c: -65.0, d: 0.0, v_peak_mv: 30.0 };
    for current in [20.0, 30.0, 60.0] {
        let s: f64 = current - 16.25;
        let k = 0.2 / s.sqrt();
        let period = ((k * 92.5).atan() - (k * -2.5).atan()) / (0.2 * s.sqrt());
        let times = &spike_times(NeuronModel::Izhikevich(model), &[current], 0.001, 60.0)[0];
        assert!(times.len() >= 5, "I = {current}: {} spikes", times.len());
        // Reset to c, then the same trajectory: every interval (and the first spike time) is one period.
        let mean_isi = (times[times.len() - 1] - times[0]) / (times.len() - 1) as f64;
        assert!((mean_isi - period).abs() < 0.005 * period + 0.002, "I = {current}: interval {mean_isi} ms, closed form {period} ms");
        assert!((times[0] - period).abs() < 0.005 * period + 0.002, "I = {current}: first spike {} ms, closed form {period} ms", times[0]);
    }
}

/// Izhikevich's equations by classical RK4 at 1 us, spike when v crosses the peak (test-local reference).
fn izhikevich_rk4(m: &Izhikevich, current: f64, ms: f64) -> Vec<f64> {
    let f = |v: f64, u: f64| (0.04 * v * v + 5.0 * v + 140.0 - u + current, m.a * (m.b * v - u));
    let (mut v, mut u, dt) = (m.c, m.b * m.c, 0.001);
    let mut times = Vec::new();
    for k in 0..(ms / dt) as usize {
        let (k1v, k1u) = f(v, u);
        let (k2v, k2u) = f(v + dt / 2.0 * k1v, u + dt / 2.0 * k1u);
        let (k3v, k3u) = f(v + dt / 2.0 * k2v, u + dt / 2.0 * k2u);
        let (k4v, k4u) = f(v + dt * k3v, u + dt * k3u);
        v += dt / 6.0 * (k1v + 2.0 * k2v + 2.0 * k3v + k4v);
        u += dt / 6.0 * (k1u + 2.0 * k2u + 2.0 * k3u + k4u);
        if v >= m.v_peak_mv {
            times.push((k + 1) as f64 * dt);
            v = m.c;
            u += m.d;
        }
    }
    times
}

#[test]
fn izhikevich_regular_spiking_matches_rk4_and_adapts() {
    let rs = Izhikevich::default();
    for current in [5.0, 10.0, 15.0] {
        let reference = izhikevich_rk4(&rs, current, 300.0);
        let times = &spike_times(NeuronModel::Izhikevich(rs), &[current], 0.01, 300.0)[0];
        assert!(reference.len() >= 4, "I = {current}: reference fired {} times", reference.len());
        assert!(times.len().abs_diff(reference.len()) <= 1, "I = {current}: {} spikes, RK4 {}", times.len(), reference.len());
        for (k, (t, r)) in times.iter().zip(&reference).take(4).enumerate() {
            assert!((t - r).abs() < 0.02 * r + 0.05, "I = {current}: spike {k} at {t} ms, RK4 {r} ms");
        }
        // Regular spiking adapts: the first interval is the shortest.
        let isi: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(isi[0] < isi[isi.len() - 1], "I = {current}: intervals {isi:?}");
    }
}

#[test]
fn hodgkin_huxley_rheobase_and_repetitive_firing_threshold() {
    // Squid at 6.3 C, steps from rest. Rinzel & Miller (1980): a stable periodic orbit exists from I = 6.26
    // uA/cm^2 (fold of limit cycles) and rest loses stability at 9.78, so sustained firing from rest starts
    // between them; its onset frequency is about 50 Hz (class 2). A single spike needs about 2.2-2.3 uA/cm^2
    // (this model by exponential Euler at 10 us, the same figure an independent Python integrator gave).
    let hh = NeuronModel::HodgkinHuxley(HodgkinHuxley::default());
    let currents = [2.1, 2.4, 6.1, 6.4, 7.0, 10.0, 15.0, 20.0, 40.0];
    let times = spike_times(hh, &currents, 0.01, 500.0);
    let late = |k: usize| times[k].iter().filter(|&&t| t > 300.0).count();
    assert_eq!(times[0].len(), 0, "2.1 uA/cm^2 is below rheobase: {:?}", times[0]);
    assert_eq!(times[1].len(), 1, "2.4 uA/cm^2 gives one spike: {:?}", times[1]);
    assert_eq!(late(2), 0, "6.1 uA/cm^2 does not fire repetitively: {:?}", times[2]);
    let rate = |k: usize| late(k) as f64 / 0.2;
    assert!((40.0..70.0).contains(&rate(3)), "onset rate at 6.4 uA/cm^2: {} Hz", rate(3));
    let rates: Vec<f64> = (3..currents.len()).map(|k| times[k].len() as f64).collect();
    assert!(rates.windows(2).all(|w| w[1] >= w[0]), "f-I not monotone: {rates:?}");
    assert!(rates[rates.len() - 1] > rates[0], "f-I flat: {rates:?}");
}

#[test]
fn gap_junction_equalises_two_passive_neurons_with_the_analytic_time_constant() {
    // c dv1/dt = g_l (e_l - v1) + g (v2 - v1), and symmetrically: the difference decays with
    // c / (g_l + 2 g), the mean with c / g_l.
    let passive = Lif { v_threshold_mv: f64::INFINITY, ..Lif::default() };
    let (c, g_l, g, e_l) = (passive.c_uf, passive.g_leak_ms, 0.1, passive.e_leak_mv);
    let net = Network::from_edges(2, Vec::new()).unwrap();
    let mut spec = one_per_current(NeuronModel::Lif(passive), &[0.0, 0.0], 0.01).1;
    spec.gap_junctions = vec![GapJunction { a: 0, b: 1, g }];
    let mut engine = ModelCpu::new(&net, &spec).unwrap();
    engine.set_state(0, 0, &[-55.0]);
    let steps = 1000;
    engine.run(steps);
    let v = &engine.recording().v_mv[0];
    let (tau_diff, tau_mean) = (c / (g_l + 2.0 * g), c / g_l);
    for t in [50usize, 200, 500, 999] {
        let ms = (t + 1) as f64 * 0.01;
        let diff = 10.0 * (-ms / tau_diff).exp();
        let mean = e_l + 5.0 * (-ms / tau_mean).exp();
        let (got_diff, got_mean) = (v[0][t] - v[1][t], (v[0][t] + v[1][t]) / 2.0);
        assert!((got_diff - diff).abs() < 0.01 * 10.0 * (-ms / tau_diff).exp().max(0.01), "t {ms} ms: difference {got_diff}, analytic {diff}");
        assert!((got_mean - mean).abs() < 1e-3, "t {ms} ms: mean {got_mean}, analytic {mean}");
    }
}

/// The Izhikevich parity case with gap junctions (conductance synapses, Poisson drive), B instances.
fn busy_spec(instances: usize, first_instance: u64) -> (Network, ModelSpec) {
    let (_, net, spec, _) = models::parity_cases().remove(1);
    assert!(!spec.gap_junctions.is_empty());
    (net, ModelSpec { instances, first_instance, ..spec })
}

#[test]
fn cpu_results_do_not_depend_on_threads_or_batch_position() {
    let run = |threads: usize, instances: usize, first: u64| {
        let (net, spec) = busy_spec(instances, first);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| {
            let mut engine = ModelCpu::new(&net, &spec).unwrap();
            engine.run(2_000);
            engine.recording()
        })
    };
    let one = run(1, 1, 2);
    assert!(one.counts[0].iter().sum::<u32>() > 1_000, "the network is active: {} spikes", one.counts[0].iter().sum::<u32>());
    let many = run(4, 3, 0);
    assert_eq!(one.counts[0], many.counts[2], "instance 2 of a batch equals a single run with first_instance 2");
    assert_eq!(one.per_step[0], many.per_step[2]);
    assert_eq!(one.v_mv[0], many.v_mv[2]);
    assert_ne!(many.counts[0], many.counts[1], "instances draw different Poisson streams");
}

#[test]
fn model_spec_round_trips_through_ron() {
    let spec = busy_spec(2, 0).1;
    let text = ron::ser::to_string_pretty(&spec, ron::ser::PrettyConfig::default()).unwrap();
    let back: ModelSpec = ron::from_str(&text).unwrap();
    assert_eq!(back, spec);
    let hh: ModelSpec = ron::from_str(
        "(dt_ms: 0.01, populations: [(size: 4, neuron: HodgkinHuxley((c_uf: 1.0, g_na_ms: 120.0, g_k_ms: 36.0, g_leak_ms: 0.3, \
         e_na_mv: 50.0, e_k_mv: -77.0, e_leak_mv: -54.387, temperature_c: 6.3, v_spike_mv: 0.0)), i_bias: 10.0)], \
         synapses: Current(tau_ms: 2.0, weight: 1.0), delay_ms: 1.0, instances: 1)",
    )
    .unwrap();
    assert!(hh.derive(&Network::from_edges(4, Vec::new()).unwrap()).is_ok());
}

#[test]
fn deterministic_exp_is_within_a_few_ulp_of_libm() {
    use ett::engine::neuron::exp::exp;
    let mut worst = 0.0f64;
    for k in 0..200_001 {
        let x = -700.0 + 1405.0 * k as f64 / 200_000.0;
        let (a, b) = (exp(x), x.exp());
        worst = worst.max(((a - b) / b).abs());
    }
    assert!(worst < 1e-15, "largest relative error {worst:e}");
    assert_eq!(exp(0.0), 1.0);
    assert_eq!(exp(-1000.0), 0.0);
    assert!(exp(710.0).is_infinite() && exp(f64::NAN).is_nan());
    // Bits of `det_exp` (neuron::exp::CUDA_EXP) compiled as C++ by g++ on x86-64 (IEEE double, fma from libm): the
    // Rust twin must match them exactly, as the GPU's does under --fmad=false.
    for (x, bits) in [(-700.0, 58915316498509951), (-65.3, 4182634791072353462), (-3.25, 4585748773289955373), (-0.5, 4603638362051417610), (1e-3, 4607186924652195380), (0.7, 4611716986771507591), (2.5, 4623047752462491835), (13.0, 4691344216665278805), (300.0, 6556121482539723594)] {
        assert_eq!(exp(x).to_bits(), bits, "exp({x})");
    }
}
