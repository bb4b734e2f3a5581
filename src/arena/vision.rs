//! The fly's vision reduced to a looming object: each eye is the hemisphere of directions on its side of
//! the head, sampled by a fixed lattice of rays cast against the object (an analytic ray-sphere test). The
//! background is uniformly bright (1) and the object dark (0), so an eye's luminance is the fraction of its
//! rays that miss the object, and the object's angular size is the diameter of the disc whose solid angle
//! equals that of the rays that hit it: 2 acos(1 - hit fraction) over a 2 pi sr hemisphere.

use super::looming::Sphere;
use crate::config::fly_body_spec::EyesSpec;

/// Eye order in the sensor frame.
pub const EYE_NAMES: [&str; 2] = ["eye_left", "eye_right"];

/// What one eye saw at one step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EyeSample {
    /// Fraction of rays that do not hit the dark object.
    pub luminance: f64,
    /// Angular diameter of the object as sampled (0 when no ray hits it).
    pub size_deg: f64,
}

/// Both eyes' ray lattices, as unit vectors in the head frame (x forward, y left, z up).
#[derive(Debug, Clone)]
pub struct Eyes {
    rays: [Vec<[f64; 3]>; 2],
}

impl Eyes {
    /// Spreads `rays_per_eye` rays evenly over each eye's hemisphere (a Fibonacci lattice: equal steps of
    /// the component along the eye's axis give equal areas, and the golden angle spreads them around it).
    pub fn new(spec: &EyesSpec) -> Self {
        let n = spec.rays_per_eye;
        let golden_rad = std::f64::consts::PI * (3.0 - 5f64.sqrt());
        let lattice = |side: f64| {
            (0..n)
                .map(|i| {
                    let axial = (i as f64 + 0.5) / n as f64;
                    let (across, angle) = ((1.0 - axial * axial).sqrt(), i as f64 * golden_rad);
                    [across * angle.cos(), side * axial, across * angle.sin()]
                })
                .collect()
        };
        Eyes { rays: [lattice(1.0), lattice(-1.0)] }
    }

    /// Casts every ray from `eye_mm` (the head) with the head turned `heading_rad` about the vertical.
    pub fn sample(&self, eye_mm: [f64; 3], heading_rad: f64, object: Option<&Sphere>) -> [EyeSample; 2] {
        let (sin, cos) = heading_rad.sin_cos();
        self.rays.each_ref().map(|rays| {
            let hits = object.map_or(0, |sphere| {
                rays.iter().filter(|d| hits_sphere(eye_mm, [d[0] * cos - d[1] * sin, d[0] * sin + d[1] * cos, d[2]], sphere)).count()
            });
            let fraction = hits as f64 / rays.len() as f64;
            EyeSample { luminance: 1.0 - fraction, size_deg: 2.0 * (1.0 - fraction).acos().to_degrees() }
        })
    }
}

/// Whether the ray from `origin` along the unit vector `direction` meets the sphere.
fn hits_sphere(origin: [f64; 3], direction: [f64; 3], sphere: &Sphere) -> bool {
    let to_centre = [0, 1, 2].map(|k| sphere.centre_mm[k] - origin[k]);
    let along: f64 = (0..3).map(|k| to_centre[k] * direction[k]).sum();
    let distance2: f64 = to_centre.iter().map(|c| c * c).sum();
    let r2 = sphere.radius_mm * sphere.radius_mm;
    // From inside every ray hits; from outside only rays pointing toward it that pass within the radius.
    distance2 <= r2 || (along > 0.0 && distance2 - along * along <= r2)
}
