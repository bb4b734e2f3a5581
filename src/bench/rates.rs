//! Per-neuron firing rates over trials and the statistics the Brian2 parity check reports.

/// Per-neuron mean rate (Hz) over the trials of `counts` (trial-major, `neurons` per trial) in `trials`.
pub fn mean_rates_hz(counts: &[u32], neurons: usize, trials: std::ops::Range<usize>, seconds: f64) -> Vec<f64> {
    let scale = 1.0 / (trials.len() as f64 * seconds);
    (0..neurons).map(|i| trials.clone().map(|t| counts[t * neurons + i] as f64).sum::<f64>() * scale).collect()
}

/// Mean rate over all neurons of each trial (Hz).
pub fn trial_means_hz(counts: &[u32], neurons: usize, seconds: f64) -> Vec<f64> {
    counts.chunks_exact(neurons).map(|c| c.iter().map(|&k| k as f64).sum::<f64>() / (neurons as f64 * seconds)).collect()
}

/// Mean of a slice (NaN when empty).
pub fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

/// Sample standard deviation (NaN below two values).
pub fn sd(x: &[f64]) -> f64 {
    let m = mean(x);
    (x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (x.len() as f64 - 1.0)).sqrt()
}

/// Pearson correlation of `a` and `b` over the indices where `keep` holds; 0 when either is constant there.
pub fn pearson(a: &[f64], b: &[f64], keep: impl Fn(usize) -> bool) -> f64 {
    let idx: Vec<usize> = (0..a.len().min(b.len())).filter(|&i| keep(i)).collect();
    let n = idx.len() as f64;
    let (ma, mb) = (idx.iter().map(|&i| a[i]).sum::<f64>() / n, idx.iter().map(|&i| b[i]).sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for &i in &idx {
        let (dx, dy) = (a[i] - ma, b[i] - mb);
        sab += dx * dy;
        saa += dx * dx;
        sbb += dy * dy;
    }
    if saa > 0.0 && sbb > 0.0 {
        sab / (saa * sbb).sqrt()
    } else {
        0.0
    }
}

/// Spearman-Brown: the correlation two independent averages of 2k trials would reach, from that of k-trial halves.
pub fn spearman_brown_doubled(r_half: f64) -> f64 {
    2.0 * r_half / (1.0 + r_half)
}
