//! The CUDA backend: the CPU backend's step as three kernels (fused update with spike list, warp-per-spike
//! propagation with integer atomics, a one-thread tick), B instances per launch, compiled by NVRTC at run
//! time; or (`Launch::Window`) the same three kernels once per window of `delay` steps, the update looping over
//! the window with each neuron's state in registers (minimum-delay batching). The driver is loaded at run time: every entry point first checks the libraries and returns
//! `EngineError::NoCudaDriver` where they are missing. Steps are launched without host synchronisation
//! (or replayed from a captured CUDA graph); spike counts stay on the device until `recording`.

use super::model::{Network, Recording, RunSpec, StepConstants};
use super::EngineError;
use cudarc::driver::{CudaContext, CudaFunction, CudaGraph, CudaSlice, CudaStream, LaunchConfig, PushKernelArg};
use cudarc::nvrtc::{compile_ptx_with_opts, CompileOptions};
use std::sync::Arc;

/// CUDA C source of the kernels (the shared hash first).
pub const KERNELS: &str = concat!(include_str!("common.cu"), include_str!("kernels.cu"));

/// Threads per block of the update and propagation kernels.
const BLOCK_THREADS: u32 = 256;
/// Blocks per instance in the propagation kernel (8 warps each): enough warps for bursts, cheap when idle.
const PROPAGATE_BLOCKS: u32 = 32;

/// How steps are submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Launch {
    /// Three launches per step, queued without synchronisation.
    Loop,
    /// A CUDA graph of this many steps captured once and replayed (the remainder is launched in a loop).
    Graph {
        /// Steps per captured graph.
        steps: u32,
    },
    /// Three launches per window of `delay` steps, this many windows captured in a CUDA graph and replayed
    /// (0: no graph); a last partial window is launched on its own.
    Window {
        /// Windows per captured graph.
        graph_windows: u32,
    },
}

/// Maps a cudarc error to `EngineError::Cuda`, naming what was being done.
pub(crate) fn cuda<E: std::fmt::Debug>(what: &'static str) -> impl Fn(E) -> EngineError {
    move |e| EngineError::Cuda(format!("{what}: {e:?}"))
}

/// Checks that the CUDA driver and NVRTC libraries can be loaded, without touching them otherwise.
pub fn check_libraries() -> Result<(), EngineError> {
    // Safety: these only try to open the shared libraries.
    if !unsafe { cudarc::driver::sys::is_culib_present() } {
        return Err(EngineError::NoCudaDriver("libcuda could not be loaded".into()));
    }
    if !unsafe { cudarc::nvrtc::sys::is_culib_present() } {
        return Err(EngineError::NoCudaDriver("libnvrtc could not be loaded".into()));
    }
    Ok(())
}

/// The name of GPU 0, checking libraries and device first.
pub fn device_name() -> Result<String, EngineError> {
    check_libraries()?;
    let ctx = CudaContext::new(0).map_err(cuda("opening device 0"))?;
    ctx.name().map_err(cuda("device name"))
}

/// B instances of one network on GPU 0.
pub struct CudaEngine {
    stream: Arc<CudaStream>,
    update: CudaFunction,
    propagate: CudaFunction,
    tick: CudaFunction,
    window_update: CudaFunction,
    window_propagate: CudaFunction,
    window_tick: CudaFunction,
    k: StepConstants,
    n: i32,
    batch: i32,
    max_steps: i32,
    seed: u64,
    first_instance: u64,
    has_lesions: i32,
    steps_done: u32,
    step_counter: CudaSlice<i32>,
    v_mv: CudaSlice<f64>,
    g_mv: CudaSlice<f64>,
    last_spike: CudaSlice<i32>,
    ring: CudaSlice<i32>,
    lesioned: CudaSlice<u8>,
    drive_threshold: CudaSlice<u64>,
    /// Host copy of `drive_threshold`, changed by `set_drive_rates` and uploaded before the next run.
    drive_host: Vec<u64>,
    /// Neurons the run spec drives (only their rates may change).
    is_driven: Vec<bool>,
    /// Whether `drive_host` differs from the device copy.
    drive_changed: bool,
    dt_ms: f64,
    counts: CudaSlice<u32>,
    spike_list: CudaSlice<u32>,
    spike_n: CudaSlice<u32>,
    per_step: CudaSlice<u32>,
    row_offsets: CudaSlice<u32>,
    targets: CudaSlice<u32>,
    weights: CudaSlice<i32>,
    /// Entries per instance of the window spike lists: n times the most spikes a neuron fits in a window.
    spike_cap: u32,
    window_neuron: CudaSlice<u32>,
    window_step: CudaSlice<u32>,
    overflow: CudaSlice<u32>,
    /// The captured graph, with the launch mode it was captured for.
    graph: Option<(Launch, CudaGraph)>,
}

