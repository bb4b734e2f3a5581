//! The CPU backend: a fused neuron update producing a spike list, then event-driven push propagation of
//! the spikes' rows into a ring of integer accumulators. Instances of a batch run in parallel. All sums
//! are integer and each neuron's float update is local, so results are bit-identical whatever the thread
//! count.
//!
//! A neuron at exact rest with nothing arriving is left alone (its update would be the identity). While
//! few neurons are off rest, each instance keeps the sorted list of those that may be: those not at rest
//! after the last step, the driven ones, and those with deliveries due now (`touched`, filled when spikes
//! are pushed), and visits only them. Otherwise it sweeps every neuron with a branch-free SIMD loop
//! (`cpu_sweep`), on one thread below `PARALLEL_MIN_NEURONS` (a rayon fan-out per 0.1-ms step costs more
//! than a small network's whole update) and in parallel chunks above; it returns to the list when the
//! sweep finds few neurons off rest. Every path computes the same bits.

use super::counter::{instance_key, poisson_hit_keyed};
use super::cpu_sweep::{sweep, Range};
use super::model::{Network, Recording, RunSpec, StepConstants};
use super::EngineError;
use rayon::prelude::*;
use std::time::Instant;

/// Neurons per rayon task in the sweep: large enough that scheduling costs little, small enough to balance.
const CHUNK_NEURONS: usize = 16_384;

/// Sweeps of fewer neurons run on the instance's thread (two chunks at least before fanning out).
const PARALLEL_MIN_NEURONS: usize = 2 * CHUNK_NEURONS;

/// Visit only the listed neurons when they are fewer than this share of all neurons (1 / 8): a listed
/// neuron costs about seven times a swept one (merging, scattered access, branches; measured at FlyWire
/// size, 13 ns against 1.8 ns).
const SPARSE_SHARE_INVERSE: usize = 8;

/// While sweeping, neurons off rest are counted every this many steps (the count costs a few instructions a
/// neuron; returning to the list a few steps late costs little).
const BUSY_COUNT_STEPS: u32 = 16;

/// Marks a candidate whose ring entry this step may be nonzero (neuron indices stay below it).
const TOUCHED_BIT: u32 = 1 << 31;

/// How many candidates ahead the listed path prefetches.
const PREFETCH_AHEAD: usize = 16;

/// Asks the CPU to bring `slice[i]` into the cache (a hint: nothing happens elsewhere or out of bounds).
#[inline(always)]
fn prefetch<T>(slice: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    // Safety: a prefetch never faults, whatever the address; the pointer is not dereferenced.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(slice.as_ptr().wrapping_add(i) as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slice, i);
}

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
    /// Sorted: neurons not at rest after the last step, and every driven neuron; valid while `listed`.
    active: Vec<u32>,
    /// Whether `active` is kept (few neurons off rest); otherwise every step sweeps all neurons.
    listed: bool,
    /// Per sweep chunk, its spikers (kept between steps so a step allocates nothing).
    chunk_spikes: Vec<Vec<u32>>,
    /// Per ring slot, the targets of the spikes pushed into it (unsorted, repeats allowed).
    touched: Vec<Vec<u32>>,
    /// Scratch: the neurons visited this step.
    candidates: Vec<u32>,
    /// Wall time spent updating neurons (with the drive) and pushing spikes, for throughput figures.
    phase_wall_s: PhaseWalls,
}

/// Wall time of the two phases of a step, and how neurons were visited, summed over steps (and instances).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PhaseWalls {
    /// Neuron updates and the Poisson drive.
    pub update_s: f64,
    /// Spike propagation into the ring.
    pub propagate_s: f64,
    /// Steps that swept every neuron.
    pub swept_steps: u64,
    /// Steps that visited the listed neurons only.
    pub listed_steps: u64,
    /// Neurons visited by those steps, all together.
    pub listed_neurons: u64,
}

/// Shared, read-only inputs of a step.
struct Shared<'a> {
    net: &'a Network,
    k: StepConstants,
    drive_threshold: &'a [u64],
    /// Whether each neuron is driven (one byte a neuron: the listed path reads it at scattered places).
    is_driven: &'a [bool],
    driven: &'a [u32],
    seed: u64,
    /// Whether the short-list path may be used (off: always visit every neuron).
    sparse: bool,
}

/// The network an engine runs: borrowed (benchmarks, tests) or shared by many animals' brains.
#[derive(Debug)]
enum NetworkRef<'a> {
    Borrowed(&'a Network),
    Shared(std::sync::Arc<Network>),
}

impl std::ops::Deref for NetworkRef<'_> {
    type Target = Network;
    fn deref(&self) -> &Network {
        match self {
            NetworkRef::Borrowed(net) => net,
            NetworkRef::Shared(net) => net,
        }
    }
}

/// B instances of one network on the CPU.
#[derive(Debug)]
pub struct CpuEngine<'a> {
    net: NetworkRef<'a>,
    k: StepConstants,
    seed: u64,
    drive_threshold: Vec<u64>,
    is_driven: Vec<bool>,
    driven: Vec<u32>,
    instances: Vec<Instance>,
    step: u32,
    sparse: bool,
    dt_ms: f64,
}

