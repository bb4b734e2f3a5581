//! The backend-agnostic description of a spiking network: connectivity by presynaptic neuron (CSR),
//! the Shiu et al. 2024 LIF parameters, the Poisson drive and batches of instances. Backends read this;
//! it knows nothing of them.

use super::EngineError;

/// Leaky integrate-and-fire parameters of Shiu et al. 2024 (units in the names).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifParams {
    /// Resting potential, the value `v` relaxes to.
    pub v_rest_mv: f64,
    /// Potential after a spike.
    pub v_reset_mv: f64,
    /// Threshold; a spike needs `v > v_threshold_mv` (strict).
    pub v_threshold_mv: f64,
    /// Membrane time constant.
    pub tau_m_ms: f64,
    /// Synaptic (conductance-like `g`, in mV) time constant.
    pub tau_syn_ms: f64,
    /// Refractory period; `v` and `g` are frozen and inputs dropped.
    pub refractory_ms: f64,
    /// Uniform synaptic delay.
    pub delay_ms: f64,
    /// Jump of `g` per synapse (weights are synapse counts).
    pub w_syn_mv: f64,
    /// Integration step.
    pub dt_ms: f64,
    /// Jump of `v` per Poisson input event (250 x 0.275 mV in Shiu et al.).
    pub poisson_weight_mv: f64,
}

impl Default for LifParams {
    fn default() -> Self {
        LifParams {
            v_rest_mv: -52.0,
            v_reset_mv: -52.0,
            v_threshold_mv: -45.0,
            tau_m_ms: 20.0,
            tau_syn_ms: 5.0,
            refractory_ms: 2.2,
            delay_ms: 1.8,
            w_syn_mv: 0.275,
            dt_ms: 0.1,
            poisson_weight_mv: 68.75,
        }
    }
}

/// Per-step constants every backend uses, computed once on the host in f64 so all backends share them bit for bit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepConstants {
    /// exp(-dt / tau_m).
    pub decay_v: f64,
    /// exp(-dt / tau_syn).
    pub decay_g: f64,
    /// Contribution of `g` at the start of a step to `v` at its end (exact solution of the linear pair).
    pub g_to_v: f64,
    /// Resting potential.
    pub v_rest_mv: f64,
    /// Reset potential.
    pub v_reset_mv: f64,
    /// Threshold (strict).
    pub v_threshold_mv: f64,
    /// `g` jump per synapse.
    pub w_syn_mv: f64,
    /// `v` jump per Poisson event.
    pub poisson_weight_mv: f64,
    /// Steps a neuron stays refractory, counting its spike step.
    pub refractory_steps: i32,
    /// Steps between a spike and its delivery; also the ring buffer length.
    pub delay_steps: usize,
}

impl LifParams {
    /// Derives the per-step constants; errors when a time is not positive or not a whole number of steps.
    pub fn step_constants(&self) -> Result<StepConstants, EngineError> {
        let dt = self.dt_ms;
        for (name, value) in [("dt_ms", dt), ("tau_m_ms", self.tau_m_ms), ("tau_syn_ms", self.tau_syn_ms), ("delay_ms", self.delay_ms)] {
            if !(value > 0.0 && value.is_finite()) {
                return Err(EngineError::Model(format!("{name} must be positive, got {value}")));
            }
        }
        if (self.tau_m_ms - self.tau_syn_ms).abs() < 1e-12 {
            return Err(EngineError::Model("tau_m_ms equal to tau_syn_ms needs the degenerate solution, not implemented".into()));
        }
        let whole_steps = |name: &str, ms: f64| -> Result<usize, EngineError> {
            let steps = (ms / dt).round();
            if (steps * dt - ms).abs() > 1e-9 * ms.max(1.0) || steps < 0.0 {
                return Err(EngineError::Model(format!("{name} = {ms} ms is not a whole number of {dt} ms steps")));
            }
            Ok(steps as usize)
        };
        let delay_steps = whole_steps("delay_ms", self.delay_ms)?;
        if delay_steps == 0 {
            return Err(EngineError::Model("delay_ms must be at least one step".into()));
        }
        let refractory_steps = whole_steps("refractory_ms", self.refractory_ms)? as i32;
        let decay_v = (-dt / self.tau_m_ms).exp();
        let decay_g = (-dt / self.tau_syn_ms).exp();
        // v - v_rest = A e^{-t/tau_syn} + (u0 - A) e^{-t/tau_m} with A = g0 tau_syn / (tau_syn - tau_m).
        let g_to_v = self.tau_syn_ms / (self.tau_syn_ms - self.tau_m_ms) * (decay_g - decay_v);
        Ok(StepConstants {
            decay_v,
            decay_g,
            g_to_v,
            v_rest_mv: self.v_rest_mv,
            v_reset_mv: self.v_reset_mv,
            v_threshold_mv: self.v_threshold_mv,
            w_syn_mv: self.w_syn_mv,
            poisson_weight_mv: self.poisson_weight_mv,
            refractory_steps,
            delay_steps,
        })
    }
}

/// Connectivity stored by presynaptic neuron: row `i` lists neuron `i`'s targets and signed synapse counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    /// Number of neurons.
    pub neurons: usize,
    /// `row_offsets[i]..row_offsets[i + 1]` indexes neuron i's outgoing edges (length neurons + 1).
    pub row_offsets: Vec<u32>,
    /// Postsynaptic neuron of each edge.
    pub targets: Vec<u32>,
    /// Signed synapse count of each edge (negative: inhibitory transmitter).
    pub weights: Vec<i32>,
}

