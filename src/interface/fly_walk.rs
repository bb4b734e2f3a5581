//! The fly's locomotion decoder: four descending command channels drive six coupled phase oscillators (one per
//! leg, NeuroMechFly's CPG principle: a common frequency plus pulls toward preferred phase differences), and each
//! leg's phase looks up its joint-angle offsets in a step-cycle template (`bodies/fly_walking.ron`).
//!
//! An approximation, not a model of the ventral nerve cord: no sensory feedback, no stumbling or retraction
//! reflexes, the stride's amplitude scales the whole template (a small stride also lifts the foot less; above
//! `stroke_full_drive` the stroke is full and only the step frequency grows), and the
//! template is one mean step of one tethered fly mapped onto a five-joint leg.
//!
//! The onset of `escape` triggers the takeoff jump of the walking file's `jump` block (the middle legs'
//! brief extension); the body has no wings, so it falls back and walks on. While `escape` stays on after the
//! jump, the fly walks its fastest forward gait.

use super::Decoder;
use crate::buffers::{MuscleCommand, NeuralOutput};
use crate::config::fly_walking_spec::FlyWalkingSpec;
use std::f64::consts::TAU;

/// Descending command channels the walking decoder reads, in `NeuralOutput::activity` order.
pub const DESCENDING_CHANNELS: [&str; 4] = ["drive_left", "drive_right", "backward", "escape"];

/// A channel above this counts as on (`backward`, `escape`).
const SWITCH_THRESHOLD: f64 = 0.5;

/// One leg's oscillator and template, resolved to muscle indexes.
#[derive(Debug, Clone)]
struct LegPattern {
    left: bool,
    offset_cycles: f64,
    swing_share: f64,
    /// (muscle index, offsets sampled evenly over a cycle).
    joints: Vec<(usize, Vec<f64>)>,
    /// (muscle index, change of offsets for a sideways sweep of the walking file's `turn_reference_mm`).
    turn_joints: Vec<(usize, Vec<f64>)>,
    /// Mean stance position of the tip, thorax frame (x forward, y left), mm.
    stance_tip_mm: (f64, f64),
    adhesion_muscle: usize,
}

/// Descending commands -> tripod phase oscillators -> leg joint targets and tarsal adhesion.
#[derive(Debug, Clone)]
pub struct WalkingDecoder {
    legs: Vec<LegPattern>,
    muscle_count: usize,
    frequency_zero_hz: f64,
    frequency_full_hz: f64,
    coupling_per_s: f64,
    amplitude_rate_per_s: f64,
    stroke_full_drive: f64,
    constant_swing_duration: bool,
    stride_mm: f64,
    /// 0: no sideways sweeps in turns.
    turn_reference_mm: f64,
    /// Where the body turns about along its axis: the mean of the stance tips' x, mm.
    turn_centre_x_mm: f64,
    /// Mean stance y of the left tips minus that of the right tips, mm.
    track_width_mm: f64,
    /// Oscillator phase per leg, rad (unwrapped).
    phases_rad: Vec<f64>,
    /// Each leg's swing share of its current cycle, set where the cycle begins (NaN before the first step).
    swing_shares: Vec<f64>,
    /// Stride amplitude of the left and right legs, 0..1.
    amplitude: [f64; 2],
    /// The jump: (muscle index, offset) pairs and duration (None: no jump).
    jump: Option<(Vec<(usize, f64)>, f64)>,
    /// Time left in the jump in progress.
    jump_left_s: f64,
    /// Whether `escape` was on at the last step (a jump starts on its onset).
    escape_was_on: bool,
}

/// A channel's value in 0..1; absent or non-finite reads as 0.
fn channel(output: &NeuralOutput, index: usize) -> f64 {
    output.activity.get(index).copied().filter(|v| v.is_finite()).unwrap_or(0.0).clamp(0.0, 1.0)
}

