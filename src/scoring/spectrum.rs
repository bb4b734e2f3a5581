//! Power spectra of regularly sampled series by a radix-2 FFT: the coarse frequency scan of
//! [`crate::scoring::gait`] would otherwise cost one full Fourier sum per trial frequency, which grows
//! with the square of the recording's length (44 % of a 300-s run's time before this module).

use std::f64::consts::TAU;

/// In-place iterative radix-2 Cooley-Tukey FFT (forward, e^{-i 2 pi k n / N}); the length must be a
/// power of two.
pub fn fft_in_place(re: &mut [f64], im: &mut [f64]) {
    let n = re.len();
    assert!(n.is_power_of_two() && im.len() == n, "FFT length {n} must be a power of two, re and im alike");
    let mut j = 0;
    for i in 1..n {
        let mut bit = n >> 1;
        while j & bit != 0 {
            j ^= bit;
            bit >>= 1;
        }
        j |= bit;
        if i < j {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let mut half = 1;
    while half < n {
        let (step_sin, step_cos) = (-TAU / (2 * half) as f64).sin_cos();
        for start in (0..n).step_by(2 * half) {
            let (mut c, mut s) = (1.0, 0.0);
            for k in start..start + half {
                let (xr, xi) = (re[k + half] * c - im[k + half] * s, re[k + half] * s + im[k + half] * c);
                re[k + half] = re[k] - xr;
                im[k + half] = im[k] - xi;
                re[k] += xr;
                im[k] += xi;
                (c, s) = (c * step_cos - s * step_sin, c * step_sin + s * step_cos);
            }
        }
        half *= 2;
    }
}

/// Adds the power |X(f_k)|^2 of the mean-removed `series`, zero-padded to `power.len()` samples (a power
/// of two), at f_k = k / (power.len() dt) for k below half the length, into `power`.
pub fn add_padded_power(series: &[f64], power: &mut [f64], re: &mut Vec<f64>, im: &mut Vec<f64>) {
    let m = power.len();
    let mean = series.iter().sum::<f64>() / series.len() as f64;
    re.clear();
    re.extend(series.iter().map(|x| x - mean));
    re.resize(m, 0.0);
    im.clear();
    im.resize(m, 0.0);
    fft_in_place(re, im);
    for (k, p) in power.iter_mut().enumerate().take(m / 2 + 1) {
        *p += re[k] * re[k] + im[k] * im[k];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fft_equals_the_direct_fourier_sum() {
        let n = 64;
        let x: Vec<f64> = (0..n).map(|i| ((i * 7 % 13) as f64 - 6.0) * 0.1 + (0.3 * i as f64).sin()).collect();
        let (mut re, mut im) = (x.clone(), vec![0.0; n]);
        fft_in_place(&mut re, &mut im);
        for k in 0..n {
            let (mut dr, mut di) = (0.0, 0.0);
            for (j, v) in x.iter().enumerate() {
                let angle = -TAU * (k * j) as f64 / n as f64;
                dr += v * angle.cos();
                di += v * angle.sin();
            }
            assert!((re[k] - dr).abs() < 1e-9 && (im[k] - di).abs() < 1e-9, "bin {k}: {} {} against {dr} {di}", re[k], im[k]);
        }
    }

    #[test]
    fn a_sine_padded_four_times_peaks_at_its_frequency() {
        // 5 cycles over 100 samples (dt 0.1 s): 0.5 Hz; padded to 512 samples the bins are 1/51.2 Hz apart.
        let x: Vec<f64> = (0..100).map(|i| (TAU * 0.5 * i as f64 * 0.1).sin() + 2.0).collect();
        let mut power = vec![0.0; 512];
        add_padded_power(&x, &mut power, &mut Vec::new(), &mut Vec::new());
        let peak = (0..=256).max_by(|&a, &b| power[a].total_cmp(&power[b])).unwrap();
        assert!((peak as f64 / (512.0 * 0.1) - 0.5).abs() < 1.0 / 51.2, "peak at bin {peak}: more than a bin from 0.5 Hz");
        assert!(power[0] < 1e-9, "the mean is removed: {}", power[0]);
    }
}
