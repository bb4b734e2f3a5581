//! Published reference values (data files under `scoring/worm/`, RON): per metric and condition either
//! per-animal values or a summary, each with units, conditions, citation and a verified|provisional status.
//! The loader refuses an entry without citation or units, naming the file, the line and the field.

use std::path::Path;

use serde::Deserialize;

use crate::scoring::error::{Result, ScoringError};
use crate::scoring::reference_lines::{entry_spans, field_line};
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
    /// A published direction without a number (e.g. "runs curve toward higher NaCl": the curving rate
    /// has the sign of the bearing): each animal's value should have this sign. Scored by an exact
    /// one-sided sign test over animals, which passes only when the data show the published sign.
    Direction(Sign),
    /// A published finding without a number (e.g. "turns are most likely when heading down the
    /// gradient"), in words; only an `unscorable` entry may have one (no statistic compares with words).
    Qualitative(String),
}

/// The sign a `Direction` reference expects of the per-animal values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Sign {
    /// Values above zero.
    Positive,
    /// Values below zero.
    Negative,
}

impl Sign {
    /// +1 or -1.
    pub fn factor(self) -> f64 {
        match self {
            Sign::Positive => 1.0,
            Sign::Negative => -1.0,
        }
    }
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
    #[serde(default)]
    task: Option<String>,
    #[serde(default)]
    source: Option<MetricSource>,
    #[serde(default)]
    margin: Option<f64>,
    #[serde(default)]
    unscorable: Option<String>,
    #[serde(default)]
    recording: Option<String>,
    #[serde(default)]
    choices: bool,
}

/// Where the simulated (or recorded) per-animal value of a metric comes from in a run folder.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub enum MetricSource {
    /// A per-animal track metric of `scoring::compare::animal_metrics`, by name.
    Track(String),
    /// A per-animal task measure in summary.json (`animals[i].task[key]`).
    Measure(String),
    /// A per-animal stepping metric of `scoring::stepping`, by name, measured on the animal's `gait.csv`.
    Gait(String),
    /// The mean of elements `from..to` of a per-animal array measure (e.g. responses per tap).
    MeasureMean {
        /// Key of the array.
        key: String,
        /// First element (0-based).
        from: usize,
        /// One past the last element.
        to: usize,
    },
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
    /// The worm task (file stem under `tasks/worm/`) whose runs give the metric; None: no task yet.
    pub task: Option<String>,
    /// Where the per-animal values come from in that task's run folder.
    pub source: Option<MetricSource>,
    /// An equivalence margin stated in the file (for values published without a spread).
    pub stated_margin: Option<f64>,
    /// Why no brain can be scored on this entry by design of the harness (e.g. the body gives no signal
    /// that tells the conditions apart); such an entry is listed as unscored, never failed.
    pub unscorable: Option<String>,
    /// Each animal's value is a choice, +1 or -1 (e.g. a fly's arm in a conditioning test), and the mean
    /// a performance index: scored by the exact binomial test instead of the t-test.
    pub choices: bool,
}

impl ReferenceEntry {
    /// The value as a summary for TOST: a range [a, b] is read as mean (a+b)/2 and SD (b-a)/4 (the range
    /// taken as about +-2 SD, an assumption stated here because the sources give no SD).
    pub fn summary(&self) -> Option<Summary> {
        match &self.value {
            Value::Mean { mean, sd, n } => sd.map(|sd| Summary { mean: *mean, sd, n: *n }),
            Value::Range { lo, hi, n } => Some(Summary { mean: 0.5 * (lo + hi), sd: 0.25 * (hi - lo), n: *n }),
            Value::PerAnimal(v) => Some(Summary::of(v)),
            Value::Direction(_) | Value::Qualitative(_) => None,
        }
    }

    /// Equivalence margin: the margin stated in the file when there is one; else 0.5 SD for verified
    /// values and 1 SD for provisional ones, except that a provisional published range "about a-b" is
    /// its own tolerance, (b - a)/2 (a value inside the published range agrees with it).
    pub fn margin(&self) -> Option<f64> {
        if let Some(m) = self.stated_margin {
            return Some(m);
        }
        if let (Value::Range { lo, hi, .. }, Status::Provisional) = (&self.value, self.status) {
            return Some(0.5 * (hi - lo));
        }
        let sd = self.summary()?.sd;
        Some(sd * if self.status == Status::Verified { MARGIN_SD_VERIFIED } else { MARGIN_SD_PROVISIONAL })
    }

