//! Parameters of the phenomenological fly (`BrainModelSpec::FlyNavigator`), the positive control of the
//! fly suite: the odour-navigation model of Alvarez-Salvado et al. 2018 (eLife 7:e37815), feeding on
//! sugar, and thermotaxis by avoidance turns, read out as descending walking commands.

use serde::{Deserialize, Serialize};

/// The whole model.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyNavigatorSpec {
    /// The walking decoder's step-cycle file (relative to the brain file).
    pub walking: String,
    /// Which body sites and chemicals feed which input.
    pub sensors: FlySensorsSpec,
    /// ON and OFF odour filters (Alvarez-Salvado et al. 2018).
    pub odour: OdourFiltersSpec,
    /// Walking speed and its odour modulation.
    pub speed: FlySpeedSpec,
    /// Random turns and bilateral steering.
    pub turning: FlyTurningSpec,
    /// Stopping to feed on sugar.
    pub feeding: FeedingSpec,
    /// Turning back as the temperature drifts from the preferred one.
    pub thermotaxis: FlyThermotaxisSpec,
    /// Following the arena's rim once an antenna feels it (absent: the rim is only an obstacle).
    #[serde(default)]
    pub wall_following: Option<WallFollowingSpec>,
    /// Escaping a looming object (absent: the fly ignores looms).
    #[serde(default)]
    pub looming_escape: Option<LoomingEscapeSpec>,
    /// Turning with and against the wind (absent: the wind is ignored).
    #[serde(default)]
    pub wind: Option<WindTurningSpec>,
    /// A mushroom body that learns which odours predict shock and steers away from them (absent: none).
    #[serde(default)]
    pub mushroom_body: Option<super::mushroom_body_spec::MushroomBodySpec>,
    /// How commanded speed and turn rate become left and right drive for this body and decoder.
    pub body_calibration: DriveCalibrationSpec,
    /// Master seed of the model's random draws (mixed with the animal's seed stream).
    pub seed: u64,
}

/// Probabilistic looming escape: while the looming object's size (both eyes' samples as one disc) exceeds
/// `threshold_size_deg` and its smoothed expansion is positive, the fly escapes at a hazard of `hazard_per_s_per_deg` per degree above the threshold
/// (von Reyn et al. 2014: takeoff follows the loom crossing an angular-size threshold); an escape holds the
/// `escape` command on for `hold_s`, once per loom.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoomingEscapeSpec {
    /// Angular size below which the fly does not escape.
    pub threshold_size_deg: f64,
    /// Escape rate per second per degree of angular size above the threshold.
    pub hazard_per_s_per_deg: f64,
    /// How long the escape command stays on (the decoder jumps on its onset).
    pub hold_s: f64,
    /// Time constant of the low-pass filter on the eyes' expansion rate (sampled by a finite ray lattice, it
    /// moves in steps and flickers while the head sways).
    pub expansion_tau_s: f64,
}

/// The published model's wind terms: each 20-ms sample the heading turns by (downwind - upwind x ON) x
/// sin(psi) degrees, psi the heading's angle from upwind, so the fly drifts downwind without odour and
/// runs upwind in it (Alvarez-Salvado et al. 2018: kdown 0.5, kup 5 deg per sample at the tunnel's wind,
/// `ws = 1`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindTurningSpec {
    /// Turn toward downwind per sample at psi = 90 degrees (kdown).
    pub downwind_deg_per_sample: f64,
    /// Turn toward upwind per sample and unit of ON at psi = 90 degrees (kup).
    pub upwind_deg_per_sample: f64,
    /// Slowest air the fly reads a direction from (the published model has wind or none).
    pub detection_mm_per_s: f64,
}

/// Sites and chemicals the fly's encoder reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlySensorsSpec {
    /// The arena chemical smelled as the odour (absent: no odour signal).
    pub odour_chemical: String,
    /// Left antenna site.
    pub left_antenna: String,
    /// Right antenna site.
    pub right_antenna: String,
    /// Sites that taste food (the tarsi); sugar is the densest food any of them touches.
    pub taste_sites: Vec<String>,
    /// Left eye (`eye_left`): looming size and expansion.
    pub left_eye: String,
    /// Right eye (`eye_right`).
    pub right_eye: String,
}

