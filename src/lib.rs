//! ett: the embodied Turing test harness.
pub mod import;
