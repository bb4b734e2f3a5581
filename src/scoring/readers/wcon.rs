//! WCON, the Worm tracker Commons Object Notation (Javier et al. 2016, openworm/tracker-commons): JSON
//! with `units` and `data`, each data record holding `id`, `t` and `x`, `y` (a number per time for a point,
//! or an array per time for a midline from head to tail), optionally centroid `cx`, `cy`. Records sharing an
//! id are one animal. Units are converted to seconds and millimetres.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Map, Value};

use crate::scoring::error::{Result, ScoringError};
use crate::scoring::track::Track;

fn time_scale(unit: &str) -> Option<f64> {
    match unit.trim() {
        "s" | "sec" | "second" | "seconds" => Some(1.0),
        "ms" | "millisecond" | "milliseconds" => Some(1e-3),
        "min" | "minute" | "minutes" => Some(60.0),
        "h" | "hour" | "hours" => Some(3600.0),
        _ => None,
    }
}

fn length_scale(unit: &str) -> Option<f64> {
    match unit.trim() {
        "mm" | "millimetre" | "millimeter" | "millimetres" | "millimeters" => Some(1.0),
        "um" | "µm" | "micron" | "microns" | "micrometre" | "micrometer" => Some(1e-3),
        "cm" => Some(10.0),
        "m" | "metre" | "meter" => Some(1e3),
        _ => None,
    }
}

/// Reads a WCON file into one track per animal id.
pub fn read_wcon(path: &Path) -> Result<Vec<Track>> {
    let text = std::fs::read_to_string(path).map_err(|source| ScoringError::Io { path: path.into(), source })?;
    parse_wcon(&text, path)
}

/// Parses WCON text; `path` only labels errors.
pub fn parse_wcon(text: &str, path: &Path) -> Result<Vec<Track>> {
    let err = |reason: String| ScoringError::Format { path: path.into(), reason };
    let root: Value = serde_json::from_str(text).map_err(|e| err(format!("not JSON: {e}")))?;
    let units = root.get("units").and_then(Value::as_object).ok_or_else(|| err("no 'units' object".into()))?;
    let unit = |key: &str| units.get(key).and_then(Value::as_str).ok_or_else(|| err(format!("units lack '{key}'")));
    let t_scale = time_scale(unit("t")?).ok_or_else(|| err(format!("unknown time unit '{}'", unit("t").unwrap_or_default())))?;
    let x_scale = length_scale(unit("x")?).ok_or_else(|| err(format!("unknown length unit for x '{}'", unit("x").unwrap_or_default())))?;
    let y_scale = length_scale(unit("y")?).ok_or_else(|| err(format!("unknown length unit for y '{}'", unit("y").unwrap_or_default())))?;
    let records: Vec<&Value> = match root.get("data") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::Object(_)) => vec![v],
        _ => return Err(err("no 'data' array".into())),
    };
    // Frames per id in time order; (t, centroid, midline)
    let mut frames: BTreeMap<String, Vec<(f64, [f64; 2], Option<Vec<[f64; 2]>>)>> = BTreeMap::new();
    for (r, record) in records.iter().enumerate() {
        let rerr = |reason: String| err(format!("data[{r}]: {reason}"));
        let id = match record.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(rerr("no 'id'".into())),
        };
        let times = as_numbers(record.get("t"), "t").map_err(&rerr)?;
        let xs = record.get("x").and_then(Value::as_array).ok_or_else(|| rerr("no 'x' array".into()))?;
        let ys = record.get("y").and_then(Value::as_array).ok_or_else(|| rerr("no 'y' array".into()))?;
        if xs.len() != times.len() || ys.len() != times.len() {
            return Err(rerr(format!("t has {} entries, x {}, y {}", times.len(), xs.len(), ys.len())));
        }
        let cx = record.get("cx").map(|v| as_numbers(Some(v), "cx")).transpose().map_err(&rerr)?;
        let cy = record.get("cy").map(|v| as_numbers(Some(v), "cy")).transpose().map_err(&rerr)?;
        let list = frames.entry(id).or_default();
        for (i, &t) in times.iter().enumerate() {
            let (points_x, points_y) = (point_list(&xs[i]).map_err(|e| rerr(format!("x[{i}]: {e}")))?, point_list(&ys[i]).map_err(|e| rerr(format!("y[{i}]: {e}")))?);
            if points_x.len() != points_y.len() || points_x.is_empty() {
                return Err(rerr(format!("x[{i}] and y[{i}] differ in length or are empty")));
            }
            let points: Vec<[f64; 2]> = points_x.iter().zip(&points_y).map(|(x, y)| [x * x_scale, y * y_scale]).collect();
            let centroid = match (&cx, &cy) {
                (Some(cx), Some(cy)) => [cx[i] * x_scale, cy[i] * y_scale],
                _ => {
                    let n = points.len() as f64;
                    [points.iter().map(|p| p[0]).sum::<f64>() / n, points.iter().map(|p| p[1]).sum::<f64>() / n]
                }
            };
            let midline = (points.len() > 1).then_some(points);
            list.push((t * t_scale, centroid, midline));
        }
    }
    let mut tracks = Vec::new();
    for (id, mut list) in frames {
        list.sort_by(|a, b| a.0.total_cmp(&b.0));
        let all_midlines = list.iter().all(|f| f.2.as_ref().is_some_and(|m| m.len() == list[0].2.as_ref().map_or(0, |m| m.len())));
        let mut track = Track::from_centroids(id, list.iter().map(|f| f.0).collect(), list.iter().map(|f| f.1).collect());
        if all_midlines && list[0].2.is_some() {
            let mids: Vec<Vec<[f64; 2]>> = list.into_iter().map(|f| f.2.unwrap_or_default()).collect();
            track.head_mm = Some(mids.iter().map(|m| m[0]).collect());
            track.midlines_mm = Some(mids);
        }
        tracks.push(track);
    }
    Ok(tracks)
}