/// The template's phase at oscillator phase `phase` (cycles, 0..1) when the swing takes `swing_share` of the
/// cycle instead of the template's `template_swing_share`: swing and stance are each stretched linearly.
fn template_phase(phase: f64, swing_share: f64, template_swing_share: f64) -> f64 {
    if phase < swing_share {
        phase / swing_share * template_swing_share
    } else {
        template_swing_share + (phase - swing_share) / (1.0 - swing_share) * (1.0 - template_swing_share)
    }
}

/// Each side's stroke, 0..1: the mean drive's share of `stroke_full_drive` (capped at the full stroke),
/// scaled by the side's share of the mean drive. With `stroke_full_drive` 1 this is the side's own drive.
fn stroke_targets(drive: [f64; 2], stroke_full_drive: f64) -> [f64; 2] {
    let mean = 0.5 * (drive[0] + drive[1]);
    if mean <= 0.0 {
        return [0.0; 2];
    }
    let stroke = (mean / stroke_full_drive).min(1.0);
    drive.map(|d| (stroke * d / mean).min(1.0))
}

/// Periodic linear interpolation of evenly spaced samples at `phase` in cycles.
fn sample_periodic(samples: &[f64], phase: f64) -> f64 {
    let n = samples.len();
    let x = phase.rem_euclid(1.0) * n as f64;
    let i = (x.floor() as usize).min(n - 1);
    let f = x - i as f64;
    samples[i] * (1.0 - f) + samples[(i + 1) % n] * f
}

