//! The phenomenological worm, the positive control of the worm suite: a travelling-wave gait with
//! reversals and omega turns whose rate follows food history (local then global search), salt and
//! temperature gradients (klinokinesis and weathervaning), touch and tap reflexes that habituate,
//! noxious avoidance, lawn-edge reversals, salt learning, and a swimming gait under low external load.
//! It senses only through its input channels
//! (`INPUT_NAMES`, written by the encoder from the sensor frame) and drives only muscles.

mod habituation;
mod learning;
mod motor;
mod navigation;

use super::{Brain, MotorLayout};
use crate::buffers::{NeuralInput, NeuralOutput};
use crate::config::behavioral_spec::BehavioralSpec;
use crate::rng::SplitMix64;
use habituation::Habituation;
use learning::SaltValence;
use motor::Wave;
use navigation::Navigator;

/// The model's input channels, in `NeuralInput::drive` order.
pub const INPUT_NAMES: [&str; 10] = ["salt_mm", "temperature_c", "noxious_nose", "noxious_tail", "food_per_mm2", "touch_anterior", "touch_posterior", "tap", "head_bend_rad", "load_n_s_per_m2"];

/// Index of each channel in [`INPUT_NAMES`].
pub mod input {
    /// Salt concentration at the nose.
    pub const SALT: usize = 0;
    /// Temperature at the nose (NaN: no field).
    pub const TEMPERATURE: usize = 1;
    /// Noxious intensity at the nose.
    pub const NOXIOUS_NOSE: usize = 2;
    /// Noxious intensity at the tail.
    pub const NOXIOUS_TAIL: usize = 3;
    /// Food density at the nose.
    pub const FOOD: usize = 4;
    /// 1 when an anterior site was touched.
    pub const TOUCH_ANTERIOR: usize = 5;
    /// 1 when a posterior site was touched.
    pub const TOUCH_POSTERIOR: usize = 6;
    /// 1 when the plate was tapped.
    pub const TAP: usize = 7;
    /// Mean bend of the head joints, dorsal positive.
    pub const HEAD_BEND: usize = 8;
    /// External load felt by the body (NaN: the body did not move).
    pub const LOAD: usize = 9;
}

/// What the body is doing.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Forward,
    Reverse { left_s: f64, then_omega: bool },
    Omega { left_s: f64 },
}

/// The behavioural model.
pub struct BehavioralBrain {
    spec: BehavioralSpec,
    input_names: Vec<String>,
    wave: Wave,
    mode: Mode,
    rng: SplitMix64,
    navigator: Navigator,
    valence: SaltValence,
    anterior: Habituation,
    posterior: Habituation,
    tap: Habituation,
    since_food_s: f64,
    was_on_food: bool,
    /// The nose has left the lawn and the edge response has not been tried yet.
    edge_pending: bool,
    accelerate_left_s: f64,
    last_touch: [bool; 3],
    /// The last sensed load was below the swimming threshold (held while the body is still).
    swimming: bool,
}

