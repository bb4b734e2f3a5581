//! The whole-brain fly in the closed loop: Shiu et al. 2024's LIF model on a FlyWire connectome, run by the
//! engine's CPU backend (`engine::cpu`) or its CUDA backend (`engine::cuda`, one instance per animal, steps
//! launched in minimum-delay windows). Each sensory channel sets the Poisson rate of its FlyWire neurons
//! (root ids, or cell types and sides from FlyWire's annotation tables) for the next control step; each output group's spikes are filtered into a mean firing rate,
//! and the weighted rates make the walking decoder's descending drives.
//!
//! The connectome is read once per process and shared by every animal's brain (a FlyWire table is
//! 15 million rows); each animal gets its own Poisson stream.

use super::fly_navigator::OUTPUT_NAMES;
use super::Brain;
use crate::buffers::{NeuralInput, NeuralOutput};
use crate::config::brain_spec::BrainSpec;
use crate::config::flywire_lif_spec::{CellTypeSelection, FlyWireLifSpec};
use crate::config::scenario::relative_to;
use crate::config::{ConfigError, Loaded};
use crate::config::spiking_spec::SpikingBackend;
use crate::engine::cpu::CpuEngine;
use crate::engine::cuda::{CudaEngine, Launch};
use crate::engine::flywire::read_connections;
use crate::engine::flywire_annotations::{read_annotations, Annotations};
use crate::engine::{EngineError, Network, RunSpec};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// A sensory channel's neurons and rate scale.
struct InputGroup {
    name: String,
    neurons: Vec<u32>,
    rate_hz_per_unit: f64,
    max_rate_hz: f64,
}

/// An output group's neurons, its descending channel and its filtered rate.
struct OutputGroup {
    name: String,
    channel: usize,
    neurons: Vec<u32>,
    gain_per_hz: f64,
    rate_hz: f64,
    last_count: u64,
}

/// The engine of one animal's brain.
enum LifEngine {
    /// rayon on the CPU.
    Cpu(CpuEngine<'static>),
    /// GPU 0, with the spike counts last copied back.
    Cuda { engine: SendCuda, counts: Vec<u32> },
}

/// A CUDA engine that moves between threads with its brain (only `LifEngine::run` launches it, never with a graph).
struct SendCuda(Box<CudaEngine>);

// Safety: every field of CudaEngine is Send except its optional captured CUDA graph, and the closed loop never
// captures one (it launches windows without a graph). The engine is owned by one brain and used by one thread
// at a time; cudarc makes the context current before each driver call.
unsafe impl Send for SendCuda {}

/// Windows of the minimum delay, launched one by one (no graph: see `SendCuda`).
const CLOSED_LOOP_LAUNCH: Launch = Launch::Window { graph_windows: 0 };

impl LifEngine {
    fn set_drive_rates(&mut self, neurons: &[u32], rates_hz: &[f64]) -> Result<(), EngineError> {
        match self {
            LifEngine::Cpu(e) => e.set_drive_rates(neurons, rates_hz),
            LifEngine::Cuda { engine, .. } => engine.0.set_drive_rates(neurons, rates_hz),
        }
    }

    /// Advances `steps` steps; afterwards `counts` holds every neuron's spikes so far.
    fn run(&mut self, steps: u32) -> Result<(), EngineError> {
        match self {
            LifEngine::Cpu(e) => {
                e.run(steps);
                Ok(())
            }
            LifEngine::Cuda { engine, counts } => {
                engine.0.run(steps, CLOSED_LOOP_LAUNCH)?;
                *counts = engine.0.spike_counts(0)?;
                Ok(())
            }
        }
    }

