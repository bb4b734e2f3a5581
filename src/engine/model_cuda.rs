//! The general engine on GPU 0: `model_kernels.cu` specialised per neuron kind (its `CUDA_STEP` and state
//! size pasted in before NVRTC compiles it), B instances per launch, many steps per launch when there are
//! no gap junctions (up to the delay; unlimited without synapses). The driver is loaded at run time.

use super::cuda::{check_libraries, cuda, nonempty, WindowEnd};
use super::model_cpu::ModelRecording;
use super::spec::{Derived, ModelSpec};
use super::{EngineError, Network};
use cudarc::driver::{CudaContext, CudaFunction, CudaSlice, CudaStream, LaunchConfig, PushKernelArg};
use cudarc::nvrtc::{compile_ptx_with_opts, CompileOptions};
use std::sync::Arc;

/// Kernel source shared by every neuron kind (the hash first).
const TEMPLATE: &str = concat!(include_str!("common.cu"), "\n// NEURON_STEP\n", include_str!("model_kernels.cu"));

/// Threads per block.
const BLOCK_THREADS: u32 = 256;
/// Blocks per instance in the propagation kernel.
const PROPAGATE_BLOCKS: u32 = 32;

/// The full CUDA source for one neuron kind's `VARS` and `CUDA_STEP`.
pub fn kernel_source(vars: usize, neuron_step: &str) -> String {
    TEMPLATE.replace("// NEURON_STEP", &format!("{}\n#define VARS {vars}\n{neuron_step}", super::neuron::exp::CUDA_EXP))
}

/// Device buffers of one run.
struct Buffers {
    step_counter: CudaSlice<i32>,
    params: CudaSlice<f64>,
    population: CudaSlice<u32>,
    drive_threshold: CudaSlice<u64>,
    gap_offsets: CudaSlice<u32>,
    gap_partners: CudaSlice<u32>,
    gap_g: CudaSlice<f64>,
    gap_g_sum: CudaSlice<f64>,
    gap_gv: CudaSlice<f64>,
    trace_index: CudaSlice<i32>,
    i_ext: CudaSlice<f64>,
    state: CudaSlice<f64>,
    g_exc: CudaSlice<f64>,
    g_inh: CudaSlice<f64>,
    ring_exc: CudaSlice<i32>,
    ring_inh: CudaSlice<i32>,
    counts: CudaSlice<u32>,
    spike_neuron: CudaSlice<u32>,
    spike_step: CudaSlice<u32>,
    spike_n: CudaSlice<u32>,
    per_step: CudaSlice<u32>,
    trace: CudaSlice<f64>,
    overflow: CudaSlice<u32>,
    row_offsets: CudaSlice<u32>,
    targets: CudaSlice<u32>,
    weights: CudaSlice<i32>,
    edge_delay: CudaSlice<u32>,
}

/// B instances of a general model on GPU 0.
pub struct ModelCuda {
    stream: Arc<CudaStream>,
    gap: CudaFunction,
    update: CudaFunction,
    propagate: CudaFunction,
    tick: CudaFunction,
    spec: ModelSpec,
    d: Derived,
    n: i32,
    batch: i32,
    max_steps: i32,
    max_window: u32,
    has_edges: bool,
    has_ext: bool,
    spike_cap: u32,
    steps_done: u32,
    buf: Buffers,
}

