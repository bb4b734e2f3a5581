//! A central pattern generator: a travelling sine wave of dorsal and ventral muscle activation, in
//! antiphase, with scheduled reversals of its direction. Enough to drive the loop; not a neural model.

use super::{Brain, MotorLayout};
use crate::buffers::{NeuralInput, NeuralOutput};
use crate::config::brain_spec::{PatternGeneratorSpec, WaveDirection};
use std::f64::consts::TAU;

/// The travelling-wave generator; its outputs are named after the body's muscles.
pub struct PatternGenerator {
    spec: PatternGeneratorSpec,
    muscle_names: Vec<String>,
    dorsal: Vec<bool>,
    body_fraction: Vec<f64>,
    paralysed: Vec<bool>,
    phase_rad: f64,
    time_s: f64,
}

impl PatternGenerator {
    /// Builds the generator; errors name the field and the value at fault.
    pub fn new(spec: &PatternGeneratorSpec, motor: &MotorLayout) -> Result<Self, (&'static str, String)> {
        if !(spec.frequency_hz >= 0.0 && spec.frequency_hz.is_finite()) {
            return Err(("frequency_hz", format!("must be non-negative, got {}", spec.frequency_hz)));
        }
        if !(spec.wavelength_body_lengths > 0.0) {
            return Err(("wavelength_body_lengths", format!("must be positive, got {}", spec.wavelength_body_lengths)));
        }
        let mut paralysed = vec![false; motor.muscle_names.len()];
        for name in &spec.paralysed_muscles {
            match motor.muscle_names.iter().position(|m| m == name) {
                Some(index) => paralysed[index] = true,
                None => return Err(("paralysed_muscles", format!("unknown muscle name `{name}`: the body has no such muscle (it has {} muscles, e.g. {})", motor.muscle_names.len(), motor.muscle_names.iter().take(3).cloned().collect::<Vec<_>>().join(", ")))),
            }
        }
        Ok(PatternGenerator {
            spec: spec.clone(),
            muscle_names: motor.muscle_names.clone(),
            dorsal: motor.dorsal.clone(),
            body_fraction: motor.body_fraction.clone(),
            paralysed,
            phase_rad: 0.0,
            time_s: 0.0,
        })
    }

    fn direction_at(&self, time_s: f64) -> WaveDirection {
        let reversed = self.spec.reversals.iter().any(|r| time_s >= r.start_s && time_s < r.start_s + r.duration_s);
        match (self.spec.direction, reversed) {
            (d, false) => d,
            (WaveDirection::Forward, true) => WaveDirection::Backward,
            (WaveDirection::Backward, true) => WaveDirection::Forward,
        }
    }
}

impl Brain for PatternGenerator {
    fn input_names(&self) -> &[String] {
        &[]
    }

    fn output_names(&self) -> &[String] {
        &self.muscle_names
    }

    fn step_n(&mut self, _input: &NeuralInput, steps: usize, dt_s: f64, output: &mut NeuralOutput) {
        // The temporal phase is integrated, so a reversal flips the spatial term without a jump in time.
        self.phase_rad = (self.phase_rad + TAU * self.spec.frequency_hz * dt_s * steps as f64) % TAU;
        self.time_s += dt_s * steps as f64;
        let spatial_sign = match self.direction_at(self.time_s) {
            WaveDirection::Forward => 1.0,
            WaveDirection::Backward => -1.0,
        };
        output.activity.resize(self.muscle_names.len(), 0.0);
        for (m, activity) in output.activity.iter_mut().enumerate() {
            if self.paralysed[m] {
                *activity = 0.0;
                continue;
            }
            let wave = (self.phase_rad - spatial_sign * TAU * self.body_fraction[m] / self.spec.wavelength_body_lengths).sin();
            let signed = if self.dorsal[m] { wave } else { -wave };
            *activity = (self.spec.baseline + self.spec.amplitude * signed).clamp(0.0, 1.0);
        }
    }

    fn backend(&self) -> &'static str {
        "cpu"
    }
}
