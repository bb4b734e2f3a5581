//! A chain of rigid segments joined by bending joints about the plate normal, pushed through a
//! resistive medium: the physical body of a crawling or swimming worm.
//!
//! Drag is applied explicitly as a force each substep. A real worm segment weighs about 0.3 ug and
//! relaxes in about 1e-7 s, far below any useful step; the motion is overdamped, so the segment
//! masses are raised until the relaxation time equals `relaxation_steps` physics steps. The motion
//! (set by the balance of drag and muscle torques) is unchanged while that time stays far below the
//! undulation period, and the explicit drag stays stable (it needs dt < 2 m / (C ds)).

use super::{DragTally, Medium, PhysicsError};
use rapier3d::prelude::*;

/// Numerical settings of the physics step, all in one `Copy` struct.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhysicsSettings {
    /// Physics step.
    pub dt_s: f64,
    /// Velocity solver iterations per step.
    pub solver_iterations: usize,
    /// Inertial relaxation time of a segment, in physics steps (sets the artificial mass).
    pub relaxation_steps: f64,
}

/// Where the segments start and how big they are; segment 0 is the head.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainLayout {
    /// Length of each segment along the body axis.
    pub segment_lengths_mm: Vec<f32>,
    /// Radius of each segment (how close to the wall its centre may come).
    pub segment_radii_mm: Vec<f32>,
    /// Position of the head tip on the plate.
    pub head_tip_mm: [f32; 2],
    /// Direction the head points, counter-clockwise from +x.
    pub heading_rad: f32,
    /// Simulated time at construction (a body placed anew in a later phase keeps the run's clock).
    pub start_time_s: f64,
}

/// A circular plate wall that pushes segments back inside.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wall {
    /// Centre of the plate.
    pub center_mm: [f32; 2],
    /// Inner radius of the wall.
    pub radius_mm: f32,
}

/// What a joint's motor pulls toward: a rest angle with a stiffness and damping.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct JointDrive {
    /// Rest angle, positive when the posterior segment turns counter-clockwise (seen from above).
    pub target_rad: f32,
    /// Bending stiffness, nN mm per rad.
    pub stiffness: f32,
    /// Bending damping, nN mm s per rad.
    pub damping: f32,
}

/// Position and orientation of one segment's centre on the plate.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SegmentPose {
    /// Centre x.
    pub x_mm: f64,
    /// Centre y.
    pub y_mm: f64,
    /// Direction of the segment's anterior end, counter-clockwise from +x.
    pub heading_rad: f64,
    /// Velocity x.
    pub vx_mm_per_s: f64,
    /// Velocity y.
    pub vy_mm_per_s: f64,
}

/// The joints of the chain lock only the two in-plane translations, in frames equal to the segments'
/// own (no rotation: rows exactly in the plane), and drive the bend about the plate normal (local Z).
/// A full revolute joint (rapier's `RevoluteJointBuilder`) also locks the out-of-plane translation and
/// the two tilts; nothing here ever moves a segment out of the plane (every force lies in it, every
/// torque is about the normal, the inertia is isotropic), so those rows only cost solver time: about a
/// quarter of rapier's (`ett bench physics`, body alone: ~350 -> ~480 times real time). They also did
/// harm: the revolute joint's frame, rotated from X to Z in f32, lies ~1e-8 off the plane, and during
/// touch-evoked reversals the chain left the plane and stalled (tests/planar_body.rs).
const PLANAR_JOINT_LOCKS: JointAxesMask = JointAxesMask::LIN_X.union(JointAxesMask::LIN_Y);

/// The joint axis of the bending motor (the plate normal, in the joint frame).
const BEND_AXIS: JointAxis = JointAxis::AngZ;

/// No body this harness simulates moves a segment faster than this; faster means a diverging step.
const MAX_SPEED_MM_PER_S: f32 = 1.0e3;

/// A planar chain in its own rapier world.
pub struct PlanarChain {
    world: PhysicsWorld,
    segments: Vec<RigidBodyHandle>,
    joints: Vec<ImpulseJointHandle>,
    lengths_mm: Vec<f32>,
    radii_mm: Vec<f32>,
    masses_mg: Vec<f32>,
    medium: Medium,
    wall: Option<Wall>,
    time_s: f64,
    drag: DragTally,
}

