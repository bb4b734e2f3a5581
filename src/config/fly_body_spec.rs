//! `bodies/fly.ron`: the NeuroMechFly body (rigid parts, six legs of four segments), its joints and contact.
//! Units: mm, mg, s; forces nN, torques nN mm.

use super::{ConfigError, Loaded};
use serde::{Deserialize, Serialize};

/// A legged insect body, converted from NeuroMechFly by `scripts/import_neuromechfly.py`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "FlyBody")]
pub struct FlyBodySpec {
    /// Species, for humans and manifests.
    pub species: String,
    /// Mass of every segment of the source model, for checking the lumped parts against.
    pub total_mass_mg: f64,
    /// Rigid parts of the main body (thorax first); all ride on one rigid body.
    pub parts: Vec<BodyPartSpec>,
    /// Legs in the order LF, LM, LH, RF, RM, RH.
    pub legs: Vec<LegSpec>,
    /// Joint gains and ranges.
    pub joints: FlyJointsSpec,
    /// Friction and adhesion.
    pub contact: FlyContactSpec,
    /// The compound eyes as the arena's vision samples them (absent: the fly is blind).
    #[serde(default)]
    pub eyes: Option<EyesSpec>,
}

/// The two compound eyes, reduced to what the tasks need: each eye is the hemisphere of directions on its
/// side of the head (left: toward +y of the head frame), sampled by a fixed set of rays.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EyesSpec {
    /// Rays per eye, spread evenly over its hemisphere (a Fibonacci lattice): the solid angle of one ray is
    /// 2 pi / rays_per_eye sr, which sets the smallest angular size the eye resolves.
    pub rays_per_eye: usize,
}

/// One rigid part of the main body: its mass and the box its mesh fills, in the thorax frame.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyPartSpec {
    /// `thorax`, `head` or `abdomen`.
    pub name: String,
    /// Mass of the part and what is lumped into it.
    pub mass_mg: f64,
    /// Lower corner of the mesh's box.
    pub box_min_mm: (f64, f64, f64),
    /// Upper corner of the mesh's box.
    pub box_max_mm: (f64, f64, f64),
}

/// One leg: where the coxa meets the thorax and its four segments.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegSpec {
    /// `LF` ... `RH` (side, then front/middle/hind).
    pub name: String,
    /// Thorax-coxa joint in the thorax frame.
    pub coxa_mm: (f64, f64, f64),
    /// Azimuth of the leg's vertical plane in the neutral posture, counter-clockwise from straight ahead.
    pub neutral_yaw_deg: f64,
    /// Coxa, trochanter-femur, tibia, tarsus.
    pub segments: Vec<LegSegmentSpec>,
}

/// One leg segment.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegSegmentSpec {
    /// Segment name.
    pub name: String,
    /// Joint-to-joint length.
    pub length_mm: f64,
    /// Mass.
    pub mass_mg: f64,
    /// Angle below the horizontal in the neutral posture, within the leg plane.
    pub neutral_pitch_deg: f64,
}

/// The five actuated degrees of freedom of every leg.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LegJoint {
    /// Thorax-coxa, about the vertical: protraction (+) and retraction.
    ThcYaw,
    /// Thorax-coxa, about the horizontal across the leg plane: coxa down (+).
    ThcPitch,
    /// Coxa-trochanter: femur down (+).
    CtrPitch,
    /// Femur-tibia: tibia down/in (+).
    FtiPitch,
    /// Tibia-tarsus: tarsus down (+).
    TitaPitch,
}

impl LegJoint {
    /// All five, proximal to distal (the order of a leg's actuators).
    pub const ALL: [LegJoint; 5] = [LegJoint::ThcYaw, LegJoint::ThcPitch, LegJoint::CtrPitch, LegJoint::FtiPitch, LegJoint::TitaPitch];
}

