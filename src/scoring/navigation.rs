//! Path curvature, chemotaxis indices and food leaving. Pirouettes are in `pirouettes`, weathervaning
//! in `weathervane`, zones and time in them in `zones`.

use crate::scoring::eigenworms::resample;
use crate::scoring::track::Track;
use crate::scoring::zones::{fraction_time_in_zone, Zone};

/// Signed curvature (1/mm, positive counter-clockwise) of the centroid path, resampled every `step_mm` of
/// arc length so that tracker jitter at rest does not read as sharp turning. A circle of radius R gives 1/R.
pub fn path_curvature_per_mm(track: &Track, step_mm: f64) -> Vec<f64> {
    let path_mm: f64 = track.centroid_mm.windows(2).map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1])).sum();
    let n = (path_mm / step_mm).floor() as usize + 1;
    let Some(points) = resample(&track.centroid_mm, n.max(3)) else { return Vec::new() };
    let ds = path_mm / (points.len() - 1) as f64;
    let headings: Vec<f64> = points.windows(2).map(|w| (w[1][1] - w[0][1]).atan2(w[1][0] - w[0][0])).collect();
    headings.windows(2).map(|h| wrap_rad(h[1] - h[0]) / ds).collect()
}

/// An angle wrapped into [-pi, pi).
pub(crate) fn wrap_rad(a: f64) -> f64 {
    (a + std::f64::consts::PI).rem_euclid(std::f64::consts::TAU) - std::f64::consts::PI
}

/// Animals counted at the end of a chemotaxis assay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChemotaxisCounts {
    /// Animals in the attractant region.
    pub attractant: usize,
    /// Animals in the control region.
    pub control: usize,
    /// All animals on the plate (including those in neither region).
    pub total: usize,
}

impl ChemotaxisCounts {
    /// Counts endpoints (last centroids) in the attractant and control zones.
    pub fn from_endpoints(endpoints_mm: &[[f64; 2]], attractant: &Zone, control: &Zone) -> Self {
        ChemotaxisCounts {
            attractant: endpoints_mm.iter().filter(|p| attractant.contains(**p)).count(),
            control: endpoints_mm.iter().filter(|p| control.contains(**p)).count(),
            total: endpoints_mm.len(),
        }
    }

    /// CI = (A - C) / N_total, the definition of Bargmann, Hartwieg & Horvitz 1993 (Cell 74:515).
    pub fn index_bargmann_1993(&self) -> f64 {
        (self.attractant as f64 - self.control as f64) / self.total as f64
    }

    /// CI = (A - C) / (A + C), the variant some later papers use (animals elsewhere ignored).
    pub fn index_a_plus_c(&self) -> f64 {
        (self.attractant as f64 - self.control as f64) / (self.attractant + self.control) as f64
    }
}

/// Food leaving (Milward et al. 2011): exits of the centroid from the lawn that stay outside at least
/// `min_outside_s`; returns (exits, exits per minute of time spent on the lawn).
pub fn food_leaving(track: &Track, lawn: &Zone, min_outside_s: f64) -> (usize, f64) {
    let inside: Vec<bool> = track.centroid_mm.iter().map(|p| lawn.contains(*p)).collect();
    let mut exits = 0;
    for (on, start, end) in crate::scoring::motion::runs(&inside) {
        let left_lawn = !on && start > 0;
        let stayed_out = track.times_s[end - 1] - track.times_s[start] >= min_outside_s || end == inside.len() && min_outside_s <= 0.0;
        if left_lawn && stayed_out {
            exits += 1;
        }
    }
    let on_food_min = fraction_time_in_zone(track, lawn) * track.duration_s() / 60.0;
    (exits, if on_food_min > 0.0 { exits as f64 / on_food_min } else { f64::NAN })
}
