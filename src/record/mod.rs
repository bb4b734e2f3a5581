//! Writing what happened: trajectories, events, summaries and manifests under `results/`.

pub mod gait;
pub mod manifest;
pub mod trajectory;

pub use gait::{GaitRecord, GaitRow};
pub use manifest::Manifest;
pub use trajectory::{Trajectory, TrajectoryRow};

use crate::buffers::Event;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A failure to write results.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write: {source}")]
pub struct RecordError {
    /// File that could not be written.
    pub path: PathBuf,
    /// Underlying error.
    pub source: std::io::Error,
}

/// Writes a file atomically: a temporary file beside it, then a rename, so a crash never leaves a
/// half-written result that looks whole.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RecordError> {
    let err = |source| RecordError { path: path.to_path_buf(), source };
    let tmp = path.with_extension(format!("{}.tmp", path.extension().and_then(|e| e.to_str()).unwrap_or("")));
    let mut file = std::fs::File::create(&tmp).map_err(err)?;
    file.write_all(bytes).map_err(err)?;
    file.sync_all().map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

/// Pretty JSON with a final newline, as every JSON result file is written.
pub fn pretty_json(value: &serde_json::Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The events CSV: time, kind, detail.
pub fn events_csv(events: &[Event]) -> Vec<u8> {
    let mut out = String::from("time_s,kind,detail\n");
    for event in events {
        out.push_str(&format!("{:.4},{},{}\n", event.time_s, event.kind, event.detail));
    }
    out.into_bytes()
}
