//! Statistics against known results.

use ett::scoring::stats::distance::kolmogorov_q;
use ett::scoring::stats::*;

fn uniform_quantiles(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    (0..n).map(|k| lo + (hi - lo) * k as f64 / (n - 1) as f64).collect()
}

#[test]
fn wasserstein_matches_closed_forms() {
    assert_eq!(wasserstein1(&[0.0], &[1.0]), 1.0);
    // a shift moves every quantile by the shift
    let a = uniform_quantiles(0.0, 1.0, 101);
    let b: Vec<f64> = a.iter().map(|x| x + 0.3).collect();
    assert!((wasserstein1(&a, &b) - 0.3).abs() < 1e-12);
    // U(0,1) vs U(0,2): integral over q of |q - 2q| = 1/2
    let w = wasserstein1(&uniform_quantiles(0.0, 1.0, 2001), &uniform_quantiles(0.0, 2.0, 2001));
    assert!((w - 0.5).abs() < 1e-3, "{w}");
    // unequal sizes (scipy.stats.wasserstein_distance gives 0.75 and 5.0)
    assert!((wasserstein1(&[0.0, 1.0, 3.0], &[0.5, 2.0]) - 0.75).abs() < 1e-12);
    assert!((wasserstein1(&[0.0, 1.0, 3.0], &[5.0, 6.0, 8.0]) - 5.0).abs() < 1e-12);
    assert!(wasserstein1(&[], &[1.0]).is_nan());
}

#[test]
fn normalised_wasserstein_is_deterministic_and_small_for_the_same_population() {
    let mut rng = ett::rng::SplitMix64::new(7);
    let real: Vec<f64> = (0..40).map(|_| rng.normal()).collect();
    let same: Vec<f64> = (0..40).map(|_| rng.normal()).collect();
    let shifted: Vec<f64> = same.iter().map(|x| x + 2.0).collect();
    let a = normalised_wasserstein(&same, &real, 50, 1);
    assert_eq!(a, normalised_wasserstein(&same, &real, 50, 1));
    assert!(a.normalised < 1.5, "{a:?}");
    let b = normalised_wasserstein(&shifted, &real, 50, 1);
    assert!(b.normalised > 4.0, "{b:?}");
}

#[test]
fn ks_statistic_and_p_value() {
    let a = uniform_quantiles(0.0, 1.0, 200);
    let b = uniform_quantiles(0.2, 1.2, 200);
    let r = ks_two_sample(&a, &b);
    assert!((r.d - 0.2).abs() < 1e-9, "{r:?}");
    // scipy.stats.ks_2samp(method='asymp') gives 5.552e-4 (finite-n Kolmogorov at n_e = 100); Stephens'
    // corrected asymptotic form agrees within a few percent
    assert!((r.p_value / 5.552e-4 - 1.0).abs() < 0.05, "{r:?}");
    // the classic critical values of the Kolmogorov distribution
    assert!((kolmogorov_q(1.3581) - 0.05).abs() < 2e-4);
    assert!((kolmogorov_q(1.6276) - 0.01).abs() < 1e-4);
    let same = ks_two_sample(&a, &a);
    assert_eq!(same.d, 0.0);
    assert_eq!(same.p_value, 1.0);
}

