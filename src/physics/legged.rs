//! An articulated body standing on a flat ground under gravity: rigid links of capsules, joints with
//! position motors on chosen angular axes, and an optional downward pull per link (tarsal adhesion).
//!
//! Impulse or multibody joints (`LeggedSettings::multibody`). The links of a fly leg weigh about a thousandth
//! of the body they carry; impulse joints could not carry that mass ratio, so the fly's legs are multibodies,
//! one per leg, each hung on the body by an impulse joint (`split_limbs`: the body then carries six legs of
//! about a tenth of its mass, which impulse joints can; `LeggedSettings::fly_default`, measured in
//! `tests/fly_body.rs` and `tests/fly_walk.rs`).

use super::PhysicsError;
use rapier3d::prelude::*;

/// Numerical settings of a legged world's step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeggedSettings {
    /// Physics step.
    pub dt_s: f64,
    /// Velocity solver iterations per step.
    pub solver_iterations: usize,
    /// Gravity, pointing down (-z).
    pub gravity_mm_per_s2: f64,
    /// Lower bound on each principal moment of inertia of a link (keeps thin capsules from spinning freely
    /// about their axis, as MuJoCo's `boundinertia` does).
    pub min_inertia_mg_mm2: f64,
    /// Lower bound on the mass of a light link (a leg segment); the body that owns the links takes the added
    /// mass off its heaviest part so the total stays as published. Iterative joint solvers lose the load of a
    /// heavy body carried by links a thousand times lighter; MuJoCo's `boundmass` is the same remedy.
    pub min_link_mass_mg: f64,
    /// Reduced-coordinate (multibody) joints instead of impulse joints.
    pub multibody: bool,
    /// With `multibody`, the joints on the root link (link 0) are impulse joints, so that each limb is a
    /// multibody of its own hanging on the root: rapier's multibody cost grows with links x dofs^2, and
    /// one 36-dof tree of 31 links cost about 85 % of the fly's step.
    pub split_limbs: bool,
    /// Constraint-solver (PGS) iterations inside each of the `solver_iterations` substeps. They are cheap
    /// next to a substep, which rebuilds every multibody's mass matrix; the impulse joints of split limbs
    /// need them to carry the body.
    pub pgs_iterations: usize,
}

impl LeggedSettings {
    /// The settings the fly body stands and walks with; tests, benchmarks and tasks all take these.
    pub fn fly_default() -> Self {
        // Measured 2026-11-29 (README, "The fly body"): impulse joints let the thorax sink onto the ground; multibody
        // joints with leg links of at least 0.02 mg stand. rapier rebuilds the multibody's mass matrix every solver
        // iteration (80% of the time in perf): 3 iterations instead of 4 is about 1.2x faster and walks the same;
        // 2 iterations at 0.3 ms was 2.5x faster and walked, but the standing fly crept 0.66 mm in 1 s (0.5 allowed);
        // 1 iteration, or 2 at 0.4-0.5 ms, let the body sag and broke the gait.
        // 2026-12-07 (`ett bench fly --seconds 2 --drive D`): one multibody per leg (`split_limbs`) runs at 0.79-0.81x
        // real time against 0.25x for the one 36-dof tree; with the default single PGS iteration per substep the
        // thorax sank to 0.55 mm and the gait broke, with 8 it walked at 9.9 mm/s at full drive, with 12 at 11.4
        // (the tree: 12.1), 9.1 at drive 0.75 (8.2) and 5.1 at drive 0.5 (4.3), the tripods in antiphase.
        LeggedSettings { dt_s: 2.0e-4, solver_iterations: 3, gravity_mm_per_s2: 9810.0, min_inertia_mg_mm2: 1.0e-5, min_link_mass_mg: 0.02, multibody: true, split_limbs: true, pgs_iterations: 12 }
    }
}

/// A joint of either kind, as stored in rapier.
#[derive(Debug, Clone, Copy)]
enum JointHandle {
    Impulse(ImpulseJointHandle),
    Multibody(MultibodyJointHandle),
}

/// A capsule of a link, in the link's frame, with its share of the link's mass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapsuleSpec {
    /// One end of the axis.
    pub a_mm: Vec3,
    /// The other end.
    pub b_mm: Vec3,
    /// Radius.
    pub radius_mm: f32,
    /// Mass carried by this capsule.
    pub mass_mg: f32,
    /// Coulomb friction against the ground.
    pub friction: f32,
}

/// A rigid link at its initial pose.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkSpec {
    /// Initial position of the link frame.
    pub position_mm: Vec3,
    /// Initial orientation of the link frame.
    pub rotation: Rotation,
    /// Shapes and masses.
    pub capsules: Vec<CapsuleSpec>,
    /// Whether the capsules collide with the ground (links never collide with each other).
    pub touches_ground: bool,
}

