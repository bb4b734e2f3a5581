//! The neuron and synapse models a plan can name, parsed from the command line and cost files.

use super::ScaleError;
use serde::{Deserialize, Serialize};

/// Neuron models with a counted cost in the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NeuronKind {
    /// The graded (non-spiking) worm connectome brain, `brain::graded`.
    Graded,
    /// The Shiu et al. 2024 leaky integrate-and-fire engine, `engine::cpu` and `kernels.cu`.
    Lif,
    /// Izhikevich 2003 in the general engine.
    Izhikevich,
    /// Hodgkin-Huxley 1952 in the general engine.
    HodgkinHuxley,
}

/// Synapse models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SynapseKind {
    /// Fixed weights: event-driven pushes for spiking models, a per-step gather for the graded one.
    Static,
    /// The engine's plastic rules (short-term depression and a three-factor rule), stepped every step.
    Plastic,
    /// Kinetic multi-state synapses (not in the engine; costs only from a cost file).
    MultiState,
}

/// Command-line names of the neuron models, in the order they print.
pub const NEURON_NAMES: [(&str, NeuronKind); 4] =
    [("graded", NeuronKind::Graded), ("lif", NeuronKind::Lif), ("izhikevich", NeuronKind::Izhikevich), ("hh", NeuronKind::HodgkinHuxley)];

/// Command-line names of the synapse models.
pub const SYNAPSE_NAMES: [(&str, SynapseKind); 3] = [("static", SynapseKind::Static), ("plastic", SynapseKind::Plastic), ("multi-state", SynapseKind::MultiState)];

fn parse<T: Copy>(table: &[(&str, T)], what: &'static str, name: &str) -> Result<T, ScaleError> {
    let wanted = name.to_ascii_lowercase().replace('_', "-");
    table.iter().find(|(n, _)| *n == wanted).map(|&(_, k)| k).ok_or_else(|| ScaleError::Unknown {
        what,
        name: name.to_string(),
        known: table.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "),
    })
}

impl NeuronKind {
    /// Parses `graded`, `lif`, `izhikevich` or `hh`.
    pub fn parse(name: &str) -> Result<Self, ScaleError> {
        parse(&NEURON_NAMES, "neuron model", name)
    }

    /// The command-line name.
    pub fn name(self) -> &'static str {
        NEURON_NAMES.iter().find(|(_, k)| *k == self).map_or("?", |(n, _)| n)
    }

    /// Whether neurons exchange graded values every step instead of spikes.
    pub fn is_graded(self) -> bool {
        self == NeuronKind::Graded
    }
}

impl SynapseKind {
    /// Parses `static`, `plastic` or `multi-state`.
    pub fn parse(name: &str) -> Result<Self, ScaleError> {
        parse(&SYNAPSE_NAMES, "synapse model", name)
    }

    /// The command-line name.
    pub fn name(self) -> &'static str {
        SYNAPSE_NAMES.iter().find(|(_, k)| *k == self).map_or("?", |(n, _)| n)
    }
}
