//! Task protocols: what a task watches for during an episode and what it reports. Tasks see body
//! states and sensor frames only, never the physics.

use crate::body::BodyState;
use crate::buffers::{Event, SensorFrame};
use serde_json::{Map, Value};

/// A task observing one episode.
pub trait Task: Send {
    /// Called after every control step.
    fn observe(&mut self, state: &BodyState, frame: &SensorFrame, dt_s: f64, events: &mut Vec<Event>);
    /// The quantities the task's behaviour is judged by.
    fn summary(&self) -> Map<String, Value>;
}

/// The generic protocol: locomotion direction (reversals), time on food and in noxious zones.
#[derive(Debug, Clone)]
pub struct Protocol {
    smoothing_s: f64,
    reversal_threshold_mm_per_s: f64,
    smoothed_speed_mm_per_s: f64,
    reversing: bool,
    reversals: usize,
    time_s: f64,
    time_backward_s: f64,
    time_on_food_s: f64,
    time_in_noxious_s: f64,
    stimuli: usize,
}

impl Default for Protocol {
    fn default() -> Self {
        Protocol {
            // Half a second of smoothing hides the within-cycle speed ripple of crawling.
            smoothing_s: 0.5,
            reversal_threshold_mm_per_s: 0.02,
            smoothed_speed_mm_per_s: 0.0,
            reversing: false,
            reversals: 0,
            time_s: 0.0,
            time_backward_s: 0.0,
            time_on_food_s: 0.0,
            time_in_noxious_s: 0.0,
            stimuli: 0,
        }
    }
}

impl Task for Protocol {
    fn observe(&mut self, state: &BodyState, frame: &SensorFrame, dt_s: f64, events: &mut Vec<Event>) {
        let alpha = (dt_s / self.smoothing_s).min(1.0);
        self.smoothed_speed_mm_per_s += alpha * (state.signed_speed_mm_per_s() - self.smoothed_speed_mm_per_s);
        self.time_s += dt_s;
        if !self.reversing && self.smoothed_speed_mm_per_s < -self.reversal_threshold_mm_per_s {
            self.reversing = true;
            self.reversals += 1;
            events.push(Event { time_s: state.time_s, kind: "reversal_start", detail: String::new() });
        } else if self.reversing && self.smoothed_speed_mm_per_s > 0.0 {
            self.reversing = false;
            events.push(Event { time_s: state.time_s, kind: "reversal_end", detail: String::new() });
        }
        if self.reversing {
            self.time_backward_s += dt_s;
        }
        if frame.food_per_mm2.first().is_some_and(|&f| f > 0.0) {
            self.time_on_food_s += dt_s;
        }
        if frame.noxious.first().is_some_and(|&n| n > 0.0) {
            self.time_in_noxious_s += dt_s;
        }
        self.stimuli += frame.touch.iter().filter(|&&t| t > 0.0).count() + usize::from(frame.tap > 0.0);
    }

    fn summary(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("reversals".into(), self.reversals.into());
        map.insert("fraction_time_backward".into(), (self.time_backward_s / self.time_s.max(1e-12)).into());
        map.insert("time_on_food_s".into(), self.time_on_food_s.into());
        map.insert("time_in_noxious_s".into(), self.time_in_noxious_s.into());
        map.insert("stimuli_delivered".into(), self.stimuli.into());
        map
    }
}