/// Position-motor gains and ranges shared by all leg joints.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyJointsSpec {
    /// Motor stiffness (torque per rad of error).
    pub stiffness_nn_mm_per_rad: f64,
    /// Motor damping (torque per rad/s).
    pub damping_nn_mm_s_per_rad: f64,
    /// Allowed offsets from the neutral posture, one entry per joint kind.
    pub ranges_deg: Vec<JointRangeSpec>,
}

/// The range of one joint kind, as offsets from the neutral posture.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JointRangeSpec {
    /// Which joint.
    pub joint: LegJoint,
    /// Lower limit.
    pub min: f64,
    /// Upper limit.
    pub max: f64,
}

/// Ground contact of the body and tarsi.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyContactSpec {
    /// Coulomb friction of tarsus on ground.
    pub tarsus_friction: f64,
    /// Coulomb friction of thorax, head and abdomen on ground.
    pub body_friction: f64,
    /// Radius of the tarsus capsule.
    pub tarsus_radius_mm: f64,
    /// Radius of the other leg segments (they do not touch the ground).
    pub leg_radius_mm: f64,
    /// Downward pull on a stance tarsus near the ground.
    pub adhesion_force_nn: f64,
    /// How close to the ground a tarsus tip must be to adhere.
    pub adhesion_range_mm: f64,
}

/// Checks a fly body spec for what serde cannot: counts, positive sizes, ranges containing zero.
pub fn validate_fly_body(body: &Loaded<FlyBodySpec>) -> Result<(), ConfigError> {
    let spec = &body.spec;
    if spec.parts.is_empty() {
        return Err(body.invalid("parts", "need at least the thorax"));
    }
    if spec.legs.len() != 6 {
        return Err(body.invalid("legs", format!("need 6 legs (LF, LM, LH, RF, RM, RH), got {}", spec.legs.len())));
    }
    for leg in &spec.legs {
        if leg.segments.len() != 4 {
            return Err(body.invalid("segments", format!("leg `{}` needs 4 segments (coxa, trochanter-femur, tibia, tarsus), got {}", leg.name, leg.segments.len())));
        }
        for seg in &leg.segments {
            if !(seg.length_mm > 0.0 && seg.mass_mg > 0.0 && seg.length_mm.is_finite() && seg.mass_mg.is_finite()) {
                return Err(body.invalid("length_mm", format!("leg `{}` segment `{}` needs positive finite length and mass", leg.name, seg.name)));
            }
        }
    }
    for kind in LegJoint::ALL {
        match spec.joints.ranges_deg.iter().find(|r| r.joint == kind) {
            None => return Err(body.invalid("ranges_deg", format!("no range for {kind:?}"))),
            Some(r) if !(r.min <= 0.0 && 0.0 <= r.max) => return Err(body.invalid("ranges_deg", format!("{kind:?} range {}..{} must contain 0 (the neutral posture)", r.min, r.max))),
            Some(_) => {}
        }
    }
    let c = &spec.contact;
    for (field, value) in [("tarsus_radius_mm", c.tarsus_radius_mm), ("leg_radius_mm", c.leg_radius_mm), ("stiffness_nn_mm_per_rad", spec.joints.stiffness_nn_mm_per_rad)] {
        if !(value > 0.0 && value.is_finite()) {
            return Err(body.invalid(field, format!("must be positive and finite, got {value}")));
        }
    }
    if let Some(eyes) = &spec.eyes {
        if eyes.rays_per_eye < 8 {
            return Err(body.invalid("rays_per_eye", format!("need at least 8 rays per eye, got {}", eyes.rays_per_eye)));
        }
    }
    Ok(())
}

impl FlyBodySpec {
    /// The range of a joint kind, in radians.
    pub fn range_rad(&self, joint: LegJoint) -> [f64; 2] {
        let r = self.joints.ranges_deg.iter().find(|r| r.joint == joint).expect("validated: every joint has a range");
        [r.min.to_radians(), r.max.to_radians()]
    }
}
