//! Gradient navigation on one scalar preference U (salt valence x ln concentration, minus distance from
//! the cultivation temperature), by the two strategies of the worm:
//! - klinokinesis (Pierce-Shimomura, Morse & Lockery 1999): the reorientation rate is multiplied by
//!   exp(-gain dU/dt), with dU/dt from a slow filter, so runs down the gradient end sooner;
//! - weathervaning (Iino & Yoshida 2009): the head swing samples U on both sides; the correlation of
//!   the fast dU/dt with the head bend says on which side U is higher, and the head steers that way.

use crate::config::behavioral_spec::NavigationSpec;

/// Filters of the preference signal.
#[derive(Debug, Clone)]
pub struct Navigator {
    spec: NavigationSpec,
    last_u: Option<f64>,
    slow_u: Option<f64>,
    slow_du_per_s: f64,
    correlation: f64,
}

fn alpha(dt_s: f64, tau_s: f64) -> f64 {
    if tau_s > 0.0 { 1.0 - (-dt_s / tau_s).exp() } else { 1.0 }
}

impl Navigator {
    /// Filters at rest.
    pub fn new(spec: &NavigationSpec) -> Self {
        Navigator { spec: spec.clone(), last_u: None, slow_u: None, slow_du_per_s: 0.0, correlation: 0.0 }
    }

    /// The preference at the nose: salt valence x ln(C + floor) - weight x |T - T_cult| (a missing
    /// field contributes nothing).
    pub fn preference(&self, salt_mm: f64, temperature_c: f64, valence: f64) -> f64 {
        let s = &self.spec;
        let salt = if salt_mm.is_finite() { valence * (salt_mm.max(0.0) + s.salt_floor_mm).ln() } else { 0.0 };
        let heat = if temperature_c.is_finite() { -s.temperature_weight_per_c * (temperature_c - s.cultivation_c).abs() } else { 0.0 };
        salt + heat
    }

    /// One step with preference `u` and head bend `head_bend_rad`.
    pub fn update(&mut self, u: f64, head_bend_rad: f64, dt_s: f64) {
        let s = &self.spec;
        let fast_du = self.last_u.map_or(0.0, |last| (u - last) / dt_s);
        self.last_u = Some(u);
        let previous = self.slow_u.unwrap_or(u);
        let slow = previous + alpha(dt_s, s.klinokinesis_tau_s) * (u - previous);
        self.slow_u = Some(slow);
        self.slow_du_per_s = (slow - previous) / dt_s;
        self.correlation += alpha(dt_s, s.weathervane_tau_s) * (fast_du * head_bend_rad - self.correlation);
    }

    /// Factor on the reorientation rate.
    pub fn klinokinesis_factor(&self) -> f64 {
        let max = self.spec.klinokinesis_max_factor;
        (-self.spec.klinokinesis_gain_s * self.slow_du_per_s).exp().clamp(1.0 / max, max)
    }

    /// Steering bias toward higher preference (positive: dorsal).
    pub fn steering_bias(&self) -> f64 {
        let max = self.spec.weathervane_max_bias;
        (self.spec.weathervane_gain * self.correlation).clamp(-max, max)
    }
}
