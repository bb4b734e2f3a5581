//! The phenomenological fly, positive control of the fly suite: Alvarez-Salvado et al. 2018's odour
//! navigation (adapting ON and OFF filters set walking speed and the rate of random turns; the antennae's
//! difference steers; the wind turns it downwind, and upwind while ON is high), a stop to feed where the tarsi taste sugar, and thermotaxis by turning back as the temperature worsens. Its
//! outputs are the walking decoder's descending drives, so the same body and decoder carry it as carry
//! a connectome brain.
//!
//! It escapes looming objects probabilistically (`looming_escape`): a hazard that grows with the object's
//! angular size above a threshold sets the `escape` command, which the walking decoder turns into a jump.
//!
//! The published model turns the heading instantly by each sampled angle; a walking body cannot, so each
//! turn is queued and executed at up to `max_turn_rate_deg_per_s` (the approximation this model makes).

use super::mb_steering::MbSteering;
use super::Brain;
use crate::buffers::{NeuralInput, NeuralOutput};
use crate::config::first_not_positive;
use crate::config::fly_navigator_spec::FlyNavigatorSpec;
use crate::rng::SplitMix64;

/// Input channels, in `NeuralInput::drive` order; a mushroom body's channels follow them
/// (`ODOUR_left`, `ODOUR_right` for each learned odour, then `shock_v`).
pub const INPUT_NAMES: [&str; 12] = [
    "odour_left",
    "odour_right",
    "sugar_per_mm2",
    "temperature_c",
    "wall_distance_left_mm",
    "wall_distance_right_mm",
    "loom_size_left_deg",
    "loom_size_right_deg",
    "loom_expansion_left_deg_per_s",
    "loom_expansion_right_deg_per_s",
    "wind_forward_mm_per_s",
    "wind_left_mm_per_s",
];

/// Input indexes.
pub mod input {
    /// Odour at the left antenna.
    pub const ODOUR_LEFT: usize = 0;
    /// Odour at the right antenna.
    pub const ODOUR_RIGHT: usize = 1;
    /// Densest food under a tarsus.
    pub const SUGAR: usize = 2;
    /// Temperature at the antennae (NaN without a temperature field).
    pub const TEMPERATURE: usize = 3;
    /// Left antenna's distance to the rim (infinite without one).
    pub const WALL_LEFT: usize = 4;
    /// Right antenna's distance to the rim.
    pub const WALL_RIGHT: usize = 5;
    /// Looming object's angular size seen by the left eye, degrees.
    pub const LOOM_SIZE_LEFT: usize = 6;
    /// Seen by the right eye.
    pub const LOOM_SIZE_RIGHT: usize = 7;
    /// Its expansion rate at the left eye, degrees per second.
    pub const LOOM_EXPANSION_LEFT: usize = 8;
    /// At the right eye.
    pub const LOOM_EXPANSION_RIGHT: usize = 9;
    /// The air's velocity along the body, forward positive.
    pub const WIND_FORWARD: usize = 10;
    /// The air's velocity across the body, to the left positive.
    pub const WIND_LEFT: usize = 11;
}

/// Which side of the fly the rim is on, while it follows or seeks it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RimContact {
    /// +1: left (turning toward it is counter-clockwise); -1: right.
    side: f64,
    /// Time since an antenna last felt it.
    since_felt_s: f64,
    /// The nearer antenna's distance when last felt, and its rate of change.
    distance_mm: f64,
    approach_mm_per_s: f64,
}

/// Output channels: the walking decoder's descending drives.
pub use crate::interface::DESCENDING_CHANNELS as OUTPUT_NAMES;

/// State of the ON and OFF pathways.
#[derive(Debug, Clone, Copy, Default)]
struct OdourState {
    on_adaptation: f64,
    off_adaptation: f64,
    on: f64,
    off_fast: f64,
    off_slow: f64,
}

/// The model's state between samples.
pub struct FlyNavigator {
    spec: FlyNavigatorSpec,
    input_names: Vec<String>,
    output_names: Vec<String>,
    odour: OdourState,
    /// Heading change still to execute, counter-clockwise positive.
    pending_turn_deg: f64,
    last_deviation_c: Option<f64>,
    deviation_rate_c_per_s: f64,
    rim: Option<RimContact>,
    /// Time left during which the rim is ignored (after leaving it).
    ignore_rim_s: f64,
    /// Time left with the escape command on.
    escape_left_s: f64,
    /// Whether the fly already escaped from the loom in view (one escape per loom).
    escaped_this_loom: bool,
    /// The eyes' larger expansion rate, low-pass filtered.
    expansion_deg_per_s: f64,
    /// The mushroom body and its read-out, if the fly has one.
    mushroom_body: Option<MbSteering>,
    rng: SplitMix64,
    /// Whether the queued turn is an avoidance turn (from a learned odour or a worsening temperature), still under way.
    avoiding: bool,
}

