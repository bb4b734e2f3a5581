//! Path curvature, zones, chemotaxis indices, pirouettes vs dC/dt, weathervaning, food leaving.

use crate::scoring::eigenworms::resample;
use crate::scoring::track::Track;

/// A region of the arena.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// Disc of a centre and radius.
    Circle {
        /// Centre.
        centre_mm: [f64; 2],
        /// Radius.
        radius_mm: f64,
    },
    /// Axis-aligned rectangle.
    Rect {
        /// Lower corner.
        min_mm: [f64; 2],
        /// Upper corner.
        max_mm: [f64; 2],
    },
}

impl Zone {
    /// True when the point lies inside (boundary included).
    pub fn contains(&self, p: [f64; 2]) -> bool {
        match *self {
            Zone::Circle { centre_mm: c, radius_mm: r } => (p[0] - c[0]).hypot(p[1] - c[1]) <= r,
            Zone::Rect { min_mm: a, max_mm: b } => p[0] >= a[0] && p[0] <= b[0] && p[1] >= a[1] && p[1] <= b[1],
        }
    }
}

/// Signed curvature (1/mm, positive counter-clockwise) of the centroid path, resampled every `step_mm` of
/// arc length so that tracker jitter at rest does not read as sharp turning. A circle of radius R gives 1/R.
pub fn path_curvature_per_mm(track: &Track, step_mm: f64) -> Vec<f64> {
    let path_mm: f64 = track.centroid_mm.windows(2).map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1])).sum();
    let n = (path_mm / step_mm).floor() as usize + 1;
    let Some(points) = resample(&track.centroid_mm, n.max(3)) else { return Vec::new() };
    let ds = path_mm / (points.len() - 1) as f64;
    let headings: Vec<f64> = points.windows(2).map(|w| (w[1][1] - w[0][1]).atan2(w[1][0] - w[0][0])).collect();
    headings.windows(2).map(|h| wrap(h[1] - h[0]) / ds).collect()
}

fn wrap(a: f64) -> f64 {
    (a + std::f64::consts::PI).rem_euclid(std::f64::consts::TAU) - std::f64::consts::PI
}

/// Fraction of the track's time spent with the centroid inside the zone (each frame weighted by the
/// interval to the next).
pub fn fraction_time_in_zone(track: &Track, zone: &Zone) -> f64 {
    let (mut inside, mut total) = (0.0, 0.0);
    for i in 0..track.len().saturating_sub(1) {
        let dt = track.times_s[i + 1] - track.times_s[i];
        total += dt;
        if zone.contains(track.centroid_mm[i]) {
            inside += dt;
        }
    }
    if total > 0.0 { inside / total } else { f64::NAN }
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

/// Sharp turns: centroid heading changes above `min_turn_deg` between successive `interval_s` steps of the
/// path, as Pierce-Shimomura et al. 1999 found turns from centroid direction; returns onset times.
pub fn sharp_turn_times_s(track: &Track, interval_s: f64, min_turn_deg: f64) -> Vec<f64> {
    let mut samples = Vec::new();
    let mut t = track.times_s.first().copied().unwrap_or(0.0);
    while let Some(&last) = track.times_s.last() {
        if t > last { break; }
        let i = track.index_at(t).min(track.len() - 1);
        samples.push((track.times_s[i], track.centroid_mm[i]));
        t += interval_s;
    }
    let headings: Vec<(f64, f64)> = samples.windows(2).map(|w| (w[0].0, (w[1].1[1] - w[0].1[1]).atan2(w[1].1[0] - w[0].1[0]))).collect();
    headings.windows(2).filter(|h| wrap(h[1].1 - h[0].1).abs().to_degrees() > min_turn_deg).map(|h| h[1].0).collect()
}

/// Pirouettes: bouts of sharp turns separated by less than `t_crit_s` (Pierce-Shimomura et al. 1999 took
/// the critical interval from the break in the inter-turn interval distribution). Returns (start, end) times.
pub fn pirouettes(turn_times_s: &[f64], t_crit_s: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for &t in turn_times_s {
        match out.last_mut() {
            Some(last) if t - last.1 < t_crit_s => last.1 = t,
            _ => out.push((t, t)),
        }
    }
    out
}

/// Pirouette rate in one bin of dC/dt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateBin {
    /// Lower edge of the bin.
    pub lo: f64,
    /// Upper edge of the bin.
    pub hi: f64,
    /// Pirouette onsets in the bin.
    pub events: usize,
    /// Time spent in the bin outside pirouettes.
    pub time_s: f64,
    /// Onsets per minute of that time.
    pub rate_per_min: f64,
}

