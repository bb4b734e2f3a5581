//! Writing an evaluation: `score.json`, `report.md` and the CSV tables (`metrics.csv`, `families.csv`,
//! `animals.csv`, `unscored.csv`).

use super::error::Result;
use super::evaluate::{label, Evaluation, ALPHA, FAMILY_PASS_SCORE};
use super::resample::FAMILY_BOOTSTRAP_REPS;
use crate::record::write_atomic;
use crate::scoring::reference::{Sign, Status, Value as ReferenceValue};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::Path;

fn num(x: f64) -> Value {
    if x.is_finite() { json!(x) } else { Value::Null }
}

/// The short name of a family, as in score.json.
pub(crate) fn family_name(f: crate::scoring::stats::Family) -> &'static str {
    match f {
        crate::scoring::stats::Family::Foraging => "foraging",
        crate::scoring::stats::Family::LearningNavigation => "learning",
        crate::scoring::stats::Family::Avoidance => "avoidance",
    }
}

/// The evaluation as the score.json value; `context` (brain, animals, seed, reference, folder) is
/// copied in as it is.
pub fn score_json(e: &Evaluation, context: Value) -> Value {
    let metrics: Vec<Value> = e.metrics.iter().map(|m| json!({
        "metric": m.entry.metric,
        "condition": m.entry.condition,
        "family": family_name(m.entry.family),
        "task": m.task,
        "units": m.entry.units,
        "animals": m.animals,
        "animals_with_value": m.values.len(),
        "mean": num(m.mean),
        "ci95": [num(m.ci95.0), num(m.ci95.1)],
        "statistic": {"name": m.statistic.0, "value": num(m.statistic.1)},
        "p_value": num(m.p_value),
        "q_value": num(m.q_value),
        "tost_p": num(m.tost_p),
        "equivalent": m.tost_p < ALPHA,
        "score": num(m.score),
        "pass": m.pass,
        "reference": {
            "centre": num(m.reference.0),
            "margin": num(m.reference.1),
            "citation": m.entry.citation,
            "status": if m.entry.status == Status::Verified { "verified" } else { "provisional" },
            "note": m.entry.note,
        },
    })).collect();
    let families: Vec<Value> = e.families.iter().map(|f| json!({
        "family": family_name(f.family),
        "score": num(f.score),
        "ci95_over_animals": [num(f.ci95.0), num(f.ci95.1)],
        "pass": f.pass,
        "metrics": f.metrics,
        "passed": f.passed,
        "worst_metric": {"name": f.worst.0, "score": num(f.worst.1)},
    })).collect();
    let unscored: Vec<Value> = e.unscored.iter().map(|u| json!({
        "metric": u.entry.metric, "condition": u.entry.condition, "reason": u.reason,
        "measured_mean": num(u.measured_mean()), "animals_with_value": u.measured.iter().filter(|v| v.is_finite()).count(), "animals": u.measured.len(),
    })).collect();
    json!({
        "turing_score": num(e.turing_score),
        "turing_score_ci95_over_animals": [num(e.turing_ci95.0), num(e.turing_ci95.1)],
        "fraction_metrics_passed": num(e.fraction_passed()),
        "rules": {
            "metric": format!("pass when BH q >= {ALPHA} for the minimum-effect test of |mean - reference| <= margin; score = min(1, 2p)"),
            "direction_metric": format!("a published direction without a number: pass when BH q < {ALPHA} (across direction metrics) for the exact one-sided sign test over animals; score = 1 - 2p, clipped to [0, 1]"),
            "family": format!("pass when the mean metric score >= {FAMILY_PASS_SCORE}"),
            "turing_score": "mean of the family scores",
            "intervals": format!("95% percentile intervals over {FAMILY_BOOTSTRAP_REPS} replicates that resample each task's animals with replacement and rescore every metric"),
        },
        "context": context,
        "families": families,
        "metrics": metrics,
        "unscored": unscored,
    })
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// Writes score.json, report.md and the CSV tables into `dir`.
pub fn write_all(dir: &Path, e: &Evaluation, context: Value, plots: &[String]) -> Result<()> {
    let mut json_bytes = serde_json::to_vec_pretty(&score_json(e, context.clone())).unwrap_or_default();
    json_bytes.push(b'\n');
    write_atomic(&dir.join("score.json"), &json_bytes)?;

    let mut metrics = String::from("metric,condition,family,task,units,animals,mean,ci95_lo,ci95_hi,reference_centre,margin,statistic,statistic_value,p_value,q_value,tost_p,score,pass,status,citation\n");
    for m in &e.metrics {
        let fields = [m.entry.metric.clone(), m.entry.condition.clone(), family_name(m.entry.family).into(), m.task.clone(), m.entry.units.clone(), m.values.len().to_string(),
            m.mean.to_string(), m.ci95.0.to_string(), m.ci95.1.to_string(), m.reference.0.to_string(), m.reference.1.to_string(), m.statistic.0.into(), m.statistic.1.to_string(),
            m.p_value.to_string(), m.q_value.to_string(), m.tost_p.to_string(), m.score.to_string(), m.pass.to_string(), format!("{:?}", m.entry.status), m.entry.citation.clone()];
        metrics.push_str(&fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        metrics.push('\n');
    }
    write_atomic(&dir.join("metrics.csv"), metrics.as_bytes())?;

    let mut families = String::from("family,score,ci95_lo,ci95_hi,pass,metrics,passed,worst_metric,worst_score\n");
    for f in &e.families {
        let _ = writeln!(families, "{},{},{},{},{},{},{},{},{}", family_name(f.family), f.score, f.ci95.0, f.ci95.1, f.pass, f.metrics, f.passed, csv_field(&f.worst.0), f.worst.1);
    }
    write_atomic(&dir.join("families.csv"), families.as_bytes())?;

    let mut animals = String::from("metric,condition,task,animal,value\n");
    for m in &e.metrics {
        for (i, v) in m.values.iter().enumerate() {
            let _ = writeln!(animals, "{},{},{},{i},{v}", csv_field(&m.entry.metric), csv_field(&m.entry.condition), m.task);
        }
    }
    write_atomic(&dir.join("animals.csv"), animals.as_bytes())?;

    let mut unscored = String::from("metric,condition,reason,measured_mean,animals_with_value,animals\n");
    for u in &e.unscored {
        let with_value = u.measured.iter().filter(|v| v.is_finite()).count();
        let _ = writeln!(unscored, "{},{},{},{},{with_value},{}", csv_field(&u.entry.metric), csv_field(&u.entry.condition), csv_field(&u.reason), u.measured_mean(), u.measured.len());
    }
    write_atomic(&dir.join("unscored.csv"), unscored.as_bytes())?;
    write_atomic(&dir.join("report.md"), markdown(e, &context, plots).as_bytes())?;
    Ok(())
}

fn markdown(e: &Evaluation, context: &Value, plots: &[String]) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Suite score\n");
    let _ = writeln!(md, "- brain: `{}`\n- reference: `{}`\n- animals per task: {}\n- seed: {}\n", context["brain"].as_str().unwrap_or("?"), context["reference"].as_str().unwrap_or("?"), context["animals"], context["seed"]);
    let _ = writeln!(md, "**turing_score {:.3}** [95% CI over animals {:.3}, {:.3}]; {} of {} metrics pass ({:.0}%).\n", e.turing_score, e.turing_ci95.0, e.turing_ci95.1, e.metrics.iter().filter(|m| m.pass).count(), e.metrics.len(), 100.0 * e.fraction_passed());
    let _ = writeln!(md, "A metric passes when the data do not show a difference from the published value beyond the margin (minimum-effect test, Benjamini-Hochberg q >= {ALPHA}; entries marked `choices`, every value +1 or -1, take its exact binomial form); its score is min(1, 2p). A published direction without a number (reference \"sign > 0\" or \"sign < 0\") passes only when the exact one-sided sign test over animals shows that sign (q < {ALPHA}); its score is 1 - 2p and the statistic is the share of animals on that side. \"Equivalent\" means the TOST also shows equivalence at {ALPHA}. A family passes when its mean score is at least {FAMILY_PASS_SCORE}; the turing_score is the mean of the family scores.\n");
    let _ = writeln!(md, "## Families\n\n| family | score [95% CI over animals] | pass | metrics passed | worst metric (score) |\n| --- | --- | --- | --- | --- |");
    for f in &e.families {
        let _ = writeln!(md, "| {} | {:.3} [{:.3}, {:.3}] | {} | {}/{} | {} ({:.3}) |", family_name(f.family), f.score, f.ci95.0, f.ci95.1, if f.pass { "yes" } else { "**no**" }, f.passed, f.metrics, f.worst.0, f.worst.1);
    }
    let _ = writeln!(md, "\n## Metrics\n\n| metric | task | n with value / animals | mean [95% CI] | reference +- margin | p | q | TOST p | score | pass | source |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for m in &e.metrics {
        let status = if m.entry.status == Status::Verified { "verified" } else { "provisional" };
        let reference = match m.entry.value {
            ReferenceValue::Direction(sign) => format!("sign {} 0 ({:.0}% of animals on that side)", if sign == Sign::Positive { ">" } else { "<" }, 100.0 * m.statistic.1),
            _ => format!("{:.4} +- {:.4} {}", m.reference.0, m.reference.1, m.entry.units),
        };
        let _ = writeln!(md, "| {} | {} | {}/{} | {:.4} [{:.4}, {:.4}] | {reference} | {:.3} | {:.3} | {:.3} | {:.2} | {} | {} ({status}) |",
            label(&m.entry), m.task, m.values.len(), m.animals, m.mean, m.ci95.0, m.ci95.1, m.p_value, m.q_value, m.tost_p, m.score, if m.pass { "yes" } else { "**no**" }, m.entry.citation);
    }
    if !e.unscored.is_empty() {
        let _ = writeln!(md, "\n## Not scored\n");
        for u in &e.unscored {
            let measured = if u.measured.is_empty() { String::new() } else {
                format!(" (measured, not scored: mean {:.4} {}, {} of {} animals with a value)", u.measured_mean(), u.entry.units, u.measured.iter().filter(|v| v.is_finite()).count(), u.measured.len())
            };
            let _ = writeln!(md, "- {}: {}{measured}", label(&u.entry), u.reason);
        }
    }
    if !plots.is_empty() {
        let _ = writeln!(md, "\n## Plots\n");
        for p in plots {
            let _ = writeln!(md, "![{p}]({p})");
        }
    }
    md
}
