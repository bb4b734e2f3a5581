//! Non-associative habituation of a reflex (Rankin & Broster 1992): each stimulus removes a fraction of
//! each unit's responsiveness, which recovers exponentially between stimuli; the response probability is
//! the naive probability times the product of the units. A fast and a slow unit (the multiple-time-scale
//! model of Staddon & Higa 1996) make habituation faster and deeper at a 10 s than at a 60 s interval,
//! which a single time scale cannot do to the published extent.

use crate::config::behavioral_spec::{HabituationSpec, HabituationUnitSpec};

/// Responsiveness of one reflex, 1 per unit when rested.
#[derive(Debug, Clone)]
pub struct Habituation {
    naive_probability: f64,
    units: Vec<(HabituationUnitSpec, f64)>,
}

impl Habituation {
    /// A rested reflex.
    pub fn new(spec: &HabituationSpec) -> Self {
        Habituation { naive_probability: spec.naive_probability, units: spec.timescales.iter().map(|u| (*u, 1.0)).collect() }
    }

    /// Spontaneous recovery over `dt_s`.
    pub fn recover(&mut self, dt_s: f64) {
        for (spec, h) in &mut self.units {
            *h = 1.0 - (1.0 - *h) * (-dt_s / spec.recovery_tau_s).exp();
        }
    }

    /// Delivers a stimulus: the probability of responding to it, then the decrement.
    pub fn stimulate(&mut self) -> f64 {
        let p = self.naive_probability * self.units.iter().map(|(_, h)| h).product::<f64>();
        for (spec, h) in &mut self.units {
            *h *= 1.0 - spec.decrement;
        }
        p
    }
}