impl PlanarChain {
    /// Builds the chain straight along `heading_rad`, head tip at `head_tip_mm`.
    pub fn new(layout: &ChainLayout, medium: Medium, wall: Option<Wall>, settings: PhysicsSettings) -> Self {
        let mut world = PhysicsWorld::new();
        world.gravity = Vector::ZERO;
        world.integration_parameters.dt = settings.dt_s as f32;
        world.integration_parameters.num_solver_iterations = settings.solver_iterations.max(1);
        world.integration_parameters.length_unit = 0.1;

        let axis = Vec3::new(layout.heading_rad.cos(), layout.heading_rad.sin(), 0.0);
        let rotation = Rotation::from_rotation_z(layout.heading_rad);
        let relaxation_s = (settings.relaxation_steps * settings.dt_s) as f32;
        let mut segments = Vec::with_capacity(layout.segment_lengths_mm.len());
        let mut masses_mg = Vec::with_capacity(layout.segment_lengths_mm.len());
        let mut distance_from_tip = 0.0f32;
        let head_tip = Vec3::new(layout.head_tip_mm[0], layout.head_tip_mm[1], 0.0);
        for &length in &layout.segment_lengths_mm {
            let center = head_tip - axis * (distance_from_tip + 0.5 * length);
            distance_from_tip += length;
            let mass = relaxation_s * medium.normal_per_mm * length;
            let inertia = mass * length * length / 12.0;
            let body = RigidBodyBuilder::dynamic()
                .translation(center)
                .rotation(rotation.to_scaled_axis())
                .additional_mass_properties(MassProperties::new(Vec3::ZERO, mass, Vec3::splat(inertia)))
                .can_sleep(false)
                .build();
            segments.push(world.bodies.insert(body));
            masses_mg.push(mass);
        }
        let mut joints = Vec::with_capacity(segments.len().saturating_sub(1));
        for i in 1..segments.len() {
            let joint = GenericJointBuilder::new(PLANAR_JOINT_LOCKS)
                .local_anchor1(Vec3::new(-0.5 * layout.segment_lengths_mm[i - 1], 0.0, 0.0))
                .local_anchor2(Vec3::new(0.5 * layout.segment_lengths_mm[i], 0.0, 0.0))
                .contacts_enabled(false)
                .motor_model(BEND_AXIS, MotorModel::ForceBased)
                .motor_position(BEND_AXIS, 0.0, 0.0, 0.0);
            joints.push(world.impulse_joints.insert(segments[i - 1], segments[i], joint, true));
        }
        PlanarChain {
            world,
            segments,
            joints,
            lengths_mm: layout.segment_lengths_mm.clone(),
            radii_mm: layout.segment_radii_mm.clone(),
            masses_mg,
            medium,
            wall,
            time_s: layout.start_time_s,
            drag: DragTally::default(),
        }
    }

    /// Number of segments.
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    /// Simulated time since construction.
    pub fn time_s(&self) -> f64 {
        self.time_s
    }

    /// Sets every joint's motor; `drives` has one entry per joint, head first.
    pub fn set_drives(&mut self, drives: &[JointDrive]) {
        for (handle, drive) in self.joints.iter().zip(drives) {
            if let Some(joint) = self.world.impulse_joints.get_mut(*handle, false) {
                joint.data.set_motor_position(BEND_AXIS, drive.target_rad, drive.stiffness, drive.damping);
            }
        }
    }

    /// Advances one physics step: drag and wall forces, then rapier's step.
    pub fn step(&mut self) -> Result<(), PhysicsError> {
        let (ct, cn) = (self.medium.tangential_per_mm, self.medium.normal_per_mm);
        for (index, handle) in self.segments.iter().enumerate() {
            let length = self.lengths_mm[index];
            let mass = self.masses_mg[index];
            let body = &mut self.world.bodies[*handle];
            let tangent = *body.rotation() * Vec3::X;
            let velocity = body.linvel();
            let along = tangent * velocity.dot(tangent);
            let across = velocity - along;
            let mut force = -(along * ct + across * cn) * length;
            self.drag.add(&self.medium, along.length_squared(), across.length_squared(), length);
            if let Some(wall) = self.wall {
                force += wall_force(wall, body.translation(), self.radii_mm[index], mass, self.world.integration_parameters.dt);
            }
            let torque = -body.angvel() * (cn * length * length * length / 12.0);
            body.reset_forces(false);
            body.reset_torques(false);
            body.add_force(force, false);
            body.add_torque(torque, false);
        }
        self.world.step();
        self.time_s += self.world.integration_parameters.dt as f64;
        self.check_finite()
    }

    /// Starts a new window for the drag load (before the physics steps of one control step).
    pub fn clear_drag_load(&mut self) {
        self.drag.clear();
    }

    /// External load felt over the steps since the last clear (see [`DragTally`]), N s/m^2; NaN when
    /// no segment moved.
    pub fn drag_load_n_s_per_m2(&self) -> f64 {
        self.drag.load_n_s_per_m2()
    }

    fn check_finite(&self) -> Result<(), PhysicsError> {
        super::finite::check_finite(&self.world.bodies, &self.segments, self.time_s, MAX_SPEED_MM_PER_S, "velocity (above 1 m/s: the step is unstable)")
    }

    /// Bend angle at each joint (posterior relative to anterior, counter-clockwise positive).
    pub fn joint_angles(&self, out: &mut [f64]) {
        for (i, angle) in out.iter_mut().enumerate().take(self.joints.len()) {
            let front = *self.world.bodies[self.segments[i]].rotation() * Vec3::X;
            let back = *self.world.bodies[self.segments[i + 1]].rotation() * Vec3::X;
            *angle = (front.x * back.y - front.y * back.x).atan2(front.dot(back)) as f64;
        }
    }