/// Pirouette onset rate as a function of dC/dt along the path (Pierce-Shimomura et al. 1999): dC/dt is the
/// slope of the per-frame `concentration` series over `dcdt_window_s`; each frame's time is assigned to its
/// dC/dt bin, each pirouette onset to the bin at its onset. `edges` are the bin edges, increasing.
pub fn pirouette_rate_vs_dcdt(track: &Track, concentration: &[f64], pirouettes_s: &[(f64, f64)], dcdt_window_s: f64, edges: &[f64]) -> Vec<RateBin> {
    let dcdt: Vec<f64> = (0..track.len()).map(|i| {
        let t = track.times_s[i];
        let a = track.index_at(t - dcdt_window_s).min(i);
        if a == i { f64::NAN } else { (concentration[i] - concentration[a]) / (t - track.times_s[a]) }
    }).collect();
    let mut bins: Vec<RateBin> = edges.windows(2).map(|e| RateBin { lo: e[0], hi: e[1], events: 0, time_s: 0.0, rate_per_min: f64::NAN }).collect();
    let bin_of = |v: f64| bins_index(edges, v);
    let in_pirouette = |t: f64| pirouettes_s.iter().any(|p| t > p.0 && t <= p.1);
    for i in 0..track.len().saturating_sub(1) {
        if let Some(b) = bin_of(dcdt[i]) {
            if !in_pirouette(track.times_s[i]) {
                bins[b].time_s += track.times_s[i + 1] - track.times_s[i];
            }
        }
    }
    for p in pirouettes_s {
        let i = track.index_at(p.0).min(track.len() - 1);
        if let Some(b) = bin_of(dcdt[i]) {
            bins[b].events += 1;
        }
    }
    for b in &mut bins {
        if b.time_s > 0.0 {
            b.rate_per_min = b.events as f64 / (b.time_s / 60.0);
        }
    }
    bins
}

fn bins_index(edges: &[f64], v: f64) -> Option<usize> {
    if !v.is_finite() || edges.len() < 2 || v < edges[0] || v > *edges.last().unwrap() {
        return None;
    }
    Some(edges.partition_point(|&e| e <= v).saturating_sub(1).min(edges.len() - 2))
}

/// Mean curving rate in one bearing bin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvingBin {
    /// Lower bearing edge, degrees.
    pub lo_deg: f64,
    /// Upper bearing edge, degrees.
    pub hi_deg: f64,
    /// Path steps in the bin.
    pub samples: usize,
    /// Mean curving rate, degrees per mm (positive counter-clockwise).
    pub mean_curving_deg_per_mm: f64,
}

/// Weathervaning (Iino & Yoshida 2009): curving rate (deg/mm of path, counter-clockwise positive) against
/// bearing, the angle from the direction of travel to the up-gradient direction (counter-clockwise
/// positive). Curving toward the gradient gives curving rates with the sign of the bearing. The path is
/// resampled every `step_mm`; `up_gradient` gives the up-gradient direction at a point; `bins` equal bins.
pub fn curving_rate_vs_bearing(track: &Track, step_mm: f64, up_gradient: impl Fn([f64; 2]) -> [f64; 2], bins: usize) -> Vec<CurvingBin> {
    let path_mm: f64 = track.centroid_mm.windows(2).map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1])).sum();
    let width = 360.0 / bins as f64;
    let mut out: Vec<CurvingBin> = (0..bins).map(|b| CurvingBin { lo_deg: -180.0 + b as f64 * width, hi_deg: -180.0 + (b + 1) as f64 * width, samples: 0, mean_curving_deg_per_mm: 0.0 }).collect();
    let n = (path_mm / step_mm).floor() as usize + 1;
    let Some(points) = resample(&track.centroid_mm, n.max(3)) else { return out };
    let ds = path_mm / (points.len() - 1) as f64;
    for w in points.windows(3) {
        let h0 = (w[1][1] - w[0][1]).atan2(w[1][0] - w[0][0]);
        let h1 = (w[2][1] - w[1][1]).atan2(w[2][0] - w[1][0]);
        let g = up_gradient(w[1]);
        let bearing = wrap(g[1].atan2(g[0]) - h0).to_degrees();
        let b = (((bearing + 180.0) / width) as usize).min(bins - 1);
        out[b].samples += 1;
        out[b].mean_curving_deg_per_mm += wrap(h1 - h0).to_degrees() / ds;
    }
    for b in &mut out {
        b.mean_curving_deg_per_mm = if b.samples > 0 { b.mean_curving_deg_per_mm / b.samples as f64 } else { f64::NAN };
    }
    out
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
