//! Synthetic networks with FlyWire's statistics (138,639 neurons, 15,091,983 edges, lognormal out-degree,
//! heavy-tailed synapse counts per edge with mean about 3.6, about 10% inhibitory neurons), seeded and
//! deterministic whatever the thread count: every row draws from its own counter-based stream.
//! Targets are uniform (in-degree is therefore binomial, not heavy-tailed as in the real connectome).

use super::counter::mix64;
use super::model::Network;
use super::EngineError;
use crate::rng::SplitMix64;
use rayon::prelude::*;

/// FlyWire v783 neuron count (Dorkenwald et al. 2024, as used by Shiu et al. 2024).
pub const FLYWIRE_NEURONS: usize = 138_639;
/// FlyWire v783 connected pairs.
pub const FLYWIRE_EDGES: usize = 15_091_983;

/// Edges for `neurons` neurons at FlyWire's mean out-degree (about 109), capped at half of all pairs.
pub fn flywire_edges_for(neurons: usize) -> usize {
    let edges = (neurons as f64 * FLYWIRE_EDGES as f64 / FLYWIRE_NEURONS as f64).round() as usize;
    edges.min(neurons * neurons.saturating_sub(1) / 2)
}

/// How to generate a network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SynthSpec {
    /// Number of neurons.
    pub neurons: usize,
    /// Number of connected (pre, post) pairs.
    pub edges: usize,
    /// Seed of every random choice.
    pub seed: u64,
    /// Sigma of the lognormal out-degree (log space).
    pub degree_sigma: f64,
    /// Target mean synapse count per edge.
    pub count_mean: f64,
    /// Sigma of the lognormal part of the synapse count (log space).
    pub count_sigma: f64,
    /// Fraction of neurons whose outgoing synapses are inhibitory.
    pub inhibitory_fraction: f64,
}

impl SynthSpec {
    /// FlyWire's size and statistics.
    pub fn flywire(seed: u64) -> SynthSpec {
        SynthSpec::sized(FLYWIRE_NEURONS, FLYWIRE_EDGES, seed)
    }

    /// FlyWire's statistics at another size.
    pub fn sized(neurons: usize, edges: usize, seed: u64) -> SynthSpec {
        SynthSpec { neurons, edges, seed, degree_sigma: 1.0, count_mean: 3.6, count_sigma: 1.0, inhibitory_fraction: 0.1 }
    }
}

/// A generated network and which neurons are inhibitory.
#[derive(Debug, Clone)]
pub struct SynthNetwork {
    /// The connectivity (weights signed).
    pub network: Network,
    /// Whether each neuron's outputs are inhibitory.
    pub inhibitory: Vec<bool>,
}

/// Generates the network a spec describes.
pub fn generate(spec: &SynthSpec) -> Result<SynthNetwork, EngineError> {
    let n = spec.neurons;
    if n < 2 {
        return Err(EngineError::Model(format!("a network needs at least 2 neurons, got {n}")));
    }
    if spec.edges as u64 > (n as u64) * (n as u64 - 1) / 2 || spec.edges as u64 >= u32::MAX as u64 {
        return Err(EngineError::Model(format!("{} edges are too many for {n} neurons", spec.edges)));
    }
    let degrees = out_degrees(spec);
    let inhibitory: Vec<bool> = (0..n).map(|i| unit(mix64(spec.seed ^ 0x1A2B_3C4D ^ mix64(i as u64))) < spec.inhibitory_fraction).collect();
    // E[1 + floor(X)] is about E[X] + 1/2 for a smooth X, so the lognormal mean is count_mean - 1/2.
    let count_mu = (spec.count_mean - 0.5).max(0.01).ln() - spec.count_sigma * spec.count_sigma / 2.0;
    let rows: Vec<(Vec<u32>, Vec<i32>)> = (0..n)
        .into_par_iter()
        .map(|i| {
            let mut rng = SplitMix64::for_stream(spec.seed, 1 + i as u64);
            let targets = distinct_targets(&mut rng, i as u32, degrees[i] as usize, n as u32);
            let sign = if inhibitory[i] { -1 } else { 1 };
            let weights = targets
                .iter()
                .map(|_| {
                    let x = (count_mu + spec.count_sigma * rng.normal()).exp();
                    sign * (1 + (x.floor().min(1e6) as i32))
                })
                .collect();
            (targets, weights)
        })
        .collect();
    let mut row_offsets = Vec::with_capacity(n + 1);
    row_offsets.push(0u32);
    let (mut targets, mut weights) = (Vec::with_capacity(spec.edges), Vec::with_capacity(spec.edges));
    for (t, w) in rows {
        targets.extend_from_slice(&t);
        weights.extend_from_slice(&w);
        row_offsets.push(targets.len() as u32);
    }
    Ok(SynthNetwork { network: Network { neurons: n, row_offsets, targets, weights }, inhibitory })
}

/// Lognormal weights scaled to sum exactly to `edges` (largest remainders), each at most n - 1.
fn out_degrees(spec: &SynthSpec) -> Vec<u32> {
    let n = spec.neurons;
    let mut rng = SplitMix64::for_stream(spec.seed, 0);
    let raw: Vec<f64> = (0..n).map(|_| (spec.degree_sigma * rng.normal()).exp()).collect();
    let scale = spec.edges as f64 / raw.iter().sum::<f64>();
    let cap = (n - 1) as f64;
    let ideal: Vec<f64> = raw.iter().map(|w| (w * scale).min(cap)).collect();
    let mut degrees: Vec<u32> = ideal.iter().map(|d| d.floor() as u32).collect();
    let assigned: u64 = degrees.iter().map(|&d| d as u64).sum();
    let mut order: Vec<usize> = (0..n).collect();
    // Ties broken by index so the result does not depend on the sort's stability.
    order.sort_by(|&a, &b| (ideal[b] - ideal[b].floor()).total_cmp(&(ideal[a] - ideal[a].floor())).then(a.cmp(&b)));
    let mut missing = (spec.edges as u64).saturating_sub(assigned);
    for &i in order.iter().cycle().take(4 * n) {
        if missing == 0 {
            break;
        }
        if (degrees[i] as usize) < n - 1 {
            degrees[i] += 1;
            missing -= 1;
        }
    }
    degrees
}

/// `count` distinct targets in 0..n other than `pre`, sorted; duplicates are redrawn, never trimmed, so no bias.
fn distinct_targets(rng: &mut SplitMix64, pre: u32, count: usize, n: u32) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(count);
    while out.len() < count {
        for _ in out.len()..count {
            // Drawing from n - 1 values and skipping `pre` keeps the choice uniform over the others.
            let mut t = (rng.next_u64() % (n as u64 - 1)) as u32;
            if t >= pre {
                t += 1;
            }
            out.push(t);
        }
        out.sort_unstable();
        out.dedup();
    }
    out
}

/// `count` distinct neurons chosen by seed (e.g. the driven "sugar" neurons), sorted.
pub fn pick_neurons(neurons: usize, count: usize, seed: u64) -> Vec<u32> {
    let mut keyed: Vec<(u64, u32)> = (0..neurons as u32).map(|i| (mix64(seed ^ mix64(0x5EED ^ i as u64)), i)).collect();
    keyed.sort_unstable();
    let mut chosen: Vec<u32> = keyed.into_iter().take(count).map(|(_, i)| i).collect();
    chosen.sort_unstable();
    chosen
}

/// Uniform in [0, 1) from 53 bits.
fn unit(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}