/// The model's odour filters, with time constants in seconds (the published model counts 20-ms samples:
/// tau = samples x 0.02 s).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OdourFiltersSpec {
    /// Adaptation of the ON pathway (490 samples).
    pub on_adaptation_tau_s: f64,
    /// Adaptation of the OFF pathway (504 samples).
    pub off_adaptation_tau_s: f64,
    /// Smoothing of the ON response (36 samples).
    pub on_tau_s: f64,
    /// Fast OFF filter (31 samples).
    pub off_fast_tau_s: f64,
    /// Slow OFF filter (242 samples); OFF = max(0, slow - fast).
    pub off_slow_tau_s: f64,
    /// Half-saturation added to the adaptation state (0.01, in odour units).
    pub half_saturation: f64,
}

/// speed = max(0, base (1 + on_gain ON + off_gain OFF)).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlySpeedSpec {
    /// Walking speed without odour (6 mm/s).
    pub base_mm_per_s: f64,
    /// Gain of ON on speed (+0.45).
    pub on_gain: f64,
    /// Gain of OFF on speed (-0.8).
    pub off_gain: f64,
}

/// Turns: probability per sample p = base + on_gain ON + off_gain OFF; size turn_size x (+-1) x randn^2;
/// plus a steady steering of bilateral_deg_per_s_per_unit (C_left - C_right).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyTurningSpec {
    /// The model's sample interval (0.02 s); at another brain step the turn probability is scaled by
    /// step / sample_s.
    pub sample_s: f64,
    /// Turn probability per sample without odour (0.12).
    pub base_probability: f64,
    /// Gain of ON on turn probability (-0.03).
    pub on_gain: f64,
    /// Gain of OFF on turn probability (+0.75).
    pub off_gain: f64,
    /// Scale of a turn (20 deg).
    pub turn_size_deg: f64,
    /// Steering toward the antenna that smells more (40 deg/s per odour unit).
    pub bilateral_deg_per_s_per_unit: f64,
}

/// Feeding: a fly whose tarsi taste sugar stops walking while it does.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedingSpec {
    /// Food density at a tarsus above which the fly stops to feed.
    pub sugar_threshold_per_mm2: f64,
}

/// Thermotaxis by avoidance turns: while |T - preferred| grows, the fly turns back at a hazard that grows
/// with the rate of worsening (the rule and its numbers are this project's; the preferred temperature is
/// Sayeed & Benzer 1996's).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyThermotaxisSpec {
    /// Preferred temperature (about 24-25 C, Sayeed & Benzer 1996).
    pub preferred_c: f64,
    /// Avoidance turns per C of worsening: the hazard (per s) is this times the worsening rate (C/s).
    pub turns_per_c: f64,
    /// Size of an avoidance turn, degrees (side at random, away from the rim while following it).
    pub turn_deg: f64,
    /// Time constant of the temperature derivative's smoothing.
    pub derivative_tau_s: f64,
}

/// Wall following: flies keep to the boundary of an open arena (about 0.8-0.9 of the time, Besson &
/// Martin 2005). The rule is this project's: an antenna within `contact_mm` of the rim marks that side;
/// the fly steers to hold `hold_mm` from it (proportional-derivative on the nearer antenna's distance, so
/// that approaching the rim head-on turns it before it arrives), turns toward it for `search_s` after losing it, turns at
/// random less often while following, and leaves the rim at random (turning away, ignoring it awhile).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WallFollowingSpec {
    /// Reach of the antennae and forelegs: the rim is felt this close.
    pub contact_mm: f64,
    /// Distance from the rim the fly keeps while following it.
    pub hold_mm: f64,
    /// Turn rate away from the rim per mm closer than `hold_mm` (toward it when farther).
    pub steer_deg_per_s_per_mm: f64,
    /// Derivative time: the distance error counts `lead_s` ahead at its rate of change (smoothed over `lead_s`).
    pub lead_s: f64,
    /// How long the fly turns back toward a rim it has lost.
    pub search_s: f64,
    /// Turn rate toward a lost rim.
    pub search_turn_deg_per_s: f64,
    /// Factor on the random turn probability while following.
    pub turn_probability_factor: f64,
    /// Chance per second of leaving the rim.
    pub leave_probability_per_s: f64,
    /// Turn away from the rim on leaving it.
    pub leave_turn_deg: f64,
    /// After leaving, the rim is ignored this long.
    pub ignore_after_leaving_s: f64,
}

