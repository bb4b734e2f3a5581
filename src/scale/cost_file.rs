//! Costs given in a RON file on top of the engine's counts: assumptions of a published plan (the
//! roadmap's) or models the engine does not implement. Each field an entry lists replaces the engine's
//! count for that model pair; the rest stay counted. For multi-state synapses (not in the engine) the base
//! is the engine's static-synapse costs of the same neuron model.

use super::costs::{engine_costs, Costs};
use super::models::{NeuronKind, SynapseKind};
use super::ScaleError;
use crate::config::{load_ron, Loaded};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One model's costs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Neuron model.
    pub neuron: NeuronKind,
    /// Synapse model.
    pub synapse: SynapseKind,
    /// Fields of `Costs` to replace, by name.
    pub costs: BTreeMap<String, f64>,
}

/// A cost file: where its numbers come from and one entry per model pair.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostFile {
    /// Citation or reasoning behind the numbers.
    pub source: String,
    /// Entries, at most one per (neuron, synapse).
    pub entries: Vec<Entry>,
}

/// The engine's costs of an entry's pair with the entry's fields replacing them.
fn apply(file: &Loaded<CostFile>, e: &Entry) -> Result<Costs, ScaleError> {
    let base = engine_costs(e.neuron, e.synapse).or_else(|_| engine_costs(e.neuron, SynapseKind::Static))?;
    let mut value = serde_json::to_value(base).expect("plain numbers");
    for (field, &x) in &e.costs {
        if !(x >= 0.0 && x.is_finite()) {
            return Err(file.invalid(field, format!("must be finite and not negative, got {x}")).into());
        }
        value[field.as_str()] = serde_json::json!(x);
    }
    serde_json::from_value(value).map_err(|err| file.invalid("costs", err.to_string()).into())
}

/// Loads a cost file and checks every entry; a pair listed twice is an error.
pub fn load(path: &Path) -> Result<Loaded<CostFile>, ScaleError> {
    let file: Loaded<CostFile> = load_ron(path)?;
    for (k, e) in file.spec.entries.iter().enumerate() {
        if file.spec.entries[..k].iter().any(|o| o.neuron == e.neuron && o.synapse == e.synapse) {
            return Err(file.invalid("entries", format!("{:?} with {:?} synapses is listed twice", e.neuron, e.synapse)).into());
        }
        apply(&file, e)?;
    }
    Ok(file)
}

/// The costs of a model pair in a loaded file.
pub fn lookup(file: &Loaded<CostFile>, neuron: NeuronKind, synapse: SynapseKind) -> Result<Costs, ScaleError> {
    let entry = file.spec.entries.iter().find(|e| e.neuron == neuron && e.synapse == synapse);
    entry.map(|e| apply(file, e)).transpose()?.ok_or_else(|| ScaleError::Unknown {
        what: "model pair in the cost file",
        name: format!("{} with {} synapses ({})", neuron.name(), synapse.name(), file.path.display()),
        known: file.spec.entries.iter().map(|e| format!("{} with {}", e.neuron.name(), e.synapse.name())).collect::<Vec<_>>().join(", "),
    })
}
