//! Brains behind one trait: they read a `NeuralInput` and write a `NeuralOutput`, advancing their own
//! dynamics by whole brain steps. The pattern generator lives here; connectome models join it.

pub mod behavioral;
pub mod fly_navigator;
pub mod flywire_groups;
pub mod flywire_lif;
pub mod graded;
pub mod mb_steering;
pub mod mushroom_body;
pub mod null;
pub mod pattern_generator;
pub mod spiking;

pub use pattern_generator::PatternGenerator;

use crate::buffers::{NeuralInput, NeuralOutput};
use crate::config::brain_spec::{BrainModelSpec, BrainSpec};
use crate::config::{ConfigError, Loaded};

/// A brain in the closed loop.
pub trait Brain: Send {
    /// Names of the inputs `NeuralInput::drive` is indexed by.
    fn input_names(&self) -> &[String];
    /// Names of the outputs `NeuralOutput::activity` is indexed by.
    fn output_names(&self) -> &[String];
    /// Advances `steps` brain steps of `dt_s` with constant input, then writes the output.
    fn step_n(&mut self, input: &NeuralInput, steps: usize, dt_s: f64, output: &mut NeuralOutput);
    /// Which backend runs it (for manifests).
    fn backend(&self) -> &'static str;
}

/// What a brain needs to know of the body it drives: its muscles and where they sit.
#[derive(Debug, Clone)]
pub struct MotorLayout {
    /// Muscle names in body order.
    pub muscle_names: Vec<String>,
    /// Whether each muscle bends dorsally.
    pub dorsal: Vec<bool>,
    /// Midpoint of each muscle as a fraction of body length from the head.
    pub body_fraction: Vec<f64>,
}

/// Data the brains of one run share, read once before its animals start and held until it ends (a FlyWire
/// brain's tables; nothing for other brains), so that no animal reads them again and errors in them stop
/// the run before any animal runs.
#[derive(Clone)]
pub struct Preloaded {
    _held: Vec<std::sync::Arc<dyn std::any::Any + Send + Sync>>,
}

impl std::fmt::Debug for Preloaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Preloaded({} shared tables)", self._held.len())
    }
}

/// Reads what the brains of a run share (see [`Preloaded`]).
pub fn preload(spec: &Loaded<BrainSpec>) -> Result<Preloaded, ConfigError> {
    let held = match &spec.spec.model {
        BrainModelSpec::FlyWireLif(params) => flywire_lif::preload(spec, params)?,
        _ => Vec::new(),
    };
    Ok(Preloaded { _held: held })
}

/// Builds the brain a spec describes, checking names against the body; `stream` (the animal) separates
/// the random draws of stochastic brains.
pub fn build(spec: &Loaded<BrainSpec>, motor: &MotorLayout, stream: u64) -> Result<Box<dyn Brain>, ConfigError> {
    if !(spec.spec.dt_s > 0.0 && spec.spec.dt_s.is_finite()) {
        return Err(spec.invalid("dt_s", format!("the brain step must be positive, got {}", spec.spec.dt_s)));
    }
    match &spec.spec.model {
        BrainModelSpec::PatternGenerator(params) => Ok(Box::new(PatternGenerator::new(params, motor).map_err(|(field, message)| spec.invalid(field, message))?)),
        BrainModelSpec::Connectome(params) => Ok(Box::new(graded::ConnectomeBrain::new(&graded::build_model(spec, params)?))),
        BrainModelSpec::Behavioral(params) => Ok(Box::new(behavioral::BehavioralBrain::new(params, motor, stream).map_err(|(field, message)| spec.invalid(field, message))?)),
        BrainModelSpec::Null(params) => Ok(Box::new(null::NullBrain::new(params, &motor.muscle_names, stream).map_err(|(field, message)| spec.invalid(field, message))?)),
        BrainModelSpec::Spiking(params) => Ok(Box::new(spiking::SpikingBrain::new(spec, params, &spiking::wiring::load(spec, params)?, stream)?)),
        BrainModelSpec::FlyWireLif(params) => Ok(Box::new(flywire_lif::FlyWireLifBrain::new(spec, params, stream)?)),
        BrainModelSpec::FlyNavigator(params) => Ok(Box::new(fly_navigator::FlyNavigator::new(params, stream).map_err(|(field, message)| spec.invalid(field, message))?)),
    }
}
