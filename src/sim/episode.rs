//! An episode owns one animal's body, arena, brain, encoder, decoder, task and buffers, and runs the
//! task's phases in order (the brain carries over; the body is placed anew in each phase's arena).

use super::assemble::{assemble, BodyInterface};
use super::stage::Stage;
use crate::arena::Arena;
use crate::body::{Body, BodyState};
use crate::brain::Brain;
use crate::buffers::{Event, MuscleCommand, NeuralInput, NeuralOutput, SensorFrame};
use crate::config::{ConfigError, Scenario};
use crate::interface::{Decoder, Encoder};
use crate::physics::PhysicsError;
use crate::config::fly_body_spec::LegJoint;
use crate::record::{GaitRecord, GaitRow, Trajectory, TrajectoryRow};
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
    /// A legged body's gait record, when the task asks for one.
    pub gait: Option<GaitRecord>,
    /// The task's own measurements.
    pub task_summary: Map<String, Value>,
    /// Simulated time.
    pub simulated_s: f64,
    /// Wall time spent stepping.
    pub wall_s: f64,
}

/// Mixed into the master seed for the brain's own random stream.
const BRAIN_STREAM_SALT: u64 = 0xB7A1_5EED_0000_0001;

/// One animal's closed loop.
pub struct Episode {
    stage: Stage,
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
    /// Control steps between gait rows, and the leg names (None: no gait record).
    gait_every_steps: Option<(usize, Vec<String>)>,
    control_steps: usize,
    phase: usize,
    phase_end_steps: Vec<usize>,
    steps_done: usize,
}

impl Episode {
    /// Assembles animal `animal` of a scenario; placement noise comes from `(seed, animal)`.
    /// `duration_s` caps the whole episode (later phases are cut or skipped).
    pub fn new(scenario: &Scenario, seed: u64, animal: u64, duration_s: f64) -> Result<Self, ConfigError> {
        let task = &scenario.task.spec;
        let (mut stage, interface) = Stage::new(scenario, seed, animal)?;
        let (arena, body) = stage.build(0, 0.0)?;
        for phase in &scenario.phases {
            let names: Vec<&str> = phase.environment.spec.chemicals.iter().map(|c| c.name.as_str()).collect();
            if names != interface.chemicals.iter().map(String::as_str).collect::<Vec<_>>() {
                return Err(phase.environment.invalid("chemicals", format!("phase `{}` has chemicals {names:?}, but every phase must name the same chemicals in the same order as the task's environment ({:?})", phase.name, interface.chemicals)));
            }
        }
        // The brain's random draws get their own stream of (seed, animal), apart from the placement's.
        let brain_stream = SplitMix64::for_stream(seed ^ BRAIN_STREAM_SALT, animal).next_u64();
        let kit = assemble(&scenario.brain, &interface, brain_stream)?;
        let phase_names: Vec<String> = scenario.phases.iter().map(|p| p.name.clone()).collect();
        let protocol = Protocol::new(&task.measures, &phase_names, &interface.touch_sites).map_err(|m| scenario.task.invalid("measures", m))?;
        let mut frame = SensorFrame::default();
        allocate(&interface, &mut frame);
        let mut end = 0.0;
        let phase_end_steps = scenario.phases.iter().map(|p| {
            end += p.duration_s;
            (end / task.dt_control_s).round() as usize
        }).collect();
        let mut episode = Episode {
            command: MuscleCommand { activation: vec![0.0; interface.motor.muscle_names.len()] },
            stage,
            body,
            arena,
            brain: kit.brain,
            encoder: kit.encoder,
            decoder: kit.decoder,
            task: Box::new(protocol),
            state: BodyState::default(),
            frame,
            input: NeuralInput::default(),
            output: NeuralOutput::default(),
            events: Vec::new(),
            dt_control_s: task.dt_control_s,
            dt_brain_s: scenario.brain.spec.dt_s,
            physics_steps: scenario.physics_steps_per_control,
            brain_steps: scenario.brain_steps_per_control,
            record_every_steps: ((task.record_every_s / task.dt_control_s).round() as usize).max(1),
            gait_every_steps: task.gait_record_every_s.map(|every| (((every / task.dt_control_s).round() as usize).max(1), scenario.body.spec.leg_names())).filter(|(_, legs)| !legs.is_empty()),
            control_steps: (duration_s / task.dt_control_s).round() as usize,
            phase: 0,
            phase_end_steps,
            steps_done: 0,
        };
        // The first phase begins here, so that `step` may be called right after `new`.
        episode.begin_phase(0);
        Ok(episode)
    }

