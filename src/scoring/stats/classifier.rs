//! Classifier two-sample test (Lopez-Paz & Oquab 2017): if a classifier cannot tell simulated from real
//! animals by their per-animal feature vectors better than chance on held-out animals, the two are alike.
//! Leave-one-out 1-nearest-neighbour on z-scored features; p-value by permuting the labels (seeded).

use crate::rng::SplitMix64;

/// Outcome of the classifier test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassifierTest {
    /// Leave-one-out accuracy (0.5 = indistinguishable for balanced groups).
    pub accuracy: f64,
    /// Permutation p-value of an accuracy at least this high under exchangeable labels.
    pub p_value: f64,
    /// Number of permutations.
    pub permutations: usize,
}

fn loo_accuracy(features: &[Vec<f64>], labels: &[bool]) -> f64 {
    let mut correct = 0;
    for i in 0..features.len() {
        let nearest = (0..features.len()).filter(|&j| j != i).min_by(|&a, &b| {
            let d = |j: usize| features[i].iter().zip(&features[j]).map(|(x, y)| (x - y).powi(2)).sum::<f64>();
            d(a).total_cmp(&d(b)).then(a.cmp(&b))
        });
        if nearest.is_some_and(|j| labels[j] == labels[i]) {
            correct += 1;
        }
    }
    correct as f64 / features.len() as f64
}

/// Tests whether `simulated` and `real` per-animal feature vectors (equal lengths, finite) are separable.
pub fn classifier_two_sample_test(simulated: &[Vec<f64>], real: &[Vec<f64>], permutations: usize, seed: u64) -> ClassifierTest {
    let mut features: Vec<Vec<f64>> = simulated.iter().chain(real).cloned().collect();
    let labels: Vec<bool> = simulated.iter().map(|_| true).chain(real.iter().map(|_| false)).collect();
    if features.len() < 3 {
        return ClassifierTest { accuracy: f64::NAN, p_value: f64::NAN, permutations: 0 };
    }
    // z-score each feature over both groups so no unit dominates the distance
    let dims = features[0].len();
    for k in 0..dims {
        let n = features.len() as f64;
        let mean = features.iter().map(|f| f[k]).sum::<f64>() / n;
        let sd = (features.iter().map(|f| (f[k] - mean).powi(2)).sum::<f64>() / n).sqrt();
        for f in &mut features {
            f[k] = if sd > 0.0 { (f[k] - mean) / sd } else { 0.0 };
        }
    }
    let accuracy = loo_accuracy(&features, &labels);
    let mut rng = SplitMix64::new(seed);
    let mut shuffled = labels.clone();
    let mut at_least = 0;
    for _ in 0..permutations {
        for i in (1..shuffled.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        if loo_accuracy(&features, &shuffled) >= accuracy {
            at_least += 1;
        }
    }
    ClassifierTest { accuracy, p_value: (1 + at_least) as f64 / (1 + permutations) as f64, permutations }
}
