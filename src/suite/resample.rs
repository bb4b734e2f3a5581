//! Intervals of the family scores and the turing_score over animals. Each replicate draws every
//! population's animals with replacement (one draw per population, shared by all the metrics of
//! that task, so they stay paired) and rescores every metric, BH included; the interval is the
//! percentile interval of the replicates. Per-metric values are gathered once, so a replicate costs
//! only the statistics.

use super::evaluate::{score_gathered, Evaluation, Gathered};
use super::population::Population;
use crate::rng::SplitMix64;
use crate::scoring::reference::ReferenceEntry;
use crate::scoring::stats::bootstrap::percentile_interval;

/// Replicates behind each family-score interval.
pub const FAMILY_BOOTSTRAP_REPS: usize = 200;

/// Scores of `reps` animal-resampled replicates: `[replicate][family in evaluation order, then the
/// turing_score]`. Deterministic for a seed.
pub(crate) fn score_replicates(entries: &[ReferenceEntry], populations: &[Population], gathered: &[Gathered], evaluation: &Evaluation, seed: u64, reps: usize) -> Vec<Vec<f64>> {
    (0..reps as u64).map(|r| {
        let mut rng = SplitMix64::for_stream(seed, r);
        let draws: Vec<Vec<usize>> = populations.iter().map(|p| {
            let n = p.animals.len().max(1) as u64;
            (0..p.animals.len()).map(|_| (rng.next_u64() % n) as usize).collect()
        }).collect();
        let replicate = score_gathered(entries, gathered, seed, 0, |population, all| draws[population].iter().map(|&i| all[i]).collect());
        let mut row: Vec<f64> = evaluation.families.iter().map(|f| replicate.families.iter().find(|g| g.family == f.family).map_or(f64::NAN, |g| g.score)).collect();
        row.push(replicate.turing_score);
        row
    }).collect()
}

/// 95% percentile interval of column `k` of the replicates (NaN without finite values).
pub fn column_interval(replicates: &[Vec<f64>], k: usize) -> (f64, f64) {
    percentile_interval(replicates.iter().map(|r| r[k]).collect(), 0.95)
}

#[cfg(test)]
mod tests {
    use super::super::evaluate::evaluate;
    use super::*;
    use crate::rng::SplitMix64;
    use crate::scoring::reference::{MetricSource, Status, Value};
    use crate::scoring::stats::Family;
    use crate::scoring::track::Track;
    use crate::suite::population::Animal;

    fn entry(family: Family, key: &str) -> ReferenceEntry {
        ReferenceEntry {
            metric: key.into(), family, condition: "test".into(), units: "mm/s".into(), citation: "synthetic".into(), status: Status::Provisional,
            value: Value::Range { lo: 0.9, hi: 1.1, n: None }, note: String::new(), task: Some("crawl".into()),
            source: Some(MetricSource::Measure(key.into())), stated_margin: None, unscorable: None, choices: false,
        }
    }

    /// `n` animals whose measures `a` and `b` are drawn around `centre` with spread `sd`.
    fn population(n: usize, centre: f64, sd: f64, seed: u64) -> Population {
        let mut rng = SplitMix64::new(seed);
        let animals = (0..n).map(|i| {
            let mut measures = serde_json::Map::new();
            measures.insert("a".into(), (centre + sd * rng.normal()).into());
            measures.insert("b".into(), (centre + sd * rng.normal()).into());
            Animal { track: Track::from_centroids(format!("{i}"), vec![0.0], vec![[0.0, 0.0]]), measures, gait: None }
        }).collect();
        Population { task: "crawl".into(), brain: "synthetic".into(), dir: ".".into(), environment: None, animals }
    }

    #[test]
    fn family_intervals_over_animals_cover_the_score_collapse_without_spread_and_narrow_with_more_animals() {
        let entries = [entry(Family::Foraging, "a"), entry(Family::Avoidance, "b")];
        // Identical animals inside the margin: every replicate scores 1, so the interval is a point.
        let exact = evaluate(&entries, &[population(20, 1.0, 0.0, 1)], 7);
        assert_eq!(exact.turing_score, 1.0);
        assert_eq!(exact.turing_ci95, (1.0, 1.0));
        assert!(exact.families.iter().all(|f| f.ci95 == (1.0, 1.0)), "{:?}", exact.families);
        // Animals just beyond the margin: with few of them the score is uncertain, and the interval says so.
        let few = evaluate(&entries, &[population(8, 1.15, 0.1, 2)], 7);
        let many = evaluate(&entries, &[population(120, 1.15, 0.1, 2)], 7);
        for e in [&few, &many] {
            assert_eq!(e.replicates.len(), FAMILY_BOOTSTRAP_REPS);
            for f in &e.families {
                assert!(f.ci95.0 <= f.score && f.score <= f.ci95.1 && f.ci95.1 > f.ci95.0, "{f:?}");
            }
        }
        let width = |e: &Evaluation| e.turing_ci95.1 - e.turing_ci95.0;
        assert!(width(&many) < 0.7 * width(&few), "few {:?} many {:?}", few.turing_ci95, many.turing_ci95);
        // Same input and seed, same intervals.
        let again = evaluate(&entries, &[population(8, 1.15, 0.1, 2)], 7);
        assert_eq!(again.replicates, few.replicates);
    }
}
