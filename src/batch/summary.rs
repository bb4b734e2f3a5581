//! The batch summary under `OUT/summary/`: `measures.csv` (variant x task measure), `families.csv`
//! (variant x family, suite targets), `ranking.csv`, `summary.md` and SVG plots. It is computed from
//! the finished jobs alone, so a merged set of shards gives the same files as one unsharded run.

use super::error::{io, BatchError};
use super::plan::PlanRecord;
use super::plots;
use super::store;
use super::suite_scores::{family_rows, FamilyRow, TURING_SCORE};
use super::table::{measure_rows, MeasureRow};
use super::variants::INTACT;
use crate::scoring::stats::bootstrap::percentile_interval;
use crate::config::sweep_spec::RankBy;
use crate::record::write_atomic;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One ranked variant.
#[derive(Debug, Clone, PartialEq)]
pub struct RankRow {
    /// 1 for the largest effect (or highest score).
    pub rank: usize,
    /// Variant.
    pub variant: String,
    /// The ranked quantity's value and its 95% interval.
    pub value: (f64, (f64, f64)),
    /// Its change from the intact brain and the interval of that change.
    pub effect: (f64, (f64, f64)),
}

/// The summary's tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Variant x task measure.
    pub measures: Vec<MeasureRow>,
    /// Variant x family (suite targets).
    pub families: Vec<FamilyRow>,
    /// Ranking by the sweep's `rank_by` (the intact brain is the reference, not ranked).
    pub ranking: Vec<RankRow>,
    /// What was ranked, in words.
    pub ranked_by: String,
}

/// Reads every planned job's result and writes the summary into `OUT/summary/`.
pub fn write_summary(out: &Path, plan: &PlanRecord) -> Result<Summary, BatchError> {
    let mut results = HashMap::new();
    for key in plan.unique_keys() {
        results.insert(key.to_string(), store::read_result(out, key)?);
    }
    let dir = out.join("summary");
    std::fs::create_dir_all(dir.join("plots")).map_err(io(&dir))?;
    let measures = measure_rows(plan, &results);
    let families = family_rows(out, plan, &dir)?;
    let (ranking, ranked_by) = rank(plan, &measures, &families);
    let summary = Summary { measures, families, ranking, ranked_by };
    write_atomic(&dir.join("measures.csv"), measures_csv(&summary.measures).as_bytes())?;
    if !summary.families.is_empty() {
        write_atomic(&dir.join("families.csv"), families_csv(&summary.families).as_bytes())?;
    }
    write_atomic(&dir.join("ranking.csv"), ranking_csv(&summary.ranking).as_bytes())?;
    let plot_files = plots::write_plots(&dir.join("plots"), plan, &summary)?;
    write_atomic(&dir.join("summary.md"), markdown(plan, &summary, &plot_files).as_bytes())?;
    Ok(summary)
}

fn rank(plan: &PlanRecord, measures: &[MeasureRow], families: &[FamilyRow]) -> (Vec<RankRow>, String) {
    let (mut rows, by): (Vec<RankRow>, String) = match &plan.rank_by {
        RankBy::Effect { task, measure } => (
            measures.iter().filter(|r| &r.task == task && &r.measure == measure)
                .map(|r| RankRow { rank: 0, variant: r.variant.clone(), value: (r.mean, r.ci95), effect: (r.effect, r.effect_ci95) }).collect(),
            format!("{task} {measure}: largest change from the intact brain first"),
        ),
        RankBy::TuringScore => {
            let turing: Vec<&FamilyRow> = families.iter().filter(|f| f.family == TURING_SCORE).collect();
            let intact = turing.iter().find(|f| f.variant == INTACT);
            // Replicate r of every variant draws the same animal indices for the same seed (same RNG
            // stream, same task order and sizes), and animal i starts from the same placement in every
            // variant: a paired bootstrap of the difference.
            let effect = |f: &FamilyRow| intact.map_or((f64::NAN, (f64::NAN, f64::NAN)), |i| {
                (f.mean - i.mean, percentile_interval(f.replicates.iter().zip(&i.replicates).map(|(a, b)| a - b).collect(), 0.95))
            });
            (turing.iter().map(|f| RankRow { rank: 0, variant: f.variant.clone(), value: (f.mean, f.ci95), effect: effect(f) }).collect(), "turing_score: highest first".into())
        }
    };
    rows.retain(|r| r.variant != INTACT);
    let order = |r: &RankRow| match plan.rank_by {
        // NaN effects (no value) sort last; ties keep sweep order (the sort is stable).
        RankBy::Effect { .. } if plan.has_intact() => -r.effect.0.abs(),
        _ => -r.value.0,
    };
    rows.sort_by(|a, b| { let (x, y) = (order(a), order(b)); x.is_nan().cmp(&y.is_nan()).then(x.total_cmp(&y)) });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    (rows, by)
}