    fn counts(&self) -> &[u32] {
        match self {
            LifEngine::Cpu(e) => e.spike_counts(0),
            LifEngine::Cuda { counts, .. } => counts,
        }
    }
}

/// One animal's whole-brain fly.
pub struct FlyWireLifBrain {
    engine: LifEngine,
    /// Held so that brains built while this one lives share the table instead of reading it again.
    _connectome: Arc<SharedConnectome>,
    /// Held for the same reason (none where no group selects cell types).
    _annotations: Option<Arc<Annotations>>,
    input_names: Vec<String>,
    output_names: Vec<String>,
    inputs: Vec<InputGroup>,
    outputs: Vec<OutputGroup>,
    rate_tau_s: f64,
    rates_scratch: Vec<f64>,
}

/// A FlyWire connectome as the brains of one process share it.
pub struct SharedConnectome {
    /// Root id of each neuron index, ascending.
    pub root_ids: Vec<u64>,
    /// Signed synapse counts by presynaptic neuron.
    pub network: Arc<Network>,
}

impl SharedConnectome {
    /// Index of a root id.
    pub fn index_of(&self, root_id: u64) -> Option<u32> {
        self.root_ids.binary_search(&root_id).ok().map(|i| i as u32)
    }
}

/// Tables already read by this process, by path; each is dropped when nothing holds it.
type Cache<T> = OnceLock<Mutex<HashMap<Vec<TableVersion>, Slot<T>>>>;

/// One set of tables' copy; its own lock is held while the set is read, so that threads wanting other
/// tables (or only looking one up) do not wait on the read.
type Slot<T> = Arc<Mutex<Weak<T>>>;

/// A table as read: its path, length and modification time, so that an edited file is read anew rather
/// than served from a copy another run still holds.
type TableVersion = (PathBuf, u64, Option<std::time::SystemTime>);

/// How many times this process has read each set of tables (see [`times_read`]).
static READS: OnceLock<Mutex<HashMap<Vec<TableVersion>, usize>>> = OnceLock::new();

fn versions(paths: &[&Path]) -> Vec<TableVersion> {
    paths.iter().map(|p| {
        let meta = std::fs::metadata(p).ok();
        (p.canonicalize().unwrap_or_else(|_| p.to_path_buf()), meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok()))
    }).collect()
}

/// How many times this process has read these tables as they are now (the connections alone, or cell types
/// and classification together): once per run where the run holds them, see [`preload`].
pub fn times_read(paths: &[&Path]) -> usize {
    READS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner()).get(&versions(paths)).copied().unwrap_or(0)
}

/// The copy of `paths` this process holds, or a new one from `read`.
fn shared<T, E>(cache: &'static Cache<T>, paths: &[&Path], read: impl FnOnce() -> Result<T, E>) -> Result<Arc<T>, E> {
    let key = versions(paths);
    let slot: Slot<T> = cache.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner()).entry(key.clone()).or_default().clone();
    let mut held = slot.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(value) = held.upgrade() {
        return Ok(value);
    }
    *READS.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner()).entry(key).or_default() += 1;
    let value = Arc::new(read()?);
    *held = Arc::downgrade(&value);
    Ok(value)
}

/// Reads a FlyWire table, or shares the copy another brain of this process holds.
pub fn shared_connectome(path: &Path) -> Result<Arc<SharedConnectome>, crate::engine::EngineError> {
    static CONNECTOMES: Cache<SharedConnectome> = OnceLock::new();
    shared(&CONNECTOMES, &[path], || read_connections(path).map(|read| SharedConnectome { root_ids: read.root_ids, network: Arc::new(read.network) }))
}

/// Reads FlyWire's annotation tables, or shares the copy another brain of this process holds.
pub fn shared_annotations(cell_types: &Path, classification: &Path) -> Result<Arc<Annotations>, crate::engine::EngineError> {
    static ANNOTATIONS: Cache<Annotations> = OnceLock::new();
    shared(&ANNOTATIONS, &[cell_types, classification], || read_annotations(cell_types, classification))
}

