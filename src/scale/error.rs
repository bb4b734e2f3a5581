//! What can go wrong in `ett scale`: bad data files, unknown names, unusable bench output.

use crate::config::ConfigError;
use std::path::PathBuf;

/// Errors of the scaling calculator.
#[derive(Debug, thiserror::Error)]
pub enum ScaleError {
    /// A species, device or cost file did not load or holds a bad value.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// A name (species, device, neuron or synapse model) is not known; `known` lists the valid ones.
    #[error("unknown {what} `{name}`; known: {known}")]
    Unknown {
        /// What kind of name it is.
        what: &'static str,
        /// The name given.
        name: String,
        /// The valid names, comma-separated.
        known: String,
    },
    /// The engine has no implementation to count for this model, and no cost file gave it.
    #[error("{0}")]
    NoCosts(String),
    /// The request itself is inconsistent (a non-positive step, no species, ...).
    #[error("{0}")]
    Request(String),
    /// A bench output file is missing, malformed or lacks a field.
    #[error("{path}: {message}")]
    Bench {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// An output file could not be written.
    #[error("{path}: cannot write: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
}