impl CudaEngine {
    /// Compiles the kernels and uploads the network and `spec.instances` instances at rest; at most
    /// `max_steps` steps are recorded per step.
    pub fn new(net: &Network, spec: &RunSpec, max_steps: u32) -> Result<Self, EngineError> {
        check_libraries()?;
        let k = spec.params.step_constants()?;
        let n = net.neurons;
        let batch = spec.instances;
        if n == 0 || batch == 0 || (n as u64) * (batch as u64) * (k.delay_steps as u64) >= i32::MAX as u64 * 4 {
            return Err(EngineError::Model(format!("{batch} instances of {n} neurons do not fit this backend")));
        }
        let drive = spec.drive_thresholds(n)?;
        let mask = spec.lesion_mask(n)?;
        let ctx = CudaContext::new(0).map_err(cuda("opening device 0"))?;
        // One stream orders everything; per-buffer events would also be recorded inside graph captures.
        unsafe { ctx.disable_event_tracking() };
        let stream = ctx.new_stream().map_err(cuda("creating a stream"))?;
        let opts = CompileOptions { fmad: Some(false), name: Some("ett_lif.cu".into()), ..Default::default() };
        let ptx = compile_ptx_with_opts(KERNELS, opts).map_err(cuda("NVRTC"))?;
        let module = ctx.load_module(ptx).map_err(cuda("loading the module"))?;
        let function = |name: &str| module.load_function(name).map_err(cuda("loading a kernel"));
        let (update, propagate, tick) = (function("lif_update")?, function("propagate")?, function("tick")?);
        let (window_update, window_propagate, window_tick) = (function("lif_window")?, function("propagate_window")?, function("tick_window")?);
        let spikes_per_window = k.delay_steps.div_ceil(k.refractory_steps.max(1) as usize);
        let spike_cap = (n * spikes_per_window).min(u32::MAX as usize) as u32;

        let s = &stream;
        let up = |e| EngineError::Cuda(format!("upload: {e:?}"));
        let bn = n * batch;
        let v0: Vec<f64> = vec![k.v_rest_mv; bn];
        let last0: Vec<i32> = vec![i32::MIN / 2; bn];
        let lesion_bytes = if spec.lesions.is_empty() { vec![0u8; 1] } else { mask };
        let engine = CudaEngine {
            update,
            propagate,
            tick,
            window_update,
            window_propagate,
            window_tick,
            k,
            n: n as i32,
            batch: batch as i32,
            max_steps: max_steps as i32,
            seed: spec.seed,
            first_instance: spec.first_instance,
            has_lesions: i32::from(!spec.lesions.is_empty()),
            steps_done: 0,
            step_counter: s.alloc_zeros::<i32>(1).map_err(up)?,
            v_mv: s.clone_htod(&v0).map_err(up)?,
            g_mv: s.alloc_zeros::<f64>(bn).map_err(up)?,
            last_spike: s.clone_htod(&last0).map_err(up)?,
            ring: s.alloc_zeros::<i32>(bn * k.delay_steps).map_err(up)?,
            lesioned: s.clone_htod(&lesion_bytes).map_err(up)?,
            drive_threshold: s.clone_htod(&drive).map_err(up)?,
            is_driven: drive.iter().map(|&d| d != 0).collect(),
            drive_host: drive,
            drive_changed: false,
            dt_ms: spec.params.dt_ms,
            counts: s.alloc_zeros::<u32>(bn).map_err(up)?,
            spike_list: s.alloc_zeros::<u32>(bn).map_err(up)?,
            spike_n: s.alloc_zeros::<u32>(batch).map_err(up)?,
            per_step: s.alloc_zeros::<u32>((max_steps as usize).max(1) * batch).map_err(up)?,
            row_offsets: s.clone_htod(&net.row_offsets).map_err(up)?,
            targets: s.clone_htod(&nonempty(&net.targets)).map_err(up)?,
            weights: s.clone_htod(&nonempty(&net.weights)).map_err(up)?,
            spike_cap,
            window_neuron: s.alloc_zeros::<u32>(spike_cap as usize * batch).map_err(up)?,
            window_step: s.alloc_zeros::<u32>(spike_cap as usize * batch).map_err(up)?,
            overflow: s.alloc_zeros::<u32>(1).map_err(up)?,
            graph: None,
            stream,
        };
        engine.synchronize()?;
        Ok(engine)
    }

