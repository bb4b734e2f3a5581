//! The graded (non-spiking) connectome brain of Wicks 1996 / Kunert 2014 / Kim 2019. `model` is the
//! backend-independent network description, `cpu` integrates batches of animals, `plasticity` holds
//! the plastic synapse rules, `edits` the connectome edits; this file puts them behind the [`Brain`] trait for one animal.

pub mod cpu;
pub mod edits;
pub mod model;
pub mod plasticity;

pub use cpu::CpuBackend;
pub use model::{GradedModel, ModelError};

use super::Brain;
use crate::buffers::{NeuralInput, NeuralOutput};
use crate::config::brain_spec::BrainSpec;
use crate::config::connectome_spec::ConnectomeSpec;
use crate::config::scenario::relative_to;
use crate::config::{ConfigError, Loaded};
use crate::import::cect::CelegansConnectome;
use plasticity::PlasticGroup;
use std::sync::Arc;

/// A model with its plastic groups, ready to hand to a backend.
#[derive(Debug, Clone)]
pub struct BuiltModel {
    /// The network.
    pub model: Arc<GradedModel>,
    /// Its plastic synapse groups.
    pub groups: Arc<Vec<PlasticGroup>>,
}

/// Reads the tables named by a connectome brain file and builds the model; errors point at the file.
pub fn build_model(file: &Loaded<BrainSpec>, spec: &ConnectomeSpec) -> Result<BuiltModel, ConfigError> {
    let dir = relative_to(&file.path, &spec.tables);
    let connectome = CelegansConnectome::load(&dir).map_err(|e| file.invalid("tables", format!("cannot load the connectome tables in {}: {e}", dir.display())))?;
    let model = GradedModel::build(&connectome, spec).map_err(|e| file.invalid(e.field, e.message))?;
    let groups = plasticity::resolve(&model, &spec.plasticity).map_err(|e| file.invalid(e.field, e.message))?;
    Ok(BuiltModel { model: Arc::new(model), groups: Arc::new(groups) })
}

/// One animal's connectome brain. Inputs: injected current (pA) into every neuron, by name.
/// Outputs: every neuron's depolarisation above its resting threshold, V - Vth (mV); zero when ablated.
pub struct ConnectomeBrain {
    backend: CpuBackend,
    names: Vec<String>,
    drive_pa: Vec<f64>,
}

impl ConnectomeBrain {
    /// A brain at rest running `built`.
    pub fn new(built: &BuiltModel) -> Self {
        let names = built.model.names.clone();
        let drive_pa = vec![0.0; names.len()];
        ConnectomeBrain { backend: CpuBackend::new(built.model.clone(), built.groups.clone(), 1), names, drive_pa }
    }

    /// The backend, for inspection in tests and tools.
    pub fn backend(&self) -> &CpuBackend {
        &self.backend
    }
}

impl Brain for ConnectomeBrain {
    fn input_names(&self) -> &[String] {
        &self.names
    }

    fn output_names(&self) -> &[String] {
        &self.names
    }

    fn step_n(&mut self, input: &NeuralInput, steps: usize, dt_s: f64, output: &mut NeuralOutput) {
        // An encoder may write fewer channels (or none); missing ones carry no current.
        self.drive_pa.fill(0.0);
        for (d, x) in self.drive_pa.iter_mut().zip(&input.drive) {
            *d = *x;
        }
        self.backend.step(&self.drive_pa, steps, dt_s);
        let model = self.backend.model();
        let animal = self.backend.animal(0);
        output.activity.resize(self.names.len(), 0.0);
        for (i, out) in output.activity.iter_mut().enumerate() {
            *out = if model.ablated[i] { 0.0 } else { animal.v_mv[i] - model.vth_mv[i] };
        }
    }

    fn backend(&self) -> &'static str {
        "cpu"
    }
}
