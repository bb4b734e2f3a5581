//! `Track`: one animal's path, the single input type of every metric, whether the animal was simulated
//! or filmed. Built from the simulated trajectory and from every reader.

use std::collections::BTreeMap;

use crate::record::trajectory::Trajectory;

/// One animal's track, sampled at (not necessarily regular) times.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Track {
    /// Animal identifier (file name, WCON id, simulated animal index).
    pub id: String,
    /// Sample times, increasing.
    pub times_s: Vec<f64>,
    /// Centroid at each sample.
    pub centroid_mm: Vec<[f64; 2]>,
    /// Head tip at each sample, when the tracker knows which end is the head.
    pub head_mm: Option<Vec<[f64; 2]>>,
    /// Midline from head to tail at each sample, same number of points in every frame.
    pub midlines_mm: Option<Vec<Vec<[f64; 2]>>>,
    /// Per-frame annotations by name (e.g. `concentration`, `on_food`, `tap`): one value per sample.
    pub annotations: BTreeMap<String, Vec<f64>>,
}

impl Track {
    /// A track with times and centroids only.
    pub fn from_centroids(id: impl Into<String>, times_s: Vec<f64>, centroid_mm: Vec<[f64; 2]>) -> Self {
        Track { id: id.into(), times_s, centroid_mm, ..Default::default() }
    }

    /// The simulated animal's recorded trajectory as a track (head, centroid, midlines).
    pub fn from_trajectory(id: impl Into<String>, trajectory: &Trajectory) -> Self {
        let rows = &trajectory.rows;
        let has_midlines = rows.first().is_some_and(|r| r.midline_mm.len() >= 2);
        Track {
            id: id.into(),
            times_s: rows.iter().map(|r| r.time_s).collect(),
            centroid_mm: rows.iter().map(|r| r.centroid_mm).collect(),
            head_mm: Some(rows.iter().map(|r| r.head_mm).collect()),
            midlines_mm: has_midlines.then(|| rows.iter().map(|r| r.midline_mm.clone()).collect()),
            annotations: BTreeMap::new(),
        }
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.times_s.len()
    }

    /// True when the track has no samples.
    pub fn is_empty(&self) -> bool {
        self.times_s.is_empty()
    }

    /// Time from first to last sample.
    pub fn duration_s(&self) -> f64 {
        match (self.times_s.first(), self.times_s.last()) {
            (Some(a), Some(b)) => b - a,
            _ => 0.0,
        }
    }

    /// Median sampling interval (robust to dropped frames).
    pub fn median_dt_s(&self) -> f64 {
        let mut dts: Vec<f64> = self.times_s.windows(2).map(|w| w[1] - w[0]).filter(|d| *d > 0.0).collect();
        median(&mut dts)
    }

    /// Median midline length, the body length used to normalise speeds (None without midlines).
    pub fn body_length_mm(&self) -> Option<f64> {
        let mids = self.midlines_mm.as_ref()?;
        let mut lengths: Vec<f64> = mids.iter().map(|m| crate::scoring::gait::midline_length_mm(m)).filter(|l| l.is_finite() && *l > 0.0).collect();
        (!lengths.is_empty()).then(|| median(&mut lengths))
    }

    /// Unit vector from tail to head at each sample: from the midline ends, else from centroid to head;
    /// None when the track carries neither (orientation unknown, speeds cannot be signed).
    pub fn head_direction(&self) -> Option<Vec<[f64; 2]>> {
        let raw: Vec<[f64; 2]> = if let Some(mids) = &self.midlines_mm {
            mids.iter().map(|m| match (m.first(), m.last()) {
                (Some(h), Some(t)) => [h[0] - t[0], h[1] - t[1]],
                _ => [f64::NAN, f64::NAN],
            }).collect()
        } else if let Some(heads) = &self.head_mm {
            heads.iter().zip(&self.centroid_mm).map(|(h, c)| [h[0] - c[0], h[1] - c[1]]).collect()
        } else {
            return None;
        };
        Some(raw.into_iter().map(|v| {
            let n = v[0].hypot(v[1]);
            if n > 0.0 { [v[0] / n, v[1] / n] } else { [f64::NAN, f64::NAN] }
        }).collect())
    }

    /// A per-frame annotation by name.
    pub fn annotation(&self, name: &str) -> Option<&[f64]> {
        self.annotations.get(name).map(|v| v.as_slice())
    }

    /// Times at which an annotation rises from zero to non-zero: stimulus onsets from a per-frame flag.
    pub fn onsets_s(&self, name: &str) -> Vec<f64> {
        let Some(series) = self.annotation(name) else { return Vec::new() };
        let mut out = Vec::new();
        let mut previous = 0.0f64;
        for (k, &v) in series.iter().enumerate() {
            if v != 0.0 && v.is_finite() && (previous == 0.0 || !previous.is_finite()) {
                out.push(self.times_s[k]);
            }
            previous = v;
        }
        out
    }

    /// The frames `range` of the track (annotations included), e.g. one phase of a task.
    pub fn slice(&self, range: std::ops::Range<usize>) -> Track {
        Track {
            id: self.id.clone(),
            times_s: self.times_s[range.clone()].to_vec(),
            centroid_mm: self.centroid_mm[range.clone()].to_vec(),
            head_mm: self.head_mm.as_ref().map(|h| h[range.clone()].to_vec()),
            midlines_mm: self.midlines_mm.as_ref().map(|m| m[range.clone()].to_vec()),
            annotations: self.annotations.iter().map(|(k, v)| (k.clone(), v[range.clone()].to_vec())).collect(),
        }
    }

    /// A field (position, time) sampled where the animal senses it: at the head tip when the track
    /// knows it, else at the centroid.
    pub fn sample_at_head(&self, field: impl Fn([f64; 2], f64) -> f64) -> Vec<f64> {
        let points = self.head_mm.as_ref().unwrap_or(&self.centroid_mm);
        points.iter().zip(&self.times_s).map(|(&p, &t)| field(p, t)).collect()
    }

    /// Index of the first sample at or after `t_s` (len() when none).
    pub fn index_at(&self, t_s: f64) -> usize {
        self.times_s.partition_point(|&t| t < t_s)
    }
}

/// Median of finite values (NaN when there are none); sorts its argument.
pub fn median(values: &mut Vec<f64>) -> f64 {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n % 2 == 1 { values[n / 2] } else { 0.5 * (values[n / 2 - 1] + values[n / 2]) }
}

/// Arithmetic mean of the finite values (NaN when none).
pub fn mean(values: &[f64]) -> f64 {
    let (s, n) = values.iter().filter(|v| v.is_finite()).fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { f64::NAN } else { s / n as f64 }
}
