//! Eigenworms (Stephens et al. 2008 PLoS Comput Biol 4:e1000028): a midline resampled to 49 points gives
//! 48 tangent angles; with their mean removed they are projected on the N2 basis of the
//! open-worm-analysis-toolbox (Brown et al. 2013; Yemini et al. 2013), shipped as data in
//! `scoring/worm/eigenworms_N2_48x7.csv`.

use crate::scoring::track::Track;

/// Tangent angles per posture.
pub const ANGLES: usize = 48;
/// Modes in the shipped basis.
pub const MODES: usize = 7;
const BASIS_CSV: &str = include_str!("../../scoring/worm/eigenworms_N2_48x7.csv");

/// The N2 eigenworm basis: `MODES` orthonormal vectors over `ANGLES` tangent angles, head to tail.
#[derive(Debug, Clone)]
pub struct EigenBasis {
    /// modes[m][k]: weight of angle k in mode m.
    pub modes: Vec<[f64; ANGLES]>,
}

impl EigenBasis {
    /// The N2 basis from the shipped CSV (comment lines start with '#').
    pub fn n2() -> Self {
        let mut modes = vec![[0.0; ANGLES]; MODES];
        let rows = BASIS_CSV.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).skip(1);
        for (k, row) in rows.enumerate() {
            for (m, cell) in row.split(',').skip(1).enumerate() {
                modes[m][k] = cell.trim().parse().expect("the shipped eigenworm CSV is numeric");
            }
        }
        EigenBasis { modes }
    }

    /// Amplitudes of each mode for mean-subtracted tangent angles.
    pub fn project(&self, angles: &[f64; ANGLES]) -> [f64; MODES] {
        let mut out = [0.0; MODES];
        for (o, mode) in out.iter_mut().zip(&self.modes) {
            *o = mode.iter().zip(angles).map(|(a, b)| a * b).sum();
        }
        out
    }
}

/// Points spaced equally along the polyline's arc length (None for fewer than 2 points or zero length).
pub fn resample(polyline: &[[f64; 2]], n: usize) -> Option<Vec<[f64; 2]>> {
    if polyline.len() < 2 || n < 2 || polyline.iter().any(|p| !p[0].is_finite() || !p[1].is_finite()) {
        return None;
    }
    let mut cumulative = vec![0.0];
    for w in polyline.windows(2) {
        cumulative.push(cumulative.last().unwrap() + (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]));
    }
    let total = *cumulative.last().unwrap();
    if total <= 0.0 {
        return None;
    }
    let mut out = Vec::with_capacity(n);
    let mut seg = 0;
    for k in 0..n {
        let s = total * k as f64 / (n - 1) as f64;
        while seg + 2 < cumulative.len() && cumulative[seg + 1] < s {
            seg += 1;
        }
        let span = cumulative[seg + 1] - cumulative[seg];
        let f = if span > 0.0 { ((s - cumulative[seg]) / span).clamp(0.0, 1.0) } else { 0.0 };
        let (a, b) = (polyline[seg], polyline[seg + 1]);
        out.push([a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])]);
    }
    Some(out)
}

/// The 48 tangent angles (radians, unwrapped along the body, mean removed) of a midline, head first.
pub fn tangent_angles(midline: &[[f64; 2]]) -> Option<[f64; ANGLES]> {
    let points = resample(midline, ANGLES + 1)?;
    let mut angles = [0.0; ANGLES];
    let mut previous: Option<f64> = None;
    for (k, w) in points.windows(2).enumerate() {
        let mut a = (w[1][1] - w[0][1]).atan2(w[1][0] - w[0][0]);
        if let Some(p) = previous {
            a = p + ((a - p + std::f64::consts::PI).rem_euclid(std::f64::consts::TAU) - std::f64::consts::PI);
        }
        previous = Some(a);
        angles[k] = a;
    }
    let m = angles.iter().sum::<f64>() / ANGLES as f64;
    angles.iter_mut().for_each(|a| *a -= m);
    Some(angles)
}

/// Eigenworm amplitudes of every frame with a usable midline.
pub fn projections(track: &Track, basis: &EigenBasis) -> Vec<[f64; MODES]> {
    track.midlines_mm.iter().flatten().filter_map(|m| tangent_angles(m)).map(|a| basis.project(&a)).collect()
}

/// Fraction of the posture variance (tangent angles about their mean posture, summed over frames) captured
/// by the first `k` modes. Stephens et al. 2008 report about 0.95 for k = 4 in N2 crawling on food.
pub fn variance_explained(track: &Track, basis: &EigenBasis, k: usize) -> f64 {
    let frames: Vec<[f64; ANGLES]> = track.midlines_mm.iter().flatten().filter_map(|m| tangent_angles(m)).collect();
    if frames.len() < 2 {
        return f64::NAN;
    }
    let mut mean_posture = [0.0; ANGLES];
    for f in &frames {
        for (m, a) in mean_posture.iter_mut().zip(f) {
            *m += a / frames.len() as f64;
        }
    }
    let (mut captured, mut total) = (0.0, 0.0);
    for f in &frames {
        let centred: [f64; ANGLES] = std::array::from_fn(|i| f[i] - mean_posture[i]);
        total += centred.iter().map(|a| a * a).sum::<f64>();
        captured += basis.project(&centred)[..k.min(MODES)].iter().map(|a| a * a).sum::<f64>();
    }
    if total > 0.0 { captured / total } else { f64::NAN }
}