    /// The published centre: the mean, the middle of a range, the mean of per-animal values, or zero
    /// for a direction (the boundary its sign is judged against).
    pub fn centre(&self) -> f64 {
        match &self.value {
            Value::Mean { mean, .. } => *mean,
            Value::Range { lo, hi, .. } => 0.5 * (lo + hi),
            Value::PerAnimal(v) => Summary::of(v).mean,
            Value::Direction(_) => 0.0,
            Value::Qualitative(_) => f64::NAN,
        }
    }
}

/// Mean, SD and number of the per-cycle values of a stepping metric in a real recording (a gait CSV, see
/// `scoring::stepping`), measured by the same code as simulated animals: the recording segmented into step
/// cycles is the reference sample.
fn recording_value(path: &Path, metric: &str) -> std::result::Result<Value, String> {
    let series = crate::scoring::stepping::read_gait_csv(path).map_err(|e| e.to_string())?;
    let v = series.cycle_values(metric)?;
    if v.len() < 2 {
        return Err(format!("{}: {} cycles give `{metric}`, need at least 2", path.display(), v.len()));
    }
    let s = Summary::of(&v);
    Ok(Value::Mean { mean: s.mean, sd: Some(s.sd), n: Some(v.len()) })
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

/// Parses and validates reference RON text; `path` labels errors, which give the line of the entry or
/// of the field at fault.
pub fn parse_reference(text: &str, path: &Path) -> Result<Vec<ReferenceEntry>> {
    let raw: RawSet = ron::from_str(text).map_err(|e| ScoringError::Row { path: path.into(), line: e.span.start.line, reason: e.code.to_string() })?;
    let spans = entry_spans(text);
    raw.entries.into_iter().enumerate().map(|(i, e)| {
        let entry = format!("#{i} {}", e.metric.as_deref().unwrap_or("?"));
        let span = spans.get(i).cloned().unwrap_or(0..0);
        let line = |field: &str| field_line(text, &span, field);
        let missing = |field: &'static str| ScoringError::MissingField { path: path.into(), line: line(field), entry: entry.clone(), field };
        let invalid = |field: &'static str, reason: String| ScoringError::InvalidField { path: path.into(), line: line(field), entry: entry.clone(), field, reason };
        let text_field = |v: Option<String>, field: &'static str| v.filter(|s| !s.trim().is_empty()).ok_or_else(|| missing(field));
        let unscorable = e.unscorable.filter(|r| !r.trim().is_empty());
        let value = match (e.value, e.recording) {
            (Some(_), Some(_)) => return Err(invalid("recording", "give either `value` or `recording`, not both".into())),
            (Some(value), None) => value,
            (None, Some(file)) => recording_value(&path.parent().unwrap_or(Path::new(".")).join(&file), e.metric.as_deref().unwrap_or("?")).map_err(|reason| invalid("recording", reason))?,
            (None, None) => return Err(missing("value")),
        };
        if e.choices && !matches!(value, Value::Range { .. } | Value::Mean { .. }) {
            return Err(invalid("choices", "choices are scored against a published range or mean; a direction has its sign test".into()));
        }
        if matches!(value, Value::Qualitative(_)) && unscorable.is_none() {
            return Err(invalid("value", "a qualitative finding cannot be scored: give a number or mark the entry `unscorable` with the reason".into()));
        }
        Ok(ReferenceEntry {
            metric: text_field(e.metric, "metric")?,
            family: e.family.ok_or_else(|| missing("family"))?,
            condition: text_field(e.condition, "condition")?,
            units: text_field(e.units, "units")?,
            citation: text_field(e.citation, "citation")?,
            status: e.status.ok_or_else(|| missing("status"))?,
            value,
            note: e.note,
            source: if e.task.is_some() { Some(e.source.ok_or_else(|| missing("source"))?) } else { e.source },
            task: e.task,
            stated_margin: match e.margin {
                Some(m) if !(m > 0.0 && m.is_finite()) => return Err(invalid("margin", format!("must be positive, got {m}"))),
                m => m,
            },
            unscorable,
            choices: e.choices,
        })
    }).collect()
}