/// Mixed into the seed for the mushroom body's own random stream.
const MB_STREAM_SALT: u64 = 0x3B0D_F1E5_0000_0007;

/// First-order step of a filter with time constant `tau_s` over `dt_s` (the published model's
/// `x += (u - x) / samples`).
fn relax(state: &mut f64, target: f64, dt_s: f64, tau_s: f64) {
    *state += (target - *state) * (dt_s / tau_s).min(1.0);
}

/// The angular diameter of a disc covering the solid angles two eyes see of one object (a frontal object
/// falls half in each eye; a lateral one in one eye only, whose size it then is).
fn combined_size_deg(left_deg: f64, right_deg: f64) -> f64 {
    let uncovered = |size_deg: f64| 1.0 - (0.5 * size_deg).to_radians().cos();
    let cos_half = (1.0 - uncovered(left_deg) - uncovered(right_deg)).max(-1.0);
    2.0 * cos_half.acos().to_degrees()
}

impl FlyNavigator {
    /// Builds the model; `stream` separates animals of one run.
    pub fn new(spec: &FlyNavigatorSpec, stream: u64) -> Result<Self, (&'static str, String)> {
        let o = &spec.odour;
        if let Some((field, value)) = first_not_positive(&[
            ("on_adaptation_tau_s", o.on_adaptation_tau_s),
            ("off_adaptation_tau_s", o.off_adaptation_tau_s),
            ("on_tau_s", o.on_tau_s),
            ("off_fast_tau_s", o.off_fast_tau_s),
            ("off_slow_tau_s", o.off_slow_tau_s),
            ("sample_s", spec.turning.sample_s),
            ("derivative_tau_s", spec.thermotaxis.derivative_tau_s),
            ("turn_deg", spec.thermotaxis.turn_deg),
            ("max_turn_rate_deg_per_s", spec.body_calibration.max_turn_rate_deg_per_s),
        ]) {
            return Err((field, format!("must be positive and finite, got {value}")));
        }
        if !(spec.thermotaxis.turns_per_c >= 0.0 && spec.thermotaxis.turns_per_c.is_finite()) {
            return Err(("turns_per_c", format!("must be at least 0 and finite, got {}", spec.thermotaxis.turns_per_c)));
        }
        spec.body_calibration.check()?;
        if let Some(w) = &spec.wall_following {
            for (field, value) in [("contact_mm", w.contact_mm), ("hold_mm", w.hold_mm), ("lead_s", w.lead_s), ("search_s", w.search_s), ("ignore_after_leaving_s", w.ignore_after_leaving_s)] {
                if !(value > 0.0 && value.is_finite()) {
                    return Err((field, format!("must be positive and finite, got {value}")));
                }
            }
            if w.hold_mm >= w.contact_mm {
                return Err(("hold_mm", format!("must be inside the reach contact_mm ({}), got {}", w.contact_mm, w.hold_mm)));
            }
            if !(0.0..=1.0).contains(&w.turn_probability_factor) || !(w.leave_probability_per_s >= 0.0) {
                return Err(("turn_probability_factor", "turn_probability_factor must be in [0, 1] and leave_probability_per_s at least 0".into()));
            }
        }
        if let Some(w) = &spec.wind {
            for (field, value) in [("downwind_deg_per_sample", w.downwind_deg_per_sample), ("upwind_deg_per_sample", w.upwind_deg_per_sample), ("detection_mm_per_s", w.detection_mm_per_s)] {
                if !(value >= 0.0 && value.is_finite()) {
                    return Err((field, format!("must be at least 0 and finite, got {value}")));
                }
            }
        }
        if let Some(e) = &spec.looming_escape {
            for (field, value) in [("threshold_size_deg", e.threshold_size_deg), ("hazard_per_s_per_deg", e.hazard_per_s_per_deg), ("hold_s", e.hold_s), ("expansion_tau_s", e.expansion_tau_s)] {
                if !(value >= 0.0 && value.is_finite()) {
                    return Err((field, format!("must be finite and not negative, got {value}")));
                }
            }
        }
        if !(o.half_saturation > 0.0) {
            return Err(("half_saturation", format!("must be positive (it keeps the ON and OFF ratios finite at zero odour), got {}", o.half_saturation)));
        }
        let mushroom_body = spec.mushroom_body.as_ref().map(|mb| MbSteering::new(mb, SplitMix64::for_stream(spec.seed ^ MB_STREAM_SALT, stream))).transpose()?;
        let mut input_names = INPUT_NAMES.map(String::from).to_vec();
        if let Some(mb) = &spec.mushroom_body {
            input_names.extend(mb.odours.iter().flat_map(|o| [format!("{o}_left"), format!("{o}_right")]));
            input_names.push("shock_v".into());
        }
        Ok(FlyNavigator {
            spec: spec.clone(),
            input_names,
            output_names: OUTPUT_NAMES.map(String::from).to_vec(),
            odour: OdourState::default(),
            pending_turn_deg: 0.0,
            last_deviation_c: None,
            deviation_rate_c_per_s: 0.0,
            rim: None,
            ignore_rim_s: 0.0,
            escape_left_s: 0.0,
            escaped_this_loom: false,
            expansion_deg_per_s: 0.0,
            mushroom_body,
            avoiding: false,
            rng: SplitMix64::for_stream(spec.seed, stream),
        })
    }

