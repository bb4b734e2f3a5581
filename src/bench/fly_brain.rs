//! `ett bench fly-brain`: the whole-brain LIF fly (a `FlyWireLif` brain file) closed through the fly body, timed
//! as `ett bench physics` times the worm: body alone, closed loop on one thread, a batch on all threads.
//!
//! FlyWire's table is not shipped (DATA_SOURCES.md), so the brain runs on a GENERATED table in FlyWire's
//! format, of FlyWire's size by default, that names every root id the brain file maps (inputs first, then
//! outputs, then generated ids): the same generator as the engine's benchmark (`engine::synth`, FlyWire's
//! degree and weight statistics), written and read back through FlyWire's format so the timing includes the
//! real loading path. Groups that select cell types get made-up neurons of those types on both sides, written
//! as FlyWire's annotation tables. It times the loop, not the fly: the generated network is not a fly brain.

use crate::config::brain_spec::{BrainModelSpec, BrainSpec, FlyWireLifSpec};
use crate::config::spiking_spec::SpikingBackend;
use crate::config::{load_ron, Scenario};
use crate::config::brain_spec::FlyWireAnnotationsSpec;
use crate::engine::flywire::write_connections_named;
use crate::engine::flywire_annotations::{write_annotations, Annotation, Side};
use crate::engine::synth::{flywire_edges_for, generate, SynthSpec};
use crate::engine::{EngineError, Network};
use crate::runner::RunError;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// A generated network naming a brain file's root ids.
#[derive(Debug, Clone)]
pub struct NamedFixture {
    /// Signed synapse counts.
    pub network: Network,
    /// Inhibitory (GABA/glutamate) neurons.
    pub inhibitory: Vec<bool>,
    /// Root ids of the first neurons: every id the brain file names and every neuron made up for its
    /// cell-type selections, group by group (inputs first), each once.
    pub named_root_ids: Vec<u64>,
    /// Annotations of the made-up neurons (empty where the brain selects no cell type).
    pub annotations: Vec<Annotation>,
}

/// Made-up neurons of each cell type a brain selects, on each side: both sides whatever side the selection
/// asks for, so that picking a side is tested. Each type also gets a midline neuron and a neuron annotated
/// on the left but absent from the connections table, which every selection must leave out.
pub const FIXTURE_NEURONS_PER_TYPE_AND_SIDE: usize = 2;

/// Root ids of made-up typed neurons start here (below `GENERATED_ROOT_ID_BASE`; an id the brain names is skipped).
pub const TYPED_ROOT_ID_BASE: u64 = 720_575_940_500_000_000;

/// Every root id a FlyWire LIF brain names, inputs then outputs, each once, in file order, with made-up
/// neurons (and their annotations) for each cell type it selects, placed with its group; the annotations
/// also list one neuron per type that is not in the table.
pub fn named_root_ids(spec: &FlyWireLifSpec) -> (Vec<u64>, Vec<Annotation>) {
    let named: std::collections::HashSet<u64> = spec.inputs.iter().flat_map(|i| i.root_ids.iter()).chain(spec.outputs.iter().flat_map(|o| o.root_ids.iter())).copied().collect();
    let groups = spec.inputs.iter().map(|i| (&i.root_ids, &i.cell_types)).chain(spec.outputs.iter().map(|o| (&o.root_ids, &o.cell_types)));
    let (mut out, mut annotations): (Vec<u64>, Vec<Annotation>) = (Vec::new(), Vec::new());
    let mut next_typed = TYPED_ROOT_ID_BASE;
    let next_free = |next: &mut u64| {
        while named.contains(next) {
            *next += 1;
        }
        *next += 1;
        *next - 1
    };
    for (ids, selection) in groups {
        for id in ids {
            if !out.contains(id) {
                out.push(*id);
            }
        }
        for cell_type in selection.iter().flat_map(|s| s.types.iter()) {
            for side in [Side::Left, Side::Right] {
                if annotations.iter().any(|a| &a.primary_type == cell_type && a.side == Some(side)) {
                    continue;
                }
                for _ in 0..FIXTURE_NEURONS_PER_TYPE_AND_SIDE {
                    annotations.push(Annotation { root_id: next_free(&mut next_typed), primary_type: cell_type.clone(), side: Some(side) });
                    out.push(annotations[annotations.len() - 1].root_id);
                }
            }
            if annotations.iter().any(|a| &a.primary_type == cell_type && a.side.is_none()) {
                continue;
            }
            // Neurons a selection must leave out: one on the midline (no side), in the table; one annotated
            // but without connections, so not in the table.
            annotations.push(Annotation { root_id: next_free(&mut next_typed), primary_type: cell_type.clone(), side: None });
            out.push(annotations[annotations.len() - 1].root_id);
            annotations.push(Annotation { root_id: next_free(&mut next_typed), primary_type: cell_type.clone(), side: Some(Side::Left) });
        }
    }
    (out, annotations)
}