    /// Sets the Poisson rate of neurons the run spec drives, for every instance, from the next `run` on (a
    /// closed loop's sensory input); as `CpuEngine::set_drive_rates`, a neuron the spec does not drive is an
    /// error and a rate of 0 stops its events.
    pub fn set_drive_rates(&mut self, neurons: &[u32], rates_hz: &[f64]) -> Result<(), EngineError> {
        for (&n, &rate_hz) in neurons.iter().zip(rates_hz) {
            if !self.is_driven.get(n as usize).copied().unwrap_or(false) {
                return Err(EngineError::Model(format!("neuron {n} is not among the driven neurons")));
            }
            let threshold = super::model::drive_threshold(rate_hz, self.dt_ms)?;
            if self.drive_host[n as usize] != threshold {
                self.drive_host[n as usize] = threshold;
                self.drive_changed = true;
            }
        }
        Ok(())
    }

    /// Waits for the queued steps and copies instance `b`'s spike counts back (an error when a window's
    /// spike list overflowed).
    pub fn spike_counts(&self, b: usize) -> Result<Vec<u32>, EngineError> {
        let n = self.n as usize;
        if b >= self.batch as usize {
            return Err(EngineError::Model(format!("instance {b} of {}", self.batch)));
        }
        let mut counts = vec![0u32; n];
        self.stream.memcpy_dtoh(&self.counts.slice(b * n..(b + 1) * n), &mut counts).map_err(cuda("copying counts"))?;
        if self.stream.clone_dtoh(&self.overflow).map_err(cuda("copying the overflow flag"))?[0] != 0 {
            return Err(EngineError::Cuda("a window's spike list overflowed".into()));
        }
        Ok(counts)
    }

    /// Queues `steps` steps; returns without waiting for them (see `synchronize`).
    pub fn run(&mut self, steps: u32, launch: Launch) -> Result<(), EngineError> {
        if self.drive_changed {
            // Ordered on the stream before the steps (and any graph replay) that read it.
            self.stream.memcpy_htod(&self.drive_host, &mut self.drive_threshold).map_err(cuda("uploading drive rates"))?;
            self.drive_changed = false;
        }
        // A unit is a step, or a window of `delay` steps; `per_graph` units are captured and replayed.
        let (unit, per_graph) = match launch {
            Launch::Loop => (1, 0),
            Launch::Graph { steps } => (1, steps),
            Launch::Window { graph_windows } => (self.k.delay_steps as u32, graph_windows),
        };
        let mut units = steps / unit;
        if per_graph > 0 && units >= per_graph {
            if self.graph.as_ref().map(|g| g.0) != Some(launch) {
                self.capture(launch, per_graph)?;
            }
            let graph = &self.graph.as_ref().expect("captured above").1;
            while units >= per_graph {
                graph.launch().map_err(cuda("graph launch"))?;
                units -= per_graph;
            }
        }
        for _ in 0..units {
            self.launch_unit(launch)?;
        }
        if !steps.is_multiple_of(unit) {
            self.launch_window(steps % unit)?;
        }
        self.steps_done += steps;
        Ok(())
    }

    /// Waits for all queued steps.
    pub fn synchronize(&self) -> Result<(), EngineError> {
        self.stream.synchronize().map_err(cuda("synchronize"))
    }

    /// Steps queued so far.
    pub fn steps_done(&self) -> u32 {
        self.steps_done
    }

    /// Copies the spike counts and per-step totals back (one bulk copy each).
    pub fn recording(&self) -> Result<Recording, EngineError> {
        let (n, batch) = (self.n as usize, self.batch as usize);
        let counts = self.stream.clone_dtoh(&self.counts).map_err(cuda("copying counts"))?;
        let per_step_flat = self.stream.clone_dtoh(&self.per_step).map_err(cuda("copying per-step totals"))?;
        let recorded = (self.steps_done as usize).min(self.max_steps as usize);
        if self.stream.clone_dtoh(&self.overflow).map_err(cuda("copying the overflow flag"))?[0] != 0 {
            return Err(EngineError::Cuda("a window's spike list overflowed".into()));
        }
        Ok(Recording {
            counts: counts.chunks(n).map(|c| c.to_vec()).collect(),
            per_step: (0..batch).map(|b| (0..recorded).map(|t| per_step_flat[t * batch + b]).collect()).collect(),
        })
    }