impl ModelCuda {
    /// Compiles the kernels for the spec's neuron kind and uploads everything; at most `max_steps` steps are
    /// recorded (per-step totals, traces); windows are at most `max_window` steps.
    pub fn new(net: &Network, spec: &ModelSpec, max_steps: u32, max_window: u32) -> Result<Self, EngineError> {
        let d = spec.derive(net)?;
        if !d.plastic.is_empty() {
            return Err(EngineError::Model("plastic synapses run on the CPU backend only".into()));
        }
        check_libraries()?;
        let (n, batch) = (net.neurons, spec.instances);
        let has_edges = net.edges() > 0;
        // Within a window no spike may arrive: at most the shortest delay when there are synapses, one step with gaps.
        let mut window_limit = max_window.max(1);
        if has_edges {
            window_limit = window_limit.min(d.min_delay_steps as u32);
        }
        if !d.gaps.partners.is_empty() {
            window_limit = 1;
        }
        let spike_cap = if has_edges { (n as u64 * window_limit as u64).min(u32::MAX as u64) as u32 } else { 1 };
        let vars = d.kind.vars();
        let ctx = CudaContext::new(0).map_err(cuda("opening device 0"))?;
        unsafe { ctx.disable_event_tracking() };
        let stream = ctx.new_stream().map_err(cuda("creating a stream"))?;
        let opts = CompileOptions { fmad: Some(false), name: Some("ett_model.cu".into()), ..Default::default() };
        let ptx = compile_ptx_with_opts(kernel_source(vars, d.kind.cuda_step()), opts).map_err(cuda("NVRTC"))?;
        let module = ctx.load_module(ptx).map_err(cuda("loading the module"))?;
        let function = |name: &str| module.load_function(name).map_err(cuda("loading a kernel"));

        let s = &stream;
        let up = |e| EngineError::Cuda(format!("upload: {e:?}"));
        let bn = n * batch;
        let params: Vec<f64> = d.params.concat();
        let models: Vec<_> = spec.populations.iter().map(|p| p.neuron.initial()).collect();
        let mut state = vec![0.0f64; vars * bn];
        for b in 0..batch {
            for (i, &p) in d.population.iter().enumerate() {
                for (var, &x) in models[p as usize][..vars].iter().enumerate() {
                    state[var * bn + b * n + i] = x;
                }
            }
        }
        let mut trace_index = vec![-1i32; n];
        for (k, &i) in spec.trace.iter().enumerate() {
            trace_index[i as usize] = k as i32;
        }
        let ring_len = if has_edges { d.delay_steps * bn } else { 1 };
        let gaps = &d.gaps;
        let buf = Buffers {
            step_counter: s.alloc_zeros::<i32>(1).map_err(up)?,
            params: s.clone_htod(&params).map_err(up)?,
            population: s.clone_htod(&d.population).map_err(up)?,
            drive_threshold: s.clone_htod(&d.drive_threshold).map_err(up)?,
            gap_offsets: s.clone_htod(&nonempty(&gaps.offsets)).map_err(up)?,
            gap_partners: s.clone_htod(&nonempty(&gaps.partners)).map_err(up)?,
            gap_g: s.clone_htod(&nonempty(&gaps.g)).map_err(up)?,
            gap_g_sum: s.clone_htod(&nonempty(&gaps.g_sum)).map_err(up)?,
            gap_gv: s.alloc_zeros::<f64>(if gaps.partners.is_empty() { 1 } else { bn }).map_err(up)?,
            trace_index: s.clone_htod(&trace_index).map_err(up)?,
            i_ext: s.alloc_zeros::<f64>(bn).map_err(up)?,
            state: s.clone_htod(&state).map_err(up)?,
            g_exc: s.alloc_zeros::<f64>(bn).map_err(up)?,
            g_inh: s.alloc_zeros::<f64>(bn).map_err(up)?,
            ring_exc: s.alloc_zeros::<i32>(ring_len).map_err(up)?,
            ring_inh: s.alloc_zeros::<i32>(ring_len).map_err(up)?,
            counts: s.alloc_zeros::<u32>(bn).map_err(up)?,
            spike_neuron: s.alloc_zeros::<u32>(spike_cap as usize * batch).map_err(up)?,
            spike_step: s.alloc_zeros::<u32>(spike_cap as usize * batch).map_err(up)?,
            spike_n: s.alloc_zeros::<u32>(batch).map_err(up)?,
            per_step: s.alloc_zeros::<u32>((max_steps as usize).max(1) * batch).map_err(up)?,
            trace: s.alloc_zeros::<f64>((max_steps as usize * batch * spec.trace.len()).max(1)).map_err(up)?,
            overflow: s.alloc_zeros::<u32>(1).map_err(up)?,
            row_offsets: s.clone_htod(&net.row_offsets).map_err(up)?,
            targets: s.clone_htod(&nonempty(&net.targets)).map_err(up)?,
            weights: s.clone_htod(&nonempty(&net.weights)).map_err(up)?,
            edge_delay: s.clone_htod(&nonempty(&d.edge_delay)).map_err(up)?,
        };
        let engine = ModelCuda {
            gap: function("model_gap")?,
            update: function("model_update")?,
            propagate: function("model_propagate")?,
            tick: function("tick_window")?,
            spec: spec.clone(),
            d,
            n: n as i32,
            batch: batch as i32,
            max_steps: max_steps as i32,
            max_window: window_limit,
            has_edges,
            has_ext: false,
            spike_cap,
            steps_done: 0,
            buf,
            stream,
        };
        engine.synchronize()?;
        Ok(engine)
    }

