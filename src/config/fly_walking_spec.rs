//! `bodies/fly_walking.ron`: the fly's walking pattern generator (coupled phase oscillators, one per leg)
//! and its step-cycle template, read by `interface::fly_walk::WalkingDecoder`.

use super::fly_body_spec::LegJoint;
use super::{ConfigError, Loaded};
use serde::{Deserialize, Serialize};

/// Step frequencies, oscillator coupling and the per-leg step-cycle template.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "FlyWalking")]
pub struct FlyWalkingSpec {
    /// Step frequency with zero descending drive.
    pub step_frequency_zero_drive_hz: f64,
    /// Step frequency with full drive on both sides.
    pub step_frequency_full_drive_hz: f64,
    /// Strength with which each oscillator pulls toward its preferred phase relative to the others.
    pub coupling_per_s: f64,
    /// Rate at which each side's stride amplitude follows its drive.
    pub amplitude_rate_per_s: f64,
    /// Mean drive at and above which the stride is the template's full stroke, so that faster walking comes
    /// from the step frequency alone (flies keep their stance stroke and shorten stance as they speed up:
    /// DeAngelis et al. 2019). 1: the stroke grows with drive up to full drive. Each side's stroke is scaled by
    /// its share of the mean drive, so unequal drive still turns the body.
    #[serde(default = "full_drive")]
    pub stroke_full_drive: f64,
    /// Whether the swing lasts as long at every step frequency as at full drive (its share of the cycle
    /// shrinks with the frequency and stance takes the rest), as in flies (DeAngelis et al. 2019); false: the
    /// template's swing share at every frequency.
    #[serde(default)]
    pub constant_swing_duration: bool,
    /// Tip travel per cycle at full stroke, mm (converts the stroke difference of a turn into a rotation).
    #[serde(default = "full_drive")]
    pub stride_mm: f64,
    /// Sideways tip sweep per cycle for which each leg's `turn_joints` were solved, mm (0: legs do not sweep
    /// sideways in turns).
    #[serde(default)]
    pub turn_reference_mm: f64,
    /// One entry per leg (LF, LM, LH, RF, RM, RH, any order).
    pub legs: Vec<LegPatternSpec>,
    /// The takeoff jump the `escape` command triggers (absent: escape only selects the fastest gait).
    #[serde(default)]
    pub jump: Option<JumpSpec>,
}

/// A takeoff jump: on the onset of the `escape` command the named legs' joints are driven to fixed offsets
/// for `duration_s` (a fly's escape jump is a brief extension of the middle legs by the tergotrochanteral
/// muscle before the wings beat) and every tarsus lets go; then the step cycle resumes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JumpSpec {
    /// Legs that extend (`LM`, `RM`).
    pub legs: Vec<String>,
    /// Joint offsets from the neutral posture held during the jump (clamped to the body's ranges).
    pub joints: Vec<JumpJointSpec>,
    /// How long the extension is commanded.
    pub duration_s: f64,
}

/// One joint's offset during the jump.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JumpJointSpec {
    /// Which joint of each jumping leg.
    pub joint: LegJoint,
    /// Offset from the neutral posture, rad.
    pub offset_rad: f64,
}

/// One leg's place in the gait and its step cycle.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegPatternSpec {
    /// Leg name as in the body (`LF` ... `RH`).
    pub leg: String,
    /// Preferred phase of this leg in the cycle, 0..1 (tripod: 0 or 0.5).
    pub phase_offset_cycles: f64,
    /// Fraction of the cycle in swing; phase 0 is swing onset, stance follows.
    pub swing_share: f64,
    /// Joint-angle offsets over one cycle; joints not listed stay at neutral.
    pub joints: Vec<JointCycleSpec>,
    /// The tip's mean stance position in the thorax frame, x forward and y left, mm (where the body's rotation
    /// in a turn carries the planted foot); required with `turn_joints`.
    #[serde(default)]
    pub stance_tip_mm: Option<(f64, f64)>,
    /// The change of `joints` when the full stride's tip also sweeps `turn_reference_mm` to the left with the
    /// stroke (so to the right over a stance); scaled in turns by the sweep the body's rotation implies.
    #[serde(default)]
    pub turn_joints: Vec<JointCycleSpec>,
}

/// One joint's offset from the neutral posture, sampled evenly over a cycle from phase 0.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointCycleSpec {
    /// Which joint of the leg.
    pub joint: LegJoint,
    /// Offsets at phases k / n, k = 0..n, interpolated periodically.
    pub offsets_rad: Vec<f64>,
}

fn full_drive() -> f64 {
    1.0
}

