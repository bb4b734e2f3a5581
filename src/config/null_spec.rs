//! The negative-control brains (`BrainModelSpec::Null`): a paralysed worm and a random-motor worm.

use serde::{Deserialize, Serialize};

/// Which negative control.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum NullSpec {
    /// Every muscle relaxed for the whole episode.
    Paralysed,
    /// Each muscle driven by its own Ornstein-Uhlenbeck noise, clipped to [0, 1].
    RandomMotor {
        /// Mean activation.
        mean: f64,
        /// Stationary standard deviation of the activation.
        sd: f64,
        /// Correlation time of the noise.
        correlation_s: f64,
        /// Master seed (mixed with the animal's seed stream).
        seed: u64,
    },
}