/// A joint between two links: which angular axes of its frame are free, each with a position motor.
#[derive(Debug, Clone, PartialEq)]
pub struct JointSpec {
    /// Parent link index.
    pub parent: usize,
    /// Child link index.
    pub child: usize,
    /// Joint centre in the world, at the initial poses.
    pub anchor_mm: Vec3,
    /// Orientation of the joint frame in the world, at the initial poses (free axes are its X, Y, Z).
    pub frame: Rotation,
    /// Free angular axes, each driven by a position motor (angle zero at the initial poses).
    pub free_axes: Vec<JointAxis>,
    /// Allowed angle range per free axis, rad.
    pub limits_rad: Vec<[f32; 2]>,
    /// Motor stiffness, nN mm per rad.
    pub stiffness: f32,
    /// Motor damping, nN mm s per rad.
    pub damping: f32,
}

/// Position and velocity of one link.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkPose {
    /// Link frame origin.
    pub position_mm: Vec3,
    /// Link frame orientation.
    pub rotation: Rotation,
    /// Centre of mass.
    pub center_of_mass_mm: Vec3,
    /// Velocity of the centre of mass.
    pub velocity_mm_per_s: Vec3,
}

/// The angle of `rotation` about one axis of its frame (its twist in a swing-twist decomposition): for a
/// hinge, whose other axes are locked, the hinge angle.
fn twist_angle_rad(rotation: Rotation, axis: JointAxis) -> f64 {
    let along = match axis {
        JointAxis::AngX => rotation.x,
        JointAxis::AngY => rotation.y,
        JointAxis::AngZ => rotation.z,
        _ => return f64::NAN,
    };
    let angle = 2.0 * (along as f64).atan2(rotation.w as f64);
    // q and -q are the same rotation: keep the angle within (-pi, pi].
    if angle > std::f64::consts::PI { angle - std::f64::consts::TAU } else if angle <= -std::f64::consts::PI { angle + std::f64::consts::TAU } else { angle }
}

/// No body this harness simulates moves a link faster than this; faster means a diverging step.
const MAX_SPEED_MM_PER_S: f32 = 5.0e3;

/// Natural frequency of contact constraints.
const CONTACT_HZ: f32 = 1.0e4;

/// Height of an arena's rim: above a standing fly (thorax about 1 mm up), so it cannot climb over.
const WALL_HEIGHT_MM: f32 = 4.0;
/// Thickness of the rim's boxes.
const WALL_THICKNESS_MM: f32 = 1.0;
/// Longest box of the rim.
const WALL_PIECE_MM: f32 = 1.0;
/// Friction of the rim: smooth (a fly walking along it slides; the ground's friction is what it walks on).
const WALL_FRICTION: f32 = 0.1;

const GROUND_GROUP: Group = Group::GROUP_1;
const WALL_GROUP: Group = Group::GROUP_3;
const RIM_TOUCHING_GROUP: Group = Group::GROUP_4;
const TOUCHING_GROUP: Group = Group::GROUP_2;

/// An articulated body and the ground in their own rapier world.
pub struct LeggedWorld {
    world: PhysicsWorld,
    links: Vec<RigidBodyHandle>,
    motors: Vec<(JointHandle, JointAxis, f32, f32)>,
    multibody: bool,
    split_limbs: bool,
    pull_nn: Vec<f32>,
    min_inertia_mg_mm2: f32,
    time_s: f64,
}

impl LeggedWorld {
    /// An empty world with the ground plane z = 0.
    pub fn new(settings: LeggedSettings) -> Self {
        let mut world = PhysicsWorld::new();
        world.gravity = Vec3::new(0.0, 0.0, -settings.gravity_mm_per_s2 as f32);
        let p = &mut world.integration_parameters;
        p.dt = settings.dt_s as f32;
        p.num_solver_iterations = settings.solver_iterations.max(1);
        // Tolerances scale with the length unit: a fly is about 2.5 mm long and its contacts matter at 0.01 mm.
        p.length_unit = 1.0;
        p.warmstart_joints = true;
        p.num_internal_pgs_iterations = settings.pgs_iterations.max(1);
        // The default contact springs (30-60 Hz) are tuned for metres: under 9810 mm/s^2 they let a body settle
        // g / w^2 = 0.07 mm into the ground, a tenth of a fly's leg. Stiffer springs keep it to microns.
        p.contact_softness = SpringCoefficients::new(CONTACT_HZ, 1.0);
        p.static_contact_softness = SpringCoefficients::new(CONTACT_HZ, 1.0);
        p.normalized_max_corrective_velocity = 100.0;
        let ground = ColliderBuilder::new(SharedShape::halfspace(Vector::Z))
            .friction(1.0)
            .friction_combine_rule(CoefficientCombineRule::Max)
            .collision_groups(InteractionGroups::new(GROUND_GROUP, TOUCHING_GROUP, InteractionTestMode::And))
            .build();
        world.colliders.insert(ground);
        LeggedWorld { world, links: Vec::new(), motors: Vec::new(), pull_nn: Vec::new(), min_inertia_mg_mm2: settings.min_inertia_mg_mm2 as f32, multibody: settings.multibody, split_limbs: settings.split_limbs, time_s: 0.0 }
    }