/// A number for a CSV cell: empty when not finite.
fn cell(x: f64) -> String {
    if x.is_finite() { format!("{x}") } else { String::new() }
}

fn measures_csv(rows: &[MeasureRow]) -> String {
    let mut s = String::from("variant,task,measure,animals,mean,ci95_lo,ci95_hi,effect_vs_intact,effect_ci95_lo,effect_ci95_hi\n");
    for r in rows {
        let _ = writeln!(s, "{},{},{},{},{},{},{},{},{},{}", r.variant, r.task, r.measure, r.animals, cell(r.mean), cell(r.ci95.0), cell(r.ci95.1), cell(r.effect), cell(r.effect_ci95.0), cell(r.effect_ci95.1));
    }
    s
}

fn families_csv(rows: &[FamilyRow]) -> String {
    let mut s = String::from("variant,family,seeds,score,ci95_lo,ci95_hi,per_seed\n");
    for r in rows {
        let per_seed: Vec<String> = r.per_seed.iter().map(|&x| cell(x)).collect();
        let _ = writeln!(s, "{},{},{},{},{},{},{}", r.variant, r.family, r.per_seed.len(), cell(r.mean), cell(r.ci95.0), cell(r.ci95.1), per_seed.join(";"));
    }
    s
}

fn ranking_csv(rows: &[RankRow]) -> String {
    let mut s = String::from("rank,variant,value,ci95_lo,ci95_hi,effect_vs_intact,effect_ci95_lo,effect_ci95_hi\n");
    for r in rows {
        let _ = writeln!(s, "{},{},{},{},{},{},{},{}", r.rank, r.variant, cell(r.value.0), cell(r.value.1 .0), cell(r.value.1 .1), cell(r.effect.0), cell(r.effect.1 .0), cell(r.effect.1 .1));
    }
    s
}

fn fixed(x: f64) -> String {
    if x.is_finite() { format!("{x:.3}") } else { "-".into() }
}

fn interval((lo, hi): (f64, f64)) -> String {
    if lo.is_finite() && hi.is_finite() { format!("[{lo:.3}, {hi:.3}]") } else { "-".into() }
}

fn markdown(plan: &PlanRecord, summary: &Summary, plots: &[PathBuf]) -> String {
    let mut s = format!("# Sweep `{}`\n\n{} variants x {} tasks x {} seeds, {} animals per job; {} distinct jobs.\n\n", plan.sweep, plan.variants.len(), plan.tasks.len(), plan.seeds.len(), plan.animals, plan.unique_keys().len());
    let _ = writeln!(s, "## Ranking ({})\n\n| rank | variant | value [95% CI] | change from intact [95% CI] |\n| --- | --- | --- | --- |", summary.ranked_by);
    if let Some(intact) = summary.measures.iter().find(|r| r.variant == INTACT && matches!(&plan.rank_by, RankBy::Effect { task, measure } if &r.task == task && &r.measure == measure)) {
        let _ = writeln!(s, "| - | intact | {} {} | reference |", fixed(intact.mean), interval(intact.ci95));
    }
    for r in &summary.ranking {
        let _ = writeln!(s, "| {} | {} | {} {} | {} {} |", r.rank, r.variant, fixed(r.value.0), interval(r.value.1), fixed(r.effect.0), interval(r.effect.1));
    }
    if !summary.families.is_empty() {
        let _ = writeln!(s, "\n## Family scores (mean over seeds, 95% CI over seeds)\n\n| variant | family | score [95% CI] |\n| --- | --- | --- |");
        for r in &summary.families {
            let _ = writeln!(s, "| {} | {} | {} {} |", r.variant, r.family, fixed(r.mean), interval(r.ci95));
        }
    }
    let _ = writeln!(s, "\n## Task measures (mean over animals, 95% bootstrap CI over animals)\n\n| variant | task | measure | animals | mean [95% CI] | change from intact [95% CI] |\n| --- | --- | --- | --- | --- | --- |");
    for r in &summary.measures {
        let _ = writeln!(s, "| {} | {} | {} | {} | {} {} | {} {} |", r.variant, r.task, r.measure, r.animals, fixed(r.mean), interval(r.ci95), fixed(r.effect), interval(r.effect_ci95));
    }
    let _ = writeln!(s, "\n## Plots\n");
    for p in plots {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let _ = writeln!(s, "![{name}](plots/{name})");
    }
    s
}
