//! Parameters of the phenomenological fly's mushroom body (`FlyNavigatorSpec::mushroom_body`): odours ->
//! projection neurons -> a sparse Kenyon-cell code -> output neurons (MBONs) whose KC synapses dopamine
//! depresses, and how the learned valence steers walking.

use serde::{Deserialize, Serialize};

/// The mushroom body and its read-out.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MushroomBodySpec {
    /// Odours the antennae smell, by arena chemical name (a chemical the arena lacks reads as none).
    pub odours: Vec<String>,
    /// The calyx's odour code and the Kenyon cells.
    pub calyx: CalyxSpec,
    /// Dopamine-gated depression of KC -> approach-MBON synapses.
    pub plasticity: MbPlasticitySpec,
    /// How the output neurons' valence turns the fly.
    pub steering: MbSteeringSpec,
    /// Seed of the fixed random wiring (odour -> PN patterns and PN -> KC claws).
    pub seed: u64,
}

/// Odour -> projection neurons -> Kenyon cells.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalyxSpec {
    /// Projection-neuron channels (one per glomerulus).
    pub projection_neurons: usize,
    /// Fraction of projection neurons an odour excites.
    pub odour_pn_fraction: f64,
    /// Concentration at which a projection neuron's response is half its maximum (PN responses saturate).
    pub pn_half_saturation: f64,
    /// Kenyon cells.
    pub kenyon_cells: usize,
    /// Projection-neuron inputs (claws) per Kenyon cell, drawn at random.
    pub claws_per_kc: usize,
    /// Fraction of Kenyon cells left active by global feedback inhibition (APL), as k winners take all.
    pub sparseness: f64,
}

/// Three-factor rule on the KC -> approach-MBON weights: e_j relaxes toward KC j's activity with
/// `eligibility_tau_s`; dw_j/dt = -learning_rate_per_s * dopamine * e_j * w_j, clipped at `min_weight`;
/// dopamine = min(1, shock / `saturating_shock_v`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MbPlasticitySpec {
    /// Initial weight of every KC -> MBON synapse (approach and avoidance MBONs alike, so a naive odour is neutral).
    pub initial_weight: f64,
    /// Lowest weight depression reaches.
    pub min_weight: f64,
    /// Time constant of the KC eligibility trace: how long after an odour's KC activity dopamine still depresses.
    pub eligibility_tau_s: f64,
    /// Rate of depression per second at full dopamine and full eligibility.
    pub learning_rate_per_s: f64,
    /// Shock voltage at which the PPL1 dopaminergic neurons' output saturates.
    pub saturating_shock_v: f64,
}

/// Read-out: aversion = (avoidance MBON - approach MBON) / (initial weight x a saturated odour's KC
/// activity), computed for each antenna's input.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MbSteeringSpec {
    /// Steady turn away from the antenna with the higher aversion, per unit of left-right difference.
    pub bilateral_deg_per_s_per_unit: f64,
    /// Expected number of avoidance turns per unit rise of aversion (a turn back where a learned odour begins).
    pub turns_per_unit_rise: f64,
    /// Size of an avoidance turn, away from the more aversive side.
    pub avoidance_turn_deg: f64,
    /// Smoothing of the aversion whose rise triggers the turns.
    pub rise_tau_s: f64,
}
