//! Resistive-force-theory media: drag per unit length along and across a slender segment.

use crate::config::environment_spec::MediumSpec;

/// 1 N s/m^2 in internal units (mg / (mm s)).
const N_S_PER_M2_IN_INTERNAL: f64 = 1.0e3;

/// Drag coefficients per unit body length, in internal units (mg / (mm s)).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Medium {
    /// Drag per length against motion along the body axis.
    pub tangential_per_mm: f32,
    /// Drag per length against motion across the body axis.
    pub normal_per_mm: f32,
}

impl Medium {
    /// Converts a spec in SI units into internal drag coefficients.
    pub fn from_spec(spec: &MediumSpec) -> Self {
        let tangential = spec.tangential_drag_n_s_per_m2 * N_S_PER_M2_IN_INTERNAL;
        Medium {
            tangential_per_mm: tangential as f32,
            normal_per_mm: (tangential * spec.normal_to_tangential_ratio) as f32,
        }
    }
}

/// Running sums, over the physics steps of one control step, of the power the medium dissipates and of
/// the squared segment speeds that dissipate it. Their ratio is the external load the body feels: a
/// drag coefficient per length that lies between the medium's tangential and normal ones, nearer the
/// one the segments' motion loads most. It is measured from the forces applied, not read from a label.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DragTally {
    power: f64,
    speed_sq_length: f64,
}

impl DragTally {
    /// Adds one segment's drag over one step: squared speeds along and across its axis, its length.
    pub fn add(&mut self, medium: &Medium, along_sq: f32, across_sq: f32, length_mm: f32) {
        let (along_sq, across_sq, length_mm) = (along_sq as f64, across_sq as f64, length_mm as f64);
        self.power += (medium.tangential_per_mm as f64 * along_sq + medium.normal_per_mm as f64 * across_sq) * length_mm;
        self.speed_sq_length += (along_sq + across_sq) * length_mm;
    }

    /// Starts a new window (each control step's sensing reads only its own physics steps).
    pub fn clear(&mut self) {
        *self = DragTally::default();
    }

    /// Drag power per squared speed per length, N s/m^2; NaN when nothing moved (no load to feel).
    pub fn load_n_s_per_m2(&self) -> f64 {
        if self.speed_sq_length > 0.0 {
            self.power / self.speed_sq_length / N_S_PER_M2_IN_INTERNAL
        } else {
            f64::NAN
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WATER: Medium = Medium { tangential_per_mm: 3.3, normal_per_mm: 5.2 };

    #[test]
    fn the_load_is_the_drag_coefficient_of_the_motion_and_nan_without_motion() {
        let mut tally = DragTally::default();
        assert!(tally.load_n_s_per_m2().is_nan());
        tally.add(&WATER, 4.0, 0.0, 0.1);
        assert!((tally.load_n_s_per_m2() - 3.3e-3).abs() < 1e-9, "pure sliding feels the tangential drag");
        tally.clear();
        tally.add(&WATER, 0.0, 9.0, 0.2);
        assert!((tally.load_n_s_per_m2() - 5.2e-3).abs() < 1e-9, "pure sideways motion feels the normal drag");
        // Equal squared speeds both ways on equal lengths: the mean of the two coefficients.
        tally.add(&WATER, 9.0, 0.0, 0.2);
        assert!((tally.load_n_s_per_m2() - 4.25e-3).abs() < 1e-9, "{}", tally.load_n_s_per_m2());
    }
}