    /// Encloses the ground in a vertical round wall (the plate's rim) of `WALL_HEIGHT_MM`, as a ring of
    /// fixed boxes no longer than `WALL_PIECE_MM` (a 1-mm chord strays 0.004 mm from a 30-mm circle).
    /// Only the `blocked` links collide with it: with the tarsi too, a fly walking along the rim jammed its
    /// high-friction feet against it and stood still (measured 2026-11-29), so the legs pass through it.
    pub fn add_round_wall(&mut self, center_mm: [f32; 2], radius_mm: f32, blocked: &[usize]) {
        for &link in blocked {
            for &collider in self.world.bodies[self.links[link]].colliders() {
                let c = &mut self.world.colliders[collider];
                let groups = c.collision_groups();
                c.set_collision_groups(InteractionGroups::new(groups.memberships | RIM_TOUCHING_GROUP, groups.filter | WALL_GROUP, InteractionTestMode::And));
            }
        }
        let pieces = ((std::f32::consts::TAU * radius_mm / WALL_PIECE_MM).ceil() as usize).max(8);
        let step = std::f32::consts::TAU / pieces as f32;
        // Each box overlaps its neighbours a little at the inner face, so nothing slips between them.
        let half_length = radius_mm * (0.5 * step).tan() + 0.5 * WALL_THICKNESS_MM;
        for k in 0..pieces {
            let angle = k as f32 * step;
            let (sin, cos) = angle.sin_cos();
            let centre_distance = radius_mm + 0.5 * WALL_THICKNESS_MM;
            let wall = ColliderBuilder::cuboid(0.5 * WALL_THICKNESS_MM, half_length, 0.5 * WALL_HEIGHT_MM)
                .translation(Vec3::new(center_mm[0] + centre_distance * cos, center_mm[1] + centre_distance * sin, 0.5 * WALL_HEIGHT_MM))
                .rotation(Vec3::new(0.0, 0.0, angle))
                .friction(WALL_FRICTION)
                .collision_groups(InteractionGroups::new(WALL_GROUP, RIM_TOUCHING_GROUP, InteractionTestMode::And))
                .build();
            self.world.colliders.insert(wall);
        }
    }

    /// Adds a dynamic link and returns its index.
    pub fn add_link(&mut self, link: &LinkSpec) -> usize {
        let body = RigidBodyBuilder::dynamic().translation(link.position_mm).rotation(link.rotation.to_scaled_axis()).can_sleep(false).build();
        let handle = self.world.bodies.insert(body);
        let groups = if link.touches_ground {
            InteractionGroups::new(TOUCHING_GROUP, GROUND_GROUP, InteractionTestMode::And)
        } else {
            InteractionGroups::none()
        };
        let mut total = MassProperties::default();
        for capsule in &link.capsules {
            let collider = ColliderBuilder::capsule_from_endpoints(capsule.a_mm, capsule.b_mm, capsule.radius_mm)
                .density(0.0)
                .friction(capsule.friction)
                .friction_combine_rule(CoefficientCombineRule::Max)
                .collision_groups(groups)
                .build();
            let shape_props = collider.shape().mass_properties(1.0);
            let scale = capsule.mass_mg / shape_props.mass().max(f32::MIN_POSITIVE);
            let props = collider.shape().mass_properties(scale);
            total += props;
            self.world.colliders.insert_with_parent(collider, handle, &mut self.world.bodies);
        }
        // A link without shapes (a joint's intermediate frame) still needs a little mass for the solver.
        let mass = total.mass().max(self.min_inertia_mg_mm2);
        let floored = MassProperties::with_principal_inertia_frame(total.local_com, mass, total.principal_inertia().max(Vec3::splat(self.min_inertia_mg_mm2)), total.principal_inertia_local_frame);
        self.world.bodies[handle].set_additional_mass_properties(floored, true);
        self.links.push(handle);
        self.pull_nn.push(0.0);
        self.links.len() - 1
    }

