//! The general engine's model description, data only (RON/serde): populations of one neuron kind with
//! their own parameters and bias currents, exponential synapses (current- or conductance-based) with a
//! uniform or per-connection delay, ohmic gap junctions, Poisson drive and batches. The connectivity is a `Network` (signed
//! synapse counts by presynaptic neuron). `model_cpu` and `model_cuda` read this; it knows nothing of them.

use super::counter::hash4;
use super::neuron::{Kind, NeuronModel};
use super::plasticity::{PlasticGroup, PlasticPlan};
use super::{EngineError, Network};
use serde::{Deserialize, Serialize};

/// A block of consecutive neurons sharing a model's parameters and a bias current.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Population {
    /// Neurons in the block.
    pub size: usize,
    /// Their dynamics and parameters.
    pub neuron: NeuronModel,
    /// Constant injected current (model units; uA/cm^2 for HH).
    #[serde(default)]
    pub i_bias: f64,
}

/// Exponential synapses: each presynaptic spike adds `weight` per synapse (the edge's count) to an
/// excitatory (positive counts) or inhibitory (negative counts) variable that decays with `tau_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Synapses {
    /// The variables are currents: input `g_exc - g_inh`.
    Current {
        /// Decay time constant.
        tau_ms: f64,
        /// Current per synapse.
        weight: f64,
    },
    /// The variables are conductances: input `g_exc (e_exc - v) + g_inh (e_inh - v)`.
    Conductance {
        /// Decay time constant.
        tau_ms: f64,
        /// Conductance per synapse.
        weight: f64,
        /// Excitatory reversal potential.
        e_exc_mv: f64,
        /// Inhibitory reversal potential.
        e_inh_mv: f64,
    },
}

/// Poisson drive: each event adds `weight` to a driven neuron's excitatory synaptic variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Drive {
    /// Driven neurons (the same in every instance).
    pub neurons: Vec<u32>,
    /// Rate per neuron.
    pub rate_hz: f64,
    /// Synaptic increment per event.
    pub weight: f64,
}

/// Spike transmission delays of the chemical synapses, in whole steps of at least one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Delays {
    /// Every connection takes `delay_ms`.
    #[default]
    Uniform,
    /// One delay per connection, in the network's edge order (by presynaptic neuron, then target).
    Steps(Vec<u32>),
    /// Per connection, a whole number of steps drawn uniformly from `min_steps..=max_steps` (counter-based
    /// on `seed` and the edge index, so every backend and instance sees the same delays).
    UniformSteps {
        /// Shortest delay.
        min_steps: u32,
        /// Longest delay.
        max_steps: u32,
        /// Seed of the draw.
        seed: u64,
    },
}

/// An ohmic, symmetric gap junction: current `g (v_b - v_a)` into a and its opposite into b.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GapJunction {
    /// One neuron.
    pub a: u32,
    /// The other.
    pub b: u32,
    /// Conductance (the neuron model's conductance units).
    pub g: f64,
}

/// Everything but the connectivity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSpec {
    /// Integration step.
    pub dt_ms: f64,
    /// Populations in neuron order; their sizes sum to the network's neurons.
    pub populations: Vec<Population>,
    /// Chemical synapses.
    pub synapses: Synapses,
    /// Spike transmission delay (a whole number of steps, at least one) of every connection, unless `delays`
    /// gives them per connection.
    pub delay_ms: f64,
    /// Per-connection delays (default: `delay_ms` everywhere).
    #[serde(default)]
    pub delays: Delays,
    /// Plastic connection groups (CPU backend only).
    #[serde(default)]
    pub plasticity: Vec<PlasticGroup>,
    /// Electrical synapses.
    #[serde(default)]
    pub gap_junctions: Vec<GapJunction>,
    /// Poisson drive.
    #[serde(default)]
    pub drive: Drive,
    /// Seed of the Poisson streams.
    #[serde(default)]
    pub seed: u64,
    /// Independent instances sharing the connectivity.
    pub instances: usize,
    /// Index of the first instance (instance k of a batch equals a single run with `first_instance = k`).
    #[serde(default)]
    pub first_instance: u64,
    /// Neurons whose v is recorded every step.
    #[serde(default)]
    pub trace: Vec<u32>,
}

