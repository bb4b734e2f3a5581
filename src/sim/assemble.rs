//! Builds the brain named by a brain spec together with the encoder and decoder that connect it to a
//! body: the one place where a brain model meets a body's sensors and muscles.

use crate::brain::graded::{self, ConnectomeBrain, GradedModel};
use crate::brain::spiking::{self, SpikingBrain};
use crate::brain::{self, Brain, MotorLayout};
use crate::config::brain_spec::{BrainModelSpec, BrainSpec};
use crate::config::fly_walking_spec::{validate_fly_walking, FlyWalkingSpec};
use crate::config::scenario::relative_to;
use crate::config::{load_ron, ConfigError, Loaded};
use crate::interface::{BehaviorEncoder, ChannelNames, ConnectomeEncoder, Decoder, DirectMuscleDecoder, Encoder, FlyEncoder, NmjDecoder, NoInput, WalkingDecoder};

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
    /// Names of the eyes, in sensor-frame order (empty for a body without eyes).
    pub eyes: Vec<String>,
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

/// Builds a brain and its interface for a body; name errors point at the brain file. `stream` (the
/// animal) separates the random draws of stochastic brains.
pub fn assemble(spec: &Loaded<BrainSpec>, body: &BodyInterface, stream: u64) -> Result<BrainKit, ConfigError> {
    let names = ChannelNames { chemosensory_sites: &body.chemosensory_sites, touch_sites: &body.touch_sites, chemicals: &body.chemicals, eyes: &body.eyes };
    match &spec.spec.model {
        BrainModelSpec::PatternGenerator(_) | BrainModelSpec::Null(_) => {
            let brain = brain::build(spec, &body.motor, stream)?;
            let decoder = DirectMuscleDecoder::new(brain.output_names(), &body.motor.muscle_names);
            Ok(BrainKit { brain, encoder: Box::new(NoInput), decoder: Box::new(decoder) })
        }
        BrainModelSpec::Connectome(params) => {
            let built = graded::build_model(spec, params)?;
            let model = &built.model;
            let encoder = ConnectomeEncoder::new(model, &params.encoders, &params.proprioception, names, &body.motor, body.joints).map_err(|(field, message)| spec.invalid(field, message))?;
            let d = &params.decoder;
            let decoder = nmj_decoder(spec, model, &body.motor, d.gain_per_mv_contact, d.threshold_mv, d.activation_tau_s)?;
            Ok(BrainKit { brain: Box::new(ConnectomeBrain::new(&built)), encoder: Box::new(encoder), decoder: Box::new(decoder) })
        }
        BrainModelSpec::Spiking(params) => {
            let wiring = spiking::wiring::load(spec, params)?;
            let model = &wiring.graded;
            let encoder = ConnectomeEncoder::new(model, &params.encoders, &params.proprioception, names, &body.motor, body.joints).map_err(|(field, message)| spec.invalid(field, message))?;
            let d = &params.decoder;
            let decoder = nmj_decoder(spec, model, &body.motor, d.gain_per_hz_contact, d.threshold_hz, d.activation_tau_s)?;
            Ok(BrainKit { brain: Box::new(SpikingBrain::new(spec, params, &wiring, stream)?), encoder: Box::new(encoder), decoder: Box::new(decoder) })
        }
        BrainModelSpec::FlyWireLif(params) => {
            let encoder = FlyEncoder::new(&params.inputs.iter().map(|i| i.sense.clone()).collect::<Vec<_>>(), &params.taste_sites, names).map_err(|(field, message)| spec.invalid(field, message))?;
            let brain = brain::build(spec, &body.motor, stream)?;
            let decoder = walking_decoder(spec, &params.walking, &body.motor)?;
            Ok(BrainKit { brain, encoder: Box::new(encoder), decoder })
        }
        BrainModelSpec::FlyNavigator(params) => {
            let learned: &[String] = params.mushroom_body.as_ref().map_or(&[], |mb| &mb.odours);
            let encoder = FlyEncoder::navigator(&params.sensors, learned, names).map_err(|(field, message)| spec.invalid(field, message))?;
            let brain = brain::build(spec, &body.motor, stream)?;
            let decoder = walking_decoder(spec, &params.walking, &body.motor)?;
            Ok(BrainKit { brain, encoder: Box::new(encoder), decoder })
        }
        BrainModelSpec::Behavioral(params) => {
            let encoder = BehaviorEncoder::new(&params.sensors, names).map_err(|(field, message)| spec.invalid(field, message))?;
            let brain = brain::build(spec, &body.motor, stream)?;
            let decoder = DirectMuscleDecoder::new(brain.output_names(), &body.motor.muscle_names);
            Ok(BrainKit { brain, encoder: Box::new(encoder), decoder: Box::new(decoder) })
        }
    }
}

/// The neuromuscular decoder of a connectome brain (graded: gain per mV, spiking: gain per Hz).
fn nmj_decoder(spec: &Loaded<BrainSpec>, model: &GradedModel, motor: &MotorLayout, gain: f64, threshold: f64, activation_tau_s: f64) -> Result<NmjDecoder, ConfigError> {
    if !(gain.is_finite() && activation_tau_s >= 0.0) {
        return Err(spec.invalid("decoder", "the decoder's gain must be finite and activation_tau_s non-negative"));
    }
    let junctions = model.nmj.iter().map(|(n, m, c)| (*n, m.clone(), *c, model.inhibitory[*n]));
    Ok(NmjDecoder::new(junctions, &motor.muscle_names, gain, threshold, activation_tau_s))
}

/// The fly's walking decoder, from the step-cycle file a fly brain names (relative to the brain file).
fn walking_decoder(spec: &Loaded<BrainSpec>, walking: &str, motor: &MotorLayout) -> Result<Box<dyn Decoder>, ConfigError> {
    let file: Loaded<FlyWalkingSpec> = load_ron(&relative_to(&spec.path, walking))?;
    validate_fly_walking(&file)?;
    let decoder = WalkingDecoder::new(&file.spec, &motor.muscle_names).map_err(|message| file.invalid("legs", message))?;
    Ok(Box::new(decoder))
}
