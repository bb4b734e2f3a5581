//! Parameters of the phenomenological worm (`BrainModelSpec::Behavioral`), the positive control of the
//! worm suite. Every number lives in the brain file, next to the citation of its published value.

use serde::{Deserialize, Serialize};

/// The behavioural model: gait, reorientation, navigation, reflexes, foraging state and salt learning.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BehavioralSpec {
    /// Which body sites and chemicals feed which input channel.
    pub sensors: SensorSitesSpec,
    /// The undulation.
    pub gait: GaitSpec,
    /// Reversals, omega turns and their rates.
    pub reorientation: ReorientationSpec,
    /// Klinokinesis and weathervaning on salt and temperature.
    pub navigation: NavigationSpec,
    /// Gentle touch and tap reflexes with habituation.
    pub mechanosensation: MechanosensationSpec,
    /// ASH-like avoidance of noxious stimuli at the nose and the phasmids' antagonism at the tail.
    pub avoidance: AvoidanceSpec,
    /// Salt chemotaxis learning.
    pub learning: LearningSpec,
    /// Master seed of the model's random draws (mixed with the animal's seed stream).
    pub seed: u64,
}

/// Site and chemical names of the body and arena that the encoder reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensorSitesSpec {
    /// Chemosensory site at the nose (amphids): salt, temperature, noxious, food.
    pub nose_site: String,
    /// Chemosensory site at the tail (phasmids): noxious.
    pub tail_site: String,
    /// Touch sites whose touch is an anterior touch.
    pub anterior_touch_sites: Vec<String>,
    /// Touch sites whose touch is a posterior touch.
    pub posterior_touch_sites: Vec<String>,
    /// The chemical sensed as salt (absent on a plate: no salt signal).
    pub salt_chemical: String,
    /// Number of joints from the head whose mean bend is the head-swing signal.
    pub head_joints: usize,
}

/// Travelling-wave gait, modulated by food and by posterior touch; the crawling gait unless the sensed
/// load is below the swimming gait's threshold.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GaitSpec {
    /// Crawling undulation frequency off food.
    pub frequency_hz: f64,
    /// Crawling wavelength in body lengths.
    pub wavelength_body_lengths: f64,
    /// The gait under a low external load (buffer).
    pub swimming: SwimGaitSpec,
    /// Activation amplitude around the baseline.
    pub amplitude: f64,
    /// Mean activation (tone).
    pub baseline: f64,
    /// Frequency factor while the nose senses food (basal slowing).
    pub on_food_frequency_factor: f64,
    /// Frequency factor during the escape after a posterior touch.
    pub acceleration_frequency_factor: f64,
    /// Length of that escape.
    pub acceleration_s: f64,
    /// Muscles behind this body fraction receive no steering bias (the head and neck steer).
    pub steering_body_fraction: f64,
}

/// The swimming gait and the load below which the model swims (gait adaptation to external load,
/// Fang-Yen et al. 2010).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SwimGaitSpec {
    /// Undulation frequency while swimming.
    pub frequency_hz: f64,
    /// Wavelength while swimming, body lengths.
    pub wavelength_body_lengths: f64,
    /// Sensed load (`SensorFrame::load_n_s_per_m2`) below which the model swims.
    pub below_load_n_s_per_m2: f64,
}

/// Spontaneous and evoked reorientations.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReorientationSpec {
    /// Reorientation rate right after leaving food (local search), rate = alpha exp(-gamma t) + floor.
    pub alpha_per_min: f64,
    /// Decay of the local-search rate.
    pub gamma_per_min: f64,
    /// Rate long after food (global search).
    pub floor_per_min: f64,
    /// Rate while on food.
    pub on_food_per_min: f64,
    /// Probability that a reversal ends in an omega turn (a pirouette).
    pub omega_after_reversal_probability: f64,
    /// Length of a reversal (backward wave).
    pub reversal_s: f64,
    /// Length of an omega turn.
    pub omega_s: f64,
    /// Ventral bias during an omega turn.
    pub omega_bias: f64,
    /// Probability of reversing at the first forward step after the nose leaves a lawn (staying on food).
    pub lawn_edge_reversal_probability: f64,
}

/// Gradient navigation on one scalar preference U = valence * ln(C_salt + floor) - k_T |T - T_cult|.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NavigationSpec {
    /// Concentration added before the logarithm (sensitivity floor).
    pub salt_floor_mm: f64,
    /// Weight of temperature in U (per degree away from the cultivation temperature).
    pub temperature_weight_per_c: f64,
    /// Cultivation temperature (thermotaxis target).
    pub cultivation_c: f64,
    /// Time constant of the slow preference filter for klinokinesis.
    pub klinokinesis_tau_s: f64,
    /// Reorientation rate factor exp(-gain dU/dt) (Pierce-Shimomura 1999).
    pub klinokinesis_gain_s: f64,
    /// Largest factor (and 1/smallest) the klinokinesis may apply.
    pub klinokinesis_max_factor: f64,
    /// Time constant of the head-swing correlation for weathervaning.
    pub weathervane_tau_s: f64,
    /// Steering bias per unit of the correlation <dU/dt * head bend> (Iino & Yoshida 2009).
    pub weathervane_gain: f64,
    /// Largest steering bias.
    pub weathervane_max_bias: f64,
}

/// Habituating reflex to one kind of mechanical stimulus: responsiveness is the product of units with
/// their own time scales (Staddon & Higa 1996), which gives the interval dependence of Rankin & Broster.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HabituationSpec {
    /// Response probability of a rested animal.
    pub naive_probability: f64,
    /// The habituating units.
    pub timescales: Vec<HabituationUnitSpec>,
}

/// One habituating unit.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HabituationUnitSpec {
    /// Fraction of the unit's responsiveness lost per stimulus.
    pub decrement: f64,
    /// Time constant of its spontaneous recovery.
    pub recovery_tau_s: f64,
}

/// Touch and tap.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MechanosensationSpec {
    /// Anterior gentle touch: reversal.
    pub anterior_touch: HabituationSpec,
    /// Posterior gentle touch: forward acceleration.
    pub posterior_touch: HabituationSpec,
    /// Plate tap: reversal.
    pub tap: HabituationSpec,
}

/// Noxious avoidance.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AvoidanceSpec {
    /// Noxious intensity at the nose above which the animal reverses.
    pub threshold: f64,
    /// Probability of avoiding at each encounter.
    pub probability: f64,
}

/// Salt learning: NaCl without food turns attraction into avoidance; food restores it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearningSpec {
    /// Salt valence of a naive animal.
    pub naive_valence: f64,
    /// Valence that conditioning approaches.
    pub conditioned_valence: f64,
    /// Time constant of conditioning at saturating salt.
    pub conditioning_tau_s: f64,
    /// Salt concentration giving half the conditioning rate.
    pub half_saturation_mm: f64,
    /// Time constant of recovery on food.
    pub recovery_tau_s: f64,
}
