//! An episode owns one animal's body, arena, brain, encoder, decoder, task and buffers.

use crate::arena::{Arena, PlateArena, SiteTable};
use crate::body::worm::{sites_of_kind, Placement};
use crate::body::{Body, BodyState, WormBody};
use super::assemble::{assemble, BodyInterface};
use crate::brain::{Brain, MotorLayout};
use crate::buffers::{Event, MuscleCommand, NeuralInput, NeuralOutput, SensorFrame};
use crate::config::body_spec::{BodySide, SiteKind};
use crate::config::{ConfigError, Scenario};
use crate::interface::{Decoder, Encoder};
use crate::physics::{Medium, PhysicsError, PhysicsSettings};
use crate::record::{Trajectory, TrajectoryRow};
use crate::rng::SplitMix64;
use crate::task::{Protocol, Task};
use serde_json::{Map, Value};

/// Why an episode stopped early.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The specs did not fit together.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The physics failed.
    #[error(transparent)]
    Physics(#[from] PhysicsError),
    /// The brain and decoder produced a muscle activation that is not a number.
    #[error("at t = {time_s:.4} s the muscle command for `{muscle}` is {value} (the brain or decoder produced a non-finite value)")]
    NonFiniteCommand {
        /// Simulated time.
        time_s: f64,
        /// The first muscle at fault.
        muscle: String,
        /// Its value.
        value: f64,
    },
}

/// What one episode produced.
#[derive(Debug, Clone)]
pub struct EpisodeResult {
    /// The sampled track.
    pub trajectory: Trajectory,
    /// Everything that happened, in time order.
    pub events: Vec<Event>,
    /// The task's own measurements.
    pub task_summary: Map<String, Value>,
    /// Simulated time.
    pub simulated_s: f64,
    /// Wall time spent stepping.
    pub wall_s: f64,
}

/// One animal's closed loop.
pub struct Episode {
    body: Box<dyn Body>,
    arena: Box<dyn Arena>,
    brain: Box<dyn Brain>,
    encoder: Box<dyn Encoder>,
    decoder: Box<dyn Decoder>,
    task: Box<dyn Task>,
    state: BodyState,
    frame: SensorFrame,
    input: NeuralInput,
    output: NeuralOutput,
    command: MuscleCommand,
    events: Vec<Event>,
    dt_control_s: f64,
    dt_brain_s: f64,
    physics_steps: usize,
    brain_steps: usize,
    record_every_steps: usize,
    control_steps: usize,
}

impl Episode {
    /// Assembles animal `animal` of a scenario; placement noise comes from `(seed, animal)`.
    pub fn new(scenario: &Scenario, seed: u64, animal: u64, duration_s: f64) -> Result<Self, ConfigError> {
        let task = &scenario.task.spec;
        let body_spec = &scenario.body.spec;
        let mut rng = SplitMix64::for_stream(seed, animal);
        let heading_rad = task.placement.heading_deg.map_or_else(|| rng.uniform() * std::f64::consts::TAU, f64::to_radians);
        let jitter = task.placement.position_jitter_mm;
        let placement = Placement {
            head_tip_mm: [task.placement.head_tip_mm.0 + jitter * rng.normal(), task.placement.head_tip_mm.1 + jitter * rng.normal()],
            heading_rad,
        };
        let sites = SiteTable {
            chemosensory: sites_of_kind(body_spec, SiteKind::Chemosensory),
            touch: sites_of_kind(body_spec, SiteKind::Touch).into_iter().map(|i| (i, body_spec.sensor_sites[i].name.clone())).collect(),
        };
        let nose_site = *sites.chemosensory.first().ok_or_else(|| scenario.body.invalid("sensor_sites", "the body needs at least one Chemosensory site (the first is the nose)"))?;
        let arena = PlateArena::new(&scenario.environment, &task.stimuli, sites, nose_site)?;
        let settings = PhysicsSettings {
            dt_s: task.physics.dt_s,
            solver_iterations: task.physics.solver_iterations,
            relaxation_steps: task.physics.relaxation_steps,
        };
        let medium = Medium::from_spec(&scenario.environment.spec.medium);
        let body = WormBody::new(body_spec, medium, arena.wall(), settings, placement);
        let motor = MotorLayout {
            muscle_names: body_spec.muscles.iter().map(|m| m.name.clone()).collect(),
            dorsal: body_spec.muscles.iter().map(|m| m.side == BodySide::Dorsal).collect(),
            body_fraction: body_spec.muscles.iter().map(|m| 0.5 * (m.from_body_fraction + m.to_body_fraction)).collect(),
        };
        let interface = BodyInterface {
            chemosensory_sites: sites_of_kind(body_spec, SiteKind::Chemosensory).into_iter().map(|i| body_spec.sensor_sites[i].name.clone()).collect(),
            touch_sites: sites_of_kind(body_spec, SiteKind::Touch).into_iter().map(|i| body_spec.sensor_sites[i].name.clone()).collect(),
            chemicals: scenario.environment.spec.chemicals.iter().map(|c| c.name.clone()).collect(),
            joints: body.joint_count(),
            motor,
        };
        let kit = assemble(&scenario.brain, &interface)?;
        let mut frame = SensorFrame::default();
        arena.allocate(&mut frame);
        let record_every_steps = ((task.record_every_s / task.dt_control_s).round() as usize).max(1);
        Ok(Episode {
            command: MuscleCommand { activation: vec![0.0; interface.motor.muscle_names.len()] },
            body: Box::new(body),
            arena: Box::new(arena),
            brain: kit.brain,
            encoder: kit.encoder,
            decoder: kit.decoder,
            task: Box::new(Protocol::default()),
            state: BodyState::default(),
            frame,
            input: NeuralInput::default(),
            output: NeuralOutput::default(),
            events: Vec::new(),
            dt_control_s: task.dt_control_s,
            dt_brain_s: scenario.brain.spec.dt_s,
            physics_steps: scenario.physics_steps_per_control,
            brain_steps: scenario.brain_steps_per_control,
            record_every_steps,
            control_steps: (duration_s / task.dt_control_s).round() as usize,
        })
    }