impl Network {
    /// Builds the CSR from (pre, post, signed count) triples; duplicate pairs are summed, zero sums dropped.
    pub fn from_edges(neurons: usize, mut edges: Vec<(u32, u32, i32)>) -> Result<Network, EngineError> {
        if neurons as u64 >= u32::MAX as u64 {
            return Err(EngineError::Model(format!("{neurons} neurons do not fit 32-bit indices")));
        }
        if let Some(&(pre, post, _)) = edges.iter().find(|&&(pre, post, _)| pre as usize >= neurons || post as usize >= neurons) {
            return Err(EngineError::Model(format!("edge {pre} -> {post} names a neuron beyond {neurons}")));
        }
        edges.sort_unstable_by_key(|&(pre, post, _)| (pre, post));
        let mut merged: Vec<(u32, u32, i32)> = Vec::with_capacity(edges.len());
        for (pre, post, count) in edges {
            match merged.last_mut() {
                Some(last) if (last.0, last.1) == (pre, post) => last.2 += count,
                _ => merged.push((pre, post, count)),
            }
        }
        merged.retain(|e| e.2 != 0);
        let mut row_offsets = vec![0u32; neurons + 1];
        for &(pre, _, _) in &merged {
            row_offsets[pre as usize + 1] += 1;
        }
        for i in 0..neurons {
            row_offsets[i + 1] += row_offsets[i];
        }
        let targets: Vec<u32> = merged.iter().map(|e| e.1).collect();
        let weights: Vec<i32> = merged.iter().map(|e| e.2).collect();
        if targets.len() as u64 >= u32::MAX as u64 {
            return Err(EngineError::Model(format!("{} edges do not fit 32-bit offsets", targets.len())));
        }
        Ok(Network { neurons, row_offsets, targets, weights })
    }

    /// Number of edges (connected pairs).
    pub fn edges(&self) -> usize {
        self.targets.len()
    }

    /// Total synapses (sum of absolute counts).
    pub fn synapses(&self) -> u64 {
        self.weights.iter().map(|w| w.unsigned_abs() as u64).sum()
    }

    /// Outgoing edges of neuron `i` as (targets, weights).
    pub fn row(&self, i: usize) -> (&[u32], &[i32]) {
        let (a, b) = (self.row_offsets[i] as usize, self.row_offsets[i + 1] as usize);
        (&self.targets[a..b], &self.weights[a..b])
    }
}

/// What to simulate: B instances of one network, each with its own Poisson stream and optional lesions.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    /// Neuron parameters shared by all instances.
    pub params: LifParams,
    /// Master seed of the Poisson streams.
    pub seed: u64,
    /// Number of independent instances sharing the connectivity.
    pub instances: usize,
    /// Neurons receiving the Poisson drive (the same in every instance).
    pub drive_neurons: Vec<u32>,
    /// Rate of the Poisson drive.
    pub drive_rate_hz: f64,
    /// Per instance, neurons removed (they never spike); empty or one list per instance.
    pub lesions: Vec<Vec<u32>>,
    /// Index of the first instance, so instance k of a batch reproduces a single run with `first_instance = k`.
    pub first_instance: u64,
}

impl RunSpec {
    /// A single instance with the Shiu parameters, driving `drive_neurons` at `rate_hz`.
    pub fn single(seed: u64, drive_neurons: Vec<u32>, rate_hz: f64) -> RunSpec {
        RunSpec { params: LifParams::default(), seed, instances: 1, drive_neurons, drive_rate_hz: rate_hz, lesions: Vec::new(), first_instance: 0 }
    }

    /// Per-neuron Poisson thresholds on 53-bit uniforms (0: not driven); integers, so every backend agrees.
    pub fn drive_thresholds(&self, neurons: usize) -> Result<Vec<u64>, EngineError> {
        let threshold = drive_threshold(self.drive_rate_hz, self.params.dt_ms)?;
        let mut out = vec![0u64; neurons];
        for &n in &self.drive_neurons {
            *out.get_mut(n as usize).ok_or_else(|| EngineError::Model(format!("driven neuron {n} beyond {neurons}")))? = threshold;
        }
        Ok(out)
    }

    /// Per-instance lesion masks flattened instance-major (1: removed).
    pub fn lesion_mask(&self, neurons: usize) -> Result<Vec<u8>, EngineError> {
        if !self.lesions.is_empty() && self.lesions.len() != self.instances {
            return Err(EngineError::Model(format!("{} lesion lists for {} instances", self.lesions.len(), self.instances)));
        }
        let mut mask = vec![0u8; neurons * self.instances];
        for (b, list) in self.lesions.iter().enumerate() {
            for &n in list {
                if n as usize >= neurons {
                    return Err(EngineError::Model(format!("lesioned neuron {n} beyond {neurons}")));
                }
                mask[b * neurons + n as usize] = 1;
            }
        }
        Ok(mask)
    }
}

/// The Poisson threshold of a rate on 53-bit uniforms (an event when the draw is below it): every backend
/// converts rates through this one function, so they agree to the bit.
pub fn drive_threshold(rate_hz: f64, dt_ms: f64) -> Result<u64, EngineError> {
    let p = rate_hz * dt_ms * 1e-3;
    if !(0.0..=1.0).contains(&p) {
        return Err(EngineError::Model(format!("drive rate {rate_hz} Hz gives probability {p} per step")));
    }
    Ok((p * (1u64 << 53) as f64) as u64)
}

/// Spikes recorded in bulk: per instance, spikes per neuron and spikes per step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Recording {
    /// `counts[b][i]`: spikes of neuron i in instance b.
    pub counts: Vec<Vec<u32>>,
    /// `per_step[b][t]`: spikes of instance b in step t.
    pub per_step: Vec<Vec<u32>>,
}

impl Recording {
    /// All spikes of instance `b`.
    pub fn total(&self, b: usize) -> u64 {
        self.counts[b].iter().map(|&c| c as u64).sum()
    }
}