    /// Pose of each segment, head first.
    pub fn segment_poses(&self, out: &mut [SegmentPose]) {
        for (pose, handle) in out.iter_mut().zip(&self.segments) {
            let body = &self.world.bodies[*handle];
            let position = body.translation();
            let tangent = *body.rotation() * Vec3::X;
            let velocity = body.linvel();
            *pose = SegmentPose {
                x_mm: position.x as f64,
                y_mm: position.y as f64,
                heading_rad: (tangent.y as f64).atan2(tangent.x as f64),
                vx_mm_per_s: velocity.x as f64,
                vy_mm_per_s: velocity.y as f64,
            };
        }
    }

    /// Segment lengths, head first.
    pub fn segment_lengths_mm(&self) -> &[f32] {
        &self.lengths_mm
    }
}

/// A penalty spring pushing a segment centre back inside the wall, stiff enough to act within a few
/// steps yet below the explicit stability limit (k dt^2 / m < 1).
fn wall_force(wall: Wall, position: Vec3, radius_mm: f32, mass_mg: f32, dt_s: f32) -> Vec3 {
    let offset = Vec3::new(position.x - wall.center_mm[0], position.y - wall.center_mm[1], 0.0);
    let distance = offset.length();
    let penetration = distance + radius_mm - wall.radius_mm;
    if penetration <= 0.0 || distance == 0.0 {
        return Vec3::ZERO;
    }
    let stiffness = 0.25 * mass_mg / (dt_s * dt_s);
    -offset / distance * stiffness * penetration
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain() -> PlanarChain {
        let medium = Medium { tangential_per_mm: 3200.0, normal_per_mm: 128_000.0 };
        let layout = ChainLayout { segment_lengths_mm: vec![0.1; 10], segment_radii_mm: vec![0.03; 10], head_tip_mm: [0.0, 0.0], heading_rad: 0.0, start_time_s: 0.0 };
        PlanarChain::new(&layout, medium, None, PhysicsSettings { dt_s: 0.02, solver_iterations: 2, relaxation_steps: 4.0 })
    }

    #[test]
    fn a_non_finite_state_is_reported_naming_segment_and_time() {
        // rapier ignores non-finite forces, so a state can only go bad through its inputs: here the start.
        let layout = ChainLayout { segment_lengths_mm: vec![0.1; 10], segment_radii_mm: vec![0.03; 10], head_tip_mm: [f32::NAN, 0.0], heading_rad: 0.0, start_time_s: 0.0 };
        let settings = PhysicsSettings { dt_s: 0.02, solver_iterations: 2, relaxation_steps: 4.0 };
        let mut chain = PlanarChain::new(&layout, Medium { tangential_per_mm: 3200.0, normal_per_mm: 128_000.0 }, None, settings);
        let message = chain.step().err().expect("NaN must be caught").to_string();
        assert!(message.contains("physics became unstable at t = 0.0200 s: segment 0 has a non-finite position"), "{message}");
    }

    #[test]
    fn a_bent_chain_straightens_under_its_passive_spring_and_stays_put_overall() {
        let mut chain = chain();
        chain.set_drives(&vec![JointDrive { target_rad: 0.3, stiffness: 5.0e4, damping: 100.0 }; 9]);
        for _ in 0..100 {
            chain.step().unwrap();
        }
        let mut angles = vec![0.0; 9];
        chain.joint_angles(&mut angles);
        assert!(angles.iter().all(|a| (a - 0.3).abs() < 0.02), "joints reach their targets: {angles:?}");
        chain.set_drives(&vec![JointDrive { target_rad: 0.0, stiffness: 5.0e3, damping: 100.0 }; 9]);
        for _ in 0..200 {
            chain.step().unwrap();
        }
        chain.joint_angles(&mut angles);
        assert!(angles.iter().all(|a| a.abs() < 0.02), "passive spring straightens: {angles:?}");
    }

    #[test]
    fn the_drag_load_of_a_bending_chain_lies_between_the_mediums_coefficients() {
        let water = Medium { tangential_per_mm: 3.3, normal_per_mm: 5.2 };
        let agar = Medium { tangential_per_mm: 3200.0, normal_per_mm: 128_000.0 };
        let layout = ChainLayout { segment_lengths_mm: vec![0.1; 10], segment_radii_mm: vec![0.03; 10], head_tip_mm: [0.0, 0.0], heading_rad: 0.0, start_time_s: 0.0 };
        let settings = PhysicsSettings { dt_s: 0.01, solver_iterations: 20, relaxation_steps: 4.0 };
        for medium in [water, agar] {
            let mut chain = PlanarChain::new(&layout, medium, None, settings);
            assert!(chain.drag_load_n_s_per_m2().is_nan(), "a chain that has not moved feels no load");
            chain.set_drives(&vec![JointDrive { target_rad: 0.3, stiffness: 5.0e4, damping: 100.0 }; 9]);
            chain.clear_drag_load();
            for _ in 0..5 {
                chain.step().unwrap();
            }
            let load = chain.drag_load_n_s_per_m2();
            let (lo, hi) = (medium.tangential_per_mm as f64 * 1e-3, medium.normal_per_mm as f64 * 1e-3);
            assert!(load >= lo && load <= hi, "load {load} N s/m^2 outside {lo}..{hi}");
        }
    }
}