/// A network of `neurons` with FlyWire's statistics whose first neurons carry the brain's root ids.
pub fn named_fixture(spec: &FlyWireLifSpec, neurons: usize, seed: u64) -> Result<NamedFixture, EngineError> {
    let (named_root_ids, annotations) = named_root_ids(spec);
    if neurons < named_root_ids.len() {
        return Err(EngineError::Model(format!("{neurons} neurons cannot hold the {} root ids the brain names", named_root_ids.len())));
    }
    let synth = generate(&SynthSpec::sized(neurons, flywire_edges_for(neurons), seed))?;
    Ok(NamedFixture { network: synth.network, inhibitory: synth.inhibitory, named_root_ids, annotations })
}

/// Writes a fixture's tables into `dir` (`connections.csv.gz`, and where it has annotations
/// `consolidated_cell_types.csv.gz` and `classification.csv.gz`) and points the brain spec at them.
pub fn write_fixture(dir: &Path, fixture: &NamedFixture, network: &Network, inhibitory: &[bool], lif: &mut FlyWireLifSpec) -> Result<(), EngineError> {
    let absolute = |name: &str| std::path::absolute(dir.join(name)).map_err(|e| EngineError::Io { path: dir.join(name), message: e.to_string() });
    let table = absolute("connections.csv.gz")?;
    write_connections_named(&table, network, inhibitory, &fixture.named_root_ids)?;
    lif.connections = table.display().to_string();
    if !fixture.annotations.is_empty() {
        let (cell_types, classification) = (absolute("consolidated_cell_types.csv.gz")?, absolute("classification.csv.gz")?);
        write_annotations(&cell_types, &classification, &fixture.annotations)?;
        lif.annotations = Some(FlyWireAnnotationsSpec { cell_types: cell_types.display().to_string(), classification: classification.display().to_string() });
    }
    Ok(())
}

/// The FlyWire LIF spec of a brain file, or an error naming the file.
fn lif_spec(brain: &crate::config::Loaded<BrainSpec>) -> Result<&FlyWireLifSpec, RunError> {
    match &brain.spec.model {
        BrainModelSpec::FlyWireLif(lif) => Ok(lif),
        _ => Err(RunError::Request(format!("{}: not a FlyWireLif brain (ett bench fly-brain times the whole-brain LIF fly)", brain.path.display()))),
    }
}

/// Starts the body's head at `start_mm` without jitter. The body is placed from the loaded phases, not from
/// the task spec (a bug here at first: the report said the fly started on the sugar while it started at the
/// task's placement, and the brain was quiet).
pub fn place_at(scenario: &mut Scenario, start_mm: (f64, f64)) -> Result<(), String> {
    let first = scenario.phases.first_mut().ok_or("the task has no phase")?;
    first.placement.head_tip_mm = start_mm;
    first.placement.position_jitter_mm = 0.0;
    Ok(())
}

/// What `ett bench fly-brain` was asked to do.
#[derive(Debug, Clone)]
pub struct FlyBrainBench {
    /// A fly task (its body, arena and control step).
    pub task: PathBuf,
    /// A `FlyWireLif` brain file; its `connections` is replaced by the generated table.
    pub brain: PathBuf,
    /// Neurons of the generated table.
    pub neurons: usize,
    /// Seed of the generated table.
    pub seed: u64,
    /// Simulated seconds per measurement.
    pub seconds: f64,
    /// Animals in the batch measurement.
    pub animals: usize,
    /// Where the head starts, overriding the task's placement (without jitter): e.g. on the food drop of
    /// `odour_foraging`, so that the sugar receptor neurons fire; absent: the task's placement.
    pub start_mm: Option<(f64, f64)>,
    /// Folder for the generated table (kept, so repeated runs can compare); absent: a temporary folder.
    pub out: Option<PathBuf>,
    /// The engine backend, overriding the brain file's.
    pub backend: Option<SpikingBackend>,
    /// Also run the closed loop on the CPU and on GPU 0 and compare them (`parity`); "skipped" without a GPU.
    pub check: bool,
}

