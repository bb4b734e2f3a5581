//! The suite's SVG plots: each task's tracks over its arena's field, simulated against reference values
//! per metric, and response-per-stimulus (habituation) curves.

use super::error::Result;
use super::evaluate::{label, Evaluation};
use super::population::Population;
use super::svg::Canvas;
use crate::arena::fields::ScalarField;
use crate::config::environment_spec::{EnvironmentSpec, ZoneShape};
use crate::config::load_ron;
use crate::record::write_atomic;
use crate::task::{position_arrays, position_means};
use std::path::Path;

/// At most this many points per drawn track (long tracks are thinned evenly).
const MAX_POINTS: usize = 1500;
const COLOURS: [&str; 6] = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"];

/// Writes every plot under `dir/plots/` and returns their paths relative to `dir`.
pub fn write_plots(dir: &Path, populations: &[Population], evaluation: &Evaluation) -> Result<Vec<String>> {
    let plots_dir = dir.join("plots");
    std::fs::create_dir_all(&plots_dir).map_err(|source| crate::record::RecordError { path: plots_dir.clone(), source })?;
    let mut written = Vec::new();
    let mut save = |name: String, svg: String| -> Result<()> {
        write_atomic(&plots_dir.join(&name), svg.as_bytes())?;
        written.push(format!("plots/{name}"));
        Ok(())
    };
    for p in populations {
        save(format!("tracks_{}.svg", p.task), tracks(p))?;
        if let Some(svg) = habituation(p) {
            save(format!("habituation_{}.svg", p.task), svg)?;
        }
    }
    for (k, m) in evaluation.metrics.iter().enumerate() {
        save(format!("metric_{k:02}_{}.svg", m.entry.metric), metric(m))?;
    }
    Ok(written)
}

fn tracks(p: &Population) -> String {
    let points: Vec<[f64; 2]> = p.animals.iter().flat_map(|a| a.track.centroid_mm.iter().copied()).collect();
    let env = p.environment.as_deref().and_then(|e| load_ron::<EnvironmentSpec>(e).ok());
    let mut lo = [f64::INFINITY; 2];
    let mut hi = [f64::NEG_INFINITY; 2];
    let mut grow = |x: f64, y: f64, r: f64| {
        lo = [lo[0].min(x - r), lo[1].min(y - r)];
        hi = [hi[0].max(x + r), hi[1].max(y + r)];
    };
    points.iter().for_each(|q| grow(q[0], q[1], 1.0));
    if let Some(env) = &env {
        env.spec.food.iter().for_each(|f| grow(f.center_mm.0, f.center_mm.1, f.radius_mm));
        for z in &env.spec.noxious {
            match z.shape {
                ZoneShape::Disk { center_mm, radius_mm } => grow(center_mm.0, center_mm.1, radius_mm),
                ZoneShape::Ring { center_mm, outer_radius_mm, .. } => grow(center_mm.0, center_mm.1, outer_radius_mm),
            }
        }
    }
    // Square view so that circles stay round.
    let half = 0.5 * (hi[0] - lo[0]).max(hi[1] - lo[1]);
    let centre = [0.5 * (lo[0] + hi[0]), 0.5 * (lo[1] + hi[1])];
    let (xr, yr) = ((centre[0] - half, centre[0] + half), (centre[1] - half, centre[1] + half));
    let mut c = Canvas::new(600.0, 600.0, xr, yr);
    if let Some(env) = &env {
        let field = env.spec.chemicals.first().map(|ch| (ch.field.clone(), format!("{} ({})", ch.name, ch.units))).or_else(|| env.spec.temperature_c.clone().map(|t| (t, "temperature (C)".into())));
        if let Some((spec, name)) = field.and_then(|(f, n)| ScalarField::new(&f).ok().map(|s| (s, n))) {
            heat_map(&mut c, &spec, xr, yr);
            let when = if spec.is_intermittent() { ", mean of 10 s" } else { "" };
            c.text_px(330.0, 20.0, &format!("field: {name}{when}, darker = higher"), 11.0);
        }
        for f in &env.spec.food {
            c.circle(f.center_mm, Some(f.radius_mm), 0.0, "#2ca02c", "none");
        }
        for z in &env.spec.noxious {
            if let ZoneShape::Ring { center_mm, inner_radius_mm, outer_radius_mm } = z.shape {
                c.circle(center_mm, Some(inner_radius_mm), 0.0, "#d62728", "none");
                c.circle(center_mm, Some(outer_radius_mm), 0.0, "#d62728", "none");
            } else if let ZoneShape::Disk { center_mm, radius_mm } = z.shape {
                c.circle(center_mm, Some(radius_mm), 0.0, "#d62728", "none");
            }
        }
    }
    for (i, a) in p.animals.iter().enumerate() {
        let step = (a.track.centroid_mm.len() / MAX_POINTS).max(1);
        let line: Vec<(f64, f64)> = a.track.centroid_mm.iter().step_by(step).map(|q| (q[0], q[1])).collect();
        c.polyline(&line, COLOURS[i % COLOURS.len()], 1.0);
        if let Some(start) = line.first() {
            c.circle(*start, None, 2.5, "black", "black");
        }
    }
    c.axes(&format!("{}: {} tracks of {} (centroid; dot = start)", p.task, p.animals.len(), p.brain), "x (mm)", "y (mm)");
    c.finish()
}