/// The shared connectome, or an error naming the brain file (and, where the table is missing, that FlyWire's
/// data is the user's to place, as the shipped file's header says).
fn connectome_of(file: &Loaded<BrainSpec>, path: &Path) -> Result<Arc<SharedConnectome>, ConfigError> {
    shared_connectome(path).map_err(|e| {
        file.invalid("connections", format!("{e}{}", missing_hint(&[path])))
    })
}

/// Where a FlyWire table is missing: that they are the user's to place (empty where all exist).
fn missing_hint(paths: &[&Path]) -> &'static str {
    if paths.iter().all(|p| p.exists()) {
        ""
    } else {
        " (FlyWire's tables are not shipped: obtain them under FlyWire's terms and place them there, or edit the paths; see the header of brains/fly/whole_brain_lif.ron)"
    }
}

/// What the brains of a run share, read once before its animals start (and errors found then): a FlyWire
/// brain's connectome and annotation tables, held until the run ends so each animal does not read them again.
pub fn preload(file: &Loaded<BrainSpec>, spec: &FlyWireLifSpec) -> Result<Vec<Arc<dyn std::any::Any + Send + Sync>>, ConfigError> {
    let connectome = connectome_of(file, &relative_to(&file.path, &spec.connections))?;
    let mut held: Vec<Arc<dyn std::any::Any + Send + Sync>> = vec![connectome];
    if let Some(annotations) = read_annotations_if_needed(file, spec)? {
        held.push(annotations);
    }
    Ok(held)
}

impl FlyWireLifBrain {
    /// Reads the connectome, resolves every root id (an unknown one names the file and the id) and starts
    /// the network at rest; `stream` is the animal's Poisson stream.
    pub fn new(file: &Loaded<BrainSpec>, spec: &FlyWireLifSpec, stream: u64) -> Result<Self, ConfigError> {
        if (spec.lif.dt_ms - file.spec.dt_s * 1e3).abs() > 1e-9 {
            return Err(file.invalid("dt_ms", format!("the LIF step lif.dt_ms = {} ms must equal the brain step dt_s = {} s", spec.lif.dt_ms, file.spec.dt_s)));
        }
        if !(spec.rate_tau_s > 0.0) {
            return Err(file.invalid("rate_tau_s", format!("must be positive, got {}", spec.rate_tau_s)));
        }
        let path = relative_to(&file.path, &spec.connections);
        let connectome = connectome_of(file, &path)?;
        let annotations = read_annotations_if_needed(file, spec)?;
        let resolve = |group: &str, ids: &[u64], selection: Option<&CellTypeSelection>| group_neurons(file, &connectome, &path, annotations.as_deref(), group, ids, selection);
        let mut inputs = Vec::new();
        for input in &spec.inputs {
            if !(input.rate_hz_per_unit.is_finite() && input.max_rate_hz >= 0.0 && input.max_rate_hz * spec.lif.dt_ms * 1e-3 <= 1.0) {
                return Err(file.invalid("max_rate_hz", format!("input `{}`: rate_hz_per_unit must be finite and max_rate_hz between 0 and one event per step ({} Hz)", input.name, 1e3 / spec.lif.dt_ms)));
            }
            let neurons = resolve(&input.name, &input.root_ids, input.cell_types.as_ref())?;
            inputs.push(InputGroup { name: input.name.clone(), neurons, rate_hz_per_unit: input.rate_hz_per_unit, max_rate_hz: input.max_rate_hz });
        }
        let mut outputs = Vec::new();
        for output in &spec.outputs {
            let channel = OUTPUT_NAMES.iter().position(|c| *c == output.channel)
                .ok_or_else(|| file.invalid("channel", format!("output `{}`: unknown channel `{}` (the walking decoder reads {OUTPUT_NAMES:?})", output.name, output.channel)))?;
            if !output.gain_per_hz.is_finite() {
                return Err(file.invalid("gain_per_hz", format!("output `{}`: must be finite, got {}", output.name, output.gain_per_hz)));
            }
            let neurons = resolve(&output.name, &output.root_ids, output.cell_types.as_ref())?;
            outputs.push(OutputGroup { name: output.name.clone(), channel, neurons, gain_per_hz: output.gain_per_hz, rate_hz: 0.0, last_count: 0 });
        }
        let mut driven: Vec<u32> = inputs.iter().flat_map(|g| g.neurons.iter().copied()).collect();
        driven.sort_unstable();
        driven.dedup();
        // Every input neuron is declared driven (at a negligible rate) so its rate can change between control
        // steps; the rates are zeroed before the first step.
        let run = RunSpec { params: spec.lif, seed: spec.seed, instances: 1, drive_neurons: driven.clone(), drive_rate_hz: 1e-3, lesions: Vec::new(), first_instance: stream };
        let engine_error = |e: crate::engine::EngineError| file.invalid("lif", e.to_string());
        let mut engine = match spec.backend {
            SpikingBackend::Cpu => LifEngine::Cpu(CpuEngine::shared(connectome.network.clone(), &run).map_err(engine_error)?),
            SpikingBackend::Cuda => {
                // No per-step recording: the closed loop reads counts only.
                let engine = CudaEngine::new(&connectome.network, &run, 0).map_err(|e| file.invalid("backend", format!("Cuda: {e}")))?;
                LifEngine::Cuda { engine: SendCuda(Box::new(engine)), counts: vec![0; connectome.network.neurons] }
            }
        };
        engine.set_drive_rates(&driven, &vec![0.0; driven.len()]).map_err(engine_error)?;
        Ok(FlyWireLifBrain {
            engine,
            _connectome: connectome,
            _annotations: annotations,
            input_names: spec.inputs.iter().map(|i| i.name.clone()).collect(),
            output_names: OUTPUT_NAMES.map(String::from).to_vec(),
            inputs,
            outputs,
            rate_tau_s: spec.rate_tau_s,
            rates_scratch: Vec::new(),
        })
    }

