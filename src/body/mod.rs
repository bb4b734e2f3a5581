//! Bodies built from `bodies/*.ron`: segments, joints, muscles and sensor sites; `state` (sense) and
//! `actuate` are the only ways in and out.

pub mod fly;
mod muscle_map;
pub mod worm;

pub use fly::{FlyBody, FlyPlacement};
pub use muscle_map::MuscleMap;
pub use worm::WormBody;

use crate::buffers::MuscleCommand;
use crate::physics::PhysicsError;

/// What the rest of the loop may know about a body after a step: plain numbers, no physics handles.
///
/// The common part (time, midline from head to tail, sites, centroid and its velocity, from which heading
/// and signed speed follow) is filled by every species; `bend_rad` is the worm's, `height_mm` and `legs` the
/// fly's (zero and empty for a worm).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyState {
    /// Simulated time.
    pub time_s: f64,
    /// Midline points from head tip to tail tip (segment ends for the worm; head, thorax, abdomen tip for
    /// the fly), x and y.
    pub midline_mm: Vec<[f64; 2]>,
    /// Bend angle at each joint, dorsal positive (worm).
    pub bend_rad: Vec<f64>,
    /// Height of the main body's origin above the ground (fly: the thorax-head joint; 0 on a plate).
    pub height_mm: f64,
    /// Legs in the body's leg order (empty for legless bodies).
    pub legs: Vec<LegState>,
    /// Position of each sensor site, in the body's site order.
    pub site_mm: Vec<[f64; 2]>,
    /// Length-weighted centre of the segments.
    pub centroid_mm: [f64; 2],
    /// Length-weighted mean velocity of the segments.
    pub centroid_velocity_mm_per_s: [f64; 2],
    /// External load the body felt over the last physics steps: the medium's drag power per squared
    /// segment speed per length (worm; NaN when it did not move or the body has no drag model).
    pub load_n_s_per_m2: f64,
}

/// Where a leg's tarsus is and whether it touches the ground.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LegState {
    /// Tip of the tarsus, x, y, z.
    pub tarsus_tip_mm: [f64; 3],
    /// Whether the tip is within contact distance of the ground.
    pub on_ground: bool,
    /// Joint angles as offsets from the neutral posture with anatomical signs, in
    /// `config::fly_body_spec::LegJoint::ALL` order (what the gait record and the kinematic comparison read).
    pub joint_angles_rad: [f64; 5],
}

impl BodyState {
    /// Head tip.
    pub fn head_mm(&self) -> [f64; 2] {
        self.midline_mm[0]
    }

    /// Tail tip.
    pub fn tail_mm(&self) -> [f64; 2] {
        self.midline_mm[self.midline_mm.len() - 1]
    }

    /// Direction from tail tip to head tip, counter-clockwise from +x.
    pub fn heading_rad(&self) -> f64 {
        let (head, tail) = (self.head_mm(), self.tail_mm());
        (head[1] - tail[1]).atan2(head[0] - tail[0])
    }

    /// Centroid velocity along the tail-to-head axis: positive forward, negative backward.
    pub fn signed_speed_mm_per_s(&self) -> f64 {
        let heading = self.heading_rad();
        let v = self.centroid_velocity_mm_per_s;
        v[0] * heading.cos() + v[1] * heading.sin()
    }
}

/// A body in the closed loop.
pub trait Body: Send {
    /// Muscle names in command order.
    fn muscle_names(&self) -> &[String];
    /// Sets muscle activations for the coming physics substeps.
    fn actuate(&mut self, command: &MuscleCommand);
    /// Advances the physics by `substeps` steps.
    fn advance(&mut self, substeps: usize) -> Result<(), PhysicsError>;
    /// Writes the body's current state.
    fn sense(&mut self, state: &mut BodyState);
}
