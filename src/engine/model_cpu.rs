//! The general engine on the CPU: any `neuron::Dynamics` with exponential synapses, uniform or
//! per-connection delays, gap junctions and Poisson drive. One step, in this order (`model_kernels.cu`
//! repeats it):
//! 1. gap input from every partner's v at the step's start;
//! 2. per neuron: input from bias, external current, synaptic variables and gaps; the model's step (spike
//!    or not); the synaptic variables decay and take this step's arrivals (ring slot) and Poisson events;
//! 3. spiking neurons push each connection into the ring slot of step `t + delay` (the ring is as long as
//!    the longest delay, so a connection of that delay reuses the slot just emptied).
//!
//! Integer arrivals and per-neuron float updates make results independent of threads and batch position.

use super::counter::poisson_hit;
use super::neuron::{Dynamics, HodgkinHuxley, Input, Izhikevich, Kind, Lif, NeuronModel, MAX_VARS};
use super::plasticity::PlasticState;
use super::spec::{Derived, ModelSpec};
use super::{EngineError, Network};
use rayon::prelude::*;
use std::borrow::Cow;

/// Neurons per rayon task.
const CHUNK_NEURONS: usize = 4096;

/// What a run recorded: spike counts, spikes per step, and v and spike steps of the traced neurons.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelRecording {
    /// `counts[b][i]`: spikes of neuron i in instance b.
    pub counts: Vec<Vec<u32>>,
    /// `per_step[b][t]`: spikes of instance b in step t.
    pub per_step: Vec<Vec<u32>>,
    /// `v_mv[b][k][t]`: v of traced neuron k at the end of step t.
    pub v_mv: Vec<Vec<Vec<f64>>>,
    /// `spike_steps[b][k]`: steps in which traced neuron k spiked (CPU only; empty from the GPU).
    pub spike_steps: Vec<Vec<Vec<u32>>>,
}

/// One instance's state.
#[derive(Debug, Clone)]
struct Instance {
    index: u64,
    /// `state[var][i]`.
    state: Vec<Vec<f64>>,
    g_exc: Vec<f64>,
    g_inh: Vec<f64>,
    /// `delay_steps` (longest delay) slots of `n` counts each.
    ring_exc: Vec<i32>,
    ring_inh: Vec<i32>,
    /// Plastic connections' deliveries (count x efficacy), laid out like the rings; empty without plasticity.
    plastic_exc: Vec<f64>,
    plastic_inh: Vec<f64>,
    plastic: PlasticState,
    /// Whether each neuron spiked in this step (plastic runs only).
    spiked: Vec<bool>,
    gap_gv: Vec<f64>,
    /// External current per neuron (the closed loop's input); empty when none was set.
    i_ext: Vec<f64>,
    counts: Vec<u32>,
    per_step: Vec<u32>,
    v_trace: Vec<Vec<f64>>,
    spike_steps: Vec<Vec<u32>>,
    spikes: Vec<u32>,
}

/// B instances of a general model on the CPU.
#[derive(Debug)]
pub struct ModelCpu<'a> {
    net: Cow<'a, Network>,
    spec: ModelSpec,
    d: Derived,
    models: Vec<NeuronModel>,
    trace_index: Vec<i32>,
    instances: Vec<Instance>,
    step: u32,
}

/// Read-only inputs of a step, typed by the neuron model.
struct Shared<'s, D> {
    net: &'s Network,
    d: &'s Derived,
    models: &'s [D],
    trace_index: &'s [i32],
    trace: &'s [u32],
    seed: u64,
    dt_ms: f64,
    drive_weight: f64,
}

impl<'a> ModelCpu<'a> {
    /// Prepares the instances at rest.
    pub fn new(net: &'a Network, spec: &ModelSpec) -> Result<Self, EngineError> {
        Self::with_network(Cow::Borrowed(net), spec)
    }

