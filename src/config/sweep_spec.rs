//! `sweeps/*.ron`: many variants of a brain (and body) run on a set of tasks or a whole suite, with
//! several seeds. Paths are relative to the sweep file.

use super::connectome_spec::ConnectomeEdit;
use serde::{Deserialize, Serialize};

/// A sweep file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Sweep")]
pub struct SweepSpec {
    /// Name for humans and output folders.
    pub name: String,
    /// Base brain file every variant starts from.
    pub brain: String,
    /// Base body file replacing every task's body (needed for `body.` parameters).
    #[serde(default)]
    pub body: Option<String>,
    /// What each variant is run on.
    pub target: SweepTarget,
    /// Master seeds; every variant runs once per seed.
    #[serde(default = "one_seed")]
    pub seeds: Vec<u64>,
    /// Animals per job (one job: one variant, one task, one seed).
    pub animals: usize,
    /// Cap on each task's duration (absent: the tasks' own).
    #[serde(default)]
    pub max_duration_s: Option<f64>,
    /// Whether the unchanged base brain runs as variant `intact` (effects are measured against it).
    #[serde(default = "yes")]
    pub intact: bool,
    /// Variant generators, expanded in order.
    pub variants: Vec<VariantSpec>,
    /// What ranks the variants in the summary.
    pub rank_by: RankBy,
}

fn one_seed() -> Vec<u64> {
    vec![1]
}

fn yes() -> bool {
    true
}

/// Tasks or a whole suite.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum SweepTarget {
    /// These task files.
    Tasks(Vec<String>),
    /// Every task file of a folder, scored against a reference file (as `ett suite`).
    Suite {
        /// Folder of task files, e.g. `../tasks/worm`.
        tasks: String,
        /// Reference file, e.g. `../scoring/worm/reference_n2.ron`.
        reference: String,
        /// Only these tasks (file stems); absent: every task file.
        #[serde(default)]
        only: Option<Vec<String>>,
    },
}

/// One parameter set to a value, addressed by a dotted path into the brain file (e.g.
/// `model.neuron.gap_conductance_ps`, `model.encoders.9.gain_pa`), or into the body file when the
/// path starts with `body.`. A path must name a field the file's spec has.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterValue {
    /// Dotted path.
    pub path: String,
    /// New value (number, string, bool or list, as the field takes).
    pub value: serde_json::Value,
}

/// A parameter with the values a grid takes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterAxis {
    /// Dotted path (see [`ParameterValue`]).
    pub path: String,
    /// Values, in order.
    pub values: Vec<serde_json::Value>,
}

/// A generator of variants.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum VariantSpec {
    /// One named variant: parameters, lesions and connectome edits together.
    Variant {
        /// Name in tables and plots.
        name: String,
        /// Parameters to set.
        #[serde(default)]
        parameters: Vec<ParameterValue>,
        /// Neurons to ablate (selectors).
        #[serde(default)]
        ablate: Vec<String>,
        /// Neurons to silence (selectors).
        #[serde(default)]
        silence: Vec<String>,
        /// Connectome edits.
        #[serde(default)]
        edits: Vec<ConnectomeEdit>,
    },
    /// Every combination of the axes' values (the cartesian product, first axis slowest).
    Grid(Vec<ParameterAxis>),
    /// One variant per selector, ablating it alone (`ablate_AVAL`, ...).
    AblateEach(Vec<String>),
    /// One variant per selector, silencing it alone (`silence_AVAL`, ...).
    SilenceEach(Vec<String>),
}

/// How the summary ranks variants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RankBy {
    /// By the size of the change of one task measure from the intact brain (largest first).
    Effect {
        /// Task name (as in its file's `name`).
        task: String,
        /// Measure name (as in summary.json `measures`, e.g. `reversal_probability`).
        measure: String,
    },
    /// By the suite's turing_score, highest first (needs a `Suite` target).
    TuringScore,
}