    /// Number of control steps the episode will run.
    pub fn control_steps(&self) -> usize {
        self.control_steps
    }

    /// Runs the whole episode; `progress` is told how many control steps were done, now and then.
    pub fn run(mut self, mut progress: impl FnMut(usize)) -> Result<EpisodeResult, SimError> {
        let started = std::time::Instant::now();
        let mut trajectory = Trajectory::default();
        self.body.sense(&mut self.state);
        record(&self.state, &mut trajectory);
        for step in 1..=self.control_steps {
            self.step()?;
            if step % self.record_every_steps == 0 {
                record(&self.state, &mut trajectory);
            }
            if step % 100 == 0 {
                progress(100);
            }
        }
        progress(self.control_steps % 100);
        Ok(EpisodeResult {
            trajectory,
            events: self.events,
            task_summary: self.task.summary(),
            simulated_s: self.control_steps as f64 * self.dt_control_s,
            wall_s: started.elapsed().as_secs_f64(),
        })
    }

    /// Steps only the body for `control_steps` control steps, holding the last muscle command: the
    /// physics cost alone, for benchmarks.
    pub fn advance_body_only(&mut self, control_steps: usize) -> Result<(), SimError> {
        self.body.actuate(&self.command);
        for _ in 0..control_steps {
            self.body.advance(self.physics_steps)?;
        }
        Ok(())
    }

    /// Physics steps per control step.
    pub fn physics_steps_per_control(&self) -> usize {
        self.physics_steps
    }

    /// One control step of the closed loop.
    pub fn step(&mut self) -> Result<(), SimError> {
        self.arena.sense(&self.state, &mut self.frame, &mut self.events);
        self.frame.bend_rad.clone_from(&self.state.bend_rad);
        self.encoder.encode(&self.frame, self.dt_control_s, &mut self.input);
        self.brain.step_n(&self.input, self.brain_steps, self.dt_brain_s, &mut self.output);
        self.decoder.decode(&self.output, self.dt_control_s, &mut self.command);
        // rapier's impulse clamps would silently swallow a NaN target, so stop here instead.
        if let Some(m) = self.command.activation.iter().position(|a| !a.is_finite()) {
            return Err(SimError::NonFiniteCommand { time_s: self.state.time_s, muscle: self.body.muscle_names()[m].clone(), value: self.command.activation[m] });
        }
        self.body.actuate(&self.command);
        self.body.advance(self.physics_steps)?;
        self.body.sense(&mut self.state);
        self.arena.after_step(&self.state, self.dt_control_s, &mut self.events);
        self.task.observe(&self.state, &self.frame, self.dt_control_s, &mut self.events);
        Ok(())
    }
}

fn record(state: &BodyState, trajectory: &mut Trajectory) {
    trajectory.rows.push(TrajectoryRow {
        time_s: state.time_s,
        head_mm: state.head_mm(),
        centroid_mm: state.centroid_mm,
        heading_rad: state.heading_rad(),
        signed_speed_mm_per_s: state.signed_speed_mm_per_s(),
        midline_mm: state.midline_mm.clone(),
    });
}
