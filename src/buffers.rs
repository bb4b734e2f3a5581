//! The four plain buffers one closed-loop step passes along: sense -> encode -> brain -> decode.
//! Each is allocated once per episode and overwritten every control step.

/// What the body and arena sensed during the last control step.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SensorFrame {
    /// Simulated time at the end of the step.
    pub time_s: f64,
    /// Chemical concentration, indexed `[site * n_chemicals + chemical]` over chemosensory sites.
    pub chemical: Vec<f64>,
    /// Temperature at each chemosensory site (NaN when the arena has no temperature field).
    pub temperature_c: Vec<f64>,
    /// Noxious intensity at each chemosensory site.
    pub noxious: Vec<f64>,
    /// Food density (amount per mm^2) at each chemosensory site.
    pub food_per_mm2: Vec<f64>,
    /// Distance from each chemosensory site to the plate's rim, inward (infinite without a rim): what a
    /// fly's antennae and forelegs can feel of a wall within their reach is the brain's to judge.
    pub wall_distance_mm: Vec<f64>,
    /// The air's velocity relative to the body's axes: forward (tail to head) and to the left.
    pub wind_body_mm_per_s: [f64; 2],
    /// 1 for a touch site touched during the step, else 0.
    pub touch: Vec<f64>,
    /// 1 when the plate was tapped during the step, else 0.
    pub tap: f64,
    /// 1 when a looming stimulus began during the step, else 0 (for tasks; brains see it with their eyes).
    pub loom_onset: f64,
    /// The looming object's true angular diameter at the head, degrees (0 without one): for tasks, which
    /// time responses from it; brains see only what the eyes' rays sample.
    pub loom_size_deg: f64,
    /// Per eye (`arena::vision::EYE_NAMES` order; empty for a body without eyes): fraction of the eye's
    /// sampled directions not covered by the dark looming object (1 with nothing in view).
    pub eye_luminance: Vec<f64>,
    /// Per eye: the looming object's angular diameter as the eye's rays sample it, degrees (0 when unseen).
    pub eye_object_size_deg: Vec<f64>,
    /// Per eye: the rate of change of that angular size over the last control step, degrees per second.
    pub eye_object_expansion_deg_per_s: Vec<f64>,
    /// Voltage of an electric shock through the floor grid during the step (0 when none): felt by the
    /// whole body through the legs, as in the conditioning apparatus of Tully & Quinn 1985.
    pub shock_v: f64,
    /// Proprioception: bend angle at each joint, dorsal positive.
    pub bend_rad: Vec<f64>,
    /// Mechanosensation of the external load: drag power per squared segment speed per length felt
    /// during the last control step (about 0.004 in buffer, 3-128 on agar); NaN when the body did not move.
    pub load_n_s_per_m2: f64,
}

/// Input to the brain, one value per input neuron or channel the brain declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeuralInput {
    /// Injected current or drive per input.
    pub drive: Vec<f64>,
}

/// Output of the brain, one value per output neuron or channel the brain declares.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeuralOutput {
    /// Activity per output.
    pub activity: Vec<f64>,
}

/// Muscle activations in [0, 1], one per body muscle in the body's order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MuscleCommand {
    /// Activation per muscle.
    pub activation: Vec<f64>,
}

/// Something that happened during an episode, for the events CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When it happened.
    pub time_s: f64,
    /// What kind of event (e.g. `tap`, `touch`, `reversal_start`, `enter_food`).
    pub kind: &'static str,
    /// Which site, patch or zone it concerns (empty when none).
    pub detail: String,
}