    /// Adds a joint and returns the indexes of its motors, one per free axis in the given order.
    pub fn add_joint(&mut self, joint: &JointSpec) -> Vec<usize> {
        let frame = Pose::from_parts(joint.anchor_mm, joint.frame);
        let pose_of = |i: usize| *self.world.bodies[self.links[i]].position();
        let local1 = pose_of(joint.parent).inv_mul(&frame);
        let local2 = pose_of(joint.child).inv_mul(&frame);
        let mut locked = JointAxesMask::LOCKED_SPHERICAL_AXES | JointAxesMask::ANG_AXES;
        for axis in &joint.free_axes {
            locked.remove(JointAxesMask::from(*axis));
        }
        let mut builder = GenericJointBuilder::new(locked).local_frame1(local1).local_frame2(local2).contacts_enabled(false);
        for (axis, limits) in joint.free_axes.iter().zip(&joint.limits_rad) {
            builder = builder
                .limits(*axis, *limits)
                .motor_model(*axis, MotorModel::ForceBased)
                .motor_position(*axis, 0.0, joint.stiffness, joint.damping);
        }
        let (parent, child) = (self.links[joint.parent], self.links[joint.child]);
        let handle = if self.multibody && !(self.split_limbs && joint.parent == 0) {
            JointHandle::Multibody(self.world.multibody_joints.insert(parent, child, builder.build(), true).expect("a tree: each link has one parent"))
        } else {
            JointHandle::Impulse(self.world.impulse_joints.insert(parent, child, builder.build(), true))
        };
        joint
            .free_axes
            .iter()
            .map(|axis| {
                self.motors.push((handle, *axis, joint.stiffness, joint.damping));
                self.motors.len() - 1
            })
            .collect()
    }

    /// Number of motors.
    pub fn motor_count(&self) -> usize {
        self.motors.len()
    }

    /// Sets every motor's target angle (rad from the initial pose), in motor order.
    pub fn set_targets(&mut self, targets_rad: &[f32]) {
        for (&(handle, axis, stiffness, damping), &target) in self.motors.iter().zip(targets_rad) {
            match handle {
                JointHandle::Impulse(h) => {
                    if let Some(joint) = self.world.impulse_joints.get_mut(h, false) {
                        joint.data.set_motor_position(axis, target, stiffness, damping);
                    }
                }
                JointHandle::Multibody(h) => {
                    if let Some(link) = self.world.multibody_joints.get_mut(h).and_then(|(mb, id)| mb.link_mut(id)) {
                        link.joint.data.set_motor_position(axis, target, stiffness, damping);
                    }
                }
            }
        }
    }

    /// Every motor's current joint angle (rad from the initial pose, the frame of `set_targets`), in motor
    /// order.
    pub fn motor_angles(&self, out: &mut Vec<f64>) {
        out.clear();
        out.extend(self.motors.iter().map(|&(handle, axis, _, _)| match handle {
            JointHandle::Impulse(h) => self.world.impulse_joints.get(h).map_or(f64::NAN, |joint| {
                let frame = |body: RigidBodyHandle, local: &Pose| *self.world.bodies[body].position() * *local;
                let relative = frame(joint.body1(), &joint.data.local_frame1).rotation.inverse() * frame(joint.body2(), &joint.data.local_frame2).rotation;
                twist_angle_rad(relative, axis)
            }),
            // A one-axis multibody joint keeps its angle at coordinate 3 + axis (rapier's MultibodyJoint::coords).
            JointHandle::Multibody(h) => self.world.multibody_joints.get(h).and_then(|(mb, id)| mb.link(id)).map_or(f64::NAN, |link| link.joint.coords()[axis as usize] as f64),
        }));
    }

    /// Sets a steady downward force on a link, applied every step until changed.
    pub fn set_pull(&mut self, link: usize, force_nn: f32) {
        self.pull_nn[link] = force_nn;
    }

    /// Simulated time: since construction, or since the clock was set.
    pub fn time_s(&self) -> f64 {
        self.time_s
    }

    /// Sets the clock (a body placed anew in a later phase of a task keeps the run's clock).
    pub fn set_time_s(&mut self, time_s: f64) {
        self.time_s = time_s;
    }

    /// Advances one physics step.
    pub fn step(&mut self) -> Result<(), PhysicsError> {
        for (handle, &pull) in self.links.iter().zip(&self.pull_nn) {
            let body = &mut self.world.bodies[*handle];
            body.reset_forces(false);
            if pull != 0.0 {
                body.add_force(Vec3::new(0.0, 0.0, -pull), false);
            }
        }
        self.world.step();
        self.time_s += self.world.integration_parameters.dt as f64;
        self.check_finite()
    }

