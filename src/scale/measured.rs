//! Measured mode: throughputs from `ett bench brain` on the machine at hand (its `bench_brain.json`)
//! turned into the wall time one biological second of a larger or smaller brain would take there.

use super::costs::engine_costs;
use super::estimate::{requirements, Timing, Workload};
use super::models::{NeuronKind, SynapseKind};
use super::ScaleError;
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The file `ett bench brain --out DIR` writes.
pub const BENCH_FILE: &str = "bench_brain.json";

/// One timed engine of a bench run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchRow {
    /// Engine label as the bench printed it.
    pub label: String,
    /// Instances run together.
    pub instances: f64,
    /// Wall time of the whole run.
    pub wall_s: f64,
    /// Neuron updates done (all instances).
    pub neuron_updates: f64,
    /// Connections delivered (all instances).
    pub synaptic_events: f64,
    /// (update phase, propagation phase) wall times, where the engine measured them.
    pub phase_wall_s: Option<(f64, f64)>,
}

/// A bench run: the network, its timing and activity, and its rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchRun {
    /// The file read.
    pub path: PathBuf,
    /// The benched network as a workload.
    pub workload: Workload,
    /// Its step, measured mean rate and delay.
    pub timing: Timing,
    /// Biological seconds per row.
    pub seconds: f64,
    /// Timed engines.
    pub rows: Vec<BenchRow>,
}

/// What a bench row predicts for one workload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// Engine label.
    pub label: String,
    /// `phases` (update and propagation timed apart) or `traffic-proportional` (whole wall time scaled by
    /// modelled memory traffic, for engines that do not time their phases).
    pub method: &'static str,
    /// Measured neuron updates per wall second, over the whole run.
    pub neuron_updates_per_s: f64,
    /// Measured connections delivered per wall second, over the whole run.
    pub synaptic_events_per_s: f64,
    /// Modelled memory traffic of the bench divided by its measured wall time.
    pub bytes_per_s: f64,
    /// Predicted wall seconds per biological second of one instance of the workload.
    pub wall_s_per_bio_s: f64,
}

fn number(v: &Value, key: &str, path: &Path) -> Result<f64, ScaleError> {
    v.get(key).and_then(Value::as_f64).ok_or_else(|| ScaleError::Bench {
        path: path.to_path_buf(),
        message: format!("no number `{key}` (written by an older ett? rerun `ett bench brain --out DIR`)"),
    })
}

/// Reads `DIR/bench_brain.json`.
pub fn read(dir: &Path) -> Result<BenchRun, ScaleError> {
    let path = dir.join(BENCH_FILE);
    let bad = |message: String| ScaleError::Bench { path: path.clone(), message };
    let text = std::fs::read_to_string(&path).map_err(|e| bad(format!("cannot read: {e} (run `ett bench brain --out {}` first)", dir.display())))?;
    let v: Value = serde_json::from_str(&text).map_err(|e| bad(format!("not JSON: {e}")))?;
    let neurons = number(&v, "neurons", &path)?;
    let workload = Workload { label: "bench".into(), neurons, synapses: number(&v, "synapses", &path)?, connections: number(&v, "edges", &path)?, gap_junctions: 0.0 };
    let timing = Timing { dt_ms: number(&v, "dt_ms", &path)?, rate_hz: number(&v, "mean_firing_rate_hz", &path)?, delay_ms: number(&v, "delay_ms", &path)? };
    let rows = v.get("rows").and_then(Value::as_array).ok_or_else(|| bad("no `rows` list".into()))?;
    let mut out = Vec::new();
    for r in rows {
        let phases = match (r.get("update_wall_s").and_then(Value::as_f64), r.get("propagate_wall_s").and_then(Value::as_f64)) {
            (Some(u), Some(p)) => Some((u, p)),
            _ => None,
        };
        out.push(BenchRow {
            label: r.get("label").and_then(Value::as_str).unwrap_or("?").to_string(),
            instances: number(r, "instances", &path)?,
            wall_s: number(r, "wall_s", &path)?,
            neuron_updates: number(r, "neuron_updates", &path)?,
            synaptic_events: number(r, "synaptic_events", &path)?,
            phase_wall_s: phases,
        });
    }
    if out.is_empty() {
        return Err(bad("no timed rows".into()));
    }
    let seconds = number(&v, "seconds", &path)?;
    Ok(BenchRun { path, workload, timing, seconds, rows: out })
}

/// Checks that the plan is the model the bench timed (`ett bench brain` runs the Shiu LIF engine).
pub fn check_model(neuron: NeuronKind, synapse: SynapseKind) -> Result<(), ScaleError> {
    if neuron != NeuronKind::Lif || synapse != SynapseKind::Static {
        return Err(ScaleError::Request(format!(
            "--from-bench reads `ett bench brain`, which times the LIF engine with static synapses; got --model {} --synapse {}",
            neuron.name(),
            synapse.name()
        )));
    }
    Ok(())
}

/// Predicts, from every row of `bench`, the wall time per biological second of `target` at `timing`.
pub fn predict(bench: &BenchRun, target: &Workload, timing: &Timing) -> Result<Vec<Prediction>, ScaleError> {
    let costs = engine_costs(NeuronKind::Lif, SynapseKind::Static)?;
    let want = requirements(target, &costs, timing, false);
    let had = requirements(&bench.workload, &costs, &bench.timing, false);
    let mut out = Vec::new();
    for row in &bench.rows {
        let instance_s = row.instances * bench.seconds;
        let (method, wall) = match row.phase_wall_s {
            Some((update_s, propagate_s)) if row.neuron_updates > 0.0 => {
                // No spikes delivered in the bench: no propagation cost measured, so none predicted.
                let per_event = if row.synaptic_events > 0.0 { propagate_s / row.synaptic_events } else { 0.0 };
                ("phases", want.neuron_updates_per_s * update_s / row.neuron_updates + want.synaptic_events_per_s * per_event)
            }
            _ => ("traffic-proportional", row.wall_s / instance_s * want.traffic_bytes_per_s / had.traffic_bytes_per_s),
        };
        out.push(Prediction {
            label: row.label.clone(),
            method,
            neuron_updates_per_s: row.neuron_updates / row.wall_s,
            synaptic_events_per_s: row.synaptic_events / row.wall_s,
            bytes_per_s: had.traffic_bytes_per_s * instance_s / row.wall_s,
            wall_s_per_bio_s: wall,
        });
    }
    Ok(out)
}