impl WalkingDecoder {
    /// Matches the template's joints to the body's muscles by name.
    pub fn new(spec: &FlyWalkingSpec, muscle_names: &[String]) -> Result<Self, String> {
        let find = |name: &str| muscle_names.iter().position(|m| m == name).ok_or_else(|| format!("fly walking template: the body has no muscle `{name}`"));
        let legs = spec
            .legs
            .iter()
            .map(|leg| {
                let resolve = |list: &[crate::config::fly_walking_spec::JointCycleSpec]| list.iter().map(|j| Ok((find(&format!("{}_{:?}", leg.leg, j.joint))?, j.offsets_rad.clone()))).collect::<Result<Vec<_>, String>>();
                Ok(LegPattern {
                    left: leg.leg.starts_with('L'),
                    offset_cycles: leg.phase_offset_cycles,
                    swing_share: leg.swing_share,
                    joints: resolve(&leg.joints)?,
                    turn_joints: resolve(&leg.turn_joints)?,
                    stance_tip_mm: leg.stance_tip_mm.unwrap_or((0.0, 0.0)),
                    adhesion_muscle: find(&format!("{}_adhesion", leg.leg))?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let jump = match &spec.jump {
            Some(j) => {
                let targets = j.legs.iter().flat_map(|leg| j.joints.iter().map(move |joint| (leg, joint)));
                Some((targets.map(|(leg, joint)| Ok((find(&format!("{leg}_{:?}", joint.joint))?, joint.offset_rad))).collect::<Result<Vec<_>, String>>()?, j.duration_s))
            }
            None => None,
        };
        // Start every oscillator at its preferred phase so the gait is a tripod from the first step.
        let phases_rad = legs.iter().map(|l| TAU * l.offset_cycles).collect();
        let swing_shares = vec![f64::NAN; legs.len()];
        let mean = |values: Vec<f64>| values.iter().sum::<f64>() / values.len().max(1) as f64;
        let turn_centre_x_mm = mean(legs.iter().map(|l: &LegPattern| l.stance_tip_mm.0).collect());
        let track_width_mm = mean(legs.iter().filter(|l| l.left).map(|l| l.stance_tip_mm.1).collect()) - mean(legs.iter().filter(|l| !l.left).map(|l| l.stance_tip_mm.1).collect());
        let turn_reference_mm = spec.turn_reference_mm;
        if turn_reference_mm > 0.0 && !(track_width_mm > 0.0) {
            return Err(format!("fly walking template: the left stance tips must lie left of the right ones (track width {track_width_mm} mm)"));
        }
        Ok(WalkingDecoder {
            legs,
            muscle_count: muscle_names.len(),
            frequency_zero_hz: spec.step_frequency_zero_drive_hz,
            frequency_full_hz: spec.step_frequency_full_drive_hz,
            coupling_per_s: spec.coupling_per_s,
            amplitude_rate_per_s: spec.amplitude_rate_per_s,
            stroke_full_drive: spec.stroke_full_drive,
            constant_swing_duration: spec.constant_swing_duration,
            stride_mm: spec.stride_mm,
            turn_reference_mm,
            turn_centre_x_mm,
            track_width_mm,
            phases_rad,
            swing_shares,
            amplitude: [0.0; 2],
            jump,
            jump_left_s: 0.0,
            escape_was_on: false,
        })
    }

    /// Each leg's phase in cycles, 0..1 (0 = swing onset).
    pub fn leg_phases_cycles(&self) -> Vec<f64> {
        self.phases_rad.iter().map(|p| (p / TAU).rem_euclid(1.0)).collect()
    }

    /// Advances the oscillators by `dt_s` at `frequency_hz`, `direction` +1 forward or -1 backward.
    fn advance_phases(&mut self, frequency_hz: f64, direction: f64, dt_s: f64) {
        let old = self.phases_rad.clone();
        for (i, phase) in self.phases_rad.iter_mut().enumerate() {
            // Kuramoto pull toward the preferred difference theta_i - theta_j = 2 pi (o_i - o_j).
            let pull: f64 = old
                .iter()
                .zip(&self.legs)
                .map(|(theta_j, leg_j)| (theta_j - old[i] - TAU * (leg_j.offset_cycles - self.legs[i].offset_cycles)).sin())
                .sum();
            *phase += (direction * TAU * frequency_hz + self.coupling_per_s * pull) * dt_s;
        }
    }
}

impl WalkingDecoder {
    /// The body's rotation per stance that the two sides' strides imply (counter-clockwise positive): the
    /// longer stride on the right turns it left by the stride difference over the track width. 0 without
    /// sideways sweeps.
    fn stance_rotation_rad(&self) -> f64 {
        if self.turn_reference_mm > 0.0 {
            (self.amplitude[1] - self.amplitude[0]) * self.stride_mm / self.track_width_mm
        } else {
            0.0
        }
    }

    /// Starts a jump on the onset of `escape` and, while one lasts, overrides the jumping legs' joints and
    /// releases every tarsus.
    fn jump(&mut self, escape: bool, dt_s: f64, command: &mut MuscleCommand) {
        let Some((targets, duration_s)) = &self.jump else { return };
        if escape && !self.escape_was_on {
            self.jump_left_s = *duration_s;
        }
        self.escape_was_on = escape;
        if self.jump_left_s <= 1e-9 {
            return;
        }
        self.jump_left_s -= dt_s;
        for &(muscle, offset_rad) in targets {
            command.activation[muscle] = offset_rad;
        }
        for leg in &self.legs {
            command.activation[leg.adhesion_muscle] = 0.0;
        }
    }
}

impl Decoder for WalkingDecoder {
    fn decode(&mut self, output: &NeuralOutput, dt_s: f64, command: &mut MuscleCommand) {
        let escape = channel(output, 3) > SWITCH_THRESHOLD;
        let drive = if escape { [1.0, 1.0] } else { [channel(output, 0), channel(output, 1)] };
        let direction = if !escape && channel(output, 2) > SWITCH_THRESHOLD { -1.0 } else { 1.0 };
        // Exact exponential approach: stable for any control step.
        let follow = 1.0 - (-self.amplitude_rate_per_s * dt_s).exp();
        for (amplitude, target) in self.amplitude.iter_mut().zip(stroke_targets(drive, self.stroke_full_drive)) {
            *amplitude += (target - *amplitude) * follow;
        }
        // One rhythm for all legs, set by the stronger side: in a turn the inner legs shorten their stroke and
        // the rhythm follows the outer side's drive (a frequency from the mean drive halved the turn rates at
        // 5 mm/s).
        let frequency_hz = self.frequency_zero_hz + (self.frequency_full_hz - self.frequency_zero_hz) * drive[0].max(drive[1]);
        let old_cycles: Vec<f64> = self.phases_rad.iter().map(|p| (p / TAU).floor()).collect();
        self.advance_phases(frequency_hz, direction, dt_s);

        command.activation.clear();
        command.activation.resize(self.muscle_count, 0.0);
        // Flies speed up by shortening stance; swing lasts about as long at every speed (DeAngelis et al. 2019):
        // with `constant_swing_duration` the swing keeps its full-drive duration and only stance stretches.
        // The share is set only where a cycle begins (phase 0, where every share maps to the template's 0):
        // changed mid-cycle with the frequency, it would throw a leg from stance back into swing (review).
        let rotation_rad = self.stance_rotation_rad();
        let swing_scale = if self.constant_swing_duration && self.frequency_full_hz > 0.0 { (frequency_hz / self.frequency_full_hz).min(1.0) } else { 1.0 };
        for (((leg, phase_rad), share), old_cycle) in self.legs.iter().zip(&self.phases_rad).zip(self.swing_shares.iter_mut()).zip(old_cycles) {
            if share.is_nan() || (phase_rad / TAU).floor() != old_cycle {
                *share = leg.swing_share * swing_scale;
            }
            let phase = template_phase((phase_rad / TAU).rem_euclid(1.0), *share, leg.swing_share);
            let amplitude = self.amplitude[if leg.left { 0 } else { 1 }];
            for (muscle, samples) in &leg.joints {
                command.activation[*muscle] = amplitude * sample_periodic(samples, phase);
            }
            if rotation_rad != 0.0 {
                // The sideways sweep (mm per stance) the rotation carries this foot through, as a share of the
                // reference sweep; beyond it the template is not solved, so the sweep saturates.
                let lateral = (rotation_rad * (leg.stance_tip_mm.0 - self.turn_centre_x_mm) / self.turn_reference_mm).clamp(-1.0, 1.0);
                for (muscle, samples) in &leg.turn_joints {
                    command.activation[*muscle] += lateral * sample_periodic(samples, phase);
                }
            }
            // A swing leg lets go; at zero stride every leg is a standing leg and holds on.
            let swing = phase < leg.swing_share;
            command.activation[leg.adhesion_muscle] = if swing { 1.0 - amplitude } else { 1.0 };
        }
        self.jump(escape, dt_s, command);
    }
}

#[cfg(test)]
mod tests {
    use super::{sample_periodic, stroke_targets, template_phase};

    #[test]
    fn a_shorter_swing_share_compresses_swing_and_stretches_stance() {
        assert_eq!(template_phase(0.05, 0.1, 0.3), 0.15, "halfway through the swing is halfway through the template's");
        assert_eq!(template_phase(0.1, 0.1, 0.3), 0.3, "stance starts where the template's does");
        assert!((template_phase(0.55, 0.1, 0.3) - 0.65).abs() < 1e-12, "halfway through stance");
        assert_eq!(template_phase(0.2, 0.3, 0.3), 0.2, "an unchanged share is the identity");
    }

    #[test]
    fn the_stroke_saturates_at_its_drive_and_unequal_drive_still_turns() {
        assert_eq!(stroke_targets([0.4, 0.6], 1.0), [0.4, 0.6], "stroke_full_drive 1: each side's own drive");
        assert_eq!(stroke_targets([0.5, 0.5], 0.4), [1.0, 1.0], "above the saturating drive the stroke is full");
        let [left, right] = stroke_targets([0.4, 0.8], 0.4);
        assert!((left - 2.0 / 3.0).abs() < 1e-12 && right == 1.0, "the weaker side strides shorter: {left} {right}");
        assert_eq!(stroke_targets([0.1, 0.1], 0.4), [0.25, 0.25]);
        assert_eq!(stroke_targets([0.0, 0.0], 0.4), [0.0, 0.0], "zero drive stands");
    }

    #[test]
    fn the_template_wraps_around_the_cycle() {
        let s = [0.0, 1.0, 2.0, 3.0];
        assert_eq!(sample_periodic(&s, 0.25), 1.0);
        assert_eq!(sample_periodic(&s, 0.875), 1.5, "halfway from the last sample back to the first");
        assert_eq!(sample_periodic(&s, -0.75), 1.0);
    }
}