#[test]
fn tost_closed_form_and_reference_example() {
    // n = 2 each, equal SD: Welch df = 2 exactly, and the t(2) CDF is 1/2 + t / (2 sqrt(2 + t^2))
    let sample = Summary { mean: 0.0, sd: 1.0, n: Some(2) };
    let reference = Summary { mean: 0.5, sd: 1.0, n: Some(2) };
    let t = tost_welch(sample, reference, 1.0);
    assert!((t.df - 2.0).abs() < 1e-12 && (t.se - 1.0).abs() < 1e-12);
    let cdf2 = |x: f64| 0.5 + x / (2.0 * (2.0 + x * x).sqrt());
    assert!((t.p_lower - (1.0 - cdf2(0.5))).abs() < 1e-9, "{t:?}");
    assert!((t.p_upper - cdf2(-1.5)).abs() < 1e-9, "{t:?}");
    assert!((t.p_value - 1.0 / 3.0).abs() < 1e-9);
    assert!(!t.equivalent(0.05));
    // Welch TOST checked with scipy.stats.t: means 0.21 vs 0.20, SD 0.05 (n 20) vs 0.04 (n 30), margin 0.02:
    // se 0.0133542, df 34.5512, p_lower 0.0155845, p_upper 0.229513
    let t = tost_welch(Summary { mean: 0.21, sd: 0.05, n: Some(20) }, Summary { mean: 0.20, sd: 0.04, n: Some(30) }, 0.02);
    assert!((t.se - 0.013354150416006754).abs() < 1e-12);
    assert!((t.df - 34.551234794420004).abs() < 1e-9);
    assert!((t.p_lower - 0.01558451211955969).abs() < 1e-7, "{t:?}");
    assert!((t.p_upper - 0.22951348007704628).abs() < 1e-7, "{t:?}");
    // a large simulated sample close to the target is equivalent
    let close = tost_welch(Summary { mean: 0.201, sd: 0.04, n: Some(200) }, Summary { mean: 0.2, sd: 0.04, n: Some(200) }, 0.02);
    assert!(close.equivalent(0.05), "{close:?}");
}

#[test]
fn benjamini_hochberg_known_examples() {
    // R: p.adjust(c(0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205), "BH")
    let q = benjamini_hochberg(&[0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]);
    let want = [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.074 * 8.0 / 7.0, 0.205];
    for (a, b) in q.iter().zip(want) {
        assert!((a - b).abs() < 1e-12, "{q:?}");
    }
    // Benjamini & Hochberg 1995, the 15 p-values of their example: 4 rejected at q = 0.05
    let p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000];
    let q = benjamini_hochberg(&p);
    assert_eq!(q.iter().filter(|&&q| q <= 0.05).count(), 4);
    // order is preserved and NaN passes through
    let q = benjamini_hochberg(&[0.04, f64::NAN, 0.01]);
    assert!((q[0] - 0.04).abs() < 1e-12 && q[1].is_nan() && (q[2] - 0.02).abs() < 1e-12);
}

#[test]
fn bootstrap_resamples_animals_deterministically() {
    let mut rng = ett::rng::SplitMix64::new(3);
    // each animal has several frames; the statistic is the mean of per-animal means
    let animals: Vec<Vec<f64>> = (0..30).map(|_| { let m = 1.0 + 0.2 * rng.normal(); (0..50).map(|_| m + 0.01 * rng.normal()).collect() }).collect();
    let stat = |sample: &[&Vec<f64>]| sample.iter().map(|a| a.iter().sum::<f64>() / a.len() as f64).sum::<f64>() / sample.len() as f64;
    let ci = bootstrap_ci(&animals, stat, 2000, 0.95, 11);
    assert_eq!(ci, bootstrap_ci(&animals, stat, 2000, 0.95, 11));
    assert!(ci.lo < ci.estimate && ci.estimate < ci.hi);
    // the width tracks the between-animal spread (0.2 / sqrt(30)), not the frame noise
    let width = ci.hi - ci.lo;
    let expected = 2.0 * 1.96 * 0.2 / 30f64.sqrt();
    assert!(width > 0.6 * expected && width < 1.4 * expected, "{ci:?} vs {expected}");
}

#[test]
fn classifier_test_separates_only_different_populations() {
    let mut rng = ett::rng::SplitMix64::new(5);
    let draw = |rng: &mut ett::rng::SplitMix64, shift: f64| -> Vec<Vec<f64>> { (0..30).map(|_| vec![rng.normal() + shift, rng.normal()]).collect() };
    let real = draw(&mut rng, 0.0);
    let same = draw(&mut rng, 0.0);
    let far = draw(&mut rng, 4.0);
    let null = classifier_two_sample_test(&same, &real, 200, 9);
    assert!(null.p_value > 0.05 && null.accuracy < 0.7, "{null:?}");
    let alt = classifier_two_sample_test(&far, &real, 200, 9);
    assert!(alt.accuracy > 0.9 && alt.p_value < 0.01, "{alt:?}");
}