    fn launch_unit(&mut self, launch: Launch) -> Result<(), EngineError> {
        match launch {
            Launch::Window { .. } => self.launch_window(self.k.delay_steps as u32),
            _ => self.launch_step(),
        }
    }

    fn capture(&mut self, launch: Launch, units: u32) -> Result<(), EngineError> {
        self.graph = None;
        self.stream
            .begin_capture(cudarc::driver::sys::CUstreamCaptureMode::CU_STREAM_CAPTURE_MODE_THREAD_LOCAL)
            .map_err(cuda("begin capture"))?;
        let mut launched = Ok(());
        for _ in 0..units {
            launched = self.launch_unit(launch);
            if launched.is_err() {
                break;
            }
        }
        let graph = self.stream.end_capture(cudarc::driver::sys::CUgraphInstantiate_flags(0)).map_err(cuda("end capture"))?;
        launched?;
        let graph = graph.ok_or_else(|| EngineError::Cuda("graph capture produced no graph".into()))?;
        self.graph = Some((launch, graph));
        Ok(())
    }

    fn launch_step(&mut self) -> Result<(), EngineError> {
        let k = self.k;
        let delay = k.delay_steps as i32;
        let total = self.n as u32 * self.batch as u32;
        let update_cfg = LaunchConfig { grid_dim: (total.div_ceil(BLOCK_THREADS), 1, 1), block_dim: (BLOCK_THREADS, 1, 1), shared_mem_bytes: 0 };
        let mut a = self.stream.launch_builder(&self.update);
        a.arg(&self.n).arg(&self.batch).arg(&delay).arg(&self.seed).arg(&self.first_instance);
        a.arg(&k.decay_v).arg(&k.decay_g).arg(&k.g_to_v).arg(&k.v_rest_mv).arg(&k.v_reset_mv).arg(&k.v_threshold_mv);
        a.arg(&k.w_syn_mv).arg(&k.poisson_weight_mv).arg(&k.refractory_steps).arg(&self.has_lesions);
        a.arg(&self.step_counter).arg(&mut self.v_mv).arg(&mut self.g_mv).arg(&mut self.last_spike);
        a.arg(&mut self.ring).arg(&self.lesioned).arg(&self.drive_threshold);
        a.arg(&mut self.counts).arg(&mut self.spike_list).arg(&mut self.spike_n);
        // Safety: argument order and types match lif_update in kernels.cu; every index is bounded by n * batch.
        unsafe { a.launch(update_cfg) }.map_err(cuda("lif_update"))?;

        let propagate_cfg = LaunchConfig { grid_dim: (PROPAGATE_BLOCKS, self.batch as u32, 1), block_dim: (BLOCK_THREADS, 1, 1), shared_mem_bytes: 0 };
        let mut a = self.stream.launch_builder(&self.propagate);
        a.arg(&self.n).arg(&delay).arg(&self.step_counter).arg(&self.row_offsets).arg(&self.targets).arg(&self.weights);
        a.arg(&self.spike_list).arg(&self.spike_n).arg(&mut self.ring);
        // Safety: matches propagate in kernels.cu; spike_n[b] <= n so the list reads stay in bounds.
        unsafe { a.launch(propagate_cfg) }.map_err(cuda("propagate"))?;

        let tick_cfg = LaunchConfig { grid_dim: (1, 1, 1), block_dim: (32, 1, 1), shared_mem_bytes: 0 };
        let mut a = self.stream.launch_builder(&self.tick);
        a.arg(&self.batch).arg(&self.max_steps).arg(&mut self.step_counter).arg(&mut self.spike_n).arg(&mut self.per_step);
        // Safety: matches tick in kernels.cu; per_step holds max_steps * batch entries.
        unsafe { a.launch(tick_cfg) }.map_err(cuda("tick"))?;
        Ok(())
    }
}

