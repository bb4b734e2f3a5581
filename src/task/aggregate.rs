//! Combining one task's per-animal measures into run-level figures.

use crate::config::task_spec::MeasureSpec;
use serde_json::{json, Map, Value};

fn numbers<'a>(animals: &'a [Map<String, Value>], key: &'a str) -> impl Iterator<Item = f64> + 'a {
    animals.iter().filter_map(move |a| a.get(key).and_then(Value::as_f64))
}

fn mean(values: impl Iterator<Item = f64>) -> Value {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { Value::Null } else { json!(sum / n as f64) }
}

/// Per-animal arrays of `key`, element by element; a null (a blank, e.g. a stimulus not counted) stays
/// in its position as None so that later elements keep their index.
pub fn position_arrays(animals: &[Map<String, Value>], key: &str) -> Vec<Vec<Option<f64>>> {
    animals.iter().filter_map(|a| a.get(key)?.as_array().map(|v| v.iter().map(Value::as_f64).collect())).collect()
}

/// Mean at each position over the arrays that have a value there (blanks and shorter arrays are
/// skipped, never shifted); None where no array has one.
pub fn position_means(arrays: &[Vec<Option<f64>>]) -> Vec<Option<f64>> {
    let length = arrays.iter().map(Vec::len).max().unwrap_or(0);
    (0..length).map(|i| {
        let (sum, n) = arrays.iter().filter_map(|a| a.get(i).copied().flatten()).fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        (n > 0).then(|| sum / n as f64)
    }).collect()
}

/// Element-wise mean of per-animal arrays, null where no animal has a value.
fn curve(animals: &[Map<String, Value>], key: &str) -> Value {
    json!(position_means(&position_arrays(animals, key)))
}

/// Run-level values of each declared measure across animals.
pub fn aggregate(measures: &[MeasureSpec], animals: &[Map<String, Value>]) -> Map<String, Value> {
    let mut out = Map::new();
    for measure in measures {
        let name = measure.name();
        match measure {
            MeasureSpec::ResponseProbability { .. } => {
                out.insert(name.into(), mean(numbers(animals, name)));
                out.insert(format!("{name}_curve"), curve(animals, &format!("{name}_per_stimulus")));
            }
            MeasureSpec::ChemotaxisIndex { .. } => {
                let scores: Vec<f64> = numbers(animals, &format!("{name}_score")).collect();
                let attracted = scores.iter().filter(|&&s| s > 0.0).count() as f64;
                let control = scores.iter().filter(|&&s| s < 0.0).count() as f64;
                let total = scores.len() as f64;
                // Bargmann, Hartwieg & Horvitz 1993: (A - C) / N over all animals.
                out.insert(format!("{name}_bargmann"), if total > 0.0 { json!((attracted - control) / total) } else { Value::Null });
                // The variant used by some later papers: (A - C) / (A + C).
                out.insert(format!("{name}_a_minus_c_over_a_plus_c"), if attracted + control > 0.0 { json!((attracted - control) / (attracted + control)) } else { Value::Null });
                out.insert(format!("{name}_counts"), json!({"attractant": attracted, "control": control, "total": total}));
            }
            MeasureSpec::EscapeDisk { .. } => {
                out.insert(format!("{name}_fraction"), mean(numbers(animals, name)));
                out.insert(format!("{name}_mean_time_s"), mean(numbers(animals, &format!("{name}_time_s"))));
            }
            MeasureSpec::ReversalRate { .. } => {
                out.insert(name.into(), mean(numbers(animals, name)));
                out.insert(format!("{name}_per_bin"), curve(animals, &format!("{name}_per_bin")));
            }
            MeasureSpec::TimeInNoxious { .. } | MeasureSpec::FoodLeaving { .. } | MeasureSpec::TemperatureDeviation { .. } | MeasureSpec::MeanTemperature { .. } => {
                out.insert(name.into(), mean(numbers(animals, name)));
            }
            MeasureSpec::PirouetteRate { .. } | MeasureSpec::Weathervane { .. } => {
                out.insert(name.into(), mean(numbers(animals, name)));
                out.insert(format!("{name}_per_bin"), curve(animals, &format!("{name}_per_bin")));
            }
            MeasureSpec::LoomEscape { .. } => {
                // Pooled over every loom of every animal, and the animals' mean.
                let pooled = |key: String| mean(animals.iter().filter_map(|a| a.get(&key)?.as_array().cloned()).flatten().filter_map(|v| v.as_f64()));
                out.insert(format!("{name}_pooled"), pooled(format!("{name}_per_loom")));
                out.insert(format!("{name}_latency_pooled_s"), pooled(format!("{name}_latency_per_loom_s")));
                out.insert(name.into(), mean(numbers(animals, name)));
                out.insert(format!("{name}_latency_s"), mean(numbers(animals, &format!("{name}_latency_s"))));
            }
            MeasureSpec::PerformanceIndex { .. } => {
                // Tully & Quinn 1985: PI = (N_CS- - N_CS+) / N over the flies in either arm.
                let choices: Vec<f64> = numbers(animals, name).collect();
                let avoided = choices.iter().filter(|&&c| c > 0.0).count() as f64;
                let chose_cs_plus = choices.iter().filter(|&&c| c < 0.0).count() as f64;
                let n = avoided + chose_cs_plus;
                out.insert(name.into(), if n > 0.0 { json!((avoided - chose_cs_plus) / n) } else { Value::Null });
                out.insert(format!("{name}_counts"), json!({"cs_minus": avoided, "cs_plus": chose_cs_plus, "neither": animals.len() as f64 - n}));
            }
            MeasureSpec::TimeInZones { zones, .. } => {
                for zone in zones {
                    let key = format!("{name}_{}", zone.name);
                    out.insert(key.clone(), mean(numbers(animals, &key)));
                }
            }
        }
    }
    out
}
