//! The engine behind a spiking brain, on the CPU or the GPU, seen through the three calls the closed loop
//! needs: set the input currents, advance, read the spike counts.

use crate::engine::model_cpu::ModelCpu;
use crate::engine::model_cuda::ModelCuda;
use crate::engine::spec::ModelSpec;
use crate::engine::{EngineError, Network};

/// One instance of the general engine.
pub enum Engine {
    /// rayon on the CPU.
    Cpu(Box<ModelCpu<'static>>),
    /// GPU 0.
    Cuda(Box<ModelCuda>),
}

impl Engine {
    /// Starts `spec` on `net` on the CPU, or on GPU 0 when `cuda` (an error without a CUDA driver).
    pub fn new(net: Network, spec: &ModelSpec, cuda: bool) -> Result<Engine, EngineError> {
        if cuda {
            // No per-step recording: the closed loop reads counts only.
            Ok(Engine::Cuda(Box::new(ModelCuda::new(&net, spec, 0, u32::MAX)?)))
        } else {
            Ok(Engine::Cpu(Box::new(ModelCpu::owning(net, spec)?)))
        }
    }

    /// Holds `current` (per neuron, model units) as external input until set again.
    pub fn set_input(&mut self, current: &[f64]) -> Result<(), EngineError> {
        match self {
            Engine::Cpu(m) => m.set_input(0, current),
            Engine::Cuda(m) => m.set_input(0, current),
        }
    }

    /// Advances `steps` steps and returns every neuron's spike count so far.
    pub fn run(&mut self, steps: u32) -> Result<Vec<u32>, EngineError> {
        match self {
            Engine::Cpu(m) => {
                m.run(steps);
                Ok(m.counts(0).to_vec())
            }
            Engine::Cuda(m) => {
                m.run(steps)?;
                m.counts()
            }
        }
    }

    /// Which backend runs it (for manifests).
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Cpu(_) => "cpu",
            Engine::Cuda(_) => "cuda",
        }
    }
}
