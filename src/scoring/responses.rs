//! Responses to discrete stimuli (taps, touches, heat pulses): a response is a reversal (a backward
//! epoch, Yemini et al. 2013) that begins within a window after the stimulus, as in tap-habituation
//! assays (Rankin & Broster 1992; Wicks & Rankin 1996) and touch assays (Chalfie & Sulston 1981).

use crate::scoring::motion::{motion_states, reversal_onsets_s, signed_speed_mm_per_s, MotionState, SPEED_WINDOW_S};
use crate::scoring::track::Track;

/// Whether a reversal begins in (stimulus, stimulus + window]; None when the track does not cover the window.
pub fn responded(track: &Track, states: &[MotionState], stimulus_s: f64, window_s: f64) -> Option<bool> {
    let (first, last) = (*track.times_s.first()?, *track.times_s.last()?);
    if stimulus_s < first || stimulus_s + window_s > last {
        return None;
    }
    Some(reversal_onsets_s(track, states).iter().any(|&t| t > stimulus_s && t <= stimulus_s + window_s))
}

/// Per-stimulus responses of one animal, stimuli in order (None where the track does not cover one).
pub fn responses(track: &Track, stimuli_s: &[f64], window_s: f64, body_length_mm: f64) -> Vec<Option<bool>> {
    let speeds = signed_speed_mm_per_s(track, SPEED_WINDOW_S);
    let states = motion_states(track, &speeds, body_length_mm);
    stimuli_s.iter().map(|&s| responded(track, &states, s, window_s)).collect()
}

/// Response probability at one stimulus number across animals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HabituationPoint {
    /// 1-based stimulus number.
    pub stimulus: usize,
    /// Animals that responded.
    pub responders: usize,
    /// Animals observed at this stimulus.
    pub animals: usize,
    /// responders / animals.
    pub probability: f64,
}

/// Habituation curve: response probability against stimulus number, from each animal's responses.
pub fn habituation_curve(per_animal: &[Vec<Option<bool>>]) -> Vec<HabituationPoint> {
    let n = per_animal.iter().map(Vec::len).max().unwrap_or(0);
    (0..n).map(|k| {
        let seen: Vec<bool> = per_animal.iter().filter_map(|r| r.get(k).copied().flatten()).collect();
        let responders = seen.iter().filter(|&&r| r).count();
        HabituationPoint { stimulus: k + 1, responders, animals: seen.len(), probability: if seen.is_empty() { f64::NAN } else { responders as f64 / seen.len() as f64 } }
    }).collect()
}

/// Fraction of all observed stimuli that gave a response (pooled over stimuli and animals).
pub fn response_probability(per_animal: &[Vec<Option<bool>>]) -> f64 {
    let seen: Vec<bool> = per_animal.iter().flatten().filter_map(|r| *r).collect();
    if seen.is_empty() { f64::NAN } else { seen.iter().filter(|&&r| r).count() as f64 / seen.len() as f64 }
}
