//! The schedule of stimuli (taps, touches, shocks), delivered at the control step they fall in.

use crate::config::environment_spec::{StimulusKind, StimulusSpec};

/// One delivery of a stimulus.
#[derive(Debug, Clone, PartialEq)]
pub struct StimulusEvent {
    /// When it is delivered.
    pub time_s: f64,
    /// What is delivered.
    pub kind: StimulusKind,
}

/// All deliveries of a run, in time order, with a cursor.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    events: Vec<StimulusEvent>,
    next: usize,
}

impl Schedule {
    /// Expands repeats into single deliveries and sorts them (stable, so ties keep file order).
    pub fn new(specs: &[StimulusSpec]) -> Result<Self, String> {
        let mut events = Vec::new();
        for spec in specs {
            if !(spec.at_s >= 0.0 && spec.at_s.is_finite()) {
                return Err(format!("at_s must be a non-negative time, got {}", spec.at_s));
            }
            let interval = match (spec.count, spec.repeat_every_s) {
                (0, _) => return Err("count must be at least 1".into()),
                (1, interval) => interval.unwrap_or(0.0),
                (_, Some(interval)) if interval > 0.0 => interval,
                (count, _) => return Err(format!("count = {count} needs a positive repeat_every_s")),
            };
            for k in 0..spec.count {
                events.push(StimulusEvent { time_s: spec.at_s + k as f64 * interval, kind: spec.kind.clone() });
            }
        }
        events.sort_by(|a, b| a.time_s.total_cmp(&b.time_s));
        Ok(Schedule { events, next: 0 })
    }

    /// Deliveries due at or before `time_s` that were not yet delivered.
    pub fn due(&mut self, time_s: f64) -> &[StimulusEvent] {
        let start = self.next;
        while self.next < self.events.len() && self.events[self.next].time_s <= time_s + 1e-12 {
            self.next += 1;
        }
        &self.events[start..self.next]
    }

    /// Every delivery in the schedule.
    pub fn all(&self) -> &[StimulusEvent] {
        &self.events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_expand_and_each_is_delivered_once() {
        let specs = [StimulusSpec { kind: StimulusKind::Tap, at_s: 1.0, repeat_every_s: Some(10.0), count: 3 }];
        let mut schedule = Schedule::new(&specs).unwrap();
        assert_eq!(schedule.all().len(), 3);
        assert_eq!(schedule.due(0.5).len(), 0);
        assert_eq!(schedule.due(11.0).len(), 2);
        assert_eq!(schedule.due(11.0).len(), 0);
        assert_eq!(schedule.due(100.0)[0].time_s, 21.0);
        let bad = [StimulusSpec { kind: StimulusKind::Tap, at_s: 1.0, repeat_every_s: None, count: 3 }];
        assert!(Schedule::new(&bad).is_err());
    }
}
