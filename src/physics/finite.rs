//! The check after every step that a world's bodies still have finite, plausible states.

use super::PhysicsError;
use rapier3d::prelude::*;

/// The first of `handles` whose position, velocity or orientation is not finite, or whose speed exceeds
/// `max_speed_mm_per_s` (reported as `too_fast`), as an error naming its index and the time.
pub(crate) fn check_finite(bodies: &RigidBodySet, handles: &[RigidBodyHandle], time_s: f64, max_speed_mm_per_s: f32, too_fast: &'static str) -> Result<(), PhysicsError> {
    for (segment, handle) in handles.iter().enumerate() {
        let body = &bodies[*handle];
        let quantity = if !body.translation().is_finite() {
            "position"
        } else if !body.linvel().is_finite() {
            "velocity"
        } else if body.linvel().length() > max_speed_mm_per_s {
            too_fast
        } else if !body.rotation().is_finite() {
            "orientation"
        } else {
            continue;
        };
        return Err(PhysicsError::NonFinite { time_s, segment, quantity });
    }
    Ok(())
}
