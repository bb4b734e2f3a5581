//! General engine GPU parity with the CPU (Izhikevich, Hodgkin-Huxley, LIF, gap junctions): v traces within
//! 1e-4 relative and spike counts within tolerance. Skips (and says so) where there is no CUDA driver.

use ett::bench::models;
use ett::engine::cuda;
use ett::engine::model_cuda::{kernel_source, ModelCuda};
use ett::engine::neuron::{Dynamics, HodgkinHuxley, Izhikevich, Lif};
use ett::engine::EngineError;

#[test]
fn gpu_matches_cpu_for_every_model_or_skips() {
    if let Err(e) = cuda::device_name() {
        assert!(matches!(e, EngineError::NoCudaDriver(_) | EngineError::Cuda(_)), "{e}");
        println!("skipped: no CUDA device ({e})");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let report = models::check(out.path()).unwrap_or_else(|e| panic!("{e}"));
    println!("{report}");
}

#[test]
fn a_missing_driver_is_a_typed_error_and_every_model_has_a_kernel_source() {
    for (vars, step) in [(Lif::VARS, Lif::CUDA_STEP), (Izhikevich::VARS, Izhikevich::CUDA_STEP), (HodgkinHuxley::VARS, HodgkinHuxley::CUDA_STEP)] {
        let source = kernel_source(vars, step);
        assert!(source.contains(&format!("#define VARS {vars}")) && source.contains("int neuron_step(") && source.contains("model_update"));
    }
    if cuda::check_libraries().is_ok() {
        println!("skipped: CUDA libraries present, nothing to check");
        return;
    }
    let (_, net, spec, _) = models::parity_cases().remove(0);
    let err = ModelCuda::new(&net, &spec, 10, 10).err().expect("no driver here");
    assert!(matches!(err, EngineError::NoCudaDriver(_)), "{err}");
}
