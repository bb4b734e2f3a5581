//! The fly's whole-brain leaky integrate-and-fire model on FlyWire's connectome (`model: FlyWireLif(...)`):
//! Shiu et al. 2024's model run by the engine's CPU or CUDA backend, sensory channels driving named FlyWire neurons
//! (root ids, or cell types and sides from FlyWire's annotation tables) as Poisson inputs, and named
//! descending neurons' firing rates read out as the walking decoder's descending drives.

use crate::engine::flywire_annotations::Side;
use crate::engine::LifParams;
use serde::{Deserialize, Serialize};

/// A whole-brain LIF fly.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyWireLifSpec {
    /// FlyWire's `connections.csv` or `.csv.gz` (pre_root_id, post_root_id, neuropil, syn_count, nt_type),
    /// relative to the brain file.
    pub connections: String,
    /// FlyWire's annotation tables, relative to the brain file; needed where a group selects `cell_types`.
    #[serde(default)]
    pub annotations: Option<FlyWireAnnotationsSpec>,
    /// The walking decoder's step-cycle file, relative to the brain file.
    pub walking: String,
    /// Shiu et al. 2024's parameters (these defaults when absent); `dt_ms` must equal the brain step.
    #[serde(default)]
    pub lif: LifParams,
    /// Tarsus sites that taste (sugar, bitter).
    pub taste_sites: Vec<String>,
    /// Sensory channels -> Poisson input to FlyWire neurons.
    pub inputs: Vec<FlyWireInputSpec>,
    /// FlyWire neurons' firing rates -> descending drives.
    pub outputs: Vec<FlyWireOutputSpec>,
    /// Time constant of the exponential filter turning spikes into firing rates.
    pub rate_tau_s: f64,
    /// Seed of the Poisson streams (each animal draws its own instance stream from it).
    #[serde(default)]
    pub seed: u64,
    /// Which engine backend runs it: `Cpu` (default) or `Cuda` (GPU 0; an error naming the file where no
    /// CUDA driver or device is found). Both draw the same Poisson events and spike alike.
    #[serde(default)]
    pub backend: crate::config::spiking_spec::SpikingBackend,
}

/// FlyWire's annotation tables (Codex downloads of the same release as `connections`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyWireAnnotationsSpec {
    /// `consolidated_cell_types.csv(.gz)`: root_id, primary_type, additional_type(s).
    pub cell_types: String,
    /// `classification.csv(.gz)`: root_id, flow, super_class, class, sub_class, hemilineage, side, nerve.
    pub classification: String,
}

/// Neurons picked by annotation: every neuron whose `primary_type` is listed, on `side` where given.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellTypeSelection {
    /// FlyWire primary types, e.g. `ORN_DM1`, `LPLC2`, `DNa02`.
    pub types: Vec<String>,
    /// `Some(Left)` or `Some(Right)`: only neurons FlyWire's classification places there; `None`: any side.
    #[serde(default)]
    pub side: Option<Side>,
}

/// What the body senses, as one signal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FlySense {
    /// Concentration of an arena chemical at a site (e.g. the odour at `antenna_left`).
    Odour {
        /// The arena chemical.
        chemical: String,
        /// The body site.
        site: String,
    },
    /// The densest food under a tasting tarsus (sugar).
    Sugar,
    /// The strongest noxious intensity under a tasting tarsus (bitter).
    Bitter,
    /// Temperature at a site (NaN without a temperature field).
    Temperature(String),
    /// Distance from a site to the plate's rim, mm (infinite without a rim).
    WallDistance(String),
    /// Luminance at an eye (`eye_left`, `eye_right`): the fraction of its view not covered by a dark object.
    Luminance(String),
    /// Angular diameter of the looming object seen by an eye, degrees (0 when unseen).
    LoomSize(String),
    /// Rate of change of that angular diameter, degrees per second.
    LoomExpansion(String),
    /// The air's velocity along the body, forward positive, mm/s (the antennae's Johnston's organs).
    WindForward,
    /// The air's velocity across the body, to the left positive, mm/s.
    WindLeft,
    /// Voltage of an electric shock felt through the legs (0 when none).
    Shock,
}

/// A sensory channel driving a group of neurons: rate = clamp(rate_hz_per_unit x signal, 0, max_rate_hz).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyWireInputSpec {
    /// Name for messages (e.g. `sugar_GRNs`).
    pub name: String,
    /// What drives it.
    pub sense: FlySense,
    /// FlyWire root ids of the driven neurons.
    #[serde(default)]
    pub root_ids: Vec<u64>,
    /// Driven neurons picked by cell type (added to `root_ids`).
    #[serde(default)]
    pub cell_types: Option<CellTypeSelection>,
    /// Poisson rate per unit of the signal.
    pub rate_hz_per_unit: f64,
    /// Highest rate (Shiu et al. stimulate at 150 Hz).
    pub max_rate_hz: f64,
}

/// A group of neurons whose mean firing rate adds `gain_per_hz` x rate to a descending drive.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlyWireOutputSpec {
    /// Name for messages (e.g. `P9_oDN1_left`).
    pub name: String,
    /// `drive_left`, `drive_right`, `backward` or `escape`.
    pub channel: String,
    /// FlyWire root ids of the group.
    #[serde(default)]
    pub root_ids: Vec<u64>,
    /// Neurons of the group picked by cell type (added to `root_ids`).
    #[serde(default)]
    pub cell_types: Option<CellTypeSelection>,
    /// Drive per Hz of the group's mean rate, negative to take drive away (each drive, summed over its
    /// groups, is clipped to [0, 1]).
    pub gain_per_hz: f64,
}
