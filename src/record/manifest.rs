//! The manifest every run writes: what was run, from which files, with which seed, on what.

use serde::Serialize;

/// One configuration file used by a run.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigFile {
    /// Role: task, body, environment or brain.
    pub role: String,
    /// Path as given.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// What a run was, enough to reproduce it.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// Crate name and version.
    pub ett_version: String,
    /// Git commit of the build, when known.
    pub git_commit: Option<String>,
    /// The command line.
    pub command: Vec<String>,
    /// Every configuration file with its hash.
    pub configs: Vec<ConfigFile>,
    /// Master seed.
    pub seed: u64,
    /// Number of animals.
    pub animals: usize,
    /// Episode length.
    pub duration_s: f64,
    /// Brain backend.
    pub backend: String,
    /// Worker threads used.
    pub threads: usize,
    /// Wall time of the whole run.
    pub wall_time_s: f64,
    /// When the run started (seconds since the Unix epoch).
    pub started_unix_s: u64,
    /// Perturbations given on the command line (not in the hashed brain file).
    pub perturbations: serde_json::Value,
}

/// The commit this binary was built from, when the build saw a git checkout.
pub fn git_commit() -> Option<String> {
    option_env!("ETT_GIT_COMMIT").filter(|c| !c.is_empty()).map(str::to_string)
}
