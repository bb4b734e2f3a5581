//! Stepping metrics of legged animals (the fly), on a gait record in the columns of `gait.csv`
//! (`record::gait`): `time_s`, per leg `LEG_stance` (1: tarsus on the ground) and `LEG_JOINT_rad` joint
//! angles. The same code measures simulated runs and real recordings converted to these columns
//! (`scripts/import_fly_kinematics.py` writes flygym's tethered-walking recording as
//! `scoring/fly/tethered_walking_210902_pr_fly1.csv`).
//!
//! Stance and swing: from the `LEG_stance` column where there is one (simulated tarsus contact); a
//! recording without contacts (a tethered fly on a ball) takes stance as retraction, the protraction
//! angle `LEG_ThcYaw_rad` falling (smoothed over `SMOOTH_S`), swing as protraction, as in
//! NeuroMechFly's step-phase convention. Phases shorter than `MIN_PHASE_S` are contact flicker and are
//! merged into their neighbours.
//!
//! A step cycle of a leg runs from one touchdown (swing -> stance) to the next; cycles longer than
//! `MAX_CYCLE_S` are pauses, not steps. A free animal's record can be restricted to walking bouts
//! (`GaitSeries::restrict_to_walking`, from its track): a cycle counts only when the body moves at
//! `MIN_WALKING_SPEED_MM_PER_S` or faster around it, because the reference is a walking fly's record and
//! legs that twitch or shuffle in place are not a gait to compare with it (a fly whose joints jitter
//! without walking would otherwise be scored as stepping). A tethered recording has no track: all its
//! cycles count. Every metric is the mean of per-cycle values, so a real recording
//! segmented into cycles is the reference sample of the same metric:
//! - `step_frequency_hz`: 1 / cycle period (all legs' cycles);
//! - `duty_factor`: share of the cycle in stance;
//! - `swing_duration_s`: the cycle's time in swing. Flies speed up by shortening stance (its duration falls
//!   as 1/speed) while swing lasts about as long at every speed (DeAngelis et al. 2019, eLife 8:e46409,
//!   Fig. 1E), so swing duration can be compared between flies walking at different speeds, where step
//!   frequency and duty factor cannot;
//! - `tripod_coordination_index`: per cycle of the left front leg, (mean stance correlation of the leg
//!   pairs within a tripod - mean correlation of pairs across tripods) / 2, the tripods being NeuroMechFly's
//!   {LF, RM, LH} and {RF, LM, RH}: 1 for a perfect tripod gait, about 0 for independent legs;
//! - `joint_range_PAIR_JOINT_rad` (PAIR front, middle or hind): the joint's peak-to-peak angle within a
//!   cycle, over both legs of the pair.

use crate::scoring::error::{Result, ScoringError};
use std::path::Path;

/// Stance or swing phases shorter than this are contact flicker (a fly's swing lasts 25-50 ms).
pub const MIN_PHASE_S: f64 = 0.01;
/// Smoothing window of the protraction angle when stance is read from retraction: a fifth of the recorded
/// fly's 140-ms cycle (a 5-10 ms window split its slow retraction at every wobble: 13 instead of 7 Hz).
pub const SMOOTH_S: f64 = 0.03;
/// A cycle longer than this is a pause between steps (walking flies step at 5-20 Hz).
pub const MAX_CYCLE_S: f64 = 0.5;
/// An animal with fewer complete cycles than this (all legs together) has no gait: its metrics are NaN.
pub const MIN_CYCLES: usize = 6;
/// A step cycle counts as walking when the body's speed around it reaches this. Our choice, not a published
/// threshold: a third of the 6 mm/s base speed of Alvarez-Salvado et al. 2018's fitted walking model, and
/// above the 0.2-0.4 mm/s drift of a standing body whose legs twitch.
pub const MIN_WALKING_SPEED_MM_PER_S: f64 = 2.0;
/// Window over which that speed is measured, centred on the cycle's middle (two 10-Hz cycles: long
/// enough to average out a step's surge, short enough to follow a stop).
pub const WALKING_WINDOW_S: f64 = 0.2;
/// The start of a track during which the body is settling onto its legs after being placed (it can move
/// 1-2 mm in the first 0.1 s, fast enough to count as walking): no cycle there is walking (a review found
/// the random null's only gaits there).
pub const SETTLE_S: f64 = 0.5;
/// NeuroMechFly's tripods.
const TRIPODS: [[&str; 3]; 2] = [["LF", "RM", "LH"], ["RF", "LM", "RH"]];

