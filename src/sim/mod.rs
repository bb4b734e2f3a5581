//! One episode: the buffers and the closed-loop step,
//! sense -> encode -> brain -> decode -> actuate -> physics -> record.

mod assemble;
mod episode;
pub mod stage;

pub use assemble::{assemble, BodyInterface, BrainKit};

pub use episode::{Episode, EpisodeResult, SimError};
