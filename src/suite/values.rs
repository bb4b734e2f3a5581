//! Per-animal values of a reference entry's metric, taken from a population as the entry's `source`
//! says: a track metric (the same code for simulated and real tracks) or a task measure.

use super::population::Population;
use crate::scoring::compare::{animal_metrics, AnimalMetrics};
use crate::scoring::eigenworms::EigenBasis;
use crate::scoring::reference::MetricSource;
use serde_json::Value;

/// Track metrics of every animal, computed once per population and only when an entry needs them.
pub struct TrackMetrics {
    per_animal: Option<Vec<AnimalMetrics>>,
}

impl TrackMetrics {
    /// Nothing computed yet.
    pub fn new() -> Self {
        TrackMetrics { per_animal: None }
    }

    fn get(&mut self, population: &Population, basis: &EigenBasis) -> &[AnimalMetrics] {
        self.per_animal.get_or_insert_with(|| population.animals.iter().map(|a| animal_metrics(&a.track, None, basis)).collect())
    }
}

impl Default for TrackMetrics {
    fn default() -> Self {
        Self::new()
    }
}

/// One value per animal (NaN where the animal gives none), and why all are missing when they are.
pub fn values(source: &MetricSource, population: &Population, metrics: &mut TrackMetrics, basis: &EigenBasis) -> Result<Vec<f64>, String> {
    match source {
        MetricSource::Track(name) => {
            let per_animal = metrics.get(population, basis);
            let Some(k) = per_animal.first().and_then(|a| a.values.iter().position(|v| v.0 == name)) else {
                return Err(format!("`{name}` is not a track metric (see scoring::compare::animal_metrics)"));
            };
            Ok(per_animal.iter().map(|a| a.values[k].2).collect())
        }
        MetricSource::Gait(name) => {
            // An animal without a gait record has no value; an unknown metric name is the entry's fault.
            let per_animal: Vec<Result<f64, String>> = population.animals.iter().map(|a| a.gait.as_ref().map_or(Ok(f64::NAN), |g| g.metric(name))).collect();
            per_animal.into_iter().collect()
        }
        MetricSource::Measure(key) => {
            // A key that no animal has is a misnamed source, not animals without a value: every run writes
            // every measure of its task (null where an animal gives none), so this would fail every brain
            // silently (the fly's choice entries did, 2026-12-07).
            if !population.animals.is_empty() && population.animals.iter().all(|a| !a.measures.contains_key(key)) {
                let known: Vec<&str> = population.animals[0].measures.keys().map(String::as_str).collect();
                if known.is_empty() {
                    return Err(format!("the animals of `{}` carry no task measures, so not `{key}` (real tracks carry none; `ett score --task-file` measures the track-based ones)", population.task));
                }
                return Err(format!("task `{}` writes no per-animal measure `{key}` (it writes: {})", population.task, known.join(", ")));
            }
            Ok(population.animals.iter().map(|a| a.measures.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)).collect())
        }
        MetricSource::MeasureMean { key, from, to } => Ok(population.animals.iter().map(|a| {
            let Some(array) = a.measures.get(key).and_then(Value::as_array) else { return f64::NAN };
            // An animal that did not get every stimulus of the window has no value; within the window,
            // blanks (null: a stimulus given during a reversal, not counted) are skipped, and an animal
            // with only blanks there has no value.
            if array.len() < *to || from >= to {
                return f64::NAN;
            }
            let picked: Vec<f64> = array[*from..*to].iter().filter_map(Value::as_f64).collect();
            if picked.is_empty() { f64::NAN } else { picked.iter().sum::<f64>() / picked.len() as f64 }
        }).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::track::Track;
    use crate::suite::population::Animal;
    use serde_json::json;

    fn population(arrays: &[Value]) -> Population {
        let animals = arrays.iter().map(|a| {
            let mut measures = serde_json::Map::new();
            measures.insert("tap_per_stimulus".into(), a.clone());
            Animal { track: Track::default(), measures, gait: None }
        }).collect();
        Population { task: "tap".into(), brain: "b".into(), dir: ".".into(), environment: None, animals }
    }

    #[test]
    fn a_window_mean_skips_blanks_and_needs_every_stimulus_delivered() {
        // 30 taps; the first animal was reversing at tap 27 (a blank), the second got only 29 taps, the
        // third was reversing at every tap of the window.
        let mut first = vec![json!(0); 30];
        first[26] = Value::Null;
        first[29] = json!(1);
        let mut blanks = vec![json!(1); 30];
        blanks[25..30].iter_mut().for_each(|v| *v = Value::Null);
        let p = population(&[json!(first), json!(vec![1; 29]), json!(blanks)]);
        let source = MetricSource::MeasureMean { key: "tap_per_stimulus".into(), from: 25, to: 30 };
        let v = values(&source, &p, &mut TrackMetrics::new(), &EigenBasis::n2()).unwrap();
        assert_eq!(v[0], 0.25);
        assert!(v[1].is_nan() && v[2].is_nan(), "{v:?}");
    }

    /// Regression (2026-12-07): the fly reference read `food_choice_index`, a key the task writes only for
    /// the whole population (per animal it is `food_choice_index_score`); every animal got NaN and the entry
    /// failed every brain without saying why. A key no animal has is now the entry's error.
    #[test]
    fn a_measure_no_animal_has_is_an_error_naming_the_task_and_the_keys_it_has() {
        let p = population(&[json!([1]), json!([0])]);
        let missing = values(&MetricSource::Measure("food_choice_index".into()), &p, &mut TrackMetrics::new(), &EigenBasis::n2()).unwrap_err();
        assert!(missing.contains("`tap`") && missing.contains("food_choice_index") && missing.contains("tap_per_stimulus"), "{missing}");
        let mut p = population(&[json!(1), json!(null)]);
        let v = values(&MetricSource::Measure("tap_per_stimulus".into()), &p, &mut TrackMetrics::new(), &EigenBasis::n2()).unwrap();
        assert!(v[0] == 1.0 && v[1].is_nan(), "null is an animal without a value: {v:?}");
        p.animals.clear();
        assert!(values(&MetricSource::Measure("x".into()), &p, &mut TrackMetrics::new(), &EigenBasis::n2()).unwrap().is_empty());
    }
}
