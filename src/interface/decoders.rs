//! The connectome brain's motor decoder: body-wall muscle drive from the neuromuscular junctions,
//! u_m = gain * sum_n contacts_nm * sign_n * max(V_n - Vth_n - threshold, 0), through a first-order muscle.
//!
//! Rectified-linear rather than sigmoid: at rest (V = Vth) no muscle is driven, the drive grows with
//! depolarisation as in Kim et al. 2019 (u = M (V - Vth), kept positive), and the only saturation is
//! the muscle's own [0, 1] clip, so one gain sets the operating range.

use super::{Decoder, StepFactor};
use crate::buffers::{MuscleCommand, NeuralOutput};

/// NMJ-weighted decoder with a low-pass muscle.
#[derive(Debug, Clone)]
pub struct NmjDecoder {
    /// Row starts into `junctions` per body muscle (length muscles + 1).
    start: Vec<usize>,
    /// (output index, signed contacts) of every junction, grouped by muscle in junction order.
    junctions: Vec<(usize, f64)>,
    gain_per_mv_contact: f64,
    threshold_mv: f64,
    activation_tau_s: f64,
    /// The muscle's low-pass factor for the last control step length.
    alpha: StepFactor,
    activation: Vec<f64>,
}

impl NmjDecoder {
    /// A threshold above zero keeps motor neurons that only receive stretch input (not command drive) from
    /// moving the body, standing in for the gating by command interneurons.
    /// `junctions`: (output index, muscle name, contacts, inhibitory); muscles the body lacks are skipped.
    pub fn new(junctions: impl IntoIterator<Item = (usize, String, f64, bool)>, muscle_names: &[String], gain_per_mv_contact: f64, threshold_mv: f64, activation_tau_s: f64) -> Self {
        let mut rows = vec![Vec::new(); muscle_names.len()];
        for (output, muscle, contacts, inhibitory) in junctions {
            if let Some(m) = muscle_names.iter().position(|x| *x == muscle) {
                rows[m].push((output, if inhibitory { -contacts } else { contacts }));
            }
        }
        let mut start = vec![0];
        let mut flat = Vec::new();
        for row in rows {
            flat.extend(row);
            start.push(flat.len());
        }
        NmjDecoder { activation: vec![0.0; muscle_names.len()], start, junctions: flat, gain_per_mv_contact, threshold_mv, activation_tau_s, alpha: StepFactor::default() }
    }

    /// Muscles with at least one junction.
    pub fn innervated(&self) -> usize {
        self.start.windows(2).filter(|w| w[1] > w[0]).count()
    }
}

impl Decoder for NmjDecoder {
    fn decode(&mut self, output: &NeuralOutput, dt_s: f64, command: &mut MuscleCommand) {
        let tau_s = self.activation_tau_s;
        let alpha = self.alpha.get(dt_s, |dt_s| if tau_s > 0.0 { 1.0 - (-dt_s / tau_s).exp() } else { 1.0 });
        command.activation.resize(self.activation.len(), 0.0);
        for ((row, a), out) in self.start.windows(2).zip(&mut self.activation).zip(&mut command.activation) {
            let u: f64 = self.junctions[row[0]..row[1]].iter().map(|&(n, w)| w * (output.activity[n] - self.threshold_mv).max(0.0)).sum();
            let target = (self.gain_per_mv_contact * u).clamp(0.0, 1.0);
            *a += alpha * (target - *a);
            *out = *a;
        }
    }
}
