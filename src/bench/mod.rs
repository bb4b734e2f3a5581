//! `ett bench fly` (in `fly`): the fly walking under its decoder; `ett bench physics`: how fast the body and the closed loop run, on one core and on all;
//! `ett bench fly-brain` (in `fly_brain`): the same for the whole-brain LIF fly on a generated FlyWire-format table;
//! `ett bench brain` (in `brain`): the spiking engine on CPU, GPU and Brian2 side by side; `ett bench hh`
//! and `ett bench models` (in `models`): the general engine's throughput and GPU parity; `ett bench parity`
//! (in `parity`): firing rates of the CPU engine against Brian2 over trials.

pub mod brain;
pub mod brian2;
pub mod cpu_time;
pub mod fly;
pub mod fly_brain;
pub mod fly_brain_parity;
pub mod models;
pub mod parity;
pub mod rates;

use crate::config::Scenario;
use crate::runner::RunError;
use crate::sim::Episode;
use rayon::prelude::*;
use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

/// Times the body alone, the closed loop on one thread, and a batch of animals on all threads.
pub fn physics(task: &Path, brain: Option<&Path>, seconds: f64, animals: usize) -> Result<String, RunError> {
    physics_of(&Scenario::load(task, brain)?, task, seconds, animals)
}

/// A real-time factor with three significant digits at most (574, 0.81, 0.0512).
fn factor(x: f64) -> String {
    let decimals = if x >= 100.0 { 0 } else if x >= 10.0 { 1 } else if x >= 1.0 { 2 } else { (2.0 - x.log10().floor()).clamp(2.0, 6.0) as usize };
    format!("{x:.decimals$}")
}

/// `physics` on a scenario already loaded (`task` labels the report).
pub fn physics_of(scenario: &Scenario, task: &Path, seconds: f64, animals: usize) -> Result<String, RunError> {
    let scenario = scenario.clone();
    let dt_control = scenario.task.spec.dt_control_s;
    let dt_physics = scenario.task.spec.physics.dt_s;
    let control_steps = (seconds / dt_control).round() as usize;
    let animal_error = |animal| move |source| RunError::Animal { animal, source };

    let mut body_only = Episode::new(&scenario, 1, 0, seconds)?;
    let physics_steps = control_steps * body_only.physics_steps_per_control();
    let t0 = Instant::now();
    body_only.advance_body_only(control_steps).map_err(animal_error(0))?;
    let body_wall = t0.elapsed().as_secs_f64();

    let single = rayon::ThreadPoolBuilder::new().num_threads(1).build().map_err(|e| RunError::Request(e.to_string()))?;
    let loop_wall = single.install(|| -> Result<f64, RunError> {
        let episode = Episode::new(&scenario, 1, 0, seconds)?;
        let t0 = Instant::now();
        episode.run(|_| {}).map_err(animal_error(0))?;
        Ok(t0.elapsed().as_secs_f64())
    })?;

    let threads = rayon::current_num_threads();
    let episodes: Vec<Episode> = (0..animals).map(|a| Episode::new(&scenario, 1, a as u64, seconds)).collect::<Result<_, _>>()?;
    let t0 = Instant::now();
    episodes.into_par_iter().enumerate().try_for_each(|(a, e)| e.run(|_| {}).map(|_| ()).map_err(animal_error(a)))?;
    let batch_wall = t0.elapsed().as_secs_f64();

    let mut out = String::new();
    let _ = writeln!(out, "ett bench physics: {} ({}), {seconds} s simulated", task.display(), scenario.body.spec.describe());
    let _ = writeln!(out, "dt_physics {dt_physics} s, dt_control {dt_control} s, solver iterations {}", scenario.task.spec.physics.solver_iterations);
    let _ = writeln!(out, "{:<44} {:>16} {:>16} {:>12}", "measurement", "steps/s", "control steps/s", "real-time x");
    let _ = writeln!(out, "{:<44} {:>16.0} {:>16.0} {:>12}", "body alone, 1 thread", physics_steps as f64 / body_wall, control_steps as f64 / body_wall, factor(seconds / body_wall));
    let _ = writeln!(out, "{:<44} {:>16.0} {:>16.0} {:>12}", format!("closed loop ({}), 1 thread", scenario.brain.spec.name), physics_steps as f64 / loop_wall, control_steps as f64 / loop_wall, factor(seconds / loop_wall));
    let label = format!("closed loop, {animals} animals, {threads} threads");
    let _ = writeln!(out, "{:<44} {:>16.0} {:>16.0} {:>12}", label, (animals * physics_steps) as f64 / batch_wall, (animals * control_steps) as f64 / batch_wall, factor(animals as f64 * seconds / batch_wall));
    let _ = writeln!(out, "real-time factor per core in the batch: {}", factor(animals as f64 * seconds / batch_wall / threads as f64));
    let _ = writeln!(out, "brain, encoders and decoder: {:.3} s per simulated second on 1 thread (closed loop minus body alone; approximate: the body alone stands, the loop's body walks)", (loop_wall - body_wall) / seconds);
    Ok(out)
}