    /// The mushroom body's read-out, if the fly has one.
    pub fn mushroom_body(&self) -> Option<&MbSteering> {
        self.mushroom_body.as_ref()
    }

    /// The ON and OFF responses now.
    pub fn on_off(&self) -> (f64, f64) {
        (self.odour.on, (self.odour.off_slow - self.odour.off_fast).max(0.0))
    }

    fn filter_odour(&mut self, odour: f64, dt_s: f64) {
        let f = &self.spec.odour;
        let s = &mut self.odour;
        let on_ratio = odour / (odour + f.half_saturation + s.on_adaptation);
        let off_ratio = odour / (odour + f.half_saturation + s.off_adaptation);
        relax(&mut s.on, on_ratio, dt_s, f.on_tau_s);
        relax(&mut s.off_fast, off_ratio, dt_s, f.off_fast_tau_s);
        relax(&mut s.off_slow, off_ratio, dt_s, f.off_slow_tau_s);
        relax(&mut s.on_adaptation, odour, dt_s, f.on_adaptation_tau_s);
        relax(&mut s.off_adaptation, odour, dt_s, f.off_adaptation_tau_s);
    }

    /// Hazard (per s) of a thermotactic avoidance turn: the thermotaxis gain times the rate (C/s) at
    /// which the temperature drifts away from the preferred one, smoothed.
    fn thermal_turn_hazard_per_s(&mut self, temperature_c: f64, dt_s: f64) -> f64 {
        let t = &self.spec.thermotaxis;
        if !temperature_c.is_finite() {
            // A gap in the reading must not turn into one step's difference across it.
            self.last_deviation_c = None;
            return 0.0;
        }
        let deviation = (temperature_c - t.preferred_c).abs();
        if let Some(last) = self.last_deviation_c {
            relax(&mut self.deviation_rate_c_per_s, (deviation - last) / dt_s, dt_s, t.derivative_tau_s);
        }
        self.last_deviation_c = Some(deviation);
        t.turns_per_c * self.deviation_rate_c_per_s.max(0.0)
    }

    /// Queues an avoidance turn of `turn_deg` unless one is running: at the rim away from it (the rim blocks
    /// the other way), ignoring the rim as after leaving it, or the search for the lost rim would turn the fly
    /// back; elsewhere to the side given.
    fn turn_back(&mut self, turn_deg: f64) {
        if self.avoiding {
            return;
        }
        self.pending_turn_deg = turn_deg;
        self.avoiding = true;
        if let (Some(rim), Some(w)) = (self.rim, self.spec.wall_following.as_ref()) {
            self.pending_turn_deg = -rim.side * turn_deg.abs();
            self.rim = None;
            self.ignore_rim_s = w.ignore_after_leaving_s;
        }
    }