#[test]
fn scorecard_reports_each_familys_worst_metric() {
    let good = NormalisedDistance { distance: 0.1, split_half: 0.1, normalised: 1.0 };
    let bad = NormalisedDistance { distance: 0.4, split_half: 0.1, normalised: 4.0 };
    let ks = KsResult { d: 0.1, p_value: 0.5 };
    let tost = tost_welch(Summary { mean: 0.201, sd: 0.04, n: Some(200) }, Summary { mean: 0.2, sd: 0.04, n: Some(200) }, 0.02);
    let card = Scorecard::new(vec![
        MetricScore::from_distance("speed", Family::Foraging, good, ks),
        MetricScore::from_distance("reversal_rate", Family::Foraging, bad, KsResult { d: 0.6, p_value: 0.001 }),
        MetricScore::from_tost("touch", Family::Avoidance, tost),
    ]);
    let foraging = &card.families[0];
    assert_eq!(foraging.family, Family::Foraging);
    assert!((foraging.mean_score - 0.625).abs() < 1e-12);
    assert_eq!(foraging.worst.as_ref().unwrap().0, "reversal_rate");
    assert!((card.metrics[1].q_value - 0.002).abs() < 1e-12);
    assert!(card.families[1].mean_score > 0.95);
    assert!((card.overall - (foraging.mean_score + card.families[1].mean_score) / 2.0).abs() < 1e-12);
}

#[test]
fn populations_compared_through_the_score_glue() {
    use ett::scoring::compare;
    use ett::scoring::eigenworms::EigenBasis;
    use ett::scoring::track::Track;
    let basis = EigenBasis::n2();
    // animals crawling straight at speeds drawn per animal; the "simulated" ones twice as fast
    let animal = |id: usize, speed: f64| {
        let mut t = Track::from_centroids(format!("{id}"), (0..400).map(|k| k as f64 * 0.1).collect(), (0..400).map(|k| [speed * k as f64 * 0.1, 0.0]).collect());
        t.midlines_mm = Some(t.centroid_mm.iter().map(|c| (0..13).map(|i| [c[0] + 0.5 - i as f64 / 12.0, 0.0]).collect()).collect());
        compare::animal_metrics(&t, None, &basis)
    };
    let real: Vec<_> = (0..12).map(|i| animal(i, 0.15 + 0.01 * i as f64)).collect();
    let sim: Vec<_> = (0..12).map(|i| animal(i, 0.30 + 0.02 * i as f64)).collect();
    let scores = compare::compare_with_animals(&sim, &real, 1);
    let speed = scores.iter().find(|s| s.name == "median_speed_mm_per_s").unwrap();
    assert!(speed.score < 0.2 && speed.p_value < 0.01, "{speed:?}");
    let same = compare::compare_with_animals(&real, &real, 1);
    assert!(same.iter().find(|s| s.name == "median_speed_mm_per_s").unwrap().score == 1.0);
    assert!(compare::classify_populations(&sim, &real, 2).accuracy > 0.9);
    // against the published off-food speed (0.15-0.25 mm/s, provisional)
    let entries = ett::scoring::reference::load_reference_file(std::path::Path::new("scoring/worm/reference_n2.ron")).unwrap();
    let entry = entries.iter().find(|e| e.metric == "median_speed_mm_per_s").unwrap();
    let values = |set: &[compare::AnimalMetrics]| set.iter().map(|a| a.values[0].2).collect::<Vec<f64>>();
    let slow = compare::compare_with_reference(entry, &values(&real)).unwrap();
    let fast = compare::compare_with_reference(entry, &values(&sim)).unwrap();
    assert!(slow.score > fast.score, "{slow:?} {fast:?}");
    let card = Scorecard::new(scores);
    assert_eq!(card.families.len(), 1);
    assert!(card.families[0].worst.is_some());
}
