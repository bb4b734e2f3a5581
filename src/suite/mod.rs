//! `ett suite` and `ett score`: the embedded Turing test. The suite runs every task file of a species
//! folder (`tasks/worm/*.ron`, discovered, so a new task is a new file) with one brain, then scores the
//! runs against a reference file; `score` does the scoring alone on folders that already exist
//! (simulated runs or real-animal tracks). Which metric comes from which task, its family and its
//! reference are data, in the reference file.

pub mod error;
pub mod evaluate;
pub mod plots;
pub mod population;
pub mod report;
pub mod resample;
pub mod svg;
pub mod values;

pub use error::{Result, SuiteError};
pub use evaluate::{evaluate, Evaluation};

use crate::config::connectome_spec::Perturbations;
use crate::config::{load_ron, Scenario};
use crate::scoring::track_measures::measure_track;
use crate::config::task_spec::TaskSpec;
use crate::runner::{self, RunRequest};
use crate::scoring::error::ScoringError;
use crate::scoring::reference::{load_reference_file, ReferenceEntry};
use error::input;
use serde_json::json;
use std::path::{Path, PathBuf};

/// What `ett suite` was asked to do.
#[derive(Debug, Clone)]
pub struct SuiteRequest {
    /// Folder of task files (e.g. `tasks/worm`).
    pub tasks_dir: PathBuf,
    /// Brain file.
    pub brain: PathBuf,
    /// Reference file (e.g. `scoring/worm/reference_n2.ron`).
    pub reference: PathBuf,
    /// Animals per task.
    pub animals: usize,
    /// Output folder: `runs/TASK/` per task, score.json, report.md, CSV and SVG.
    pub out: PathBuf,
    /// Master seed of every run.
    pub seed: u64,
    /// Worker threads (absent: all cores).
    pub threads: Option<usize>,
    /// Only these tasks (file stems); absent: every task file.
    pub only_tasks: Option<Vec<String>>,
    /// Cap on each task's duration (shorter runs for quick checks; absent: the tasks' own).
    pub max_duration_s: Option<f64>,
    /// Progress bars.
    pub progress: bool,
    /// The command line, for manifests.
    pub command: Vec<String>,
}

/// What `ett score` was asked to do.
#[derive(Debug, Clone)]
pub struct ScoreRequest {
    /// A suite folder, a run folder or a folder of real tracks.
    pub dir: PathBuf,
    /// Reference file.
    pub reference: PathBuf,
    /// Where score.json and the rest go (usually `dir`).
    pub out: PathBuf,
    /// Task whose reference entries apply to a folder of real tracks.
    pub tracks_task: String,
    /// Task file whose track measures (pirouettes, weathervaning, time in zones, on its arena's fields
    /// and zones) are taken on each real track; absent: real tracks have only the track metrics.
    pub tracks_task_file: Option<PathBuf>,
    /// Seed of the bootstrap.
    pub seed: u64,
}

/// The task files of a folder, sorted by name.
pub fn discover_tasks(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| ScoringError::Io { path: dir.into(), source })?;
    let mut tasks: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "ron")).collect();
    tasks.sort();
    if tasks.is_empty() {
        return Err(input(dir, "no task files (*.ron)"));
    }
    Ok(tasks)
}

