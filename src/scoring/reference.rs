//! Published reference values (data files under `scoring/worm/`, RON): per metric and condition either
//! per-animal values or a summary, each with units, conditions, citation and a verified|provisional status.
//! The loader refuses an entry without citation or units, naming the file and the field.

use std::path::Path;

use serde::Deserialize;

use crate::scoring::error::{Result, ScoringError};
use crate::scoring::stats::tost::{Summary, MARGIN_SD_PROVISIONAL, MARGIN_SD_VERIFIED};
use crate::scoring::stats::Family;

/// Whether a value was read in the cited source or is a recollection awaiting a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Status {
    /// Read in the cited source.
    Verified,
    /// Recollection of the literature: wider tolerance until checked.
    Provisional,
}

/// The reference value itself.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum Value {
    /// A published mean with optional SD and n.
    Mean {
        /// Mean.
        mean: f64,
        /// Standard deviation, when published.
        sd: Option<f64>,
        /// Animals, when published.
        n: Option<usize>,
    },
    /// A published range ("about a-b").
    Range {
        /// Low end.
        lo: f64,
        /// High end.
        hi: f64,
        /// Animals, when published.
        n: Option<usize>,
    },
    /// Per-animal values.
    PerAnimal(Vec<f64>),
}

/// One reference entry as written in the file (fields optional so that missing ones get a clear error).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    metric: Option<String>,
    family: Option<Family>,
    condition: Option<String>,
    units: Option<String>,
    citation: Option<String>,
    status: Option<Status>,
    value: Option<Value>,
    #[serde(default)]
    note: String,
}

/// A validated reference entry.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceEntry {
    /// Metric name (matches the metric functions' names, units included).
    pub metric: String,
    /// Family.
    pub family: Family,
    /// Species, strain and assay conditions.
    pub condition: String,
    /// Units of the value.
    pub units: String,
    /// Source.
    pub citation: String,
    /// Verified or provisional.
    pub status: Status,
    /// The value.
    pub value: Value,
    /// Free text (how the value was read, caveats).
    pub note: String,
}

impl ReferenceEntry {
    /// The value as a summary for TOST: a range [a, b] is read as mean (a+b)/2 and SD (b-a)/4 (the range
    /// taken as about +-2 SD, an assumption stated here because the sources give no SD).
    pub fn summary(&self) -> Option<Summary> {
        match &self.value {
            Value::Mean { mean, sd, n } => sd.map(|sd| Summary { mean: *mean, sd, n: *n }),
            Value::Range { lo, hi, n } => Some(Summary { mean: 0.5 * (lo + hi), sd: 0.25 * (hi - lo), n: *n }),
            Value::PerAnimal(v) => Some(Summary::of(v)),
        }
    }

    /// Equivalence margin: 0.5 SD for verified values, 1 SD for provisional ones.
    pub fn margin(&self) -> Option<f64> {
        let sd = self.summary()?.sd;
        Some(sd * if self.status == Status::Verified { MARGIN_SD_VERIFIED } else { MARGIN_SD_PROVISIONAL })
    }
}

/// A file of reference entries.
#[derive(Debug, Clone, Deserialize)]
struct RawSet {
    entries: Vec<RawEntry>,
}

/// Loads and validates a RON reference file.
pub fn load_reference_file(path: &Path) -> Result<Vec<ReferenceEntry>> {
    let text = std::fs::read_to_string(path).map_err(|source| ScoringError::Io { path: path.into(), source })?;
    parse_reference(&text, path)
}

/// Parses and validates reference RON text; `path` labels errors.
pub fn parse_reference(text: &str, path: &Path) -> Result<Vec<ReferenceEntry>> {
    let raw: RawSet = ron::from_str(text).map_err(|e| ScoringError::Format { path: path.into(), reason: e.to_string() })?;
    raw.entries.into_iter().enumerate().map(|(i, e)| {
        let entry = format!("#{i} {}", e.metric.as_deref().unwrap_or("?"));
        let missing = |field: &'static str| ScoringError::MissingField { path: path.into(), entry: entry.clone(), field };
        let text_field = |v: Option<String>, field: &'static str| v.filter(|s| !s.trim().is_empty()).ok_or_else(|| missing(field));
        Ok(ReferenceEntry {
            metric: text_field(e.metric, "metric")?,
            family: e.family.ok_or_else(|| missing("family"))?,
            condition: text_field(e.condition, "condition")?,
            units: text_field(e.units, "units")?,
            citation: text_field(e.citation, "citation")?,
            status: e.status.ok_or_else(|| missing("status"))?,
            value: e.value.ok_or_else(|| missing("value"))?,
            note: e.note,
        })
    }).collect()
}