/// One leg's series.
#[derive(Debug, Clone, PartialEq)]
pub struct LegSeries {
    /// Leg name, e.g. `LF`.
    pub name: String,
    /// Stance (true) or swing per sample, after flicker is merged.
    pub stance: Vec<bool>,
    /// Joint angles per sample, by joint name (e.g. `ThcYaw`).
    pub joints: Vec<(String, Vec<f64>)>,
}

/// A gait record: sample times and every leg.
#[derive(Debug, Clone, PartialEq)]
pub struct GaitSeries {
    /// Sample times.
    pub time_s: Vec<f64>,
    /// Legs in column order.
    pub legs: Vec<LegSeries>,
    /// Body speed at each sample (from the animal's track), when the record is restricted to walking
    /// bouts; None: every cycle counts (a tethered recording).
    pub body_speed_mm_per_s: Option<Vec<f64>>,
}

/// One leg's complete step cycle: sample indexes [start, end), touchdown to touchdown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepCycle {
    /// Leg index in `GaitSeries::legs`.
    pub leg: usize,
    /// Touchdown sample.
    pub start: usize,
    /// Next touchdown sample.
    pub end: usize,
}

fn format_error(path: &Path, reason: String) -> ScoringError {
    ScoringError::Format { path: path.into(), reason }
}

/// Merges stance/swing runs shorter than `MIN_PHASE_S` into the run before them.
fn merge_flicker(stance: &mut [bool], time_s: &[f64]) {
    let mut start = 0;
    while start < stance.len() {
        let mut end = start;
        while end < stance.len() && stance[end] == stance[start] {
            end += 1;
        }
        let short = end < stance.len() && time_s[end] - time_s[start] < MIN_PHASE_S;
        if start > 0 && short {
            let before = stance[start - 1];
            stance[start..end].iter_mut().for_each(|s| *s = before);
        }
        start = end;
    }
}

/// Stance as retraction: the smoothed protraction angle falls.
fn stance_from_retraction(protraction: &[f64], time_s: &[f64]) -> Vec<bool> {
    let dt = if time_s.len() > 1 { (time_s[time_s.len() - 1] - time_s[0]) / (time_s.len() - 1) as f64 } else { 1.0 };
    let half = ((SMOOTH_S / dt).round() as usize / 2).max(1);
    let smooth: Vec<f64> = (0..protraction.len()).map(|i| {
        let w = &protraction[i.saturating_sub(half)..(i + half + 1).min(protraction.len())];
        w.iter().sum::<f64>() / w.len() as f64
    }).collect();
    let falling: Vec<bool> = (0..smooth.len()).map(|i| smooth[(i + 1).min(smooth.len() - 1)] - smooth[i.saturating_sub(1)] < 0.0).collect();
    // Smoothing moves the turning points of an asymmetric stroke toward mid-cycle (a 10-Hz stroke with 60 %
    // retraction read 54 %): each switch moves to the raw angle's peak (retraction starts) or trough
    // (protraction starts) within the window around it.
    let n = falling.len();
    let mut stance = Vec::with_capacity(n);
    let mut last = 0;
    for i in 1..n {
        if falling[i] == falling[i - 1] {
            continue;
        }
        let start = i.saturating_sub(half).max(last);
        let raw = &protraction[start..(i + half + 1).min(n)];
        let better = |a: f64, b: f64| if falling[i] { a > b } else { a < b };
        let extremum = (0..raw.len()).fold(0, |best, k| if better(raw[k], raw[best]) { k } else { best });
        let switch = start + extremum;
        stance.extend(std::iter::repeat(falling[i - 1]).take(switch - last));
        last = switch;
    }
    stance.extend(std::iter::repeat(falling.last().copied().unwrap_or(false)).take(n - last));
    stance
}

