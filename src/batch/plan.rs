//! The jobs of a sweep: one per variant, seed and task, each keyed by a hash of everything that
//! decides its result (the variant's brain and body, the task's files, the connectome tables, seed,
//! animals, duration, ett version), so a finished job is recognised whoever ran it and whenever.

use super::error::{input, BatchError};
use super::variants::{self, Variant, INTACT};
use crate::config::body_spec::BodySpec;
use crate::config::brain_spec::BrainSpec;
use crate::config::brain_data::brain_data_sha256;
use crate::config::scenario::relative_to;
use crate::config::sweep_spec::{RankBy, SweepSpec, SweepTarget};
use crate::config::{load_ron, sha256_hex, ConfigError, Loaded, Scenario};
use crate::sim::Episode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// One job of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobRecord {
    /// Content key (hex); equal keys are the same computation, run once.
    pub key: String,
    /// Variant name.
    pub variant: String,
    /// Task name (the task file's `name`).
    pub task: String,
    /// Task file as resolved from the sweep file.
    pub task_file: PathBuf,
    /// Master seed.
    pub seed: u64,
}

/// A variant as plan.json lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantRecord {
    /// Name.
    pub name: String,
    /// What it changes from the base brain.
    pub changes: Value,
}

/// Everything the summary and `ett merge` need, written to `plan.json` in every output folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRecord {
    /// Sweep name.
    pub sweep: String,
    /// SHA-256 of the sweep file.
    pub sweep_sha256: String,
    /// Animals per job.
    pub animals: usize,
    /// Seeds.
    pub seeds: Vec<u64>,
    /// Task names in target order.
    pub tasks: Vec<String>,
    /// Reference file of a suite target.
    pub reference: Option<PathBuf>,
    /// How variants are ranked.
    pub rank_by: RankBy,
    /// Variants in sweep order.
    pub variants: Vec<VariantRecord>,
    /// Jobs: variant-major, then seed, then task.
    pub jobs: Vec<JobRecord>,
}

impl PlanRecord {
    /// The distinct keys in plan order (shards partition these).
    pub fn unique_keys(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.jobs.iter().map(|j| j.key.as_str()).filter(|k| seen.insert(*k)).collect()
    }

    /// Whether the sweep runs the unchanged brain.
    pub fn has_intact(&self) -> bool {
        self.variants.iter().any(|v| v.name == INTACT)
    }
}

/// A resolved sweep: variants, one loaded scenario per task, and the jobs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The sweep file.
    pub sweep: Loaded<SweepSpec>,
    /// Base brain (its path resolves the connectome tables for every variant).
    pub brain: Loaded<BrainSpec>,
    /// Base body, when the sweep names one.
    pub body: Option<Loaded<BodySpec>>,
    /// Variants.
    pub variants: Vec<Variant>,
    /// Task scenarios with the base brain, in target order.
    pub scenarios: Vec<Scenario>,
    /// Episode length cap.
    pub max_duration_s: Option<f64>,
    /// The record written as plan.json.
    pub record: PlanRecord,
    /// The base brain's shared tables (a FlyWire brain's), read once and held while the sweep's jobs run.
    pub shared_data: crate::brain::Preloaded,
}

