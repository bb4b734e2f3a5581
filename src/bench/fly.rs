//! `ett bench fly`: the fly body walking under the walking decoder at a constant descending command, timed on
//! one core, with the gait it produced (speed, turning, step frequency, tripod coordination). The walking tests
//! run the same trial.

use crate::body::{Body, BodyState, FlyBody, FlyPlacement};
use crate::buffers::{MuscleCommand, NeuralOutput};
use crate::config::fly_body_spec::{validate_fly_body, FlyBodySpec};
use crate::config::fly_walking_spec::{validate_fly_walking, FlyWalkingSpec};
use crate::config::{load_ron, ConfigError};
use crate::interface::{Decoder, WalkingDecoder};
use crate::physics::{LeggedSettings, PhysicsError};
use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

/// Control step of a walking trial: 20 samples of the fastest (12 Hz) step cycle.
pub const WALK_CONTROL_DT_S: f64 = 0.004;

/// The first part of a trial the gait measures skip: the legs settle and the stride amplitude builds up.
pub const WALK_SETTLE_S: f64 = 0.2;

/// Tripods: LF, RM, LH and RF, LM, RH, as indexes in the body's leg order LF, LM, LH, RF, RM, RH.
const TRIPODS: [[usize; 3]; 2] = [[0, 4, 2], [3, 1, 5]];

/// What a walking trial produced: the body's state every control step and the time it took.
#[derive(Debug, Clone)]
pub struct WalkTrial {
    /// Body state after each control step.
    pub states: Vec<BodyState>,
    /// Physics steps taken.
    pub physics_steps: usize,
    /// Wall-clock time of the stepping loop (decoder and physics), not of building the body.
    pub wall_s: f64,
}

/// Reads and validates the fly body and its walking template.
pub fn load_fly(body: &Path, walking: &Path) -> Result<(FlyBodySpec, FlyWalkingSpec), ConfigError> {
    let body = load_ron::<FlyBodySpec>(body)?;
    validate_fly_body(&body)?;
    let walking = load_ron::<FlyWalkingSpec>(walking)?;
    validate_fly_walking(&walking)?;
    Ok((body.spec, walking.spec))
}

/// Runs the fly for `seconds` with the descending channels held at `command` (see `DESCENDING_CHANNELS`).
pub fn walk(body: &FlyBodySpec, walking: &FlyWalkingSpec, settings: LeggedSettings, command: [f64; 4], seconds: f64) -> Result<WalkTrial, PhysicsError> {
    let mut fly = FlyBody::new(body, settings, FlyPlacement { position_mm: [0.0, 0.0], heading_rad: 0.0 });
    let mut decoder = WalkingDecoder::new(walking, fly.muscle_names()).expect("the walking template names the body's joints (bodies/fly_walking.ron)");
    let output = NeuralOutput { activity: command.to_vec() };
    let mut muscles = MuscleCommand::default();
    let substeps = (WALK_CONTROL_DT_S / settings.dt_s).round().max(1.0) as usize;
    let control_steps = (seconds / WALK_CONTROL_DT_S).round() as usize;
    let mut states = Vec::with_capacity(control_steps);
    let start = Instant::now();
    for _ in 0..control_steps {
        decoder.decode(&output, WALK_CONTROL_DT_S, &mut muscles);
        fly.actuate(&muscles);
        fly.advance(substeps)?;
        let mut state = BodyState::default();
        fly.sense(&mut state);
        states.push(state);
    }
    Ok(WalkTrial { states, physics_steps: control_steps * substeps, wall_s: start.elapsed().as_secs_f64() })
}

/// Gait measures of a trial after `WALK_SETTLE_S`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaitSummary {
    /// Mean velocity along the body's current heading (negative: backward): each control step's thorax
    /// displacement projected on the heading midway through it, so a fly walking a curve is not read as one
    /// walking sideways.
    pub forward_speed_mm_per_s: f64,
    /// Mean velocity across the current heading (sideslip), left positive.
    pub lateral_speed_mm_per_s: f64,
    /// Heading change per second, counter-clockwise (left turn) positive.
    pub turn_rate_deg_per_s: f64,
    /// Lift-offs (two control steps on the ground, then two off) per leg per second.
    pub step_frequency_hz: f64,
    /// Mean correlation of ground contact between legs of the same tripod (1 = in step).
    pub within_tripod_correlation: f64,
    /// Mean correlation of ground contact between legs of different tripods (negative = antiphase).
    pub between_tripod_correlation: f64,
    /// Mean height of the thorax-head joint.
    pub mean_height_mm: f64,
}

fn heading_rad(state: &BodyState) -> f64 {
    let (head, thorax) = (state.midline_mm[0], state.midline_mm[1]);
    (head[1] - thorax[1]).atan2(head[0] - thorax[0])
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    // A leg that never lifts has no contact variance; count it as uncorrelated.
    if va > 0.0 && vb > 0.0 {
        cov / (va * vb).sqrt()
    } else {
        0.0
    }
}