impl GaitSeries {
    /// Builds a series from columns (header names and rows of numbers); `path` labels errors.
    pub fn from_columns(header: &[String], rows: &[Vec<f64>], path: &Path) -> Result<Self> {
        let column = |name: &str| header.iter().position(|h| h == name);
        let time_k = column("time_s").ok_or_else(|| format_error(path, "no column `time_s`".into()))?;
        let time_s: Vec<f64> = rows.iter().map(|r| r[time_k]).collect();
        let mut names: Vec<String> = Vec::new();
        for h in header {
            if let Some(leg) = h.strip_suffix("_stance").or_else(|| h.strip_suffix("_rad").and_then(|j| j.split_once('_').map(|(leg, _)| leg))) {
                if !names.iter().any(|n| n == leg) {
                    names.push(leg.to_string());
                }
            }
        }
        if names.is_empty() {
            return Err(format_error(path, "no leg columns (`LEG_stance` or `LEG_JOINT_rad`)".into()));
        }
        let legs = names.into_iter().map(|name| {
            let prefix = format!("{name}_");
            let joints: Vec<(String, Vec<f64>)> = header.iter().enumerate()
                .filter_map(|(k, h)| h.strip_prefix(&prefix).and_then(|j| j.strip_suffix("_rad")).map(|j| (j.to_string(), rows.iter().map(|r| r[k]).collect())))
                .collect();
            let mut stance = match column(&format!("{name}_stance")) {
                Some(k) => rows.iter().map(|r| r[k] > 0.5).collect(),
                None => {
                    let protraction = joints.iter().find(|(j, _)| j == "ThcYaw").ok_or_else(|| format_error(path, format!("leg {name}: neither `{name}_stance` nor `{name}_ThcYaw_rad` (protraction) to tell stance from swing")))?;
                    stance_from_retraction(&protraction.1, &time_s)
                }
            };
            merge_flicker(&mut stance, &time_s);
            Ok(LegSeries { name, stance, joints })
        }).collect::<Result<Vec<_>>>()?;
        Ok(GaitSeries { time_s, legs, body_speed_mm_per_s: None })
    }

    /// Restricts the step cycles to walking bouts: the body's speed at each sample is its centroid's
    /// displacement over `WALKING_WINDOW_S` centred there (track positions interpolated linearly; the
    /// window is clipped at the track's ends), and a cycle counts when that speed at its middle sample
    /// reaches `MIN_WALKING_SPEED_MM_PER_S`. Cycles in the first `SETTLE_S` of the track and a track with
    /// fewer than two samples leave none. (A task of several phases places the body anew at each: only
    /// single-phase tasks record a gait today.)
    pub fn restrict_to_walking(&mut self, track_times_s: &[f64], centroid_mm: &[[f64; 2]]) {
        let speed = self.time_s.iter().map(|&t| {
            if track_times_s.len() < 2 {
                return 0.0;
            }
            let (first, last) = (track_times_s[0], track_times_s[track_times_s.len() - 1]);
            if t < first + SETTLE_S {
                return 0.0;
            }
            let (a, b) = ((t - WALKING_WINDOW_S / 2.0).max(first), (t + WALKING_WINDOW_S / 2.0).min(last));
            if !(b > a) {
                return 0.0;
            }
            let (pa, pb) = (interpolate(track_times_s, centroid_mm, a), interpolate(track_times_s, centroid_mm, b));
            (pb[0] - pa[0]).hypot(pb[1] - pa[1]) / (b - a)
        }).collect();
        self.body_speed_mm_per_s = Some(speed);
    }

    /// Every leg's complete step cycles, touchdown to touchdown, pauses left out.
    pub fn cycles(&self) -> Vec<StepCycle> {
        let mut out = Vec::new();
        for (leg, series) in self.legs.iter().enumerate() {
            let touchdowns: Vec<usize> = (1..series.stance.len()).filter(|&i| series.stance[i] && !series.stance[i - 1]).collect();
            for w in touchdowns.windows(2) {
                let walking = self.body_speed_mm_per_s.as_ref().is_none_or(|speed| speed[(w[0] + w[1]) / 2] >= MIN_WALKING_SPEED_MM_PER_S);
                if self.time_s[w[1]] - self.time_s[w[0]] <= MAX_CYCLE_S && walking {
                    out.push(StepCycle { leg, start: w[0], end: w[1] });
                }
            }
        }
        out
    }