    /// Like `new`, owning the network (a brain that outlives the code that built it).
    pub fn owning(net: Network, spec: &ModelSpec) -> Result<ModelCpu<'static>, EngineError> {
        ModelCpu::with_network(Cow::Owned(net), spec)
    }

    fn with_network(net: Cow<'a, Network>, spec: &ModelSpec) -> Result<Self, EngineError> {
        let d = spec.derive(&net)?;
        let n = net.neurons;
        let models: Vec<NeuronModel> = spec.populations.iter().map(|p| p.neuron).collect();
        let vars = d.kind.vars();
        let mut state = vec![vec![0.0; n]; vars];
        for (i, &p) in d.population.iter().enumerate() {
            let rest = models[p as usize].initial();
            for (var, column) in state.iter_mut().enumerate() {
                column[i] = rest[var];
            }
        }
        let mut trace_index = vec![-1i32; n];
        for (k, &i) in spec.trace.iter().enumerate() {
            trace_index[i as usize] = k as i32;
        }
        let instances = (0..spec.instances)
            .map(|b| Instance {
                index: spec.first_instance + b as u64,
                state: state.clone(),
                g_exc: vec![0.0; n],
                g_inh: vec![0.0; n],
                ring_exc: vec![0; d.delay_steps * n],
                ring_inh: vec![0; d.delay_steps * n],
                plastic_exc: if d.plastic.is_empty() { Vec::new() } else { vec![0.0; d.delay_steps * n] },
                plastic_inh: if d.plastic.is_empty() { Vec::new() } else { vec![0.0; d.delay_steps * n] },
                plastic: PlasticState::new(&d.plastic, n),
                spiked: if d.plastic.is_empty() { Vec::new() } else { vec![false; n] },
                gap_gv: if d.gaps.partners.is_empty() { Vec::new() } else { vec![0.0; n] },
                i_ext: Vec::new(),
                counts: vec![0; n],
                per_step: Vec::new(),
                v_trace: vec![Vec::new(); spec.trace.len()],
                spike_steps: vec![Vec::new(); spec.trace.len()],
                spikes: Vec::new(),
            })
            .collect();
        Ok(ModelCpu { net, spec: spec.clone(), d, models, trace_index, instances, step: 0 })
    }

    /// Advances every instance by `steps` steps.
    pub fn run(&mut self, steps: u32) {
        match self.d.kind {
            Kind::Lif => self.run_typed::<Lif>(steps),
            Kind::Izhikevich => self.run_typed::<Izhikevich>(steps),
            Kind::HodgkinHuxley => self.run_typed::<HodgkinHuxley>(steps),
        }
    }

    fn run_typed<D: Dynamics>(&mut self, steps: u32) {
        let models: Vec<D> = self.models.iter().map(|m| D::from_model(m).expect("derive checked one kind")).collect();
        let shared = Shared { net: &self.net, d: &self.d, models: &models, trace_index: &self.trace_index, trace: &self.spec.trace, seed: self.spec.seed, dt_ms: self.spec.dt_ms, drive_weight: self.spec.drive.weight };
        let first = self.step;
        self.instances.par_iter_mut().for_each(|inst| {
            for t in first..first + steps {
                inst.step(&shared, t);
            }
        });
        self.step += steps;
    }

    /// Sets instance `b`'s external current per neuron (model current units), held until set again.
    pub fn set_input(&mut self, b: usize, current: &[f64]) -> Result<(), EngineError> {
        let n = self.net.neurons;
        if current.len() != n {
            return Err(EngineError::Model(format!("{} input currents for {n} neurons", current.len())));
        }
        let i_ext = &mut self.instances[b].i_ext;
        i_ext.clear();
        i_ext.extend_from_slice(current);
        Ok(())
    }

    /// Spikes per neuron of instance `b` so far.
    pub fn counts(&self, b: usize) -> &[u32] {
        &self.instances[b].counts
    }

    /// Instance `b`'s plastic state (resources, traces, eligibility, weights).
    pub fn plastic(&self, b: usize) -> &PlasticState {
        &self.instances[b].plastic
    }

    /// Instance `b`'s excitatory and inhibitory synaptic variables.
    pub fn synaptic(&self, b: usize) -> (&[f64], &[f64]) {
        (&self.instances[b].g_exc, &self.instances[b].g_inh)
    }

    /// Steps taken so far.
    pub fn steps_done(&self) -> u32 {
        self.step
    }

    /// State variable `var` (0 is v) of every neuron of instance `b`.
    pub fn state(&self, b: usize, var: usize) -> &[f64] {
        &self.instances[b].state[var]
    }

    /// Sets one neuron's state (initial conditions in tests); `values` starts at variable 0.
    pub fn set_state(&mut self, b: usize, neuron: usize, values: &[f64]) {
        for (var, &x) in values.iter().enumerate() {
            self.instances[b].state[var][neuron] = x;
        }
    }

    /// The recording so far.
    pub fn recording(&self) -> ModelRecording {
        ModelRecording {
            counts: self.instances.iter().map(|i| i.counts.clone()).collect(),
            per_step: self.instances.iter().map(|i| i.per_step.clone()).collect(),
            v_mv: self.instances.iter().map(|i| i.v_trace.clone()).collect(),
            spike_steps: self.instances.iter().map(|i| i.spike_steps.clone()).collect(),
        }
    }
}

