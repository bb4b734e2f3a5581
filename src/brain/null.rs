//! The negative controls: a paralysed worm (every muscle relaxed) and a random-motor worm (each muscle
//! follows its own Ornstein-Uhlenbeck noise). Both take no sensory input; they must fail the suite.

use super::Brain;
use crate::buffers::{NeuralInput, NeuralOutput};
use crate::config::null_spec::NullSpec;
use crate::rng::SplitMix64;

/// A paralysed or random-motor brain; outputs are named after the body's muscles.
pub struct NullBrain {
    spec: NullSpec,
    muscle_names: Vec<String>,
    activation: Vec<f64>,
    rng: SplitMix64,
}

impl NullBrain {
    /// Builds the control for `muscle_names`; `stream` separates animals of one run.
    pub fn new(spec: &NullSpec, muscle_names: &[String], stream: u64) -> Result<Self, (&'static str, String)> {
        let seed = match spec {
            NullSpec::Paralysed => 0,
            NullSpec::RandomMotor { sd, correlation_s, seed, .. } => {
                if !(*sd >= 0.0 && *correlation_s > 0.0) {
                    return Err(("RandomMotor", format!("sd must be non-negative and correlation_s positive, got {sd} and {correlation_s}")));
                }
                *seed
            }
        };
        let start = match spec {
            NullSpec::Paralysed => 0.0,
            NullSpec::RandomMotor { mean, .. } => *mean,
        };
        Ok(NullBrain { spec: spec.clone(), muscle_names: muscle_names.to_vec(), activation: vec![start; muscle_names.len()], rng: SplitMix64::for_stream(seed, stream) })
    }
}

impl Brain for NullBrain {
    fn input_names(&self) -> &[String] {
        &[]
    }

    fn output_names(&self) -> &[String] {
        &self.muscle_names
    }

    fn step_n(&mut self, _input: &NeuralInput, steps: usize, dt_s: f64, output: &mut NeuralOutput) {
        if let NullSpec::RandomMotor { mean, sd, correlation_s, .. } = self.spec {
            // Exact OU update over the whole control step, so the statistics do not depend on dt.
            let decay = (-(dt_s * steps as f64) / correlation_s).exp();
            let kick = sd * (1.0 - decay * decay).sqrt();
            for a in &mut self.activation {
                *a = mean + (*a - mean) * decay + kick * self.rng.normal();
            }
        }
        output.activity.clear();
        output.activity.extend(self.activation.iter().map(|a| a.clamp(0.0, 1.0)));
    }

    fn backend(&self) -> &'static str {
        "cpu"
    }
}
