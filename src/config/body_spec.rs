//! `bodies/*.ron`: a segmented body, its muscles and its sensor sites.

use serde::{Deserialize, Serialize};

/// A body: geometry, bending mechanics, muscles and sensor sites.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Body")]
pub struct BodySpec {
    /// Species, for humans and manifests.
    pub species: String,
    /// Body length, head tip to tail tip.
    pub length_mm: f64,
    /// Diameter at the widest point.
    pub max_diameter_mm: f64,
    /// Number of rigid segments (at least 2).
    pub segments: usize,
    /// Bending mechanics of every joint.
    pub bending: BendingSpec,
    /// Body-wall muscles, each spanning a stretch of the body on one side.
    pub muscles: Vec<MuscleSpec>,
    /// Named points where the body senses.
    pub sensor_sites: Vec<SensorSiteSpec>,
}

/// Passive and active bending of the joints.
///
/// A side's muscles, at activation a, act as a spring of stiffness `active_stiffness * a` whose rest
/// curvature is `max_curvature_per_mm` toward that side; with the passive spring (rest straight) the
/// joint's rest angle and stiffness follow, so co-contraction stiffens without bending.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BendingSpec {
    /// Passive bending stiffness of the body per joint, nN mm per rad.
    pub passive_stiffness_nn_mm_per_rad: f64,
    /// Active stiffness per joint of one fully active side, nN mm per rad.
    pub active_stiffness_nn_mm_per_rad: f64,
    /// Curvature a fully active side bends the body toward, 1/mm.
    pub max_curvature_per_mm: f64,
    /// Internal damping per joint, nN mm s per rad.
    pub damping_nn_mm_s_per_rad: f64,
}

/// Which side of the body a muscle bends toward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodySide {
    /// The dorsal side.
    Dorsal,
    /// The ventral side.
    Ventral,
}

/// One muscle: a name (Cook et al. 2019 for the worm), a side and a span along the body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MuscleSpec {
    /// Unique name, e.g. `MDL01`.
    pub name: String,
    /// Side it bends toward.
    pub side: BodySide,
    /// Start of its span as a fraction of body length from the head tip.
    pub from_body_fraction: f64,
    /// End of its span as a fraction of body length from the head tip.
    pub to_body_fraction: f64,
}

/// Kinds of sensing a site does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SiteKind {
    /// Samples chemical, temperature, noxious and food fields.
    Chemosensory,
    /// Receives touch stimuli aimed at it.
    Touch,
}

/// A named sensor site on the body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensorSiteSpec {
    /// Unique name, e.g. `nose_tip`.
    pub name: String,
    /// Position as a fraction of body length from the head tip.
    pub body_fraction: f64,
    /// What the site senses.
    pub kind: SiteKind,
}
