//! For a suite target: each variant and seed scored as `ett suite` would (its report under
//! `summary/suites/VARIANT-seedN/`), and the variant x family table. Intervals are over animals: each
//! seed's evaluation carries animal-resampled replicates (`suite::resample`); replicate r of a variant is
//! the mean over seeds of each seed's replicate r, so the interval covers animals within every seed.

use super::error::BatchError;
use super::plan::PlanRecord;
use super::store;
use super::table::mean;
use crate::scoring::reference::load_reference_file;
use crate::scoring::stats::bootstrap::percentile_interval;
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
    /// 95% interval over animals (pooled over seeds as the module header says).
    pub ci95: (f64, f64),
    /// The pooled replicates behind `ci95` (for intervals of differences between variants).
    pub replicates: Vec<f64>,
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
            for (k, (family, score)) in scores.into_iter().enumerate() {
                let replicates: Vec<f64> = evaluation.replicates.iter().map(|r| r[k]).collect();
                match rows.iter_mut().find(|r| r.variant == variant.name && r.family == family) {
                    Some(row) => {
                        row.per_seed.push(score);
                        row.replicates.iter_mut().zip(replicates).for_each(|(sum, x)| *sum += x);
                    }
                    None => rows.push(FamilyRow { variant: variant.name.clone(), family, per_seed: vec![score], mean: f64::NAN, ci95: (f64::NAN, f64::NAN), replicates }),
                }
            }
        }
    }
    for row in &mut rows {
        row.mean = mean(&row.per_seed);
        let seeds = row.per_seed.len() as f64;
        row.replicates.iter_mut().for_each(|x| *x /= seeds);
        row.ci95 = percentile_interval(row.replicates.clone(), 0.95);
    }
    Ok(rows)
}