fn heat_map(c: &mut Canvas, field: &ScalarField, xr: (f64, f64), yr: (f64, f64)) {
    const N: usize = 40;
    let cell = |i: usize, r: (f64, f64)| r.0 + (r.1 - r.0) * i as f64 / N as f64;
    // An intermittent field at one instant is a scatter of puffs: draw its mean over 10 s instead.
    let times: Vec<f64> = if field.is_intermittent() { (0..50).map(|i| 0.2 * i as f64).collect() } else { vec![0.0] };
    let at = |p: [f64; 2]| times.iter().map(|&t| field.value(p, t)).sum::<f64>() / times.len() as f64;
    let values: Vec<f64> = (0..N * N).map(|k| at([cell(k % N, xr) + 0.5 * (xr.1 - xr.0) / N as f64, cell(k / N, yr) + 0.5 * (yr.1 - yr.0) / N as f64])).collect();
    let (min, max) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    if !(max > min) {
        return;
    }
    for (k, v) in values.iter().enumerate() {
        let (i, j) = (k % N, k / N);
        c.rect((cell(i, xr), cell(j, yr)), (cell(i + 1, xr), cell(j + 1, yr)), "#e6a100", 0.6 * (v - min) / (max - min));
    }
}

fn metric(m: &super::evaluate::MetricResult) -> String {
    let (centre, margin) = m.reference;
    let band = if margin.is_finite() { (centre - margin, centre + margin) } else { (centre, centre) };
    let lo = m.values.iter().copied().fold(band.0.min(m.ci95.0.min(m.mean)), f64::min);
    let hi = m.values.iter().copied().fold(band.1.max(m.ci95.1.max(m.mean)), f64::max);
    let pad = 0.1 * (hi - lo).max(1e-6);
    let mut c = Canvas::new(640.0, 260.0, (lo - pad, hi + pad), (0.0, 3.0));
    c.rect((band.0, 2.0), (band.1, 2.8), "#2ca02c", 0.35);
    c.polyline(&[(centre, 2.0), (centre, 2.8)], "#2ca02c", 2.0);
    // A direction or per-animal reference has no margin: the line is the sign boundary or the real mean.
    let tolerance = if margin.is_finite() { format!(" +- {margin:.3}") } else { String::new() };
    c.text_px(60.0, 75.0, &format!("reference {centre:.3}{tolerance} ({})", m.entry.citation), 10.0);
    for (i, v) in m.values.iter().enumerate() {
        // Deterministic vertical jitter so that equal values stay visible.
        let y = 0.3 + 1.2 * ((i * 37) % 20) as f64 / 20.0;
        c.circle((*v, y), None, 3.0, COLOURS[0], COLOURS[0]);
    }
    c.polyline(&[(m.ci95.0, 1.7), (m.ci95.1, 1.7)], "black", 2.0);
    c.circle((m.mean, 1.7), None, 4.0, "black", "black");
    c.axes(&format!("{} ({}; {})", label(&m.entry), m.task, if m.pass { "pass" } else { "FAIL" }), &format!("{} - simulated animals (dots), mean and 95% CI (black), reference (green)", m.entry.units), "");
    c.finish()
}

fn habituation(p: &Population) -> Option<String> {
    let key = p.animals.first()?.measures.keys().find(|k| k.ends_with("_per_stimulus"))?.clone();
    let measures: Vec<_> = p.animals.iter().map(|a| a.measures.clone()).collect();
    let arrays = position_arrays(&measures, &key);
    let length = arrays.iter().map(Vec::len).max()?;
    // Blanks (stimuli given during a reversal) are skipped at their own stimulus number.
    let curve: Vec<(f64, f64)> = position_means(&arrays).iter().enumerate().filter_map(|(i, m)| m.map(|m| ((i + 1) as f64, m))).collect();
    let mut c = Canvas::new(640.0, 360.0, (0.5, length as f64 + 0.5), (0.0, 1.0));
    c.polyline(&curve, COLOURS[0], 2.0);
    for &point in &curve {
        c.circle(point, None, 3.0, COLOURS[0], COLOURS[0]);
    }
    c.axes(&format!("{}: fraction of {} animals responding, per stimulus ({})", p.task, arrays.len(), p.brain), "stimulus number", "response probability");
    Some(c.finish())
}
