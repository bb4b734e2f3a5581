//! Neuron models of the general engine (`spec`, `model_cpu`, `model_cuda`): one enum a model file names,
//! one `Dynamics` trait each model implements twice, in Rust (the CPU step) and in C (the same step for
//! NVRTC). Adding a model is a file here and an arm in `NeuronModel`; no backend is copied.
//!
//! Units: v in mV, time in ms, currents per unit capacitance area (uA/cm^2 for HH, mV/ms-like "model units"
//! for Izhikevich), conductances in the same units per mV (mS/cm^2 for HH), capacitance in uF/cm^2.

pub mod exp;
pub mod hodgkin_huxley;
pub mod izhikevich;
pub mod lif;

pub use hodgkin_huxley::HodgkinHuxley;
pub use izhikevich::Izhikevich;
pub use lif::Lif;
use serde::{Deserialize, Serialize};

/// Most state variables any model keeps per neuron (v is always variable 0).
pub const MAX_VARS: usize = 4;

/// Input to one neuron for one step, frozen over the step: the total current is `i + gv - g * v`
/// (a v-independent current, and conductances `g` pulling v toward the reversal average `gv / g`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Input {
    /// v-independent current (bias, current-based synapses).
    pub i: f64,
    /// Sum of conductances (conductance-based synapses, gap junctions).
    pub g: f64,
    /// Sum of conductance times its reversal (or partner) potential.
    pub gv: f64,
}

/// One neuron model's dynamics, written once for the CPU and once in C for the GPU.
pub trait Dynamics: Copy + Send + Sync + 'static {
    /// State variables per neuron, v first.
    const VARS: usize;
    /// C source of `__device__ int neuron_step(const double* p, double* s, double i_in, double g_in,
    /// double gv_in, double dt)`: the same step as `step`, with `p` the values of `params` and `s` the state;
    /// exponentials through `det_exp` (`exp::exp` in Rust) so both sides agree bit for bit.
    const CUDA_STEP: &'static str;
    /// The parameters as the C code indexes them.
    fn params(&self) -> Vec<f64>;
    /// The state of a neuron at rest (unused variables zero).
    fn initial(&self) -> [f64; MAX_VARS];
    /// Advances one neuron by `dt_ms`; returns whether it spiked in this step.
    fn step(&self, s: &mut [f64; MAX_VARS], input: Input, dt_ms: f64) -> bool;
    /// The model inside a `NeuronModel`, when it is this kind.
    fn from_model(model: &NeuronModel) -> Option<Self>;
}

/// The neuron model of a population (parameters per population; one kind per network).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum NeuronModel {
    /// Conductance-form leaky integrate-and-fire with an absolute refractory period.
    Lif(Lif),
    /// Izhikevich (2003) quadratic model.
    Izhikevich(Izhikevich),
    /// Hodgkin-Huxley (1952) squid axon, modern voltage convention.
    HodgkinHuxley(HodgkinHuxley),
}

/// Which kind a `NeuronModel` is, for dispatch to the typed code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `NeuronModel::Lif`.
    Lif,
    /// `NeuronModel::Izhikevich`.
    Izhikevich,
    /// `NeuronModel::HodgkinHuxley`.
    HodgkinHuxley,
}

impl NeuronModel {
    /// The kind of this model.
    pub fn kind(&self) -> Kind {
        match self {
            NeuronModel::Lif(_) => Kind::Lif,
            NeuronModel::Izhikevich(_) => Kind::Izhikevich,
            NeuronModel::HodgkinHuxley(_) => Kind::HodgkinHuxley,
        }
    }

    /// Parameters as the C code indexes them.
    pub fn params(&self) -> Vec<f64> {
        match self {
            NeuronModel::Lif(m) => m.params(),
            NeuronModel::Izhikevich(m) => m.params(),
            NeuronModel::HodgkinHuxley(m) => m.params(),
        }
    }

    /// The rest state.
    pub fn initial(&self) -> [f64; MAX_VARS] {
        match self {
            NeuronModel::Lif(m) => m.initial(),
            NeuronModel::Izhikevich(m) => m.initial(),
            NeuronModel::HodgkinHuxley(m) => m.initial(),
        }
    }
}

impl Kind {
    /// State variables per neuron.
    pub fn vars(self) -> usize {
        match self {
            Kind::Lif => Lif::VARS,
            Kind::Izhikevich => Izhikevich::VARS,
            Kind::HodgkinHuxley => HodgkinHuxley::VARS,
        }
    }

    /// The C step of this kind.
    pub fn cuda_step(self) -> &'static str {
        match self {
            Kind::Lif => Lif::CUDA_STEP,
            Kind::Izhikevich => Izhikevich::CUDA_STEP,
            Kind::HodgkinHuxley => HodgkinHuxley::CUDA_STEP,
        }
    }
}
