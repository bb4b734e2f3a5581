//! A task with everything it refers to, loaded and cross-checked: body, environment and brain.

use super::animal_body::{load_body, worm_body, AnimalBody};
use super::body_spec::BodySpec;
use super::brain_spec::BrainSpec;
use super::environment_spec::EnvironmentSpec;
use super::environment_spec::StimulusSpec;
use super::task_spec::{PlacementSpec, TaskSpec};
use super::{check_whole_multiple, load_ron, ConfigError, Loaded};
use std::path::{Path, PathBuf};

/// All the specs one run needs.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// The task.
    pub task: Loaded<TaskSpec>,
    /// The body it names (either species).
    pub body: Loaded<AnimalBody>,
    /// The environment it names.
    pub environment: Loaded<EnvironmentSpec>,
    /// The phases to run in order (one when the task declares none).
    pub phases: Vec<ScenarioPhase>,
    /// The brain given on the command line, or the task's default.
    pub brain: Loaded<BrainSpec>,
    /// Physics substeps per control step.
    pub physics_steps_per_control: usize,
    /// Brain steps per control step.
    pub brain_steps_per_control: usize,
}

/// One phase with its environment loaded.
#[derive(Debug, Clone)]
pub struct ScenarioPhase {
    /// Name.
    pub name: String,
    /// Its environment.
    pub environment: Loaded<EnvironmentSpec>,
    /// Length.
    pub duration_s: f64,
    /// Where the body starts.
    pub placement: PlacementSpec,
    /// Extra stimuli, timed from the phase's start.
    pub stimuli: Vec<StimulusSpec>,
}

/// Resolves a path written in `file` relative to that file's folder.
pub fn relative_to(file: &Path, target: &str) -> PathBuf {
    let target = Path::new(target);
    if target.is_absolute() {
        target.to_path_buf()
    } else {
        file.parent().unwrap_or(Path::new(".")).join(target)
    }
}

impl Scenario {
    /// Loads a task and its files; `brain` overrides the task's default brain.
    pub fn load(task_path: &Path, brain: Option<&Path>) -> Result<Self, ConfigError> {
        let task: Loaded<TaskSpec> = load_ron(task_path)?;
        let body = load_body(&relative_to(task_path, &task.spec.body))?;
        let environment = load_ron(&relative_to(task_path, &task.spec.environment))?;
        let brain_path = brain.map_or_else(|| relative_to(task_path, &task.spec.default_brain), Path::to_path_buf);
        let brain: Loaded<BrainSpec> = load_ron(&brain_path)?;
        Self::check_task(&task)?;
        let physics_steps_per_control = check_whole_multiple("dt_control_s", task.spec.dt_control_s, "physics.dt_s", task.spec.physics.dt_s)
            .map_err(|m| task.invalid("dt_control_s", m))?;
        let brain_steps_per_control = Self::brain_steps(&task, &brain)?;
        check_whole_multiple("record_every_s", task.spec.record_every_s, "dt_control_s", task.spec.dt_control_s).map_err(|m| task.invalid("record_every_s", m))?;
        if let Some(every) = task.spec.gait_record_every_s {
            if !(every > 0.0 && every.is_finite()) {
                return Err(task.invalid("gait_record_every_s", format!("must be positive and finite, got {every}")));
            }
            check_whole_multiple("gait_record_every_s", every, "dt_control_s", task.spec.dt_control_s).map_err(|m| task.invalid("gait_record_every_s", m))?;
        }
        let phases = Self::load_phases(&task, task_path, &environment)?;
        Ok(Scenario { task, body, environment, brain, phases, physics_steps_per_control, brain_steps_per_control })
    }

    /// The same scenario with another brain (e.g. a sweep's variant, built in memory); the brain's
    /// `path` still resolves the files it names.
    pub fn with_brain(mut self, brain: Loaded<BrainSpec>) -> Result<Self, ConfigError> {
        self.brain_steps_per_control = Self::brain_steps(&self.task, &brain)?;
        self.brain = brain;
        Ok(self)
    }

    /// The same scenario with another worm body (a sweep's body variant).
    pub fn with_body(mut self, body: Loaded<BodySpec>) -> Result<Self, ConfigError> {
        crate::body::worm::validate_body(&body)?;
        if !matches!(self.body.spec, AnimalBody::Worm(_)) {
            return Err(body.invalid("body", format!("task `{}` uses a {} body; a worm body cannot replace it", self.task.spec.name, self.body.spec.species())));
        }
        self.body = worm_body(body);
        Ok(self)
    }

