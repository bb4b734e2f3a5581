//! Builds the brain named by a brain spec together with the encoder and decoder that connect it to a
//! body: the one place where a brain model meets a body's sensors and muscles.

use crate::brain::{self, Brain, MotorLayout};
use crate::config::brain_spec::{BrainModelSpec, BrainSpec};
use crate::config::{ConfigError, Loaded};
use crate::interface::{Decoder, DirectMuscleDecoder, Encoder, NoInput};

/// What the body offers the brain: its muscles and its sensor channels.
#[derive(Debug, Clone)]
pub struct BodyInterface {
    /// Muscles, in command order, with side and position.
    pub motor: MotorLayout,
    /// Names of chemosensory sites, in sensor-frame order.
    pub chemosensory_sites: Vec<String>,
    /// Names of touch sites, in sensor-frame order.
    pub touch_sites: Vec<String>,
    /// Names of the arena's chemicals, in sensor-frame order.
    pub chemicals: Vec<String>,
    /// Number of joints (proprioceptive channels).
    pub joints: usize,
}

/// A brain with its encoder and decoder.
pub struct BrainKit {
    /// The brain.
    pub brain: Box<dyn Brain>,
    /// Sensor frame -> neural input.
    pub encoder: Box<dyn Encoder>,
    /// Neural output -> muscle command.
    pub decoder: Box<dyn Decoder>,
}

/// Builds a brain and its interface for a body; name errors point at the brain file.
pub fn assemble(spec: &Loaded<BrainSpec>, body: &BodyInterface) -> Result<BrainKit, ConfigError> {
    let brain = brain::build(spec, &body.motor)?;
    match &spec.spec.model {
        BrainModelSpec::PatternGenerator(_) => {
            let decoder = DirectMuscleDecoder::new(brain.output_names(), &body.motor.muscle_names);
            Ok(BrainKit { brain, encoder: Box::new(NoInput), decoder: Box::new(decoder) })
        }
    }
}
