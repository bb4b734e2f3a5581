//! The CPU backend: a fused neuron update over chunks of neurons (rayon) producing a spike list, then
//! event-driven push propagation of the spikes' rows into a ring of integer accumulators. Instances of a
//! batch run in parallel. All sums are integer and each neuron's float update is local, so results are
//! bit-identical whatever the thread count.

use super::counter::poisson_hit;
use super::model::{Network, Recording, RunSpec, StepConstants};
use super::EngineError;
use rayon::prelude::*;
use std::time::Instant;

/// Neurons per rayon task in the update: large enough that scheduling costs little, small enough to balance.
const CHUNK_NEURONS: usize = 8192;

/// The state of one instance (struct of arrays).
#[derive(Debug, Clone)]
struct Instance {
    /// Global instance index, the Poisson stream it draws.
    index: u64,
    v_mv: Vec<f64>,
    g_mv: Vec<f64>,
    last_spike_step: Vec<i32>,
    /// `delay_steps` slots of `neurons` synapse-count sums, slot = step % delay_steps.
    ring: Vec<i32>,
    /// Empty when nothing is lesioned.
    lesioned: Vec<u8>,
    counts: Vec<u32>,
    per_step: Vec<u32>,
    spikes: Vec<u32>,
    /// Wall time spent updating neurons (with the drive) and pushing spikes, for throughput figures.
    phase_wall_s: PhaseWalls,
}

/// Wall time of the two phases of a step, summed over steps (and instances).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PhaseWalls {
    /// Neuron updates and the Poisson drive.
    pub update_s: f64,
    /// Spike propagation into the ring.
    pub propagate_s: f64,
}

/// Shared, read-only inputs of a step.
struct Shared<'a> {
    net: &'a Network,
    k: StepConstants,
    drive_threshold: &'a [u64],
    driven: &'a [u32],
    seed: u64,
}

/// B instances of one network on the CPU.
#[derive(Debug)]
pub struct CpuEngine<'a> {
    net: &'a Network,
    k: StepConstants,
    seed: u64,
    drive_threshold: Vec<u64>,
    driven: Vec<u32>,
    instances: Vec<Instance>,
    step: u32,
}

/// Before any spike: far enough in the past that no neuron starts refractory.
const NEVER_SPIKED: i32 = i32::MIN / 2;

impl<'a> CpuEngine<'a> {
    /// Prepares `spec.instances` instances at rest.
    pub fn new(net: &'a Network, spec: &RunSpec) -> Result<Self, EngineError> {
        let k = spec.params.step_constants()?;
        let n = net.neurons;
        let drive_threshold = spec.drive_thresholds(n)?;
        let mask = spec.lesion_mask(n)?;
        let instances = (0..spec.instances)
            .map(|b| Instance {
                index: spec.first_instance + b as u64,
                v_mv: vec![k.v_rest_mv; n],
                g_mv: vec![0.0; n],
                last_spike_step: vec![NEVER_SPIKED; n],
                ring: vec![0; k.delay_steps * n],
                lesioned: if spec.lesions.is_empty() { Vec::new() } else { mask[b * n..(b + 1) * n].to_vec() },
                counts: vec![0; n],
                per_step: Vec::new(),
                spikes: Vec::new(),
                phase_wall_s: PhaseWalls::default(),
            })
            .collect();
        let driven = (0..n as u32).filter(|&i| drive_threshold[i as usize] != 0).collect();
        Ok(CpuEngine { net, k, seed: spec.seed, drive_threshold, driven, instances, step: 0 })
    }

    /// Advances every instance by `steps` steps.
    pub fn run(&mut self, steps: u32) {
        let shared = Shared { net: self.net, k: self.k, drive_threshold: &self.drive_threshold, driven: &self.driven, seed: self.seed };
        let first = self.step;
        self.instances.par_iter_mut().for_each(|inst| {
            inst.per_step.reserve(steps as usize);
            for t in first..first + steps {
                inst.step(&shared, t);
            }
        });
        self.step += steps;
    }

    /// Steps taken so far.
    pub fn steps_done(&self) -> u32 {
        self.step
    }

    /// Neurons of instance `b` that spiked in the last step, in ascending order.
    pub fn last_spikes(&self, b: usize) -> &[u32] {
        &self.instances[b].spikes
    }

    /// Membrane potentials of instance `b`.
    pub fn v_mv(&self, b: usize) -> &[f64] {
        &self.instances[b].v_mv
    }

