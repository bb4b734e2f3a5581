//! `ett batch` and `ett merge`: sweeps of model variants x tasks (or whole suites) x seeds, run in
//! parallel, resumable, and split into shards for cluster job arrays.
//!
//! Output folder: `sweep.ron` (a copy), `plan.json` (variants and jobs), `jobs/KEY/` (one finished
//! job each: the run folder of `ett run` plus `variant.json` and `result.json`), `manifests/` (one
//! per invocation) and `summary/` (tables, ranking, plots; written once every planned job is in).

pub mod bench;
pub mod error;
mod execute;
pub mod manifest;
pub mod merge;
pub mod parameters;
pub mod plan;
mod plots;
pub mod store;
pub mod suite_scores;
pub mod summary;
pub mod table;
pub mod variants;

pub use error::BatchError;
pub use merge::merge;
pub use plan::{Plan, PlanRecord, Shard};
pub use summary::Summary;

use crate::bench::cpu_time::process_cpu_s as cpu_time_s;
use error::{input, io};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What `ett batch` was asked to do.
#[derive(Debug, Clone)]
pub struct BatchRequest {
    /// Sweep file.
    pub sweep: PathBuf,
    /// Output folder.
    pub out: PathBuf,
    /// Skip jobs already finished in `out` (without it, a folder holding finished jobs is refused).
    pub resume: bool,
    /// Which part of the jobs to run.
    pub shard: Shard,
    /// Worker threads (0: all cores); each runs one job at a time.
    pub threads: usize,
    /// Whether to draw a progress bar.
    pub progress: bool,
    /// The command line, for manifests.
    pub command: Vec<String>,
}

/// What a batch did.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    /// Distinct jobs in the plan.
    pub jobs_in_plan: usize,
    /// Jobs found finished and skipped.
    pub skipped: usize,
    /// Jobs run.
    pub ran: usize,
    /// The summary, when every planned job is finished in `out`.
    pub summary: Option<Summary>,
    /// This invocation's manifest.
    pub manifest: PathBuf,
    /// Wall seconds.
    pub wall_time_s: f64,
    /// CPU seconds (user + system) of the process.
    pub cpu_time_s: f64,
    /// Wall seconds of the jobs alone (without planning).
    pub jobs_wall_time_s: f64,
    /// CPU seconds of the jobs alone.
    pub jobs_cpu_time_s: f64,
}

/// Plans the sweep (every variant checked before anything runs), runs this shard's unfinished
/// jobs, and writes the summary when the folder holds every job.
pub fn run_batch(request: &BatchRequest) -> Result<BatchOutcome, BatchError> {
    let started = Instant::now();
    let cpu_at_start = cpu_time_s();
    let plan = Plan::load(&request.sweep)?;
    let out = &request.out;
    let finished_before = store::finished_keys(out)?;
    if !request.resume && !finished_before.is_empty() {
        return Err(input(out, format!("holds {} finished jobs; pass --resume to keep them and run the rest, or choose another --out", finished_before.len())));
    }
    prepare_folder(out, &plan)?;
    let threads = if request.threads == 0 { crate::bench::cpu_time::cores() } else { request.threads };
    let mut manifest = manifest::started(&request.command, &request.sweep, &plan.record.sweep_sha256, format!("{}/{}", request.shard.index, request.shard.count), threads);
    let shard_keys = request.shard.keys(&plan.record);
    manifest.jobs_in_plan = plan.record.unique_keys().len();
    manifest.jobs_in_shard = shard_keys.len();
    let (done, todo): (Vec<&str>, Vec<&str>) = shard_keys.iter().partition(|k| store::is_finished(out, k));
    manifest.skipped = done.iter().map(|k| k.to_string()).collect();
    let manifest_path = manifest.write(out)?;
    let jobs: Vec<&plan::JobRecord> = todo.iter().map(|k| plan.record.jobs.iter().find(|j| j.key == *k).expect("keys come from jobs")).collect();

    let (jobs_started, jobs_cpu_at_start) = (Instant::now(), cpu_time_s());
    let outcomes = execute::run_jobs(&plan, &jobs, out, threads, request.progress, &request.command)?;
    manifest.jobs_wall_time_s = jobs_started.elapsed().as_secs_f64();
    manifest.jobs_cpu_time_s = cpu_time_s() - jobs_cpu_at_start;
    let mut first_error = None;
    for outcome in outcomes {
        match outcome.result {
            Ok(()) => manifest.ran.push(outcome.key),
            Err(e) => {
                first_error.get_or_insert_with(|| e.to_string());
                manifest.failed.push((outcome.key, e.to_string()));
            }
        }
    }
    manifest.wall_time_s = started.elapsed().as_secs_f64();
    manifest.cpu_time_s = cpu_time_s() - cpu_at_start;
    manifest.cpu_busy_share = manifest.cpu_time_s / (manifest.wall_time_s * threads as f64);
    manifest.status = if manifest.failed.is_empty() { "finished" } else { "failed" }.into();
    manifest.write(out)?;
    if let Some(first) = first_error {
        return Err(BatchError::JobsFailed { failed: manifest.failed.len(), attempted: jobs.len(), manifest: manifest_path, first });
    }
    let complete = plan.record.unique_keys().iter().all(|k| store::is_finished(out, k));
    let summary = if complete { Some(summary::write_summary(out, &plan.record)?) } else { None };
    Ok(BatchOutcome { jobs_in_plan: manifest.jobs_in_plan, skipped: manifest.skipped.len(), ran: manifest.ran.len(), summary, manifest: manifest_path, wall_time_s: manifest.wall_time_s, cpu_time_s: manifest.cpu_time_s, jobs_wall_time_s: manifest.jobs_wall_time_s, jobs_cpu_time_s: manifest.jobs_cpu_time_s })
}

/// Creates the folder, removes what a killed batch left half-done, and writes sweep.ron and
/// plan.json (a folder planned from another sweep is refused, so shards are never mixed up).
fn prepare_folder(out: &Path, plan: &Plan) -> Result<(), BatchError> {
    std::fs::create_dir_all(out).map_err(io(out))?;
    let plan_path = out.join("plan.json");
    if plan_path.is_file() {
        let existing = merge::read_plan(out)?;
        if existing != plan.record {
            return Err(input(&plan_path, format!("was planned from another sweep or version (`{}`); use another --out", existing.sweep)));
        }
    }
    store::clear_staging(out)?;
    crate::record::write_atomic(&out.join("sweep.ron"), plan.sweep.text.as_bytes())?;
    crate::record::write_atomic(&plan_path, &store::pretty(&serde_json::to_value(&plan.record).unwrap_or_default()))?;
    Ok(())
}