    /// Steps per launch this run uses (1 with gap junctions, at most the delay with synapses).
    pub fn window(&self) -> u32 {
        self.max_window
    }

    /// Queues `steps` steps in windows; returns without waiting (see `synchronize`).
    pub fn run(&mut self, steps: u32) -> Result<(), EngineError> {
        let mut left = steps;
        while left > 0 {
            let window = left.min(self.max_window);
            self.launch_window(window as i32)?;
            left -= window;
        }
        self.steps_done += steps;
        Ok(())
    }

    /// Sets instance `b`'s external current per neuron (model current units), held until set again.
    pub fn set_input(&mut self, b: usize, current: &[f64]) -> Result<(), EngineError> {
        let n = self.n as usize;
        if current.len() != n || b >= self.batch as usize {
            return Err(EngineError::Model(format!("{} input currents for instance {b} of {} x {n} neurons", current.len(), self.batch)));
        }
        let mut slot = self.buf.i_ext.slice_mut(b * n..(b + 1) * n);
        self.stream.memcpy_htod(current, &mut slot).map_err(cuda("copying inputs"))?;
        self.has_ext = true;
        Ok(())
    }

    /// Spikes per neuron of every instance so far (instance-major), after the queued work.
    pub fn counts(&self) -> Result<Vec<u32>, EngineError> {
        self.stream.clone_dtoh(&self.buf.counts).map_err(cuda("copying counts"))
    }

    /// Waits for all queued work.
    pub fn synchronize(&self) -> Result<(), EngineError> {
        self.stream.synchronize().map_err(cuda("synchronize"))
    }

    /// Copies counts, per-step totals and traces back; errors if a spike list overflowed.
    pub fn recording(&self) -> Result<ModelRecording, EngineError> {
        let (n, batch, traced) = (self.n as usize, self.batch as usize, self.spec.trace.len());
        let s = &self.stream;
        let overflow = s.clone_dtoh(&self.buf.overflow).map_err(cuda("copying the overflow flag"))?;
        if overflow[0] != 0 {
            return Err(EngineError::Cuda("a window's spike list overflowed".into()));
        }
        let counts = s.clone_dtoh(&self.buf.counts).map_err(cuda("copying counts"))?;
        let per_step = s.clone_dtoh(&self.buf.per_step).map_err(cuda("copying per-step totals"))?;
        let trace = s.clone_dtoh(&self.buf.trace).map_err(cuda("copying traces"))?;
        let recorded = (self.steps_done as usize).min(self.max_steps as usize);
        Ok(ModelRecording {
            counts: counts.chunks(n).map(|c| c.to_vec()).collect(),
            per_step: (0..batch).map(|b| (0..recorded).map(|t| per_step[t * batch + b]).collect()).collect(),
            v_mv: (0..batch).map(|b| (0..traced).map(|k| (0..recorded).map(|t| trace[(t * batch + b) * traced + k]).collect()).collect()).collect(),
            spike_steps: Vec::new(),
        })
    }

