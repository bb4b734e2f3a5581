//! `ett run`: many animals of one task, in parallel, each written as soon as it finishes.

use crate::config::brain_data::brain_data_files;
use crate::config::connectome_spec::Perturbations;
use crate::config::run_spec::RunSpec;
use crate::config::scenario::relative_to;
use crate::config::{load_ron, ConfigError, Loaded, Scenario};
use crate::record::manifest::{git_commit, ConfigFile};
use crate::record::{events_csv, pretty_json as pretty, write_atomic, Manifest, RecordError};
use crate::scoring::track::Track;
use crate::scoring::{gait, track_measures};
use crate::sim::{Episode, EpisodeResult, SimError};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// What `ett run` was asked to do.
#[derive(Debug, Clone)]
pub struct RunRequest {
    /// Task file.
    pub task: PathBuf,
    /// Brain file overriding the task's default.
    pub brain: Option<PathBuf>,
    /// Master seed.
    pub seed: u64,
    /// Number of animals.
    pub animals: usize,
    /// Output folder (absent: `results/<task>/<brain>-seed<seed>`).
    pub out: Option<PathBuf>,
    /// Episode length overriding the task's.
    pub duration_s: Option<f64>,
    /// Worker threads (absent: all cores).
    pub threads: Option<usize>,
    /// Whether to draw a progress bar.
    pub progress: bool,
    /// The command line, for the manifest.
    pub command: Vec<String>,
    /// Ablations, silencing and stimulation added to the brain file's own (connectome brains).
    pub perturbations: Perturbations,
}

/// Why a run failed.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The configuration is wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// An animal's simulation failed (the animals written before it are kept).
    #[error("animal {animal}: {source}")]
    Animal {
        /// Which animal.
        animal: usize,
        /// What went wrong.
        source: SimError,
    },
    /// Results could not be written.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// A request value is out of range.
    #[error("{0}")]
    Request(String),
}

/// What a finished run produced.
#[derive(Debug, Clone)]
pub struct RunOutcome {
    /// Where the results are.
    pub out_dir: PathBuf,
    /// The run's summary.json content.
    pub summary: Value,
}

/// When `request.task` is a `Run(...)` file, replaces the request's task, brain, seed, animals and
/// duration by the file's (paths relative to the run file); a task file is returned unchanged.
pub fn request_from_file(mut request: RunRequest) -> Result<RunRequest, RunError> {
    if !is_run_file(&request.task)? {
        return Ok(request);
    }
    let run: Loaded<RunSpec> = load_ron(&request.task)?;
    let task = relative_to(&request.task, &run.spec.task);
    request.brain = run.spec.brain.as_deref().map(|b| relative_to(&request.task, b));
    request.seed = run.spec.seed;
    request.animals = run.spec.animals;
    request.duration_s = run.spec.duration_s;
    request.task = task;
    Ok(request)
}

/// Whether a RON file's top-level value is a `Run(...)` (comments and attributes skipped).
fn is_run_file(path: &Path) -> Result<bool, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io { path: path.to_path_buf(), source })?;
    let code = text.lines().map(|l| l.split("//").next().unwrap_or("").trim()).filter(|l| !l.is_empty() && !l.starts_with("#!")).collect::<String>();
    Ok(code.starts_with("Run("))
}

/// Runs every animal of a task and writes trajectories, events, summary and manifest.
pub fn run(request: &RunRequest) -> Result<RunOutcome, RunError> {
    run_scenario(request, Scenario::load(&request.task, request.brain.as_deref())?)
}

