//! The object of a `Loom` stimulus: a dark sphere moving at constant speed toward where the head was at
//! onset. Its state lives in the arena (the stimulus is the world's, not the brain's).

use crate::config::environment_spec::LoomSpec;

/// A sphere in the arena's frame (x, y on the plate, z up from the ground).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sphere {
    /// Centre.
    pub centre_mm: [f64; 3],
    /// Radius.
    pub radius_mm: f64,
}

/// A loom in progress.
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveLoom {
    spec: LoomSpec,
    onset_s: f64,
    start_mm: [f64; 3],
    /// Unit vector from the start toward the head at onset.
    direction: [f64; 3],
}

impl ActiveLoom {
    /// Starts a loom at `onset_s` for a head at `head_mm` facing `heading_rad` (counter-clockwise from +x).
    pub fn new(spec: &LoomSpec, onset_s: f64, head_mm: [f64; 3], heading_rad: f64) -> Self {
        let (azimuth, elevation) = (heading_rad + spec.azimuth_deg.to_radians(), spec.elevation_deg.to_radians());
        let outward = [elevation.cos() * azimuth.cos(), elevation.cos() * azimuth.sin(), elevation.sin()];
        let d0 = spec.start_distance_mm();
        let start_mm = [head_mm[0] + d0 * outward[0], head_mm[1] + d0 * outward[1], head_mm[2] + d0 * outward[2]];
        ActiveLoom { spec: spec.clone(), onset_s, start_mm, direction: outward.map(|c| -c) }
    }

    /// When it began.
    pub fn onset_s(&self) -> f64 {
        self.onset_s
    }

    /// The sphere at `time_s`, or None before onset and once it would have reached the head.
    pub fn sphere_at(&self, time_s: f64) -> Option<Sphere> {
        let t = time_s - self.onset_s;
        if t < 0.0 || t >= self.spec.duration_s() {
            return None;
        }
        let travelled_mm = self.spec.speed_mm_per_s * t;
        let centre_mm = [0, 1, 2].map(|k| self.start_mm[k] + travelled_mm * self.direction[k]);
        Some(Sphere { centre_mm, radius_mm: self.spec.radius_mm })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sphere_approaches_the_head_and_vanishes_at_contact() {
        let spec = LoomSpec { radius_mm: 5.0, speed_mm_per_s: 125.0, start_size_deg: 10.0, azimuth_deg: 90.0, elevation_deg: 0.0 };
        let loom = ActiveLoom::new(&spec, 1.0, [0.0, 0.0, 1.0], 0.0);
        let s = loom.sphere_at(1.0).unwrap();
        assert!((s.centre_mm[1] - spec.start_distance_mm()).abs() < 1e-9 && s.centre_mm[0].abs() < 1e-9, "from the fly's left: {s:?}");
        let later = loom.sphere_at(1.2).unwrap();
        assert!((later.centre_mm[1] - (spec.start_distance_mm() - 25.0)).abs() < 1e-9);
        assert!(loom.sphere_at(0.99).is_none() && loom.sphere_at(1.0 + spec.duration_s()).is_none());
        assert!((spec.size_deg_at(0.0) - 10.0).abs() < 1e-9);
    }
}