    /// Spikes of every neuron since the start.
    pub fn spike_counts(&self) -> &[u32] {
        self.engine.counts()
    }

    /// Each input group's and then each output group's name and FlyWire root ids, in file order.
    pub fn group_root_ids(&self) -> Vec<(String, Vec<u64>)> {
        let ids = |neurons: &[u32]| neurons.iter().map(|&n| self._connectome.root_ids[n as usize]).collect();
        self.inputs.iter().map(|g| (g.name.clone(), ids(&g.neurons))).chain(self.outputs.iter().map(|g| (g.name.clone(), ids(&g.neurons)))).collect()
    }

    /// Each output group's filtered mean firing rate, in file order.
    pub fn output_rates_hz(&self) -> Vec<f64> {
        self.outputs.iter().map(|g| g.rate_hz).collect()
    }
}

/// FlyWire's annotation tables where a group selects cell types (an error naming the brain file where they
/// are missing or malformed), otherwise none.
fn read_annotations_if_needed(file: &Loaded<BrainSpec>, spec: &FlyWireLifSpec) -> Result<Option<Arc<Annotations>>, ConfigError> {
    let selecting = spec.inputs.iter().map(|i| (&i.name, &i.cell_types)).chain(spec.outputs.iter().map(|o| (&o.name, &o.cell_types))).find(|(_, s)| s.is_some());
    let Some((group, _)) = selecting else { return Ok(None) };
    let tables = spec.annotations.as_ref().ok_or_else(|| file.invalid("annotations", format!("group `{group}` selects cell_types, so the file must name FlyWire's annotation tables (annotations: Some((cell_types: ..., classification: ...)))")))?;
    let (cell_types, classification) = (relative_to(&file.path, &tables.cell_types), relative_to(&file.path, &tables.classification));
    let read = shared_annotations(&cell_types, &classification);
    read.map(Some).map_err(|e| file.invalid("annotations", format!("{e}{}", missing_hint(&[&cell_types, &classification]))))
}

