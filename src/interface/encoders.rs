//! Sensory and proprioceptive encoders for the connectome brain, configured by neuron name in the
//! brain file: sensor channel -> delay -> low-pass -> level or ON/OFF derivative -> current (pA).

use super::{Encoder, StepFactor};
use crate::brain::graded::GradedModel;
use crate::brain::MotorLayout;
use crate::buffers::{NeuralInput, SensorFrame};
use crate::config::connectome_spec::{Polarity, ProprioceptionSpec, SensorChannel, SensoryEncoderSpec};
use std::collections::VecDeque;

/// Where a channel reads the frame; `Absent` when the arena lacks it (e.g. a chemical not on this plate).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Source {
    Chemical(usize),
    Temperature(usize),
    Noxious(usize),
    Food(usize),
    Touch(usize),
    Tap,
    Load,
    Tonic,
    Absent,
}

/// Names the body and arena offer, used to resolve channels.
#[derive(Debug, Clone, Copy)]
pub struct ChannelNames<'a> {
    /// Chemosensory sites in frame order.
    pub chemosensory_sites: &'a [String],
    /// Touch sites in frame order.
    pub touch_sites: &'a [String],
    /// The arena's chemicals in frame order.
    pub chemicals: &'a [String],
    /// The body's eyes in frame order (empty without eyes).
    pub eyes: &'a [String],
}

fn site(sites: &[String], name: &str) -> Result<usize, String> {
    sites.iter().position(|s| s == name).ok_or_else(|| format!("the body has no such site `{name}` (it has: {})", sites.join(", ")))
}

fn resolve(channel: &SensorChannel, names: ChannelNames) -> Result<Source, String> {
    let chem = names.chemosensory_sites;
    Ok(match channel {
        SensorChannel::Chemical { chemical, site: s } => {
            let k = site(chem, s)?;
            names.chemicals.iter().position(|c| c == chemical).map_or(Source::Absent, |c| Source::Chemical(k * names.chemicals.len() + c))
        }
        SensorChannel::Temperature(s) => Source::Temperature(site(chem, s)?),
        SensorChannel::Noxious(s) => Source::Noxious(site(chem, s)?),
        SensorChannel::Food(s) => Source::Food(site(chem, s)?),
        SensorChannel::Touch(s) => Source::Touch(site(names.touch_sites, s)?),
        SensorChannel::Tap => Source::Tap,
        SensorChannel::Load => Source::Load,
        SensorChannel::Tonic => Source::Tonic,
    })
}

/// One sensor channel's filter state and targets.
#[derive(Debug, Clone)]
struct SensoryChannel {
    source: Source,
    targets: Vec<usize>,
    polarity: Polarity,
    gain_pa: f64,
    tau_s: f64,
    delay_s: f64,
    delay_line: VecDeque<f64>,
    filtered: Option<f64>,
    /// exp(-dt_s / tau_s) for the last control step length.
    decay: StepFactor,
}

impl SensoryChannel {
    fn read(&self, frame: &SensorFrame) -> f64 {
        let value = match self.source {
            Source::Chemical(i) => frame.chemical.get(i).copied(),
            Source::Temperature(i) => frame.temperature_c.get(i).copied(),
            Source::Noxious(i) => frame.noxious.get(i).copied(),
            Source::Food(i) => frame.food_per_mm2.get(i).copied(),
            Source::Touch(i) => frame.touch.get(i).copied(),
            Source::Tap => Some(frame.tap),
            Source::Load => Some(frame.load_n_s_per_m2),
            Source::Tonic => Some(1.0),
            Source::Absent => None,
        };
        // NaN marks a field the arena does not have (e.g. no temperature): no signal.
        value.filter(|v| v.is_finite()).unwrap_or(0.0)
    }

    /// Current for this control step.
    fn drive(&mut self, frame: &SensorFrame, dt_s: f64) -> f64 {
        let delay_steps = (self.delay_s / dt_s).round() as usize;
        self.delay_line.push_back(self.read(frame));
        let x = if self.delay_line.len() > delay_steps { self.delay_line.pop_front().unwrap_or(0.0) } else { *self.delay_line.front().unwrap_or(&0.0) };
        let tau_s = self.tau_s;
        if self.polarity == Polarity::Transient {
            let decay = if tau_s > 0.0 { self.decay.get(dt_s, |dt_s| (-dt_s / tau_s).exp()) } else { 0.0 };
            let trace = self.filtered.unwrap_or(0.0) * decay + x;
            self.filtered = Some(trace);
            return self.gain_pa * trace;
        }
        // The filter starts at the first sample so that switching on gives no spurious derivative.
        let previous = self.filtered.unwrap_or(x);
        let alpha = if tau_s > 0.0 { 1.0 - self.decay.get(dt_s, |dt_s| (-dt_s / tau_s).exp()) } else { 1.0 };
        let y = previous + alpha * (x - previous);
        self.filtered = Some(y);
        let slope = (y - previous) / dt_s;
        self.gain_pa
            * match self.polarity {
                Polarity::On => slope.max(0.0),
                Polarity::Off => (-slope).max(0.0),
                Polarity::Level | Polarity::Transient => y,
            }
    }
}

/// A stretch-receptive motor neuron: mean bend over some joints, signed by its muscle side.
#[derive(Debug, Clone)]
struct StretchInput {
    neuron: usize,
    joints: Vec<usize>,
    gain_pa_per_rad: f64,
    delay_s: f64,
    history: VecDeque<f64>,
}

