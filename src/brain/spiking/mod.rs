//! A spiking connectome brain in the closed loop: the general engine (`engine::spec`) runs the network
//! named by a `Spiking` brain file (`wiring`); inputs are currents into every neuron, by name, and outputs
//! every neuron's firing rate (Hz), its spike counts per control step through an exponential filter.
//! Perturbations come through the wiring: ablated and silenced neurons report a rate of zero (so they
//! drive no muscle), and current steps are added to the input at the brain's clock.

pub mod backend;
pub mod wiring;

use super::Brain;
use crate::brain::graded::model::select_all;
use crate::brain::graded::GradedModel;
use std::sync::Arc;
use crate::buffers::{NeuralInput, NeuralOutput};
use crate::config::brain_spec::BrainSpec;
use crate::config::spiking_spec::{SpikingBackend, SpikingSpec};
use crate::engine::plasticity::PlasticGroup;
use crate::config::{ConfigError, Loaded};
use crate::engine::spec::{Drive, ModelSpec, Population};
use backend::Engine;
use wiring::Wiring;

/// One animal's spiking brain.
pub struct SpikingBrain {
    engine: Engine,
    names: Vec<String>,
    input_per_pa: f64,
    rate_tau_s: f64,
    current: Vec<f64>,
    rates_hz: Vec<f64>,
    last_counts: Vec<u32>,
    /// Neurons whose output is held at zero (ablated or silenced).
    mute: Vec<bool>,
    /// Current steps (and names) of the wiring.
    graded: Arc<GradedModel>,
    time_s: f64,
}

/// The engine's description of a spiking brain file (one instance; `stream` is the animal's Poisson stream).
pub fn model_spec(file: &Loaded<BrainSpec>, spec: &SpikingSpec, wiring: &Wiring, stream: u64) -> Result<ModelSpec, ConfigError> {
    let graded = &wiring.graded;
    let drive = match &spec.background {
        None => Drive::default(),
        Some(b) => Drive {
            neurons: select_all(&graded.names, &graded.classes, &b.neurons, "background").map_err(|e| file.invalid(e.field, e.message))?.into_iter().map(|i| i as u32).collect(),
            rate_hz: b.rate_hz,
            weight: b.weight,
        },
    };
    Ok(ModelSpec {
        dt_ms: file.spec.dt_s * 1e3,
        populations: vec![Population { size: graded.len(), neuron: spec.neuron, i_bias: spec.i_bias }],
        synapses: spec.synapses,
        delay_ms: spec.delay_ms,
        delays: spec.delays.clone(),
        plasticity: plastic_groups(file, spec, graded)?,
        gap_junctions: wiring.gaps.clone(),
        drive,
        seed: spec.seed,
        instances: 1,
        first_instance: stream,
        trace: Vec::new(),
    })
}

/// The file's plastic groups with neuron names resolved to indices (errors name the file and the group).
fn plastic_groups(file: &Loaded<BrainSpec>, spec: &SpikingSpec, graded: &GradedModel) -> Result<Vec<PlasticGroup>, ConfigError> {
    let resolve = |selectors: &[String]| -> Result<Vec<u32>, ConfigError> {
        Ok(select_all(&graded.names, &graded.classes, selectors, "plasticity").map_err(|e| file.invalid(e.field, e.message))?.into_iter().map(|i| i as u32).collect())
    };
    spec.plasticity.iter().map(|group| {
        let rule = group.rule.try_map_modulator(|modulator| match resolve(std::slice::from_ref(modulator))?[..] {
            [index] => Ok(index),
            _ => Err(file.invalid("modulator", format!("group `{}`: the modulator `{modulator}` must name exactly one neuron", group.name))),
        })?;
        Ok(PlasticGroup { name: group.name.clone(), pre: resolve(&group.pre)?, post: resolve(&group.post)?, rule })
    }).collect()
}

impl SpikingBrain {
    /// Starts the brain at rest; engine errors (bad parameters, no CUDA driver) point at `file`.
    pub fn new(file: &Loaded<BrainSpec>, spec: &SpikingSpec, wiring: &Wiring, stream: u64) -> Result<Self, ConfigError> {
        if !(spec.rate_tau_s >= 0.0 && spec.input_per_pa.is_finite()) {
            return Err(file.invalid("rate_tau_s", format!("rate_tau_s must be non-negative and input_per_pa finite, got {} and {}", spec.rate_tau_s, spec.input_per_pa)));
        }
        let model = model_spec(file, spec, wiring, stream)?;
        let engine = Engine::new(wiring.network.clone(), &model, spec.backend == SpikingBackend::Cuda).map_err(|e| file.invalid("model", e.to_string()))?;
        let n = wiring.graded.len();
        Ok(SpikingBrain {
            engine,
            names: wiring.graded.names.clone(),
            input_per_pa: spec.input_per_pa,
            rate_tau_s: spec.rate_tau_s,
            current: vec![0.0; n],
            rates_hz: vec![0.0; n],
            last_counts: vec![0; n],
            mute: (0..n).map(|i| wiring.graded.ablated[i] || wiring.graded.silenced[i]).collect(),
            graded: wiring.graded.clone(),
            time_s: 0.0,
        })
    }

    /// Every neuron's filtered firing rate.
    pub fn rates_hz(&self) -> &[f64] {
        &self.rates_hz
    }
}

impl Brain for SpikingBrain {
    fn input_names(&self) -> &[String] {
        &self.names
    }

    fn output_names(&self) -> &[String] {
        &self.names
    }

    fn step_n(&mut self, input: &NeuralInput, steps: usize, dt_s: f64, output: &mut NeuralOutput) {
        // An encoder may write fewer channels (or none); missing ones carry no current.
        self.current.fill(0.0);
        for (c, x) in self.current.iter_mut().zip(&input.drive) {
            *c = x * self.input_per_pa;
        }
        // A step is on for the whole control window when it is on at the window's start.
        self.graded.add_stimulation(self.time_s, self.input_per_pa, &mut self.current);
        self.time_s += steps as f64 * dt_s;
        let counts = self.engine.set_input(&self.current).and_then(|()| self.engine.run(steps as u32)).unwrap_or_else(|e| panic!("spiking brain engine: {e}"));
        let window_s = steps as f64 * dt_s;
        let alpha = if self.rate_tau_s > 0.0 { 1.0 - (-window_s / self.rate_tau_s).exp() } else { 1.0 };
        for ((rate, last), &count) in self.rates_hz.iter_mut().zip(&mut self.last_counts).zip(&counts) {
            let window_rate_hz = f64::from(count - *last) / window_s;
            *rate += alpha * (window_rate_hz - *rate);
            *last = count;
        }
        for (rate, _) in self.rates_hz.iter_mut().zip(&self.mute).filter(|(_, &mute)| mute) {
            *rate = 0.0;
        }
        output.activity.clear();
        output.activity.extend_from_slice(&self.rates_hz);
    }

    fn backend(&self) -> &'static str {
        self.engine.name()
    }
}
