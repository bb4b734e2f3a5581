//! `tasks/**/*.ron`: a protocol: which body, arena and default brain, the time steps, placement,
//! duration and extra stimuli.

use super::environment_spec::StimulusSpec;
use serde::{Deserialize, Serialize};

/// A task. Paths are relative to the task file's folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Task")]
pub struct TaskSpec {
    /// Name, used for output folders.
    pub name: String,
    /// What the task measures, for humans.
    pub description: String,
    /// Body file.
    pub body: String,
    /// Environment file.
    pub environment: String,
    /// Brain used when the command line names none.
    pub default_brain: String,
    /// Length of one episode.
    pub duration_s: f64,
    /// Control step (sense, encode, brain, decode, actuate).
    pub dt_control_s: f64,
    /// Physics settings.
    pub physics: PhysicsSpec,
    /// Interval between trajectory rows.
    pub record_every_s: f64,
    /// Where animals start.
    pub placement: PlacementSpec,
    /// Stimuli added to the environment's own schedule.
    #[serde(default)]
    pub stimuli: Vec<StimulusSpec>,
}

/// Physics step settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhysicsSpec {
    /// Physics step; the control step must be a whole multiple of it.
    pub dt_s: f64,
    /// Velocity solver iterations.
    pub solver_iterations: usize,
    /// Inertial relaxation time of a segment in physics steps (sets the artificial segment mass).
    pub relaxation_steps: f64,
}

/// Where and how animals are placed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacementSpec {
    /// Position of the head tip.
    pub head_tip_mm: (f64, f64),
    /// Initial heading in degrees (absent: uniform random per animal).
    #[serde(default)]
    pub heading_deg: Option<f64>,
    /// Standard deviation of a random offset of the start position, per axis.
    #[serde(default)]
    pub position_jitter_mm: f64,
}
