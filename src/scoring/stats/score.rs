//! Scores per metric, per family and overall. A metric's score lies in [0, 1], 1 = indistinguishable from
//! real animals; each family reports its worst metric beside its mean so that one good family cannot hide
//! a failing metric.

use super::distance::{KsResult, NormalisedDistance};
use super::multiple::benjamini_hochberg;
use super::tost::Tost;

/// Behavioural family of a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Family {
    /// Locomotion, posture, local search, food leaving.
    Foraging,
    /// Chemotaxis, thermotaxis, learning assays.
    LearningNavigation,
    /// Touch, osmotic, thermal avoidance and habituation.
    Avoidance,
}

/// One metric's comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricScore {
    /// Metric name, with units (e.g. `median_speed_mm_per_s`).
    pub name: String,
    /// Family.
    pub family: Family,
    /// Score in [0, 1].
    pub score: f64,
    /// p-value of a difference test (KS, classifier), NaN for equivalence-only comparisons.
    pub p_value: f64,
    /// Benjamini-Hochberg q-value across the scorecard's metrics (filled by [`Scorecard::new`]).
    pub q_value: f64,
    /// How the score was obtained.
    pub detail: String,
}

impl MetricScore {
    /// From per-animal distributions: score = min(1, split-half W1 / W1), i.e. 1 when the simulated animals
    /// are as close to the real ones as two halves of the real data are to each other.
    pub fn from_distance(name: &str, family: Family, d: NormalisedDistance, ks: KsResult) -> Self {
        let score = if d.normalised.is_finite() { (1.0 / d.normalised.max(1e-12)).min(1.0) } else { f64::NAN };
        MetricScore {
            name: name.into(), family, score, p_value: ks.p_value, q_value: f64::NAN,
            detail: format!("W1 {:.4} = {:.2} x split-half {:.4}; KS D {:.3} p {:.3}", d.distance, d.normalised, d.split_half, ks.d, ks.p_value),
        }
    }

    /// From a TOST against a published summary: score = 1 - TOST p (near 1 when equivalence is clear).
    pub fn from_tost(name: &str, family: Family, t: Tost) -> Self {
        MetricScore {
            name: name.into(), family, score: (1.0 - t.p_value).clamp(0.0, 1.0), p_value: f64::NAN, q_value: f64::NAN,
            detail: format!("difference {:.4} within +-{:.4}? TOST p {:.3} (df {:.1})", t.difference, t.margin, t.p_value, t.df),
        }
    }
}

/// One family's aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyScore {
    /// Family.
    pub family: Family,
    /// Mean of its metrics' finite scores.
    pub mean_score: f64,
    /// Its lowest-scoring metric and that score.
    pub worst: Option<(String, f64)>,
    /// Metrics with a finite score.
    pub metrics: usize,
}

/// Every metric, each family and the overall score.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// Metric scores with q-values.
    pub metrics: Vec<MetricScore>,
    /// Family aggregates, in family order.
    pub families: Vec<FamilyScore>,
    /// Mean of the family means (each family weighs the same whatever its number of metrics).
    pub overall: f64,
}

impl Scorecard {
    /// Adds BH q-values across metrics and aggregates families and overall.
    pub fn new(mut metrics: Vec<MetricScore>) -> Self {
        let q = benjamini_hochberg(&metrics.iter().map(|m| m.p_value).collect::<Vec<_>>());
        for (m, q) in metrics.iter_mut().zip(q) {
            m.q_value = q;
        }
        let mut families = Vec::new();
        for family in [Family::Foraging, Family::LearningNavigation, Family::Avoidance] {
            let members: Vec<&MetricScore> = metrics.iter().filter(|m| m.family == family && m.score.is_finite()).collect();
            if members.is_empty() {
                continue;
            }
            let mean_score = members.iter().map(|m| m.score).sum::<f64>() / members.len() as f64;
            let worst = members.iter().min_by(|a, b| a.score.total_cmp(&b.score)).map(|m| (m.name.clone(), m.score));
            families.push(FamilyScore { family, mean_score, worst, metrics: members.len() });
        }
        let overall = if families.is_empty() { f64::NAN } else { families.iter().map(|f| f.mean_score).sum::<f64>() / families.len() as f64 };
        Scorecard { metrics, families, overall }
    }
}
