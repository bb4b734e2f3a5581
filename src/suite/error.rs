//! Why a suite or a scoring of existing tracks failed: each case names the file or folder at fault.

use crate::record::RecordError;
use crate::runner::RunError;
use crate::scoring::error::ScoringError;
use std::path::PathBuf;

/// A suite or scoring failure.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// A task run failed.
    #[error("task {task}: {source}")]
    Run {
        /// Task file.
        task: PathBuf,
        /// What went wrong.
        source: RunError,
    },
    /// A track or reference file could not be read.
    #[error(transparent)]
    Scoring(#[from] ScoringError),
    /// A result file could not be written.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// A folder or file does not hold what the suite expects.
    #[error("{path}: {reason}")]
    Input {
        /// File or folder at fault.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

/// Result with a [`SuiteError`].
pub type Result<T> = std::result::Result<T, SuiteError>;

/// An `Input` error.
pub(crate) fn input(path: impl Into<PathBuf>, reason: impl Into<String>) -> SuiteError {
    SuiteError::Input { path: path.into(), reason: reason.into() }
}