/// Generates the table, loads the brain on it, and times the closed loop; returns the report.
pub fn run(bench: &FlyBrainBench) -> Result<String, RunError> {
    let brain = load_ron::<BrainSpec>(&bench.brain)?;
    let backend = bench.backend.unwrap_or(lif_spec(&brain)?.backend);
    if backend == SpikingBackend::Cuda {
        if let Err(e) = crate::engine::cuda::device_name() {
            // As the engine's GPU benchmarks: the GPU script runs on machines with and without a device.
            return Ok(format!("ett bench fly-brain on the GPU: skipped: no CUDA device ({e})\n"));
        }
    }
    let fixture = named_fixture(lif_spec(&brain)?, bench.neurons, bench.seed).map_err(|e| RunError::Request(e.to_string()))?;
    // Without `--out` the table goes to a folder of this process under the system's temporary folder,
    // removed at the end (about 1 GB of text at FlyWire's size, gzip-compressed).
    let dir = bench.out.clone().unwrap_or_else(|| std::env::temp_dir().join(format!("ett_fly_brain_{}", std::process::id())));
    std::fs::create_dir_all(&dir).map_err(|e| RunError::Request(format!("{}: {e}", dir.display())))?;
    let result = time_on_table(bench, brain, fixture, &dir);
    if bench.out.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

fn time_on_table(bench: &FlyBrainBench, mut brain: crate::config::Loaded<BrainSpec>, fixture: NamedFixture, dir: &std::path::Path) -> Result<String, RunError> {
    let t0 = Instant::now();
    let mut lif = lif_spec(&brain)?.clone();
    write_fixture(dir, &fixture, &fixture.network, &fixture.inhibitory, &mut lif).map_err(|e| RunError::Request(e.to_string()))?;
    let table = PathBuf::from(&lif.connections);
    let write_s = t0.elapsed().as_secs_f64();
    let edges = fixture.network.edges();
    drop(fixture);
    lif.backend = bench.backend.unwrap_or(lif.backend);
    brain.spec.model = BrainModelSpec::FlyWireLif(lif);
    let t0 = Instant::now();
    // Held for the whole benchmark: every brain built from here on shares this copy (one read of the table).
    let _connectome = crate::brain::flywire_lif::shared_connectome(&table).map_err(|e| RunError::Request(e.to_string()))?;
    let mut scenario = Scenario::load(&bench.task, None)?.with_brain(brain)?;
    if let Some(start) = bench.start_mm {
        place_at(&mut scenario, start).map_err(|m| RunError::Request(format!("{}: {m}", bench.task.display())))?;
    }
    // Reading the table and building the first animal's brain: timed apart from the loop.
    crate::sim::Episode::new(&scenario, 1, 0, bench.seconds)?;
    let load_s = t0.elapsed().as_secs_f64();
    let backend = lif_spec(&scenario.brain)?.backend;
    let mut report = format!(
        "ett bench fly-brain: {} on a GENERATED FlyWire-format table ({} neurons, {edges} connected pairs, seed {}; \
         written in {write_s:.1} s, read and the brain built in {load_s:.1} s): not a fly brain, a timing fixture\n\
         backend: {backend:?}\n",
        bench.brain.display(), bench.neurons, bench.seed
    );
    if let Some((x, y)) = bench.start_mm {
        report.push_str(&format!("the head starts at ({x}, {y}) mm\n"));
    }
    // One thread, as labelled: the engine spreads its update over rayon's threads when many neurons are active.
    let single = rayon::ThreadPoolBuilder::new().num_threads(1).build().map_err(|e| RunError::Request(e.to_string()))?;
    report.push_str(&single.install(|| brain_alone(&scenario.brain, scenario.task.spec.dt_control_s, bench.seconds))?);
    report.push_str(&super::physics_of(&scenario, &bench.task, bench.seconds, bench.animals)?);
    if bench.check {
        report.push_str(&super::fly_brain_parity::parity(&scenario, bench.seconds)?);
    }
    Ok(report)
}

/// The brain alone on one thread with every input at its cap (every input neuron at 150 Hz),
/// stepped in the task's control steps: seconds per simulated second, and how much of the network fired (so
/// a reader can tell a quiet network's cost from an active one's).
fn brain_alone(brain: &crate::config::Loaded<BrainSpec>, dt_control_s: f64, seconds: f64) -> Result<String, RunError> {
    use crate::brain::Brain;
    let spec = lif_spec(brain)?;
    let mut lif = crate::brain::flywire_lif::FlyWireLifBrain::new(brain, spec, 0)?;
    let input = crate::buffers::NeuralInput { drive: vec![1.0e6; spec.inputs.len()] };
    let mut output = crate::buffers::NeuralOutput::default();
    let steps_per_control = (dt_control_s / brain.spec.dt_s).round().max(1.0) as usize;
    let controls = (seconds / dt_control_s).round().max(1.0) as usize;
    let t0 = Instant::now();
    for _ in 0..controls {
        lif.step_n(&input, steps_per_control, brain.spec.dt_s, &mut output);
    }
    let wall_s = t0.elapsed().as_secs_f64();
    let simulated_s = (controls * steps_per_control) as f64 * brain.spec.dt_s;
    let counts = lif.spike_counts();
    let spikes: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    let firing = counts.iter().filter(|&&c| c > 0).count();
    Ok(format!(
        "brain alone, every input at its cap, 1 thread: {:.3} s per simulated second; {:.0} spikes per simulated second, {firing} of {} neurons fired; drives {:?}\n",
        wall_s / simulated_s, spikes as f64 / simulated_s, counts.len(), output.activity.iter().map(|d| (d * 1000.0).round() / 1000.0).collect::<Vec<_>>()
    ))
}
