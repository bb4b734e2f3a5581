//! Bootstrap confidence intervals that resample animals (each animal's values stay together), seeded.

use crate::rng::SplitMix64;

/// A point estimate with a percentile bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConfidenceInterval {
    /// The statistic on the original animals.
    pub estimate: f64,
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// Coverage, e.g. 0.95.
    pub level: f64,
}

/// Percentile bootstrap: `reps` resamples of the animals with replacement, the statistic on each,
/// the (1-level)/2 and (1+level)/2 quantiles. Deterministic for a seed.
pub fn bootstrap_ci<T>(animals: &[T], statistic: impl Fn(&[&T]) -> f64, reps: usize, level: f64, seed: u64) -> ConfidenceInterval {
    let all: Vec<&T> = animals.iter().collect();
    let estimate = statistic(&all);
    if animals.is_empty() || reps == 0 {
        return ConfidenceInterval { estimate, lo: f64::NAN, hi: f64::NAN, level };
    }
    let mut rng = SplitMix64::new(seed);
    let stats: Vec<f64> = (0..reps).map(|_| {
        let sample: Vec<&T> = (0..animals.len()).map(|_| &animals[(rng.next_u64() % animals.len() as u64) as usize]).collect();
        statistic(&sample)
    }).collect();
    let (lo, hi) = percentile_interval(stats, level);
    ConfidenceInterval { estimate, lo, hi, level }
}

/// The (1-level)/2 and (1+level)/2 quantiles (linear interpolation) of the finite replicates;
/// NaN when there are none.
pub fn percentile_interval(replicates: Vec<f64>, level: f64) -> (f64, f64) {
    let mut stats: Vec<f64> = replicates.into_iter().filter(|s| s.is_finite()).collect();
    stats.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| {
        if stats.is_empty() { return f64::NAN; }
        let pos = p * (stats.len() - 1) as f64;
        let (k, f) = (pos.floor() as usize, pos.fract());
        stats[k] + f * (stats[(k + 1).min(stats.len() - 1)] - stats[k])
    };
    (q((1.0 - level) / 2.0), q((1.0 + level) / 2.0))
}
