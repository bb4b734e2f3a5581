//! The spiking brain engine: a backend-agnostic model (`model`), an event-driven CPU backend (`cpu`,
//! rayon) and a CUDA backend (`cuda`, cudarc + NVRTC, driver loaded at run time), connectome input
//! (`flywire` reader and writer, `synth` generator of FlyWire-like networks). The general engine beside it
//! runs other neuron models (`neuron`: LIF, Izhikevich, Hodgkin-Huxley) with current- or conductance-based
//! synapses and gap junctions from a `spec::ModelSpec`, on the CPU (`model_cpu`) and the GPU (`model_cuda`).
//!
//! Every Shiu LIF backend follows one step, in Brian2's schedule order (groups, thresholds, synapses, resets):
//! 1. neurons not refractory integrate v and g exactly over dt;
//! 2. a spike when `v > v_th` (strict) and not refractory; the neuron becomes refractory;
//! 3. deliveries: the ring slot of this step (spikes sent `delay` steps ago, integer synapse counts) adds
//!    `count * w_syn` to g, and a Poisson event adds its weight to v, both dropped while refractory;
//! 4. spiking neurons reset (v = v_reset, g = 0) and push their row into the same ring slot, due `delay`
//!    steps later.

pub mod counter;
pub mod cpu;
pub mod cpu_sweep;
#[cfg(target_arch = "x86_64")]
pub mod cpu_sweep_avx2;
pub mod cuda;
pub mod flywire;
pub mod flywire_annotations;
pub mod model;
pub mod model_cpu;
pub mod model_cuda;
pub mod neuron;
pub mod plasticity;
pub mod spec;
pub mod synth;

pub use model::{LifParams, Network, Recording, RunSpec, StepConstants};

/// Errors of the engine and its inputs.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The model or run description is inconsistent.
    #[error("model: {0}")]
    Model(String),
    /// A GPU entry point ran on a machine without the CUDA driver or NVRTC libraries.
    #[error("no CUDA driver found ({0})")]
    NoCudaDriver(String),
    /// The CUDA driver or NVRTC reported an error.
    #[error("CUDA: {0}")]
    Cuda(String),
    /// A connectome file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A row of a connectome file is malformed.
    #[error("{path}:{line}: {message}")]
    BadRow {
        /// The file.
        path: std::path::PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong with it.
        message: String,
    },
}
