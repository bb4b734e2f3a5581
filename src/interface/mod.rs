//! Sensory encoders (sensor frame -> neural input) and motor decoders (neural output -> muscles).

pub mod behavior_encoder;
pub mod decoders;
pub mod encoders;
pub mod fly_encoder;
pub mod fly_walk;

pub use behavior_encoder::BehaviorEncoder;
pub use decoders::NmjDecoder;
pub use encoders::{ChannelNames, ConnectomeEncoder};
pub use fly_encoder::FlyEncoder;
pub use fly_walk::{WalkingDecoder, DESCENDING_CHANNELS};

use crate::buffers::{MuscleCommand, NeuralInput, NeuralOutput, SensorFrame};

/// Turns what the body sensed into input to named neurons.
pub trait Encoder: Send {
    /// Writes `input` from `frame` for a control step of `dt_s`.
    fn encode(&mut self, frame: &SensorFrame, dt_s: f64, input: &mut NeuralInput);
}

/// Turns neural output into muscle activation.
pub trait Decoder: Send {
    /// Writes `command` from `output` for a control step of `dt_s`.
    fn decode(&mut self, output: &NeuralOutput, dt_s: f64, command: &mut MuscleCommand);
}

/// A filter factor that depends only on the control step (e.g. exp(-dt/tau)), kept for the last
/// step length seen: the step rarely changes, and recomputing the exp each call costs more than the
/// filter. Cached and fresh values are the same number, so results do not change.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StepFactor(Option<(f64, f64)>);

impl StepFactor {
    /// The factor for a step of `dt_s`, computed by `factor` only when the step length changed.
    pub fn get(&mut self, dt_s: f64, factor: impl FnOnce(f64) -> f64) -> f64 {
        match self.0 {
            Some((dt, value)) if dt == dt_s => value,
            _ => {
                let value = factor(dt_s);
                self.0 = Some((dt_s, value));
                value
            }
        }
    }
}

/// The encoder of a brain that takes no sensory input (a pattern generator).
#[derive(Debug, Default)]
pub struct NoInput;

impl Encoder for NoInput {
    fn encode(&mut self, _frame: &SensorFrame, _dt_s: f64, input: &mut NeuralInput) {
        input.drive.clear();
    }
}

/// A decoder for brains whose outputs are muscle activations already, matched by name once.
#[derive(Debug, Clone)]
pub struct DirectMuscleDecoder {
    /// For each muscle, the output index driving it (None: the muscle stays relaxed).
    source: Vec<Option<usize>>,
}

impl DirectMuscleDecoder {
    /// Matches brain outputs to muscles by name.
    pub fn new(output_names: &[String], muscle_names: &[String]) -> Self {
        let source = muscle_names.iter().map(|m| output_names.iter().position(|o| o == m)).collect();
        DirectMuscleDecoder { source }
    }
}

impl Decoder for DirectMuscleDecoder {
    fn decode(&mut self, output: &NeuralOutput, _dt_s: f64, command: &mut MuscleCommand) {
        command.activation.resize(self.source.len(), 0.0);
        for (activation, source) in command.activation.iter_mut().zip(&self.source) {
            *activation = source.map_or(0.0, |i| output.activity[i].clamp(0.0, 1.0));
        }
    }
}
