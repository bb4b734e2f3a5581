//! Job folders under `OUT/jobs/`. A job runs in `jobs/.staging-KEY/`; its `result.json` is written
//! last, then the folder is renamed to `jobs/KEY/` in one step. So `jobs/KEY/result.json` exists
//! only for a finished job, and a batch killed at any moment leaves at most a staging folder,
//! which the next batch in that folder removes.

use super::error::{input, io, BatchError};
pub use crate::record::pretty_json as pretty;
use crate::record::write_atomic;
use serde_json::Value;
use std::path::{Path, PathBuf};

const STAGING_PREFIX: &str = ".staging-";

/// The folder holding every job.
pub fn jobs_dir(out: &Path) -> PathBuf {
    out.join("jobs")
}

/// A finished job's folder.
pub fn job_dir(out: &Path, key: &str) -> PathBuf {
    jobs_dir(out).join(key)
}

/// Where a job runs before it is finished.
pub fn staging_dir(out: &Path, key: &str) -> PathBuf {
    jobs_dir(out).join(format!("{STAGING_PREFIX}{key}"))
}

/// Whether a job is finished in this folder.
pub fn is_finished(out: &Path, key: &str) -> bool {
    job_dir(out, key).join("result.json").is_file()
}

/// The keys of every finished job in a folder, sorted.
pub fn finished_keys(out: &Path) -> Result<Vec<String>, BatchError> {
    let dir = jobs_dir(out);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut keys: Vec<String> = std::fs::read_dir(&dir).map_err(io(&dir))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|name| !name.starts_with(STAGING_PREFIX) && is_finished(out, name))
        .collect();
    keys.sort();
    Ok(keys)
}

/// Removes staging folders left by a batch that was killed (one batch process per folder).
pub fn clear_staging(out: &Path) -> Result<usize, BatchError> {
    let dir = jobs_dir(out);
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let mut removed = 0;
    for entry in std::fs::read_dir(&dir).map_err(io(&dir))?.filter_map(Result::ok) {
        if entry.file_name().to_string_lossy().starts_with(STAGING_PREFIX) {
            std::fs::remove_dir_all(entry.path()).map_err(io(entry.path()))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Finishes a job: writes `result.json` into its staging folder, then renames the folder.
pub fn finish(out: &Path, key: &str, result: &Value) -> Result<(), BatchError> {
    let staging = staging_dir(out, key);
    write_atomic(&staging.join("result.json"), &pretty(result))?;
    sync_dir(&staging);
    let done = job_dir(out, key);
    std::fs::rename(&staging, &done).map_err(io(&done))?;
    sync_dir(&jobs_dir(out));
    Ok(())
}

/// Copies a finished job folder from another batch folder (a shard) into this one, atomically.
pub fn import(from_out: &Path, out: &Path, key: &str) -> Result<(), BatchError> {
    let staging = staging_dir(out, key);
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    copy_tree(&job_dir(from_out, key), &staging)?;
    let done = job_dir(out, key);
    std::fs::rename(&staging, &done).map_err(io(&done))?;
    sync_dir(&jobs_dir(out));
    Ok(())
}

/// A finished job's result.
pub fn read_result(out: &Path, key: &str) -> Result<Value, BatchError> {
    let path = job_dir(out, key).join("result.json");
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    serde_json::from_str(&text).map_err(|e| input(&path, format!("line {}: {e}", e.line())))
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), BatchError> {
    std::fs::create_dir_all(to).map_err(io(to))?;
    for entry in std::fs::read_dir(from).map_err(io(from))?.filter_map(Result::ok) {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(io(&target))?;
        }
    }
    Ok(())
}

/// Makes a rename durable across a power cut; a failure here loses nothing already renamed.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
