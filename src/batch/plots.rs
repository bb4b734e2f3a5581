//! The summary's plots: the ranked quantity per variant, and each variant's change from the intact
//! brain, as horizontal bars with their 95% intervals (hand-written SVG, as the suite's plots).

use super::error::BatchError;
use super::plan::PlanRecord;
use super::summary::Summary;
use super::suite_scores::TURING_SCORE;
use super::variants::INTACT;
use crate::config::sweep_spec::RankBy;
use crate::record::write_atomic;
use crate::suite::svg::Canvas;
use std::path::{Path, PathBuf};

/// One bar: label, value, interval.
type Bar = (String, f64, (f64, f64));

/// Writes `score_per_variant.svg` and, with an intact variant, `effect_vs_intact.svg`.
pub fn write_plots(dir: &Path, plan: &PlanRecord, summary: &Summary) -> Result<Vec<PathBuf>, BatchError> {
    let intact = match &plan.rank_by {
        RankBy::Effect { task, measure } => summary.measures.iter().find(|r| r.variant == INTACT && &r.task == task && &r.measure == measure).map(|r| (r.mean, r.ci95)),
        RankBy::TuringScore => summary.families.iter().find(|r| r.variant == INTACT && r.family == TURING_SCORE).map(|r| (r.mean, r.ci95)),
    };
    let mut values: Vec<Bar> = intact.iter().map(|&(m, ci)| (INTACT.to_string(), m, ci)).collect();
    values.extend(summary.ranking.iter().map(|r| (format!("{}. {}", r.rank, r.variant), r.value.0, r.value.1)));
    let mut files = vec![dir.join("score_per_variant.svg")];
    write_atomic(&files[0], bar_chart(&format!("{} per variant (95% CI)", summary.ranked_by), &values).as_bytes())?;
    if intact.is_some() {
        let effects: Vec<Bar> = summary.ranking.iter().map(|r| (format!("{}. {}", r.rank, r.variant), r.effect.0, r.effect.1)).collect();
        files.push(dir.join("effect_vs_intact.svg"));
        write_atomic(&files[1], bar_chart("change from the intact brain (95% CI)", &effects).as_bytes())?;
    }
    Ok(files)
}

/// Horizontal bars from zero, top to bottom in the given order, each with its interval as a line.
fn bar_chart(title: &str, bars: &[Bar]) -> String {
    let finite = |x: f64| x.is_finite().then_some(x);
    let all: Vec<f64> = bars.iter().flat_map(|(_, v, (lo, hi))| [finite(*v), finite(*lo), finite(*hi)]).flatten().chain([0.0]).collect();
    let (x0, x1) = (all.iter().copied().fold(f64::INFINITY, f64::min), all.iter().copied().fold(f64::NEG_INFINITY, f64::max));
    let n = bars.len().max(1) as f64;
    let mut canvas = Canvas::new(720.0, 100.0 + 20.0 * n, (x0, x1), (-0.5, n - 0.5));
    canvas.axes(title, "value", "");
    canvas.polyline(&[(0.0, -0.5), (0.0, n - 0.5)], "black", 1.0);
    for (i, (label, value, (lo, hi))) in bars.iter().enumerate() {
        let y = n - 1.0 - i as f64;
        let colour = if label == INTACT { "#888888" } else if *value < 0.0 { "#c0504d" } else { "#4f81bd" };
        if value.is_finite() {
            canvas.rect((0.0, y - 0.35), (*value, y + 0.35), colour, 0.7);
        }
        if lo.is_finite() && hi.is_finite() {
            canvas.polyline(&[(*lo, y), (*hi, y)], "black", 1.5);
        }
        let (px, py) = canvas.px(x0, y);
        canvas.text_px(px + 3.0, py + 4.0, &format!("{label}: {value:.3}"), 10.0);
    }
    canvas.finish()
}
