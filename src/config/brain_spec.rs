//! `brains/**/*.ron`: which brain model drives the body, with its parameters.

use serde::{Deserialize, Serialize};

pub use super::behavioral_spec::BehavioralSpec;
pub use super::connectome_spec::{ConnectomeSpec, Perturbations, Stimulation};
pub use super::fly_navigator_spec::FlyNavigatorSpec;
pub use super::flywire_lif_spec::{CellTypeSelection, FlyWireAnnotationsSpec, FlyWireLifSpec};
pub use super::null_spec::NullSpec;
pub use super::spiking_spec::SpikingSpec;

/// A brain file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Brain")]
pub struct BrainSpec {
    /// Name for humans and manifests.
    pub name: String,
    /// Brain step; the control step must be a whole multiple of it.
    pub dt_s: f64,
    /// The model and its parameters.
    pub model: BrainModelSpec,
}

/// The brain models the harness knows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum BrainModelSpec {
    /// A central pattern generator: a travelling wave of muscle activation.
    PatternGenerator(PatternGeneratorSpec),
    /// The graded (non-spiking) C. elegans connectome model.
    Connectome(ConnectomeSpec),
    /// The phenomenological worm (positive control of the worm suite).
    Behavioral(BehavioralSpec),
    /// A negative control: paralysed or random muscles.
    Null(NullSpec),
    /// A connectome run by the general spiking engine.
    Spiking(SpikingSpec),
    /// The phenomenological fly (positive control of the fly suite), driving the walking decoder.
    FlyNavigator(FlyNavigatorSpec),
    /// Shiu et al. 2024's whole-brain LIF fly on a FlyWire connectome, driving the walking decoder.
    FlyWireLif(FlyWireLifSpec),
}

impl BrainSpec {
    /// Adds perturbations (e.g. `--ablate AVAL,AVAR` on the command line); only connectome brains
    /// (graded or spiking) can be perturbed, so the error says which model the brain is.
    pub fn add_perturbations(&mut self, extra: &Perturbations) -> Result<(), String> {
        match &mut self.model {
            BrainModelSpec::Connectome(spec) => {
                spec.perturbations.extend(extra);
                Ok(())
            }
            BrainModelSpec::Spiking(spec) => {
                spec.perturbations.extend(extra);
                Ok(())
            }
            _ if extra.is_empty() => Ok(()),
            _ => Err(format!("brain `{}` is not a connectome brain; only connectome brains can be ablated, silenced or stimulated", self.name)),
        }
    }
}

/// Direction a wave travels along the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WaveDirection {
    /// Head to tail: the body moves forward.
    Forward,
    /// Tail to head: the body moves backward.
    Backward,
}

/// Parameters of the travelling-wave pattern generator.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternGeneratorSpec {
    /// Undulation frequency.
    pub frequency_hz: f64,
    /// Wavelength along the body, in body lengths.
    pub wavelength_body_lengths: f64,
    /// Activation amplitude around the baseline (activations are clipped to [0, 1]).
    pub amplitude: f64,
    /// Mean activation of every muscle (tone).
    pub baseline: f64,
    /// Direction outside scheduled reversals.
    pub direction: WaveDirection,
    /// Periods of reversed wave direction.
    #[serde(default)]
    pub reversals: Vec<ReversalSpec>,
    /// Muscles held at zero activation (by name; must exist in the body).
    #[serde(default)]
    pub paralysed_muscles: Vec<String>,
}

/// A scheduled reversal of the wave's direction.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReversalSpec {
    /// Start time.
    pub start_s: f64,
    /// How long the reversed wave lasts.
    pub duration_s: f64,
}
