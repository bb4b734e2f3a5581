//! Helpers shared by the integration tests: project paths and small task files written on the fly.
#![allow(dead_code)]

pub mod batch;

use ett::runner::{run, RunOutcome, RunRequest};
use std::path::{Path, PathBuf};

/// The project root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An absolute path to a shipped file.
pub fn shipped(relative: &str) -> String {
    root().join(relative).display().to_string()
}

/// Writes a crawl-like task into `dir` with the given environment and brain (project-relative paths).
pub fn write_task(dir: &Path, name: &str, environment: &str, brain: &str, duration_s: f64, extra: &str) -> PathBuf {
    let text = format!(
        r#"Task(
    name: "{name}",
    description: "test task",
    body: "{body}",
    environment: "{env}",
    default_brain: "{brain}",
    duration_s: {duration_s},
    dt_control_s: 0.02,
    physics: (dt_s: 0.02, solver_iterations: 2, relaxation_steps: 4.0),
    record_every_s: 0.1,
    placement: (head_tip_mm: (0.0, 0.0), heading_deg: Some(0.0), position_jitter_mm: 0.0),
    {extra}
)"#,
        body = shipped("bodies/worm.ron"),
        env = shipped(environment),
        brain = shipped(brain),
    );
    let path = dir.join(format!("{name}.ron"));
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs a task quietly into `out`.
pub fn run_task(task: &Path, brain: Option<&Path>, animals: usize, seed: u64, threads: usize, out: &Path) -> RunOutcome {
    run_for(task, brain, animals, seed, threads, out, None)
}

/// Runs a task quietly into `out`, cut to `duration_s` when given.
pub fn run_for(task: &Path, brain: Option<&Path>, animals: usize, seed: u64, threads: usize, out: &Path, duration_s: Option<f64>) -> RunOutcome {
    run(&RunRequest {
        task: task.to_path_buf(),
        brain: brain.map(Path::to_path_buf),
        seed,
        animals,
        out: Some(out.to_path_buf()),
        duration_s,
        threads: Some(threads),
        progress: false,
        command: vec!["test".into()],
        perturbations: Default::default(),
    })
    .unwrap_or_else(|e| panic!("run of {} failed: {e}", task.display()))
}

/// A number from summary.json.
pub fn number(outcome: &RunOutcome, key: &str) -> f64 {
    outcome.summary[key].as_f64().unwrap_or_else(|| panic!("summary has no number `{key}`: {}", outcome.summary))
}

/// Replaces `from` by `to` in a file, failing the test when `from` is absent (a silent no-op edit
/// would leave the test checking nothing).
pub fn edit_file(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}
