//! `ett bench hh`: Hodgkin-Huxley neuron updates per second at scale (16 million unconnected neurons,
//! memory- or compute-bound) on the CPU and the GPU; `ett bench models`: GPU-versus-CPU parity of the
//! general engine (Izhikevich, HH, gap junctions), each case within 1e-4 relative on v traces.

use super::brain::compare;
use crate::engine::cuda;
use crate::engine::model_cpu::{ModelCpu, ModelRecording};
use crate::engine::model_cuda::ModelCuda;
use crate::engine::neuron::{HodgkinHuxley, Izhikevich, Lif, NeuronModel};
use crate::engine::spec::{Delays, Drive, GapJunction, ModelSpec, Population, Synapses};
use crate::engine::synth::{self, SynthSpec};
use crate::engine::{EngineError, Network};
use serde_json::json;
use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

/// Largest relative difference of v traces allowed between CPU and GPU (|v| floored at 1 mV).
pub const TRACE_TOLERANCE: f64 = 1e-4;

/// One unconnected population of `neurons` HH squid neurons with a bias current that makes them fire.
pub fn hh_sheet(neurons: usize, dt_ms: f64) -> (Network, ModelSpec) {
    ModelSpec::isolated(dt_ms, vec![Population { size: neurons, neuron: NeuronModel::HodgkinHuxley(HodgkinHuxley::default()), i_bias: 10.0 }])
}

/// Times HH updates on the CPU (`cpu_steps`, all threads) and the GPU when present (`gpu_steps` in windows of
/// `window` steps); prints neuron updates per second and writes `out/bench_hh.json`.
pub fn hh(neurons: usize, dt_ms: f64, cpu_steps: u32, gpu_steps: u32, window: u32, out: &Path) -> Result<String, EngineError> {
    let (net, spec) = hh_sheet(neurons, dt_ms);
    let mut report = String::new();
    let _ = writeln!(report, "ett bench hh: {neurons} Hodgkin-Huxley neurons (squid, 6.3 C, 10 uA/cm^2), dt {dt_ms} ms, exponential Euler, f64");
    let _ = writeln!(report, "{:<34} {:>8} {:>10} {:>16}", "engine", "steps", "wall s", "updates/s");
    let mut rows = Vec::new();
    let mut row = |label: String, steps: u32, wall: f64, report: &mut String| {
        let rate = neurons as f64 * steps as f64 / wall;
        let _ = writeln!(report, "{label:<34} {steps:>8} {wall:>10.3} {rate:>16.3e}");
        rows.push(json!({"label": label, "steps": steps, "wall_s": wall, "updates_per_s": rate}));
    };
    if cpu_steps > 0 {
        let mut engine = ModelCpu::new(&net, &spec)?;
        let t0 = Instant::now();
        engine.run(cpu_steps);
        row(format!("ett CPU, {} threads", rayon::current_num_threads()), cpu_steps, t0.elapsed().as_secs_f64(), &mut report);
    }
    let mut notes = Vec::new();
    match cuda::device_name() {
        Err(e) => notes.push(format!("ett GPU: skipped: {e}")),
        Ok(name) => {
            notes.push(format!("GPU: {name}"));
            // One step per launch streams the state through memory every step; a window keeps it in registers.
            for (per_launch, steps) in [(1, (gpu_steps / 10).max(1)), (window, gpu_steps)] {
                let mut engine = ModelCuda::new(&net, &spec, 0, per_launch)?;
                engine.run(engine.window())?; // warm-up: first touch of every page, clocks up
                engine.synchronize()?;
                let t0 = Instant::now();
                engine.run(steps)?;
                engine.synchronize()?;
                let wall = t0.elapsed().as_secs_f64();
                let spikes: u64 = engine.recording()?.counts[0].iter().map(|&c| c as u64).sum();
                row(format!("ett GPU, {} steps per launch", engine.window()), steps, wall, &mut report);
                notes.push(format!("GPU ({} per launch) spikes per neuron over {:.1} ms: {:.2}", engine.window(), (steps + engine.window()) as f64 * dt_ms, spikes as f64 / neurons as f64));
            }
        }
    }
    for n in &notes {
        let _ = writeln!(report, "{n}");
    }
    let path = out.join("bench_hh.json");
    let io = |e: std::io::Error| EngineError::Io { path: path.clone(), message: e.to_string() };
    std::fs::create_dir_all(out).map_err(io)?;
    std::fs::write(&path, serde_json::to_string_pretty(&json!({"neurons": neurons, "dt_ms": dt_ms, "rows": rows, "notes": notes})).expect("plain JSON")).map_err(io)?;
    let _ = writeln!(report, "figures in {}", path.display());
    Ok(report)
}