impl CudaEngine {
    /// Queues one window of `window` (at most `delay`) steps: lif_window, propagate_window, tick_window.
    fn launch_window(&mut self, window: u32) -> Result<(), EngineError> {
        let k = self.k;
        let (delay, window) = (k.delay_steps as i32, window as i32);
        let total = self.n as u32 * self.batch as u32;
        let update_cfg = LaunchConfig { grid_dim: (total.div_ceil(BLOCK_THREADS), 1, 1), block_dim: (BLOCK_THREADS, 1, 1), shared_mem_bytes: 0 };
        let mut a = self.stream.launch_builder(&self.window_update);
        a.arg(&self.n).arg(&self.batch).arg(&delay).arg(&window).arg(&self.max_steps).arg(&self.seed).arg(&self.first_instance);
        a.arg(&k.decay_v).arg(&k.decay_g).arg(&k.g_to_v).arg(&k.v_rest_mv).arg(&k.v_reset_mv).arg(&k.v_threshold_mv);
        a.arg(&k.w_syn_mv).arg(&k.poisson_weight_mv).arg(&k.refractory_steps).arg(&self.has_lesions).arg(&self.spike_cap);
        a.arg(&self.step_counter).arg(&mut self.v_mv).arg(&mut self.g_mv).arg(&mut self.last_spike);
        a.arg(&mut self.ring).arg(&self.lesioned).arg(&self.drive_threshold);
        a.arg(&mut self.counts).arg(&mut self.window_neuron).arg(&mut self.window_step).arg(&mut self.spike_n).arg(&mut self.per_step);
        // Safety: matches lif_window in kernels.cu; list entries are written below spike_cap per instance.
        unsafe { a.launch(update_cfg) }.map_err(cuda("lif_window"))?;

        let propagate_cfg = LaunchConfig { grid_dim: (PROPAGATE_BLOCKS, self.batch as u32, 1), block_dim: (BLOCK_THREADS, 1, 1), shared_mem_bytes: 0 };
        let mut a = self.stream.launch_builder(&self.window_propagate);
        a.arg(&self.n).arg(&delay).arg(&self.spike_cap).arg(&self.row_offsets).arg(&self.targets).arg(&self.weights);
        a.arg(&self.window_neuron).arg(&self.window_step).arg(&self.spike_n).arg(&mut self.ring);
        // Safety: matches propagate_window; entries are read below min(spike_n, spike_cap).
        unsafe { a.launch(propagate_cfg) }.map_err(cuda("propagate_window"))?;

        let mut ends = WindowEnd { function: &self.window_tick, batch: self.batch, spike_cap: self.spike_cap, step_counter: &mut self.step_counter, spike_n: &mut self.spike_n, overflow: &mut self.overflow };
        ends.launch(&self.stream, window)
    }
}

/// The arguments of `tick_window` (common.cu), which ends a window in both CUDA backends.
pub(crate) struct WindowEnd<'a> {
    /// The loaded `tick_window`.
    pub function: &'a CudaFunction,
    /// Instances.
    pub batch: i32,
    /// Entries per instance of the window spike lists.
    pub spike_cap: u32,
    /// The device step number.
    pub step_counter: &'a mut CudaSlice<i32>,
    /// Spikes listed per instance in this window.
    pub spike_n: &'a mut CudaSlice<u32>,
    /// Set when a list overflowed.
    pub overflow: &'a mut CudaSlice<u32>,
}

impl WindowEnd<'_> {
    /// Queues `tick_window` on one thread.
    pub fn launch(&mut self, stream: &CudaStream, window: i32) -> Result<(), EngineError> {
        let cfg = LaunchConfig { grid_dim: (1, 1, 1), block_dim: (32, 1, 1), shared_mem_bytes: 0 };
        let mut a = stream.launch_builder(self.function);
        a.arg(&self.batch).arg(&window).arg(&self.spike_cap).arg(&mut *self.step_counter).arg(&mut *self.spike_n).arg(&mut *self.overflow);
        // Safety: matches tick_window in common.cu; spike_n holds `batch` entries.
        unsafe { a.launch(cfg) }.map_err(cuda("tick_window"))?;
        Ok(())
    }
}

/// A copy with at least one element: zero-length device allocations are not portable.
pub(crate) fn nonempty<T: Copy + Default>(v: &[T]) -> Vec<T> {
    if v.is_empty() {
        vec![T::default()]
    } else {
        v.to_vec()
    }
}
