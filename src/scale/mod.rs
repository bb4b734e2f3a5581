//! `ett scale`: what emulating a brain from worm to human costs, in operations, memory, memory traffic
//! and spike traffic per biological second, and how many devices of a kind real time needs under each
//! wall. Per-element costs are counted from the engine (`costs`) or read from a file (`cost_file`);
//! species and devices are data (`catalog`); measured mode scales `ett bench brain` figures (`measured`).
//!
//! The pipeline, in `run`: load the data, pick the costs, then per brain `estimate::requirements`,
//! `partition::walls` and the spike traffic over the chosen partitions, and the measured predictions.

pub mod catalog;
pub mod cost_file;
pub mod costs;
mod error;
pub mod estimate;
pub mod measured;
pub mod models;
pub mod partition;
pub mod plot;
pub mod report;

pub use error::ScaleError;

use catalog::{Catalog, Device};
use costs::Costs;
use estimate::{Requirements, Timing, Workload};
use measured::{BenchRun, Prediction};
use models::{NeuronKind, SynapseKind};
use partition::{Precision, Walls};
use serde::Serialize;
use std::path::PathBuf;

/// Everything `ett scale` is asked.
#[derive(Debug, Clone)]
pub struct ScaleRequest {
    /// Species to tabulate (empty: every species in the file, unless `explicit` is given).
    pub species: Vec<String>,
    /// Explicit counts instead of a preset: (neurons, synapses, connections or None for one per synapse).
    pub explicit: Option<(f64, f64, Option<f64>)>,
    /// Neuron model.
    pub neuron: NeuronKind,
    /// Synapse model.
    pub synapse: SynapseKind,
    /// Step, rate and delay.
    pub timing: Timing,
    /// Device kind name.
    pub device: String,
    /// Which peak rate of the device applies.
    pub precision: Precision,
    /// Partitions for the spike traffic (default: the devices needed).
    pub partitions: Option<f64>,
    /// Fraction of connections crossing partitions (default: a random split, (G - 1) / G).
    pub cross_fraction: Option<f64>,
    /// Cost file used instead of the engine's counts.
    pub costs_file: Option<PathBuf>,
    /// Folder holding `bench_brain.json` for measured mode.
    pub from_bench: Option<PathBuf>,
    /// Species presets.
    pub species_file: PathBuf,
    /// Device kinds.
    pub devices_file: PathBuf,
}

/// One brain's figures.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The brain.
    pub workload: Workload,
    /// Work per biological second.
    pub requirements: Requirements,
    /// Partitions the spike traffic is computed for.
    pub partitions: f64,
    /// Fraction of connections crossing partitions.
    pub cross_fraction: f64,
    /// Bytes per biological second sent between partitions, all together.
    pub spike_traffic_bytes_per_s: f64,
    /// The same per device.
    pub spike_traffic_bytes_per_s_per_device: f64,
    /// Devices needed under each wall.
    pub walls: Walls,
    /// Measured-mode predictions, one per bench row.
    pub measured: Vec<Prediction>,
}

/// The answer.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleReport {
    /// Neuron model.
    pub neuron: NeuronKind,
    /// Synapse model.
    pub synapse: SynapseKind,
    /// Step, rate and delay.
    pub timing: Timing,
    /// Per-element costs used.
    pub costs: Costs,
    /// Where they come from.
    pub cost_source: String,
    /// Device kind of the walls.
    pub device: Device,
    /// Peak rate used.
    pub precision: Precision,
    /// One row per brain, in request order.
    pub rows: Vec<Row>,
    /// The bench read in measured mode.
    pub bench: Option<BenchRun>,
    /// (path, sha256) of every input file, for the manifest.
    pub input_files: Vec<(String, String)>,
}

fn workloads(request: &ScaleRequest, catalog: &Catalog) -> Result<Vec<Workload>, ScaleError> {
    if let Some((neurons, synapses, connections)) = request.explicit {
        let connections = connections.unwrap_or(synapses);
        if !(neurons >= 1.0 && synapses >= 0.0 && connections >= 0.0 && neurons.is_finite() && synapses.is_finite() && connections.is_finite()) {
            return Err(ScaleError::Request(format!("explicit counts must be finite, neurons at least 1: got {neurons} neurons, {synapses} synapses, {connections} connections")));
        }
        return Ok(vec![Workload { label: "explicit".into(), neurons, synapses, connections, gap_junctions: 0.0 }]);
    }
    if request.species.is_empty() {
        return Ok(catalog.species.iter().map(Workload::of).collect());
    }
    request.species.iter().map(|name| catalog.species(name).map(Workload::of)).collect()
}

/// Computes the figures for every requested brain.
pub fn run(request: &ScaleRequest) -> Result<ScaleReport, ScaleError> {
    let t = request.timing;
    t.check()?;
    if let Some(f) = request.cross_fraction.filter(|f| !(0.0..=1.0).contains(f)) {
        return Err(ScaleError::Request(format!("--cross-fraction must lie in [0, 1], got {f}")));
    }
    if let Some(g) = request.partitions.filter(|g| !(*g >= 1.0 && g.is_finite())) {
        return Err(ScaleError::Request(format!("--partitions must be at least 1, got {g}")));
    }
    let catalog = Catalog::load(&request.species_file, &request.devices_file)?;
    let device = catalog.device(&request.device)?.clone();
    let mut input_files = catalog.files.clone();
    let (costs, cost_source) = match &request.costs_file {
        Some(path) => {
            let file = cost_file::load(path)?;
            input_files.push((file.path.display().to_string(), file.sha256.clone()));
            (cost_file::lookup(&file, request.neuron, request.synapse)?, format!("{}: {}", path.display(), file.spec.source))
        }
        None => (costs::engine_costs(request.neuron, request.synapse)?, "counted from the engine's update code and data layouts (src/scale/costs.rs)".to_string()),
    };
    let bench = match &request.from_bench {
        Some(dir) => {
            measured::check_model(request.neuron, request.synapse)?;
            let run = measured::read(dir)?;
            input_files.push((run.path.display().to_string(), crate::config::hash_file(&run.path)?));
            Some(run)
        }
        None => None,
    };
    let graded = request.neuron.is_graded();
    let mut rows = Vec::new();
    for w in workloads(request, &catalog)? {
        let r = estimate::requirements(&w, &costs, &t, graded);
        let spike_bytes = |g: f64| partition::spike_traffic_bytes_per_s(&r, &w, &costs, g, request.cross_fraction);
        let walls = partition::walls(&r, &device, request.precision, spike_bytes);
        let partitions = request.partitions.unwrap_or_else(|| walls.needed.unwrap_or(walls.memory.max(walls.bandwidth).max(walls.compute)));
        let spike = spike_bytes(partitions);
        let measured = match &bench {
            Some(b) => measured::predict(b, &w, &t)?,
            None => Vec::new(),
        };
        rows.push(Row {
            cross_fraction: request.cross_fraction.unwrap_or_else(|| partition::random_cross_fraction(partitions)),
            spike_traffic_bytes_per_s: spike,
            spike_traffic_bytes_per_s_per_device: spike / partitions,
            workload: w,
            requirements: r,
            partitions,
            walls,
            measured,
        });
    }
    Ok(ScaleReport { neuron: request.neuron, synapse: request.synapse, timing: t, costs, cost_source, device, precision: request.precision, rows, bench, input_files })
}
