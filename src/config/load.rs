//! Reading a RON file into a typed spec, with errors that point at the file, line, column and field.

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// An error in a configuration file, located as precisely as the parser allows.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read at all.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// File at fault.
        path: PathBuf,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The RON did not parse or did not match the spec.
    #[error("{path}:{line}:{column}: field `{field}`: {message}")]
    Parse {
        /// File at fault.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Dotted path of the field at fault (`.` for the whole file).
        field: String,
        /// What the parser said.
        message: String,
    },
    /// The file parsed but a value is not acceptable.
    #[error("{path}:{line}:{column}: field `{field}`: {message}")]
    Invalid {
        /// File at fault.
        path: PathBuf,
        /// 1-based line (0 when the field is absent from the file and took its default).
        line: usize,
        /// 1-based column.
        column: usize,
        /// Field at fault.
        field: String,
        /// Why the value is rejected.
        message: String,
    },
}

/// A spec loaded from a file, with the text kept for hashing and for locating fields in later checks.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The typed spec.
    pub spec: T,
    /// Where it came from.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// The file's text.
    pub text: String,
}

impl<T> Loaded<T> {
    /// An `Invalid` error for `field`, located by searching the file's text for `field:`.
    pub fn invalid(&self, field: &str, message: impl Into<String>) -> ConfigError {
        let (line, column) = locate_field(&self.text, field);
        ConfigError::Invalid {
            path: self.path.clone(),
            line,
            column,
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Reads and parses a RON file; unknown fields are rejected by the specs themselves.
pub fn load_ron<T: DeserializeOwned>(path: &Path) -> Result<Loaded<T>, ConfigError> {
    let bytes = std::fs::read(path).map_err(|source| ConfigError::Io { path: path.to_path_buf(), source })?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let spec = parse_ron::<T>(path, &text)?;
    Ok(Loaded { spec, path: path.to_path_buf(), sha256: sha256_hex(&bytes), text })
}

/// Parses RON text, attributing errors to `path`.
pub fn parse_ron<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, ConfigError> {
    let parse_error = |span: ron::error::SpannedError, field: String| ConfigError::Parse {
        path: path.to_path_buf(),
        line: span.span.start.line,
        column: span.span.start.col,
        field,
        message: span.code.to_string(),
    };
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let mut de = ron::Deserializer::from_str_with_options(text, &options).map_err(|e| parse_error(e, ".".into()))?;
    let value = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Ok(value) => value,
        Err(err) => {
            let field = err.path().to_string();
            let span = de.span_error(err.into_inner());
            return Err(parse_error(span, field));
        }
    };
    de.end().map_err(|code| parse_error(de.span_error(code), ".".into()))?;
    Ok(value)
}

/// The 1-based line and column where `field:` first appears in RON text, or (0, 0) when absent.
pub fn locate_field(text: &str, field: &str) -> (usize, usize) {
    let leaf = field.rsplit('.').next().unwrap_or(field);
    for (line_index, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut search_from = 0;
        while let Some(offset) = code[search_from..].find(leaf) {
            let start = search_from + offset;
            let before_ok = start == 0 || !is_ident_char(code.as_bytes()[start - 1]);
            let rest = code[start + leaf.len()..].trim_start();
            if before_ok && rest.starts_with(':') {
                return (line_index + 1, start + 1);
            }
            search_from = start + leaf.len();
        }
    }
    (0, 0)
}

fn is_ident_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// SHA-256 of a file's bytes, hex; used by manifests.
pub fn hash_file(path: &Path) -> Result<String, ConfigError> {
    let mut hasher = Sha256::new();
    hash_into(&mut hasher, path)?;
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Feeds a file's bytes to a hasher in pieces (a FlyWire table is hundreds of megabytes).
pub fn hash_into(hasher: &mut Sha256, path: &Path) -> Result<(), ConfigError> {
    let io = |source| ConfigError::Io { path: path.to_path_buf(), source };
    let mut file = std::io::BufReader::new(std::fs::File::open(path).map_err(io)?);
    std::io::copy(&mut file, hasher).map_err(io)?;
    Ok(())
}

/// SHA-256 of bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
