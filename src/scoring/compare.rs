//! Glue for a `score` command: the per-animal locomotion metrics of a track, and the comparison of a
//! simulated population with real animals (raw tracks) or with published reference entries.

use crate::scoring::eigenworms::{variance_explained, EigenBasis};
use crate::scoring::reference::ReferenceEntry;
use crate::scoring::stats::{classifier_two_sample_test, ks_two_sample, normalised_wasserstein, tost_welch, ClassifierTest, Family, MetricScore, Summary};
use crate::scoring::track::{mean, Track};
use crate::scoring::{gait, motion, navigation, turns};

/// Path resampling step for curvature, in body lengths (coarse enough to ignore tracker jitter).
const CURVATURE_STEP_L: f64 = 0.1;

/// One animal's foraging metrics; NaN where the track cannot give one (e.g. no midlines).
#[derive(Debug, Clone, PartialEq)]
pub struct AnimalMetrics {
    /// Track id.
    pub id: String,
    /// (metric name with units, family, value), in a fixed order shared by every animal.
    pub values: Vec<(&'static str, Family, f64)>,
}

/// Computes the per-animal metrics of a track; `body_length_mm` overrides the midline's length.
pub fn animal_metrics(track: &Track, body_length_mm: Option<f64>, basis: &EigenBasis) -> AnimalMetrics {
    let nan = f64::NAN;
    let m = motion::motion_summary(track, body_length_mm);
    let g = gait::gait_of_track(track);
    let events = turns::detect_turns(track);
    let has_midlines = track.midlines_mm.is_some();
    let step_mm = CURVATURE_STEP_L * m.map_or(1.0, |m| m.body_length_mm);
    let curvature: Vec<f64> = navigation::path_curvature_per_mm(track, step_mm).iter().map(|k| k.abs()).collect();
    let f = Family::Foraging;
    let values = vec![
        ("median_speed_mm_per_s", f, m.map_or(nan, |m| m.median_speed_mm_per_s)),
        ("fraction_forward", f, m.map_or(nan, |m| m.fraction_forward)),
        ("fraction_backward", f, m.map_or(nan, |m| m.fraction_backward)),
        ("fraction_paused", f, m.map_or(nan, |m| m.fraction_paused)),
        ("reversal_rate_per_min", f, m.map_or(nan, |m| m.reversal_rate_per_min)),
        ("omega_rate_per_min", f, if has_midlines { turns::turn_rate_per_min(track, &events, turns::TurnKind::Omega) } else { nan }),
        ("upsilon_rate_per_min", f, if has_midlines { turns::turn_rate_per_min(track, &events, turns::TurnKind::Upsilon) } else { nan }),
        ("body_bend_frequency_hz", f, g.map_or(nan, |g| g.frequency_hz)),
        ("wavelength_body_lengths", f, g.map_or(nan, |g| g.wavelength_body_lengths)),
        ("eigenworm_variance_explained_4_modes", f, if has_midlines { variance_explained(track, basis, 4) } else { nan }),
        ("mean_abs_path_curvature_per_mm", f, mean(&curvature)),
    ];
    AnimalMetrics { id: track.id.clone(), values }
}

/// Per-metric scores of simulated against real animals: split-half-normalised W1 and KS on the per-animal
/// values of each metric (metrics with fewer than 2 finite values on either side are left out).
pub fn compare_with_animals(simulated: &[AnimalMetrics], real: &[AnimalMetrics], seed: u64) -> Vec<MetricScore> {
    let Some(first) = real.first() else { return Vec::new() };
    first.values.iter().enumerate().filter_map(|(k, &(name, family, _))| {
        let column = |set: &[AnimalMetrics]| set.iter().map(|a| a.values[k].2).filter(|v| v.is_finite()).collect::<Vec<f64>>();
        let (s, r) = (column(simulated), column(real));
        (s.len() >= 2 && r.len() >= 2).then(|| MetricScore::from_distance(name, family, normalised_wasserstein(&s, &r, 200, seed), ks_two_sample(&s, &r)))
    }).collect()
}

/// Classifier two-sample test on the metrics finite for every animal on both sides.
pub fn classify_populations(simulated: &[AnimalMetrics], real: &[AnimalMetrics], seed: u64) -> ClassifierTest {
    let width = real.first().map_or(0, |a| a.values.len());
    let usable: Vec<usize> = (0..width).filter(|&k| simulated.iter().chain(real).all(|a| a.values.get(k).is_some_and(|v| v.2.is_finite()))).collect();
    let vectors = |set: &[AnimalMetrics]| set.iter().map(|a| usable.iter().map(|&k| a.values[k].2).collect()).collect::<Vec<Vec<f64>>>();
    classifier_two_sample_test(&vectors(simulated), &vectors(real), 1000, seed)
}

/// TOST of simulated per-animal values against a published entry, with the entry's margin (wider when
/// provisional); None when the entry gives no spread to set a margin.
pub fn compare_with_reference(entry: &ReferenceEntry, simulated_values: &[f64]) -> Option<MetricScore> {
    let (reference, margin) = (entry.summary()?, entry.margin()?);
    if !(margin > 0.0) {
        return None;
    }
    let name = format!("{} [{}]", entry.metric, entry.condition);
    Some(MetricScore::from_tost(&name, entry.family, tost_welch(Summary::of(simulated_values), reference, margin)))
}
