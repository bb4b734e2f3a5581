//! One animal's track: head, centroid, heading, signed speed and the midline, sampled regularly.

/// One sample of the track.
#[derive(Debug, Clone, PartialEq)]
pub struct TrajectoryRow {
    /// Simulated time.
    pub time_s: f64,
    /// Head tip.
    pub head_mm: [f64; 2],
    /// Centroid.
    pub centroid_mm: [f64; 2],
    /// Tail-to-head direction.
    pub heading_rad: f64,
    /// Centroid speed along the heading (negative backward).
    pub signed_speed_mm_per_s: f64,
    /// Midline from head to tail.
    pub midline_mm: Vec<[f64; 2]>,
}

/// A whole track.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trajectory {
    /// Samples in time order.
    pub rows: Vec<TrajectoryRow>,
}

impl Trajectory {
    /// The track as CSV with a header naming units; midline points are `mid{k}_x_mm, mid{k}_y_mm`.
    pub fn to_csv(&self) -> Vec<u8> {
        let points = self.rows.first().map_or(0, |r| r.midline_mm.len());
        let mut out = String::from("time_s,head_x_mm,head_y_mm,centroid_x_mm,centroid_y_mm,heading_rad,signed_speed_mm_per_s");
        for k in 0..points {
            out.push_str(&format!(",mid{k:02}_x_mm,mid{k:02}_y_mm"));
        }
        out.push('\n');
        for row in &self.rows {
            out.push_str(&format!(
                "{:.4},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6}",
                row.time_s, row.head_mm[0], row.head_mm[1], row.centroid_mm[0], row.centroid_mm[1], row.heading_rad, row.signed_speed_mm_per_s
            ));
            for p in &row.midline_mm {
                out.push_str(&format!(",{:.6},{:.6}", p[0], p[1]));
            }
            out.push('\n');
        }
        out.into_bytes()
    }
}