/// Runs a scenario already loaded (e.g. a sweep variant built in memory); `request.task` and
/// `request.brain` are not read again.
pub fn run_scenario(request: &RunRequest, mut scenario: Scenario) -> Result<RunOutcome, RunError> {
    // Hashed before the run, as the brain's data is read when its brains are built.
    let configs = config_files(&scenario);
    let started = Instant::now();
    let started_unix_s = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    scenario.brain.spec.add_perturbations(&request.perturbations).map_err(|m| RunError::Request(format!("{}: {m}", scenario.brain.path.display())))?;
    if request.animals == 0 {
        return Err(RunError::Request("--animals must be at least 1".into()));
    }
    let duration_s = request.duration_s.unwrap_or(scenario.task.spec.duration_s);
    if !(duration_s > 0.0 && duration_s.is_finite()) {
        return Err(RunError::Request(format!("the duration must be positive, got {duration_s}")));
    }
    // The brains' shared tables, read once for every animal, then one animal assembled so that name errors
    // appear before any work is done.
    let _shared_by_animals = crate::brain::preload(&scenario.brain)?;
    let control_steps = Episode::new(&scenario, request.seed, 0, duration_s)?.control_steps();
    let out_dir = request.out.clone().unwrap_or_else(|| {
        PathBuf::from("results").join(&scenario.task.spec.name).join(format!("{}-seed{}", scenario.brain.spec.name, request.seed))
    });
    std::fs::create_dir_all(&out_dir).map_err(|source| RecordError { path: out_dir.clone(), source })?;

    let bar = progress_bar(request.progress, (request.animals * control_steps) as u64, "{bar:40} {percent:>3}% control steps, eta {eta}");
    let one_animal = |animal: usize| -> Result<Value, RunError> {
        let episode = Episode::new(&scenario, request.seed, animal as u64, duration_s)?;
        let result = episode.run(|steps| bar.inc(steps as u64)).map_err(|source| RunError::Animal { animal, source })?;
        write_animal(&out_dir, animal, &result)?;
        Ok(animal_summary(animal, request.seed, &result, &scenario))
    };
    // One thread runs on the caller's: a pool of its own would let a caller that is itself a rayon
    // worker (a batch job) steal further jobs while it waits, running more jobs at once than asked.
    let (results, threads): (Vec<Result<Value, RunError>>, usize) = if request.threads == Some(1) {
        ((0..request.animals).map(one_animal).collect(), 1)
    } else {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(request.threads.unwrap_or(0)).build().map_err(|e| RunError::Request(format!("cannot start worker threads: {e}")))?;
        (pool.install(|| (0..request.animals).into_par_iter().map(one_animal).collect()), pool.current_num_threads())
    };
    bar.finish_and_clear();
    let mut animals = Vec::with_capacity(results.len());
    for result in results {
        animals.push(result?);
    }
    let wall_time_s = started.elapsed().as_secs_f64();
    let summary = run_summary(&scenario, &animals, duration_s, wall_time_s);
    write_atomic(&out_dir.join("summary.json"), &pretty(&summary))?;
    let manifest = Manifest {
        ett_version: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
        git_commit: git_commit(),
        command: request.command.clone(),
        configs,
        seed: request.seed,
        animals: request.animals,
        duration_s,
        backend: "cpu".into(),
        threads,
        wall_time_s,
        started_unix_s,
        perturbations: serde_json::to_value(&request.perturbations).unwrap_or(Value::Null),
    };
    write_atomic(&out_dir.join("manifest.json"), &pretty(&serde_json::to_value(&manifest).unwrap_or(Value::Null)))?;
    Ok(RunOutcome { out_dir, summary })
}

/// A progress bar drawn with `template` (indicatif syntax), or a hidden one.
pub(crate) fn progress_bar(visible: bool, total: u64, template: &str) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Every file the run read, each once, in a fixed order: task, body, environments, brain.
fn config_files(scenario: &Scenario) -> Vec<ConfigFile> {
    let mut files = vec![
        config_file("task", &scenario.task.path, &scenario.task.sha256),
        config_file("body", &scenario.body.path, &scenario.body.sha256),
        config_file("environment", &scenario.environment.path, &scenario.environment.sha256),
    ];
    for phase in &scenario.phases {
        if !files.iter().any(|f| f.path == phase.environment.path.display().to_string()) {
            files.push(config_file("environment", &phase.environment.path, &phase.environment.sha256));
        }
    }
    files.push(config_file("brain", &scenario.brain.path, &scenario.brain.sha256));
    // The brain's data: a file that cannot be hashed is listed with the reason instead of its hash (the brain
    // that reads it fails to build, naming it).
    match brain_data_files(&scenario.brain) {
        Ok(data) => files.extend(data.iter().map(|(role, path)| {
            let sha256 = crate::config::hash_file(path).unwrap_or_else(|e| format!("unreadable: {e}"));
            config_file(&format!("brain data: {role}"), path, &sha256)
        })),
        Err(e) => files.push(ConfigFile { role: "brain data".into(), path: scenario.brain.path.display().to_string(), sha256: format!("unlisted: {e}") }),
    }
    files
}


