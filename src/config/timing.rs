//! Checks that the control step is a whole multiple of the brain and physics steps.

/// How many `inner_s` steps make one `outer_s` step, when the division is whole to 1e-9 relative.
pub fn steps_per(outer_s: f64, inner_s: f64) -> Option<usize> {
    if !(outer_s > 0.0 && inner_s > 0.0 && outer_s.is_finite() && inner_s.is_finite()) {
        return None;
    }
    let ratio = outer_s / inner_s;
    let whole = ratio.round();
    if whole >= 1.0 && (ratio - whole).abs() <= 1e-9 * ratio.max(1.0) {
        Some(whole as usize)
    } else {
        None
    }
}

/// A message naming both numbers when `outer_s` is not a whole multiple of `inner_s`.
pub fn check_whole_multiple(outer_name: &str, outer_s: f64, inner_name: &str, inner_s: f64) -> Result<usize, String> {
    steps_per(outer_s, inner_s).ok_or_else(|| {
        format!(
            "{outer_name} = {outer_s} s is not a whole multiple of {inner_name} = {inner_s} s \
             ({outer_s} / {inner_s} = {:.6}); choose steps that divide",
            outer_s / inner_s
        )
    })
}