/// A species' default reference: the one `reference_*.ron` in its scoring folder (e.g.
/// `scoring/worm/reference_n2.ron`, `scoring/fly/reference_canton_s.ron`); none or several is an error
/// naming the folder, so that the file, not the code, says which strain a species is scored against.
pub fn default_reference(dir: &Path) -> Result<PathBuf> {
    let entries = std::fs::read_dir(dir).map_err(|source| ScoringError::Io { path: dir.into(), source })?;
    let mut found: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        name.starts_with("reference_") && name.ends_with(".ron")
    }).collect();
    found.sort();
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(input(dir, "no reference_*.ron: give --reference")),
        _ => Err(input(dir, format!("several reference files ({}): give --reference", found.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")))),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Runs the suite, then scores it into `request.out`.
pub fn run_suite(request: &SuiteRequest) -> Result<Evaluation> {
    // Read the reference first: a bad reference file should fail before hours of simulation.
    load_reference_file(&request.reference)?;
    let mut tasks = discover_tasks(&request.tasks_dir)?;
    if let Some(only) = &request.only_tasks {
        for name in only {
            if !tasks.iter().any(|t| &stem(t) == name) {
                return Err(input(&request.tasks_dir, format!("no task `{name}` (have: {})", tasks.iter().map(|t| stem(t)).collect::<Vec<_>>().join(", "))));
            }
        }
        tasks.retain(|t| only.contains(&stem(t)));
    }
    for task in &tasks {
        let spec = load_ron::<TaskSpec>(task).map_err(|e| SuiteError::Run { task: task.clone(), source: e.into() })?;
        let duration_s = request.max_duration_s.map(|cap| cap.min(spec.spec.duration_s));
        let run = RunRequest {
            task: task.clone(),
            brain: Some(request.brain.clone()),
            seed: request.seed,
            animals: request.animals.max(spec.spec.suite_min_animals.unwrap_or(0)),
            out: Some(request.out.join("runs").join(stem(task))),
            duration_s,
            threads: request.threads,
            progress: request.progress,
            command: request.command.clone(),
            perturbations: Perturbations::default(),
        };
        runner::run(&run).map_err(|source| SuiteError::Run { task: task.clone(), source })?;
    }
    score(&ScoreRequest { dir: request.out.clone(), reference: request.reference.clone(), out: request.out.clone(), tracks_task: "crawl".into(), tracks_task_file: None, seed: request.seed })
}

/// Scores existing folders and writes score.json, report.md, CSV tables and SVG plots.
pub fn score(request: &ScoreRequest) -> Result<Evaluation> {
    let entries = load_reference_file(&request.reference)?;
    let mut populations = population::read_populations(&request.dir, &request.tracks_task)?;
    if let Some(task_file) = &request.tracks_task_file {
        let scenario = Scenario::load(task_file, None).map_err(|e| SuiteError::Run { task: task_file.clone(), source: e.into() })?;
        for animal in populations.iter_mut().filter(|p| p.brain == population::REAL_TRACKS).flat_map(|p| p.animals.iter_mut()) {
            // Real animals smelled a plume of their own: a random field's measures stay null for them.
            animal.measures.extend(measure_track(&scenario.task.spec.measures, &scenario.phases, &animal.track, None));
        }
    }
    score_populations(&entries, &populations, request)
}

/// Scores populations already read (e.g. one variant's runs in a batch) and writes the same files
/// as [`score`]; `request.dir` is only reported.
pub fn score_populations(entries: &[ReferenceEntry], populations: &[population::Population], request: &ScoreRequest) -> Result<Evaluation> {
    let evaluation = evaluate(entries, populations, request.seed);
    std::fs::create_dir_all(&request.out).map_err(|source| crate::record::RecordError { path: request.out.clone(), source })?;
    let plots = plots::write_plots(&request.out, populations, &evaluation)?;
    let brains: Vec<&str> = populations.iter().map(|p| p.brain.as_str()).collect();
    let brain = if brains.windows(2).all(|w| w[0] == w[1]) { brains.first().copied().unwrap_or("?").to_string() } else { brains.join(",") };
    let animals: Vec<usize> = populations.iter().map(|p| p.animals.len()).collect();
    let context = json!({
        "brain": brain,
        "reference": request.reference.display().to_string(),
        "folder": request.dir.display().to_string(),
        "tasks": populations.iter().map(|p| p.task.clone()).collect::<Vec<_>>(),
        "animals": animals.iter().max(),
        "seed": request.seed,
    });
    report::write_all(&request.out, &evaluation, context, &plots)?;
    Ok(evaluation)
}