    /// Sets one neuron's potential and synaptic variable (initial conditions, tests).
    pub fn set_state(&mut self, b: usize, neuron: usize, v_mv: f64, g_mv: f64) {
        self.instances[b].v_mv[neuron] = v_mv;
        self.instances[b].g_mv[neuron] = g_mv;
    }

    /// Wall time of each phase so far, summed over instances.
    pub fn phase_walls(&self) -> PhaseWalls {
        self.instances.iter().fold(PhaseWalls::default(), |a, i| PhaseWalls { update_s: a.update_s + i.phase_wall_s.update_s, propagate_s: a.propagate_s + i.phase_wall_s.propagate_s })
    }

    /// The spikes recorded so far.
    pub fn recording(&self) -> Recording {
        Recording {
            counts: self.instances.iter().map(|i| i.counts.clone()).collect(),
            per_step: self.instances.iter().map(|i| i.per_step.clone()).collect(),
        }
    }
}

impl Instance {
    fn step(&mut self, s: &Shared, t: u32) {
        let started = Instant::now();
        let n = s.net.neurons;
        let slot = t as usize % s.k.delay_steps;
        let ring_slot = &mut self.ring[slot * n..(slot + 1) * n];
        let (index, lesioned) = (self.index, &self.lesioned);
        let chunks: Vec<Vec<u32>> = self
            .v_mv
            .par_chunks_mut(CHUNK_NEURONS)
            .zip(self.g_mv.par_chunks_mut(CHUNK_NEURONS))
            .zip(self.last_spike_step.par_chunks_mut(CHUNK_NEURONS))
            .zip(ring_slot.par_chunks_mut(CHUNK_NEURONS))
            .enumerate()
            .map(|(c, (((v, g), last), acc))| {
                let base = c * CHUNK_NEURONS;
                let mut spikes = Vec::new();
                for j in 0..v.len() {
                    // At exact rest with nothing arriving the update is the identity (most neurons, most
                    // steps): skipping it saves the stores and is bit-identical.
                    if acc[j] == 0 && g[j] == 0.0 && v[j] == s.k.v_rest_mv {
                        continue;
                    }
                    let removed = !lesioned.is_empty() && lesioned[base + j] != 0;
                    if update_neuron(&s.k, t as i32, &mut v[j], &mut g[j], &mut last[j], &mut acc[j], removed, false) {
                        spikes.push((base + j) as u32);
                    }
                }
                spikes
            })
            .collect();
        self.spikes.clear();
        for c in chunks {
            self.spikes.extend_from_slice(&c);
        }
        // The Poisson drive after the update, over driven neurons only; the same as applying it inside
        // update_neuron (it touches only v, and not while refractory, which includes this step's spikers).
        for &i in s.driven {
            let i = i as usize;
            if (t as i32).wrapping_sub(self.last_spike_step[i]) >= s.k.refractory_steps && poisson_hit(s.seed, index, i as u32, t, s.drive_threshold[i]) {
                self.v_mv[i] += s.k.poisson_weight_mv;
            }
        }
        let updated = Instant::now();
        for &i in &self.spikes {
            self.counts[i as usize] += 1;
            let (targets, weights) = s.net.row(i as usize);
            for (&post, &w) in targets.iter().zip(weights) {
                ring_slot[post as usize] += w;
            }
        }
        self.per_step.push(self.spikes.len() as u32);
        self.phase_wall_s.update_s += (updated - started).as_secs_f64();
        self.phase_wall_s.propagate_s += updated.elapsed().as_secs_f64();
    }
}

/// One neuron, one step (the kernel `lif_update` in `cuda` is this function in C); returns whether it spiked.
/// Takes the accumulated synapse count of this step and clears it.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub fn update_neuron(k: &StepConstants, t: i32, v: &mut f64, g: &mut f64, last: &mut i32, acc: &mut i32, removed: bool, poisson_hit: bool) -> bool {
    let mut refractory = t.wrapping_sub(*last) < k.refractory_steps;
    if !refractory {
        let (v0, g0) = (*v, *g);
        *v = k.v_rest_mv + (v0 - k.v_rest_mv) * k.decay_v + g0 * k.g_to_v;
        *g = g0 * k.decay_g;
    }
    let spike = !refractory && !removed && *v > k.v_threshold_mv;
    if spike {
        *last = t;
        refractory = true;
    }
    let count = *acc;
    *acc = 0;
    if !refractory {
        *g += count as f64 * k.w_syn_mv;
        if poisson_hit {
            *v += k.poisson_weight_mv;
        }
    }
    if spike {
        *v = k.v_reset_mv;
        *g = 0.0;
    }
    spike
}
