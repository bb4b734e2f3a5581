//! Undulatory gait from midlines: bend angles, body-bend frequency (the Fourier peak of the bend
//! angles, as Fang-Yen et al. 2010 measure it) and wavelength (from the phase of that peak along the
//! body), plus speed and displacement of the centroid.

use super::spectrum;
use std::f64::consts::{PI, TAU};

/// Bend angle at each interior midline point: the turn from one piece to the next, radians.
pub fn bend_angles(midline: &[[f64; 2]], out: &mut Vec<f64>) {
    out.clear();
    for w in midline.windows(3) {
        let a = (w[1][1] - w[0][1]).atan2(w[1][0] - w[0][0]);
        let b = (w[2][1] - w[1][1]).atan2(w[2][0] - w[1][0]);
        out.push(wrap(b - a));
    }
}

fn wrap(angle: f64) -> f64 {
    (angle + PI).rem_euclid(TAU) - PI
}

/// Complex Fourier coefficient of a mean-removed series at `frequency_hz`; the phasor is advanced by
/// complex multiplication (one sincos per call, not per sample).
fn fourier(series: &[f64], dt_s: f64, frequency_hz: f64) -> (f64, f64) {
    let mean = series.iter().sum::<f64>() / series.len() as f64;
    let (step_sin, step_cos) = (-TAU * frequency_hz * dt_s).sin_cos();
    let (mut c, mut s) = (1.0, 0.0);
    let (mut re, mut im) = (0.0, 0.0);
    for &x in series {
        re += (x - mean) * c;
        im += (x - mean) * s;
        (c, s) = (c * step_cos - s * step_sin, c * step_sin + s * step_cos);
    }
    (re, im)
}

/// Least bending that counts as a gait: the RMS over time and the body's interior of the bend
/// curvature's change about its mean, in units of 1/body length (curvature x L; independent of the
/// number of midline points). A crawling worm's travelling wave (tangent amplitude about 0.8 rad at
/// 0.65 L) gives about 5.5, a swimming one about 3; 0.5 is a tenth of crawling, well above a still body
/// (0) and a tracker's jitter on a straight animal. Below it the body does not undulate and has no
/// frequency or wavelength: a Fourier peak of noise would otherwise pass as a gait.
pub const MIN_BENDING_RMS_PER_BODY_LENGTH: f64 = 0.5;

/// Gait of a body from regularly sampled midlines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gait {
    /// Frequency with the most bending power, summed over the body's interior.
    pub frequency_hz: f64,
    /// Wavelength of the bending wave, body lengths (NaN when the body does not undulate).
    pub wavelength_body_lengths: f64,
    /// +1 when the wave travels head to tail, -1 tail to head.
    pub wave_direction: f64,
}

/// Measures the gait from midlines sampled every `dt_s` (all with the same number of points).
/// Frequencies are searched from 1/(half the duration) up to the Nyquist frequency. None when the
/// recording is too short or the body bends less than [`MIN_BENDING_RMS_PER_BODY_LENGTH`].
pub fn gait(midlines: &[Vec<[f64; 2]>], dt_s: f64) -> Option<Gait> {
    if midlines.len() < 8 || midlines[0].len() < 5 {
        return None;
    }
    let mut angles = Vec::new();
    let joints = midlines[0].len() - 2;
    let mut series = vec![Vec::with_capacity(midlines.len()); joints];
    for midline in midlines {
        bend_angles(midline, &mut angles);
        for (j, &a) in angles.iter().enumerate() {
            series[j].push(a);
        }
    }
    // The body's ends bend irregularly (head sweeps, tail drag); use the middle 80%.
    let interior: Vec<usize> = (0..joints).filter(|&j| {
        let s = (j + 1) as f64 / (joints + 1) as f64;
        (0.1..=0.9).contains(&s)
    }).collect();
    // Bend angle per joint is curvature times segment length: times the number of segments it is
    // curvature times body length (midline points are evenly spaced along the body).
    let segments = (midlines[0].len() - 1) as f64;
    let (mut sum_sq, mut count) = (0.0, 0usize);
    for &j in &interior {
        let mean = series[j].iter().sum::<f64>() / series[j].len() as f64;
        sum_sq += series[j].iter().map(|a| ((a - mean) * segments).powi(2)).sum::<f64>();
        count += series[j].len();
    }
    if count == 0 || (sum_sq / count as f64).sqrt() < MIN_BENDING_RMS_PER_BODY_LENGTH {
        return None;
    }
    let duration = dt_s * midlines.len() as f64;
    let (f_min, f_max) = (2.0 / duration, 0.5 / dt_s);
    let power = |f: f64| interior.iter().map(|&j| { let (re, im) = fourier(&series[j], dt_s, f); re * re + im * im }).sum::<f64>();
    // Coarse scan: the spectrum zero-padded to at least four times the recording (bins at most a quarter
    // of the resolution 1/duration apart), by FFT; the peak is then refined on the exact Fourier sum.
    let padded = (4 * midlines.len()).next_power_of_two();
    let bin_hz = 1.0 / (padded as f64 * dt_s);
    let mut spectrum = vec![0.0; padded];
    let (mut re, mut im) = (Vec::new(), Vec::new());
    for &j in &interior {
        spectrum::add_padded_power(&series[j], &mut spectrum, &mut re, &mut im);
    }
    let mut best = (f_min, 0.0);
    for (k, &p) in spectrum.iter().enumerate().take(padded / 2 + 1) {
        let f = k as f64 * bin_hz;
        if (f_min..=f_max).contains(&f) && p > best.1 {
            best = (f, p);
        }
    }
    let coarse_step = bin_hz;
    if best.1 <= 1e-12 {
        return None;
    }
    // Refine the peak by golden-section search within one coarse step either side.
    let (mut lo, mut hi) = (best.0 - coarse_step, best.0 + coarse_step);
    for _ in 0..30 {
        let m1 = hi - 0.618 * (hi - lo);
        let m2 = lo + 0.618 * (hi - lo);
        if power(m1) > power(m2) { hi = m2 } else { lo = m1 }
    }
    let frequency_hz = 0.5 * (lo + hi);
    // Phase along the body at the peak: a wave travelling head to tail lags toward the tail.
    let mut phases: Vec<(f64, f64)> = Vec::new();
    let mut previous: Option<f64> = None;
    for &j in &interior {
        let (re, im) = fourier(&series[j], dt_s, frequency_hz);
        let mut phase = im.atan2(re);
        if let Some(p) = previous {
            phase = p + wrap(phase - p);
        }
        previous = Some(phase);
        phases.push(((j + 1) as f64 / (joints + 1) as f64, phase));
    }
    let slope = fit_slope(&phases);
    if slope.abs() < 1e-9 {
        return Some(Gait { frequency_hz, wavelength_body_lengths: f64::INFINITY, wave_direction: 0.0 });
    }
    Some(Gait { frequency_hz, wavelength_body_lengths: TAU / slope.abs(), wave_direction: -slope.signum() })
}