impl Plan {
    /// Loads a sweep and resolves every variant against the base files; nothing runs.
    pub fn load(sweep_path: &Path) -> Result<Plan, BatchError> {
        let sweep: Loaded<SweepSpec> = load_ron(sweep_path)?;
        let spec = &sweep.spec;
        if spec.animals == 0 {
            return Err(sweep.invalid("animals", "must be at least 1").into());
        }
        if spec.seeds.is_empty() {
            return Err(sweep.invalid("seeds", "needs at least one seed").into());
        }
        if let Some(cap) = spec.max_duration_s {
            if !(cap > 0.0 && cap.is_finite()) {
                return Err(sweep.invalid("max_duration_s", format!("must be positive, got {cap}")).into());
            }
        }
        let brain: Loaded<BrainSpec> = load_ron(&relative_to(sweep_path, &spec.brain))?;
        let body: Option<Loaded<BodySpec>> = spec.body.as_deref().map(|b| load_ron(&relative_to(sweep_path, b))).transpose()?;
        let (task_files, reference) = target_files(&sweep)?;
        let variants = variants::expand(&sweep, &brain, body.as_ref())?;
        let mut scenarios = Vec::with_capacity(task_files.len());
        for task in &task_files {
            let scenario = Scenario::load(task, Some(&brain.path))?;
            scenarios.push(match &body {
                Some(b) => scenario.with_body(b.clone())?,
                None => scenario,
            });
        }
        let tasks: Vec<String> = scenarios.iter().map(|s| s.task.spec.name.clone()).collect();
        if let RankBy::Effect { task, .. } = &spec.rank_by {
            if !tasks.contains(task) {
                return Err(sweep.invalid("rank_by", format!("task `{task}` is not in the target (tasks: {})", tasks.join(", "))).into());
            }
        }
        if matches!(spec.rank_by, RankBy::TuringScore) && reference.is_none() {
            return Err(sweep.invalid("rank_by", "TuringScore needs a Suite target").into());
        }
        let tables = tables_sha256(&brain)?;
        let shared_data = crate::brain::preload(&brain)?;
        let mut plan = Plan {
            shared_data,
            record: PlanRecord {
                sweep: spec.name.clone(),
                sweep_sha256: sweep.sha256.clone(),
                animals: spec.animals,
                seeds: spec.seeds.clone(),
                tasks,
                reference,
                rank_by: spec.rank_by.clone(),
                variants: variants.iter().map(|v| VariantRecord { name: v.name.clone(), changes: v.changes.clone() }).collect(),
                jobs: Vec::new(),
            },
            max_duration_s: spec.max_duration_s,
            sweep: sweep.clone(),
            brain,
            body,
            variants,
            scenarios,
        };
        for (v, variant) in plan.variants.iter().enumerate() {
            // Assemble one animal of each variant now, so that a bad neuron name or edit fails before any job runs.
            plan.scenario(v, 0).and_then(|s| Episode::new(&s, 0, 0, plan.duration_s(&s)).map(|_| ()))
                .map_err(|e| variants::variant_error(&sweep, &variant.origin, &variant.name, e.to_string()))?;
            for &seed in &spec.seeds {
                for (t, scenario) in plan.scenarios.iter().enumerate() {
                    let key = job_key(variant, scenario, &tables, seed, spec.animals, plan.duration_s(scenario));
                    let task_file = task_files[t].clone();
                    plan.record.jobs.push(JobRecord { key, variant: variant.name.clone(), task: scenario.task.spec.name.clone(), task_file, seed });
                }
            }
        }
        Ok(plan)
    }

    /// The episode length of a task under the sweep's cap.
    pub fn duration_s(&self, scenario: &Scenario) -> f64 {
        let own = scenario.task.spec.duration_s;
        self.max_duration_s.map_or(own, |cap| cap.min(own))
    }

    /// The scenario of variant `v` on task `t`.
    pub fn scenario(&self, v: usize, t: usize) -> Result<Scenario, ConfigError> {
        let variant = &self.variants[v];
        let mut scenario = self.scenarios[t].clone();
        if let Some(body) = &variant.body {
            let base = self.body.as_ref().expect("a body variant implies a sweep body");
            scenario = scenario.with_body(Loaded { spec: body.clone(), path: base.path.clone(), sha256: spec_sha256(body), text: base.text.clone() })?;
        }
        let brain = Loaded { spec: variant.brain.clone(), path: self.brain.path.clone(), sha256: spec_sha256(&variant.brain), text: self.brain.text.clone() };
        scenario.with_brain(brain)
    }

