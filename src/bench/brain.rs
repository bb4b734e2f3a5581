//! `ett bench brain`: the Shiu et al. LIF model on a generated FlyWire-like network, timed on the CPU
//! (one thread, all threads), the GPU when present (one instance, a batch) and Brian2 when its virtual
//! environment exists, in one table; `--check` compares CPU and GPU spike counts instead.

use super::brian2::{self, Brian2Target};
use super::cpu_time::{load_average_1min, process_cpu_s};
use super::rates;
use crate::engine::cpu::{CpuEngine, PhaseWalls};
use crate::engine::cuda::{self, CudaEngine, Launch};
use crate::engine::synth::{self, SynthSpec};
use crate::engine::{EngineError, Network, Recording, RunSpec};
use serde_json::{json, Value};
use std::fmt::Write;
use std::path::PathBuf;
use std::time::Instant;

/// What to benchmark.
#[derive(Debug, Clone)]
pub struct BrainBench {
    /// Neurons of the generated network.
    pub neurons: usize,
    /// Edges (connected pairs) of the generated network.
    pub edges: usize,
    /// Biological seconds simulated per measurement.
    pub seconds: f64,
    /// Instances in the batch measurements.
    pub batch: usize,
    /// Neurons driven at `rate_hz` (Shiu et al. drove 21 sugar neurons).
    pub drive_neurons: usize,
    /// Poisson rate of the drive.
    pub rate_hz: f64,
    /// Seed of the network and the Poisson streams.
    pub seed: u64,
    /// Where the JSON (and Brian2's input) go.
    pub out: PathBuf,
    /// Skip the one-thread CPU run (slow at full scale).
    pub skip_single_thread: bool,
    /// Brian2 code generation targets timed side by side (empty: skip Brian2).
    pub brian2: Vec<Brian2Target>,
    /// Steps per captured CUDA graph.
    pub graph_steps: u32,
    /// Windows (of `delay` steps) per captured CUDA graph in the minimum-delay mode.
    pub graph_windows: u32,
}

/// One measured row of the table.
struct Row {
    label: String,
    instances: usize,
    wall_s: f64,
    /// CPU seconds (all threads) of the run: on a shared machine, wall time also counts waiting for a core.
    cpu_s: f64,
    spikes: u64,
    /// Connections delivered (each spike pushes its neuron's whole row), all instances.
    events: u64,
    /// Wall time per phase, where the engine measures it (the CPU).
    phases: Option<PhaseWalls>,
    note: String,
}

/// A row's figures; throughputs are per wall second over all instances (`ett scale --from-bench` reads them).
fn row_json(r: &Row, seconds: f64, neurons: usize, steps: u32) -> Value {
    let updates = neurons as f64 * steps as f64 * r.instances as f64;
    let mut row = json!({"label": r.label, "instances": r.instances, "wall_s": r.wall_s, "wall_s_per_bio_s": r.wall_s / seconds, "cpu_s": r.cpu_s, "cpu_s_per_bio_s": r.cpu_s / seconds,
           "wall_s_per_instance_s": r.wall_s / seconds / r.instances as f64, "spikes_per_instance": r.spikes as f64 / r.instances as f64,
           "neuron_updates": updates, "neuron_updates_per_s": updates / r.wall_s, "synaptic_events": r.events, "synaptic_events_per_s": r.events as f64 / r.wall_s, "note": r.note});
    if let Some(p) = r.phases {
        row["update_wall_s"] = json!(p.update_s);
        row["propagate_wall_s"] = json!(p.propagate_s);
        row["neuron_updates_per_s_in_update_phase"] = json!(updates / p.update_s);
        row["synaptic_events_per_s_in_propagate_phase"] = json!(r.events as f64 / p.propagate_s);
        row["swept_steps"] = json!(p.swept_steps);
        row["listed_steps"] = json!(p.listed_steps);
        row["listed_neurons_per_listed_step"] = json!(p.listed_neurons as f64 / p.listed_steps.max(1) as f64);
    }
    row
}

/// Connections delivered in a recording: each spike of neuron i pushes row i.
fn events(net: &Network, counts: &[Vec<u32>]) -> u64 {
    counts.iter().flat_map(|c| c.iter().enumerate()).map(|(i, &k)| k as u64 * net.row(i).0.len() as u64).sum()
}

fn total(rec: &Recording) -> u64 {
    (0..rec.counts.len()).map(|b| rec.total(b)).sum()
}

fn steps_for(seconds: f64, spec: &RunSpec) -> u32 {
    (seconds * 1000.0 / spec.params.dt_ms).round() as u32
}

/// Builds the network and the single-instance run spec the bench and the check share.
pub fn setup(b: &BrainBench) -> Result<(synth::SynthNetwork, RunSpec, f64), EngineError> {
    generated(b.neurons, b.edges, b.drive_neurons, b.rate_hz, b.seed)
}

