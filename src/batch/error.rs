//! Why a batch, a merge or a batch benchmark failed: each case names the file, folder or job at fault.

use crate::config::ConfigError;
use crate::record::RecordError;
use crate::runner::RunError;
use crate::suite::SuiteError;
use std::path::PathBuf;

/// A batch failure.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The sweep, or a file it names, is wrong (nothing has run).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// One job failed; the jobs finished before it are kept.
    #[error("job {key} (variant `{variant}`, task {task}, seed {seed}): {source}")]
    Job {
        /// The job's content key.
        key: String,
        /// Variant name.
        variant: String,
        /// Task file.
        task: PathBuf,
        /// Seed.
        seed: u64,
        /// What went wrong.
        source: RunError,
    },
    /// Some jobs failed (each is listed in the batch manifest); the others are kept.
    #[error("{failed} of {attempted} jobs failed (see {manifest}); first: {first}")]
    JobsFailed {
        /// Failed jobs.
        failed: usize,
        /// Jobs attempted.
        attempted: usize,
        /// The batch manifest listing them.
        manifest: PathBuf,
        /// The first failure.
        first: String,
    },
    /// Results could not be written.
    #[error(transparent)]
    Record(#[from] RecordError),
    /// Scoring a variant's suite failed.
    #[error(transparent)]
    Suite(#[from] SuiteError),
    /// A folder or file does not hold what the batch expects.
    #[error("{path}: {reason}")]
    Input {
        /// File or folder at fault.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}

/// An `Input` error.
pub(crate) fn input(path: impl Into<PathBuf>, reason: impl Into<String>) -> BatchError {
    BatchError::Input { path: path.into(), reason: reason.into() }
}

/// A `RecordError` for an I/O failure on `path`.
pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> BatchError {
    let path = path.into();
    move |source| BatchError::Record(RecordError { path, source })
}
