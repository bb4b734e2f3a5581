//! Benjamini-Hochberg false-discovery-rate control across metrics.

/// BH-adjusted p-values (q-values), in the input order: q_(i) = min_{j>=i} p_(j) m / j, capped at 1
/// (Benjamini & Hochberg 1995). Non-finite p-values are passed through and not counted in m.
pub fn benjamini_hochberg(p_values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..p_values.len()).filter(|&i| p_values[i].is_finite()).collect();
    order.sort_by(|&a, &b| p_values[a].total_cmp(&p_values[b]));
    let m = order.len() as f64;
    let mut q = p_values.to_vec();
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(p_values[i] * m / (rank + 1) as f64);
        q[i] = running.min(1.0);
    }
    q
}
