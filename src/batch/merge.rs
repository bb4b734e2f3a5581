//! `ett merge DIR... --out DIR`: the finished jobs of several shard folders of one sweep, copied
//! into one folder (each job atomically, so a merge can be repeated after an interruption), then
//! summarised as if one batch had run them all.

use super::error::{input, io, BatchError};
use super::plan::PlanRecord;
use super::store;
use super::summary::{write_summary, Summary};
use std::path::{Path, PathBuf};

/// What a merge did.
#[derive(Debug, Clone)]
pub struct MergeOutcome {
    /// Jobs copied in.
    pub copied: usize,
    /// Distinct jobs in the plan.
    pub jobs_in_plan: usize,
    /// Planned jobs no folder had.
    pub missing: Vec<String>,
    /// The summary, when no job is missing.
    pub summary: Option<Summary>,
}

/// A batch folder's plan.json.
pub fn read_plan(dir: &Path) -> Result<PlanRecord, BatchError> {
    let path = dir.join("plan.json");
    let text = std::fs::read_to_string(&path).map_err(|e| input(&path, format!("cannot read ({e}); is this an `ett batch` output folder?")))?;
    serde_json::from_str(&text).map_err(|e| input(&path, format!("line {}: {e}", e.line())))
}

/// Merges shard folders into `out` (which may be one of them) and summarises when complete.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<MergeOutcome, BatchError> {
    let first = dirs.first().ok_or_else(|| input(out, "no folders to merge"))?;
    let plan = read_plan(first)?;
    for dir in &dirs[1..] {
        if read_plan(dir)? != plan {
            return Err(input(dir.join("plan.json"), format!("plans a different sweep or version than {}; only shards of one sweep can be merged", first.display())));
        }
    }
    std::fs::create_dir_all(out).map_err(io(out))?;
    if out.join("plan.json").is_file() && read_plan(out)? != plan {
        return Err(input(out.join("plan.json"), "the output folder holds another sweep"));
    }
    store::clear_staging(out)?;
    crate::record::write_atomic(&out.join("plan.json"), &store::pretty(&serde_json::to_value(&plan).unwrap_or_default()))?;
    let sweep_copy = first.join("sweep.ron");
    if sweep_copy.is_file() && !out.join("sweep.ron").is_file() {
        std::fs::copy(&sweep_copy, out.join("sweep.ron")).map_err(io(out.join("sweep.ron")))?;
    }
    let mut copied = 0;
    for dir in dirs {
        for key in store::finished_keys(dir)? {
            if plan.jobs.iter().any(|j| j.key == key) && !store::is_finished(out, &key) {
                store::import(dir, out, &key)?;
                copied += 1;
            }
        }
    }
    let keys = plan.unique_keys();
    let missing: Vec<String> = keys.iter().filter(|k| !store::is_finished(out, k)).map(|k| k.to_string()).collect();
    let summary = if missing.is_empty() { Some(write_summary(out, &plan)?) } else { None };
    Ok(MergeOutcome { copied, jobs_in_plan: keys.len(), missing, summary })
}
