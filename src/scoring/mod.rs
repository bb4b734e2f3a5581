//! Behavioural metrics on tracks, their readers, published reference values and the statistics that
//! compare simulated with real animals. The same code runs on simulated and on animal tracks: every
//! metric takes a [`track::Track`].

pub mod compare;
pub mod eigenworms;
pub mod error;
pub mod gait;
pub mod motion;
pub mod navigation;
pub mod pirouettes;
pub mod readers;
pub mod reference;
pub mod reference_lines;
pub mod responses;
pub mod spectrum;
pub mod stats;
pub mod stepping;
pub mod track;
pub mod track_measures;
pub mod turns;
pub mod weathervane;
pub mod zones;
