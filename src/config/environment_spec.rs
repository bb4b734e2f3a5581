//! `environments/*.ron`: the arena: plate, medium, chemical and temperature fields, food, noxious
//! zones and scheduled stimuli (taps, touches, shocks).

use serde::{Deserialize, Serialize};

/// An arena.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Environment")]
pub struct EnvironmentSpec {
    /// Name for humans and manifests.
    pub name: String,
    /// What the body moves through.
    pub medium: MediumSpec,
    /// The plate and its wall.
    pub plate: PlateSpec,
    /// Named chemical fields (concentration units are the field's own).
    #[serde(default)]
    pub chemicals: Vec<ChemicalSpec>,
    /// Temperature field in degrees Celsius, if any.
    #[serde(default)]
    pub temperature_c: Option<FieldSpec>,
    /// Food patches.
    #[serde(default)]
    pub food: Vec<FoodPatchSpec>,
    /// Noxious zones.
    #[serde(default)]
    pub noxious: Vec<NoxiousZoneSpec>,
    /// Stimuli on a schedule.
    #[serde(default)]
    pub stimuli: Vec<StimulusSpec>,
}

/// Resistive-force drag of the medium.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediumSpec {
    /// Name, e.g. `agar` or `water`.
    pub name: String,
    /// Drag per body length against motion along the body, N s/m^2.
    pub tangential_drag_n_s_per_m2: f64,
    /// Ratio of normal to tangential drag (about 30-40 on agar, about 1.5 in water).
    pub normal_to_tangential_ratio: f64,
}

/// A circular plate with a wall.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlateSpec {
    /// Inner diameter of the wall.
    pub diameter_mm: f64,
}

/// A named chemical field.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChemicalSpec {
    /// Name, e.g. `NaCl`; sensory channels are named `NAME@SITE`.
    pub name: String,
    /// Units of concentration, e.g. `mM`.
    pub units: String,
    /// How the concentration varies over the plate and in time.
    pub field: FieldSpec,
}

/// A scalar field over the plate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum FieldSpec {
    /// The same value everywhere.
    Constant(f64),
    /// value = at_origin + gradient . (x, y).
    Linear {
        /// Value at (0, 0).
        at_origin: f64,
        /// Gradient per mm in x and y.
        gradient_per_mm: (f64, f64),
    },
    /// value = baseline + peak exp(-r^2 / (2 sigma^2)).
    Gaussian {
        /// Centre.
        center_mm: (f64, f64),
        /// Height above baseline.
        peak: f64,
        /// Standard deviation.
        sigma_mm: f64,
        /// Value far away.
        baseline: f64,
    },
    /// A spot of `amount` spotted at the centre `elapsed_at_start_s` before the run starts and
    /// diffusing in the plane (the Bargmann chemotaxis plate): c = amount / (4 pi D t) exp(-r^2 / (4 D t)).
    DiffusingSpot {
        /// Where the spot was placed.
        center_mm: (f64, f64),
        /// Amount spotted (concentration units times mm^2).
        amount: f64,
        /// Diffusion coefficient.
        diffusion_mm2_per_s: f64,
        /// Time between spotting and the start of the run (must be positive).
        elapsed_at_start_s: f64,
    },
    /// Two half-planes meeting at a smooth edge, e.g. one arm of a choice arena filled with an odour:
    /// value = outside + (inside - outside) / (1 + exp(-(d - offset_mm) / edge_width_mm)), where d is the
    /// distance from the origin along the direction `toward_deg` (degrees from +x).
    HalfPlane {
        /// Direction pointing into the `inside` half.
        toward_deg: f64,
        /// Where the edge lies along that direction.
        offset_mm: f64,
        /// Value deep in the half `toward_deg` points to.
        inside: f64,
        /// Value deep in the other half.
        outside: f64,
        /// Width of the logistic edge (the mixing zone between two arms; must be positive).
        edge_width_mm: f64,
    },
}

/// A food patch that depletes while the animal feeds in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoodPatchSpec {
    /// Name, e.g. `OP50_lawn`.
    pub name: String,
    /// Centre.
    pub center_mm: (f64, f64),
    /// Radius of the lawn.
    pub radius_mm: f64,
    /// Initial amount of food (arbitrary units).
    pub amount: f64,
    /// Amount eaten per second while the nose is in the patch.
    pub eating_rate_per_s: f64,
}

/// A region that is noxious (e.g. a glycerol ring).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoxiousZoneSpec {
    /// Name, e.g. `glycerol_ring`.
    pub name: String,
    /// Where it is.
    pub shape: ZoneShape,
    /// Intensity inside (e.g. osmolarity in M).
    pub intensity: f64,
}

/// A zone shape on the plate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ZoneShape {
    /// A full disk.
    Disk {
        /// Centre.
        center_mm: (f64, f64),
        /// Radius.
        radius_mm: f64,
    },
    /// An annulus.
    Ring {
        /// Centre.
        center_mm: (f64, f64),
        /// Inner radius.
        inner_radius_mm: f64,
        /// Outer radius.
        outer_radius_mm: f64,
    },
}

impl ZoneShape {
    /// True when the point lies inside (boundaries included).
    pub fn contains(&self, point: [f64; 2]) -> bool {
        let distance = |c: (f64, f64)| ((point[0] - c.0).powi(2) + (point[1] - c.1).powi(2)).sqrt();
        match *self {
            ZoneShape::Disk { center_mm, radius_mm } => distance(center_mm) <= radius_mm,
            ZoneShape::Ring { center_mm, inner_radius_mm, outer_radius_mm } => (inner_radius_mm..=outer_radius_mm).contains(&distance(center_mm)),
        }
    }
}

/// A scheduled stimulus.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StimulusSpec {
    /// What is delivered.
    pub kind: StimulusKind,
    /// Time of the first delivery.
    pub at_s: f64,
    /// Interval between repeats (absent: delivered once).
    #[serde(default)]
    pub repeat_every_s: Option<f64>,
    /// Number of deliveries in all (default 1).
    #[serde(default = "one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

/// Kinds of scheduled stimulus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StimulusKind {
    /// A tap on the plate, felt by the whole body.
    Tap,
    /// A touch at a named touch site of the body (e.g. `anterior_body`).
    Touch(String),
    /// An electric shock through the floor grid, felt through the legs for `duration_s` (Tully & Quinn
    /// 1985: 60 V DC pulses of 1.5 s every 5 s while the CS+ odour is on).
    Shock {
        /// How long each delivery lasts.
        duration_s: f64,
        /// Voltage across the grid (the sensed intensity).
        volts: f64,
    },
}