/// Gap junctions stored by neuron (both directions), with each neuron's total gap conductance.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GapTable {
    /// `offsets[i]..offsets[i + 1]` indexes neuron i's partners.
    pub offsets: Vec<u32>,
    /// Partner neuron.
    pub partners: Vec<u32>,
    /// Conductance to that partner.
    pub g: Vec<f64>,
    /// Sum of each neuron's gap conductances.
    pub g_sum: Vec<f64>,
}

/// Values derived once on the host that every backend shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    /// The neuron kind of every population.
    pub kind: Kind,
    /// Population of each neuron.
    pub population: Vec<u32>,
    /// Per population, the model's parameters followed by the bias current.
    pub params: Vec<Vec<f64>>,
    /// exp(-dt / tau_syn).
    pub decay_syn: f64,
    /// Synaptic increment per synapse.
    pub weight: f64,
    /// (e_exc, e_inh) for conductance synapses, None for current synapses.
    pub reversal_mv: Option<(f64, f64)>,
    /// Longest delay in steps (the ring length).
    pub delay_steps: usize,
    /// Shortest delay in steps (a GPU window may not exceed it).
    pub min_delay_steps: usize,
    /// Per edge, its delay in steps; empty when every edge takes `delay_steps`.
    pub edge_delay: Vec<u32>,
    /// Per neuron, Poisson thresholds on 53-bit uniforms (0: not driven).
    pub drive_threshold: Vec<u64>,
    /// The gap junctions by neuron (empty when there are none).
    pub gaps: GapTable,
    /// The plastic groups resolved on the network (empty when there are none).
    pub plastic: PlasticPlan,
}

impl ModelSpec {
    /// Unconnected populations (no synaptic effect, no drive, one instance, nothing traced) and their
    /// edgeless network: single-neuron tests and throughput benchmarks start here.
    pub fn isolated(dt_ms: f64, populations: Vec<Population>) -> (Network, ModelSpec) {
        let neurons = populations.iter().map(|p| p.size).sum();
        let net = Network::from_edges(neurons, Vec::new()).expect("no edges to check");
        let spec = ModelSpec {
            dt_ms,
            populations,
            synapses: Synapses::Current { tau_ms: 1.0, weight: 0.0 },
            delay_ms: dt_ms,
            delays: Delays::Uniform,
            plasticity: Vec::new(),
            gap_junctions: Vec::new(),
            drive: Drive::default(),
            seed: 1,
            instances: 1,
            first_instance: 0,
            trace: Vec::new(),
        };
        (net, spec)
    }