/// A generated FlyWire-like network, `drive_neurons` of its neurons chosen by `seed` and driven at
/// `rate_hz`, and the generation's wall time.
pub fn generated(neurons: usize, edges: usize, drive_neurons: usize, rate_hz: f64, seed: u64) -> Result<(synth::SynthNetwork, RunSpec, f64), EngineError> {
    let t0 = Instant::now();
    let net = synth::generate(&SynthSpec::sized(neurons, edges, seed))?;
    let gen_s = t0.elapsed().as_secs_f64();
    let drive = synth::pick_neurons(neurons, drive_neurons.min(neurons), seed);
    Ok((net, RunSpec::single(seed, drive, rate_hz), gen_s))
}

/// Wall and CPU seconds of the run, the recording and the phase walls.
fn cpu_run(net: &Network, spec: &RunSpec, steps: u32, threads: Option<usize>) -> Result<((f64, f64), Recording, PhaseWalls), EngineError> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads.unwrap_or(0)).build().map_err(|e| EngineError::Model(e.to_string()))?;
    pool.install(|| {
        let mut engine = CpuEngine::new(net, spec)?;
        let (t0, c0) = (Instant::now(), process_cpu_s());
        engine.run(steps);
        Ok(((t0.elapsed().as_secs_f64(), process_cpu_s() - c0), engine.recording(), engine.phase_walls()))
    })
}

fn gpu_run(net: &Network, spec: &RunSpec, steps: u32, launch: Launch) -> Result<(f64, Recording), EngineError> {
    let mut engine = CudaEngine::new(net, spec, steps)?;
    let t0 = Instant::now();
    engine.run(steps, launch)?;
    engine.synchronize()?;
    let wall = t0.elapsed().as_secs_f64();
    Ok((wall, engine.recording()?))
}