    /// Per-cycle values of a metric (see the module header), or an error naming an unknown metric.
    pub fn cycle_values(&self, metric: &str) -> std::result::Result<Vec<f64>, String> {
        let cycles = self.cycles();
        let period = |c: &StepCycle| self.time_s[c.end] - self.time_s[c.start];
        match metric {
            "step_frequency_hz" => Ok(cycles.iter().map(|c| 1.0 / period(c)).collect()),
            "duty_factor" => Ok(cycles.iter().map(|c| self.stance_share(c)).collect()),
            "swing_duration_s" => Ok(cycles.iter().map(|c| period(c) * (1.0 - self.stance_share(c))).collect()),
            "tripod_coordination_index" => {
                let lf = self.legs.iter().position(|l| l.name == "LF").ok_or("no leg LF to segment the tripod index by")?;
                Ok(cycles.iter().filter(|c| c.leg == lf).map(|c| self.tripod_index(c.start, c.end)).filter(|v| v.is_finite()).collect())
            }
            _ => {
                let (pair, joint) = metric.strip_prefix("joint_range_").and_then(|m| m.strip_suffix("_rad")).and_then(|m| m.split_once('_')).ok_or_else(|| format!("`{metric}` is not a stepping metric (step_frequency_hz, duty_factor, swing_duration_s, tripod_coordination_index, joint_range_PAIR_JOINT_rad)"))?;
                let code = match pair { "front" => 'F', "middle" => 'M', "hind" => 'H', _ => return Err(format!("`{metric}`: leg pair `{pair}` is not front, middle or hind")) };
                Ok(cycles.iter().filter(|c| self.legs[c.leg].name.chars().nth(1) == Some(code)).filter_map(|c| {
                    let angles = &self.legs[c.leg].joints.iter().find(|(j, _)| j == joint)?.1[c.start..c.end];
                    let (lo, hi) = angles.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), a| (lo.min(*a), hi.max(*a)));
                    Some(hi - lo)
                }).filter(|v| v.is_finite()).collect())
            }
        }
    }

    /// The animal's value of a metric: the mean of its per-cycle values; NaN without a gait (fewer than
    /// `MIN_CYCLES` cycles of all legs together).
    pub fn metric(&self, metric: &str) -> std::result::Result<f64, String> {
        let values = self.cycle_values(metric)?;
        if self.cycles().len() < MIN_CYCLES || values.is_empty() {
            return Ok(f64::NAN);
        }
        Ok(values.iter().sum::<f64>() / values.len() as f64)
    }

    /// Share of a cycle's samples in stance.
    fn stance_share(&self, c: &StepCycle) -> f64 {
        self.legs[c.leg].stance[c.start..c.end].iter().filter(|s| **s).count() as f64 / (c.end - c.start) as f64
    }

    /// Tripod coordination index over samples [start, end) (NaN when no pair of legs both step there).
    fn tripod_index(&self, start: usize, end: usize) -> f64 {
        let leg = |name: &str| self.legs.iter().find(|l| l.name == name).map(|l| &l.stance[start..end]);
        let tripod_of = |name: &str| TRIPODS.iter().position(|t| t.contains(&name));
        let names: Vec<&str> = TRIPODS.iter().flatten().copied().collect();
        let (mut within, mut across) = (Vec::new(), Vec::new());
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                let (Some(x), Some(y)) = (leg(a), leg(b)) else { continue };
                let r = correlation(x, y);
                if r.is_finite() {
                    if tripod_of(a) == tripod_of(b) { within.push(r) } else { across.push(r) }
                }
            }
        }
        if within.is_empty() || across.is_empty() {
            return f64::NAN;
        }
        let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
        (mean(&within) - mean(&across)) / 2.0
    }
}

/// The track's position at time `t_s` (within its times), linearly interpolated.
fn interpolate(times_s: &[f64], points: &[[f64; 2]], t_s: f64) -> [f64; 2] {
    let k = times_s.partition_point(|&s| s <= t_s).clamp(1, times_s.len() - 1);
    let (t0, t1) = (times_s[k - 1], times_s[k]);
    let w = if t1 > t0 { ((t_s - t0) / (t1 - t0)).clamp(0.0, 1.0) } else { 0.0 };
    [points[k - 1][0] + w * (points[k][0] - points[k - 1][0]), points[k - 1][1] + w * (points[k][1] - points[k - 1][1])]
}

