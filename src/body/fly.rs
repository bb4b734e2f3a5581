//! The Drosophila body: thorax, head and abdomen as one rigid body, six legs of four rigid segments with
//! five position-controlled degrees of freedom each, standing on the ground under gravity.
//!
//! Each leg is built in its neutral posture in a vertical plane through its coxa: the thorax-coxa joint turns
//! that plane about the vertical (yaw) and tilts the coxa in it (pitch); the coxa-trochanter, femur-tibia and
//! tibia-tarsus joints are hinges across the plane. A "muscle" of this body is one joint's position motor:
//! its activation is the target angle in rad, as an offset from the neutral posture with anatomical signs
//! (yaw + = protraction, pitch + = segment lowered), clamped to the joint's range. The last six channels are
//! the tarsal adhesion of each leg, 0..1.

use super::{Body, BodyState, LegState};
use crate::buffers::MuscleCommand;
use crate::config::fly_body_spec::{FlyBodySpec, LegJoint};
use crate::physics::{CapsuleSpec, JointSpec, LeggedSettings, LeggedWorld, PhysicsError, Wall};
use rapier3d::prelude::{JointAxis, Rotation, Vec3};

/// Where the fly starts: position on the ground and heading.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlyPlacement {
    /// Thorax-head joint, x and y.
    pub position_mm: [f64; 2],
    /// Heading, counter-clockwise from +x.
    pub heading_rad: f64,
}

/// Index of the proboscis in the fly's sensor sites (food is eaten and zones entered there).
pub const PROBOSCIS_SITE: usize = 0;

/// Half the distance between the antennae, 0.02 cm apart in Alvarez-Salvado et al. 2018's model.
const ANTENNA_HALF_SPAN_MM: f64 = 0.1;

/// The fly's sensor sites in `BodyState::site_mm` order: the proboscis and the two antennae at the head
/// tip, then each leg's tarsus tip (taste), `LF_tarsus` ... `RH_tarsus`.
pub fn site_names(spec: &FlyBodySpec) -> Vec<String> {
    let head = ["proboscis", "antenna_left", "antenna_right"].map(String::from);
    head.into_iter().chain(spec.legs.iter().map(|leg| format!("{}_tarsus", leg.name))).collect()
}

/// Actuator names in command order: each leg's five joints (`LF_ThcYaw` ...), then each leg's adhesion.
pub fn muscle_names(spec: &FlyBodySpec) -> Vec<String> {
    let joints = spec.legs.iter().flat_map(|leg| LegJoint::ALL.iter().map(move |kind| format!("{}_{kind:?}", leg.name)));
    joints.chain(spec.legs.iter().map(|leg| format!("{}_adhesion", leg.name))).collect()
}

/// A tarsus tip closer to the ground than its radius plus this counts as touching.
const CONTACT_TOLERANCE_MM: f32 = 0.01;

/// Link index of the thorax, head and abdomen (added first).
const BODY_LINK: usize = 0;

/// Legs per body.
const LEGS: usize = 6;

/// A fly body in its physics world.
pub struct FlyBody {
    world: LeggedWorld,
    muscle_names: Vec<String>,
    /// Per leg: link index of the tarsus and its axis (proximal joint to tip) in the link frame.
    tarsi: Vec<(usize, Vec3)>,
    /// Per motor: sign turning an anatomical offset into the joint's rotation, and the range.
    motor_sign: Vec<f32>,
    ranges_rad: Vec<[f64; 2]>,
    targets_rad: Vec<f32>,
    /// Scratch for the motors' angles, read at each `sense`.
    angles_rad: Vec<f64>,
    adhesion: [f32; LEGS],
    adhesion_force_nn: f32,
    adhesion_range_mm: f32,
    tarsus_radius_mm: f32,
    head_tip_x_mm: f32,
    abdomen_tip_x_mm: f32,
}

/// Unit vector of a segment lowered `pitch_deg` below the horizontal in the leg plane (leg frame: x out, z up).
fn segment_direction(pitch_deg: f64) -> Vec3 {
    let p = pitch_deg.to_radians() as f32;
    Vec3::new(p.cos(), 0.0, -p.sin())
}

fn v3(t: (f64, f64, f64)) -> Vec3 {
    Vec3::new(t.0 as f32, t.1 as f32, t.2 as f32)
}

impl FlyBody {
    /// Encloses the fly in the plate's round wall, which its body (thorax, head, abdomen) cannot pass.
    pub fn enclose(&mut self, wall: Wall) {
        self.world.add_round_wall(wall.center_mm, wall.radius_mm, &[BODY_LINK]);
    }