fn fit_slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let (sx, sy) = points.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / n, sy / n);
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (x, y) in points {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
    }
    if sxx == 0.0 { 0.0 } else { sxy / sxx }
}

/// Gait of a track with midlines, at its median sampling interval (None without midlines or without
/// undulation). The gait assumes regular sampling; dropped frames shift the frequency by their
/// fraction of the track.
pub fn gait_of_track(track: &crate::scoring::track::Track) -> Option<Gait> {
    gait(track.midlines_mm.as_ref()?, track.median_dt_s())
}

/// Distance between the first and last centroid.
pub fn net_displacement_mm(centroids: &[[f64; 2]]) -> f64 {
    match (centroids.first(), centroids.last()) {
        (Some(a), Some(b)) => ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt(),
        _ => 0.0,
    }
}

/// Length of the body along a midline.
pub fn midline_length_mm(midline: &[[f64; 2]]) -> f64 {
    midline.windows(2).map(|w| ((w[1][0] - w[0][0]).powi(2) + (w[1][1] - w[0][1]).powi(2)).sqrt()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body whose tangent angle follows a travelling sine wave of amplitude 0.8 rad.
    fn travelling_wave(frequency_hz: f64, wavelength: f64, direction: f64, dt_s: f64, samples: usize) -> Vec<Vec<[f64; 2]>> {
        wave_of_amplitude(0.8, frequency_hz, wavelength, direction, dt_s, samples)
    }

    /// A body whose tangent angle follows a travelling sine wave of `amplitude_rad`.
    fn wave_of_amplitude(amplitude_rad: f64, frequency_hz: f64, wavelength: f64, direction: f64, dt_s: f64, samples: usize) -> Vec<Vec<[f64; 2]>> {
        (0..samples).map(|k| {
            let t = k as f64 * dt_s;
            let mut point = [0.0, 0.0];
            let mut midline = vec![point];
            for i in 0..48 {
                let s = (i as f64 + 0.5) / 48.0;
                let tangent = amplitude_rad * (TAU * (frequency_hz * t - direction * s / wavelength)).sin();
                point = [point[0] - tangent.cos() / 48.0, point[1] - tangent.sin() / 48.0];
                midline.push(point);
            }
            midline
        }).collect()
    }

    #[test]
    fn recovers_frequency_wavelength_and_direction_of_a_known_wave() {
        let g = gait(&travelling_wave(0.4, 0.65, 1.0, 0.05, 1200), 0.05).unwrap();
        assert!((g.frequency_hz - 0.4).abs() < 0.005, "{g:?}");
        assert!((g.wavelength_body_lengths - 0.65).abs() < 0.02, "{g:?}");
        assert_eq!(g.wave_direction, 1.0);
        let back = gait(&travelling_wave(1.8, 1.5, -1.0, 0.05, 1200), 0.05).unwrap();
        assert!((back.frequency_hz - 1.8).abs() < 0.01, "{back:?}");
        assert!((back.wavelength_body_lengths - 1.5).abs() < 0.1, "{back:?}");
        assert_eq!(back.wave_direction, -1.0);
    }

    #[test]
    fn a_straight_still_body_has_no_gait() {
        let still = vec![(0..20).map(|i| [i as f64, 0.0]).collect::<Vec<_>>(); 100];
        assert_eq!(gait(&still, 0.05), None);
    }

    #[test]
    fn a_body_that_barely_bends_has_no_gait_and_a_small_real_wave_has_one() {
        // Tangent amplitude 0.01 rad at 0.65 L: curvature RMS about 0.07 per L, a twitching body.
        assert_eq!(gait(&wave_of_amplitude(0.01, 0.4, 0.65, 1.0, 0.05, 400), 0.05), None);
        // 0.1 rad (an eighth of a crawl's): about 0.7 per L, still an undulation.
        let small = gait(&wave_of_amplitude(0.1, 0.4, 0.65, 1.0, 0.05, 400), 0.05).unwrap();
        assert!((small.frequency_hz - 0.4).abs() < 0.01, "{small:?}");
    }
}
