//! Food patches (bacterial lawns) whose food runs out as the animal eats.

use crate::config::environment_spec::FoodPatchSpec;

/// A disk of food with a remaining amount.
#[derive(Debug, Clone, PartialEq)]
pub struct FoodPatch {
    name: String,
    center_mm: (f64, f64),
    radius_mm: f64,
    remaining: f64,
    eating_rate_per_s: f64,
}

impl FoodPatch {
    /// A full patch.
    pub fn new(spec: &FoodPatchSpec) -> Self {
        FoodPatch {
            name: spec.name.clone(),
            center_mm: spec.center_mm,
            radius_mm: spec.radius_mm,
            remaining: spec.amount.max(0.0),
            eating_rate_per_s: spec.eating_rate_per_s.max(0.0),
        }
    }

    /// The patch's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Food left.
    pub fn remaining(&self) -> f64 {
        self.remaining
    }

    /// Whether a point lies on the lawn.
    pub fn contains(&self, point: [f64; 2]) -> bool {
        (point[0] - self.center_mm.0).powi(2) + (point[1] - self.center_mm.1).powi(2) <= self.radius_mm * self.radius_mm
    }

    /// Food per mm^2 at a point: what is left, spread evenly over the lawn.
    pub fn density_at(&self, point: [f64; 2]) -> f64 {
        if self.contains(point) {
            self.remaining / (std::f64::consts::PI * self.radius_mm * self.radius_mm)
        } else {
            0.0
        }
    }

    /// Eats for `dt_s`; the patch never goes below empty.
    pub fn eat(&mut self, dt_s: f64) {
        self.remaining = (self.remaining - self.eating_rate_per_s * dt_s).max(0.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_depletes_while_eaten_and_stops_at_empty() {
        let mut patch = FoodPatch::new(&FoodPatchSpec { name: "lawn".into(), center_mm: (0.0, 0.0), radius_mm: 1.0, amount: 1.0, eating_rate_per_s: 0.1 });
        let before = patch.density_at([0.0, 0.0]);
        patch.eat(5.0);
        assert!((patch.remaining() - 0.5).abs() < 1e-12);
        assert!(patch.density_at([0.0, 0.0]) < before);
        patch.eat(100.0);
        assert_eq!(patch.remaining(), 0.0);
        assert_eq!(patch.density_at([2.0, 0.0]), 0.0);
    }
}