    /// Checks the description against `net` and derives what the backends need.
    pub fn derive(&self, net: &Network) -> Result<Derived, EngineError> {
        let bad = |m: String| Err(EngineError::Model(m));
        let n = net.neurons;
        if !(self.dt_ms > 0.0 && self.dt_ms.is_finite()) {
            return bad(format!("dt_ms must be positive, got {}", self.dt_ms));
        }
        let Some(first) = self.populations.first() else { return bad("no populations".into()) };
        let kind = first.neuron.kind();
        if let Some(p) = self.populations.iter().find(|p| p.neuron.kind() != kind) {
            return bad(format!("one neuron kind per network: {:?} and {:?}", kind, p.neuron.kind()));
        }
        let sizes: usize = self.populations.iter().map(|p| p.size).sum();
        if sizes != n {
            return bad(format!("populations hold {sizes} neurons, the network {n}"));
        }
        if self.instances == 0 {
            return bad("at least one instance".into());
        }
        let population = self.populations.iter().enumerate().flat_map(|(k, p)| std::iter::repeat_n(k as u32, p.size)).collect();
        let params = self.populations.iter().map(|p| [p.neuron.params(), vec![p.i_bias]].concat()).collect();
        let (tau_ms, weight, reversal_mv) = match self.synapses {
            Synapses::Current { tau_ms, weight } => (tau_ms, weight, None),
            Synapses::Conductance { tau_ms, weight, e_exc_mv, e_inh_mv } => (tau_ms, weight, Some((e_exc_mv, e_inh_mv))),
        };
        if tau_ms.is_nan() || tau_ms <= 0.0 {
            return bad(format!("synaptic tau_ms must be positive, got {tau_ms}"));
        }
        let steps = (self.delay_ms / self.dt_ms).round();
        if steps < 1.0 || (steps * self.dt_ms - self.delay_ms).abs() > 1e-9 * self.delay_ms.max(1.0) {
            return bad(format!("delay_ms = {} is not a whole number (at least one) of {} ms steps", self.delay_ms, self.dt_ms));
        }
        let edge_delay = self.edge_delays(net)?;
        let (min_delay, max_delay) = match (edge_delay.iter().min(), edge_delay.iter().max()) {
            (Some(&lo), Some(&hi)) => (lo as usize, hi as usize),
            _ => (steps as usize, steps as usize),
        };
        let p = self.drive.rate_hz * self.dt_ms * 1e-3;
        if !(0.0..=1.0).contains(&p) {
            return bad(format!("drive rate {} Hz gives probability {p} per step", self.drive.rate_hz));
        }
        let mut drive_threshold = vec![0u64; n];
        for &i in &self.drive.neurons {
            *drive_threshold.get_mut(i as usize).ok_or_else(|| EngineError::Model(format!("driven neuron {i} beyond {n}")))? = (p * (1u64 << 53) as f64) as u64;
        }
        if let Some(&i) = self.trace.iter().find(|&&i| i as usize >= n) {
            return bad(format!("traced neuron {i} beyond {n}"));
        }
        Ok(Derived {
            kind,
            population,
            params,
            decay_syn: (-self.dt_ms / tau_ms).exp(),
            weight,
            reversal_mv,
            delay_steps: max_delay,
            min_delay_steps: min_delay,
            edge_delay,
            drive_threshold,
            gaps: gap_table(n, &self.gap_junctions)?,
            plastic: PlasticPlan::new(net, &self.plasticity, self.dt_ms)?,
        })
    }
}

impl ModelSpec {
    /// Each edge's delay in steps (empty for a uniform delay, or a network without edges).
    fn edge_delays(&self, net: &Network) -> Result<Vec<u32>, EngineError> {
        let edges = net.edges();
        let delays = match &self.delays {
            Delays::Uniform => return Ok(Vec::new()),
            Delays::Steps(steps) if steps.len() != edges => return Err(EngineError::Model(format!("{} delays for {edges} connections", steps.len()))),
            Delays::Steps(steps) => steps.clone(),
            &Delays::UniformSteps { min_steps, max_steps, seed } => {
                if min_steps > max_steps {
                    return Err(EngineError::Model(format!("delay range {min_steps}..={max_steps} steps is empty")));
                }
                let span = u64::from(max_steps - min_steps) + 1;
                // The edge index splits into two 32-bit words so any network size draws distinct numbers.
                (0..edges as u64).map(|e| min_steps + (hash4(seed, e >> 32, e as u32, 0) % span) as u32).collect()
            }
        };
        if let Some(e) = delays.iter().position(|&d| d == 0) {
            return Err(EngineError::Model(format!("connection {e} has a delay of 0 steps; at least one")));
        }
        Ok(if edges == 0 { Vec::new() } else { delays })
    }
}

/// Stores each junction under both of its neurons, in junction order.
fn gap_table(n: usize, junctions: &[GapJunction]) -> Result<GapTable, EngineError> {
    if junctions.is_empty() {
        return Ok(GapTable::default());
    }
    let mut lists: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for j in junctions {
        if j.a as usize >= n || j.b as usize >= n || j.a == j.b || j.g.is_nan() || j.g < 0.0 {
            return Err(EngineError::Model(format!("gap junction {} - {} (g {}) is not between two distinct neurons of {n} with g >= 0", j.a, j.b, j.g)));
        }
        lists[j.a as usize].push((j.b, j.g));
        lists[j.b as usize].push((j.a, j.g));
    }
    let mut table = GapTable { offsets: vec![0], ..GapTable::default() };
    for list in &lists {
        table.partners.extend(list.iter().map(|e| e.0));
        table.g.extend(list.iter().map(|e| e.1));
        table.offsets.push(table.partners.len() as u32);
        table.g_sum.push(list.iter().map(|e| e.1).sum());
    }
    Ok(table)
}
