//! Weathervaning (Iino & Yoshida 2009 J Neurosci 29:5370): during forward runs the path curves toward
//! the side of higher concentration. The curving rate (degrees of heading change per mm of path,
//! counter-clockwise positive) is measured against the bearing, the angle from the direction of travel
//! to the up-gradient direction (counter-clockwise positive); weathervaning gives curving rates with the
//! sign of the bearing. The weathervane index is the least-squares slope of curving rate on bearing over
//! bearings within +-90 degrees, where the relation is close to linear: (deg/mm) per degree of bearing,
//! positive toward higher concentration, 0 for a path blind to the gradient.

use crate::scoring::motion::{motion_states, signed_speed_mm_per_s, MotionState, SPEED_WINDOW_S};
use crate::scoring::navigation::wrap_rad;
use crate::scoring::pirouettes::{pirouettes, reorientation_times_s};
use crate::scoring::track::Track;

/// Bearings within this many degrees of the gradient enter the index's fit.
pub const INDEX_BEARING_LIMIT_DEG: f64 = 90.0;

/// One step of a resampled path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvingStep {
    /// Bearing of the up-gradient direction from the direction of travel, degrees in [-180, 180).
    pub bearing_deg: f64,
    /// Heading change over the next step per mm of path, counter-clockwise positive.
    pub curving_deg_per_mm: f64,
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
    /// Mean curving rate, degrees per mm (positive counter-clockwise; NaN for an empty bin).
    pub mean_curving_deg_per_mm: f64,
}

/// Points every `step_mm` of arc length along a timed polyline, with their interpolated times (the
/// tail shorter than a step is dropped).
fn resample_by_arc(times_s: &[f64], points: &[[f64; 2]], step_mm: f64) -> Vec<(f64, [f64; 2])> {
    let mut out = Vec::new();
    let (Some(&first), Some(&t0)) = (points.first(), times_s.first()) else { return out };
    out.push((t0, first));
    let mut next_s = step_mm;
    let mut travelled = 0.0;
    for k in 1..points.len() {
        let (a, b) = (points[k - 1], points[k]);
        let length = (b[0] - a[0]).hypot(b[1] - a[1]);
        while length > 0.0 && travelled + length >= next_s {
            let f = (next_s - travelled) / length;
            out.push((times_s[k - 1] + f * (times_s[k] - times_s[k - 1]), [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])]));
            next_s += step_mm;
        }
        travelled += length;
    }
    out
}

/// Curving steps of one stretch of path (frames `start..end`), resampled every `step_mm`; `up_gradient`
/// gives the up-gradient direction at a point and time (steps where it is zero or undefined are skipped).
pub fn curving_steps(track: &Track, start: usize, end: usize, step_mm: f64, up_gradient: &impl Fn([f64; 2], f64) -> [f64; 2]) -> Vec<CurvingStep> {
    let points = resample_by_arc(&track.times_s[start..end], &track.centroid_mm[start..end], step_mm);
    points.windows(3).filter_map(|w| {
        let ((_, p0), (t1, p1), (_, p2)) = (w[0], w[1], w[2]);
        let h0 = (p1[1] - p0[1]).atan2(p1[0] - p0[0]);
        let h1 = (p2[1] - p1[1]).atan2(p2[0] - p1[0]);
        let g = up_gradient(p1, t1);
        if !(g[0].hypot(g[1]) > 0.0) {
            return None;
        }
        Some(CurvingStep { bearing_deg: wrap_rad(g[1].atan2(g[0]) - h0).to_degrees(), curving_deg_per_mm: wrap_rad(h1 - h0).to_degrees() / step_mm })
    }).collect()
}