impl BehavioralBrain {
    /// Builds the model for a body; `stream` separates the random draws of animals of one run.
    pub fn new(spec: &BehavioralSpec, motor: &MotorLayout, stream: u64) -> Result<Self, (&'static str, String)> {
        let g = &spec.gait;
        let w = &g.swimming;
        if !(g.frequency_hz > 0.0 && g.wavelength_body_lengths > 0.0 && w.frequency_hz > 0.0 && w.wavelength_body_lengths > 0.0) {
            return Err(("gait", format!("frequency_hz and wavelength_body_lengths must be positive for both gaits, got {} and {} crawling, {} and {} swimming", g.frequency_hz, g.wavelength_body_lengths, w.frequency_hz, w.wavelength_body_lengths)));
        }
        if !(w.below_load_n_s_per_m2 >= 0.0 && w.below_load_n_s_per_m2.is_finite()) {
            return Err(("below_load_n_s_per_m2", format!("must be non-negative and finite, got {}", w.below_load_n_s_per_m2)));
        }
        let m = &spec.mechanosensation;
        for (field, h) in [("anterior_touch", &m.anterior_touch), ("posterior_touch", &m.posterior_touch), ("tap", &m.tap)] {
            let units_ok = h.timescales.iter().all(|u| (0.0..=1.0).contains(&u.decrement) && u.recovery_tau_s > 0.0);
            if !((0.0..=1.0).contains(&h.naive_probability) && units_ok) {
                return Err((field, format!("probability and decrement must lie in [0, 1] and recovery_tau_s be positive, got {h:?}")));
            }
        }
        let n = &spec.navigation;
        if !(n.klinokinesis_max_factor >= 1.0 && n.klinokinesis_tau_s >= 0.0 && n.weathervane_tau_s >= 0.0) {
            return Err(("navigation", "klinokinesis_max_factor must be at least 1 and the time constants non-negative".into()));
        }
        let l = &spec.learning;
        if !(l.conditioning_tau_s > 0.0 && l.recovery_tau_s > 0.0 && l.half_saturation_mm >= 0.0) {
            return Err(("learning", "conditioning_tau_s and recovery_tau_s must be positive, half_saturation_mm non-negative".into()));
        }
        Ok(BehavioralBrain {
            input_names: INPUT_NAMES.iter().map(|s| s.to_string()).collect(),
            wave: Wave::new(&spec.gait, motor),
            mode: Mode::Forward,
            rng: SplitMix64::for_stream(spec.seed, stream),
            navigator: Navigator::new(&spec.navigation),
            valence: SaltValence::new(&spec.learning),
            anterior: Habituation::new(&m.anterior_touch),
            posterior: Habituation::new(&m.posterior_touch),
            tap: Habituation::new(&m.tap),
            since_food_s: 0.0,
            was_on_food: false,
            edge_pending: false,
            accelerate_left_s: 0.0,
            last_touch: [false; 3],
            swimming: false,
            spec: spec.clone(),
        })
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.uniform() < p
    }

    fn reverse(&mut self) {
        let then_omega = self.chance(self.spec.reorientation.omega_after_reversal_probability);
        self.mode = Mode::Reverse { left_s: self.spec.reorientation.reversal_s, then_omega };
    }

    /// Spontaneous reorientation rate: local-then-global search off food (Gray, Hill & Bargmann 2005;
    /// Lopez-Cruz et al. 2019), times the klinokinesis factor.
    fn reorientation_rate_per_s(&self, on_food: bool) -> f64 {
        let r = &self.spec.reorientation;
        let base_per_min = if on_food { r.on_food_per_min } else { r.alpha_per_min * (-r.gamma_per_min * self.since_food_s / 60.0).exp() + r.floor_per_min };
        base_per_min / 60.0 * self.navigator.klinokinesis_factor()
    }

    /// Reflexes to touch and tap; a touch counts once, at its onset.
    fn mechanosensation(&mut self, x: &[f64]) {
        let now = [x[input::TOUCH_ANTERIOR] > 0.5, x[input::TOUCH_POSTERIOR] > 0.5, x[input::TAP] > 0.5];
        let onset = [now[0] && !self.last_touch[0], now[1] && !self.last_touch[1], now[2] && !self.last_touch[2]];
        self.last_touch = now;
        if onset[0] {
            let p = self.anterior.stimulate();
            if self.chance(p) {
                self.reverse();
            }
        }
        if onset[1] {
            let p = self.posterior.stimulate();
            if self.chance(p) {
                // Posterior touch: forward escape (PLM -> PVC -> AVB), cutting a reversal short.
                self.mode = Mode::Forward;
                self.accelerate_left_s = self.spec.gait.acceleration_s;
            }
        }
        if onset[2] {
            let p = self.tap.stimulate();
            if self.chance(p) && matches!(self.mode, Mode::Forward) {
                self.reverse();
            }
        }
    }

