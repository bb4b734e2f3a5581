//! Scoring populations against reference entries. Per metric with a published summary: the
//! equivalence test (TOST) with the entry's margin, and the test that decides pass or fail, the
//! minimum-effect test of H0 "|simulated - published| <= margin" (a pass means the data do not show a
//! difference beyond the margin; with 20 animals and binary outcomes, equivalence itself is rarely
//! provable, so it is reported beside, not required). Per metric with per-animal reference values:
//! split-half-normalised Wasserstein-1 and KS. Entries marked `choices` (every value -1 or +1) take the
//! exact binomial form of the minimum-effect test. Benjamini-Hochberg across metrics; a metric passes when
//! its q is at least 0.05. A published direction without a number (`Value::Direction`) is the one test
//! the other way round: the exact one-sided sign test over animals must show the published sign (BH
//! across the direction metrics, q below 0.05), since "no evidence against a direction" is what a brain
//! that does nothing gives; its score is 1 - 2p, clipped to [0, 1]. An animal without a value (e.g. no gait: a body that does not undulate has
//! no bend frequency) counts against the brain: a metric for which fewer than half the animals give a
//! value fails with score 0, instead of being scored on the few that do or skipped. Scores: a metric's score is min(1, 2p), 1 inside the margin; a family's score
//! is the mean of its metrics' (its worst metric is shown beside it) and it passes at 0.5 or more; the
//! turing_score is the mean of the family scores.

use super::population::Population;
use super::resample::{column_interval, score_replicates, FAMILY_BOOTSTRAP_REPS};
use super::values::{values, TrackMetrics};
use crate::scoring::eigenworms::EigenBasis;
use crate::scoring::reference::{ReferenceEntry, Value};
use crate::scoring::stats::{benjamini_hochberg, binomial_at_least, binomial_at_most, bootstrap_ci, ks_two_sample, normalised_wasserstein, sign_test, tost_welch, Family, Summary};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Significance level for BH and TOST.
pub const ALPHA: f64 = 0.05;
/// A family passes when its mean metric score reaches this.
pub const FAMILY_PASS_SCORE: f64 = 0.5;
/// Bootstrap resamples of animals per confidence interval.
const BOOTSTRAP_REPS: usize = 2000;
/// The statistic of a direction metric: the share of signed animals on the published side.
pub const DIRECTION_STATISTIC: &str = "share_toward_published_sign";

/// One scored metric.
#[derive(Debug, Clone)]
pub struct MetricResult {
    /// The reference entry used.
    pub entry: ReferenceEntry,
    /// The task whose animals were scored.
    pub task: String,
    /// Per-animal values (finite ones).
    pub values: Vec<f64>,
    /// Animals scored, with or without a value.
    pub animals: usize,
    /// Simulated (or recorded) mean.
    pub mean: f64,
    /// 95% bootstrap interval of the mean, resampling animals.
    pub ci95: (f64, f64),
    /// Published centre and equivalence margin.
    pub reference: (f64, f64),
    /// The statistic: `difference` (mean - centre) or normalised W1.
    pub statistic: (&'static str, f64),
    /// p of the test that decides (minimum-effect test, or KS).
    pub p_value: f64,
    /// BH q across the evaluation's metrics.
    pub q_value: f64,
    /// TOST p (equivalence shown when below ALPHA), NaN for per-animal references.
    pub tost_p: f64,
    /// Score in [0, 1].
    pub score: f64,
    /// Whether the metric passes.
    pub pass: bool,
}

/// A reference entry that could not be scored, and why.
#[derive(Debug, Clone)]
pub struct Unscored {
    /// The entry.
    pub entry: ReferenceEntry,
    /// Why.
    pub reason: String,
    /// What the animals gave where the entry's task was run (an unscorable entry is still measured, so
    /// the value can be read beside the published finding): per-animal values, NaN where none.
    pub measured: Vec<f64>,
}

impl Unscored {
    /// Mean of the finite measured values (NaN when none).
    pub fn measured_mean(&self) -> f64 {
        crate::scoring::track::mean(&self.measured)
    }
}

/// One family's aggregate.
#[derive(Debug, Clone)]
pub struct FamilyResult {
    /// Family.
    pub family: Family,
    /// Mean metric score.
    pub score: f64,
    /// Worst metric (name [condition]) and its score.
    pub worst: (String, f64),
    /// Metrics scored and metrics passed.
    pub metrics: usize,
    /// Metrics that passed.
    pub passed: usize,
    /// Whether the family passes.
    pub pass: bool,
    /// 95% interval of the score over animals (see `resample`); NaN until computed.
    pub ci95: (f64, f64),
}

/// The whole evaluation.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Scored metrics, in reference-file order.
    pub metrics: Vec<MetricResult>,
    /// Entries not scored.
    pub unscored: Vec<Unscored>,
    /// Families with at least one scored metric.
    pub families: Vec<FamilyResult>,
    /// Mean of family scores (NaN without any).
    pub turing_score: f64,
    /// 95% interval of the turing_score over animals; NaN until computed.
    pub turing_ci95: (f64, f64),
    /// Animal-resampled replicates: `[replicate][family in `families` order, then the turing_score]`
    /// (empty when not computed), kept so that a batch can pool them over seeds.
    pub replicates: Vec<Vec<f64>>,
}