    /// Builds the body from a validated spec, standing with its lowest tarsus tip on the ground.
    pub fn new(spec: &FlyBodySpec, settings: LeggedSettings, placement: FlyPlacement) -> Self {
        let heading = Rotation::from_rotation_z(placement.heading_rad as f32);
        // Neutral tarsus tip heights relative to the thorax origin decide how high the body starts.
        let lowest_tip = spec
            .legs
            .iter()
            .map(|leg| leg.coxa_mm.2 as f32 + leg.segments.iter().map(|s| segment_direction(s.neutral_pitch_deg).z * s.length_mm as f32).sum::<f32>())
            .fold(f32::INFINITY, f32::min);
        let c = &spec.contact;
        let origin = Vec3::new(placement.position_mm[0] as f32, placement.position_mm[1] as f32, -lowest_tip + c.tarsus_radius_mm as f32 + 0.002);
        let mut world = LeggedWorld::new(settings);

        let leg_masses = spec.legs.iter().flat_map(|l| &l.segments).map(|s| (s.mass_mg, s.mass_mg.max(settings.min_link_mass_mg)));
        let added_mg: f64 = leg_masses.map(|(real, used)| used - real).sum();
        let part_mass: f64 = spec.parts.iter().map(|p| p.mass_mg).sum();
        let part_scale = ((part_mass - added_mg) / part_mass).max(0.1);
        let capsules = spec.parts.iter().map(|part| {
            let (lo, hi) = (v3(part.box_min_mm), v3(part.box_max_mm));
            let (centre, half) = ((lo + hi) * 0.5, (hi - lo) * 0.5);
            let radius = half.y.min(half.z);
            let reach = (half.x - radius).max(0.0);
            CapsuleSpec { a_mm: centre - Vec3::X * reach, b_mm: centre + Vec3::X * reach, radius_mm: radius, mass_mg: (part.mass_mg * part_scale) as f32, friction: c.body_friction as f32 }
        });
        let main = world.add_link(&crate::physics::LinkSpec { position_mm: origin, rotation: heading, capsules: capsules.collect(), touches_ground: true });

        let mut motor_sign = Vec::new();
        let mut ranges_rad = Vec::new();
        let mut tarsi = Vec::new();
        for leg in &spec.legs {
            let leg_frame = heading * Rotation::from_rotation_z(leg.neutral_yaw_deg.to_radians() as f32);
            let left = leg.name.starts_with('L');
            let mut joint_point = origin + heading * v3(leg.coxa_mm);
            let mut parent = main;
            for (index, segment) in leg.segments.iter().enumerate() {
                let is_tarsus = index + 1 == leg.segments.len();
                let axis = segment_direction(segment.neutral_pitch_deg) * segment.length_mm as f32;
                let radius = if is_tarsus { c.tarsus_radius_mm } else { c.leg_radius_mm } as f32;
                let friction = if is_tarsus { c.tarsus_friction } else { 0.0 } as f32;
                let capsule = CapsuleSpec { a_mm: Vec3::ZERO, b_mm: axis, radius_mm: radius, mass_mg: segment.mass_mg.max(settings.min_link_mass_mg) as f32, friction };
                let link = world.add_link(&crate::physics::LinkSpec { position_mm: joint_point, rotation: leg_frame, capsules: vec![capsule], touches_ground: is_tarsus });
                // The thorax-coxa joint is two hinges (yaw, then pitch) through a shapeless intermediate link:
                // rapier's multibody joints do not implement two free angular axes in one joint.
                let kinds: &[LegJoint] = if index == 0 { &[LegJoint::ThcYaw, LegJoint::ThcPitch] } else { &[LegJoint::ALL[index + 1]] };
                let mut chain_parent = parent;
                for (k, kind) in kinds.iter().enumerate() {
                    let child = if k + 1 == kinds.len() {
                        link
                    } else {
                        world.add_link(&crate::physics::LinkSpec { position_mm: joint_point, rotation: leg_frame, capsules: Vec::new(), touches_ground: false })
                    };
                    // Protraction turns a left leg clockwise seen from above (toward the head), a right leg
                    // counter-clockwise; lowering a segment is a positive turn about the leg frame's y.
                    let sign = if *kind == LegJoint::ThcYaw && left { -1.0 } else { 1.0 };
                    let range = spec.range_rad(*kind);
                    let joint_range = if sign < 0.0 { [-range[1], -range[0]] } else { range };
                    motor_sign.push(sign);
                    ranges_rad.push(range);
                    world.add_joint(&JointSpec {
                        parent: chain_parent,
                        child,
                        anchor_mm: joint_point,
                        frame: leg_frame,
                        free_axes: vec![if *kind == LegJoint::ThcYaw { JointAxis::AngZ } else { JointAxis::AngY }],
                        limits_rad: vec![[joint_range[0] as f32, joint_range[1] as f32]],
                        stiffness: spec.joints.stiffness_nn_mm_per_rad as f32,
                        damping: spec.joints.damping_nn_mm_s_per_rad as f32,
                    });
                    chain_parent = child;
                }
                if is_tarsus {
                    tarsi.push((link, axis));
                }
                joint_point += leg_frame * axis;
                parent = link;
            }
        }
        let part_x = |name: &str, max: bool| spec.parts.iter().find(|p| p.name == name).map(|p| if max { p.box_max_mm.0 } else { p.box_min_mm.0 } as f32);
        FlyBody {
            targets_rad: vec![0.0; motor_sign.len()],
            angles_rad: Vec::new(),
            world,
            muscle_names: muscle_names(spec),
            tarsi,
            motor_sign,
            ranges_rad,
            adhesion: [0.0; LEGS],
            adhesion_force_nn: c.adhesion_force_nn as f32,
            adhesion_range_mm: c.adhesion_range_mm as f32,
            tarsus_radius_mm: c.tarsus_radius_mm as f32,
            head_tip_x_mm: part_x("head", true).unwrap_or(0.0),
            abdomen_tip_x_mm: part_x("abdomen", false).unwrap_or(-1.0),
        }
    }

