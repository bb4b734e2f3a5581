//! For a suite target: each variant and seed scored as `ett suite` would (its report under
//! `summary/suites/VARIANT-seedN/`), and the variant x family table, with intervals over seeds.

use super::error::BatchError;
use super::plan::PlanRecord;
use super::store;
use super::table::{mean, stable_seed, BOOTSTRAP_REPS};
use crate::scoring::reference::load_reference_file;
use crate::scoring::stats::bootstrap_ci;
use crate::suite::population::read_run_folder;
use crate::suite::report::family_name;
use crate::suite::{score_populations, ScoreRequest};
use std::path::Path;

/// Name of the row holding the turing_score.
pub const TURING_SCORE: &str = "turing_score";

/// One variant's score of one family (or the turing_score), over seeds.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyRow {
    /// Variant.
    pub variant: String,
    /// Family name (`foraging`, `learning`, `avoidance`) or `turing_score`.
    pub family: String,
    /// The score of each seed, in plan order.
    pub per_seed: Vec<f64>,
    /// Mean over seeds.
    pub mean: f64,
    /// 95% bootstrap interval over seeds (NaN with one seed).
    pub ci95: (f64, f64),
}

/// Scores every variant and seed and returns the family rows (variants in plan order).
pub fn family_rows(out: &Path, plan: &PlanRecord, summary_dir: &Path) -> Result<Vec<FamilyRow>, BatchError> {
    let Some(reference) = &plan.reference else { return Ok(Vec::new()) };
    let entries = load_reference_file(reference).map_err(crate::suite::SuiteError::from)?;
    let mut rows: Vec<FamilyRow> = Vec::new();
    for variant in &plan.variants {
        for &seed in &plan.seeds {
            let mut populations = Vec::new();
            for job in plan.jobs.iter().filter(|j| j.variant == variant.name && j.seed == seed) {
                populations.push(read_run_folder(&store::job_dir(out, &job.key))?);
            }
            let folder = summary_dir.join("suites").join(format!("{}-seed{seed}", variant.name));
            let request = ScoreRequest { dir: folder.clone(), reference: reference.clone(), out: folder, tracks_task: String::new(), tracks_task_file: None, seed };
            let evaluation = score_populations(&entries, &populations, &request)?;
            let mut scores: Vec<(String, f64)> = evaluation.families.iter().map(|f| (family_name(f.family).to_string(), f.score)).collect();
            scores.push((TURING_SCORE.into(), evaluation.turing_score));
            for (family, score) in scores {
                match rows.iter_mut().find(|r| r.variant == variant.name && r.family == family) {
                    Some(row) => row.per_seed.push(score),
                    None => rows.push(FamilyRow { variant: variant.name.clone(), family, per_seed: vec![score], mean: f64::NAN, ci95: (f64::NAN, f64::NAN) }),
                }
            }
        }
    }
    for row in &mut rows {
        row.mean = mean(&row.per_seed);
        if row.per_seed.len() > 1 {
            let c = bootstrap_ci(&row.per_seed, |x: &[&f64]| x.iter().copied().sum::<f64>() / x.len() as f64, BOOTSTRAP_REPS, 0.95, stable_seed(&[&row.variant, &row.family]));
            row.ci95 = (c.lo, c.hi);
        }
    }
    Ok(rows)
}
