//! `ett bench fly-brain --check`: the whole-brain LIF fly on the CPU and on GPU 0, compared, first the brain
//! alone (every input at its cap), then the closed loop through the body. Both backends draw the same Poisson
//! events (one counter hash, integer thresholds) with the same arithmetic (no fused multiply-add on the GPU),
//! so the check passes only on identical spike counts, identical descending drives at every control step and
//! identical tracks; the report says how far apart they are otherwise.

use super::brain::compare;
use crate::brain::flywire_lif::FlyWireLifBrain;
use crate::brain::Brain;
use crate::buffers::{NeuralInput, NeuralOutput};
use crate::config::brain_spec::{BrainModelSpec, BrainSpec};
use crate::config::spiking_spec::SpikingBackend;
use crate::config::{Loaded, Scenario};
use crate::engine::cuda;
use crate::runner::RunError;
use crate::sim::Episode;
use std::fmt::Write;
use std::time::Instant;

/// What one backend produced.
struct BackendRun {
    counts: Vec<u32>,
    drives: Vec<Vec<f64>>,
    brain_wall_s: f64,
    heads_mm: Vec<[f64; 2]>,
    loop_wall_s: f64,
}

/// The brain file with its backend replaced.
fn on_backend(brain: &Loaded<BrainSpec>, backend: SpikingBackend) -> Loaded<BrainSpec> {
    let mut brain = brain.clone();
    if let BrainModelSpec::FlyWireLif(lif) = &mut brain.spec.model {
        lif.backend = backend;
    }
    brain
}

/// Runs the brain alone and the closed loop for `seconds` on one backend.
fn run_on(scenario: &Scenario, backend: SpikingBackend, seconds: f64) -> Result<BackendRun, RunError> {
    let brain_file = on_backend(&scenario.brain, backend);
    let spec = match &brain_file.spec.model {
        BrainModelSpec::FlyWireLif(lif) => lif.clone(),
        _ => return Err(RunError::Request(format!("{}: not a FlyWireLif brain", brain_file.path.display()))),
    };
    let dt_s = brain_file.spec.dt_s;
    let dt_control_s = scenario.task.spec.dt_control_s;
    let steps_per_control = (dt_control_s / dt_s).round().max(1.0) as usize;
    let controls = (seconds / dt_control_s).round().max(1.0) as usize;
    let mut brain = FlyWireLifBrain::new(&brain_file, &spec, 0)?;
    let mut output = NeuralOutput::default();
    let mut drives = Vec::with_capacity(controls);
    let t0 = Instant::now();
    for k in 0..controls {
        // Inputs at their cap for 5 control steps, then off for 5: rates change between runs, as in the loop.
        let on = if k % 10 < 5 { 1.0e6 } else { 0.0 };
        let input = NeuralInput { drive: vec![on; spec.inputs.len()] };
        brain.step_n(&input, steps_per_control, dt_s, &mut output);
        drives.push(output.activity.clone());
    }
    let brain_wall_s = t0.elapsed().as_secs_f64();
    let counts = brain.spike_counts().to_vec();

    let mut closed = scenario.clone();
    closed.brain = brain_file;
    // `brain` holds the connectome, so the episode's brain shares it instead of reading the table again.
    let episode = Episode::new(&closed, 1, 0, seconds)?;
    let t0 = Instant::now();
    let result = episode.run(|_| {}).map_err(|source| RunError::Animal { animal: 0, source })?;
    let loop_wall_s = t0.elapsed().as_secs_f64();
    drop(brain);
    Ok(BackendRun { counts, drives, brain_wall_s, heads_mm: result.trajectory.rows.iter().map(|r| r.head_mm).collect(), loop_wall_s })
}

/// Compares the CPU and GPU backends on `scenario` (whose brain must be a FlyWireLif brain); without a CUDA
/// device the report says "skipped".
pub fn parity(scenario: &Scenario, seconds: f64) -> Result<String, RunError> {
    let mut out = String::new();
    let _ = writeln!(out, "fly closed-loop parity (CPU against GPU, {seconds} s, animal 0):");
    let device = match cuda::device_name() {
        Ok(name) => name,
        Err(e) => {
            let _ = writeln!(out, "fly closed-loop parity: skipped: no CUDA device ({e})");
            return Ok(out);
        }
    };
    let _ = writeln!(out, "GPU: {device}");
    let cpu = run_on(scenario, SpikingBackend::Cpu, seconds)?;
    let gpu = run_on(scenario, SpikingBackend::Cuda, seconds)?;
    let agreement = compare(&cpu.counts, &gpu.counts);
    let drive_diff = cpu.drives.iter().flatten().zip(gpu.drives.iter().flatten()).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
    let counts_identical = cpu.counts == gpu.counts;
    let drives_identical = cpu.drives == gpu.drives;
    let _ = writeln!(
        out,
        "brain alone, inputs at cap 5 control steps in 10: {} ; bit-identical counts: {counts_identical} ; identical drives at every control step: {drives_identical} (largest difference {drive_diff:.3e})",
        agreement.summary()
    );
    let track_diff_mm = cpu.heads_mm.iter().zip(&gpu.heads_mm).map(|(a, b)| (a[0] - b[0]).hypot(a[1] - b[1])).fold(0.0, f64::max);
    let tracks_identical = cpu.heads_mm == gpu.heads_mm;
    let _ = writeln!(out, "closed loop: {} samples (GPU {}), identical tracks: {tracks_identical} ; largest head distance {track_diff_mm:.3e} mm", cpu.heads_mm.len(), gpu.heads_mm.len());
    let _ = writeln!(
        out,
        "wall per simulated second: brain alone CPU (all threads) {:.3} s, GPU {:.3} s ; closed loop CPU {:.3} s, GPU {:.3} s",
        cpu.brain_wall_s / seconds, gpu.brain_wall_s / seconds, cpu.loop_wall_s / seconds, gpu.loop_wall_s / seconds
    );
    let pass = counts_identical && drives_identical && tracks_identical;
    let _ = writeln!(out, "fly closed-loop parity {}", if pass { "PASS" } else { "FAIL" });
    Ok(out)
}
