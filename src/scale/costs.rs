//! What one neuron update, one synaptic event and one stored connection cost, counted from the engine's
//! own update functions and data layouts. Operations are the arithmetic in the update code (floating
//! and integer: add, multiply, divide, compare, convert; a fused multiply-add counts two); loads,
//! stores and loop control are not operations but memory traffic. Bytes come from `size_of` the
//! element types of each array the engine allocates per neuron or per connection.

use super::models::{NeuronKind, SynapseKind};
use super::ScaleError;
use serde::{Deserialize, Serialize};
use std::mem::size_of;

/// Per-element costs of one neuron and synapse model; zero where a model has no such work.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Costs {
    /// Operations per neuron per step.
    pub ops_per_neuron_update: f64,
    /// Bytes read and written per neuron per step (one step per launch: state streamed every step).
    pub neuron_traffic_bytes_per_update: f64,
    /// Resident bytes per neuron, not counting the delay ring.
    pub neuron_bytes: f64,
    /// Resident bytes per neuron per step of synaptic delay (the ring of arrivals).
    pub ring_bytes_per_delay_step: f64,
    /// Operations per stored connection per presynaptic spike (event-driven delivery).
    pub ops_per_synapse_event: f64,
    /// Bytes moved per delivered connection.
    pub synapse_traffic_bytes_per_event: f64,
    /// Operations per stored connection per step (synapses with their own dynamics, graded gathers).
    pub ops_per_synapse_step: f64,
    /// Bytes moved per stored connection per step.
    pub synapse_traffic_bytes_per_step: f64,
    /// Resident bytes per stored connection.
    pub synapse_bytes: f64,
    /// Operations per gap-junction row entry (two per pair) per step.
    pub ops_per_gap_step: f64,
    /// Bytes moved per gap-junction row entry per step.
    pub gap_traffic_bytes_per_step: f64,
    /// Resident bytes per gap-junction row entry.
    pub gap_bytes: f64,
    /// Bytes of one message between partitions (a spike, or a graded neuron's value each step).
    pub message_bytes: f64,
}

/// neuron::exp (Cody-Waite reduction and a degree-13 polynomial): x*log2(e) 1, round 1, two
/// multiply-subtracts 4, 13 fused multiply-adds 26, the final scaling multiply 1. The graded brain's
/// libm `exp` is counted the same.
pub const EXP_OPS: f64 = 33.0;

/// `engine::cpu::update_neuron` / `lif_step` in kernels.cu: refractory test 2, the exact v update
/// (sub, mul, mul, add, add) 5, g decay 1, threshold compare and its and 2, count to float 1,
/// g += count * w 2, Poisson test 1.
pub const LIF_OPS: f64 = 14.0;

/// The general engine's per-neuron work around a model's step (`update_chunk`, `model_update`):
/// current-based input (bias + ge - gi) 2, each of ge and gi decays and takes its arrivals
/// (convert, mul, mul, add) 4 + 4, Poisson test 1.
pub const GENERAL_ENGINE_OPS: f64 = 11.0;

/// `neuron::izhikevich` step: input current 3, dv (0.04 v v + 5 v + 140 - u + I) 7, du 3, two Euler
/// updates 4, threshold 1.
pub const IZHIKEVICH_OPS: f64 = 18.0;

/// `neuron::hodgkin_huxley` step: rates 28 + 6 exp (u, e80, e40, am and an through vtrap10 8 each, bm 2,
/// ah 2, bh 4, bn 1); temperature test 1; g_na 4, g_k 4, g_total 3; v_inf 8; v relaxation 5 + 1 exp;
/// three gates 7 + 1 exp each; spike test 3. 77 + 10 exp.
pub const HODGKIN_HUXLEY_OPS: f64 = 77.0 + 10.0 * EXP_OPS;

/// `brain::graded::cpu::step_animal` per neuron: release phi 4 + exp, leak current 1, drive 2, exponential
/// Euler on v 6 + exp, synaptic activation s 8 + exp, clamp tests 2.
pub const GRADED_OPS: f64 = 23.0 + 3.0 * EXP_OPS;

/// `step_animal`'s inner synapse loop: gs = g * s[pre], g += gs, current += gs * E.
pub const GRADED_SYNAPSE_OPS: f64 = 4.0;

/// `step_animal`'s gap loop: current += g * v[other].
pub const GRADED_GAP_OPS: f64 = 2.0;

/// `brain::graded::plasticity` per synapse per step with both rules: depression 12 + exp (activity 3,
/// rate 3, x_inf 2, exponent 1, relaxation 3), three-factor 15 (co-activity 5, e_inf 1, relaxation 3,
/// bounded weight step 6), conductance rewrite 3.
pub const PLASTIC_OPS: f64 = 30.0 + EXP_OPS;

/// Bytes per plastic synapse per step: resource, eligibility and weight read and written (48), phi of pre
/// and post (16), pre and post indices (16), the group's synapse index read in both loops (16), contacts
/// read and conductance written (16).
pub const PLASTIC_TRAFFIC_BYTES: f64 = 112.0;

const F64: f64 = size_of::<f64>() as f64;
const U32: f64 = size_of::<u32>() as f64;
const I32: f64 = size_of::<i32>() as f64;
const U64: f64 = size_of::<u64>() as f64;
const USIZE: f64 = size_of::<usize>() as f64;
const BOOL: f64 = size_of::<bool>() as f64;

/// A spike between partitions: neuron and step as u32, the layout of the window spike lists.
const SPIKE_MESSAGE: f64 = 2.0 * U32;

/// A stored spiking connection: target u32 and signed synapse count i32 (`Network`).
const SPIKING_CONNECTION: f64 = U32 + I32;