impl Evaluation {
    /// Fraction of scored metrics that pass.
    pub fn fraction_passed(&self) -> f64 {
        self.metrics.iter().filter(|m| m.pass).count() as f64 / self.metrics.len().max(1) as f64
    }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

/// p of H0 |delta| <= margin given the difference and its standard error (one-sided t, df).
fn minimum_effect_p(difference: f64, margin: f64, se: f64, df: f64) -> f64 {
    let excess = difference.abs() - margin;
    if !(se > 0.0) {
        return if excess <= 1e-12 { 1.0 } else { 0.0 };
    }
    StudentsT::new(0.0, 1.0, df.max(1.0)).map_or(f64::NAN, |t| t.sf(excess / se))
}

/// The minimum-effect test for per-animal choices (an entry marked `choices`: every value +1 or -1, e.g.
/// a fly's arm at the end of a conditioning test), exact: the mean is 2s - 1 for the share s choosing +1,
/// so H0 "|mean - centre| <= margin" bounds s, and p is the binomial tail beyond the nearer bound (the
/// least favourable null; 1 inside). The t-test is degenerate on such values: when every animal chose
/// alike its variance is 0 and any difference from the published range gave p = 0 (26 of 26 trained
/// flies avoiding the CS+ failed a PI of 0.6-0.9, which 95 % avoidance, the published rate, gives with
/// probability 0.95^26 = 0.26). An error names a value that is not a choice.
fn choice_minimum_effect_p(values: &[f64], centre: f64, margin: f64) -> Result<f64, String> {
    if let Some(v) = values.iter().find(|&&v| v != 1.0 && v != -1.0) {
        return Err(format!("the entry is marked `choices`, but an animal's value is {v}, not +1 or -1"));
    }
    let (n, k) = (values.len() as u64, values.iter().filter(|&&v| v == 1.0).count() as u64);
    let share = k as f64 / n as f64;
    let (share_lo, share_hi) = (0.5 * (centre - margin + 1.0), 0.5 * (centre + margin + 1.0));
    Ok(if share > share_hi {
        binomial_at_least(n, k, share_hi)
    } else if share < share_lo {
        binomial_at_most(n, k, share_lo)
    } else {
        1.0
    })
}

/// Scores one entry on every animal's value (NaN: the animal gives none). `ci_reps` bootstrap
/// resamples for the interval of the mean (0: no interval, as inside the family-score bootstrap).
fn score_one(entry: &ReferenceEntry, task: &str, all: Vec<f64>, seed: u64, ci_reps: usize) -> Result<MetricResult, String> {
    let animals = all.len();
    // Without a spread or a margin there is nothing to compare with, whatever the animals gave: unscored
    // for every brain, never a failure for some.
    let margin = match entry.value {
        Value::PerAnimal(_) | Value::Direction(_) => f64::NAN,
        _ => entry.margin().filter(|m| *m > 0.0).ok_or("the reference gives no spread and the file states no margin")?,
    };
    let v: Vec<f64> = all.into_iter().filter(|x| x.is_finite()).collect();
    if v.len() < 2 || 2 * v.len() < animals {
        // Most animals give no value: the brain did not produce the behaviour the metric needs; that fails.
        let m = if v.is_empty() { f64::NAN } else { mean(&v) };
        return Ok(MetricResult { entry: entry.clone(), task: task.into(), mean: m, ci95: (f64::NAN, f64::NAN), reference: (entry.centre(), margin), statistic: ("difference", f64::NAN), p_value: 0.0, q_value: f64::NAN, tost_p: f64::NAN, score: 0.0, pass: false, values: v, animals });
    }
    let m = mean(&v);
    let ci = bootstrap_ci(&v, |s: &[&f64]| s.iter().copied().sum::<f64>() / s.len() as f64, ci_reps, 0.95, seed);
    if let Value::Direction(sign) = entry.value {
        let t = sign_test(&v, sign.factor());
        let share = if t.nonzero == 0 { f64::NAN } else { t.toward as f64 / t.nonzero as f64 };
        // A zero carries no sign (a fly that reached neither zone): when most animals give none, the
        // behaviour is missing, as with missing values; the sign of the few would otherwise decide.
        let (p, score) = if 2 * t.nonzero < animals { (1.0, 0.0) } else { (t.p_value, (1.0 - 2.0 * t.p_value).clamp(0.0, 1.0)) };
        return Ok(MetricResult { entry: entry.clone(), task: task.into(), mean: m, ci95: (ci.lo, ci.hi), reference: (0.0, f64::NAN), statistic: (DIRECTION_STATISTIC, share), p_value: p, q_value: f64::NAN, tost_p: f64::NAN, score, pass: false, values: v, animals });
    }
    if let Value::PerAnimal(real) = &entry.value {
        let d = normalised_wasserstein(&v, real, 200, seed);
        let ks = ks_two_sample(&v, real);
        let score = if d.normalised.is_finite() { (1.0 / d.normalised.max(1e-12)).min(1.0) } else { 0.0 };
        return Ok(MetricResult { entry: entry.clone(), task: task.into(), mean: m, ci95: (ci.lo, ci.hi), reference: (entry.centre(), f64::NAN), statistic: ("normalised_w1", d.normalised), p_value: ks.p_value, q_value: f64::NAN, tost_p: f64::NAN, score, pass: score >= 0.5, values: v, animals });
    }
    let centre = entry.centre();
    let sample = Summary::of(&v);
    let reference = match entry.value {
        Value::Mean { sd: Some(sd), n: Some(n), .. } => Summary { mean: centre, sd, n: Some(n) },
        _ => Summary { mean: centre, sd: 0.0, n: None },
    };
    let se_ref2 = reference.n.map_or(0.0, |n| reference.sd * reference.sd / n as f64);
    let se = (sample.sd * sample.sd / v.len() as f64 + se_ref2).sqrt();
    let p = if entry.choices { choice_minimum_effect_p(&v, centre, margin)? } else { minimum_effect_p(m - centre, margin, se, v.len() as f64 - 1.0) };
    // TOST is normal theory: not for choices.
    let tost_p = if entry.choices { f64::NAN } else { tost_welch(sample, reference, margin).p_value };
    Ok(MetricResult { entry: entry.clone(), task: task.into(), mean: m, ci95: (ci.lo, ci.hi), reference: (centre, margin), statistic: ("difference", m - centre), p_value: p, q_value: f64::NAN, tost_p, score: (2.0 * p).min(1.0), pass: false, values: v, animals })
}

/// What one reference entry contributes before scoring: per-animal values of the population that
/// measures it, or the reason it is not scored.
#[derive(Debug, Clone)]
pub(crate) enum Gathered {
    /// A scorable entry: the population index and one value per animal (NaN: none).
    Values { entry: usize, population: usize, all: Vec<f64> },
    /// An entry that is not scored.
    Unscored(Unscored),
}

/// Computes every entry's per-animal values once (track metrics are the expensive part).
pub(crate) fn gather(entries: &[ReferenceEntry], populations: &[Population]) -> Vec<Gathered> {
    let basis = EigenBasis::n2();
    let mut track_metrics: Vec<TrackMetrics> = populations.iter().map(|_| TrackMetrics::new()).collect();
    let mut out = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        let unscored_because = |reason: String, measured: Vec<f64>| Gathered::Unscored(Unscored { entry: entry.clone(), reason, measured });
        let population = entry.task.as_ref().and_then(|task| populations.iter().position(|p| &p.task == task));
        if let Some(reason) = &entry.unscorable {
            let measured = match (population, &entry.source) {
                (Some(p), Some(source)) => values(source, &populations[p], &mut track_metrics[p], &basis).unwrap_or_default(),
                _ => Vec::new(),
            };
            out.push(unscored_because(format!("unscorable by design: {reason}"), measured));
            continue;
        }
        let (Some(task), Some(source)) = (&entry.task, &entry.source) else {
            out.push(unscored_because("no task measures it yet".into(), Vec::new()));
            continue;
        };
        let Some(p) = population else {
            out.push(unscored_because(format!("task `{task}` was not run or is not in this folder"), Vec::new()));
            continue;
        };
        out.push(match values(source, &populations[p], &mut track_metrics[p], &basis) {
            Ok(all) => Gathered::Values { entry: i, population: p, all },
            Err(reason) => unscored_because(reason, Vec::new()),
        });
    }
    out
}

