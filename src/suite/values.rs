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
        MetricSource::Measure(key) => Ok(population.animals.iter().map(|a| a.measures.get(key).and_then(Value::as_f64).unwrap_or(f64::NAN)).collect()),
        MetricSource::MeasureMean { key, from, to } => Ok(population.animals.iter().map(|a| {
            let Some(array) = a.measures.get(key).and_then(Value::as_array) else { return f64::NAN };
            let picked: Vec<f64> = array.iter().skip(*from).take(to.saturating_sub(*from)).filter_map(Value::as_f64).collect();
            // An animal that did not get every stimulus of the window has no value.
            if picked.len() == to.saturating_sub(*from) && !picked.is_empty() { picked.iter().sum::<f64>() / picked.len() as f64 } else { f64::NAN }
        }).collect()),
    }
}
