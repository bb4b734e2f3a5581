//! The spiking brain's RON spec (`model: Spiking((...))`): a connectome run by the general spiking engine
//! (`engine::spec`), sensory encoders writing currents into named neurons, and named motor neurons'
//! spike counts filtered into firing rates that drive the neuromuscular decoder.

use super::connectome_spec::{Perturbations, ProprioceptionSpec, SensoryEncoderSpec};
use crate::engine::neuron::NeuronModel;
use crate::engine::plasticity::PlasticRule;
use crate::engine::spec::{Delays, Synapses};
use serde::{Deserialize, Serialize};

/// Parameters and interface of a spiking connectome brain. Neurons are named by the selectors of the
/// connectome brain (exact name, `PREFIX*`, `class:NAME`); a selector matching nothing is an error.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpikingSpec {
    /// Where the connectivity comes from.
    pub network: SpikingNetworkSpec,
    /// Dynamics and parameters of every neuron (the engine's units: mV, ms, uA/cm^2-like currents).
    pub neuron: NeuronModel,
    /// Constant current into every neuron (model units).
    #[serde(default)]
    pub i_bias: f64,
    /// Chemical synapses; `weight` is per synapse (contact).
    pub synapses: Synapses,
    /// Spike transmission delay (a whole number of brain steps, at least one), unless `delays` says otherwise.
    pub delay_ms: f64,
    /// Per-connection delays in steps (a list in the network's edge order, or a seeded uniform draw).
    #[serde(default)]
    pub delays: Delays,
    /// Plastic synapse groups by neuron name (CPU backend only; the first group naming a synapse wins).
    #[serde(default)]
    pub plasticity: Vec<SpikingPlasticGroup>,
    /// Model current per pA of encoder output (the encoders are written in the graded brain's pA).
    pub input_per_pa: f64,
    /// Sensor channels -> current into named neurons.
    #[serde(default)]
    pub encoders: Vec<SensoryEncoderSpec>,
    /// Body bend -> current into motor neurons (stretch receptors).
    #[serde(default)]
    pub proprioception: Vec<ProprioceptionSpec>,
    /// Time constant of the exponential filter turning each neuron's spikes into a firing rate.
    pub rate_tau_s: f64,
    /// Motor neurons' firing rates -> body-wall muscles.
    pub decoder: RateDecoderSpec,
    /// Optional Poisson background drive.
    #[serde(default)]
    pub background: Option<BackgroundSpec>,
    /// Seed of the Poisson streams (each animal draws its own stream from it).
    #[serde(default)]
    pub seed: u64,
    /// Which engine backend runs it.
    #[serde(default)]
    pub backend: SpikingBackend,
    /// Ablations, silencing and current steps by neuron name, added to the wiring file's own: an
    /// ablated neuron loses every synapse, gap junction and neuromuscular junction; a silenced one
    /// releases nothing (no chemical output, no muscle drive) but stays electrically coupled; a current
    /// step is in pA, scaled by `input_per_pa` like the encoders.
    #[serde(default)]
    pub perturbations: Perturbations,
}

/// Sources of a spiking brain's connectivity.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum SpikingNetworkSpec {
    /// The C. elegans tables as wired by a graded connectome brain file (its tables, transmitter and
    /// receptor signs, edits and perturbations; its neuron parameters, encoders and decoder are not used):
    /// each chemical contact is one synapse, each gap-junction contact `gap_per_contact` of conductance.
    Worm {
        /// The graded connectome brain file, relative to this file.
        wiring: String,
        /// Gap-junction conductance per contact (model conductance units).
        gap_per_contact: f64,
    },
}

/// The neuromuscular decoder on firing rates: u_m = gain * sum_n contacts_nm * sign_n * max(r_n - threshold, 0).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateDecoderSpec {
    /// Muscle drive per Hz above threshold per neuromuscular contact.
    pub gain_per_hz_contact: f64,
    /// Rate a motor neuron must exceed before it drives muscle.
    #[serde(default)]
    pub threshold_hz: f64,
    /// First-order muscle activation time constant.
    pub activation_tau_s: f64,
}

/// Poisson events into named neurons' excitatory synapses.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackgroundSpec {
    /// Driven neurons (selectors).
    pub neurons: Vec<String>,
    /// Rate per neuron.
    pub rate_hz: f64,
    /// Synaptic increment per event (model units).
    pub weight: f64,
}

/// The engine backend of a spiking brain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SpikingBackend {
    /// rayon on the CPU.
    #[default]
    Cpu,
    /// GPU 0 through CUDA (an error on a machine without the driver).
    Cuda,
}

/// Synapses from `pre` onto `post` neurons (selectors) that follow one of the engine's rules
/// (`engine::plasticity`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpikingPlasticGroup {
    /// Name for messages.
    pub name: String,
    /// Presynaptic neurons (selectors).
    pub pre: Vec<String>,
    /// Postsynaptic neurons (selectors).
    pub post: Vec<String>,
    /// The rule.
    pub rule: SpikingPlasticRule,
}

/// The engine's plasticity rules with the modulatory neuron named by a selector that must match
/// exactly one neuron.
pub type SpikingPlasticRule = PlasticRule<String>;
