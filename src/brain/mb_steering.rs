//! How the phenomenological fly uses its mushroom body: each antenna's learned odours are read through the
//! Kenyon cells into an aversion (avoidance minus approach MBON drive); the fly steers away from the antenna
//! with more aversion and turns back where aversion rises (a learned odour's boundary), while the shock it
//! feels drives the dopamine that depresses the active KCs' approach synapses. Each antenna's input is
//! read by the same circuit, our approximation of the bilateral calyces (the read-out rule and its numbers
//! are this project's, not fitted).

use super::mushroom_body::MushroomBody;
use crate::config::mushroom_body_spec::{MbSteeringSpec, MushroomBodySpec};
use crate::rng::SplitMix64;

/// What the mushroom body asks of the walk this step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MbCommand {
    /// Steady turn, counter-clockwise positive (away from the more aversive side).
    pub turn_deg_per_s: f64,
    /// An avoidance turn to queue, if one was triggered.
    pub avoidance_turn_deg: Option<f64>,
}

/// The mushroom body with its read-out state.
#[derive(Debug, Clone)]
pub struct MbSteering {
    circuit: MushroomBody,
    steering: MbSteeringSpec,
    odours: usize,
    concentrations: Vec<f64>,
    kc_left: Vec<f64>,
    kc_right: Vec<f64>,
    kc_mean: Vec<f64>,
    smoothed_aversion: f64,
    aversion: (f64, f64),
    rng: SplitMix64,
}

impl MbSteering {
    /// Builds the circuit; `rng` (its own stream, so that a fly without learned odours draws as one
    /// without a mushroom body) decides when avoidance turns start. Errors name the field at fault.
    pub fn new(spec: &MushroomBodySpec, rng: SplitMix64) -> Result<Self, (&'static str, String)> {
        let s = &spec.steering;
        for (field, value) in [("turns_per_unit_rise", s.turns_per_unit_rise), ("bilateral_deg_per_s_per_unit", s.bilateral_deg_per_s_per_unit), ("avoidance_turn_deg", s.avoidance_turn_deg)] {
            if !(value >= 0.0 && value.is_finite()) {
                return Err((field, format!("must be non-negative and finite, got {value}")));
            }
        }
        if !(s.rise_tau_s > 0.0 && s.rise_tau_s.is_finite()) {
            return Err(("rise_tau_s", format!("must be positive and finite, got {}", s.rise_tau_s)));
        }
        Ok(MbSteering {
            circuit: MushroomBody::new(spec)?,
            steering: s.clone(),
            odours: spec.odours.len(),
            concentrations: vec![0.0; spec.odours.len()],
            kc_left: Vec::new(),
            kc_right: Vec::new(),
            kc_mean: Vec::new(),
            smoothed_aversion: 0.0,
            aversion: (0.0, 0.0),
            rng,
        })
    }

    /// Input channels it reads, after `first`: each odour at the left then right antenna, then the shock.
    pub fn channels(&self) -> usize {
        2 * self.odours + 1
    }

    /// The circuit.
    pub fn circuit(&self) -> &MushroomBody {
        &self.circuit
    }

    /// Aversion at the left and right antenna at the last step.
    pub fn aversion(&self) -> (f64, f64) {
        self.aversion
    }

    /// One brain step: reads the odours at each antenna and the shock from `input[first..]`, learns, and
    /// says how to turn.
    pub fn step(&mut self, input: &[f64], first: usize, dt_s: f64) -> MbCommand {
        let at = |i: usize| input.get(first + i).copied().filter(|v| v.is_finite()).unwrap_or(0.0);
        for side in 0..2 {
            for o in 0..self.odours {
                self.concentrations[o] = at(2 * o + side);
            }
            let kc = if side == 0 { &mut self.kc_left } else { &mut self.kc_right };
            self.circuit.kc_activity(&self.concentrations, kc);
        }
        self.kc_mean.clear();
        self.kc_mean.extend(self.kc_left.iter().zip(&self.kc_right).map(|(l, r)| 0.5 * (l + r)));
        self.circuit.learn(&self.kc_mean, at(2 * self.odours), dt_s);
        let (left, right) = (self.circuit.aversion(&self.kc_left), self.circuit.aversion(&self.kc_right));
        self.aversion = (left, right);
        let s = &self.steering;
        let before = self.smoothed_aversion;
        self.smoothed_aversion += (0.5 * (left + right) - before) * (dt_s / s.rise_tau_s).min(1.0);
        let rise = (self.smoothed_aversion - before).max(0.0);
        // Expected turns per unit rise: the probability of one in this step is the rise times the rate.
        let rng = &mut self.rng;
        let avoidance_turn_deg = (rise > 0.0 && rng.uniform() < s.turns_per_unit_rise * rise).then(|| {
            let away = if right > left { 1.0 } else if left > right { -1.0 } else if rng.uniform() < 0.5 { 1.0 } else { -1.0 };
            away * s.avoidance_turn_deg
        });
        MbCommand { turn_deg_per_s: -s.bilateral_deg_per_s_per_unit * (left - right), avoidance_turn_deg }
    }
}
