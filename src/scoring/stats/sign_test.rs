//! The exact sign test (Dixon & Mood 1946; e.g. Conover, Practical Nonparametric Statistics, 3rd ed.,
//! section 3.4): whether per-animal values lean to one side of zero, with no assumption about their
//! distribution. Used for published directions without a number (e.g. weathervaning toward higher NaCl),
//! whose per-animal values are long-tailed. Also the binomial tail it rests on, for choices at any rate.

use statrs::function::factorial::ln_binomial;

/// The outcome of a one-sided sign test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignTest {
    /// Values on the expected side of zero.
    pub toward: usize,
    /// Non-zero values (zeros carry no sign and are dropped, as the test prescribes).
    pub nonzero: usize,
    /// One-sided p of H0 "either side is equally likely" against "the expected side is more likely":
    /// P(Binomial(nonzero, 1/2) >= toward); 1 when no value has a sign.
    pub p_value: f64,
}

/// Exact one-sided sign test of finite `values` leaning to the side of `sign` (+1 or -1).
pub fn sign_test(values: &[f64], sign: f64) -> SignTest {
    let signed: Vec<f64> = values.iter().filter(|v| v.is_finite() && **v != 0.0).map(|v| v * sign).collect();
    let nonzero = signed.len();
    let toward = signed.iter().filter(|v| **v > 0.0).count();
    let n = nonzero as u64;
    let p_value = if nonzero == 0 {
        1.0
    } else {
        let half_n = (n as f64) * std::f64::consts::LN_2;
        (toward as u64..=n).map(|k| (ln_binomial(n, k) - half_n).exp()).sum::<f64>().min(1.0)
    };
    SignTest { toward, nonzero, p_value }
}

/// P(X >= k) for X ~ Binomial(n, p), summed exactly term by term.
pub fn binomial_at_least(n: u64, k: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    let (ln_p, ln_q) = (p.ln(), (1.0 - p).ln());
    (k..=n).map(|j| (ln_binomial(n, j) + j as f64 * ln_p + (n - j) as f64 * ln_q).exp()).sum::<f64>().min(1.0)
}

/// P(X <= k) for X ~ Binomial(n, p).
pub fn binomial_at_most(n: u64, k: u64, p: f64) -> f64 {
    // X <= k is n - X >= n - k, and n - X ~ Binomial(n, 1 - p).
    binomial_at_least(n, n - k.min(n), 1.0 - p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_tails_match_hand_sums() {
        // 26 of 26 at p = 0.95: 0.95^26; at least 22 of 23: 0.95^23 + 23 x 0.05 x 0.95^22.
        assert!((binomial_at_least(26, 26, 0.95) - 0.95f64.powi(26)).abs() < 1e-12);
        assert!((binomial_at_least(23, 22, 0.95) - (0.95f64.powi(23) + 23.0 * 0.05 * 0.95f64.powi(22))).abs() < 1e-12);
        // At most 1 of 10 at p = 0.8: 0.2^10 + 10 x 0.8 x 0.2^9.
        assert!((binomial_at_most(10, 1, 0.8) - (0.2f64.powi(10) + 10.0 * 0.8 * 0.2f64.powi(9))).abs() < 1e-15);
        assert_eq!(binomial_at_least(5, 0, 0.3), 1.0);
        assert_eq!(binomial_at_most(5, 5, 0.3), 1.0);
        assert_eq!(binomial_at_least(5, 1, 0.0), 0.0);
        assert!((binomial_at_least(10, 8, 0.5) - 56.0 / 1024.0).abs() < 1e-12, "the sign test's tail");
    }

    #[test]
    fn textbook_tails() {
        // All 10 of 10 on the expected side: p = 2^-10.
        assert!((sign_test(&[1.0; 10], 1.0).p_value - 1.0 / 1024.0).abs() < 1e-15);
        // 8 of 10: p = (C(10,8) + C(10,9) + C(10,10)) / 2^10 = 56/1024 = 0.0547 (Conover's tables).
        let mut v = vec![2.0; 8];
        v.extend([-1.0, -3.0]);
        let t = sign_test(&v, 1.0);
        assert_eq!((t.toward, t.nonzero), (8, 10));
        assert!((t.p_value - 56.0 / 1024.0).abs() < 1e-12, "{t:?}");
        // The other direction on the same data: P(X >= 2) = 1 - 11/1024.
        assert!((sign_test(&v, -1.0).p_value - 1013.0 / 1024.0).abs() < 1e-12);
    }

    #[test]
    fn zeros_and_missing_values_carry_no_sign() {
        let t = sign_test(&[0.0, f64::NAN, 0.0, 1.0], 1.0);
        assert_eq!((t.toward, t.nonzero), (1, 1));
        assert!((t.p_value - 0.5).abs() < 1e-15);
        assert_eq!(sign_test(&[0.0, f64::NAN], 1.0).p_value, 1.0);
    }
}