/// A group's neuron indices: its root ids (each must be in the connectome) and then the neurons its cell-type
/// selection picks that the connectome holds (an annotated neuron without connections is left out), each once.
/// A selected type with no such neuron is an error naming the group, the type and the side.
#[allow(clippy::too_many_arguments)]
fn group_neurons(file: &Loaded<BrainSpec>, connectome: &SharedConnectome, table: &Path, annotations: Option<&Annotations>, group: &str, root_ids: &[u64], selection: Option<&CellTypeSelection>) -> Result<Vec<u32>, ConfigError> {
    let mut neurons = root_ids.iter().map(|&id| connectome.index_of(id).ok_or_else(|| file.invalid("root_ids", format!("group `{group}`: root id {id} is not in {}", table.display())))).collect::<Result<Vec<u32>, _>>()?;
    if let (Some(selection), Some(annotations)) = (selection, annotations) {
        // Type by type, so that a misspelt type is an error even beside one that matches.
        for cell_type in &selection.types {
            let picked = annotations.select(std::slice::from_ref(cell_type), selection.side);
            let held: Vec<u32> = picked.iter().filter_map(|&id| connectome.index_of(id)).collect();
            if held.is_empty() {
                let side = selection.side.map_or("any side".to_string(), |s| format!("side {}", s.word()));
                return Err(file.invalid("cell_types", format!("group `{group}`: no neuron of type `{cell_type}` on {side} in the connections table ({} annotated, none in {})", picked.len(), table.display())));
            }
            neurons.extend(held);
        }
    }
    let mut seen = std::collections::HashSet::new();
    neurons.retain(|n| seen.insert(*n));
    if neurons.is_empty() {
        return Err(file.invalid("root_ids", format!("group `{group}` names no neuron (give root_ids or cell_types)")));
    }
    Ok(neurons)
}

impl Brain for FlyWireLifBrain {
    fn input_names(&self) -> &[String] {
        &self.input_names
    }

    fn output_names(&self) -> &[String] {
        &self.output_names
    }

    fn step_n(&mut self, input: &NeuralInput, steps: usize, dt_s: f64, output: &mut NeuralOutput) {
        for (k, group) in self.inputs.iter().enumerate() {
            let signal = input.drive.get(k).copied().filter(|x| x.is_finite()).unwrap_or(0.0);
            let rate_hz = (group.rate_hz_per_unit * signal).clamp(0.0, group.max_rate_hz);
            self.rates_scratch.clear();
            self.rates_scratch.resize(group.neurons.len(), rate_hz);
            // Rates are clamped to [0, max_rate_hz] and checked against the step when the file is loaded.
            self.engine.set_drive_rates(&group.neurons, &self.rates_scratch).unwrap_or_else(|e| panic!("whole-brain fly: {e}"));
        }
        // A GPU failing mid-run (the CPU engine cannot fail here) has no safe way on: stop, naming the engine.
        self.engine.run(steps as u32).unwrap_or_else(|e| panic!("whole-brain fly: {e}"));
        let window_s = steps as f64 * dt_s;
        let alpha = 1.0 - (-window_s / self.rate_tau_s).exp();
        let counts = self.engine.counts();
        output.activity.clear();
        output.activity.resize(OUTPUT_NAMES.len(), 0.0);
        for group in &mut self.outputs {
            let count: u64 = group.neurons.iter().map(|&n| u64::from(counts[n as usize])).sum();
            let window_rate_hz = (count - group.last_count) as f64 / window_s / group.neurons.len() as f64;
            group.last_count = count;
            group.rate_hz += alpha * (window_rate_hz - group.rate_hz);
            output.activity[group.channel] += group.gain_per_hz * group.rate_hz;
        }
        for drive in &mut output.activity {
            *drive = drive.clamp(0.0, 1.0);
        }
    }

    fn backend(&self) -> &'static str {
        match self.engine {
            LifEngine::Cpu(_) => "cpu",
            LifEngine::Cuda { .. } => "cuda",
        }
    }
}
