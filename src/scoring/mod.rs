//! Behavioural metrics on tracks. The same code runs on simulated and on animal tracks.

pub mod gait;
