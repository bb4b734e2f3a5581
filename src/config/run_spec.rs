//! `Run(...)` files: a task with a brain, a seed and a number of animals, as `ett run` would take them.

use serde::{Deserialize, Serialize};

/// A run: everything `ett run` needs, as a file. Paths are relative to the run file's folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Run")]
pub struct RunSpec {
    /// Task file.
    pub task: String,
    /// Brain file (absent: the task's default brain).
    #[serde(default)]
    pub brain: Option<String>,
    /// Master seed.
    #[serde(default)]
    pub seed: u64,
    /// Number of animals.
    #[serde(default = "one")]
    pub animals: usize,
    /// Episode length (absent: the task's).
    #[serde(default)]
    pub duration_s: Option<f64>,
}

fn one() -> usize {
    1
}