    fn launch_window(&mut self, window: i32) -> Result<(), EngineError> {
        let d = &self.d;
        let b = &mut self.buf;
        let total = self.n as u32 * self.batch as u32;
        let grid = LaunchConfig { grid_dim: (total.div_ceil(BLOCK_THREADS), 1, 1), block_dim: (BLOCK_THREADS, 1, 1), shared_mem_bytes: 0 };
        let has_gaps = i32::from(!d.gaps.partners.is_empty());
        if has_gaps != 0 {
            let mut a = self.stream.launch_builder(&self.gap);
            a.arg(&self.n).arg(&self.batch).arg(&b.gap_offsets).arg(&b.gap_partners).arg(&b.gap_g).arg(&b.state).arg(&mut b.gap_gv);
            // Safety: matches model_gap; v is the first n * batch entries of state.
            unsafe { a.launch(grid) }.map_err(cuda("model_gap"))?;
        }
        let delay = d.delay_steps as i32;
        let seed = self.spec.seed;
        let first = self.spec.first_instance;
        let (dt, decay, weight, drive_weight) = (self.spec.dt_ms, d.decay_syn, d.weight, self.spec.drive.weight);
        let (conductance, (e_exc, e_inh)) = match d.reversal_mv {
            Some(e) => (1i32, e),
            None => (0i32, (0.0, 0.0)),
        };
        let n_params = d.params[0].len() as i32;
        let has_pops = i32::from(d.params.len() > 1);
        let has_edges = i32::from(self.has_edges);
        let has_drive = i32::from(d.drive_threshold.iter().any(|&x| x != 0));
        let trace_n = self.spec.trace.len() as i32;
        let has_ext = i32::from(self.has_ext);
        let mut a = self.stream.launch_builder(&self.update);
        a.arg(&self.n).arg(&self.batch).arg(&delay).arg(&window).arg(&self.max_steps).arg(&seed).arg(&first);
        a.arg(&dt).arg(&decay).arg(&weight).arg(&drive_weight).arg(&conductance).arg(&e_exc).arg(&e_inh);
        a.arg(&n_params).arg(&has_pops).arg(&has_gaps).arg(&has_edges).arg(&has_drive).arg(&trace_n).arg(&self.spike_cap).arg(&has_ext);
        a.arg(&b.step_counter).arg(&b.params).arg(&b.population).arg(&b.drive_threshold).arg(&b.gap_g_sum).arg(&b.gap_gv).arg(&b.trace_index).arg(&b.i_ext);
        a.arg(&mut b.state).arg(&mut b.g_exc).arg(&mut b.g_inh).arg(&mut b.ring_exc).arg(&mut b.ring_inh);
        a.arg(&mut b.counts).arg(&mut b.spike_neuron).arg(&mut b.spike_step).arg(&mut b.spike_n).arg(&mut b.per_step).arg(&mut b.trace);
        // Safety: matches model_update; ring, spike and trace indices are bounded by the sizes allocated in new.
        unsafe { a.launch(grid) }.map_err(cuda("model_update"))?;
        if has_edges != 0 {
            let cfg = LaunchConfig { grid_dim: (PROPAGATE_BLOCKS, self.batch as u32, 1), block_dim: (BLOCK_THREADS, 1, 1), shared_mem_bytes: 0 };
            let mut a = self.stream.launch_builder(&self.propagate);
            let has_edge_delay = i32::from(!d.edge_delay.is_empty());
            a.arg(&self.n).arg(&self.batch).arg(&delay).arg(&self.spike_cap).arg(&has_edge_delay).arg(&b.row_offsets).arg(&b.targets).arg(&b.weights).arg(&b.edge_delay);
            a.arg(&b.spike_neuron).arg(&b.spike_step).arg(&b.spike_n).arg(&mut b.ring_exc).arg(&mut b.ring_inh);
            // Safety: matches model_propagate; entries are read below min(spike_n, spike_cap).
            unsafe { a.launch(cfg) }.map_err(cuda("model_propagate"))?;
        }
        let mut ends = WindowEnd { function: &self.tick, batch: self.batch, spike_cap: self.spike_cap, step_counter: &mut b.step_counter, spike_n: &mut b.spike_n, overflow: &mut b.overflow };
        ends.launch(&self.stream, window)
    }
}
