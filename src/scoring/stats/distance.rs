//! Distances between two samples of per-animal values.

use super::sorted_finite;
use crate::rng::SplitMix64;

/// Wasserstein-1 (earth mover's) distance between the empirical distributions of two samples: the area
/// between their CDFs. Same units as the values; NaN when either sample is empty.
pub fn wasserstein1(a: &[f64], b: &[f64]) -> f64 {
    let (a, b) = (sorted_finite(a), sorted_finite(b));
    if a.is_empty() || b.is_empty() {
        return f64::NAN;
    }
    let mut all: Vec<f64> = a.iter().chain(&b).copied().collect();
    all.sort_by(|x, y| x.total_cmp(y));
    let (mut i, mut j, mut area) = (0, 0, 0.0);
    for w in all.windows(2) {
        while i < a.len() && a[i] <= w[0] { i += 1; }
        while j < b.len() && b[j] <= w[0] { j += 1; }
        area += (i as f64 / a.len() as f64 - j as f64 / b.len() as f64).abs() * (w[1] - w[0]);
    }
    area
}

/// A Wasserstein distance in units of the real data's own split-half distance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NormalisedDistance {
    /// W1(simulated, real), in the metric's units.
    pub distance: f64,
    /// Mean W1 between two random halves of the real animals, over the splits.
    pub split_half: f64,
    /// distance / split_half: about 1 means as close as two batches of real animals.
    pub normalised: f64,
}

/// W1 between simulated and real values divided by the mean W1 between random halves of the real values
/// (`splits` seeded random splits; deterministic for a seed). Needs at least 4 real animals.
pub fn normalised_wasserstein(simulated: &[f64], real: &[f64], splits: usize, seed: u64) -> NormalisedDistance {
    let real = sorted_finite(real);
    let distance = wasserstein1(simulated, &real);
    if real.len() < 4 || splits == 0 {
        return NormalisedDistance { distance, split_half: f64::NAN, normalised: f64::NAN };
    }
    let mut rng = SplitMix64::new(seed);
    let mut total = 0.0;
    let mut order: Vec<usize> = (0..real.len()).collect();
    for _ in 0..splits {
        for i in (1..order.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let half = real.len() / 2;
        let first: Vec<f64> = order[..half].iter().map(|&k| real[k]).collect();
        let second: Vec<f64> = order[half..].iter().map(|&k| real[k]).collect();
        total += wasserstein1(&first, &second);
    }
    let split_half = total / splits as f64;
    NormalisedDistance { distance, split_half, normalised: distance / split_half }
}

/// Result of a two-sample Kolmogorov-Smirnov test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KsResult {
    /// Largest gap between the two empirical CDFs.
    pub d: f64,
    /// Two-sided p-value from the asymptotic Kolmogorov distribution with Stephens' small-sample correction
    /// (Numerical Recipes 14.3): lambda = (sqrt(ne) + 0.12 + 0.11/sqrt(ne)) D, ne = n m / (n + m).
    pub p_value: f64,
}

/// Two-sample KS test on finite values (asymptotic p-value, valid for all n, conservative-ish for tiny n).
pub fn ks_two_sample(a: &[f64], b: &[f64]) -> KsResult {
    let (a, b) = (sorted_finite(a), sorted_finite(b));
    if a.is_empty() || b.is_empty() {
        return KsResult { d: f64::NAN, p_value: f64::NAN };
    }
    let (n, m) = (a.len() as f64, b.len() as f64);
    let (mut i, mut j, mut d) = (0, 0, 0.0f64);
    while i < a.len() && j < b.len() {
        let x = a[i].min(b[j]);
        while i < a.len() && a[i] <= x { i += 1; }
        while j < b.len() && b[j] <= x { j += 1; }
        d = d.max((i as f64 / n - j as f64 / m).abs());
    }
    let ne = n * m / (n + m);
    let lambda = (ne.sqrt() + 0.12 + 0.11 / ne.sqrt()) * d;
    KsResult { d, p_value: kolmogorov_q(lambda) }
}

/// Q_KS(lambda) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 lambda^2), the Kolmogorov survival function.
pub fn kolmogorov_q(lambda: f64) -> f64 {
    if lambda < 1e-3 {
        return 1.0;
    }
    let mut sum = 0.0;
    for k in 1..=100 {
        let term = (-2.0 * (k * k) as f64 * lambda * lambda).exp();
        sum += if k % 2 == 1 { term } else { -term };
        if term < 1e-12 {
            break;
        }
    }
    (2.0 * sum).clamp(0.0, 1.0)
}