/// Runs every measurement and returns the printed report; the JSON goes to `out/bench_brain.json`.
pub fn run(b: &BrainBench) -> Result<String, EngineError> {
    let (net, spec, gen_s) = setup(b)?;
    let steps = steps_for(b.seconds, &spec);
    let threads = rayon::current_num_threads();
    let mut rows = Vec::new();
    let mut notes = Vec::new();

    let load_before = load_average_1min();
    let ((wall, cpu), rec, phases) = cpu_run(&net.network, &spec, steps, None)?;
    let cpu_counts = rec.counts[0].clone();
    rows.push(Row { label: format!("ett CPU, {threads} threads"), instances: 1, wall_s: wall, cpu_s: cpu, spikes: total(&rec), events: events(&net.network, &rec.counts), phases: Some(phases), note: String::new() });
    if !b.skip_single_thread {
        let ((wall, cpu), rec, phases) = cpu_run(&net.network, &spec, steps, Some(1))?;
        rows.push(Row { label: "ett CPU, 1 thread".into(), instances: 1, wall_s: wall, cpu_s: cpu, spikes: total(&rec), events: events(&net.network, &rec.counts), phases: Some(phases), note: String::new() });
    }
    match cuda::device_name() {
        Err(e) => notes.push(format!("ett GPU: skipped: {e}")),
        Ok(name) => {
            notes.push(format!("GPU: {name}"));
            let batch_spec = RunSpec { instances: b.batch, ..spec.clone() };
            let variants = [
                ("ett GPU, launch loop", &spec, Launch::Loop),
                ("ett GPU, CUDA graph", &spec, Launch::Graph { steps: b.graph_steps }),
                ("ett GPU batch, CUDA graph", &batch_spec, Launch::Graph { steps: b.graph_steps }),
                ("ett GPU, delay windows + graph", &spec, Launch::Window { graph_windows: b.graph_windows }),
                ("ett GPU batch, delay windows + graph", &batch_spec, Launch::Window { graph_windows: b.graph_windows }),
            ];
            for (label, s, launch) in variants {
                match gpu_run(&net.network, s, steps, launch) {
                    Ok((wall, rec)) => rows.push(Row { label: label.into(), instances: s.instances, wall_s: wall, cpu_s: f64::NAN, spikes: total(&rec), events: events(&net.network, &rec.counts), phases: None, note: String::new() }),
                    Err(e) => notes.push(format!("{label}: failed: {e}")),
                }
            }
        }
    }
    if b.brian2.is_empty() {
        notes.push("Brian2: skipped (--no-brian2)".into());
    }
    for target in &b.brian2 {
        match brian2::run(&net.network, &spec, steps, &b.out, target) {
            Ok(outcome) => {
                let agreement = compare(&cpu_counts, &outcome.counts);
                notes.push(format!("Brian2 {} (same drive events): {}", outcome.target, agreement.summary()));
                let delivered = events(&net.network, std::slice::from_ref(&outcome.counts));
                rows.push(Row { label: format!("Brian2 2.9.0 ({})", outcome.target), instances: 1, wall_s: outcome.run_wall_s, cpu_s: outcome.run_cpu_s, spikes: outcome.counts.iter().map(|&c| c as u64).sum(), events: delivered, phases: None, note: format!("setup {:.1} s", outcome.setup_wall_s) });
            }
            Err(e) => notes.push(format!("Brian2 {}: {e}", target.name)),
        }
    }
    let brian_rows = || rows.iter().filter(|r| r.label.starts_with("Brian2"));
    if let (Some(wall), Some(cpu)) = (brian_rows().map(|r| r.wall_s).min_by(f64::total_cmp), brian_rows().map(|r| r.cpu_s).min_by(f64::total_cmp)) {
        for r in rows.iter().filter(|r| r.label.starts_with("ett CPU")) {
            notes.push(format!("{}: {:.1} times as fast as the fastest Brian2 row in wall time, {:.1} times in CPU time", r.label, wall / r.wall_s, cpu / r.cpu_s));
        }
    }
    notes.push(format!("load average (1 min) before/after: {load_before:.2} / {:.2} on {} cores", load_average_1min(), super::cpu_time::cores()));
    let mut out = String::new();
    let _ = writeln!(out, "ett bench brain: {} neurons, {} edges, {} synapses, {} s biological ({} steps of {} ms)", net.network.neurons, net.network.edges(), net.network.synapses(), b.seconds, steps, spec.params.dt_ms);
    let _ = writeln!(out, "drive: {} neurons at {} Hz (seed {}); network generated in {:.1} s", spec.drive_neurons.len(), b.rate_hz, b.seed, gen_s);
    let _ = writeln!(out, "{:<34} {:>9} {:>10} {:>10} {:>14} {:>16} {:>14}", "engine", "instances", "wall s", "CPU s", "s per bio s", "s per inst-s", "spikes/inst");
    for r in &rows {
        let _ = writeln!(out, "{:<34} {:>9} {:>10.3} {:>10.3} {:>14.4} {:>16.5} {:>14.0} {}", r.label, r.instances, r.wall_s, r.cpu_s, r.wall_s / b.seconds, r.wall_s / b.seconds / r.instances as f64, r.spikes as f64 / r.instances as f64, r.note);
    }
    for n in &notes {
        let _ = writeln!(out, "{n}");
    }
    let report = json!({
        "neurons": net.network.neurons, "edges": net.network.edges(), "synapses": net.network.synapses(), "seconds": b.seconds,
        "steps": steps, "dt_ms": spec.params.dt_ms, "delay_ms": spec.params.delay_ms, "drive_neurons": spec.drive_neurons.len(), "rate_hz": b.rate_hz, "seed": b.seed, "cpu_threads": threads,
        "mean_firing_rate_hz": rows[0].spikes as f64 / net.network.neurons as f64 / b.seconds,
        "rows": rows.iter().map(|r| row_json(r, b.seconds, net.network.neurons, steps)).collect::<Vec<_>>(), "notes": notes,
    });
    let path = write_json(&b.out, "bench_brain.json", &report)?;
    let _ = writeln!(out, "figures in {}", path.display());
    Ok(out)
}

fn write_json(dir: &std::path::Path, name: &str, value: &Value) -> Result<PathBuf, EngineError> {
    let io = |e: std::io::Error| EngineError::Io { path: dir.join(name), message: e.to_string() };
    std::fs::create_dir_all(dir).map_err(io)?;
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).expect("plain JSON")).map_err(io)?;
    Ok(path)
}

/// How closely two per-neuron spike count vectors agree.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agreement {
    /// Total spikes of the reference.
    pub total_a: u64,
    /// Total spikes of the other.
    pub total_b: u64,
    /// Largest per-neuron difference.
    pub max_abs_diff: u32,
    /// Neurons whose counts differ.
    pub neurons_differing: usize,
    /// Pearson correlation over neurons (1 when both are constant and equal).
    pub correlation: f64,
}

impl Agreement {
    /// PASS rule: correlation at least 0.99 and totals within 1% + 5 spikes (float rounding can flip a
    /// threshold crossing, which then changes a few downstream spikes).
    pub fn pass(&self) -> bool {
        let tolerance = 0.01 * self.total_a as f64 + 5.0;
        self.correlation >= 0.99 && (self.total_a as f64 - self.total_b as f64).abs() <= tolerance
    }

    /// One line for the report.
    pub fn summary(&self) -> String {
        format!(
            "{} (totals {} vs {}, max per-neuron difference {}, {} neurons differ, correlation {:.6})",
            if self.pass() { "PASS" } else { "FAIL" }, self.total_a, self.total_b, self.max_abs_diff, self.neurons_differing, self.correlation
        )
    }
}

