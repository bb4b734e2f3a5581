//! The check every parameter file repeats: named numbers that must be positive and finite.

/// The first of `fields` (name, value) that is not positive and finite, with its value.
pub fn first_not_positive(fields: &[(&'static str, f64)]) -> Option<(&'static str, f64)> {
    fields.iter().copied().find(|&(_, value)| !(value > 0.0 && value.is_finite()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_negative_nan_and_infinity_are_named_in_order() {
        assert_eq!(first_not_positive(&[("a", 1.0), ("b", 2.0)]), None);
        assert_eq!(first_not_positive(&[("a", 1.0), ("b", 0.0), ("c", -1.0)]), Some(("b", 0.0)));
        assert_eq!(first_not_positive(&[("a", f64::INFINITY)]), Some(("a", f64::INFINITY)));
        assert_eq!(first_not_positive(&[("a", f64::NAN)]).map(|f| f.0), Some("a"));
    }
}
