//! Scalar fields over the plate: constant, linear, Gaussian, a spot diffusing from a point, and two
//! half-planes meeting at a smooth edge.

use crate::config::environment_spec::FieldSpec;

/// A validated scalar field, evaluated at a point and time.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarField {
    spec: FieldSpec,
}

impl ScalarField {
    /// Checks the parameters that would make the field undefined.
    pub fn new(spec: &FieldSpec) -> Result<Self, String> {
        match *spec {
            FieldSpec::Gaussian { sigma_mm, .. } if !(sigma_mm > 0.0) => return Err(format!("sigma_mm must be positive, got {sigma_mm}")),
            FieldSpec::DiffusingSpot { diffusion_mm2_per_s, elapsed_at_start_s, .. } => {
                if !(diffusion_mm2_per_s > 0.0) {
                    return Err(format!("diffusion_mm2_per_s must be positive, got {diffusion_mm2_per_s}"));
                }
                if !(elapsed_at_start_s > 0.0) {
                    return Err(format!("elapsed_at_start_s must be positive (the spot is a point at t = 0), got {elapsed_at_start_s}"));
                }
            }
            FieldSpec::HalfPlane { edge_width_mm, .. } if !(edge_width_mm > 0.0) => return Err(format!("edge_width_mm must be positive, got {edge_width_mm}")),
            _ => {}
        }
        Ok(ScalarField { spec: spec.clone() })
    }

    /// The value at `point_mm`, `time_s` after the start of the run.
    pub fn value(&self, point_mm: [f64; 2], time_s: f64) -> f64 {
        let [x, y] = point_mm;
        match self.spec {
            FieldSpec::Constant(value) => value,
            FieldSpec::Linear { at_origin, gradient_per_mm } => at_origin + gradient_per_mm.0 * x + gradient_per_mm.1 * y,
            FieldSpec::Gaussian { center_mm, peak, sigma_mm, baseline } => {
                let r2 = (x - center_mm.0).powi(2) + (y - center_mm.1).powi(2);
                baseline + peak * (-r2 / (2.0 * sigma_mm * sigma_mm)).exp()
            }
            FieldSpec::DiffusingSpot { center_mm, amount, diffusion_mm2_per_s, elapsed_at_start_s } => {
                let r2 = (x - center_mm.0).powi(2) + (y - center_mm.1).powi(2);
                let spread = 4.0 * diffusion_mm2_per_s * (elapsed_at_start_s + time_s);
                amount / (std::f64::consts::PI * spread) * (-r2 / spread).exp()
            }
            FieldSpec::HalfPlane { toward_deg, offset_mm, inside, outside, edge_width_mm } => {
                let (sin, cos) = toward_deg.to_radians().sin_cos();
                let along = x * cos + y * sin - offset_mm;
                outside + (inside - outside) / (1.0 + (-along / edge_width_mm).exp())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diffusing_spot_conserves_amount_and_flattens() {
        let field = ScalarField::new(&FieldSpec::DiffusingSpot {
            center_mm: (0.0, 0.0),
            amount: 2.0,
            diffusion_mm2_per_s: 1e-3,
            elapsed_at_start_s: 3600.0,
        })
        .unwrap();
        // Integral over the plane (ring quadrature) stays the amount spotted.
        let dr = 0.01;
        let total: f64 = (0..20_000).map(|i| {
            let r = (i as f64 + 0.5) * dr;
            field.value([r, 0.0], 0.0) * std::f64::consts::TAU * r * dr
        }).sum();
        assert!((total - 2.0).abs() < 1e-3, "integral {total}");
        assert!(field.value([0.0, 0.0], 3600.0) < field.value([0.0, 0.0], 0.0));
        assert!(field.value([5.0, 0.0], 0.0) < field.value([1.0, 0.0], 0.0));
    }

    #[test]
    fn linear_and_gaussian_have_their_shapes() {
        let linear = ScalarField::new(&FieldSpec::Linear { at_origin: 50.0, gradient_per_mm: (1.0, 0.0) }).unwrap();
        assert_eq!(linear.value([10.0, 3.0], 0.0), 60.0);
        let gauss = ScalarField::new(&FieldSpec::Gaussian { center_mm: (1.0, 1.0), peak: 2.0, sigma_mm: 1.0, baseline: 0.5 }).unwrap();
        assert!((gauss.value([1.0, 1.0], 0.0) - 2.5).abs() < 1e-12);
        assert!((gauss.value([2.0, 1.0], 0.0) - (0.5 + 2.0 * (-0.5f64).exp())).abs() < 1e-12);
        assert!(ScalarField::new(&FieldSpec::Gaussian { center_mm: (0.0, 0.0), peak: 1.0, sigma_mm: 0.0, baseline: 0.0 }).is_err());
    }

    #[test]
    fn half_plane_is_inside_beyond_its_edge_and_halfway_on_it() {
        let arm = ScalarField::new(&FieldSpec::HalfPlane { toward_deg: 90.0, offset_mm: 2.0, inside: 1.0, outside: 0.0, edge_width_mm: 0.5 }).unwrap();
        assert!((arm.value([5.0, 2.0], 0.0) - 0.5).abs() < 1e-12);
        assert!(arm.value([0.0, 10.0], 0.0) > 0.999 && arm.value([0.0, -6.0], 0.0) < 1e-6);
        assert!(ScalarField::new(&FieldSpec::HalfPlane { toward_deg: 0.0, offset_mm: 0.0, inside: 1.0, outside: 0.0, edge_width_mm: 0.0 }).is_err());
    }
}
