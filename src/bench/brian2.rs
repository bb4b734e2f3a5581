//! Brian2 as the CPU peer: ett writes the network (and, for the bench, its exact Poisson drive events) to
//! files, runs a script of `scripts/` in `.venv-brian2` (made by `scripts/setup_brian2.sh`) and reads back
//! the per-neuron spike counts and the wall time of the run. `run` (the bench) feeds Brian2 ett's drive
//! events; `run_trials` (the parity check) lets Brian2 draw its own Poisson drive.

use crate::engine::counter::poisson_hit;
use crate::engine::{EngineError, Network, RunSpec};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python interpreter of the Brian2 environment (override with ETT_BRIAN2_PYTHON).
pub fn python() -> PathBuf {
    std::env::var_os("ETT_BRIAN2_PYTHON").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(".venv-brian2/bin/python"))
}

/// Why Brian2 cannot run here, or None when its environment and scripts are in place.
pub fn unavailable() -> Option<String> {
    let python = python();
    if !python.exists() {
        return Some(format!("{} does not exist (run bash scripts/setup_brian2.sh)", python.display()));
    }
    if !Path::new("scripts/brian2_shiu.py").exists() {
        return Some("scripts/brian2_shiu.py not found (run from the repository root)".into());
    }
    None
}

/// How Brian2 generates code: `numpy`, `cython` or C++ `standalone` with `threads` OpenMP threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Brian2Target {
    /// numpy, cython or standalone.
    pub name: String,
    /// OpenMP threads of the standalone target (ignored by the others).
    pub threads: usize,
}

impl std::str::FromStr for Brian2Target {
    type Err = String;

    /// `numpy`, `cython`, `standalone` (one thread) or `standalone:N` (N OpenMP threads).
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, threads) = s.split_once(':').unwrap_or((s, "1"));
        let threads: usize = threads.parse().map_err(|_| format!("bad thread count in Brian2 target {s:?}"))?;
        match name {
            "numpy" | "cython" | "standalone" if threads >= 1 => Ok(Brian2Target { name: name.into(), threads }),
            _ => Err(format!("Brian2 target {s:?}: expected numpy, cython, standalone or standalone:N (N >= 1)")),
        }
    }
}

/// What Brian2 reported.
#[derive(Debug, Clone)]
pub struct Brian2Outcome {
    /// Code generation target used, as the script names it.
    pub target: String,
    /// Wall time of building (and compiling) the network.
    pub setup_wall_s: f64,
    /// Wall time of the simulation loop for the simulated duration (standalone, one thread: of the whole
    /// program, which also loads the synapses; the target's name says so).
    pub run_wall_s: f64,
    /// CPU time of the run (standalone, one thread: of the loop alone; with OpenMP: of the whole program).
    pub run_cpu_s: f64,
    /// Spikes per neuron (trial-major when there are several trials).
    pub counts: Vec<u32>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> EngineError + '_ {
    move |e| EngineError::Io { path: path.to_path_buf(), message: e.to_string() }
}

fn write_u32(path: &Path, values: impl Iterator<Item = u32>) -> Result<(), EngineError> {
    let bytes: Vec<u8> = values.flat_map(|v| v.to_le_bytes()).collect();
    std::fs::write(path, bytes).map_err(io(path))
}

/// Writes the edges and meta.json (the model's parameters plus `extra`) into `dir`.
fn write_network(net: &Network, spec: &RunSpec, steps: u32, dir: &Path, extra: Value) -> Result<(), EngineError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let sources = (0..net.neurons).flat_map(|i| std::iter::repeat_n(i as u32, net.row(i).0.len()));
    write_u32(&dir.join("sources.u32"), sources)?;
    write_u32(&dir.join("targets.u32"), net.targets.iter().copied())?;
    write_u32(&dir.join("weights.i32"), net.weights.iter().map(|&w| w as u32))?;
    let p = &spec.params;
    let mut meta = json!({
        "neurons": net.neurons, "steps": steps, "dt_ms": p.dt_ms, "v_rest_mv": p.v_rest_mv, "v_reset_mv": p.v_reset_mv,
        "v_threshold_mv": p.v_threshold_mv, "tau_m_ms": p.tau_m_ms, "tau_syn_ms": p.tau_syn_ms, "refractory_ms": p.refractory_ms,
        "delay_ms": p.delay_ms, "w_syn_mv": p.w_syn_mv, "poisson_weight_mv": p.poisson_weight_mv,
    });
    if let (Some(meta), Value::Object(extra)) = (meta.as_object_mut(), extra) {
        meta.extend(extra);
    }
    let meta_path = dir.join("meta.json");
    std::fs::write(&meta_path, meta.to_string()).map_err(io(&meta_path))
}

