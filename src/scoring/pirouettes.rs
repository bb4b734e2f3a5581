//! Pirouettes and klinokinesis (Pierce-Shimomura, Morse & Lockery 1999 J Neurosci 19:9557): worms
//! reorient in bouts, "pirouettes", of reversals and omega turns separated by less than a critical
//! interval, and start them more often when the concentration they experience falls (dC/dt < 0). The
//! rate is measured per bin of dC/dt: each frame's time outside pirouettes goes to its bin, each
//! pirouette's onset to the bin of the dC/dt at that moment.

use crate::scoring::motion::{motion_states, reversal_onsets_s, signed_speed_mm_per_s, SPEED_WINDOW_S};
use crate::scoring::track::Track;
use crate::scoring::turns::{detect_turns, TurnKind};

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
    headings.windows(2).filter(|h| crate::scoring::navigation::wrap_rad(h[1].1 - h[0].1).abs().to_degrees() > min_turn_deg).map(|h| h[1].0).collect()
}

/// Reorientations the animal makes: reversal onsets (starts of backward epochs, Yemini et al. 2013)
/// and omega-turn starts, in time order. None when the track cannot tell forward from backward (no
/// midline to give the body length and the head's side).
pub fn reorientation_times_s(track: &Track) -> Option<Vec<f64>> {
    let body_length_mm = track.body_length_mm()?;
    track.head_direction()?;
    let states = motion_states(track, &signed_speed_mm_per_s(track, SPEED_WINDOW_S), body_length_mm);
    let mut times = reversal_onsets_s(track, &states);
    times.extend(detect_turns(track).iter().filter(|e| e.kind == TurnKind::Omega).map(|e| e.start_s));
    times.sort_by(|a, b| a.total_cmp(b));
    Some(times)
}

/// Pirouettes: bouts of reorientations separated by less than `t_crit_s` (Pierce-Shimomura et al. 1999
/// took the critical interval from the break in the inter-turn interval distribution). Returns (start,
/// end) times: the first and last reorientation of each bout.
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
    /// Onsets per minute of that time (NaN when no time was spent in the bin).
    pub rate_per_min: f64,
}

/// dC/dt at each frame: the change of `concentration` over the past `window_s`, per second (NaN for the
/// first frame, which has no past).
pub fn dcdt_per_s(track: &Track, concentration: &[f64], window_s: f64) -> Vec<f64> {
    (0..track.len()).map(|i| {
        let t = track.times_s[i];
        let a = track.index_at(t - window_s).min(i);
        if a == i { f64::NAN } else { (concentration[i] - concentration[a]) / (t - track.times_s[a]) }
    }).collect()
}

/// Pirouette onset rate as a function of dC/dt along the path (Pierce-Shimomura et al. 1999): dC/dt is the
/// slope of the per-frame `concentration` series over `dcdt_window_s`; each frame's time is assigned to its
/// dC/dt bin, each pirouette onset to the bin at its onset. `edges` are the bin edges, increasing.
pub fn pirouette_rate_vs_dcdt(track: &Track, concentration: &[f64], pirouettes_s: &[(f64, f64)], dcdt_window_s: f64, edges: &[f64]) -> Vec<RateBin> {
    let dcdt = dcdt_per_s(track, concentration, dcdt_window_s);
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

/// How pirouettes are found and binned.
#[derive(Debug, Clone, PartialEq)]
pub struct PirouetteParams {
    /// Reorientations closer than this belong to one pirouette.
    pub critical_interval_s: f64,
    /// dC/dt is taken over this past window.
    pub dcdt_window_s: f64,
    /// Edges of the reported dC/dt bins, increasing.
    pub dcdt_edges: Vec<f64>,
}

/// One animal's pirouettes against dC/dt.
#[derive(Debug, Clone, PartialEq)]
pub struct PirouetteSummary {
    /// Pirouettes found.
    pub pirouettes: usize,
    /// Rate in each dC/dt bin of the parameters.
    pub bins: Vec<RateBin>,
    /// Rate while the concentration falls (dC/dt < 0), per minute.
    pub down_per_min: f64,
    /// Rate while it does not fall (dC/dt >= 0), per minute.
    pub up_per_min: f64,
}

impl PirouetteSummary {
    /// Down-gradient minus up-gradient rate: positive for klinokinesis toward higher concentration.
    pub fn index_per_min(&self) -> f64 {
        self.down_per_min - self.up_per_min
    }
}

/// Pirouettes of a track against the concentration at its head at each frame (`Track::sample_at_head`);
/// None when the track cannot give reorientations (see [`reorientation_times_s`]).
pub fn pirouette_summary(track: &Track, concentration: &[f64], params: &PirouetteParams) -> Option<PirouetteSummary> {
    let bouts = pirouettes(&reorientation_times_s(track)?, params.critical_interval_s);
    let bins = pirouette_rate_vs_dcdt(track, concentration, &bouts, params.dcdt_window_s, &params.dcdt_edges);
    // Falling against not falling: dC/dt exactly 0 (no gradient, or no movement) is not down-gradient.
    let halves = pirouette_rate_vs_dcdt(track, concentration, &bouts, params.dcdt_window_s, &[f64::NEG_INFINITY, -f64::MIN_POSITIVE, f64::INFINITY]);
    Some(PirouetteSummary { pirouettes: bouts.len(), bins, down_per_min: halves[0].rate_per_min, up_per_min: halves[1].rate_per_min })
}
