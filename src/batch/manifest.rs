//! The manifest each `ett batch` invocation writes to `OUT/manifests/`: what it was asked, which
//! jobs it skipped as finished, ran and lost, and the time and CPU it took. Written when the batch
//! starts and again when it ends, so a killed batch still leaves a record.

use super::error::BatchError;
use super::store::pretty;
use crate::record::manifest::git_commit;
use crate::record::write_atomic;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One invocation's record.
#[derive(Debug, Clone, Serialize)]
pub struct BatchManifest {
    /// Crate name and version.
    pub ett_version: String,
    /// Git commit of the build, when known.
    pub git_commit: Option<String>,
    /// The command line.
    pub command: Vec<String>,
    /// Sweep file as given.
    pub sweep: String,
    /// SHA-256 of the sweep file.
    pub sweep_sha256: String,
    /// `I/N`.
    pub shard: String,
    /// Worker threads.
    pub threads: usize,
    /// `running`, `finished` or `failed`.
    pub status: String,
    /// Distinct jobs in the whole plan.
    pub jobs_in_plan: usize,
    /// Distinct jobs in this shard.
    pub jobs_in_shard: usize,
    /// Keys already finished in the folder (not run again).
    pub skipped: Vec<String>,
    /// Keys this invocation ran to the end.
    pub ran: Vec<String>,
    /// Keys that failed, with the error.
    pub failed: Vec<(String, String)>,
    /// When it started (seconds since the Unix epoch).
    pub started_unix_s: u64,
    /// Wall time so far.
    pub wall_time_s: f64,
    /// User + system CPU time of the process so far.
    pub cpu_time_s: f64,
    /// cpu_time_s / (wall_time_s x threads): the share of the workers kept busy.
    pub cpu_busy_share: f64,
    /// Wall time of the jobs alone (after planning, which checks every variant).
    pub jobs_wall_time_s: f64,
    /// CPU time of the jobs alone.
    pub jobs_cpu_time_s: f64,
}

impl BatchManifest {
    /// The file this invocation writes.
    pub fn path(&self, out: &Path) -> PathBuf {
        out.join("manifests").join(format!("batch-{}-{}.json", self.started_unix_s, std::process::id()))
    }

    /// Writes (or rewrites) the manifest.
    pub fn write(&self, out: &Path) -> Result<PathBuf, BatchError> {
        let path = self.path(out);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(super::error::io(dir))?;
        }
        write_atomic(&path, &pretty(&serde_json::to_value(self).unwrap_or_default()))?;
        Ok(path)
    }
}

/// A manifest with nothing run yet.
pub fn started(command: &[String], sweep: &Path, sweep_sha256: &str, shard: String, threads: usize) -> BatchManifest {
    BatchManifest {
        ett_version: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
        git_commit: git_commit(),
        command: command.to_vec(),
        sweep: sweep.display().to_string(),
        sweep_sha256: sweep_sha256.to_string(),
        shard,
        threads,
        status: "running".into(),
        jobs_in_plan: 0,
        jobs_in_shard: 0,
        skipped: Vec::new(),
        ran: Vec::new(),
        failed: Vec::new(),
        started_unix_s: std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()),
        wall_time_s: 0.0,
        cpu_time_s: 0.0,
        cpu_busy_share: f64::NAN,
        jobs_wall_time_s: 0.0,
        jobs_cpu_time_s: 0.0,
    }
}