/// Runs `scripts/SCRIPT DIR` (at most `ETT_BRIAN2_TIMEOUT_S`, default 1800 s) and reads result.json and counts.u32.
fn invoke(script: &str, dir: &Path, target: &Brian2Target) -> Result<Brian2Outcome, EngineError> {
    if let Some(why) = unavailable() {
        return Err(EngineError::Model(format!("not run: {why}")));
    }
    let python = python();
    let timeout = std::env::var("ETT_BRIAN2_TIMEOUT_S").unwrap_or_else(|_| "1800".into());
    let output = Command::new("timeout")
        .arg(&timeout)
        .arg(&python)
        .arg(Path::new("scripts").join(script))
        .arg(dir)
        .env("ETT_BRIAN2_TARGET", &target.name)
        .env("ETT_BRIAN2_THREADS", target.threads.to_string())
        .output()
        .map_err(io(&python))?;
    if !output.status.success() {
        let tail: String = String::from_utf8_lossy(&output.stderr).lines().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join(" | ");
        let why = if output.status.code() == Some(124) { format!("timed out after {timeout} s") } else { format!("failed ({})", output.status) };
        return Err(EngineError::Model(format!("{script} {why}: {tail}")));
    }
    let result_path = dir.join("result.json");
    let text = std::fs::read_to_string(&result_path).map_err(io(&result_path))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| EngineError::Io { path: result_path.clone(), message: e.to_string() })?;
    let counts_path = dir.join("counts.u32");
    let bytes = std::fs::read(&counts_path).map_err(io(&counts_path))?;
    Ok(Brian2Outcome {
        target: v["target"].as_str().unwrap_or("?").to_string(),
        setup_wall_s: v["setup_wall_s"].as_f64().unwrap_or(f64::NAN),
        run_wall_s: v["run_wall_s"].as_f64().unwrap_or(f64::NAN),
        run_cpu_s: v["run_cpu_s"].as_f64().unwrap_or(f64::NAN),
        counts: bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
    })
}

/// The bench: Brian2 on ett's exact drive events of instance `spec.first_instance`, in `out/brian2-TARGET`.
pub fn run(net: &Network, spec: &RunSpec, steps: u32, out: &Path, target: &Brian2Target) -> Result<Brian2Outcome, EngineError> {
    let dir = out.join(format!("brian2-{}-{}", target.name, target.threads));
    write_network(net, spec, steps, &dir, json!({}))?;
    let thresholds = spec.drive_thresholds(net.neurons)?;
    let mut events: Vec<(u32, u32)> = Vec::new();
    for &n in &spec.drive_neurons {
        for t in 0..steps {
            if poisson_hit(spec.seed, spec.first_instance, n, t, thresholds[n as usize]) {
                events.push((n, t));
            }
        }
    }
    write_u32(&dir.join("drive_neurons.u32"), events.iter().map(|e| e.0))?;
    write_u32(&dir.join("drive_steps.u32"), events.iter().map(|e| e.1))?;
    invoke("brian2_bench.py", &dir, target)
}

/// The parity check: `trials` independent trials with Brian2's own Poisson drive (seeded by `spec.seed`)
/// of `spec.drive_neurons` at `spec.drive_rate_hz`, in `out/brian2`; counts come back trial-major.
pub fn run_trials(net: &Network, spec: &RunSpec, steps: u32, trials: usize, out: &Path, target: &Brian2Target) -> Result<Brian2Outcome, EngineError> {
    let dir = out.join("brian2");
    write_network(net, spec, steps, &dir, json!({"trials": trials, "rate_hz": spec.drive_rate_hz, "seed": spec.seed}))?;
    write_u32(&dir.join("driven.u32"), spec.drive_neurons.iter().copied())?;
    let outcome = invoke("brian2_parity.py", &dir, target)?;
    if outcome.counts.len() != trials * net.neurons {
        return Err(EngineError::Model(format!("brian2_parity.py returned {} counts for {trials} trials of {} neurons", outcome.counts.len(), net.neurons)));
    }
    Ok(outcome)
}