/// Compares two spike count vectors of the same neurons.
pub fn compare(a: &[u32], b: &[u32]) -> Agreement {
    let (fa, fb): (Vec<f64>, Vec<f64>) = a.iter().zip(b).map(|(&x, &y)| (x as f64, y as f64)).unzip();
    let identical = a == b;
    Agreement {
        total_a: a.iter().map(|&x| x as u64).sum(),
        total_b: b.iter().map(|&x| x as u64).sum(),
        max_abs_diff: a.iter().zip(b).map(|(&x, &y)| x.abs_diff(y)).max().unwrap_or(0),
        neurons_differing: a.iter().zip(b).filter(|(x, y)| x != y).count() + a.len().abs_diff(b.len()),
        correlation: if identical { 1.0 } else { rates::pearson(&fa, &fb, |_| true) },
    }
}

/// CPU-versus-GPU parity: the same network, seed and Poisson hash on both; one instance and the last
/// instance of a batch (against a CPU run of that instance alone). Errors only when the GPU is present
/// and fails; without a GPU it says "skipped".
pub fn check(b: &BrainBench) -> Result<String, EngineError> {
    let (net, spec, _) = setup(b)?;
    let steps = steps_for(b.seconds, &spec);
    let mut out = String::new();
    let _ = writeln!(out, "ett engine check: {} neurons, {} edges, {} s, drive {} neurons at {} Hz, seed {}", net.network.neurons, net.network.edges(), b.seconds, spec.drive_neurons.len(), b.rate_hz, b.seed);
    let (_, cpu, _) = cpu_run(&net.network, &spec, steps, None)?;
    let name = match cuda::device_name() {
        Ok(name) => name,
        Err(e) => {
            let _ = writeln!(out, "CPU spikes {}; GPU parity: skipped: no CUDA device ({e})", total(&cpu));
            return Ok(out);
        }
    };
    let _ = writeln!(out, "GPU: {name}");
    let mut all_pass = true;
    let mut results = Vec::new();
    let windows = Launch::Window { graph_windows: b.graph_windows };
    let launches = [
        ("single, launch loop", Launch::Loop),
        ("single, CUDA graph", Launch::Graph { steps: b.graph_steps }),
        ("single, delay windows", Launch::Window { graph_windows: 0 }),
        ("single, windows + graph", windows),
    ];
    for (label, launch) in launches {
        let (_, gpu) = gpu_run(&net.network, &spec, steps, launch)?;
        let a = compare(&cpu.counts[0], &gpu.counts[0]);
        let steps_equal = cpu.per_step[0] == gpu.per_step[0];
        all_pass &= a.pass();
        let _ = writeln!(out, "{label:<22} {} ; bit-identical counts: {} ; per-step totals identical: {steps_equal}", a.summary(), cpu.counts[0] == gpu.counts[0]);
        results.push(json!({"label": label, "pass": a.pass(), "max_abs_diff": a.max_abs_diff, "correlation": a.correlation, "total_cpu": a.total_a, "total_gpu": a.total_b, "identical": cpu.counts[0] == gpu.counts[0]}));
    }
    if b.batch > 1 {
        let last = b.batch - 1;
        let (_, cpu_last, _) = cpu_run(&net.network, &RunSpec { first_instance: last as u64, ..spec.clone() }, steps, None)?;
        for (mode, launch) in [("graph", Launch::Graph { steps: b.graph_steps }), ("windows", windows)] {
            let (_, gpu) = gpu_run(&net.network, &RunSpec { instances: b.batch, ..spec.clone() }, steps, launch)?;
            let a = compare(&cpu_last.counts[0], &gpu.counts[last]);
            all_pass &= a.pass();
            let identical = cpu_last.counts[0] == gpu.counts[last] && cpu_last.per_step[0] == gpu.per_step[last];
            let _ = writeln!(out, "batch {} instance {last:<3} {mode:<7} {} ; bit-identical: {identical}", b.batch, a.summary());
            results.push(json!({"label": format!("batch {} instance {last}, {mode}", b.batch), "pass": a.pass(), "max_abs_diff": a.max_abs_diff, "correlation": a.correlation, "identical": identical}));
        }
    }
    let _ = writeln!(out, "parity overall: {}", if all_pass { "PASS" } else { "FAIL" });
    write_json(&b.out, "engine_check.json", &json!({"gpu": name, "seconds": b.seconds, "neurons": net.network.neurons, "results": results, "pass": all_pass}))?;
    if !all_pass {
        return Err(EngineError::Cuda(format!("CPU and GPU disagree beyond tolerance:\n{out}")));
    }
    Ok(out)
}
