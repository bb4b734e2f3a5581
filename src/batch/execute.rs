//! Running jobs: each worker thread takes the next job from one list (each job's animals on that
//! thread, so results do not depend on the thread count), a progress bar with the time left, and
//! each job finished atomically as soon as it ends. The list runs longest first (by simulated steps),
//! so that no long job starts last and leaves the other threads idle at the end.

use super::error::BatchError;
use super::plan::{JobRecord, Plan};
use super::store;
use crate::runner::{self, RunRequest};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use serde_json::{json, Map, Value};
use std::path::Path;

/// What became of one job.
#[derive(Debug)]
pub struct JobOutcome {
    /// Its key.
    pub key: String,
    /// Ok, or why it failed (nothing of it is kept).
    pub result: Result<(), BatchError>,
}

/// Runs `jobs` (distinct keys) on `threads` workers (0: all cores) into `out`.
pub fn run_jobs(plan: &Plan, jobs: &[&JobRecord], out: &Path, threads: usize, progress: bool, command: &[String]) -> Result<Vec<JobOutcome>, BatchError> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().map_err(|e| super::error::input(out, format!("cannot start worker threads: {e}")))?;
    let bar = runner::progress_bar(progress, jobs.len() as u64, "{bar:40} {pos}/{len} jobs, {elapsed} elapsed, eta {eta}");
    let order = longest_first(plan, jobs);
    let next = AtomicUsize::new(0);
    let finished: Mutex<Vec<(usize, JobOutcome)>> = Mutex::new(Vec::with_capacity(jobs.len()));
    pool.scope(|scope| {
        for _ in 0..pool.current_num_threads() {
            scope.spawn(|_| loop {
                let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) else { break };
                let job = jobs[index];
                let result = run_one(plan, job, out, command);
                if let Err(e) = &result {
                    bar.println(format!("job {} failed: {e}", job.key));
                    let _ = std::fs::remove_dir_all(store::staging_dir(out, &job.key));
                }
                bar.inc(1);
                finished.lock().unwrap_or_else(|p| p.into_inner()).push((index, JobOutcome { key: job.key.clone(), result }));
            });
        }
    });
    bar.finish_and_clear();
    let mut outcomes = finished.into_inner().unwrap_or_else(|p| p.into_inner());
    outcomes.sort_by_key(|(index, _)| *index);
    Ok(outcomes.into_iter().map(|(_, outcome)| outcome).collect())
}

/// Job indices by expected cost, largest first: physics plus brain steps per animal (ties keep plan
/// order). A job whose scenario does not load costs nothing here; it fails with its message when run.
fn longest_first(plan: &Plan, jobs: &[&JobRecord]) -> Vec<usize> {
    let cost: Vec<f64> = jobs.iter().map(|job| {
        let (v, t) = plan.indices(job);
        plan.scenario(v, t).map_or(0.0, |s| {
            let duration_s = plan.duration_s(&s);
            duration_s / s.task.spec.physics.dt_s + duration_s / s.brain.spec.dt_s
        })
    }).collect();
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by(|&a, &b| cost[b].total_cmp(&cost[a]));
    order
}

fn run_one(plan: &Plan, job: &JobRecord, out: &Path, command: &[String]) -> Result<(), BatchError> {
    let fail = |source: crate::runner::RunError| BatchError::Job { key: job.key.clone(), variant: job.variant.clone(), task: job.task_file.clone(), seed: job.seed, source };
    let (v, t) = plan.indices(job);
    let scenario = plan.scenario(v, t).map_err(|e| fail(e.into()))?;
    let duration_s = plan.duration_s(&scenario);
    let staging = store::staging_dir(out, &job.key);
    let request = RunRequest {
        task: job.task_file.clone(),
        brain: None,
        seed: job.seed,
        animals: plan.record.animals,
        out: Some(staging.clone()),
        duration_s: Some(duration_s),
        threads: Some(1),
        progress: false,
        command: command.to_vec(),
        perturbations: Default::default(),
    };
    let outcome = runner::run_scenario(&request, scenario).map_err(fail)?;
    let variant = &plan.variants[v];
    let description = json!({"brain": variant.brain, "body": variant.body});
    crate::record::write_atomic(&staging.join("variant.json"), &store::pretty(&description))?;
    store::finish(out, &job.key, &job_result(job, duration_s, &outcome.summary))
}

/// What the summary reads of a job: its task measures and per-animal values, without wall times
/// (so a job's result is the same on every machine and every rerun).
fn job_result(job: &JobRecord, duration_s: f64, summary: &Value) -> Value {
    let animals: Vec<Value> = summary["animals"].as_array().map(|list| list.iter().map(|a| {
        let mut kept = Map::new();
        for key in ["animal", "mean_speed_mm_per_s", "net_displacement_mm", "body_bend_frequency_hz", "wavelength_body_lengths", "task"] {
            kept.insert(key.into(), a[key].clone());
        }
        Value::Object(kept)
    }).collect()).unwrap_or_default();
    json!({
        "key": job.key,
        "task": job.task,
        "seed": job.seed,
        "duration_s": duration_s,
        "brain": summary["brain"],
        "measures": summary["measures"],
        "animals": animals,
    })
}
