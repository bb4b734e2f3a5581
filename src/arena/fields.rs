//! Scalar fields over the plate: constant, linear, Gaussian, a spot diffusing from a point, a plume
//! carried by the wind (time-averaged or as filaments), and two half-planes meeting at a smooth edge.

use super::filament_plume::{FilamentPlume, FilamentPlumeParams};
use crate::config::environment_spec::FieldSpec;
use crate::config::first_not_positive;

/// A validated scalar field, evaluated at a point and time.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalarField {
    spec: FieldSpec,
    /// The drawn plume of a `FilamentPlume` spec.
    filaments: Option<FilamentPlume>,
}

impl ScalarField {
    /// Checks the parameters that would make the field undefined; a random field is realisation 0.
    pub fn new(spec: &FieldSpec) -> Result<Self, String> {
        Self::realisation(spec, 0)
    }

    /// As `new`, with random fields (filament plumes) drawn as realisation `realisation`.
    pub fn realisation(spec: &FieldSpec, realisation: u64) -> Result<Self, String> {
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
            FieldSpec::AdvectedPlume { release_per_s, wind_mm_per_s, diffusion_mm2_per_s, source_radius_mm, .. } => {
                if !(wind_mm_per_s.0.hypot(wind_mm_per_s.1) > 0.0) {
                    return Err(format!("an advected plume needs a wind: wind_mm_per_s is {wind_mm_per_s:?}"));
                }
                if let Some((field, value)) = first_not_positive(&[("release_per_s", release_per_s), ("diffusion_mm2_per_s", diffusion_mm2_per_s), ("source_radius_mm", source_radius_mm)]) {
                    return Err(format!("{field} must be positive, got {value}"));
                }
            }
            FieldSpec::HalfPlane { edge_width_mm, .. } if !(edge_width_mm > 0.0) => return Err(format!("edge_width_mm must be positive, got {edge_width_mm}")),
            _ => {}
        }
        let filaments = match *spec {
            FieldSpec::FilamentPlume {
                source_mm, release_per_s, wind_mm_per_s, puffs_per_s, puff_radius_mm, puff_growth_mm2_per_s, wander_mm2_per_s, meander_deg, meander_time_s, length_mm,
            } => {
                let params = FilamentPlumeParams {
                    source_mm: [source_mm.0, source_mm.1],
                    release_per_s,
                    wind_mm_per_s: [wind_mm_per_s.0, wind_mm_per_s.1],
                    puffs_per_s,
                    puff_radius_mm,
                    puff_growth_mm2_per_s,
                    wander_mm2_per_s,
                    meander_deg,
                    meander_time_s,
                    length_mm,
                };
                Some(FilamentPlume::new(params, realisation)?)
            }
            _ => None,
        };
        Ok(ScalarField { spec: spec.clone(), filaments })
    }

    /// Whether the field fluctuates from instant to instant (a filament plume).
    pub fn is_intermittent(&self) -> bool {
        self.filaments.is_some()
    }

    /// How far a filament plume's swing turns the air at `point_mm` from the mean wind (None: the field
    /// does not move the air).
    pub fn air_turn_rad(&self, point_mm: [f64; 2], time_s: f64) -> Option<f64> {
        self.filaments.as_ref().map(|plume| plume.air_turn_rad(point_mm, time_s))
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
            FieldSpec::AdvectedPlume { source_mm, release_per_s, wind_mm_per_s, diffusion_mm2_per_s, source_radius_mm } => {
                let speed = wind_mm_per_s.0.hypot(wind_mm_per_s.1);
                let (along, across) = (wind_mm_per_s.0 / speed, wind_mm_per_s.1 / speed);
                let (dx, dy) = (x - source_mm.0, y - source_mm.1);
                let downwind = dx * along + dy * across;
                let crosswind = -dx * across + dy * along;
                let r0_sq = source_radius_mm * source_radius_mm;
                let sigma_sq = r0_sq + 2.0 * diffusion_mm2_per_s * downwind.max(0.0) / speed;
                let upwind_blob = if downwind < 0.0 { (-downwind * downwind / (2.0 * r0_sq)).exp() } else { 1.0 };
                release_per_s / (speed * (std::f64::consts::TAU * sigma_sq).sqrt()) * (-crosswind * crosswind / (2.0 * sigma_sq)).exp() * upwind_blob
            }
            FieldSpec::FilamentPlume { .. } => self.filaments.as_ref().map_or(0.0, |plume| plume.concentration(point_mm, time_s)),
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

    fn plume(wind_mm_per_s: (f64, f64)) -> Result<ScalarField, String> {
        ScalarField::new(&FieldSpec::AdvectedPlume { source_mm: (10.0, 0.0), release_per_s: 1000.0, wind_mm_per_s, diffusion_mm2_per_s: 50.0, source_radius_mm: 1.0 })
    }

    #[test]
    fn an_advected_plume_carries_its_release_downwind_and_widens() {
        // Wind toward -x: downwind of the source at x = 10 is x < 10.
        let field = plume((-100.0, 0.0)).unwrap();
        // Mass balance: every cross-section carries the release, Q = U x (integral of c across the wind).
        for downwind_mm in [5.0, 40.0] {
            let flux: f64 = (-4000..4000).map(|i| 100.0 * field.value([10.0 - downwind_mm, i as f64 * 0.01], 0.0) * 0.01).sum();
            assert!((flux - 1000.0).abs() < 1.0, "flux {flux} at {downwind_mm} mm downwind");
        }
        let centre = |s: f64| field.value([10.0 - s, 0.0], 0.0);
        // sigma^2 = 1 + s: the centre line falls as 1 / sqrt(1 + s).
        assert!((centre(3.0) / centre(15.0) - 2.0).abs() < 1e-9, "{} {}", centre(3.0), centre(15.0));
        assert!(field.value([10.0 - 15.0, 8.0], 0.0) < 0.2 * centre(15.0), "two sigma across, the plume has thinned");
        // Upwind of the source it vanishes within a few source radii.
        assert!(field.value([14.0, 0.0], 0.0) < 1e-3 * centre(0.0));
        assert!(plume((0.0, 0.0)).is_err(), "a plume without wind is undefined");
    }

    #[test]
    fn half_plane_is_inside_beyond_its_edge_and_halfway_on_it() {
        let arm = ScalarField::new(&FieldSpec::HalfPlane { toward_deg: 90.0, offset_mm: 2.0, inside: 1.0, outside: 0.0, edge_width_mm: 0.5 }).unwrap();
        assert!((arm.value([5.0, 2.0], 0.0) - 0.5).abs() < 1e-12);
        assert!(arm.value([0.0, 10.0], 0.0) > 0.999 && arm.value([0.0, -6.0], 0.0) < 1e-6);
        assert!(ScalarField::new(&FieldSpec::HalfPlane { toward_deg: 0.0, offset_mm: 0.0, inside: 1.0, outside: 0.0, edge_width_mm: 0.0 }).is_err());
    }
}
