//! `tasks/**/*.ron`: a protocol: which body, arena and default brain, the time steps, placement,
//! duration and extra stimuli.

use super::environment_spec::{StimulusSpec, ZoneShape};
use serde::{Deserialize, Serialize};

/// A task. Paths are relative to the task file's folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Task")]
pub struct TaskSpec {
    /// Name, used for output folders.
    pub name: String,
    /// What the task measures, for humans.
    pub description: String,
    /// Body file.
    pub body: String,
    /// Environment file.
    pub environment: String,
    /// Brain used when the command line names none.
    pub default_brain: String,
    /// Length of one episode.
    pub duration_s: f64,
    /// Control step (sense, encode, brain, decode, actuate).
    pub dt_control_s: f64,
    /// Physics settings.
    pub physics: PhysicsSpec,
    /// Interval between trajectory rows.
    pub record_every_s: f64,
    /// Interval between rows of a legged body's gait record (`gait.csv`: contacts and joint angles); a
    /// step cycle needs several samples, so this is usually the control step. Absent: no gait record.
    #[serde(default)]
    pub gait_record_every_s: Option<f64>,
    /// `ett suite` runs at least this many animals of this task, whatever its `--animals`: the task's
    /// measure needs them (a performance index from per-fly choices of +-1 cannot tell learning from chance
    /// at 8 flies). `ett run --animals` is not affected. Absent: the suite's count.
    #[serde(default)]
    pub suite_min_animals: Option<usize>,
    /// Where animals start.
    pub placement: PlacementSpec,
    /// Stimuli added to the environment's own schedule.
    #[serde(default)]
    pub stimuli: Vec<StimulusSpec>,
    /// Successive phases (e.g. conditioning, then test); absent: one phase of `duration_s` in the
    /// task's environment. The brain carries over from phase to phase; the body is placed anew.
    #[serde(default)]
    pub phases: Vec<PhaseSpec>,
    /// What the task reports in summary.json.
    #[serde(default)]
    pub measures: Vec<MeasureSpec>,
}

/// One phase of a task.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseSpec {
    /// Name (measures may be restricted to it).
    pub name: String,
    /// Environment file for this phase (absent: the task's).
    #[serde(default)]
    pub environment: Option<String>,
    /// Length of the phase.
    pub duration_s: f64,
    /// Where the body is placed at the start of the phase (absent: the task's placement).
    #[serde(default)]
    pub placement: Option<PlacementSpec>,
    /// Stimuli of this phase, timed from the phase's start.
    #[serde(default)]
    pub stimuli: Vec<StimulusSpec>,
}

/// A circle on the plate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CircleSpec {
    /// Centre.
    pub center_mm: (f64, f64),
    /// Radius.
    pub radius_mm: f64,
}

/// Which stimuli a response measure looks at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum StimulusSelector {
    /// Plate taps.
    Tap,
    /// Touches at the named touch site.
    Touch(String),
}

