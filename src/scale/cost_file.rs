//! Costs given in a RON file instead of counted from the engine: assumptions of a published plan (the
//! roadmap's) or models the engine does not implement.

use super::costs::Costs;
use super::models::{NeuronKind, SynapseKind};
use super::ScaleError;
use crate::config::{load_ron, Loaded};
use serde::Deserialize;
use std::path::Path;

/// One model's costs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Neuron model.
    pub neuron: NeuronKind,
    /// Synapse model.
    pub synapse: SynapseKind,
    /// Its costs; fields left out are zero.
    pub costs: Costs,
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

/// Loads a cost file; a pair listed twice is an error at its second entry.
pub fn load(path: &Path) -> Result<Loaded<CostFile>, ScaleError> {
    let file: Loaded<CostFile> = load_ron(path)?;
    for (k, e) in file.spec.entries.iter().enumerate() {
        if file.spec.entries[..k].iter().any(|o| o.neuron == e.neuron && o.synapse == e.synapse) {
            return Err(file.invalid("entries", format!("{:?} with {:?} synapses is listed twice", e.neuron, e.synapse)).into());
        }
    }
    Ok(file)
}

/// The costs of a model pair in a loaded file.
pub fn lookup(file: &Loaded<CostFile>, neuron: NeuronKind, synapse: SynapseKind) -> Result<Costs, ScaleError> {
    file.spec.entries.iter().find(|e| e.neuron == neuron && e.synapse == synapse).map(|e| e.costs).ok_or_else(|| ScaleError::Unknown {
        what: "model pair in the cost file",
        name: format!("{} with {} synapses ({})", neuron.name(), synapse.name(), file.path.display()),
        known: file.spec.entries.iter().map(|e| format!("{} with {}", e.neuron.name(), e.synapse.name())).collect::<Vec<_>>().join(", "),
    })
}