/// The body's measured response to the walking decoder (constant drive, `ett bench fly` and the walking
/// tests): the brain inverts it to command a speed and a turn rate.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriveCalibrationSpec {
    /// Measured (drive on both sides, forward speed in mm/s) points, drive increasing from (0, 0); the speed
    /// a drive gives is interpolated linearly between them, and inverted the same way.
    pub speed_at_drive_mm_per_s: Vec<(f64, f64)>,
    /// Measured (drive difference, turn rate in deg/s) points at the model's walking drive, difference
    /// increasing from (0, 0) (right minus left drive turns left, counter-clockwise); interpolated and inverted
    /// like the speeds. A table, not a gain: the outer legs' stroke is capped at the full stroke and the inner
    /// side's drive at 0 (src/interface/fly_walk.rs), so the response bends over.
    pub turn_rate_at_drive_difference_deg_per_s: Vec<(f64, f64)>,
    /// The fastest turn the model commands; a turn is spread over time at this rate.
    pub max_turn_rate_deg_per_s: f64,
}

impl DriveCalibrationSpec {
    /// The drive whose measured speed is `speed_mm_per_s` (the top point's drive beyond it).
    pub fn drive_for_speed(&self, speed_mm_per_s: f64) -> f64 {
        invert(&self.speed_at_drive_mm_per_s, speed_mm_per_s)
    }

    /// The measured speed at `drive` on both sides, interpolated (extrapolated along the top pair beyond it).
    pub fn speed_for_drive(&self, drive: f64) -> f64 {
        let points = &self.speed_at_drive_mm_per_s;
        let Some(pair) = points.windows(2).find(|w| drive <= w[1].0).or_else(|| points.windows(2).last()) else { return 0.0 };
        let ((d0, v0), (d1, v1)) = (pair[0], pair[1]);
        v0 + (v1 - v0) * (drive - d0) / (d1 - d0)
    }

    /// The drive difference (right minus left) whose measured turn rate is `turn_deg_per_s` (counter-clockwise
    /// positive; the top point's difference beyond it).
    pub fn difference_for_turn_rate(&self, turn_deg_per_s: f64) -> f64 {
        turn_deg_per_s.signum() * invert(&self.turn_rate_at_drive_difference_deg_per_s, turn_deg_per_s.abs())
    }

    /// The measured turn rate at drive difference `difference` (right minus left), interpolated, held at the
    /// top point beyond it.
    pub fn turn_rate_for_difference(&self, difference: f64) -> f64 {
        let points = &self.turn_rate_at_drive_difference_deg_per_s;
        let x = difference.abs();
        let rate = points.windows(2).find(|w| x <= w[1].0).map_or_else(
            || points.last().map_or(0.0, |p| p.1),
            |w| w[0].1 + (w[1].1 - w[0].1) * (x - w[0].0) / (w[1].0 - w[0].0),
        );
        difference.signum() * rate
    }

    /// Why a table cannot be inverted, if one cannot: (field, reason).
    pub fn check(&self) -> Result<(), (&'static str, String)> {
        for (field, points) in [("speed_at_drive_mm_per_s", &self.speed_at_drive_mm_per_s), ("turn_rate_at_drive_difference_deg_per_s", &self.turn_rate_at_drive_difference_deg_per_s)] {
            if points.first() != Some(&(0.0, 0.0)) || points.len() < 2 {
                return Err((field, format!("{field} needs (0.0, 0.0) first and at least one measured point")));
            }
            if points.iter().any(|p| !(p.0.is_finite() && p.1.is_finite())) || points.windows(2).any(|w| !(w[1].0 > w[0].0 && w[1].1 > w[0].1)) {
                return Err((field, format!("{field} must be finite and increase in both columns: {points:?}")));
            }
        }
        Ok(())
    }
}

/// The x at which a table of increasing (x, y) points reaches `y`, linearly interpolated (the top x beyond it).
fn invert(points: &[(f64, f64)], y: f64) -> f64 {
    for pair in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if y <= y1 {
            return x0 + (x1 - x0) * ((y - y0) / (y1 - y0)).clamp(0.0, 1.0);
        }
    }
    points.last().map_or(0.0, |p| p.0)
}
