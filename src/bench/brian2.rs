//! Brian2 as the CPU peer: ett writes the network and its exact Poisson drive events to files, runs
//! `scripts/brian2_bench.py` in `.venv-brian2` (made by `scripts/setup_brian2.sh`) and reads back the
//! per-neuron spike counts and the wall time of `run`, so both simulators see the same inputs.

use crate::engine::counter::poisson_hit;
use crate::engine::{EngineError, Network, RunSpec};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python interpreter of the Brian2 environment (override with ETT_BRIAN2_PYTHON).
pub fn python() -> PathBuf {
    std::env::var_os("ETT_BRIAN2_PYTHON").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(".venv-brian2/bin/python"))
}

/// What Brian2 reported.
#[derive(Debug, Clone)]
pub struct Brian2Outcome {
    /// Code generation target used (cython or numpy).
    pub target: String,
    /// Wall time of building the network.
    pub setup_wall_s: f64,
    /// Wall time of `run` for the simulated duration (after a short warm-up run).
    pub run_wall_s: f64,
    /// Spikes per neuron.
    pub counts: Vec<u32>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> EngineError + '_ {
    move |e| EngineError::Io { path: path.to_path_buf(), message: e.to_string() }
}

fn write_u32(path: &Path, values: impl Iterator<Item = u32>) -> Result<(), EngineError> {
    let bytes: Vec<u8> = values.flat_map(|v| v.to_le_bytes()).collect();
    std::fs::write(path, bytes).map_err(io(path))
}

/// Writes the inputs, runs Brian2 (at most `ETT_BRIAN2_TIMEOUT_S`, default 1800 s) and reads its counts.
pub fn run(net: &Network, spec: &RunSpec, steps: u32, out: &Path) -> Result<Brian2Outcome, EngineError> {
    let python = python();
    if !python.exists() {
        return Err(EngineError::Model(format!("not run: {} does not exist (run scripts/setup_brian2.sh)", python.display())));
    }
    let script = Path::new("scripts/brian2_bench.py");
    if !script.exists() {
        return Err(EngineError::Model("not run: scripts/brian2_bench.py not found (run from the repository root)".into()));
    }
    let dir = out.join("brian2");
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let sources = (0..net.neurons).flat_map(|i| std::iter::repeat_n(i as u32, net.row(i).0.len()));
    write_u32(&dir.join("sources.u32"), sources)?;
    write_u32(&dir.join("targets.u32"), net.targets.iter().copied())?;
    write_u32(&dir.join("weights.i32"), net.weights.iter().map(|&w| w as u32))?;
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
    let p = &spec.params;
    let meta = serde_json::json!({
        "neurons": net.neurons, "steps": steps, "dt_ms": p.dt_ms, "v_rest_mv": p.v_rest_mv, "v_reset_mv": p.v_reset_mv,
        "v_threshold_mv": p.v_threshold_mv, "tau_m_ms": p.tau_m_ms, "tau_syn_ms": p.tau_syn_ms, "refractory_ms": p.refractory_ms,
        "delay_ms": p.delay_ms, "w_syn_mv": p.w_syn_mv, "poisson_weight_mv": p.poisson_weight_mv,
    });
    let meta_path = dir.join("meta.json");
    std::fs::write(&meta_path, meta.to_string()).map_err(io(&meta_path))?;

    let timeout = std::env::var("ETT_BRIAN2_TIMEOUT_S").unwrap_or_else(|_| "1800".into());
    let output = Command::new("timeout").arg(&timeout).arg(&python).arg(script).arg(&dir).output().map_err(io(&python))?;
    if !output.status.success() {
        let tail: String = String::from_utf8_lossy(&output.stderr).lines().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join(" | ");
        let why = if output.status.code() == Some(124) { format!("timed out after {timeout} s") } else { format!("failed ({})", output.status) };
        return Err(EngineError::Model(format!("{why}: {tail}")));
    }
    let result_path = dir.join("result.json");
    let text = std::fs::read_to_string(&result_path).map_err(io(&result_path))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| EngineError::Io { path: result_path.clone(), message: e.to_string() })?;
    let counts_path = dir.join("counts.u32");
    let bytes = std::fs::read(&counts_path).map_err(io(&counts_path))?;
    Ok(Brian2Outcome {
        target: v["target"].as_str().unwrap_or("?").to_string(),
        setup_wall_s: v["setup_wall_s"].as_f64().unwrap_or(f64::NAN),
        run_wall_s: v["run_wall_s"].as_f64().unwrap_or(f64::NAN),
        counts: bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect(),
    })
}