/// Position along the body (fraction from the head) and side (+1 dorsal, -1 ventral) of each motor
/// neuron, from its neuromuscular junctions: the contact-weighted mean of its muscles' midpoints.
/// This replaces a table of ventral-cord positions by numbering with the data the tables already have.
pub fn motor_neuron_positions(model: &GradedModel, motor: &MotorLayout) -> Vec<Option<(f64, f64)>> {
    let mut sums = vec![(0.0, 0.0, 0.0); model.len()];
    for (neuron, muscle, contacts) in &model.nmj {
        if let Some(m) = motor.muscle_names.iter().position(|x| x == muscle) {
            let s = &mut sums[*neuron];
            s.0 += contacts * motor.body_fraction[m];
            s.1 += contacts * if motor.dorsal[m] { 1.0 } else { -1.0 };
            s.2 += contacts;
        }
    }
    sums.iter().map(|&(x, side, w)| (w > 0.0).then(|| (x / w, side.signum()))).collect()
}

/// The connectome brain's encoder: sensory channels plus proprioception, writing current per neuron.
#[derive(Debug, Clone)]
pub struct ConnectomeEncoder {
    inputs: usize,
    channels: Vec<SensoryChannel>,
    stretch: Vec<StretchInput>,
    signs: Vec<f64>,
}

impl ConnectomeEncoder {
    /// Resolves channels and neurons; errors name the field and the value at fault.
    pub fn new(model: &GradedModel, sensory: &[SensoryEncoderSpec], proprioception: &[ProprioceptionSpec], names: ChannelNames, motor: &MotorLayout, joints: usize) -> Result<Self, (&'static str, String)> {
        let mut channels = Vec::new();
        for spec in sensory {
            let source = resolve(&spec.channel, names).map_err(|m| ("channel", m))?;
            let targets = model.select(&spec.neurons, "neurons").map_err(|e| (e.field, e.message))?;
            if !(spec.tau_s >= 0.0 && spec.delay_s >= 0.0 && spec.gain_pa.is_finite()) {
                return Err(("tau_s", format!("tau_s and delay_s must be non-negative and gain_pa finite in {spec:?}")));
            }
            channels.push(SensoryChannel { source, targets, polarity: spec.polarity, gain_pa: spec.gain_pa, tau_s: spec.tau_s, delay_s: spec.delay_s, delay_line: VecDeque::new(), filtered: None, decay: StepFactor::default() });
        }
        let positions = motor_neuron_positions(model, motor);
        let mut stretch = Vec::new();
        let mut signs = Vec::new();
        for spec in proprioception {
            for neuron in model.select(&spec.neurons, "neurons").map_err(|e| (e.field, e.message))? {
                let (position, side) = positions[neuron].ok_or_else(|| ("neurons", format!("neuron `{}` has no neuromuscular junction with this body, so it has no position for stretch input", model.names[neuron])))?;
                let centre = position + spec.offset_body_lengths;
                let (lo, hi) = (centre - 0.5 * spec.width_body_lengths, centre + 0.5 * spec.width_body_lengths);
                let fraction = |j: usize| (j + 1) as f64 / (joints + 1) as f64;
                let mut chosen: Vec<usize> = (0..joints).filter(|&j| (lo..=hi).contains(&fraction(j))).collect();
                if chosen.is_empty() && joints > 0 {
                    // A window narrower than a joint spacing, or off the body's end: the nearest joint.
                    let nearest = (0..joints).min_by(|&a, &b| (fraction(a) - centre).abs().total_cmp(&(fraction(b) - centre).abs()));
                    chosen.extend(nearest);
                }
                if !(spec.delay_s >= 0.0 && spec.gain_pa_per_rad.is_finite()) {
                    return Err(("delay_s", format!("delay_s must be non-negative and gain_pa_per_rad finite, got {} and {}", spec.delay_s, spec.gain_pa_per_rad)));
                }
                stretch.push(StretchInput { neuron, joints: chosen, gain_pa_per_rad: spec.gain_pa_per_rad, delay_s: spec.delay_s, history: VecDeque::new() });
                signs.push(side);
            }
        }
        Ok(ConnectomeEncoder { inputs: model.len(), channels, stretch, signs })
    }
}

impl Encoder for ConnectomeEncoder {
    fn encode(&mut self, frame: &SensorFrame, dt_s: f64, input: &mut NeuralInput) {
        input.drive.clear();
        input.drive.resize(self.inputs, 0.0);
        for channel in &mut self.channels {
            let current = channel.drive(frame, dt_s);
            for &i in &channel.targets {
                input.drive[i] += current;
            }
        }
        for (s, side) in self.stretch.iter_mut().zip(&self.signs) {
            if s.joints.is_empty() {
                continue;
            }
            let bend: f64 = s.joints.iter().map(|&j| frame.bend_rad.get(j).copied().unwrap_or(0.0)).sum::<f64>() / s.joints.len() as f64;
            s.history.push_back(bend);
            let delay_steps = (s.delay_s / dt_s).round() as usize;
            // Until the delay line has filled, the body was straight: no stretch.
            let delayed = if s.history.len() > delay_steps { s.history.pop_front().unwrap_or(0.0) } else { 0.0 };
            input.drive[s.neuron] += s.gain_pa_per_rad * side * delayed;
        }
    }
}