    /// Number of control steps the episode will run.
    pub fn control_steps(&self) -> usize {
        self.control_steps
    }

    /// Runs the whole episode; `progress` is told how many control steps were done, now and then.
    pub fn run(mut self, mut progress: impl FnMut(usize)) -> Result<EpisodeResult, SimError> {
        let started = std::time::Instant::now();
        let mut trajectory = Trajectory::default();
        record(&self.state, &mut trajectory);
        let mut gait = self.gait_every_steps.as_ref().map(|(_, legs)| GaitRecord { leg_names: legs.clone(), joint_names: LegJoint::ALL.iter().map(|j| format!("{j:?}")).collect(), rows: Vec::new() });
        let gait_every = self.gait_every_steps.as_ref().map_or(usize::MAX, |(every, _)| *every);
        for step in 1..=self.control_steps {
            self.step()?;
            if step % self.record_every_steps == 0 {
                record(&self.state, &mut trajectory);
            }
            if let Some(gait) = gait.as_mut().filter(|_| step % gait_every == 0) {
                gait.rows.push(GaitRow { time_s: self.state.time_s, legs: self.state.legs.clone() });
            }
            if step % 100 == 0 {
                progress(100);
            }
        }
        progress(self.control_steps % 100);
        Ok(EpisodeResult {
            trajectory,
            gait,
            events: self.events,
            task_summary: self.task.summary(),
            simulated_s: self.control_steps as f64 * self.dt_control_s,
            wall_s: started.elapsed().as_secs_f64(),
        })
    }

    fn begin_phase(&mut self, index: usize) {
        self.phase = index;
        let time_s = self.steps_done as f64 * self.dt_control_s;
        self.task.begin_phase(index, time_s);
        self.events.push(Event { time_s, kind: "phase_start", detail: self.stage.phase_name(index).to_string() });
        self.body.sense(&mut self.state);
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

    /// What the body sensed at the start of the last control step.
    pub fn sensor_frame(&self) -> &SensorFrame {
        &self.frame
    }

    /// Physics steps per control step.
    pub fn physics_steps_per_control(&self) -> usize {
        self.physics_steps
    }

    /// One control step of the closed loop.
    pub fn step(&mut self) -> Result<(), SimError> {
        if self.steps_done == self.phase_end_steps[self.phase] && self.phase + 1 < self.phase_end_steps.len() {
            let (arena, body) = self.stage.build(self.phase + 1, self.steps_done as f64 * self.dt_control_s)?;
            self.arena = arena;
            self.body = body;
            self.begin_phase(self.phase + 1);
        }
        self.arena.sense(&self.state, &mut self.frame, &mut self.events);
        self.frame.bend_rad.clone_from(&self.state.bend_rad);
        self.frame.load_n_s_per_m2 = self.state.load_n_s_per_m2;
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
        self.steps_done += 1;
        self.arena.after_step(&self.state, self.dt_control_s, &mut self.events);
        self.task.observe(&self.state, &self.frame, self.dt_control_s, &mut self.events);
        Ok(())
    }
}

fn allocate(interface: &BodyInterface, frame: &mut SensorFrame) {
    let n = interface.chemosensory_sites.len();
    frame.chemical = vec![0.0; n * interface.chemicals.len()];
    frame.temperature_c = vec![f64::NAN; n];
    frame.noxious = vec![0.0; n];
    frame.food_per_mm2 = vec![0.0; n];
    frame.wall_distance_mm = vec![f64::INFINITY; n];
    let eyes = interface.eyes.len();
    frame.eye_luminance = vec![1.0; eyes];
    frame.eye_object_size_deg = vec![0.0; eyes];
    frame.eye_object_expansion_deg_per_s = vec![0.0; eyes];
    frame.touch = vec![0.0; interface.touch_sites.len()];
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