/// Scores gathered values (`pick(population, values)` may resample the animals), then BH across
/// metrics, families and the turing_score.
pub(crate) fn score_gathered(entries: &[ReferenceEntry], gathered: &[Gathered], seed: u64, ci_reps: usize, pick: impl Fn(usize, &[f64]) -> Vec<f64>) -> Evaluation {
    let mut metrics = Vec::new();
    let mut unscored = Vec::new();
    for g in gathered {
        match g {
            Gathered::Unscored(u) => unscored.push(u.clone()),
            Gathered::Values { entry, population, all } => {
                let e = &entries[*entry];
                let task = e.task.as_deref().unwrap_or_default();
                let picked = pick(*population, all);
                match score_one(e, task, picked.clone(), seed.wrapping_add(*entry as u64), ci_reps) {
                    Ok(r) => metrics.push(r),
                    // A value the entry cannot be scored on (e.g. no margin) is still listed beside the reason.
                    Err(reason) => unscored.push(Unscored { entry: e.clone(), reason, measured: picked }),
                }
            }
        }
    }
    // Two BH families: p of a disagreement (pass when q is large) and p of a direction (pass when small).
    for direction in [false, true] {
        let members: Vec<usize> = (0..metrics.len()).filter(|&i| (metrics[i].statistic.0 == DIRECTION_STATISTIC) == direction).collect();
        let q = benjamini_hochberg(&members.iter().map(|&i| metrics[i].p_value).collect::<Vec<_>>());
        for (&i, q) in members.iter().zip(q) {
            let m = &mut metrics[i];
            m.q_value = q;
            if direction {
                m.pass = q < ALPHA;
            } else if m.statistic.0 == "difference" {
                m.pass = m.score > 0.0 && q >= ALPHA;
            }
        }
    }
    let families = families(&metrics);
    let turing_score = if families.is_empty() { f64::NAN } else { families.iter().map(|f| f.score).sum::<f64>() / families.len() as f64 };
    Evaluation { metrics, unscored, families, turing_score, turing_ci95: (f64::NAN, f64::NAN), replicates: Vec::new() }
}