    /// Wall following this sample: the steady turn it commands (deg/s, counter-clockwise) and whether the
    /// fly is following or seeking the rim.
    fn follow_rim(&mut self, left_mm: f64, right_mm: f64, dt_s: f64) -> (f64, bool) {
        let Some(w) = self.spec.wall_following.clone() else { return (0.0, false) };
        if self.ignore_rim_s > 0.0 {
            self.ignore_rim_s -= dt_s;
            return (0.0, false);
        }
        let nearest_mm = left_mm.min(right_mm);
        if nearest_mm < w.contact_mm {
            let side = if left_mm <= right_mm { 1.0 } else { -1.0 };
            // The head sways with each step: the rate is smoothed over the lead time.
            let rate = match self.rim {
                Some(rim) if rim.since_felt_s == 0.0 => {
                    let mut rate = rim.approach_mm_per_s;
                    relax(&mut rate, (nearest_mm - rim.distance_mm) / dt_s, dt_s, w.lead_s);
                    rate
                }
                _ => 0.0,
            };
            self.rim = Some(RimContact { side, since_felt_s: 0.0, distance_mm: nearest_mm, approach_mm_per_s: rate });
        } else if let Some(rim) = &mut self.rim {
            rim.since_felt_s += dt_s;
            if rim.since_felt_s > w.search_s {
                self.rim = None;
            }
        }
        let Some(rim) = self.rim else { return (0.0, false) };
        if self.rng.uniform() < w.leave_probability_per_s * dt_s {
            self.rim = None;
            self.ignore_rim_s = w.ignore_after_leaving_s;
            self.pending_turn_deg -= rim.side * w.leave_turn_deg;
            return (0.0, false);
        }
        let turn = if rim.since_felt_s == 0.0 {
            rim.side * w.steer_deg_per_s_per_mm * (nearest_mm - w.hold_mm + w.lead_s * rim.approach_mm_per_s)
        } else {
            rim.side * w.search_turn_deg_per_s
        };
        (turn, true)
    }

    /// The published wind terms as a turn rate (deg/s, counter-clockwise): (kdown - kup ON) sin(psi) per
    /// sample, psi the heading's angle counter-clockwise from upwind. With the air moving at `w` in the
    /// body's frame, upwind lies along -w, so sin(psi) = w_left / |w|.
    fn wind_turn_deg_per_s(&self, forward_mm_per_s: f64, left_mm_per_s: f64, on: f64) -> f64 {
        let Some(w) = &self.spec.wind else { return 0.0 };
        let speed = forward_mm_per_s.hypot(left_mm_per_s);
        if !(speed >= w.detection_mm_per_s && speed > 0.0) {
            return 0.0;
        }
        (w.downwind_deg_per_sample - w.upwind_deg_per_sample * on) * (left_mm_per_s / speed) / self.spec.turning.sample_s
    }

    /// Looming escape this sample: whether the escape command is on.
    fn escape(&mut self, input: &[f64], dt_s: f64) -> bool {
        let Some(e) = &self.spec.looming_escape else { return false };
        let at = |i: usize| input.get(i).copied().filter(|v| v.is_finite()).unwrap_or(0.0);
        let size_deg = combined_size_deg(at(input::LOOM_SIZE_LEFT), at(input::LOOM_SIZE_RIGHT));
        let expansion = at(input::LOOM_EXPANSION_LEFT).max(at(input::LOOM_EXPANSION_RIGHT));
        if e.expansion_tau_s > 0.0 {
            relax(&mut self.expansion_deg_per_s, expansion, dt_s, e.expansion_tau_s);
        } else {
            self.expansion_deg_per_s = expansion;
        }
        if size_deg == 0.0 {
            self.escaped_this_loom = false;
            self.expansion_deg_per_s = 0.0;
        }
        if !self.escaped_this_loom && self.expansion_deg_per_s > 0.0 && size_deg > e.threshold_size_deg {
            let hazard_per_s = e.hazard_per_s_per_deg * (size_deg - e.threshold_size_deg);
            if self.rng.uniform() < 1.0 - (-hazard_per_s * dt_s).exp() {
                self.escaped_this_loom = true;
                self.escape_left_s = e.hold_s;
            }
        }
        let on = self.escape_left_s > 0.0;
        self.escape_left_s -= dt_s;
        on
    }