impl Instance {
    fn step<D: Dynamics>(&mut self, s: &Shared<D>, t: u32) {
        let n = s.net.neurons;
        let d = s.d;
        if !self.gap_gv.is_empty() {
            let (v, gaps) = (&self.state[0], &d.gaps);
            self.gap_gv.par_iter_mut().enumerate().for_each(|(i, gv)| {
                let (a, b) = (gaps.offsets[i] as usize, gaps.offsets[i + 1] as usize);
                let mut sum = 0.0;
                for k in a..b {
                    sum += gaps.g[k] * v[gaps.partners[k] as usize];
                }
                *gv = sum;
            });
        }
        let ring_len = d.delay_steps;
        let slot = t as usize % ring_len;
        let ring_exc = &mut self.ring_exc[slot * n..(slot + 1) * n];
        let ring_inh = &mut self.ring_inh[slot * n..(slot + 1) * n];
        let (index, gap_gv, i_ext) = (self.index, &self.gap_gv, &self.i_ext);
        let slot_range = if self.plastic_exc.is_empty() { 0..0 } else { slot * n..(slot + 1) * n };
        let (plastic_exc, plastic_inh) = (&self.plastic_exc[slot_range.clone()], &self.plastic_inh[slot_range.clone()]);
        let mut columns: Vec<&mut [f64]> = self.state.iter_mut().map(|c| c.as_mut_slice()).collect();
        // Split every state column into the same chunks, so each rayon task owns its neurons' state.
        let mut chunked: Vec<Vec<&mut [f64]>> = Vec::new();
        while !columns[0].is_empty() {
            let take = columns[0].len().min(CHUNK_NEURONS);
            let mut heads = Vec::with_capacity(columns.len());
            for c in columns.iter_mut() {
                let (head, tail) = std::mem::take(c).split_at_mut(take);
                heads.push(head);
                *c = tail;
            }
            chunked.push(heads);
        }
        let chunks: Vec<Vec<u32>> = chunked
            .into_par_iter()
            .zip(self.g_exc.par_chunks_mut(CHUNK_NEURONS))
            .zip(self.g_inh.par_chunks_mut(CHUNK_NEURONS))
            .zip(ring_exc.par_chunks_mut(CHUNK_NEURONS))
            .zip(ring_inh.par_chunks_mut(CHUNK_NEURONS))
            .enumerate()
            .map(|(c, ((((cols, ge), gi), re), ri))| {
                let chunk = Chunk { base: c * CHUNK_NEURONS, cols, ge, gi, re, ri };
                update_chunk_fastest(s, chunk, t, index, Extra { gap_gv, i_ext, plastic_exc, plastic_inh })
            })
            .collect();
        self.spikes.clear();
        for c in chunks {
            self.spikes.extend_from_slice(&c);
        }
        let plastic = !d.plastic.is_empty();
        if plastic {
            // This slot's deliveries were read above; connections as long as the ring refill it below.
            self.plastic_exc[slot_range.clone()].fill(0.0);
            self.plastic_inh[slot_range].fill(0.0);
            for &i in &self.spikes {
                self.spiked[i as usize] = true;
            }
            self.plastic.advance(&d.plastic, &self.spiked, s.dt_ms);
        }
        for &i in &self.spikes {
            self.counts[i as usize] += 1;
            if let Ok(k) = usize::try_from(s.trace_index[i as usize]) {
                self.spike_steps[k].push(t);
            }
            let first_edge = s.net.row_offsets[i as usize] as usize;
            let (targets, weights) = s.net.row(i as usize);
            for (e, (&post, &w)) in (first_edge..).zip(targets.iter().zip(weights)) {
                let delay = if d.edge_delay.is_empty() { ring_len } else { d.edge_delay[e] as usize };
                let r = (t as usize + delay) % ring_len * n + post as usize;
                if plastic && d.plastic.edge_group[e] != 0 {
                    let amount = f64::from(w.unsigned_abs()) * self.plastic.efficacy[e];
                    if w > 0 {
                        self.plastic_exc[r] += amount;
                    } else {
                        self.plastic_inh[r] += amount;
                    }
                } else if w > 0 {
                    self.ring_exc[r] += w;
                } else {
                    self.ring_inh[r] -= w;
                }
            }
        }
        if plastic {
            for &i in &self.spikes {
                self.spiked[i as usize] = false;
            }
        }
        for (trace, &i) in self.v_trace.iter_mut().zip(s.trace) {
            trace.push(self.state[0][i as usize]);
        }
        self.per_step.push(self.spikes.len() as u32);
    }
}

