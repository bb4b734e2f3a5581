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
