//! Fixtures of the batch tests: a small sweep on anterior touch, requests and finished results.

use super::root;
use ett::batch::{store, BatchRequest, Shard};
use std::path::{Path, PathBuf};

/// A sweep on anterior touch with the connectome brain; `variants` is RON for the `variants` list.
pub fn write_sweep(dir: &Path, max_duration_s: f64, variants: &str) -> PathBuf {
    let text = format!(
        r#"Sweep(
    name: "test",
    brain: "{root}/brains/celegans/connectome.ron",
    target: Tasks(["{root}/tasks/worm/touch_anterior.ron"]),
    seeds: [1],
    animals: 2,
    max_duration_s: Some({max_duration_s}),
    variants: [
{variants}
    ],
    rank_by: Effect(task: "touch_anterior", measure: "reversal_probability"),
)
"#,
        root = root().display()
    );
    let path = dir.join("sweep.ron");
    std::fs::write(&path, text).unwrap();
    path
}

pub fn request(sweep: &Path, out: &Path, shard: Shard, resume: bool) -> BatchRequest {
    BatchRequest { sweep: sweep.to_path_buf(), out: out.to_path_buf(), resume, shard, threads: 2, progress: false, command: vec!["test".into()] }
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every finished job's result.json, by key.
pub fn results(out: &Path) -> Vec<(String, String)> {
    store::finished_keys(out).unwrap().into_iter().map(|k| { let text = read(&store::job_dir(out, &k).join("result.json")); (k, text) }).collect()
}