    fn check_finite(&self) -> Result<(), PhysicsError> {
        super::finite::check_finite(&self.world.bodies, &self.links, self.time_s, MAX_SPEED_MM_PER_S, "velocity (above 5 m/s: the step is unstable)")
    }

    /// Pose and velocity of a link.
    pub fn link_pose(&self, link: usize) -> LinkPose {
        let body = &self.world.bodies[self.links[link]];
        LinkPose { position_mm: body.translation(), rotation: *body.rotation(), center_of_mass_mm: body.center_of_mass(), velocity_mm_per_s: body.linvel() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_capsule_rests_on_the_ground() {
        let settings = LeggedSettings { dt_s: 2.0e-4, solver_iterations: 4, gravity_mm_per_s2: 9810.0, min_inertia_mg_mm2: 1.0e-6, min_link_mass_mg: 0.0, multibody: false, split_limbs: false, pgs_iterations: 1 };
        let mut world = LeggedWorld::new(settings);
        let capsule = CapsuleSpec { a_mm: Vec3::new(-0.5, 0.0, 0.0), b_mm: Vec3::new(0.5, 0.0, 0.0), radius_mm: 0.2, mass_mg: 0.5, friction: 1.0 };
        let link = world.add_link(&LinkSpec { position_mm: Vec3::new(0.0, 0.0, 0.5), rotation: Rotation::IDENTITY, capsules: vec![capsule], touches_ground: true });
        for _ in 0..5000 {
            world.step().unwrap();
        }
        let p = world.link_pose(link).position_mm;
        assert!((p.z - 0.2).abs() < 0.005, "rests on its radius, not sunk by soft contacts: z = {}", p.z);
        // A large cuboid as the ground made a resting capsule roll sideways at 15 mm/s; the half-space does not.
        assert!(p.x.abs() < 0.01 && p.y.abs() < 0.01, "stays where it landed: {p:?}");
    }

    #[test]
    fn split_limbs_read_their_impulse_and_multibody_joint_angles_as_they_reach_their_targets() {
        // Root -> hinge about z (an impulse joint: it sits on the root) -> hinge about y (a multibody joint).
        let settings = LeggedSettings { gravity_mm_per_s2: 0.0, split_limbs: true, ..LeggedSettings::fly_default() };
        let mut world = LeggedWorld::new(settings);
        let capsule = |mass_mg| CapsuleSpec { a_mm: Vec3::ZERO, b_mm: Vec3::new(0.5, 0.0, 0.0), radius_mm: 0.05, mass_mg, friction: 0.0 };
        let mut link = |x: f32, mass_mg| world.add_link(&LinkSpec { position_mm: Vec3::new(x, 0.0, 5.0), rotation: Rotation::IDENTITY, capsules: vec![capsule(mass_mg)], touches_ground: false });
        let (root, upper, lower) = (link(-0.5, 1.0), link(0.0, 0.02), link(0.5, 0.02));
        for (parent, child, axis) in [(root, upper, JointAxis::AngZ), (upper, lower, JointAxis::AngY)] {
            let anchor_mm = Vec3::new(0.5 * (child as f32 - 1.0), 0.0, 5.0);
            world.add_joint(&JointSpec { parent, child, anchor_mm, frame: Rotation::IDENTITY, free_axes: vec![axis], limits_rad: vec![[-1.0, 1.0]], stiffness: 45_000.0, damping: 20.0 });
        }
        let mut angles = Vec::new();
        world.motor_angles(&mut angles);
        assert!(angles.iter().all(|a| a.abs() < 1e-6), "both start at zero: {angles:?}");
        world.set_targets(&[0.3, -0.2]);
        for _ in 0..2000 {
            world.step().unwrap();
        }
        world.motor_angles(&mut angles);
        assert!((angles[0] - 0.3).abs() < 0.02 && (angles[1] + 0.2).abs() < 0.02, "angles {angles:?}, targets [0.3, -0.2]");
        // The readout is the angle itself, not a motor's echo: the lower link's direction shows both turns.
        // (The free root turns too: only relative angles are the joints'.)
        let direction = world.link_pose(root).rotation.inverse() * (world.link_pose(lower).rotation * Vec3::X);
        assert!((direction.y / direction.x - 0.3f32.tan()).abs() < 0.03 && (direction.z - 0.2f32.sin()).abs() < 0.03, "direction in the root's frame {direction:?}");
    }
}