/// One rayon task's neurons: state columns, synaptic variables and ring slots of the same range.
struct Chunk<'c> {
    base: usize,
    cols: Vec<&'c mut [f64]>,
    ge: &'c mut [f64],
    gi: &'c mut [f64],
    re: &'c mut [i32],
    ri: &'c mut [i32],
}

/// Per-instance inputs of every chunk: gap input and external current (each empty when absent).
#[derive(Clone, Copy)]
struct Extra<'e> {
    gap_gv: &'e [f64],
    i_ext: &'e [f64],
    /// This step's plastic deliveries (empty without plasticity).
    plastic_exc: &'e [f64],
    plastic_inh: &'e [f64],
}

/// `update_chunk` compiled with hardware fused multiply-add where the CPU has it: `neuron::exp` uses
/// `mul_add`, exact either way, but a libm call per term without the instruction (three times slower HH).
fn update_chunk_fastest<D: Dynamics>(s: &Shared<D>, chunk: Chunk, t: u32, index: u64, extra: Extra) -> Vec<u32> {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("fma") {
        // Safety: the running CPU has FMA, checked just above.
        return unsafe { update_chunk_fma(s, chunk, t, index, extra) };
    }
    update_chunk(s, chunk, t, index, extra)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "fma")]
unsafe fn update_chunk_fma<D: Dynamics>(s: &Shared<D>, chunk: Chunk, t: u32, index: u64, extra: Extra) -> Vec<u32> {
    update_chunk(s, chunk, t, index, extra)
}

/// Step 2 of the module comment for one chunk; returns its spiking neurons in order.
#[inline(always)]
fn update_chunk<D: Dynamics>(s: &Shared<D>, chunk: Chunk, t: u32, index: u64, extra: Extra) -> Vec<u32> {
    let Chunk { base, mut cols, ge, gi, re, ri } = chunk;
    let Extra { gap_gv, i_ext, plastic_exc, plastic_inh } = extra;
    let d = s.d;
    let mut spikes = Vec::new();
    let mut x = [0.0; MAX_VARS];
    for j in 0..ge.len() {
        let i = base + j;
        let pop = d.population[i] as usize;
        let mut input = Input { i: *d.params[pop].last().expect("bias"), g: 0.0, gv: 0.0 };
        if !i_ext.is_empty() {
            input.i += i_ext[i];
        }
        match d.reversal_mv {
            None => input.i += ge[j] - gi[j],
            Some((e_exc, e_inh)) => {
                input.g = ge[j] + gi[j];
                input.gv = ge[j] * e_exc + gi[j] * e_inh;
            }
        }
        if !gap_gv.is_empty() {
            input.g += d.gaps.g_sum[i];
            input.gv += gap_gv[i];
        }
        for (var, col) in cols.iter().enumerate() {
            x[var] = col[j];
        }
        let spike = s.models[pop].step(&mut x, input, s.dt_ms);
        for (var, col) in cols.iter_mut().enumerate() {
            col[j] = x[var];
        }
        let (mut arrived_exc, mut arrived_inh) = (re[j] as f64, ri[j] as f64);
        re[j] = 0;
        ri[j] = 0;
        if !plastic_exc.is_empty() {
            arrived_exc += plastic_exc[i];
            arrived_inh += plastic_inh[i];
        }
        ge[j] = ge[j] * d.decay_syn + arrived_exc * d.weight;
        gi[j] = gi[j] * d.decay_syn + arrived_inh * d.weight;
        if poisson_hit(s.seed, index, i as u32, t, d.drive_threshold[i]) {
            ge[j] += s.drive_weight;
        }
        if spike {
            spikes.push(i as u32);
        }
    }
    spikes
}