    fn brain_steps(task: &Loaded<TaskSpec>, brain: &Loaded<BrainSpec>) -> Result<usize, ConfigError> {
        check_whole_multiple("dt_control_s", task.spec.dt_control_s, &format!("brain dt_s (in {})", brain.path.display()), brain.spec.dt_s).map_err(|m| task.invalid("dt_control_s", m))
    }

    fn load_phases(task: &Loaded<TaskSpec>, task_path: &Path, environment: &Loaded<EnvironmentSpec>) -> Result<Vec<ScenarioPhase>, ConfigError> {
        let spec = &task.spec;
        let phases = if spec.phases.is_empty() {
            vec![ScenarioPhase {
                name: "main".into(),
                environment: environment.clone(),
                duration_s: spec.duration_s,
                placement: spec.placement.clone(),
                stimuli: spec.stimuli.clone(),
            }]
        } else {
            Self::declared_phases(task, task_path, environment)?
        };
        for measure in &spec.measures {
            if let Some(name) = measure.phase() {
                if !phases.iter().any(|p| p.name == name) {
                    return Err(task.invalid("measures", format!("measure `{}` names phase `{name}`, which the task does not have", measure.name())));
                }
            }
        }
        super::track_measures::check(task, &phases)?;
        // The task's own stimuli are checked here so that errors name the task file, not the arena's.
        for stimulus in phases.iter().flat_map(|p| &p.stimuli) {
            if let super::environment_spec::StimulusKind::Loom(loom) = &stimulus.kind {
                loom.check().map_err(|m| task.invalid("stimuli", m))?;
            }
        }
        Ok(phases)
    }

    fn declared_phases(task: &Loaded<TaskSpec>, task_path: &Path, environment: &Loaded<EnvironmentSpec>) -> Result<Vec<ScenarioPhase>, ConfigError> {
        let spec = &task.spec;
        if !spec.stimuli.is_empty() {
            return Err(task.invalid("stimuli", "a task with phases gives stimuli per phase, not at the top level"));
        }
        let total: f64 = spec.phases.iter().map(|p| p.duration_s).sum();
        if (total - spec.duration_s).abs() > 1e-9 * total.max(1.0) {
            return Err(task.invalid("duration_s", format!("duration_s = {} s but the phases add up to {total} s", spec.duration_s)));
        }
        let mut phases = Vec::new();
        for phase in &spec.phases {
            if !(phase.duration_s > 0.0) {
                return Err(task.invalid("phases", format!("phase `{}` needs a positive duration_s", phase.name)));
            }
            let environment = match &phase.environment {
                Some(path) => load_ron(&relative_to(task_path, path))?,
                None => environment.clone(),
            };
            phases.push(ScenarioPhase {
                name: phase.name.clone(),
                environment,
                duration_s: phase.duration_s,
                placement: phase.placement.clone().unwrap_or_else(|| spec.placement.clone()),
                stimuli: phase.stimuli.clone(),
            });
        }
        Ok(phases)
    }

    fn check_task(task: &Loaded<TaskSpec>) -> Result<(), ConfigError> {
        let spec = &task.spec;
        for (field, value) in [
            ("duration_s", spec.duration_s),
            ("dt_control_s", spec.dt_control_s),
            ("dt_s", spec.physics.dt_s),
            ("record_every_s", spec.record_every_s),
            ("relaxation_steps", spec.physics.relaxation_steps),
        ] {
            if !(value > 0.0 && value.is_finite()) {
                return Err(task.invalid(field, format!("must be positive and finite, got {value}")));
            }
        }
        if spec.physics.relaxation_steps < 1.0 {
            // Explicit drag is stable for dt < 2 m / (C ds), i.e. above 0.5 steps, and oscillates below 1.
            return Err(task.invalid("relaxation_steps", format!("must be at least 1 (explicit drag oscillates below 1 and diverges below 0.5), got {}", spec.physics.relaxation_steps)));
        }
        if spec.physics.solver_iterations == 0 {
            return Err(task.invalid("solver_iterations", "must be at least 1"));
        }
        Ok(())
    }
}
