//! The protocol every task runs: reversal detection from the signed speed, time budgets, and the
//! measures the task file declares.

use super::measures::Measure;
use super::Task;
use crate::body::BodyState;
use crate::buffers::{Event, SensorFrame};
use crate::config::task_spec::{MeasureSpec, StimulusSelector};
use serde_json::{Map, Value};

/// What was seen at one control step that measures need.
#[derive(Debug, Clone, Copy)]
pub(super) struct Observation<'a> {
    /// End time of the step.
    pub time_s: f64,
    /// Current phase index.
    pub phase: usize,
    /// Head tip.
    pub head_mm: [f64; 2],
    /// Height of the body above the ground (a legged body; 0 for the worm).
    pub height_mm: f64,
    /// Step length.
    pub dt_s: f64,
    /// Whether a reversal started at this step.
    pub reversal_onset: bool,
    /// Whether the animal was reversing before this step.
    pub reversing: bool,
    /// The sensor frame of the step.
    pub frame: &'a SensorFrame,
}

/// The generic protocol with the task's measures.
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
    phase: usize,
    measures: Vec<Measure>,
}

impl Protocol {
    /// A protocol computing `measures`; `phase_names` and `touch_sites` resolve the names they use.
    pub fn new(measures: &[MeasureSpec], phase_names: &[String], touch_sites: &[String]) -> Result<Self, String> {
        // Track measures are taken from the recorded track after the episode (runner), not step by step.
        let measures = measures.iter().filter(|m| !m.is_track_measure()).map(|m| Measure::new(m, phase_names, touch_sites)).collect::<Result<_, _>>()?;
        Ok(Protocol {
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
            phase: 0,
            measures,
        })
    }
}

/// Resolves a stimulus selector to the sensor frame: None for taps, Some(touch index) for touches.
pub(super) fn touch_index(selector: &StimulusSelector, touch_sites: &[String]) -> Result<Option<usize>, String> {
    match selector {
        StimulusSelector::Tap => Ok(None),
        StimulusSelector::Touch(site) => touch_sites.iter().position(|s| s == site).map(Some).ok_or_else(|| format!("touch site `{site}` is not a touch site of the body ({touch_sites:?})")),
    }
}

impl Task for Protocol {
    fn begin_phase(&mut self, index: usize, time_s: f64) {
        self.phase = index;
        // The body is placed anew: forget the old speed.
        self.smoothed_speed_mm_per_s = 0.0;
        if self.reversing {
            self.reversing = false;
        }
        for measure in &mut self.measures {
            measure.begin_phase(index, time_s);
        }
    }

    fn observe(&mut self, state: &BodyState, frame: &SensorFrame, dt_s: f64, events: &mut Vec<Event>) {
        let was_reversing = self.reversing;
        let alpha = (dt_s / self.smoothing_s).min(1.0);
        self.smoothed_speed_mm_per_s += alpha * (state.signed_speed_mm_per_s() - self.smoothed_speed_mm_per_s);
        self.time_s += dt_s;
        let mut onset = false;
        if !self.reversing && self.smoothed_speed_mm_per_s < -self.reversal_threshold_mm_per_s {
            self.reversing = true;
            self.reversals += 1;
            onset = true;
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
        let observation = Observation { time_s: state.time_s, phase: self.phase, head_mm: state.head_mm(), height_mm: state.height_mm, dt_s, reversal_onset: onset, reversing: was_reversing, frame };
        for measure in &mut self.measures {
            measure.observe(&observation);
        }
    }

    fn summary(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("reversals".into(), self.reversals.into());
        map.insert("fraction_time_backward".into(), (self.time_backward_s / self.time_s.max(1e-12)).into());
        map.insert("time_on_food_s".into(), self.time_on_food_s.into());
        map.insert("time_in_noxious_s".into(), self.time_in_noxious_s.into());
        map.insert("stimuli_delivered".into(), self.stimuli.into());
        for measure in &self.measures {
            measure.report(&mut map);
        }
        map
    }
}
