//! The behavioural model's motor output: a travelling wave of antiphase dorsal and ventral activation
//! (as the pattern generator's) plus a steering bias, dorsal positive, on the head muscles (or on every
//! muscle during an omega turn).

use crate::brain::MotorLayout;
use crate::buffers::NeuralOutput;
use crate::config::behavioral_spec::GaitSpec;
use std::f64::consts::TAU;

/// Wave state and the body's muscle layout.
#[derive(Debug, Clone)]
pub struct Wave {
    muscle_names: Vec<String>,
    dorsal: Vec<bool>,
    body_fraction: Vec<f64>,
    amplitude: f64,
    baseline: f64,
    steering_body_fraction: f64,
    phase_rad: f64,
}

impl Wave {
    /// A wave for the body's muscles.
    pub fn new(gait: &GaitSpec, motor: &MotorLayout) -> Self {
        Wave {
            muscle_names: motor.muscle_names.clone(),
            dorsal: motor.dorsal.clone(),
            body_fraction: motor.body_fraction.clone(),
            amplitude: gait.amplitude,
            baseline: gait.baseline,
            steering_body_fraction: gait.steering_body_fraction,
            phase_rad: 0.0,
        }
    }

    /// Muscle names, the model's outputs.
    pub fn muscle_names(&self) -> &[String] {
        &self.muscle_names
    }

    /// Advances the temporal phase (integrated, so frequency changes do not jump).
    pub fn advance(&mut self, frequency_hz: f64, dt_s: f64) {
        self.phase_rad = (self.phase_rad + TAU * frequency_hz * dt_s) % TAU;
    }

    /// Writes muscle activations: a wave of `wavelength_body_lengths` travelling backward along the body
    /// (forward crawling) or forward (`backward`), plus `bias` on the steering muscles (all muscles when
    /// `whole_body`).
    pub fn write(&self, wavelength_body_lengths: f64, backward: bool, bias: f64, whole_body: bool, output: &mut NeuralOutput) {
        let spatial_sign = if backward { -1.0 } else { 1.0 };
        output.activity.resize(self.muscle_names.len(), 0.0);
        for (m, activity) in output.activity.iter_mut().enumerate() {
            let wave = (self.phase_rad - spatial_sign * TAU * self.body_fraction[m] / wavelength_body_lengths).sin();
            let side = if self.dorsal[m] { 1.0 } else { -1.0 };
            let steer = if whole_body || self.body_fraction[m] < self.steering_body_fraction { bias } else { 0.0 };
            *activity = (self.baseline + side * (self.amplitude * wave + steer)).clamp(0.0, 1.0);
        }
    }
}

