//! Signed speed, motion states and reversals, after Yemini et al. 2013 (Nat Methods 10:877; the
//! open-worm-analysis-toolbox): speeds are normalised by body length so worms and larvae share thresholds.

use crate::scoring::track::{mean, Track};

/// Window over which centroid displacement gives the speed (Sawin et al. 2000 use 0.5-1 s).
pub const SPEED_WINDOW_S: f64 = 0.5;
/// Forward/backward: at least this speed, in body lengths per second (Yemini 2013: 5% L/s).
pub const MOVING_SPEED_L_PER_S: f64 = 0.05;
/// Forward/backward: at least this distance over the epoch, body lengths (Yemini 2013: 5% L).
pub const MOVING_DISTANCE_L: f64 = 0.05;
/// Paused: at most this speed, body lengths per second (Yemini 2013: 2.5% L/s).
pub const PAUSED_SPEED_L_PER_S: f64 = 0.025;
/// Every motion epoch lasts longer than this (Yemini 2013: 0.5 s).
pub const MIN_EPOCH_S: f64 = 0.5;

/// Signed centroid speed at each frame: displacement over a window centred on the frame, divided by the
/// time it spans, negative when the displacement points away from the head (tail-first motion).
/// Unsigned when the track carries no head or midline. Sawin et al. 2000; Yemini et al. 2013. Frames
/// farther apart than half the window (e.g. a 0.5 s recording interval) use the neighbouring frames:
/// the window widens to twice the sampling interval instead of leaving every speed undefined.
pub fn signed_speed_mm_per_s(track: &Track, window_s: f64) -> Vec<f64> {
    let direction = track.head_direction();
    (0..track.len()).map(|i| {
        let t = track.times_s[i];
        let a = track.index_at(t - 0.5 * window_s).min(i);
        let b = (track.index_at(t + 0.5 * window_s + 1e-9).saturating_sub(1)).max(i);
        let (a, b) = (if a == i { i.saturating_sub(1) } else { a }, if b == i { (i + 1).min(track.len() - 1) } else { b });
        if a == b {
            return f64::NAN;
        }
        let (p, q) = (track.centroid_mm[a], track.centroid_mm[b]);
        let d = [q[0] - p[0], q[1] - p[1]];
        let speed = d[0].hypot(d[1]) / (track.times_s[b] - track.times_s[a]);
        match &direction {
            Some(dir) if dir[i][0].is_finite() => if d[0] * dir[i][0] + d[1] * dir[i][1] < 0.0 { -speed } else { speed },
            _ => speed,
        }
    }).collect()
}

/// Motion state of a frame (Yemini et al. 2013).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MotionState {
    /// Moving head first for >0.5 s at >=5% L/s, covering >=5% L.
    Forward,
    /// Moving tail first, same thresholds.
    Backward,
    /// At most 2.5% L/s for >0.5 s.
    Paused,
    /// None of the above (transitions, too-short epochs, missing data).
    Unclassified,
}

/// A maximal run of frames in one motion state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MotionEpoch {
    /// State of the run.
    pub state: MotionState,
    /// First frame.
    pub start: usize,
    /// One past the last frame.
    pub end: usize,
    /// Time of the first frame.
    pub start_s: f64,
    /// Time of the last frame.
    pub end_s: f64,
}

/// Runs of equal values as (value, start, end) with `end` exclusive.
pub(crate) fn runs<T: Copy + PartialEq>(values: &[T]) -> Vec<(T, usize, usize)> {
    let mut out: Vec<(T, usize, usize)> = Vec::new();
    for (i, &v) in values.iter().enumerate() {
        match out.last_mut() {
            Some(last) if last.0 == v => last.2 = i + 1,
            _ => out.push((v, i, i + 1)),
        }
    }
    out
}