/// Measures the gait of a trial, skipping its first `WALK_SETTLE_S`.
pub fn summarize(trial: &WalkTrial) -> GaitSummary {
    let states: Vec<&BodyState> = trial.states.iter().filter(|s| s.time_s >= WALK_SETTLE_S).collect();
    let (first, last) = (states[0], states[states.len() - 1]);
    let duration_s = last.time_s - first.time_s;
    let (mut turned, mut forward_mm, mut lateral_mm) = (0.0, 0.0, 0.0);
    for pair in states.windows(2) {
        let d = heading_rad(pair[1]) - heading_rad(pair[0]);
        let d = (d + std::f64::consts::PI).rem_euclid(std::f64::consts::TAU) - std::f64::consts::PI;
        // Regression (2026-12-07): displacement over the whole trial was projected on the first heading, so a fly
        // walking a curve at 5 mm/s and 50 deg/s read as 0.7 mm/s forward and 3.9 mm/s sideways ("pivoting").
        let h = heading_rad(pair[0]) + 0.5 * d;
        let (dx, dy) = (pair[1].midline_mm[1][0] - pair[0].midline_mm[1][0], pair[1].midline_mm[1][1] - pair[0].midline_mm[1][1]);
        forward_mm += dx * h.cos() + dy * h.sin();
        lateral_mm += -dx * h.sin() + dy * h.cos();
        turned += d;
    }
    let contact: Vec<Vec<f64>> = (0..6).map(|leg| states.iter().map(|s| if s.legs[leg].on_ground { 1.0 } else { 0.0 }).collect()).collect();
    // A lift-off is a leg leaving the ground for two control steps after two on it: a tarsus skidding over the
    // ground flickers in and out of contact distance.
    let liftoffs: usize = contact.iter().map(|c| c.windows(4).filter(|w| w == &[1.0, 1.0, 0.0, 0.0]).count()).sum();
    let (mut within, mut between) = (Vec::new(), Vec::new());
    for i in 0..6 {
        for j in (i + 1)..6 {
            let same = TRIPODS.iter().any(|t| t.contains(&i) && t.contains(&j));
            if same { &mut within } else { &mut between }.push(correlation(&contact[i], &contact[j]));
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    GaitSummary {
        forward_speed_mm_per_s: forward_mm / duration_s,
        lateral_speed_mm_per_s: lateral_mm / duration_s,
        turn_rate_deg_per_s: turned.to_degrees() / duration_s,
        step_frequency_hz: liftoffs as f64 / 6.0 / duration_s,
        within_tripod_correlation: mean(&within),
        between_tripod_correlation: mean(&between),
        mean_height_mm: states.iter().map(|s| s.height_mm).sum::<f64>() / states.len() as f64,
    }
}

/// `ett bench fly`: times `seconds` of walking at `[left, right]` drive, on this thread.
pub fn run(body: &Path, walking: &Path, seconds: f64, [left, drive]: [f64; 2]) -> Result<String, String> {
    let (body_spec, walking_spec) = load_fly(body, walking).map_err(|e| e.to_string())?;
    let settings = LeggedSettings::fly_default();
    let trial = walk(&body_spec, &walking_spec, settings, [left, drive, 0.0, 0.0], seconds).map_err(|e| e.to_string())?;
    let gait = summarize(&trial);
    let mut out = String::new();
    let _ = writeln!(out, "ett bench fly: {} + {}, {seconds} s simulated at drive {drive}{}, 1 thread", body.display(), walking.display(), if left == drive { String::new() } else { format!(" (left {left})") });
    let _ = writeln!(out, "dt_physics {} s, solver iterations {} x {} PGS, multibody {} (split per leg: {}), control step {WALK_CONTROL_DT_S} s", settings.dt_s, settings.solver_iterations, settings.pgs_iterations, settings.multibody, settings.split_limbs);
    let _ = writeln!(out, "body steps/s {:.0}, real-time factor {:.3}", trial.physics_steps as f64 / trial.wall_s, seconds / trial.wall_s);
    let _ = writeln!(out, "after {WALK_SETTLE_S} s: forward {:.2} mm/s, lateral {:.2} mm/s, turning {:.1} deg/s, steps {:.1} Hz, thorax {:.2} mm up", gait.forward_speed_mm_per_s, gait.lateral_speed_mm_per_s, gait.turn_rate_deg_per_s, gait.step_frequency_hz, gait.mean_height_mm);
    let _ = writeln!(out, "ground contact correlation: within tripods {:.2}, between tripods {:.2}", gait.within_tripod_correlation, gait.between_tripod_correlation);
    Ok(out)
}
