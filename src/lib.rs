//! ett: the embodied Turing test harness. Brain emulations drive virtual bodies in virtual arenas;
//! the same metrics run on simulated and real animals.
//!
//! Layers (a module uses only layers below it): `config`, `buffers`, `physics`, `import`, `rng`;
//! then `body`, `arena`, `brain`, `interface`, `task`, `record`; then `sim`; then `scoring`,
//! `runner` and `bench`; then `suite`; then `scale` and `batch` (sweeps of variants); then `cli`.

pub mod arena;
pub mod batch;
pub mod bench;
pub mod body;
pub mod brain;
pub mod buffers;
pub mod cli;
pub mod config;
pub mod engine;
pub mod import;
pub mod interface;
pub mod physics;
pub mod record;
pub mod rng;
pub mod runner;
pub mod scale;
pub mod scoring;
pub mod sim;
pub mod suite;
pub mod task;
