//! The variant x task-measure table: each measure's mean over the animals of every seed, a
//! bootstrap interval resampling animals, and the effect against the intact brain with an interval
//! that resamples both groups' animals.

use super::plan::PlanRecord;
use super::variants::INTACT;
use crate::config::sha256_hex;
use crate::rng::SplitMix64;
use crate::scoring::stats::bootstrap_ci;
use serde_json::Value;
use std::collections::HashMap;

/// Bootstrap resamples per interval.
pub const BOOTSTRAP_REPS: usize = 2000;

/// One row: a variant's value of one task measure.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRow {
    /// Variant.
    pub variant: String,
    /// Task name.
    pub task: String,
    /// Measure name.
    pub measure: String,
    /// Animals with a value (0 when the measure exists only for the whole group).
    pub animals: usize,
    /// Mean over animals (or over seeds, for group-only measures).
    pub mean: f64,
    /// 95% bootstrap interval of the mean (NaN for group-only measures).
    pub ci95: (f64, f64),
    /// Mean minus the intact brain's mean (NaN without an intact variant).
    pub effect: f64,
    /// 95% bootstrap interval of the effect.
    pub effect_ci95: (f64, f64),
}

/// The values of one variant, task and measure: per animal when the task reports it per animal,
/// else the group value of each seed.
struct Sample {
    per_animal: bool,
    values: Vec<f64>,
}

/// Every row, variants in plan order, then tasks, then measures by name. `results` maps job key to
/// result.json.
pub fn measure_rows(plan: &PlanRecord, results: &HashMap<String, Value>) -> Vec<MeasureRow> {
    let mut rows = Vec::new();
    for task in &plan.tasks {
        let names = measure_names(plan, task, results);
        for measure in &names {
            let intact = plan.has_intact().then(|| sample(plan, results, INTACT, task, measure));
            for variant in &plan.variants {
                let s = sample(plan, results, &variant.name, task, measure);
                let seed = stable_seed(&[&variant.name, task, measure]);
                let mean = mean(&s.values);
                let ci = if s.per_animal { let c = bootstrap_ci(&s.values, |x: &[&f64]| x.iter().copied().sum::<f64>() / x.len() as f64, BOOTSTRAP_REPS, 0.95, seed); (c.lo, c.hi) } else { (f64::NAN, f64::NAN) };
                let (effect, effect_ci95) = match &intact {
                    Some(base) => (mean - self::mean(&base.values), if s.per_animal && base.per_animal { difference_ci(&s.values, &base.values, seed) } else { (f64::NAN, f64::NAN) }),
                    None => (f64::NAN, (f64::NAN, f64::NAN)),
                };
                rows.push(MeasureRow { variant: variant.name.clone(), task: task.clone(), measure: measure.clone(), animals: if s.per_animal { s.values.len() } else { 0 }, mean, ci95: ci, effect, effect_ci95 });
            }
        }
    }
    rows.sort_by_key(|r| plan.variants.iter().position(|v| v.name == r.variant));
    rows
}

/// Scalar measures of a task by name: the group measures of summary.json that are numbers (or
/// null), and the numbers each animal reports (e.g. `fraction_time_backward`, `reversals`).
fn measure_names(plan: &PlanRecord, task: &str, results: &HashMap<String, Value>) -> Vec<String> {
    let mut names = Vec::new();
    for result in plan.jobs.iter().filter(|j| j.task == task).filter_map(|j| results.get(&j.key)) {
        if let Some(group) = result["measures"].as_object() {
            names.extend(group.iter().filter(|(_, v)| v.is_number() || v.is_null()).map(|(k, _)| k.clone()));
        }
        for animal in result["animals"].as_array().into_iter().flatten() {
            if let Some(own) = animal["task"].as_object() {
                names.extend(own.iter().filter(|(_, v)| v.is_number()).map(|(k, _)| k.clone()));
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

fn sample(plan: &PlanRecord, results: &HashMap<String, Value>, variant: &str, task: &str, measure: &str) -> Sample {
    let jobs: Vec<&Value> = plan.jobs.iter().filter(|j| j.variant == variant && j.task == task).filter_map(|j| results.get(&j.key)).collect();
    let per_animal = jobs.iter().flat_map(|r| r["animals"].as_array().into_iter().flatten()).any(|a| a["task"].get(measure).is_some());
    let values = if per_animal {
        jobs.iter().flat_map(|r| r["animals"].as_array().into_iter().flatten()).filter_map(|a| a["task"][measure].as_f64()).filter(|x| x.is_finite()).collect()
    } else {
        jobs.iter().filter_map(|r| r["measures"][measure].as_f64()).filter(|x| x.is_finite()).collect()
    };
    Sample { per_animal, values }
}

/// Mean, NaN when empty.
pub fn mean(values: &[f64]) -> f64 {
    if values.is_empty() { f64::NAN } else { values.iter().sum::<f64>() / values.len() as f64 }
}

/// Percentile bootstrap interval of mean(a) - mean(b), resampling each group's animals.
pub fn difference_ci(a: &[f64], b: &[f64], seed: u64) -> (f64, f64) {
    if a.is_empty() || b.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mut rng = SplitMix64::new(seed);
    let mut resampled_mean = |v: &[f64]| (0..v.len()).map(|_| v[(rng.next_u64() % v.len() as u64) as usize]).sum::<f64>() / v.len() as f64;
    let mut diffs: Vec<f64> = (0..BOOTSTRAP_REPS).map(|_| resampled_mean(a) - resampled_mean(b)).collect();
    diffs.sort_by(f64::total_cmp);
    let q = |p: f64| diffs[((p * (diffs.len() - 1) as f64).round() as usize).min(diffs.len() - 1)];
    (q(0.025), q(0.975))
}

/// A seed that depends only on names, so a summary is the same however the jobs were sharded.
pub fn stable_seed(parts: &[&str]) -> u64 {
    let hex = sha256_hex(parts.join("\u{1f}").as_bytes());
    u64::from_str_radix(&hex[..16], 16).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_difference_interval_covers_a_real_difference_and_excludes_zero() {
        let a: Vec<f64> = (0..20).map(|i| 1.0 + 0.01 * i as f64).collect();
        let b: Vec<f64> = (0..20).map(|i| 0.5 + 0.01 * i as f64).collect();
        let (lo, hi) = difference_ci(&a, &b, 1);
        assert!(lo > 0.4 && hi < 0.6 && lo < 0.5 && hi > 0.5, "{lo} {hi}");
    }
}