fn as_numbers(value: Option<&Value>, what: &str) -> std::result::Result<Vec<f64>, String> {
    match value {
        Some(Value::Array(a)) => a.iter().enumerate().map(|(i, v)| number_or_null(v).ok_or_else(|| format!("{what}[{i}] is not a number"))).collect(),
        Some(v) => number_or_null(v).map(|x| vec![x]).ok_or_else(|| format!("{what} is not a number")),
        None => Err(format!("no '{what}'")),
    }
}

/// WCON writes missing values as null.
fn number_or_null(v: &Value) -> Option<f64> {
    match v {
        Value::Null => Some(f64::NAN),
        _ => v.as_f64(),
    }
}

fn point_list(v: &Value) -> std::result::Result<Vec<f64>, String> {
    match v {
        Value::Array(a) => a.iter().map(|p| number_or_null(p).ok_or_else(|| "not a number".to_string())).collect(),
        other => number_or_null(other).map(|x| vec![x]).ok_or_else(|| "not a number".to_string()),
    }
}

/// Writes tracks as WCON (seconds, millimetres): midlines as x/y arrays when present, else centroids,
/// with the centroid always in `cx`, `cy`.
pub fn write_wcon(tracks: &[Track]) -> String {
    let data: Vec<Value> = tracks.iter().map(|track| {
        let mut record = Map::new();
        record.insert("id".into(), json!(track.id));
        record.insert("t".into(), json!(track.times_s));
        let (xs, ys): (Vec<Value>, Vec<Value>) = match &track.midlines_mm {
            Some(mids) => mids.iter().map(|m| (json!(m.iter().map(|p| p[0]).collect::<Vec<_>>()), json!(m.iter().map(|p| p[1]).collect::<Vec<_>>()))).unzip(),
            None => track.centroid_mm.iter().map(|c| (json!(c[0]), json!(c[1]))).unzip(),
        };
        record.insert("x".into(), Value::Array(xs));
        record.insert("y".into(), Value::Array(ys));
        record.insert("cx".into(), json!(track.centroid_mm.iter().map(|c| c[0]).collect::<Vec<_>>()));
        record.insert("cy".into(), json!(track.centroid_mm.iter().map(|c| c[1]).collect::<Vec<_>>()));
        Value::Object(record)
    }).collect();
    let root = json!({
        "units": {"t": "s", "x": "mm", "y": "mm", "cx": "mm", "cy": "mm"},
        "metadata": {"software": {"name": "ett", "version": env!("CARGO_PKG_VERSION")}},
        "data": data,
    });
    serde_json::to_string(&root).expect("JSON values always serialise")
}