    fn advance(&mut self, x: &[f64], dt_s: f64) {
        for h in [&mut self.anterior, &mut self.posterior, &mut self.tap] {
            h.recover(dt_s);
        }
        let on_food = x[input::FOOD] > 0.0;
        let salt_mm = x[input::SALT];
        self.valence.update(salt_mm, on_food, dt_s);
        let u = self.navigator.preference(salt_mm, x[input::TEMPERATURE], self.valence.valence());
        self.navigator.update(u, x[input::HEAD_BEND], dt_s);
        // The edge response waits for forward movement: a nose that leaves the lawn during a reversal or
        // an omega turn is still turned back once the animal heads out (an exit made while turning would
        // otherwise escape the response altogether).
        if self.was_on_food && !on_food {
            self.edge_pending = true;
        } else if on_food {
            self.edge_pending = false;
        }
        self.was_on_food = on_food;
        self.since_food_s = if on_food { 0.0 } else { self.since_food_s + dt_s };
        self.accelerate_left_s = (self.accelerate_left_s - dt_s).max(0.0);
        // Gait adaptation: the gait follows the external load the body feels (Fang-Yen et al. 2010).
        if x[input::LOAD].is_finite() {
            self.swimming = x[input::LOAD] < self.spec.gait.swimming.below_load_n_s_per_m2;
        }
        self.mechanosensation(x);
        let a = &self.spec.avoidance;
        self.mode = match self.mode {
            Mode::Forward if x[input::NOXIOUS_NOSE] > a.threshold && self.rng.uniform() < a.probability => Mode::Reverse { left_s: self.spec.reorientation.reversal_s, then_omega: true },
            // Noxious at the tail while backing (phasmids, Hilliard et al. 2002): stop and turn away.
            Mode::Reverse { .. } if x[input::NOXIOUS_TAIL] > a.threshold => Mode::Omega { left_s: self.spec.reorientation.omega_s },
            Mode::Reverse { left_s, then_omega } if left_s <= dt_s => if then_omega { Mode::Omega { left_s: self.spec.reorientation.omega_s } } else { Mode::Forward },
            Mode::Reverse { left_s, then_omega } => Mode::Reverse { left_s: left_s - dt_s, then_omega },
            Mode::Omega { left_s } if left_s <= dt_s => Mode::Forward,
            Mode::Omega { left_s } => Mode::Omega { left_s: left_s - dt_s },
            Mode::Forward => Mode::Forward,
        };
        if self.mode == Mode::Forward {
            if self.edge_pending {
                self.edge_pending = false;
                if self.chance(self.spec.reorientation.lawn_edge_reversal_probability) {
                    self.reverse();
                }
            } else if self.chance(self.reorientation_rate_per_s(on_food) * dt_s) {
                self.reverse();
            }
        }
    }
}

impl Brain for BehavioralBrain {
    fn input_names(&self) -> &[String] {
        &self.input_names
    }

    fn output_names(&self) -> &[String] {
        self.wave.muscle_names()
    }

    fn step_n(&mut self, input: &NeuralInput, steps: usize, dt_s: f64, output: &mut NeuralOutput) {
        let dt_s = dt_s * steps as f64;
        let mut x = [0.0; INPUT_NAMES.len()];
        for (value, drive) in x.iter_mut().zip(&input.drive) {
            *value = *drive;
        }
        self.advance(&x, dt_s);
        let g = &self.spec.gait;
        let (mut frequency_hz, wavelength_body_lengths) = if self.swimming { (g.swimming.frequency_hz, g.swimming.wavelength_body_lengths) } else { (g.frequency_hz, g.wavelength_body_lengths) };
        if x[input::FOOD] > 0.0 {
            frequency_hz *= g.on_food_frequency_factor;
        }
        if self.accelerate_left_s > 0.0 {
            frequency_hz *= g.acceleration_frequency_factor;
        }
        let (backward, bias, whole_body) = match self.mode {
            Mode::Forward => (false, self.navigator.steering_bias(), false),
            Mode::Reverse { .. } => (true, 0.0, false),
            Mode::Omega { .. } => (false, -self.spec.reorientation.omega_bias, true),
        };
        self.wave.advance(frequency_hz, dt_s);
        self.wave.write(wavelength_body_lengths, backward, bias, whole_body, output);
    }

    fn backend(&self) -> &'static str {
        "cpu"
    }
}
