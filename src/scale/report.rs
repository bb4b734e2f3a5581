//! The printed table and the files `ett scale --out DIR` writes: `scale.json` (every figure and input),
//! `scale.csv` (one row per brain), `scale.svg` (the log-scale plot) and `manifest.json`.

use super::{ScaleError, ScaleReport};
use crate::record::manifest::git_commit;
use serde_json::json;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// A number in three significant digits, scientific above 1e4.
fn sci(x: f64) -> String {
    if x.abs() >= 1e4 || (x != 0.0 && x.abs() < 1e-2) {
        format!("{x:.2e}")
    } else if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}

/// A device count, or `never` when the interconnect cannot carry the traffic at any count.
fn count(x: Option<f64>) -> String {
    x.map_or_else(|| "never".into(), sci)
}

/// The table from the smallest to the largest brain, with the model and device it assumes.
pub fn table(r: &ScaleReport) -> String {
    let mut out = String::new();
    let t = &r.timing;
    let _ = writeln!(out, "ett scale: {} neurons, {} synapses; dt {} ms, mean rate {} Hz, delay {} ms; device {} ({:?} peak)", r.neuron.name(), r.synapse.name(), t.dt_ms, t.rate_hz, t.delay_ms, r.device.name, r.precision);
    let _ = writeln!(out, "costs: {}", r.cost_source);
    let c = &r.costs;
    let _ = writeln!(
        out,
        "per neuron update {} ops, {} B moved; per neuron {} B + {} B per delay step; per delivered connection {} ops, {} B; per connection per step {} ops, {} B; per connection {} B; message {} B",
        c.ops_per_neuron_update, c.neuron_traffic_bytes_per_update, c.neuron_bytes, c.ring_bytes_per_delay_step, c.ops_per_synapse_event, c.synapse_traffic_bytes_per_event, c.ops_per_synapse_step, c.synapse_traffic_bytes_per_step, c.synapse_bytes, c.message_bytes
    );
    let _ = writeln!(out, "figures per biological second; devices needed for real time under each wall (memory, bandwidth, ops, interconnect)");
    let _ = writeln!(
        out,
        "{:<18} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6} {:>9} | {:>8} {:>8} {:>8} {:>8} {:>8}",
        "brain", "neurons", "connect.", "ops/s", "memory B", "traffic", "spike B/s", "cross", "per dev", "memory", "bandw.", "ops", "link", "needed"
    );
    for row in &r.rows {
        let (w, q, walls) = (&row.workload, &row.requirements, &row.walls);
        let _ = writeln!(
            out,
            "{:<18} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6.3} {:>9} | {:>8} {:>8} {:>8} {:>8} {:>8}",
            w.label,
            sci(w.neurons),
            sci(w.connections),
            sci(q.ops_per_s),
            sci(q.memory_bytes),
            sci(q.traffic_bytes_per_s),
            sci(row.spike_traffic_bytes_per_s),
            row.cross_fraction,
            sci(row.spike_traffic_bytes_per_s_per_device),
            sci(walls.memory),
            sci(walls.bandwidth),
            sci(walls.compute),
            count(walls.interconnect),
            count(walls.needed)
        );
    }
    if let Some(bench) = &r.bench {
        let b = &bench.workload;
        let _ = writeln!(
            out,
            "measured ({}: {} neurons, {} connections, {:.3} Hz mean rate): predicted wall seconds per biological second on that machine",
            bench.path.display(),
            b.neurons,
            b.connections,
            bench.timing.rate_hz
        );
        for row in &r.rows {
            for p in &row.measured {
                let _ = writeln!(
                    out,
                    "  {:<18} {:<36} {:>10} s/s  ({}; bench {} updates/s, {} events/s, {} B/s modelled)",
                    row.workload.label,
                    p.label,
                    sci(p.wall_s_per_bio_s),
                    p.method,
                    sci(p.neuron_updates_per_s),
                    sci(p.synaptic_events_per_s),
                    sci(p.bytes_per_s)
                );
            }
        }
    }
    out
}

fn write(path: PathBuf, text: &str) -> Result<PathBuf, ScaleError> {
    std::fs::write(&path, text).map_err(|source| ScaleError::Write { path: path.clone(), source })?;
    Ok(path)
}

/// One CSV line per brain, units in the header.
fn csv(r: &ScaleReport) -> String {
    let mut out = String::from("brain,neurons,synapses,connections,ops_per_s,memory_bytes,traffic_bytes_per_s,partitions,cross_fraction,spike_traffic_bytes_per_s,devices_memory,devices_bandwidth,devices_compute,devices_interconnect,devices_needed\n");
    let opt = |x: Option<f64>| x.map_or_else(|| "inf".to_string(), |v| v.to_string());
    for row in &r.rows {
        let (w, q, d) = (&row.workload, &row.requirements, &row.walls);
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            w.label, w.neurons, w.synapses, w.connections, q.ops_per_s, q.memory_bytes, q.traffic_bytes_per_s, row.partitions, row.cross_fraction, row.spike_traffic_bytes_per_s, d.memory, d.bandwidth, d.compute, opt(d.interconnect), opt(d.needed)
        );
    }
    out
}

/// Writes the four files into `dir` (created if absent) and returns their paths.
pub fn write_all(r: &ScaleReport, dir: &Path, command: &[String], wall_time_s: f64) -> Result<Vec<PathBuf>, ScaleError> {
    std::fs::create_dir_all(dir).map_err(|source| ScaleError::Write { path: dir.to_path_buf(), source })?;
    let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let manifest = json!({
        "ett_version": env!("CARGO_PKG_VERSION"), "git_commit": git_commit(), "command": command,
        "inputs": r.input_files.iter().map(|(path, sha256)| json!({"path": path, "sha256": sha256})).collect::<Vec<_>>(),
        "wall_time_s": wall_time_s, "written_unix_s": started,
    });
    Ok(vec![
        write(dir.join("scale.json"), &serde_json::to_string_pretty(r).expect("plain data"))?,
        write(dir.join("scale.csv"), &csv(r))?,
        write(dir.join("scale.svg"), &super::plot::svg(r))?,
        write(dir.join("manifest.json"), &serde_json::to_string_pretty(&manifest).expect("plain data"))?,
    ])
}