/// The six legs a walking template must cover.
pub const WALKING_LEGS: [&str; 6] = ["LF", "LM", "LH", "RF", "RM", "RH"];

/// Checks what serde cannot: positive frequencies, six distinct legs, phases and shares in range, samples.
pub fn validate_fly_walking(walking: &Loaded<FlyWalkingSpec>) -> Result<(), ConfigError> {
    let spec = &walking.spec;
    let (f0, f1) = (spec.step_frequency_zero_drive_hz, spec.step_frequency_full_drive_hz);
    if !(f0 >= 0.0 && f0.is_finite()) {
        return Err(walking.invalid("step_frequency_zero_drive_hz", format!("must be finite and not negative, got {f0}")));
    }
    if !(f1 > 0.0 && f1.is_finite() && f1 >= f0) {
        return Err(walking.invalid("step_frequency_full_drive_hz", format!("must be positive, finite and at least the zero-drive frequency {f0}, got {f1}")));
    }
    for (field, value) in [("coupling_per_s", spec.coupling_per_s), ("amplitude_rate_per_s", spec.amplitude_rate_per_s)] {
        if !(value >= 0.0 && value.is_finite()) {
            return Err(walking.invalid(field, format!("must be finite and not negative, got {value}")));
        }
    }
    if !(spec.stroke_full_drive > 0.0 && spec.stroke_full_drive <= 1.0) {
        return Err(walking.invalid("stroke_full_drive", format!("must be in (0, 1], got {}", spec.stroke_full_drive)));
    }
    let mut names: Vec<&str> = spec.legs.iter().map(|l| l.leg.as_str()).collect();
    names.sort_unstable();
    let mut expected = WALKING_LEGS;
    expected.sort_unstable();
    if names != expected {
        return Err(walking.invalid("leg", format!("need each of {WALKING_LEGS:?} once, got {names:?}")));
    }
    if !(spec.stride_mm > 0.0 && spec.stride_mm.is_finite()) {
        return Err(walking.invalid("stride_mm", format!("must be positive and finite, got {}", spec.stride_mm)));
    }
    if !(spec.turn_reference_mm >= 0.0 && spec.turn_reference_mm.is_finite()) {
        return Err(walking.invalid("turn_reference_mm", format!("must be finite and not negative, got {}", spec.turn_reference_mm)));
    }
    let turning = spec.turn_reference_mm > 0.0;
    for leg in &spec.legs {
        if turning && (leg.turn_joints.is_empty() || !leg.stance_tip_mm.is_some_and(|(x, y)| x.is_finite() && y.is_finite())) {
            return Err(walking.invalid("turn_joints", format!("leg `{}`: with turn_reference_mm > 0 every leg needs turn_joints and a finite stance_tip_mm", leg.leg)));
        }
        if !(0.0..1.0).contains(&leg.phase_offset_cycles) {
            return Err(walking.invalid("phase_offset_cycles", format!("leg `{}`: must be in 0..1, got {}", leg.leg, leg.phase_offset_cycles)));
        }
        if !(leg.swing_share > 0.0 && leg.swing_share < 1.0) {
            return Err(walking.invalid("swing_share", format!("leg `{}`: must be strictly between 0 and 1, got {}", leg.leg, leg.swing_share)));
        }
        for (list, field) in [(&leg.joints, "joints"), (&leg.turn_joints, "turn_joints")] {
            for (i, joint) in list.iter().enumerate() {
                if list[..i].iter().any(|j| j.joint == joint.joint) {
                    return Err(walking.invalid("joint", format!("leg `{}` {field}: {:?} listed twice", leg.leg, joint.joint)));
                }
                if joint.offsets_rad.len() < 2 || joint.offsets_rad.iter().any(|v| !v.is_finite()) {
                    return Err(walking.invalid("offsets_rad", format!("leg `{}` {field} {:?}: need at least 2 finite samples", leg.leg, joint.joint)));
                }
            }
        }
    }
    if let Some(jump) = &spec.jump {
        if let Some(leg) = jump.legs.iter().find(|l| !WALKING_LEGS.contains(&l.as_str())) {
            return Err(walking.invalid("jump", format!("unknown leg `{leg}` (legs are {WALKING_LEGS:?})")));
        }
        if !(jump.duration_s > 0.0 && jump.duration_s.is_finite()) {
            return Err(walking.invalid("duration_s", format!("the jump must last a positive, finite time, got {}", jump.duration_s)));
        }
        if let Some(j) = jump.joints.iter().find(|j| !j.offset_rad.is_finite()) {
            return Err(walking.invalid("offset_rad", format!("jump {:?}: must be finite, got {}", j.joint, j.offset_rad)));
        }
    }
    Ok(())
}
