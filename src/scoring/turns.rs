//! Omega and upsilon turns after Yemini et al. 2013 (supplement, "Turns"): the body is cut in thirds and
//! the mean supplementary (bend) angle of each third is followed in time. An omega turn is a contiguous
//! sequence in which a bend above 30 deg appears at the head but not the tail, then at the midbody, then at
//! the tail but not the head (the run of frames is bridged where the bend straddles two thirds and
//! neither mean reaches 30 deg; see `detect_turns`). An upsilon turn is any other event where one end's bend exceeds 15 deg while
//! the opposite end stays below 30 deg.

use crate::scoring::eigenworms::resample;
use crate::scoring::motion::runs;
use crate::scoring::track::Track;

/// Omega threshold on a third's mean bend, degrees (Yemini 2013).
pub const OMEGA_DEG: f64 = 30.0;
/// Upsilon threshold on an end third's mean bend, degrees (Yemini 2013).
pub const UPSILON_DEG: f64 = 15.0;
/// Skeleton points after resampling (Yemini's skeletons have 49).
const POINTS: usize = 49;
/// Bend angles span 1/12 of the body either side of a point, as in the toolbox's posture bends.
const EDGE: usize = 4;

/// Mean signed bend angle (degrees) over the head, middle and tail thirds of a midline (head first).
pub fn third_bends_deg(midline: &[[f64; 2]]) -> [f64; 3] {
    let Some(points) = resample(midline, POINTS) else { return [f64::NAN; 3] };
    let mut sums = [0.0; 3];
    let mut counts = [0usize; 3];
    for i in EDGE..POINTS - EDGE {
        let (p, c, q) = (points[i - EDGE], points[i], points[i + EDGE]);
        let a = (c[1] - p[1]).atan2(c[0] - p[0]);
        let b = (q[1] - c[1]).atan2(q[0] - c[0]);
        let bend = (b - a + std::f64::consts::PI).rem_euclid(std::f64::consts::TAU) - std::f64::consts::PI;
        let third = (i * 3 / POINTS).min(2);
        sums[third] += bend.to_degrees();
        counts[third] += 1;
    }
    [0, 1, 2].map(|k| sums[k] / counts[k].max(1) as f64)
}

/// Kind of turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TurnKind {
    /// A deep bend travelling head to tail.
    Omega,
    /// A shallower bend at one end.
    Upsilon,
}

/// One turn event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TurnEvent {
    /// Omega or upsilon.
    pub kind: TurnKind,
    /// First frame.
    pub start: usize,
    /// One past the last frame.
    pub end: usize,
    /// Time of the first frame.
    pub start_s: f64,
}

/// Omega and upsilon turns of a track with midlines (empty without).
pub fn detect_turns(track: &Track) -> Vec<TurnEvent> {
    let Some(mids) = &track.midlines_mm else { return Vec::new() };
    let bends: Vec<[f64; 3]> = mids.iter().map(|m| third_bends_deg(m)).collect();
    let mut events = Vec::new();
    // Omega: within a run of bent frames, find head-only, then mid, then tail-only frames above 30 deg. The
    // run stays alive while some third exceeds half the threshold: a bend crossing from one third to the
    // next is split between their means and would otherwise cut one turn into pieces.
    let active: Vec<bool> = bends.iter().map(|b| b.iter().any(|x| x.abs() > 0.5 * OMEGA_DEG)).collect();
    let mut omega_frames = vec![false; bends.len()];
    for (on, start, end) in runs(&active) {
        if !on {
            continue;
        }
        let mut stage = 0;
        for b in &bends[start..end] {
            let (h, m, t) = (b[0].abs() > OMEGA_DEG, b[1].abs() > OMEGA_DEG, b[2].abs() > OMEGA_DEG);
            stage = match stage {
                0 if h && !t => 1,
                1 if m => 2,
                2 if t && !h => 3,
                s => s,
            };
        }
        if stage == 3 {
            events.push(TurnEvent { kind: TurnKind::Omega, start, end, start_s: track.times_s[start] });
            omega_frames[start..end].fill(true);
        }
    }
    let upsilon: Vec<bool> = bends.iter().map(|b| {
        let (h, t) = (b[0].abs(), b[2].abs());
        (h > UPSILON_DEG && t <= OMEGA_DEG) || (t > UPSILON_DEG && h <= OMEGA_DEG)
    }).collect();
    for (on, start, end) in runs(&upsilon) {
        if on && !omega_frames[start..end].iter().any(|&f| f) {
            events.push(TurnEvent { kind: TurnKind::Upsilon, start, end, start_s: track.times_s[start] });
        }
    }
    events.sort_by(|a, b| a.start.cmp(&b.start));
    events
}

/// Events of one kind per minute of track.
pub fn turn_rate_per_min(track: &Track, events: &[TurnEvent], kind: TurnKind) -> f64 {
    events.iter().filter(|e| e.kind == kind).count() as f64 / (track.duration_s() / 60.0)
}