/// Before any spike: far enough in the past that no neuron starts refractory.
const NEVER_SPIKED: i32 = i32::MIN / 2;

impl CpuEngine<'static> {
    /// Prepares instances of a network shared with other engines (one per animal of a run).
    pub fn shared(net: std::sync::Arc<Network>, spec: &RunSpec) -> Result<Self, EngineError> {
        Self::build(NetworkRef::Shared(net), spec)
    }
}

impl<'a> CpuEngine<'a> {
    /// Prepares `spec.instances` instances at rest.
    pub fn new(net: &'a Network, spec: &RunSpec) -> Result<Self, EngineError> {
        Self::build(NetworkRef::Borrowed(net), spec)
    }

    fn build(net: NetworkRef<'a>, spec: &RunSpec) -> Result<Self, EngineError> {
        let k = spec.params.step_constants()?;
        let n = net.neurons;
        let drive_threshold = spec.drive_thresholds(n)?;
        let mask = spec.lesion_mask(n)?;
        if n > TOUCHED_BIT as usize {
            return Err(EngineError::Model(format!("{n} neurons: the CPU engine indexes at most {TOUCHED_BIT}")));
        }
        let driven: Vec<u32> = (0..n as u32).filter(|&i| drive_threshold[i as usize] != 0).collect();
        let is_driven: Vec<bool> = drive_threshold.iter().map(|&d| d != 0).collect();
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
                listed: true,
                chunk_spikes: vec![Vec::new(); n.div_ceil(CHUNK_NEURONS)],
                touched: vec![Vec::new(); k.delay_steps],
                candidates: Vec::new(),
                phase_wall_s: PhaseWalls::default(),
            })
            .collect();
        Ok(CpuEngine { net, k, seed: spec.seed, drive_threshold, is_driven, driven, instances, step: 0, sparse: true, dt_ms: spec.params.dt_ms })
    }

    /// Sets the Poisson rate of neurons the run spec drives (a closed loop's sensory input, changed between
    /// control steps); a neuron the spec does not drive is an error. A rate of 0 stops its events.
    pub fn set_drive_rates(&mut self, neurons: &[u32], rates_hz: &[f64]) -> Result<(), EngineError> {
        for (&n, &rate_hz) in neurons.iter().zip(rates_hz) {
            if !self.is_driven.get(n as usize).copied().unwrap_or(false) {
                return Err(EngineError::Model(format!("neuron {n} is not among the driven neurons")));
            }
            self.drive_threshold[n as usize] = super::model::drive_threshold(rate_hz, self.dt_ms)?;
        }
        Ok(())
    }

    /// Spikes of each neuron of instance `b` so far.
    pub fn spike_counts(&self, b: usize) -> &[u32] {
        &self.instances[b].counts
    }

    /// Allows (default) or forbids visiting only the neurons that may not be at rest; the results are the
    /// same either way (tests compare them), only the time differs.
    pub fn set_sparse_updates(&mut self, on: bool) {
        self.sparse = on;
    }

    /// Advances every instance by `steps` steps.
    pub fn run(&mut self, steps: u32) {
        let shared = Shared { net: &self.net, k: self.k, drive_threshold: &self.drive_threshold, is_driven: &self.is_driven, driven: &self.driven, seed: self.seed, sparse: self.sparse };
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
        if let (true, Err(at)) = (inst.listed, inst.active.binary_search(&(neuron as u32))) {
            inst.active.insert(at, neuron as u32);
        }
    }

    /// Wall time of each phase so far, summed over instances.
    pub fn phase_walls(&self) -> PhaseWalls {
        self.instances.iter().fold(PhaseWalls::default(), |a, i| {
            let p = &i.phase_wall_s;
            PhaseWalls {
                update_s: a.update_s + p.update_s,
                propagate_s: a.propagate_s + p.propagate_s,
                swept_steps: a.swept_steps + p.swept_steps,
                listed_steps: a.listed_steps + p.listed_steps,
                listed_neurons: a.listed_neurons + p.listed_neurons,
            }
        })
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
        self.listed &= s.sparse;
        if self.listed {
            self.gather_candidates(slot);
            if self.candidates.len() * SPARSE_SHARE_INVERSE < n {
                self.update_listed(s, t, slot);
                self.phase_wall_s.listed_steps += 1;
                self.phase_wall_s.listed_neurons += self.candidates.len() as u64;
            } else {
                self.listed = false;
            }
        }
        if !self.listed {
            // Sweeping reads this slot's deliveries from the ring; the list of their targets is not needed.
            self.touched[slot].clear();
            let count_busy = s.sparse && t % BUSY_COUNT_STEPS == 0;
            let busy = self.update_all(s, t, slot, count_busy);
            self.phase_wall_s.swept_steps += 1;
            // Back to the list when it would be short by a wide margin (no flapping between the paths).
            if busy.is_some_and(|busy| (busy + s.driven.len()) * SPARSE_SHARE_INVERSE * 2 < n) {
                self.rebuild_active(s);
            }
        }
        // The Poisson drive after the update, over driven neurons only; the same as applying it inside
        // update_neuron (it touches only v, and not while refractory, which includes this step's spikers).
        let key = instance_key(s.seed, self.index);
        for &i in s.driven {
            let i = i as usize;
            if (t as i32).wrapping_sub(self.last_spike_step[i]) >= s.k.refractory_steps && poisson_hit_keyed(key, i as u32, t, s.drive_threshold[i]) {
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

    /// `candidates` = `active` merged with the neurons whose deliveries are due in `slot` (sorted, distinct,
    /// the latter marked with `TOUCHED_BIT`: only their ring entries can be nonzero); empties that slot's
    /// touched list.
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
            let due_now = y <= x;
            out.push(x.min(y) | if due_now { TOUCHED_BIT } else { 0 });
            i += (x <= y) as usize;
            j += due_now as usize;
        }
        out.extend_from_slice(&a[i..]);
        out.extend(b[j..].iter().map(|&y| y | TOUCHED_BIT));
        due.clear();
    }

    /// Visits the candidates only, in ascending order (one thread: the list is short).
    fn update_listed(&mut self, s: &Shared, t: u32, slot: usize) {
        let n = s.net.neurons;
        let ring_slot = &mut self.ring[slot * n..(slot + 1) * n];
        let (v, g, last) = (&mut self.v_mv, &mut self.g_mv, &mut self.last_spike_step);
        self.spikes.clear();
        self.active.clear();
        for (at, &c) in self.candidates.iter().enumerate() {
            // The visits are scattered over state that may have left the nearest caches: ask for a later
            // candidate's lines now so that their loads overlap this one's work.
            if let Some(&ahead) = self.candidates.get(at + PREFETCH_AHEAD) {
                let a = (ahead & !TOUCHED_BIT) as usize;
                prefetch(v, a);
                prefetch(g, a);
                prefetch(last, a);
                if ahead & TOUCHED_BIT != 0 {
                    prefetch(ring_slot, a);
                }
            }
            let i = c & !TOUCHED_BIT;
            let j = i as usize;
            let mut arrived = if c & TOUCHED_BIT != 0 { std::mem::take(&mut ring_slot[j]) } else { 0 };
            if !at_rest(&s.k, arrived, g[j], v[j]) {
                let removed = !self.lesioned.is_empty() && self.lesioned[j] != 0;
                if update_neuron(&s.k, t as i32, &mut v[j], &mut g[j], &mut last[j], &mut arrived, removed, false) {
                    self.spikes.push(i);
                }
            }
            if s.is_driven[j] || !at_rest(&s.k, 0, g[j], v[j]) {
                self.active.push(i);
            }
        }
    }

    /// Sweeps every neuron (in parallel chunks when there are many) into `spikes`; when `count_busy`, returns
    /// how many are left not at rest.
    fn update_all(&mut self, s: &Shared, t: u32, slot: usize, count_busy: bool) -> Option<usize> {
        let n = s.net.neurons;
        let arrived = &mut self.ring[slot * n..(slot + 1) * n];
        let lesioned = &self.lesioned;
        self.spikes.clear();
        if n < PARALLEL_MIN_NEURONS {
            let range = Range { first: 0, v_mv: &mut self.v_mv, g_mv: &mut self.g_mv, last_spike_step: &mut self.last_spike_step, arrived, lesioned };
            return sweep(&s.k, t as i32, range, &mut self.spikes, count_busy);
        }
        let chunk_of = |c: usize| if lesioned.is_empty() { &lesioned[..] } else { &lesioned[c * CHUNK_NEURONS..((c + 1) * CHUNK_NEURONS).min(n)] };
        let busy = self
            .v_mv
            .par_chunks_mut(CHUNK_NEURONS)
            .zip(self.g_mv.par_chunks_mut(CHUNK_NEURONS))
            .zip(self.last_spike_step.par_chunks_mut(CHUNK_NEURONS))
            .zip(arrived.par_chunks_mut(CHUNK_NEURONS))
            .zip(self.chunk_spikes.par_iter_mut())
            .enumerate()
            .map(|(c, ((((v_mv, g_mv), last_spike_step), arrived), spikes))| {
                spikes.clear();
                // Not a sum of Options: that stops at the first None and would skip the chunks after it.
                sweep(&s.k, t as i32, Range { first: c * CHUNK_NEURONS, v_mv, g_mv, last_spike_step, arrived, lesioned: chunk_of(c) }, spikes, count_busy).unwrap_or(0)
            })
            .sum::<usize>();
        for c in &self.chunk_spikes {
            self.spikes.extend_from_slice(c);
        }
        count_busy.then_some(busy)
    }

    /// Lists the neurons off rest or driven (after a sweep), to visit only them from the next step on.
    fn rebuild_active(&mut self, s: &Shared) {
        self.active.clear();
        self.active.extend((0..s.net.neurons as u32).filter(|&i| {
            let i = i as usize;
            s.is_driven[i] || !at_rest(&s.k, 0, self.g_mv[i], self.v_mv[i])
        }));
        self.listed = true;
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