    /// One sample: returns the commanded speed (mm/s) and turn rate (deg/s, counter-clockwise).
    fn sample(&mut self, input: &[f64], dt_s: f64) -> (f64, f64) {
        let at = |i: usize| input.get(i).copied().unwrap_or(0.0);
        let (left, right) = (at(input::ODOUR_LEFT).max(0.0), at(input::ODOUR_RIGHT).max(0.0));
        self.filter_odour(0.5 * (left + right), dt_s);
        let thermal_hazard_per_s = self.thermal_turn_hazard_per_s(input.get(input::TEMPERATURE).copied().unwrap_or(f64::NAN), dt_s);
        let (on, off) = self.on_off();
        // A missing or non-finite distance means no rim.
        let rim_mm = |i: usize| input.get(i).copied().filter(|d| !d.is_nan()).unwrap_or(f64::INFINITY);
        let (rim_turn, on_rim) = self.follow_rim(rim_mm(input::WALL_LEFT), rim_mm(input::WALL_RIGHT), dt_s);
        // Learning goes on whatever the fly does (it also learns while feeding).
        let learned = self.mushroom_body.as_mut().map(|mb| mb.step(input, INPUT_NAMES.len(), dt_s));
        if at(input::SUGAR) > self.spec.feeding.sugar_threshold_per_mm2 {
            self.pending_turn_deg = 0.0;
            self.avoiding = false;
            return (0.0, 0.0);
        }
        let s = &self.spec.speed;
        let speed = (s.base_mm_per_s * (1.0 + s.on_gain * on + s.off_gain * off)).max(0.0);
        let turning = &self.spec.turning;
        // The published probability is per 20-ms sample; other brain steps scale it.
        let per_sample = (turning.base_probability + turning.on_gain * on + turning.off_gain * off).clamp(0.0, 1.0);
        let factor = if on_rim { self.spec.wall_following.as_ref().map_or(1.0, |w| w.turn_probability_factor) } else { 1.0 };
        let probability = (factor * per_sample * dt_s / turning.sample_s).min(1.0);
        if self.rng.uniform() < probability {
            let sign = if self.rng.uniform() < 0.5 { -1.0 } else { 1.0 };
            let z = self.rng.normal();
            // An avoidance turn runs to its end: a random turn added to it (20 deg x randn^2, at times over
            // 100 degrees) undid it (2026-12-07: flies on a thermal gradient walked 8 s the wrong way).
            if !self.avoiding {
                self.pending_turn_deg += sign * turning.turn_size_deg * z * z;
            }
        }
        let mut learned_turn = 0.0;
        if let Some(command) = learned {
            learned_turn = command.turn_deg_per_s;
            // A turn back from a learned odour replaces what was queued, and runs to its end: the rise that
            // set it off goes on for a few samples and may set off more, whose side, decided by the antennae
            // once both are in the odour, is a coin toss (2026-12-07: a second turn undid the first and sent
            // flies into the rim). At the rim it wins over wall following: the fly turns away from the rim
            // (which blocks the other way; there its antennae rarely differ, since a boundary meets the rim
            // square to it) and ignores the rim as after leaving it, or the search for the lost rim would turn
            // it back into the odour.
            if let Some(turn) = command.avoidance_turn_deg {
                self.turn_back(turn);
            }
        }
        if thermal_hazard_per_s > 0.0 && self.rng.uniform() < 1.0 - (-thermal_hazard_per_s * dt_s).exp() {
            let sign = if self.rng.uniform() < 0.5 { -1.0 } else { 1.0 };
            self.turn_back(sign * self.spec.thermotaxis.turn_deg);
        }
        let max_rate = self.spec.body_calibration.max_turn_rate_deg_per_s;
        let queued_rate = (self.pending_turn_deg / dt_s).clamp(-max_rate, max_rate);
        self.pending_turn_deg -= queued_rate * dt_s;
        // The queue runs dry exactly: a rate clamped to what is left takes all of it in the last sample.
        if self.pending_turn_deg.abs() < 1e-9 {
            self.avoiding = false;
        }
        let bilateral = self.spec.turning.bilateral_deg_per_s_per_unit * (left - right);
        let wind = self.wind_turn_deg_per_s(at(input::WIND_FORWARD), at(input::WIND_LEFT), on);
        (speed, (queued_rate + bilateral + rim_turn + wind + learned_turn).clamp(-max_rate, max_rate))
    }
}

impl Brain for FlyNavigator {
    fn input_names(&self) -> &[String] {
        &self.input_names
    }

    fn output_names(&self) -> &[String] {
        &self.output_names
    }

    fn step_n(&mut self, input: &NeuralInput, steps: usize, dt_s: f64, output: &mut NeuralOutput) {
        let (mut speed, mut turn, mut escape) = (0.0, 0.0, false);
        for _ in 0..steps {
            (speed, turn) = self.sample(&input.drive, dt_s);
            escape |= self.escape(&input.drive, dt_s);
        }
        let c = &self.spec.body_calibration;
        let drive = c.drive_for_speed(speed);
        let difference = if drive > 0.0 { c.difference_for_turn_rate(turn) } else { 0.0 };
        output.activity.clear();
        output.activity.extend([(drive - 0.5 * difference).clamp(0.0, 1.0), (drive + 0.5 * difference).clamp(0.0, 1.0), 0.0, if escape { 1.0 } else { 0.0 }]);
    }

    fn backend(&self) -> &'static str {
        "cpu"
    }
}