/// A quantity a task reports, computed from what the task observed (see `task::measures`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum MeasureSpec {
    /// Fraction of stimuli followed by a reversal onset within `window_s`, and the 0/1 response to each
    /// stimulus in order (the habituation curve).
    ResponseProbability {
        /// Key in summary.json.
        name: String,
        /// Which stimuli.
        stimulus: StimulusSelector,
        /// How long after a stimulus a reversal counts as a response.
        window_s: f64,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Bargmann chemotaxis assay: +1 when the head first reaches the attractant zone, -1 the control
    /// zone (azide there immobilises animals), 0 neither; runs report both published indices.
    ChemotaxisIndex {
        /// Key in summary.json.
        name: String,
        /// Zone around the attractant.
        attractant: CircleSpec,
        /// Zone around the control spot.
        control: CircleSpec,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Whether and when the head first leaves a disk (e.g. crosses an osmotic ring).
    EscapeDisk {
        /// Key in summary.json.
        name: String,
        /// The disk.
        disk: CircleSpec,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Time the nose spends in noxious zones.
    TimeInNoxious {
        /// Key in summary.json.
        name: String,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Reversal onsets per minute in successive bins (local vs global search).
    ReversalRate {
        /// Key in summary.json.
        name: String,
        /// Bin length.
        bin_s: f64,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Times the nose leaves food, per minute.
    FoodLeaving {
        /// Key in summary.json.
        name: String,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Mean absolute difference between the temperature at the nose and a preferred temperature.
    TemperatureDeviation {
        /// Key in summary.json.
        name: String,
        /// The temperature the animal should seek (its cultivation temperature).
        preferred_c: f64,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Time-averaged temperature at the nose from `from_s` into the episode (or its phase) on: where on a
    /// thermal gradient the animal settles once it has had time to get there.
    MeanTemperature {
        /// Key in summary.json.
        name: String,
        /// Samples before this time (from the episode's or the phase's start) are left out.
        #[serde(default)]
        from_s: f64,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Pirouette rate against the dC/dt the head experienced (Pierce-Shimomura et al. 1999), measured on
    /// the recorded track by `scoring::pirouettes` (the same code scores real tracks).
    PirouetteRate {
        /// Key in summary.json.
        name: String,
        /// Chemical field of the environment sampled at the head.
        chemical: String,
        /// Reversals and omega turns closer than this belong to one pirouette.
        critical_interval_s: f64,
        /// dC/dt is the change of concentration over this past window.
        dcdt_window_s: f64,
        /// Edges of the dC/dt bins, increasing (concentration units per second).
        dcdt_edges: Vec<f64>,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Weathervaning (Iino & Yoshida 2009): path curvature during forward runs against the bearing to
    /// the gradient peak, measured on the recorded track by `scoring::weathervane`.
    Weathervane {
        /// Key in summary.json.
        name: String,
        /// Chemical field whose gradient sets the bearing.
        chemical: String,
        /// The path is resampled every `step_mm` of arc length.
        step_mm: f64,
        /// Frames of pirouettes (reversals and omega turns closer than this) are not runs.
        critical_interval_s: f64,
        /// Equal bearing bins over -180..180 degrees for the reported curve.
        bearing_bins: usize,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Looming escape: for each loom (a `Loom` stimulus's onset), whether the fly took off, i.e. its body rose
    /// `takeoff_rise_mm` above its height at onset within `window_s`, and the latency of takeoff from the
    /// moment the looming object's true angular size at the head first reached `latency_from_size_deg`. Reports `NAME` (the
    /// fraction of looms with a takeoff), `NAME_per_loom` (1/0), `NAME_latency_s` (mean over takeoffs) and
    /// `NAME_latency_per_loom_s` (null without a takeoff).
    LoomEscape {
        /// Key in summary.json.
        name: String,
        /// Rise of the body above its height at the loom's onset that counts as takeoff.
        takeoff_rise_mm: f64,
        /// Latency is measured from when the object first appears this large at the head (degrees).
        latency_from_size_deg: f64,
        /// How long after onset a takeoff counts.
        window_s: f64,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
    /// Tully & Quinn 1985's performance index: which arm of a choice arena the head is in at the end of
    /// the phase, +1 for the CS- arm and -1 for the CS+ arm (null in neither, not counted); over animals
    /// PI = (N_CS- - N_CS+) / (N_CS- + N_CS+).
    PerformanceIndex {
        /// Key in summary.json.
        name: String,
        /// The arm of the odour paired with shock.
        cs_plus: ArmSpec,
        /// The arm of the unpaired odour.
        cs_minus: ArmSpec,
        /// Restrict to one phase (the test).
        #[serde(default)]
        phase: Option<String>,
    },
    /// Fraction of time the centroid spends in each named zone, measured on the recorded track by
    /// `scoring::zones`; each zone is reported as `NAME_ZONE`.
    TimeInZones {
        /// Key prefix in summary.json.
        name: String,
        /// The zones.
        zones: Vec<NamedZoneSpec>,
        /// Restrict to one phase.
        #[serde(default)]
        phase: Option<String>,
    },
}

/// An arm of a choice arena: the half-plane beyond `beyond_mm` from the origin along `toward_deg`
/// (degrees from +x), as the environment's `HalfPlane` fields draw it, and the odour it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArmSpec {
    /// The chemical filling the arm (checked against the phase's environment at load).
    pub odour: String,
    /// Direction of the arm from the choice point.
    pub toward_deg: f64,
    /// Distance from the origin where the arm begins (the choice point's half-width).
    pub beyond_mm: f64,
}

impl ArmSpec {
    /// True when the point lies in the arm.
    pub fn contains(&self, point: [f64; 2]) -> bool {
        let (sin, cos) = self.toward_deg.to_radians().sin_cos();
        point[0] * cos + point[1] * sin > self.beyond_mm
    }
}

/// A named zone of a `TimeInZones` measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedZoneSpec {
    /// Suffix of the reported key.
    pub name: String,
    /// Where it is.
    pub zone: ZoneSpec,
}

/// A zone on the plate, drawn here or taken from the environment by name (so that it moves with it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ZoneSpec {
    /// A disk or ring, written as in environment files.
    Shape(ZoneShape),
    /// A sector of the plate seen from a centre, counter-clockwise from `from_deg` to `to_deg`
    /// (angles from +x), e.g. a quadrant of a four-quadrant assay.
    Sector {
        /// Apex.
        center_mm: (f64, f64),
        /// First edge.
        from_deg: f64,
        /// Second edge.
        to_deg: f64,
    },
    /// The environment's food patch of this name.
    Food(String),
    /// The disk a noxious ring of the environment encloses (inside its inner radius).
    EnclosedBy(String),
}

impl MeasureSpec {
    /// The measure's key in summary.json.
    pub fn name(&self) -> &str {
        match self {
            MeasureSpec::ResponseProbability { name, .. }
            | MeasureSpec::ChemotaxisIndex { name, .. }
            | MeasureSpec::EscapeDisk { name, .. }
            | MeasureSpec::TimeInNoxious { name, .. }
            | MeasureSpec::ReversalRate { name, .. }
            | MeasureSpec::FoodLeaving { name, .. }
            | MeasureSpec::TemperatureDeviation { name, .. }
            | MeasureSpec::MeanTemperature { name, .. }
            | MeasureSpec::PirouetteRate { name, .. }
            | MeasureSpec::Weathervane { name, .. }
            | MeasureSpec::LoomEscape { name, .. }
            | MeasureSpec::PerformanceIndex { name, .. }
            | MeasureSpec::TimeInZones { name, .. } => name,
        }
    }

    /// The phase the measure is restricted to.
    pub fn phase(&self) -> Option<&str> {
        match self {
            MeasureSpec::ResponseProbability { phase, .. }
            | MeasureSpec::ChemotaxisIndex { phase, .. }
            | MeasureSpec::EscapeDisk { phase, .. }
            | MeasureSpec::TimeInNoxious { phase, .. }
            | MeasureSpec::ReversalRate { phase, .. }
            | MeasureSpec::FoodLeaving { phase, .. }
            | MeasureSpec::TemperatureDeviation { phase, .. }
            | MeasureSpec::MeanTemperature { phase, .. }
            | MeasureSpec::PirouetteRate { phase, .. }
            | MeasureSpec::Weathervane { phase, .. }
            | MeasureSpec::LoomEscape { phase, .. }
            | MeasureSpec::PerformanceIndex { phase, .. }
            | MeasureSpec::TimeInZones { phase, .. } => phase.as_deref(),
        }
    }

    /// Whether the measure is computed on the recorded track after the episode (by `scoring`, the code
    /// that also reads real tracks) rather than step by step by the task.
    pub fn is_track_measure(&self) -> bool {
        matches!(self, MeasureSpec::PirouetteRate { .. } | MeasureSpec::Weathervane { .. } | MeasureSpec::TimeInZones { .. })
    }
}

/// Physics step settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhysicsSpec {
    /// Physics step; the control step must be a whole multiple of it.
    pub dt_s: f64,
    /// Velocity solver iterations.
    pub solver_iterations: usize,
    /// Inertial relaxation time of a worm segment in physics steps (sets the artificial segment mass);
    /// legged bodies carry their real masses and ignore it.
    #[serde(default = "default_relaxation_steps")]
    pub relaxation_steps: f64,
}

fn default_relaxation_steps() -> f64 {
    4.0
}

/// Where and how animals are placed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlacementSpec {
    /// Position of the head tip.
    pub head_tip_mm: (f64, f64),
    /// Initial heading in degrees (absent: uniform random per animal).
    #[serde(default)]
    pub heading_deg: Option<f64>,
    /// Standard deviation of a random offset of the start position, per axis.
    #[serde(default)]
    pub position_jitter_mm: f64,
}