/// Motion state of every frame from signed speeds: candidate frames by speed threshold, kept only where
/// the run of candidates lasts longer than 0.5 s (and, when moving, covers 5% of a body length).
pub fn motion_states(track: &Track, speeds_mm_per_s: &[f64], body_length_mm: f64) -> Vec<MotionState> {
    let candidate: Vec<MotionState> = speeds_mm_per_s.iter().map(|&v| {
        let v_l = v / body_length_mm;
        if !v_l.is_finite() { MotionState::Unclassified }
        else if v_l >= MOVING_SPEED_L_PER_S { MotionState::Forward }
        else if v_l <= -MOVING_SPEED_L_PER_S { MotionState::Backward }
        else if v_l.abs() <= PAUSED_SPEED_L_PER_S { MotionState::Paused }
        else { MotionState::Unclassified }
    }).collect();
    let mut states = vec![MotionState::Unclassified; candidate.len()];
    for (state, start, end) in runs(&candidate) {
        if state == MotionState::Unclassified {
            continue;
        }
        let duration = track.times_s[end - 1] - track.times_s[start];
        let path_mm: f64 = track.centroid_mm[start..end].windows(2).map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1])).sum();
        let moving_enough = state == MotionState::Paused || path_mm >= MOVING_DISTANCE_L * body_length_mm;
        if duration > MIN_EPOCH_S && moving_enough {
            states[start..end].fill(state);
        }
    }
    states
}

/// Epochs (maximal runs) of the motion states.
pub fn motion_epochs(track: &Track, states: &[MotionState]) -> Vec<MotionEpoch> {
    runs(states).into_iter().map(|(state, start, end)| MotionEpoch {
        state, start, end, start_s: track.times_s[start], end_s: track.times_s[end - 1],
    }).collect()
}

/// Reversal onsets: starts of backward epochs (Yemini 2013 "backward motion events"), as times.
pub fn reversal_onsets_s(track: &Track, states: &[MotionState]) -> Vec<f64> {
    motion_epochs(track, states).iter().filter(|e| e.state == MotionState::Backward).map(|e| e.start_s).collect()
}

/// Motion of one track summarised as per-animal values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MotionSummary {
    /// Body length used to normalise (median midline length, or as given).
    pub body_length_mm: f64,
    /// Median absolute signed speed over all frames.
    pub median_speed_mm_per_s: f64,
    /// Mean speed over forward frames.
    pub mean_forward_speed_mm_per_s: f64,
    /// Fraction of time forward.
    pub fraction_forward: f64,
    /// Fraction of time backward.
    pub fraction_backward: f64,
    /// Fraction of time paused.
    pub fraction_paused: f64,
    /// Backward-epoch onsets per minute of track.
    pub reversal_rate_per_min: f64,
}

/// Speed, motion-state fractions and reversal rate of a track; `body_length_mm` overrides the midline's.
pub fn motion_summary(track: &Track, body_length_mm: Option<f64>) -> Option<MotionSummary> {
    let body_length_mm = body_length_mm.or_else(|| track.body_length_mm())?;
    if track.len() < 2 || track.duration_s() <= 0.0 {
        return None;
    }
    let speeds = signed_speed_mm_per_s(track, SPEED_WINDOW_S);
    let states = motion_states(track, &speeds, body_length_mm);
    let n = states.len() as f64;
    let fraction = |s: MotionState| states.iter().filter(|&&x| x == s).count() as f64 / n;
    let mut abs: Vec<f64> = speeds.iter().map(|v| v.abs()).collect();
    let forward: Vec<f64> = speeds.iter().zip(&states).filter(|(_, &s)| s == MotionState::Forward).map(|(v, _)| *v).collect();
    Some(MotionSummary {
        body_length_mm,
        median_speed_mm_per_s: crate::scoring::track::median(&mut abs),
        mean_forward_speed_mm_per_s: mean(&forward),
        fraction_forward: fraction(MotionState::Forward),
        fraction_backward: fraction(MotionState::Backward),
        fraction_paused: fraction(MotionState::Paused),
        reversal_rate_per_min: reversal_onsets_s(track, &states).len() as f64 / (track.duration_s() / 60.0),
    })
}
