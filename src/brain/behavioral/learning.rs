//! Salt chemotaxis learning (Saeki, Yamamoto & Iino 2001; Kunitomo et al. 2013): NaCl sensed without
//! food drives the salt valence from attraction toward avoidance; food drives it back. The rate grows
//! with concentration (saturating), so a dilute gradient barely conditions while a salt dish does.

use crate::config::behavioral_spec::LearningSpec;

/// The learned sign and strength of salt's attraction.
#[derive(Debug, Clone)]
pub struct SaltValence {
    spec: LearningSpec,
    valence: f64,
}

impl SaltValence {
    /// A naive animal.
    pub fn new(spec: &LearningSpec) -> Self {
        SaltValence { spec: spec.clone(), valence: spec.naive_valence }
    }

    /// Current valence (positive: attraction).
    pub fn valence(&self) -> f64 {
        self.valence
    }

    /// One step of `dt_s` at salt concentration `salt_mm`, on or off food.
    pub fn update(&mut self, salt_mm: f64, on_food: bool, dt_s: f64) {
        let s = &self.spec;
        if on_food {
            self.valence += (1.0 - (-dt_s / s.recovery_tau_s).exp()) * (s.naive_valence - self.valence);
        } else if salt_mm > 0.0 {
            let rate_per_s = salt_mm / (salt_mm + s.half_saturation_mm) / s.conditioning_tau_s;
            self.valence += (1.0 - (-dt_s * rate_per_s).exp()) * (s.conditioned_valence - self.valence);
        }
    }
}