/// Pearson correlation of two stance sequences (NaN when either is constant).
fn correlation(x: &[bool], y: &[bool]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().filter(|v| **v).count() as f64 / n, y.iter().filter(|v| **v).count() as f64 / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (da, db) = (*a as u8 as f64 - mx, *b as u8 as f64 - my);
        sxy += da * db;
        sxx += da * da;
        syy += db * db;
    }
    sxy / (sxx * syy).sqrt()
}

/// Reads a gait CSV (`#` lines are comments, e.g. a converted recording's source and sha256).
pub fn read_gait_csv(path: &Path) -> Result<GaitSeries> {
    let text = std::fs::read_to_string(path).map_err(|source| ScoringError::Io { path: path.into(), source })?;
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<String> = lines.next().ok_or_else(|| format_error(path, "empty: no header".into()))?.1.split(',').map(|h| h.trim().to_string()).collect();
    let rows = lines.map(|(i, line)| {
        let row: Vec<f64> = line.split(',').map(|v| v.trim().parse::<f64>()).collect::<std::result::Result<_, _>>().map_err(|e| ScoringError::Row { path: path.into(), line: i + 1, reason: e.to_string() })?;
        if row.len() != header.len() {
            return Err(ScoringError::Row { path: path.into(), line: i + 1, reason: format!("{} values for {} columns", row.len(), header.len()) });
        }
        Ok(row)
    }).collect::<Result<Vec<_>>>()?;
    GaitSeries::from_columns(&header, &rows, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Six legs stepping at `hz` with duty factor `duty`, tripods in antiphase, sampled every `dt`;
    /// the protraction angle rises in swing and falls in stance.
    fn synthetic(hz: f64, duty: f64, dt: f64, seconds: f64, tripod: bool) -> GaitSeries {
        let names = ["LF", "LM", "LH", "RF", "RM", "RH"];
        let n = (seconds / dt).round() as usize;
        let time_s: Vec<f64> = (0..n).map(|i| i as f64 * dt).collect();
        let legs = names.iter().enumerate().map(|(k, name)| {
            // Tripod: half a cycle between tripods; otherwise a wave, one sixth of a cycle per leg.
            let offset = if tripod { if TRIPODS[0].contains(name) { 0.0 } else { 0.5 } } else { k as f64 / 6.0 };
            let phase: Vec<f64> = time_s.iter().map(|t| (t * hz + offset + 0.01).fract()).collect();
            let stance: Vec<bool> = phase.iter().map(|p| *p >= 1.0 - duty).collect();
            let swing = 1.0 - duty;
            let angle: Vec<f64> = phase.iter().map(|p| if *p < swing { 0.5 * p / swing } else { 0.5 * (1.0 - (p - swing) / duty) }).collect();
            LegSeries { name: name.to_string(), stance, joints: vec![("ThcYaw".into(), angle)] }
        }).collect();
        GaitSeries { time_s, legs, body_speed_mm_per_s: None }
    }

    #[test]
    fn a_perfect_tripod_has_index_one_and_the_set_frequency_and_duty_factor() {
        let g = synthetic(10.0, 0.5, 0.001, 2.0, true);
        assert!((g.metric("step_frequency_hz").unwrap() - 10.0).abs() < 0.05);
        assert!((g.metric("duty_factor").unwrap() - 0.5).abs() < 0.01);
        assert!((g.metric("tripod_coordination_index").unwrap() - 1.0).abs() < 1e-9);
        assert!((g.metric("joint_range_front_ThcYaw_rad").unwrap() - 0.5).abs() < 0.01);
        assert!((g.metric("swing_duration_s").unwrap() - 0.05).abs() < 0.001, "half of a 100-ms cycle");
        let g = synthetic(8.0, 0.65, 0.001, 2.0, true);
        assert!((g.metric("step_frequency_hz").unwrap() - 8.0).abs() < 0.05);
        assert!((g.metric("duty_factor").unwrap() - 0.65).abs() < 0.01);
        assert!((g.metric("swing_duration_s").unwrap() - 0.35 / 8.0).abs() < 0.001);
        let tci = g.metric("tripod_coordination_index").unwrap();
        assert!(tci > 0.5 && tci < 1.0, "overlapping stance lowers the index: {tci}");
    }

    #[test]
    fn swing_duration_is_the_same_for_a_slow_and_a_fast_fly_that_only_shorten_stance() {
        // 40 ms of swing at 5 Hz (duty 0.8) and at 12.5 Hz (duty 0.5): frequency and duty factor differ.
        let slow = synthetic(5.0, 0.8, 0.001, 2.0, true);
        let fast = synthetic(12.5, 0.5, 0.001, 2.0, true);
        for g in [&slow, &fast] {
            assert!((g.metric("swing_duration_s").unwrap() - 0.04).abs() < 0.002, "{}", g.metric("swing_duration_s").unwrap());
        }
        assert!(fast.metric("step_frequency_hz").unwrap() > 2.0 * slow.metric("step_frequency_hz").unwrap());
    }

    #[test]
    fn a_wave_gait_scores_lower_than_a_tripod_and_standing_has_no_gait() {
        let wave = synthetic(10.0, 0.8, 0.001, 2.0, false).metric("tripod_coordination_index").unwrap();
        assert!(wave < 0.3, "{wave}");
        let mut standing = synthetic(10.0, 0.5, 0.001, 2.0, true);
        standing.legs.iter_mut().for_each(|l| l.stance.iter_mut().for_each(|s| *s = true));
        assert!(standing.metric("step_frequency_hz").unwrap().is_nan());
        assert!(standing.metric("no_such_metric").is_err());
    }

    #[test]
    fn only_cycles_taken_while_walking_count_when_the_track_is_known() {
        // The same stepping legs; the body walks 6 mm/s for the first second, then stands (0.3 mm/s drift).
        let mut g = synthetic(10.0, 0.6, 0.001, 2.0, true);
        let times: Vec<f64> = (0..=200).map(|i| i as f64 * 0.01).collect();
        let centroid: Vec<[f64; 2]> = times.iter().map(|&t| if t <= 1.0 { [6.0 * t, 0.0] } else { [6.0 + 0.3 * (t - 1.0), 0.0] }).collect();
        let all = g.cycles().len();
        g.restrict_to_walking(&times, &centroid);
        let walking = g.cycles();
        // Walking from the end of settling (0.5 s) to the stop (1 s, plus half the speed window): about 0.6 s
        // of the 2 s of cycles.
        let expected = all as f64 * 0.6 / 2.0;
        assert!((walking.len() as f64 - expected).abs() < 8.0, "about {expected} of {all} cycles: {}", walking.len());
        assert!(walking.iter().all(|c| g.time_s[(c.start + c.end) / 2] < 1.1), "no cycle from the standing second");
        assert!(walking.iter().all(|c| g.time_s[(c.start + c.end) / 2] >= SETTLE_S), "none from the settling start");
        assert!((g.metric("step_frequency_hz").unwrap() - 10.0).abs() < 0.1);
        // Legs that step while the body stands (jitter, shuffling) have no gait.
        let still: Vec<[f64; 2]> = times.iter().map(|&t| [0.3 * t, 0.0]).collect();
        g.restrict_to_walking(&times, &still);
        assert!(g.cycles().is_empty());
        assert!(g.metric("tripod_coordination_index").unwrap().is_nan());
    }

    #[test]
    fn stance_read_from_retraction_matches_contact_and_flicker_is_merged() {
        let g = synthetic(10.0, 0.6, 0.0005, 1.0, true);
        let header: Vec<String> = std::iter::once("time_s".to_string()).chain(g.legs.iter().map(|l| format!("{}_ThcYaw_rad", l.name))).collect();
        let rows: Vec<Vec<f64>> = (0..g.time_s.len()).map(|i| std::iter::once(g.time_s[i]).chain(g.legs.iter().map(|l| l.joints[0].1[i])).collect()).collect();
        let from_angles = GaitSeries::from_columns(&header, &rows, Path::new("synthetic")).unwrap();
        assert!((from_angles.metric("duty_factor").unwrap() - 0.6).abs() < 0.02);
        assert!((from_angles.metric("step_frequency_hz").unwrap() - 10.0).abs() < 0.1);
        let mut stance = vec![true, true, true, false, true, true, true, false, false, false, false, false];
        let time: Vec<f64> = (0..stance.len()).map(|i| i as f64 * 0.004).collect();
        merge_flicker(&mut stance, &time);
        assert_eq!(stance, vec![true, true, true, true, true, true, true, false, false, false, false, false]);
    }
}
