//! The CPU backend: a fused neuron update producing a spike list, then event-driven push propagation of
//! the spikes' rows into a ring of integer accumulators. Instances of a batch run in parallel. All sums
//! are integer and each neuron's float update is local, so results are bit-identical whatever the thread
//! count.
//!
//! A neuron at exact rest with nothing arriving is left alone (its update would be the identity). Each
//! instance keeps the sorted list of neurons that may not be: those not at rest after the last step, the
//! driven ones, and those with deliveries due now (`touched`, filled when spikes are pushed). When that
//! list is short (most of a large, quiet network at rest) only its neurons are visited; otherwise every
//! neuron is, in parallel chunks. Both paths skip exactly the same neurons, so they give the same bits.

use super::counter::poisson_hit;
use super::model::{Network, Recording, RunSpec, StepConstants};
use super::EngineError;
use rayon::prelude::*;
use std::time::Instant;

/// Neurons per rayon task in the update: large enough that scheduling costs little, small enough to balance.
const CHUNK_NEURONS: usize = 8192;

/// Visit only the listed neurons when they are fewer than this share of all neurons (1 / 8).
const SPARSE_SHARE_INVERSE: usize = 8;

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
    /// Sorted: neurons not at rest after the last step, and every driven neuron.
    active: Vec<u32>,
    /// Per ring slot, the targets of the spikes pushed into it (unsorted, repeats allowed).
    touched: Vec<Vec<u32>>,
    /// Scratch: the neurons visited this step.
    candidates: Vec<u32>,
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
    /// Whether the short-list path may be used (off: always visit every neuron).
    sparse: bool,
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
    sparse: bool,
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
        let driven: Vec<u32> = (0..n as u32).filter(|&i| drive_threshold[i as usize] != 0).collect();
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
                active: driven.clone(),
                touched: vec![Vec::new(); k.delay_steps],
                candidates: Vec::new(),
                phase_wall_s: PhaseWalls::default(),
            })
            .collect();
        Ok(CpuEngine { net, k, seed: spec.seed, drive_threshold, driven, instances, step: 0, sparse: true })
    }

    /// Allows (default) or forbids visiting only the neurons that may not be at rest; the results are the
    /// same either way (tests compare them), only the time differs.
    pub fn set_sparse_updates(&mut self, on: bool) {
        self.sparse = on;
    }

    /// Advances every instance by `steps` steps.
    pub fn run(&mut self, steps: u32) {
        let shared = Shared { net: self.net, k: self.k, drive_threshold: &self.drive_threshold, driven: &self.driven, seed: self.seed, sparse: self.sparse };
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
        let inst = &mut self.instances[b];
        inst.v_mv[neuron] = v_mv;
        inst.g_mv[neuron] = g_mv;
        if let Err(at) = inst.active.binary_search(&(neuron as u32)) {
            inst.active.insert(at, neuron as u32);
        }
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
        self.gather_candidates(slot);
        if s.sparse && self.candidates.len() * SPARSE_SHARE_INVERSE < n {
            self.update_listed(s, t, slot);
        } else {
            self.update_all(s, t, slot);
        }
        // The Poisson drive after the update, over driven neurons only; the same as applying it inside
        // update_neuron (it touches only v, and not while refractory, which includes this step's spikers).
        for &i in s.driven {
            let i = i as usize;
            if (t as i32).wrapping_sub(self.last_spike_step[i]) >= s.k.refractory_steps && poisson_hit(s.seed, self.index, i as u32, t, s.drive_threshold[i]) {
                self.v_mv[i] += s.k.poisson_weight_mv;
            }
        }
        let updated = Instant::now();
        let ring_slot = &mut self.ring[slot * n..(slot + 1) * n];
        let touched = &mut self.touched[slot];
        for &i in &self.spikes {
            self.counts[i as usize] += 1;
            let (targets, weights) = s.net.row(i as usize);
            touched.extend_from_slice(targets);
            for (&post, &w) in targets.iter().zip(weights) {
                ring_slot[post as usize] += w;
            }
        }
        self.per_step.push(self.spikes.len() as u32);
        self.phase_wall_s.update_s += (updated - started).as_secs_f64();
        self.phase_wall_s.propagate_s += updated.elapsed().as_secs_f64();
    }

    /// `candidates` = `active` merged with the neurons whose deliveries are due in `slot` (sorted, distinct);
    /// empties that slot's touched list.
    fn gather_candidates(&mut self, slot: usize) {
        let due = &mut self.touched[slot];
        due.sort_unstable();
        due.dedup();
        let (a, b) = (&self.active, &*due);
        let out = &mut self.candidates;
        out.clear();
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            let (x, y) = (a[i], b[j]);
            out.push(x.min(y));
            i += (x <= y) as usize;
            j += (y <= x) as usize;
        }
        out.extend_from_slice(&a[i..]);
        out.extend_from_slice(&b[j..]);
        due.clear();
    }

    /// Visits the candidates only, in ascending order (one thread: the list is short).
    fn update_listed(&mut self, s: &Shared, t: u32, slot: usize) {
        let n = s.net.neurons;
        let acc = &mut self.ring[slot * n..(slot + 1) * n];
        let (v, g, last) = (&mut self.v_mv, &mut self.g_mv, &mut self.last_spike_step);
        self.spikes.clear();
        self.active.clear();
        for &i in &self.candidates {
            let j = i as usize;
            if !at_rest(&s.k, acc[j], g[j], v[j]) {
                let removed = !self.lesioned.is_empty() && self.lesioned[j] != 0;
                if update_neuron(&s.k, t as i32, &mut v[j], &mut g[j], &mut last[j], &mut acc[j], removed, false) {
                    self.spikes.push(i);
                }
            }
            if s.drive_threshold[j] != 0 || !at_rest(&s.k, 0, g[j], v[j]) {
                self.active.push(i);
            }
        }
    }

    /// Visits every neuron in parallel chunks and rebuilds `active` from what it leaves.
    fn update_all(&mut self, s: &Shared, t: u32, slot: usize) {
        let n = s.net.neurons;
        let ring_slot = &mut self.ring[slot * n..(slot + 1) * n];
        let lesioned = &self.lesioned;
        let chunks: Vec<(Vec<u32>, Vec<u32>)> = self
            .v_mv
            .par_chunks_mut(CHUNK_NEURONS)
            .zip(self.g_mv.par_chunks_mut(CHUNK_NEURONS))
            .zip(self.last_spike_step.par_chunks_mut(CHUNK_NEURONS))
            .zip(ring_slot.par_chunks_mut(CHUNK_NEURONS))
            .enumerate()
            .map(|(c, (((v, g), last), acc))| {
                let base = c * CHUNK_NEURONS;
                let (mut spikes, mut active) = (Vec::new(), Vec::new());
                for j in 0..v.len() {
                    // At exact rest with nothing arriving the update is the identity (most neurons, most
                    // steps): skipping it saves the stores and is bit-identical.
                    if !at_rest(&s.k, acc[j], g[j], v[j]) {
                        let removed = !lesioned.is_empty() && lesioned[base + j] != 0;
                        if update_neuron(&s.k, t as i32, &mut v[j], &mut g[j], &mut last[j], &mut acc[j], removed, false) {
                            spikes.push((base + j) as u32);
                        }
                    }
                    if s.drive_threshold[base + j] != 0 || !at_rest(&s.k, 0, g[j], v[j]) {
                        active.push((base + j) as u32);
                    }
                }
                (spikes, active)
            })
            .collect();
        self.spikes.clear();
        self.active.clear();
        for (spikes, active) in chunks {
            self.spikes.extend_from_slice(&spikes);
            self.active.extend_from_slice(&active);
        }
    }
}

/// Whether a neuron's update would be the identity: at exact rest with nothing arriving.
#[inline(always)]
fn at_rest(k: &StepConstants, acc: i32, g: f64, v: f64) -> bool {
    acc == 0 && g == 0.0 && v == k.v_rest_mv
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
