//! Two one-sided tests (TOST; Schuirmann 1987, Lakens 2017) for equivalence of simulated per-animal values
//! with a published summary (mean, SD, n), Welch's unequal-variance t with Welch-Satterthwaite df.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// Mean, standard deviation and number of animals; `n = None` for a published value without n (its mean
/// is then treated as a fixed target and only the simulated sample's error counts).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// Standard deviation (sample, n-1).
    pub sd: f64,
    /// Number of animals.
    pub n: Option<usize>,
}

impl Summary {
    /// Summary of per-animal values (finite values only).
    pub fn of(values: &[f64]) -> Self {
        let v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        let n = v.len() as f64;
        let mean = v.iter().sum::<f64>() / n;
        let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        Summary { mean, sd, n: Some(v.len()) }
    }
}

/// Margin for a verified published value, in units of its SD.
pub const MARGIN_SD_VERIFIED: f64 = 0.5;
/// Margin for a provisional value (recollection not yet checked in the paper): twice as wide.
pub const MARGIN_SD_PROVISIONAL: f64 = 1.0;

/// Outcome of a TOST.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tost {
    /// simulated mean - published mean.
    pub difference: f64,
    /// Equivalence margin (the interval is +-margin), in the metric's units.
    pub margin: f64,
    /// Standard error of the difference.
    pub se: f64,
    /// Degrees of freedom (Welch-Satterthwaite).
    pub df: f64,
    /// p of H0: difference <= -margin.
    pub p_lower: f64,
    /// p of H0: difference >= +margin.
    pub p_upper: f64,
    /// max(p_lower, p_upper): equivalence is shown at level alpha when this is below alpha.
    pub p_value: f64,
}

impl Tost {
    /// True when equivalence holds at level `alpha`.
    pub fn equivalent(&self, alpha: f64) -> bool {
        self.p_value < alpha
    }
}

/// TOST of `sample` against `reference` with margin +-`margin` (same units as the means).
pub fn tost_welch(sample: Summary, reference: Summary, margin: f64) -> Tost {
    let n1 = sample.n.unwrap_or(0) as f64;
    let v1 = sample.sd * sample.sd / n1;
    let v2 = reference.n.map_or(0.0, |n| reference.sd * reference.sd / n as f64);
    let se = (v1 + v2).sqrt();
    let df = {
        let d1 = if n1 > 1.0 { v1 * v1 / (n1 - 1.0) } else { 0.0 };
        let d2 = reference.n.filter(|&n| n > 1).map_or(0.0, |n| v2 * v2 / (n as f64 - 1.0));
        (v1 + v2).powi(2) / (d1 + d2)
    };
    let difference = sample.mean - reference.mean;
    let nan = Tost { difference, margin, se, df, p_lower: f64::NAN, p_upper: f64::NAN, p_value: f64::NAN };
    let Ok(t) = StudentsT::new(0.0, 1.0, df) else { return nan };
    if !(se > 0.0) {
        return nan;
    }
    let p_lower = t.sf((difference + margin) / se);
    let p_upper = t.cdf((difference - margin) / se);
    Tost { difference, margin, se, df, p_lower, p_upper, p_value: p_lower.max(p_upper) }
}
