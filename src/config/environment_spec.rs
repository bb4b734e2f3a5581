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
    /// A uniform, steady wind, if any (a wind tunnel).
    #[serde(default)]
    pub wind: Option<WindSpec>,
}

/// A uniform, steady wind over the arena. It is sensed, not felt: it exerts no force on the body (at
/// 0.1 m/s the drag on a walking fly is far below its legs' grip).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WindSpec {
    /// Air velocity, the direction the air moves to.
    pub velocity_mm_per_s: (f64, f64),
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
    /// An odour plume from a continuous point source, advected by a uniform wind and spread across it by
    /// turbulent diffusion: the time-averaged slender plume, c = Q / (U sqrt(2 pi) sigma(s))
    /// exp(-n^2 / (2 sigma^2)), sigma^2 = r0^2 + 2 D s / U at s downwind and n across; upwind of the
    /// source only the source's own blob. Time-averaged: no filaments, no intermittency.
    AdvectedPlume {
        /// The source.
        source_mm: (f64, f64),
        /// Amount released per second (concentration units times mm^2, per s: the plume is 2-D).
        release_per_s: f64,
        /// The wind that carries it; must equal the environment's `wind`.
        wind_mm_per_s: (f64, f64),
        /// Turbulent (eddy) diffusivity across the wind.
        diffusion_mm2_per_s: f64,
        /// Radius of the source (the plume's width where it starts).
        source_radius_mm: f64,
    },
    /// An intermittent plume from a continuous point source: a train of puffs carried by the wind, each
    /// wandering from the centre line and growing, while the wind's direction swings slowly (puffs as in
    /// Farrell et al. 2002, in a simpler form; `arena::filament_plume`). Each animal smells its own realisation, drawn
    /// from the run's seed; its time average is an `AdvectedPlume` with diffusivity
    /// `puff_growth_mm2_per_s + wander_mm2_per_s`, widened by the meander.
    FilamentPlume {
        /// The source.
        source_mm: (f64, f64),
        /// Amount released per second (concentration units times mm^2, per s: the plume is 2-D).
        release_per_s: f64,
        /// The wind that carries it; must equal the environment's `wind`.
        wind_mm_per_s: (f64, f64),
        /// Puffs released per second.
        puffs_per_s: f64,
        /// Each puff's width (standard deviation) at release.
        puff_radius_mm: f64,
        /// Each puff's own spreading: its variance grows by twice this per second.
        puff_growth_mm2_per_s: f64,
        /// Puffs' wander from the centre line: the offset's variance grows by twice this per second.
        wander_mm2_per_s: f64,
        /// Standard deviation of the wind direction's slow swing (at most 20 degrees).
        meander_deg: f64,
        /// Correlation time of that swing.
        meander_time_s: f64,
        /// Puffs are followed this far downwind of the source (the arena's extent beyond it is enough).
        length_mm: f64,
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
    /// A dark sphere approaching the head at constant speed (the l/|v| looming protocol), seen by the eyes.
    Loom(LoomSpec),
    /// An electric shock through the floor grid, felt through the legs for `duration_s` (Tully & Quinn
    /// 1985: 60 V DC pulses of 1.5 s every 5 s while the CS+ odour is on).
    Shock {
        /// How long each delivery lasts.
        duration_s: f64,
        /// Voltage across the grid (the sensed intensity).
        volts: f64,
    },
}

/// A looming object: a dark sphere of `radius_mm` that appears at `start_size_deg` of angular diameter in the
/// direction (`azimuth_deg`, `elevation_deg`) from the head, relative to the fly's heading at onset, and
/// moves at `speed_mm_per_s` straight toward where the head was at onset. Its angular size is
/// 2 asin(r / d); its l/|v| (ms) is 1000 radius_mm / speed_mm_per_s. It is an image (a screen's), not a
/// body: nothing collides with it. It vanishes when it would reach the head (180 degrees).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoomSpec {
    /// Radius of the sphere.
    pub radius_mm: f64,
    /// Approach speed.
    pub speed_mm_per_s: f64,
    /// Angular diameter at onset, degrees (e.g. 10).
    pub start_size_deg: f64,
    /// Direction of approach, counter-clockwise from the fly's heading (90: from its left).
    pub azimuth_deg: f64,
    /// Elevation of the direction of approach above the horizontal.
    #[serde(default)]
    pub elevation_deg: f64,
}

impl LoomSpec {
    /// Checks the numbers serde cannot: positive radius and speed, a start size strictly between 0 and 180.
    pub fn check(&self) -> Result<(), String> {
        if !(self.radius_mm > 0.0 && self.radius_mm.is_finite() && self.speed_mm_per_s > 0.0 && self.speed_mm_per_s.is_finite()) {
            return Err(format!("loom: radius_mm and speed_mm_per_s must be positive and finite, got {} and {}", self.radius_mm, self.speed_mm_per_s));
        }
        if !(self.start_size_deg > 0.0 && self.start_size_deg < 180.0) {
            return Err(format!("loom: start_size_deg must be strictly between 0 and 180, got {}", self.start_size_deg));
        }
        if !(self.azimuth_deg.is_finite() && self.elevation_deg.abs() <= 90.0) {
            return Err(format!("loom: azimuth_deg must be finite and elevation_deg within -90..90, got {} and {}", self.azimuth_deg, self.elevation_deg));
        }
        Ok(())
    }

    /// Distance of the sphere's centre from the head at onset.
    pub fn start_distance_mm(&self) -> f64 {
        self.radius_mm / (0.5 * self.start_size_deg).to_radians().sin()
    }

    /// Time from onset until the sphere would touch the head (its angular size reaches 180 degrees).
    pub fn duration_s(&self) -> f64 {
        (self.start_distance_mm() - self.radius_mm) / self.speed_mm_per_s
    }

    /// True angular diameter (degrees) at `t_s` after onset (the analytic value the eyes sample).
    pub fn size_deg_at(&self, t_s: f64) -> f64 {
        let distance_mm = (self.start_distance_mm() - self.speed_mm_per_s * t_s).max(self.radius_mm);
        2.0 * (self.radius_mm / distance_mm).asin().to_degrees()
    }
}