/// Mean curving rate in `bins` equal bearing bins over [-180, 180).
pub fn bin_by_bearing(steps: &[CurvingStep], bins: usize) -> Vec<CurvingBin> {
    let width = 360.0 / bins as f64;
    let mut out: Vec<CurvingBin> = (0..bins).map(|b| CurvingBin { lo_deg: -180.0 + b as f64 * width, hi_deg: -180.0 + (b + 1) as f64 * width, samples: 0, mean_curving_deg_per_mm: 0.0 }).collect();
    for s in steps {
        let b = (((s.bearing_deg + 180.0) / width) as usize).min(bins - 1);
        out[b].samples += 1;
        out[b].mean_curving_deg_per_mm += s.curving_deg_per_mm;
    }
    for b in &mut out {
        b.mean_curving_deg_per_mm = if b.samples > 0 { b.mean_curving_deg_per_mm / b.samples as f64 } else { f64::NAN };
    }
    out
}

/// Curving rate against bearing over the whole centroid path (no run segmentation), in `bins` bins.
pub fn curving_rate_vs_bearing(track: &Track, step_mm: f64, up_gradient: impl Fn([f64; 2], f64) -> [f64; 2], bins: usize) -> Vec<CurvingBin> {
    bin_by_bearing(&curving_steps(track, 0, track.len(), step_mm, &up_gradient), bins)
}

/// Least-squares slope of curving rate on bearing over steps within +-90 degrees of the gradient (NaN
/// with fewer than 3 such steps or no spread of bearings).
pub fn weathervane_index(steps: &[CurvingStep]) -> f64 {
    let near: Vec<&CurvingStep> = steps.iter().filter(|s| s.bearing_deg.abs() <= INDEX_BEARING_LIMIT_DEG).collect();
    if near.len() < 3 {
        return f64::NAN;
    }
    let n = near.len() as f64;
    let mx = near.iter().map(|s| s.bearing_deg).sum::<f64>() / n;
    let my = near.iter().map(|s| s.curving_deg_per_mm).sum::<f64>() / n;
    let sxx: f64 = near.iter().map(|s| (s.bearing_deg - mx).powi(2)).sum();
    let sxy: f64 = near.iter().map(|s| (s.bearing_deg - mx) * (s.curving_deg_per_mm - my)).sum();
    if sxx > 0.0 { sxy / sxx } else { f64::NAN }
}

/// Forward runs: maximal stretches of frames in the forward state (Yemini et al. 2013) outside
/// pirouettes (reorientations closer than `critical_interval_s`), as frame ranges `start..end`. None
/// when the track cannot tell forward from backward.
pub fn forward_runs(track: &Track, critical_interval_s: f64) -> Option<Vec<(usize, usize)>> {
    let body_length_mm = track.body_length_mm()?;
    let bouts = pirouettes(&reorientation_times_s(track)?, critical_interval_s);
    let states = motion_states(track, &signed_speed_mm_per_s(track, SPEED_WINDOW_S), body_length_mm);
    let usable: Vec<bool> = (0..track.len()).map(|i| {
        let t = track.times_s[i];
        states[i] == MotionState::Forward && !bouts.iter().any(|p| t >= p.0 && t <= p.1)
    }).collect();
    Some(crate::scoring::motion::runs(&usable).into_iter().filter(|r| r.0).map(|r| (r.1, r.2)).collect())
}

/// One animal's weathervaning.
#[derive(Debug, Clone, PartialEq)]
pub struct WeathervaneSummary {
    /// Slope of curving rate on bearing, (deg/mm) per degree (see the module docs).
    pub index: f64,
    /// Path steps measured in forward runs.
    pub steps: usize,
    /// Mean curving rate per bearing bin.
    pub bins: Vec<CurvingBin>,
}

/// Weathervaning of a track's forward runs; None when the track cannot tell forward from backward.
pub fn weathervane_summary(track: &Track, step_mm: f64, critical_interval_s: f64, up_gradient: impl Fn([f64; 2], f64) -> [f64; 2], bins: usize) -> Option<WeathervaneSummary> {
    let steps: Vec<CurvingStep> = forward_runs(track, critical_interval_s)?.into_iter().flat_map(|(a, b)| curving_steps(track, a, b, step_mm, &up_gradient)).collect();
    Some(WeathervaneSummary { index: weathervane_index(&steps), steps: steps.len(), bins: bin_by_bearing(&steps, bins) })
}