    /// The variant and task indices of a job.
    pub fn indices(&self, job: &JobRecord) -> (usize, usize) {
        let v = self.variants.iter().position(|x| x.name == job.variant).expect("jobs name planned variants");
        let t = self.record.tasks.iter().position(|x| *x == job.task).expect("jobs name planned tasks");
        (v, t)
    }
}

/// The task files of the target and, for a suite, the reference file.
fn target_files(sweep: &Loaded<SweepSpec>) -> Result<(Vec<PathBuf>, Option<PathBuf>), BatchError> {
    match &sweep.spec.target {
        SweepTarget::Tasks(tasks) if tasks.is_empty() => Err(sweep.invalid("target", "Tasks needs at least one task file").into()),
        SweepTarget::Tasks(tasks) => Ok((tasks.iter().map(|t| relative_to(&sweep.path, t)).collect(), None)),
        SweepTarget::Suite { tasks, reference, only } => {
            let reference = relative_to(&sweep.path, reference);
            crate::scoring::reference::load_reference_file(&reference).map_err(|e| sweep.invalid("reference", e.to_string()))?;
            let mut files = crate::suite::discover_tasks(&relative_to(&sweep.path, tasks)).map_err(|e| sweep.invalid("tasks", e.to_string()))?;
            if let Some(only) = only {
                let stem = |p: &PathBuf| p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                if let Some(missing) = only.iter().find(|o| !files.iter().any(|f| &stem(f) == *o)) {
                    return Err(sweep.invalid("only", format!("no task `{missing}` in the suite folder")).into());
                }
                files.retain(|f| only.contains(&stem(f)));
            }
            Ok((files, Some(reference)))
        }
    }
}

/// SHA-256 of a spec's JSON form: the identity of an in-memory variant.
fn spec_sha256<T: Serialize>(spec: &T) -> String {
    sha256_hex(&serde_json::to_vec(spec).unwrap_or_default())
}

/// SHA-256 over the data files a brain reads (`config::brain_data`: connectome tables, spiking wiring,
/// FlyWire tables, step-cycle template; empty for brains without data).
fn tables_sha256(brain: &Loaded<BrainSpec>) -> Result<String, BatchError> {
    brain_data_sha256(brain).map_err(|e| input(&brain.path, format!("cannot hash the brain's data files: {e}")))
}

/// The content key of one job: the first 20 hex digits of a SHA-256.
fn job_key(variant: &Variant, scenario: &Scenario, tables_sha256: &str, seed: u64, animals: usize, duration_s: f64) -> String {
    let environments: Vec<&str> = std::iter::once(scenario.environment.sha256.as_str()).chain(scenario.phases.iter().map(|p| p.environment.sha256.as_str())).collect();
    let content = json!({
        "ett_version": env!("CARGO_PKG_VERSION"),
        "brain": variant.brain,
        "body": variant.body.as_ref().map_or_else(|| json!(scenario.body.sha256), |b| json!(b)),
        "task_sha256": scenario.task.sha256,
        "environment_sha256": environments,
        "tables_sha256": tables_sha256,
        "seed": seed,
        "animals": animals,
        "duration_s": duration_s,
    });
    sha256_hex(&serde_json::to_vec(&content).unwrap_or_default())[..20].to_string()
}

/// A part of a job array: shard `index` of `count` (1-based), `--shard I/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based index.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// The whole plan.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Parses `I/N` with 1 <= I <= N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let bad = || format!("--shard {text:?}: expected I/N with 1 <= I <= N, e.g. 3/16");
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let (index, count) = (i.trim().parse::<usize>().map_err(|_| bad())?, n.trim().parse::<usize>().map_err(|_| bad())?);
        if index == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// This shard's keys: every `count`-th distinct key in plan order, starting at `index - 1`, so
    /// shards get the same mix of tasks and variants.
    pub fn keys<'a>(&self, plan: &'a PlanRecord) -> Vec<&'a str> {
        plan.unique_keys().into_iter().enumerate().filter(|(i, _)| i % self.count == self.index - 1).map(|(_, k)| k).collect()
    }
}