    /// Starts the body's clock at `time_s`: a body placed anew in a later phase of a task keeps the run's
    /// clock, as the worm's does (`ChainLayout::start_time_s`).
    pub fn start_clock_at(&mut self, time_s: f64) {
        self.world.set_time_s(time_s);
    }

    /// Number of joint actuators (the adhesion channels follow them).
    pub fn joint_count(&self) -> usize {
        self.motor_sign.len()
    }

    fn tarsus_tip(&self, leg: usize) -> Vec3 {
        let (link, axis) = self.tarsi[leg];
        let pose = self.world.link_pose(link);
        pose.position_mm + pose.rotation * axis
    }
}

impl Body for FlyBody {
    fn muscle_names(&self) -> &[String] {
        &self.muscle_names
    }

    fn actuate(&mut self, command: &MuscleCommand) {
        let joints = self.motor_sign.len();
        for (i, target) in self.targets_rad.iter_mut().enumerate() {
            let offset = command.activation.get(i).copied().unwrap_or(0.0);
            let [lo, hi] = self.ranges_rad[i];
            *target = self.motor_sign[i] * offset.clamp(lo, hi) as f32;
        }
        self.world.set_targets(&self.targets_rad);
        for (leg, adhesion) in self.adhesion.iter_mut().enumerate() {
            *adhesion = command.activation.get(joints + leg).copied().unwrap_or(0.0).clamp(0.0, 1.0) as f32;
        }
    }

    fn advance(&mut self, substeps: usize) -> Result<(), PhysicsError> {
        for _ in 0..substeps {
            for leg in 0..LEGS {
                let near = self.tarsus_tip(leg).z < self.tarsus_radius_mm + self.adhesion_range_mm;
                let pull = if near { self.adhesion[leg] * self.adhesion_force_nn } else { 0.0 };
                self.world.set_pull(self.tarsi[leg].0, pull);
            }
            self.world.step()?;
        }
        Ok(())
    }

    fn sense(&mut self, state: &mut BodyState) {
        let main = self.world.link_pose(0);
        let along = |x: f32| {
            let p = main.position_mm + main.rotation * Vec3::new(x, 0.0, 0.0);
            [p.x as f64, p.y as f64]
        };
        state.time_s = self.world.time_s();
        state.midline_mm.clear();
        state.midline_mm.extend([along(self.head_tip_x_mm), along(0.0), along(self.abdomen_tip_x_mm)]);
        state.bend_rad.clear();
        state.site_mm.clear();
        let head_tip = along(self.head_tip_x_mm);
        let heading = main.rotation * Vec3::Y;
        let (left_x, left_y) = (heading.x as f64 * ANTENNA_HALF_SPAN_MM, heading.y as f64 * ANTENNA_HALF_SPAN_MM);
        state.site_mm.extend([head_tip, [head_tip[0] + left_x, head_tip[1] + left_y], [head_tip[0] - left_x, head_tip[1] - left_y]]);
        state.centroid_mm = [main.center_of_mass_mm.x as f64, main.center_of_mass_mm.y as f64];
        state.centroid_velocity_mm_per_s = [main.velocity_mm_per_s.x as f64, main.velocity_mm_per_s.y as f64];
        state.height_mm = main.position_mm.z as f64;
        // The legged body has no medium drag to feel.
        state.load_n_s_per_m2 = f64::NAN;
        state.legs.resize(LEGS, LegState::default());
        self.world.motor_angles(&mut self.angles_rad);
        let per_leg = LegJoint::ALL.len();
        for (leg, out) in state.legs.iter_mut().enumerate() {
            let tip = self.tarsus_tip(leg);
            let mut joint_angles_rad = [f64::NAN; 5];
            for (k, angle) in joint_angles_rad.iter_mut().enumerate() {
                let motor = leg * per_leg + k;
                // The motor's sign turns the joint's rotation back into the anatomical offset (`actuate`).
                *angle = self.angles_rad.get(motor).map_or(f64::NAN, |a| a * self.motor_sign[motor] as f64);
            }
            *out = LegState { tarsus_tip_mm: [tip.x as f64, tip.y as f64, tip.z as f64], on_ground: tip.z < self.tarsus_radius_mm + CONTACT_TOLERANCE_MM, joint_angles_rad };
        }
        state.site_mm.extend(state.legs.iter().map(|leg| [leg.tarsus_tip_mm[0], leg.tarsus_tip_mm[1]]));
    }
}
