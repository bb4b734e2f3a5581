//! CUDA backend parity with the CPU backend: the same network, seed and Poisson hash. Skips (and says so)
//! where there is no CUDA driver or device.

use ett::bench::brain::compare;
use ett::engine::cpu::CpuEngine;
use ett::engine::cuda::{self, CudaEngine, Launch};
use ett::engine::synth::{self, SynthSpec};
use ett::engine::{EngineError, RunSpec};

#[test]
fn gpu_matches_cpu_or_skips() {
    if let Err(e) = cuda::device_name() {
        assert!(matches!(e, EngineError::NoCudaDriver(_) | EngineError::Cuda(_)), "{e}");
        println!("skipped: no CUDA device ({e})");
        return;
    }
    let net = synth::generate(&SynthSpec::sized(3_000, 150_000, 4)).unwrap().network;
    let spec = RunSpec { instances: 2, ..RunSpec::single(7, synth::pick_neurons(3_000, 300, 4), 150.0) };
    let steps = 2_000;
    let mut cpu = CpuEngine::new(&net, &spec).unwrap();
    cpu.run(steps);
    let cpu = cpu.recording();
    for launch in [Launch::Loop, Launch::Graph { steps: 100 }, Launch::Window { graph_windows: 0 }, Launch::Window { graph_windows: 7 }] {
        let mut gpu = CudaEngine::new(&net, &spec, steps).unwrap();
        gpu.run(steps, launch).unwrap();
        let gpu = gpu.recording().unwrap();
        for b in 0..2 {
            let agreement = compare(&cpu.counts[b], &gpu.counts[b]);
            println!("{launch:?} instance {b}: {}", agreement.summary());
            assert!(agreement.pass(), "{launch:?} instance {b}: {}", agreement.summary());
        }
    }
}

#[test]
fn gpu_entry_points_report_a_missing_driver_as_typed_errors() {
    match cuda::check_libraries() {
        Ok(()) => println!("skipped: CUDA libraries present, nothing to check"),
        Err(e) => {
            assert!(matches!(e, EngineError::NoCudaDriver(_)));
            assert!(e.to_string().starts_with("no CUDA driver found"), "{e}");
            let net = synth::generate(&SynthSpec::sized(10, 20, 1)).unwrap().network;
            let err = CudaEngine::new(&net, &RunSpec::single(1, vec![0], 150.0), 10).err().expect("no driver here");
            assert!(matches!(err, EngineError::NoCudaDriver(_)), "{err}");
        }
    }
}

/// The closed loop's use of the engine: Poisson rates changed between short runs (control steps that are
/// not whole delay windows), counts read after each. The GPU must spike exactly as the CPU does.
#[test]
fn gpu_rates_changed_between_runs_match_cpu_or_skip() {
    if let Err(e) = cuda::device_name() {
        println!("skipped: no CUDA device ({e})");
        return;
    }
    let net = synth::generate(&SynthSpec::sized(3_000, 150_000, 4)).unwrap().network;
    let driven = synth::pick_neurons(3_000, 100, 9);
    let spec = RunSpec::single(11, driven.clone(), 1e-3);
    let mut cpu = CpuEngine::new(&net, &spec).unwrap();
    let mut gpu = CudaEngine::new(&net, &spec, 0).unwrap();
    for k in 0..30u32 {
        let rate_hz = [0.0, 150.0, 40.0][k as usize % 3];
        let rates = vec![rate_hz; driven.len()];
        cpu.set_drive_rates(&driven, &rates).unwrap();
        gpu.set_drive_rates(&driven, &rates).unwrap();
        cpu.run(40);
        gpu.run(40, Launch::Window { graph_windows: 0 }).unwrap();
        assert_eq!(cpu.spike_counts(0), &gpu.spike_counts(0).unwrap()[..], "after control step {k}");
    }
    assert!(cpu.spike_counts(0).iter().any(|&c| c > 0), "the drive made spikes");
    // A neuron the spec does not drive cannot be given a rate, on either backend.
    let undriven = (0..3_000u32).find(|n| !driven.contains(n)).unwrap();
    assert!(gpu.set_drive_rates(&[undriven], &[10.0]).is_err());
}
