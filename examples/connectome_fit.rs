//! Reproducible search over the connectome brain's GLOBAL parameters (never per-synapse weights):
//! each `key=value` argument replaces `key: <number>` in the brain file; every combination of the
//! given values (every occurrence of the key, so both proprioception entries move together) is run in closed loop with B-type (forward) and A-type (backward) motor neurons
//! stimulated, and the signed net displacement along the initial heading is printed.
//!
//! `cargo run --release --example connectome_fit -- [--seconds 20] key=v1,v2 ...`

use ett::runner::{run, RunRequest};
use std::path::{Path, PathBuf};

fn set(text: &str, key: &str, value: &str) -> String {
    let needle = format!("{key}: ");
    assert!(text.contains(&needle), "no `{key}` in the brain file");
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let start = at + needle.len();
        let end = start + rest[start..].find([',', ')', '\n']).unwrap();
        out.push_str(&rest[..start]);
        out.push_str(value);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Signed displacement of the centroid along +x (the head starts pointing to +x) over the run.
fn displacement(root: &Path, brain_text: &str, stimulate: &str, seconds: f64, dir: &Path, tag: &str) -> (f64, f64) {
    let brain = dir.join(format!("{tag}.ron"));
    let tables = root.join("brains/celegans").display().to_string();
    let text = brain_text.replace("tables: \".\"", &format!("tables: \"{tables}\"")).replace("stimulate: []", &format!("stimulate: [{stimulate}]"));
    std::fs::write(&brain, text).unwrap();
    let task = dir.join("task.ron");
    std::fs::write(&task, std::fs::read_to_string(root.join("tasks/worm/crawl.ron")).unwrap()
        .replace("\"../../", &format!("\"{}/", root.display()))
        .replace("heading_deg: None, position_jitter_mm: 1.0", "heading_deg: Some(0.0), position_jitter_mm: 0.0")).unwrap();
    let out = dir.join(format!("out_{tag}"));
    let outcome = run(&RunRequest { task, brain: Some(brain), seed: 1, animals: 1, out: Some(out.clone()), duration_s: Some(seconds), threads: Some(1), progress: false, command: vec![], perturbations: Default::default() }).unwrap();
    let csv = std::fs::read_to_string(out.join("animal_000/trajectory.csv")).unwrap();
    let row = |l: &str| l.split(',').map(|v| v.parse::<f64>().unwrap()).collect::<Vec<_>>();
    let (first, last) = (row(csv.lines().nth(1).unwrap()), row(csv.lines().last().unwrap()));
    (last[3] - first[3], outcome.summary["body_bend_frequency_hz"].as_f64().unwrap_or(f64::NAN))
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut seconds = 20.0;
    if let Some(i) = args.iter().position(|a| a == "--seconds") {
        seconds = args[i + 1].parse().unwrap();
        args.drain(i..i + 2);
    }
    let mut stims: Vec<(String, String)> = Vec::new();
    while let Some(i) = args.iter().position(|a| a == "--stim") {
        // LABEL=NEURON,NEURON@CURRENT_PA, e.g. anterior=ALML,ALMR,AVM@300
        let (label, rest) = args[i + 1].split_once('=').expect("--stim LABEL=NEURONS@PA");
        let (neurons, pa) = rest.split_once('@').expect("--stim LABEL=NEURONS@PA");
        let list: Vec<String> = neurons.split(',').map(|n| format!("\"{n}\"")).collect();
        stims.push((label.to_string(), format!("(neurons: [{}], start_s: 0.0, duration_s: 1000.0, current_pa: {pa})", list.join(", "))));
        args.drain(i..i + 2);
    }
    if stims.is_empty() {
        let pa = std::env::var("STIM_PA").unwrap_or("20.0".into());
        stims.push(("forward".into(), format!("(neurons: [\"DB*\", \"VB*\"], start_s: 0.0, duration_s: 1000.0, current_pa: {pa})")));
        stims.push(("backward".into(), format!("(neurons: [\"DA*\", \"VA*\"], start_s: 0.0, duration_s: 1000.0, current_pa: {pa})")));
    }
    let brain_path = std::env::var("BRAIN").map(PathBuf::from).unwrap_or(root.join("brains/celegans/connectome.ron"));
    let base = std::fs::read_to_string(brain_path).unwrap();
    let grid: Vec<(String, Vec<String>)> = args.iter().map(|a| {
        let (k, v) = a.split_once('=').expect("key=v1,v2");
        (k.to_string(), v.split(',').map(str::to_string).collect())
    }).collect();
    let dir = tempfile::tempdir().unwrap();
    let total: usize = grid.iter().map(|(_, v)| v.len()).product();
    let header: Vec<String> = stims.iter().map(|(l, _)| format!("{l}_mm  {l}_hz")).collect();
    println!("{}  {}", grid.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join("  "), header.join("  "));
    for combo in 0..total {
        let (mut text, mut rest, mut label) = (base.clone(), combo, Vec::new());
        for (k, values) in &grid {
            let v = &values[rest % values.len()];
            rest /= values.len();
            text = set(&text, k, v);
            label.push(v.clone());
        }
        let results: Vec<String> = stims.iter().map(|(tag, stim)| {
            let (mm, hz) = displacement(&root, &text, stim, seconds, dir.path(), tag);
            format!("{mm:+.3}  {hz:.2}")
        }).collect();
        println!("{}  {}", label.join("  "), results.join("  "));
    }
}
