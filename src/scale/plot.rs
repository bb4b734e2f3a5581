//! The log-log plot of `ett scale`: operations, memory, memory traffic and spike traffic per biological
//! second, and devices needed, against the number of neurons, one line per quantity.

use super::ScaleReport;
use crate::suite::svg::Canvas;

/// The quantities plotted, with their colours.
fn series(r: &ScaleReport) -> Vec<(&'static str, &'static str, Vec<(f64, f64)>)> {
    let pick = |f: &dyn Fn(&super::Row) -> Option<f64>| -> Vec<(f64, f64)> {
        r.rows.iter().filter_map(|row| f(row).filter(|v| *v > 0.0).map(|v| (row.workload.neurons.log10(), v.log10()))).collect()
    };
    vec![
        ("operations/s", "#d62728", pick(&|row| Some(row.requirements.ops_per_s))),
        ("memory (bytes)", "#1f77b4", pick(&|row| Some(row.requirements.memory_bytes))),
        ("memory traffic (bytes/s)", "#2ca02c", pick(&|row| Some(row.requirements.traffic_bytes_per_s))),
        ("spike traffic between devices (bytes/s)", "#9467bd", pick(&|row| Some(row.spike_traffic_bytes_per_s))),
        ("devices needed", "#000000", pick(&|row| row.walls.needed)),
    ]
}

/// The SVG document.
pub fn svg(r: &ScaleReport) -> String {
    let lines = series(r);
    let all: Vec<(f64, f64)> = lines.iter().flat_map(|l| l.2.iter().copied()).collect();
    let range = |f: fn(&(f64, f64)) -> f64| {
        let lo = all.iter().map(f).fold(f64::INFINITY, f64::min).floor();
        let hi = all.iter().map(f).fold(f64::NEG_INFINITY, f64::max).ceil();
        if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) }
    };
    let (x_range, y_range) = (range(|p| p.0), range(|p| p.1));
    let mut c = Canvas::new(820.0, 560.0, x_range, y_range);
    for decade in (y_range.0 as i64 + 1)..(y_range.1 as i64) {
        c.polyline(&[(x_range.0, decade as f64), (x_range.1, decade as f64)], "#dddddd", 0.5);
    }
    for (k, (name, colour, points)) in lines.iter().enumerate() {
        c.polyline(points, colour, 2.0);
        for &p in points {
            c.circle(p, None, 3.0, colour, colour);
        }
        // Legend: a swatch of the line's colour in the top-left corner, the name beside it.
        let (dx, dy) = (x_range.1 - x_range.0, y_range.1 - y_range.0);
        let y = y_range.1 - dy * 0.05 * (k as f64 + 1.0);
        c.polyline(&[(x_range.0 + 0.02 * dx, y), (x_range.0 + 0.06 * dx, y)], colour, 3.0);
        let (px, py) = c.px(x_range.0 + 0.07 * dx, y);
        c.text_px(px, py + 4.0, name, 11.0);
    }
    for row in &r.rows {
        let (x, y) = c.px(row.workload.neurons.log10(), y_range.0);
        c.text_px(x - 10.0, y - 6.0, &row.workload.label, 9.0);
    }
    let title = format!("{} neurons, {} synapses, dt {} ms, {} Hz, on {} (log10 scales)", r.neuron.name(), r.synapse.name(), r.timing.dt_ms, r.timing.rate_hz, r.device.name);
    c.axes(&title, "log10 neurons", "log10 value");
    c.finish()
}