fn config_file(role: &str, path: &Path, sha256: &str) -> ConfigFile {
    ConfigFile { role: role.into(), path: path.display().to_string(), sha256: sha256.into() }
}

fn write_animal(out_dir: &Path, animal: usize, result: &EpisodeResult) -> Result<(), RecordError> {
    let dir = out_dir.join(format!("animal_{animal:03}"));
    std::fs::create_dir_all(&dir).map_err(|source| RecordError { path: dir.clone(), source })?;
    write_atomic(&dir.join("trajectory.csv"), &result.trajectory.to_csv())?;
    if let Some(gait) = &result.gait {
        write_atomic(&dir.join("gait.csv"), &gait.to_csv())?;
    }
    write_atomic(&dir.join("events.csv"), &events_csv(&result.events))
}

/// Locomotion measured on the recorded track, after the first tenth of the episode (start-up), and the
/// task's measures: those observed step by step and those taken on the recorded track.
fn animal_summary(animal: usize, seed: u64, result: &EpisodeResult, scenario: &Scenario) -> Value {
    let record_every_s = scenario.task.spec.record_every_s;
    let rows = &result.trajectory.rows;
    let settled = &rows[rows.len() / 10..];
    let midlines: Vec<Vec<[f64; 2]>> = settled.iter().map(|r| r.midline_mm.clone()).collect();
    let centroids: Vec<[f64; 2]> = rows.iter().map(|r| r.centroid_mm).collect();
    let speeds: Vec<f64> = settled.iter().map(|r| r.signed_speed_mm_per_s).collect();
    let g = gait::gait(&midlines, record_every_s);
    let mut map = Map::new();
    map.insert("animal".into(), animal.into());
    map.insert("mean_speed_mm_per_s".into(), finite(speeds.iter().sum::<f64>() / speeds.len().max(1) as f64));
    map.insert("net_displacement_mm".into(), finite(gait::net_displacement_mm(&centroids)));
    // A body that does not undulate has no gait: null, not 0.
    map.insert("body_bend_frequency_hz".into(), g.map_or(Value::Null, |g| finite(g.frequency_hz)));
    map.insert("wavelength_body_lengths".into(), g.map_or(Value::Null, |g| finite(g.wavelength_body_lengths)));
    map.insert("wave_direction".into(), g.map_or(Value::Null, |g| finite(g.wave_direction)));
    map.insert("real_time_factor".into(), finite(result.simulated_s / result.wall_s.max(1e-9)));
    let mut task = result.task_summary.clone();
    let track = Track::from_trajectory(format!("animal_{animal:03}"), &result.trajectory);
    let realisation = crate::sim::stage::arena_realisation(seed, animal as u64);
    task.extend(track_measures::measure_track(&scenario.task.spec.measures, &scenario.phases, &track, Some(realisation)));
    map.insert("task".into(), Value::Object(task));
    Value::Object(map)
}

fn finite(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

fn run_summary(scenario: &Scenario, animals: &[Value], duration_s: f64, wall_time_s: f64) -> Value {
    let mean = |key: &str| {
        let values: Vec<f64> = animals.iter().filter_map(|a| a[key].as_f64()).collect();
        if values.is_empty() { Value::Null } else { json!(values.iter().sum::<f64>() / values.len() as f64) }
    };
    let per_animal: Vec<Map<String, Value>> = animals.iter().filter_map(|a| a["task"].as_object().cloned()).collect();
    json!({
        "task": scenario.task.spec.name,
        "measures": Value::Object(crate::task::aggregate(&scenario.task.spec.measures, &per_animal)),
        "brain": scenario.brain.spec.name,
        "environment": scenario.environment.spec.name,
        "animals_count": animals.len(),
        "duration_s": duration_s,
        "mean_speed_mm_per_s": mean("mean_speed_mm_per_s"),
        "net_displacement_mm": mean("net_displacement_mm"),
        "body_bend_frequency_hz": mean("body_bend_frequency_hz"),
        "wavelength_body_lengths": mean("wavelength_body_lengths"),
        "real_time_factor": json!(duration_s * animals.len() as f64 / wall_time_s.max(1e-9)),
        "real_time_factor_per_animal": mean("real_time_factor"),
        "animals": animals,
    })
}
