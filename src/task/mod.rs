//! Task protocols: what a task watches for during an episode and what it reports. Tasks see body
//! states and sensor frames only, never the physics. The measures a task reports are data (its RON
//! file lists them); this module computes them.

mod aggregate;
mod measures;
mod protocol;

pub use aggregate::{aggregate, position_arrays, position_means};
pub use protocol::Protocol;

use crate::body::BodyState;
use crate::buffers::{Event, SensorFrame};
use serde_json::{Map, Value};

/// A task observing one episode.
pub trait Task: Send {
    /// Called when a phase starts (before its first step).
    fn begin_phase(&mut self, index: usize, time_s: f64);
    /// Called after every control step.
    fn observe(&mut self, state: &BodyState, frame: &SensorFrame, dt_s: f64, events: &mut Vec<Event>);
    /// The quantities the task's behaviour is judged by, for this animal.
    fn summary(&self) -> Map<String, Value>;
}
