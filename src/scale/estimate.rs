//! From a brain's size, a model's per-element costs and the time step to the work of one biological
//! second: operations, resident memory and memory traffic.

use super::catalog::Species;
use super::costs::Costs;
use super::ScaleError;
use serde::Serialize;

/// The size of a network to emulate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workload {
    /// Species name or `explicit`.
    pub label: String,
    /// Neurons.
    pub neurons: f64,
    /// Chemical synapses.
    pub synapses: f64,
    /// Stored connections (connected pairs; equal to synapses when unknown).
    pub connections: f64,
    /// Gap-junction pairs.
    pub gap_junctions: f64,
}

impl Workload {
    /// A species preset.
    pub fn of(species: &Species) -> Workload {
        Workload {
            label: species.name.clone(),
            neurons: species.neurons,
            synapses: species.synapses,
            connections: species.connections.unwrap_or(species.synapses),
            gap_junctions: species.gap_junctions.unwrap_or(0.0),
        }
    }

    /// Mean stored connections per neuron (out-degree).
    pub fn out_degree(&self) -> f64 {
        self.connections / self.neurons
    }
}

/// Time step, activity and delay of the emulation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Timing {
    /// Integration step.
    pub dt_ms: f64,
    /// Mean firing rate per neuron (ignored by graded models, which exchange values every step).
    pub rate_hz: f64,
    /// Uniform synaptic delay: the ring of arrivals holds delay / dt steps.
    pub delay_ms: f64,
}

impl Timing {
    /// Checks the step and delay are positive and the rate not negative.
    pub fn check(&self) -> Result<(), ScaleError> {
        if !(self.dt_ms > 0.0 && self.dt_ms.is_finite() && self.delay_ms >= self.dt_ms && self.delay_ms.is_finite() && self.rate_hz >= 0.0 && self.rate_hz.is_finite()) {
            return Err(ScaleError::Request(format!(
                "need dt_ms > 0, delay_ms >= dt_ms and rate_hz >= 0, all finite; got dt_ms {}, delay_ms {}, rate_hz {}",
                self.dt_ms, self.delay_ms, self.rate_hz
            )));
        }
        Ok(())
    }

    /// Steps per biological second.
    pub fn steps_per_s(&self) -> f64 {
        1000.0 / self.dt_ms
    }

    /// Steps of delay (at least one), the ring's length.
    pub fn delay_steps(&self) -> f64 {
        (self.delay_ms / self.dt_ms).round().max(1.0)
    }
}

/// The work of one biological second.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Requirements {
    /// Neuron updates.
    pub neuron_updates_per_s: f64,
    /// Connections delivered on spikes.
    pub synaptic_events_per_s: f64,
    /// Connection updates of synapses stepped every step.
    pub synapse_steps_per_s: f64,
    /// Messages a neuron sends to the others (spikes, or graded values every step).
    pub messages_per_s: f64,
    /// Operations.
    pub ops_per_s: f64,
    /// Resident memory.
    pub memory_bytes: f64,
    /// Memory traffic.
    pub traffic_bytes_per_s: f64,
}

/// Work per biological second of `w` with `costs`; `graded` models send every neuron's value every step
/// instead of spikes at `rate_hz`.
pub fn requirements(w: &Workload, c: &Costs, t: &Timing, graded: bool) -> Requirements {
    let steps = t.steps_per_s();
    let updates = w.neurons * steps;
    let events = if graded { 0.0 } else { w.connections * t.rate_hz };
    let synapse_steps = if c.ops_per_synapse_step > 0.0 || c.synapse_traffic_bytes_per_step > 0.0 { w.connections * steps } else { 0.0 };
    let gap_entries = 2.0 * w.gap_junctions;
    Requirements {
        neuron_updates_per_s: updates,
        synaptic_events_per_s: events,
        synapse_steps_per_s: synapse_steps,
        messages_per_s: if graded { updates } else { w.neurons * t.rate_hz },
        ops_per_s: updates * c.ops_per_neuron_update + events * c.ops_per_synapse_event + synapse_steps * c.ops_per_synapse_step + gap_entries * steps * c.ops_per_gap_step,
        memory_bytes: w.neurons * (c.neuron_bytes + c.ring_bytes_per_delay_step * t.delay_steps()) + w.connections * c.synapse_bytes + gap_entries * c.gap_bytes,
        traffic_bytes_per_s: updates * c.neuron_traffic_bytes_per_update
            + events * c.synapse_traffic_bytes_per_event
            + synapse_steps * c.synapse_traffic_bytes_per_step
            + gap_entries * steps * c.gap_traffic_bytes_per_step,
    }
}
