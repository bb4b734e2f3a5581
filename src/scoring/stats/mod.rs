//! Statistics comparing simulated with real animals, on per-animal values (never frames, which are not
//! independent): Wasserstein-1 and its split-half normalisation, two-sample KS, bootstrap over animals,
//! TOST equivalence against published summaries, a classifier two-sample test, Benjamini-Hochberg, and
//! the scores per metric, family and overall.

pub mod bootstrap;
pub mod classifier;
pub mod distance;
pub mod multiple;
pub mod score;
pub mod sign_test;
pub mod tost;

pub use bootstrap::{bootstrap_ci, ConfidenceInterval};
pub use classifier::{classifier_two_sample_test, ClassifierTest};
pub use distance::{ks_two_sample, normalised_wasserstein, wasserstein1, KsResult, NormalisedDistance};
pub use multiple::benjamini_hochberg;
pub use score::{Family, FamilyScore, MetricScore, Scorecard};
pub use sign_test::{binomial_at_least, binomial_at_most, sign_test, SignTest};
pub use tost::{tost_welch, Summary, Tost};

/// Finite values, sorted.
pub(crate) fn sorted_finite(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v
}
