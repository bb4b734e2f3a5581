//! The only user of rapier3d: planar chains of rigid segments, resistive-force media and plate walls,
//! and legged bodies standing on the ground.
//!
//! Internal units are millimetres, seconds and milligrams, so forces are nanonewtons (1 mg mm/s^2 =
//! 1e-9 N) and torques nanonewton-millimetres. Specs give drag in SI (N s/m^2) and convert here.

pub mod chain;
mod finite;
pub mod legged;
pub mod medium;

pub use chain::{ChainLayout, JointDrive, PhysicsSettings, PlanarChain, SegmentPose, Wall};
pub use legged::{CapsuleSpec, JointSpec, LeggedSettings, LeggedWorld, LinkPose, LinkSpec};
pub use medium::{DragTally, Medium};

/// A physics failure, such as a non-finite state after an unstable step.
#[derive(Debug, thiserror::Error)]
pub enum PhysicsError {
    /// Positions or velocities became NaN or infinite.
    #[error("physics became unstable at t = {time_s:.4} s: segment {segment} has a non-finite {quantity} (try a smaller dt_physics_s or more solver iterations)")]
    NonFinite {
        /// Simulated time of the failing step.
        time_s: f64,
        /// Index of the first bad segment (0 = head).
        segment: usize,
        /// Which quantity went bad.
        quantity: &'static str,
    },
}
