//! Typed errors of the scoring library: every failure names the file and, where there is one, the line
//! or field, so a bad row or reference entry can be found and fixed rather than silently dropped.

use std::path::PathBuf;

/// Why a track or reference file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ScoringError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// File concerned.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// One row (line) of a table could not be parsed.
    #[error("{path}:{line}: {reason}")]
    Row {
        /// File concerned (for a file inside a zip: `zip!/inner/path`).
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What was wrong with the row.
        reason: String,
    },
    /// The file as a whole is malformed (bad JSON, missing column, missing field).
    #[error("{path}: {reason}")]
    Format {
        /// File concerned.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// A reference entry lacks a required field (citation, unit, ...).
    #[error("{path}:{line}: reference entry '{entry}' has no {field}")]
    MissingField {
        /// File concerned.
        path: PathBuf,
        /// 1-based line of the field when it is there but blank, else of the entry's opening parenthesis.
        line: usize,
        /// Entry (index and metric) concerned.
        entry: String,
        /// The missing field's name.
        field: &'static str,
    },
    /// A reference entry's field has a value that cannot be used.
    #[error("{path}:{line}: reference entry '{entry}': field `{field}`: {reason}")]
    InvalidField {
        /// File concerned.
        path: PathBuf,
        /// 1-based line of the field.
        line: usize,
        /// Entry (index and metric) concerned.
        entry: String,
        /// The field's name.
        field: &'static str,
        /// Why the value is rejected.
        reason: String,
    },
    /// A zip archive could not be read.
    #[error("{path}: zip: {source}")]
    Zip {
        /// Archive concerned.
        path: PathBuf,
        /// Underlying error.
        source: zip::result::ZipError,
    },
}

/// Result with a [`ScoringError`].
pub type Result<T> = std::result::Result<T, ScoringError>;

/// A row that a reader skipped because the tracker itself marked it missing (e.g. `na`); reported, not hidden.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedRow {
    /// File concerned.
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// Why it was skipped.
    pub reason: String,
}