/// Scores every entry whose task is among the populations (the others are listed as unscored), with
/// intervals of the family scores and the turing_score over animals.
pub fn evaluate(entries: &[ReferenceEntry], populations: &[Population], seed: u64) -> Evaluation {
    let gathered = gather(entries, populations);
    let mut evaluation = score_gathered(entries, &gathered, seed, BOOTSTRAP_REPS, |_, all| all.to_vec());
    evaluation.replicates = score_replicates(entries, populations, &gathered, &evaluation, seed, FAMILY_BOOTSTRAP_REPS);
    for (k, family) in evaluation.families.iter_mut().enumerate() {
        family.ci95 = column_interval(&evaluation.replicates, k);
    }
    evaluation.turing_ci95 = column_interval(&evaluation.replicates, evaluation.families.len());
    evaluation
}

/// Label of a metric: name [condition].
pub fn label(entry: &ReferenceEntry) -> String {
    format!("{} [{}]", entry.metric, entry.condition)
}

fn families(metrics: &[MetricResult]) -> Vec<FamilyResult> {
    [Family::Foraging, Family::LearningNavigation, Family::Avoidance].into_iter().filter_map(|family| {
        let members: Vec<&MetricResult> = metrics.iter().filter(|m| m.entry.family == family).collect();
        let worst = members.iter().min_by(|a, b| a.score.total_cmp(&b.score))?;
        let score = members.iter().map(|m| m.score).sum::<f64>() / members.len() as f64;
        Some(FamilyResult { family, score, worst: (label(&worst.entry), worst.score), metrics: members.len(), passed: members.iter().filter(|m| m.pass).count(), pass: score >= FAMILY_PASS_SCORE, ci95: (f64::NAN, f64::NAN) })
    }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::reference::{MetricSource, Status};

    fn entry() -> ReferenceEntry {
        ReferenceEntry {
            metric: "body_bend_frequency_hz".into(), family: Family::Foraging, condition: "crawling".into(), units: "Hz".into(),
            citation: "Fang-Yen et al. 2010".into(), status: Status::Provisional, value: Value::Range { lo: 0.3, hi: 0.5, n: None },
            note: String::new(), task: Some("crawl".into()), source: Some(MetricSource::Track("body_bend_frequency_hz".into())), stated_margin: None, unscorable: None, choices: false,
        }
    }

    #[test]
    fn a_metric_most_animals_give_no_value_for_fails_instead_of_being_scored_on_the_rest() {
        // 18 of 20 animals do not undulate (no gait); the two that twitch happen to sit at 0.4 Hz.
        let mut v = vec![f64::NAN; 18];
        v.extend([0.4, 0.4]);
        let r = score_one(&entry(), "crawl", v, 1, BOOTSTRAP_REPS).unwrap();
        assert!(!r.pass && r.score == 0.0 && r.animals == 20 && r.values.len() == 2, "{r:?}");
        // Every animal with a value inside the range passes.
        let r = score_one(&entry(), "crawl", vec![0.4; 20], 1, BOOTSTRAP_REPS).unwrap();
        assert!(r.score == 1.0 && r.animals == 20, "{r:?}");
    }

    fn direction_entry() -> ReferenceEntry {
        let mut e = entry();
        e.metric = "weathervane_index".into();
        e.value = Value::Direction(crate::scoring::reference::Sign::Positive);
        e
    }

    fn scored_alone(e: &ReferenceEntry, values: Vec<f64>) -> MetricResult {
        let gathered = [Gathered::Values { entry: 0, population: 0, all: values }];
        score_gathered(std::slice::from_ref(e), &gathered, 1, 0, |_, all| all.to_vec()).metrics.remove(0)
    }

    fn performance_index_entry() -> ReferenceEntry {
        let mut e = entry();
        e.metric = "performance_index".into();
        e.value = Value::Range { lo: 0.6, hi: 0.9, n: None };
        e.choices = true;
        e
    }

    #[test]
    fn choices_are_scored_by_the_binomial_test_not_a_degenerate_t_test() {
        // Regression: 26 of 26 trained flies in the CS- arm (PI 1.0) against a published PI of 0.6-0.9
        // scored p = 0 (the t-test saw no variance); a fly population avoiding at the published 95 %
        // gives 26 of 26 with probability 0.95^26 = 0.26.
        let r = scored_alone(&performance_index_entry(), vec![1.0; 26]);
        assert!((r.p_value - 0.95f64.powi(26)).abs() < 1e-12 && r.pass && r.score > 0.5 && r.tost_p.is_nan(), "{r:?}");
        // 22 of 23 (PI 0.91): P(X >= 22 | 23, 0.95).
        let mut one_wrong = vec![1.0; 22];
        one_wrong.push(-1.0);
        let r = scored_alone(&performance_index_entry(), one_wrong);
        assert!((r.p_value - (0.95f64.powi(23) + 23.0 * 0.05 * 0.95f64.powi(22))).abs() < 1e-12 && r.score == 1.0, "{r:?}");
        // Inside the range (23 of 26, PI 0.77): p = 1.
        let mut inside = vec![1.0; 23];
        inside.extend([-1.0; 3]);
        assert_eq!(scored_alone(&performance_index_entry(), inside).p_value, 1.0);
        // Flies choosing at random (13 of 26, PI 0) fail: P(X <= 13 | 26, 0.8) is about 1e-3.
        let mut random = vec![1.0; 13];
        random.extend([-1.0; 13]);
        let r = scored_alone(&performance_index_entry(), random);
        assert!(!r.pass && r.p_value < 0.01, "{r:?}");
        // A value that is not a choice in a `choices` entry is an error, never scored as one.
        let mut with_zero = vec![1.0; 26];
        with_zero.push(0.0);
        let err = score_one(&performance_index_entry(), "t", with_zero, 1, 0).unwrap_err();
        assert!(err.contains("choices") && err.contains("value is 0"), "{err}");
    }

    #[test]
    fn a_probability_of_one_is_not_taken_for_choices() {
        // Regression (review): the binomial test was chosen by the values, and flies that each took off at
        // every loom (probability 1.0) were read as +1 choices, passing a published 0.5-0.8. An entry not
        // marked `choices` keeps the t-test: every value 1.0 is beyond 0.8 with no variance, p = 0.
        let mut takeoff = entry();
        takeoff.value = Value::Range { lo: 0.5, hi: 0.8, n: None };
        let r = scored_alone(&takeoff, vec![1.0; 20]);
        assert!(r.p_value == 0.0 && !r.pass, "{r:?}");
    }

    #[test]
    fn a_direction_passes_only_when_the_animals_show_the_published_sign() {
        // 18 of 20 positive (long-tailed): sign-test p = 211/2^20 = 2.0e-4.
        let mut leaning: Vec<f64> = (1..=18).map(|i| 0.01 * (i as f64).powi(2)).collect();
        leaning.extend([-0.02, -0.5]);
        let r = scored_alone(&direction_entry(), leaning.clone());
        assert!(r.pass && r.statistic == (DIRECTION_STATISTIC, 0.9) && (r.p_value - 211.0 / 1048576.0).abs() < 1e-12 && r.score > 0.99, "{r:?}");
        // No lean (a brain that turns at random): no evidence of the sign, so it fails.
        let even: Vec<f64> = (0..20).map(|i| if i % 2 == 0 { 0.3 } else { -0.3 }).collect();
        let r = scored_alone(&direction_entry(), even);
        assert!(!r.pass && r.score == 0.0, "{r:?}");
        // The opposite sign fails, and so do animals without a value (a paralysed worm never weathervanes).
        let r = scored_alone(&direction_entry(), leaning.iter().map(|v| -v).collect());
        assert!(!r.pass && r.score == 0.0, "{r:?}");
        let r = scored_alone(&direction_entry(), vec![f64::NAN; 20]);
        assert!(!r.pass && r.score == 0.0, "{r:?}");
    }

    /// Regression (2026-12-07, review): a fly reaching neither zone scores 0, a finite value, so the rule for
    /// missing values never fired and 5 flies reaching the food of 20 (15 reaching neither) passed.
    #[test]
    fn a_direction_fails_when_most_animals_carry_no_sign() {
        let mut few = vec![0.0; 15];
        few.extend([1.0; 5]);
        let r = scored_alone(&direction_entry(), few);
        assert!(!r.pass && r.score == 0.0 && r.p_value == 1.0, "{r:?}");
        // Half of them choosing, all the same way, is evidence enough (p = 2^-10).
        let mut half = vec![0.0; 10];
        half.extend([1.0; 10]);
        let r = scored_alone(&direction_entry(), half);
        assert!(r.pass && (r.p_value - 1.0 / 1024.0).abs() < 1e-12, "{r:?}");
    }

    #[test]
    fn direction_and_agreement_metrics_are_corrected_apart() {
        // A passing range metric (p = 1) beside a direction with p = 2e-4: pooled in one BH, the range
        // metric's large p would not change, but the direction must keep its small q, and the range its large one.
        let gathered = [Gathered::Values { entry: 0, population: 0, all: vec![0.4; 20] }, Gathered::Values { entry: 1, population: 0, all: vec![1.0; 20] }];
        let e = score_gathered(&[entry(), direction_entry()], &gathered, 1, 0, |_, all| all.to_vec());
        assert!(e.metrics.iter().all(|m| m.pass), "{e:?}");
        assert!(e.metrics[1].q_value < 1e-5 && e.metrics[0].q_value == 1.0, "{e:?}");
    }

    #[test]
    fn an_entry_without_spread_or_margin_is_unscored_whether_or_not_animals_give_values() {
        let mut swim = entry();
        swim.value = Value::Mean { mean: 1.5, sd: None, n: None };
        for values in [vec![1.2; 20], vec![f64::NAN; 20]] {
            let reason = score_one(&swim, "swim", values, 1, BOOTSTRAP_REPS).unwrap_err();
            assert!(reason.contains("no margin"), "{reason}");
        }
    }

    #[test]
    fn an_entry_unscorable_by_design_is_listed_not_failed() {
        let mut swim = entry();
        swim.task = Some("swim".into());
        swim.unscorable = Some("no load signal".into());
        let population = Population { task: "swim".into(), brain: "b".into(), dir: ".".into(), environment: None, animals: Vec::new() };
        let e = evaluate(&[swim], &[population], 1);
        assert!(e.metrics.is_empty() && e.families.is_empty(), "{e:?}");
        assert!(e.unscored[0].reason.contains("unscorable by design: no load signal"), "{:?}", e.unscored);
    }
}