/// The parity cases: a name, a network and a spec, and how many steps to run.
pub fn parity_cases() -> Vec<(&'static str, Network, ModelSpec, u32)> {
    let n = 2_000;
    let net = synth::generate(&SynthSpec::sized(n, 40_000, 3)).expect("small network").network;
    let base = ModelSpec {
        dt_ms: 0.1,
        populations: vec![
            Population { size: 1_500, neuron: NeuronModel::Izhikevich(Izhikevich::default()), i_bias: 2.0 },
            Population { size: 500, neuron: NeuronModel::Izhikevich(Izhikevich { a: 0.1, d: 2.0, ..Izhikevich::default() }), i_bias: 0.0 },
        ],
        synapses: Synapses::Conductance { tau_ms: 5.0, weight: 0.02, e_exc_mv: 0.0, e_inh_mv: -80.0 },
        delay_ms: 1.0,
        delays: Delays::Uniform,
        plasticity: Vec::new(),
        gap_junctions: Vec::new(),
        drive: Drive { neurons: synth::pick_neurons(n, 200, 5), rate_hz: 200.0, weight: 0.5 },
        seed: 9,
        instances: 3,
        first_instance: 0,
        trace: vec![0, 700, 1000, 1999],
    };
    let gaps: Vec<GapJunction> = (0..300).map(|k| GapJunction { a: k, b: (k * 7 + 1000) % n as u32, g: 0.05 }).collect();
    let hh = NeuronModel::HodgkinHuxley(HodgkinHuxley::default());
    let hh_spec = ModelSpec {
        dt_ms: 0.025,
        populations: vec![Population { size: 1_500, neuron: hh, i_bias: 0.0 }, Population { size: 500, neuron: hh, i_bias: 7.0 }],
        synapses: Synapses::Current { tau_ms: 2.0, weight: 0.05 },
        delay_ms: 1.0,
        drive: Drive { neurons: synth::pick_neurons(n, 300, 6), rate_hz: 100.0, weight: 3.0 },
        ..base.clone()
    };
    let passive = Lif { v_threshold_mv: f64::INFINITY, ..Lif::default() };
    let lif_spec = ModelSpec {
        dt_ms: 0.05,
        populations: vec![Population { size: 1_000, neuron: NeuronModel::Lif(Lif::default()), i_bias: 0.5 }, Population { size: 1_000, neuron: NeuronModel::Lif(passive), i_bias: 1.0 }],
        synapses: Synapses::Current { tau_ms: 5.0, weight: 0.02 },
        gap_junctions: gaps.clone(),
        drive: Drive { neurons: synth::pick_neurons(n, 300, 7), rate_hz: 300.0, weight: 0.3 },
        ..base.clone()
    };
    vec![
        ("Izhikevich, conductance synapses, 10 steps per launch", net.clone(), base.clone(), 2_000),
        ("Izhikevich, conductance synapses and gap junctions", net.clone(), ModelSpec { gap_junctions: gaps, ..base.clone() }, 2_000),
        ("Hodgkin-Huxley, current synapses, 40 steps per launch", net.clone(), hh_spec, 4_000),
        ("LIF and passive, gap junctions", net.clone(), lif_spec, 2_000),
        ("Izhikevich, per-connection delays of 5 to 30 steps", net, ModelSpec { delays: Delays::UniformSteps { min_steps: 5, max_steps: 30, seed: 4 }, ..base }, 2_000),
    ]
}

/// Largest relative difference between two sets of v traces (|v| floored at 1 mV).
pub fn trace_difference(a: &ModelRecording, b: &ModelRecording) -> f64 {
    let mut worst = 0.0f64;
    for (ta, tb) in a.v_mv.iter().flatten().zip(b.v_mv.iter().flatten()) {
        if ta.len() != tb.len() {
            return f64::INFINITY;
        }
        for (x, y) in ta.iter().zip(tb) {
            worst = worst.max((x - y).abs() / x.abs().max(1.0));
        }
    }
    worst
}

/// Runs every parity case on the CPU and the GPU; the report says PASS or FAIL per case, or "skipped" with
/// the reason when there is no GPU. Errors only when the GPU is present and a case fails.
pub fn check(out: &Path) -> Result<String, EngineError> {
    let mut report = String::new();
    let name = match cuda::device_name() {
        Ok(name) => name,
        Err(e) => return Ok(format!("general engine GPU parity: skipped: no CUDA device ({e})\n")),
    };
    let _ = writeln!(report, "general engine GPU parity on {name}");
    let mut all = true;
    let mut results = Vec::new();
    for (label, net, spec, steps) in parity_cases() {
        let mut cpu = ModelCpu::new(&net, &spec)?;
        cpu.run(steps);
        let cpu = cpu.recording();
        let mut gpu = ModelCuda::new(&net, &spec, steps, 1_000)?;
        let window = gpu.window();
        gpu.run(steps)?;
        let gpu = gpu.recording()?;
        let worst = trace_difference(&cpu, &gpu);
        let counts: Vec<_> = (0..spec.instances).map(|b| compare(&cpu.counts[b], &gpu.counts[b])).collect();
        let identical = cpu.counts == gpu.counts && cpu.per_step == gpu.per_step;
        let pass = worst <= TRACE_TOLERANCE && counts.iter().all(|a| a.pass());
        all &= pass;
        let _ = writeln!(
            report,
            "{label:<56} {} (window {window}; v traces max relative difference {worst:.2e}; spike counts identical: {identical}; {})",
            if pass { "PASS" } else { "FAIL" },
            counts[spec.instances - 1].summary()
        );
        results.push(json!({"label": label, "pass": pass, "window": window, "max_relative_v_difference": worst, "identical_counts": identical}));
    }
    let _ = writeln!(report, "general engine parity overall: {}", if all { "PASS" } else { "FAIL" });
    let path = out.join("models_check.json");
    let io = |e: std::io::Error| EngineError::Io { path: path.clone(), message: e.to_string() };
    std::fs::create_dir_all(out).map_err(io)?;
    std::fs::write(&path, serde_json::to_string_pretty(&json!({"gpu": name, "results": results, "pass": all})).expect("plain JSON")).map_err(io)?;
    if !all {
        return Err(EngineError::Cuda(format!("CPU and GPU disagree beyond tolerance:\n{report}")));
    }
    Ok(report)
}
