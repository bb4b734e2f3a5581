//! Reproducibility of the CPU engine: identical results with 1 and 2 threads, and a batch of B instances
//! equal to B separate runs (lesions included).

use ett::engine::cpu::CpuEngine;
use ett::engine::synth::{self, SynthSpec};
use ett::engine::{Network, Recording, RunSpec};

/// More neurons than the parallel sweep's threshold (two chunks of 16,384), so threads really split it.
const NEURONS: usize = 40_000;

fn busy_network() -> Network {
    synth::generate(&SynthSpec::sized(NEURONS, 2_000_000, 4)).unwrap().network
}

fn drive() -> Vec<u32> {
    synth::pick_neurons(NEURONS, 4_000, 4)
}

fn run_with_threads(net: &Network, spec: &RunSpec, threads: usize, steps: u32) -> (Recording, Vec<f64>) {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
    pool.install(|| {
        let mut engine = CpuEngine::new(net, spec).unwrap();
        engine.run(steps);
        (engine.recording(), engine.v_mv(0).to_vec())
    })
}

#[test]
fn one_and_two_threads_are_bit_identical() {
    let net = busy_network();
    let spec = RunSpec::single(7, drive(), 150.0);
    let (rec1, v1) = run_with_threads(&net, &spec, 1, 2_000);
    let (rec2, v2) = run_with_threads(&net, &spec, 2, 2_000);
    assert!(rec1.total(0) > 10_000, "the network should be active, got {} spikes", rec1.total(0));
    assert_eq!(rec1, rec2);
    assert!(v1.iter().zip(&v2).all(|(a, b)| a.to_bits() == b.to_bits()));
}

#[test]
fn batch_equals_separate_runs() {
    let net = busy_network();
    let lesions = vec![Vec::new(), drive()[..50].to_vec(), vec![1, 2, 3]];
    let batch = RunSpec { instances: 3, lesions: lesions.clone(), ..RunSpec::single(8, drive(), 150.0) };
    let mut engine = CpuEngine::new(&net, &batch).unwrap();
    engine.run(1_500);
    let together = engine.recording();
    for (b, lesion) in lesions.into_iter().enumerate() {
        let alone = RunSpec { first_instance: b as u64, lesions: vec![lesion], ..RunSpec::single(8, drive(), 150.0) };
        let mut single = CpuEngine::new(&net, &alone).unwrap();
        single.run(1_500);
        let rec = single.recording();
        assert_eq!(rec.counts[0], together.counts[b], "instance {b}");
        assert_eq!(rec.per_step[0], together.per_step[b], "instance {b}");
    }
    // Different instances draw different Poisson streams.
    assert_ne!(together.counts[0], together.counts[2]);
    // Lesioned neurons never spike.
    assert!(drive()[..50].iter().all(|&i| together.counts[1][i as usize] == 0));
}

#[test]
fn running_in_pieces_equals_one_run() {
    let net = busy_network();
    let spec = RunSpec::single(9, drive(), 150.0);
    let mut whole = CpuEngine::new(&net, &spec).unwrap();
    whole.run(1_000);
    let mut pieces = CpuEngine::new(&net, &spec).unwrap();
    for _ in 0..10 {
        pieces.run(100);
    }
    assert_eq!(whole.recording(), pieces.recording());
}

#[test]
fn visiting_only_listed_neurons_changes_no_bit() {
    let net = busy_network();
    // 50 driven neurons keep the list short (the listed path); 8,000 make it long (every neuron swept).
    for driven in [50, 8_000] {
        let spec = RunSpec::single(9, synth::pick_neurons(NEURONS, driven, 9), 150.0);
        let run = |sparse: bool| {
            let mut engine = CpuEngine::new(&net, &spec).unwrap();
            engine.set_sparse_updates(sparse);
            engine.run(3_000);
            (engine.recording(), engine.v_mv(0).to_vec())
        };
        let (listed, all) = (run(true), run(false));
        assert!(listed.0.total(0) > driven as u64, "activity must reach undriven neurons ({} spikes)", listed.0.total(0));
        assert_eq!(listed, all, "{driven} driven neurons");
    }
}