/// Delivering one connection: target and weight read, the ring entry read and written (atomic add).
const SPIKING_EVENT_TRAFFIC: f64 = U32 + I32 + 2.0 * I32;

/// Shiu LIF engine (`engine::cpu`, `engine::cuda`).
fn lif() -> Costs {
    Costs {
        ops_per_neuron_update: LIF_OPS,
        // lif_update reads v, g, last spike, the ring slot, the drive threshold; writes v, g, last, ring.
        neuron_traffic_bytes_per_update: 2.0 * F64 + I32 + I32 + U64 + 2.0 * F64 + I32 + I32,
        // v, g, last spike, spike count, drive threshold, row offset, spike list slot.
        neuron_bytes: 2.0 * F64 + I32 + U32 + U64 + U32 + U32,
        ring_bytes_per_delay_step: I32,
        ops_per_synapse_event: 1.0,
        synapse_traffic_bytes_per_event: SPIKING_EVENT_TRAFFIC,
        synapse_bytes: SPIKING_CONNECTION,
        message_bytes: SPIKE_MESSAGE,
        ..Costs::default()
    }
}

/// The general engine (`engine::model_cpu`, `model_kernels.cu`) with a model of `vars` state variables
/// whose step costs `step_ops`.
fn general(vars: f64, step_ops: f64) -> Costs {
    Costs {
        ops_per_neuron_update: GENERAL_ENGINE_OPS + step_ops,
        // state, ge, gi read and written; population, drive threshold, both ring slots read; rings cleared.
        neuron_traffic_bytes_per_update: 2.0 * (vars * F64 + 2.0 * F64) + U32 + U64 + 2.0 * I32 + 2.0 * I32,
        // state, ge, gi, spike count, population, drive threshold, row offset, spike neuron and step slots.
        neuron_bytes: vars * F64 + 2.0 * F64 + U32 + U32 + U64 + U32 + 2.0 * U32,
        ring_bytes_per_delay_step: 2.0 * I32,
        // the sign test chooses the excitatory or inhibitory ring, then the add.
        ops_per_synapse_event: 2.0,
        synapse_traffic_bytes_per_event: SPIKING_EVENT_TRAFFIC,
        synapse_bytes: SPIKING_CONNECTION,
        // gap_gv += g * v[partner]
        ops_per_gap_step: 2.0,
        gap_traffic_bytes_per_step: U32 + 2.0 * F64,
        gap_bytes: U32 + F64,
        message_bytes: SPIKE_MESSAGE,
        ..Costs::default()
    }
}

/// The graded worm brain (`brain::graded`); synapses are gathered every step, not delivered on spikes.
fn graded() -> Costs {
    Costs {
        ops_per_neuron_update: GRADED_OPS,
        // phi pass 24, current pass (base, drive, two row starts read; g_total, current written) 48,
        // v pass 32, s pass 24, clamp flags 2.
        neuron_traffic_bytes_per_update: 3.0 * F64 + 2.0 * F64 + 2.0 * USIZE + 2.0 * F64 + 4.0 * F64 + 3.0 * F64 + 2.0 * BOOL,
        // v, s, phi, g_total, current, vth, base conductance, gap total; two row starts; two flags.
        neuron_bytes: 8.0 * F64 + 2.0 * USIZE + 2.0 * BOOL,
        ops_per_synapse_step: GRADED_SYNAPSE_OPS,
        // pre index, conductance, s[pre], reversal.
        synapse_traffic_bytes_per_step: USIZE + 3.0 * F64,
        // pre index, contacts, reversal, conductance, post index; plastic resource, weight and eligibility
        // (allocated for every synapse whether or not a group uses them).
        synapse_bytes: 2.0 * USIZE + 3.0 * F64 + 3.0 * F64,
        ops_per_gap_step: GRADED_GAP_OPS,
        gap_traffic_bytes_per_step: USIZE + 2.0 * F64,
        // partner and conductance per row entry, plus half of the (a, b, contacts) pair list.
        gap_bytes: USIZE + F64 + 0.5 * (2.0 * USIZE + F64),
        // the activation s (f64) of every neuron with a neighbour elsewhere, every step, with its index.
        message_bytes: F64 + U32,
        ..Costs::default()
    }
}

/// Costs of a neuron and synapse model counted from the engine; multi-state synapses have no engine
/// implementation and need a cost file.
pub fn engine_costs(neuron: NeuronKind, synapse: SynapseKind) -> Result<Costs, ScaleError> {
    let mut c = match neuron {
        NeuronKind::Graded => graded(),
        NeuronKind::Lif => lif(),
        NeuronKind::Izhikevich => general(2.0, IZHIKEVICH_OPS),
        NeuronKind::HodgkinHuxley => general(4.0, HODGKIN_HUXLEY_OPS),
    };
    match synapse {
        SynapseKind::Static => {}
        SynapseKind::Plastic => {
            c.ops_per_synapse_step += PLASTIC_OPS;
            c.synapse_traffic_bytes_per_step += PLASTIC_TRAFFIC_BYTES;
            // graded: the group's synapse index (the state is already counted); spiking: resource, weight,
            // eligibility and the presynaptic index the per-step rule reads.
            c.synapse_bytes += if neuron.is_graded() { USIZE } else { 3.0 * F64 + U32 };
        }
        SynapseKind::MultiState => {
            return Err(ScaleError::NoCosts(format!(
                "multi-state synapses are not implemented in the engine, so there is nothing to count for {} neurons; give --costs FILE (scoring/scale/roadmap_costs.ron holds the roadmap's assumption for hh)",
                neuron.name()
            )))
        }
    }
    Ok(c)
}
