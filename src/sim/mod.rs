//! One episode: the buffers and the closed-loop step,
//! sense -> encode -> brain -> decode -> actuate -> physics -> record.

mod episode;

pub use episode::{Episode, EpisodeResult, SimError};
