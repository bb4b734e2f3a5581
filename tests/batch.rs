//! `ett batch`: shards merged equal one unsharded run row for row; a batch killed with SIGKILL and
//! resumed runs every job exactly once and gives the results of an uninterrupted run; a sweep naming
//! an unknown parameter fails before any job runs. Short episodes and two animals keep it fast.

mod common;
use common::batch::{read, request, results, write_sweep};
use common::root;
use ett::batch::{self, store, Shard};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn assert_same_summary(a: &Path, b: &Path) {
    for file in ["measures.csv", "ranking.csv"] {
        assert_eq!(read(&a.join("summary").join(file)), read(&b.join("summary").join(file)), "summary/{file} differs between {} and {}", a.display(), b.display());
    }
    assert_eq!(results(a), results(b), "job results differ between {} and {}", a.display(), b.display());
}

#[test]
fn shards_merged_equal_the_unsharded_run_row_for_row() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = write_sweep(dir.path(), 11.0, r#"AblateEach(["AVAL", "AVBL", "ALML"]), Grid([(path: "model.neuron.gap_conductance_ps", values: [20.0])]),"#);
    let whole = dir.path().join("whole");
    let outcome = batch::run_batch(&request(&sweep, &whole, Shard::ALL, false)).unwrap();
    assert_eq!((outcome.jobs_in_plan, outcome.ran), (5, 5));
    let summary = outcome.summary.expect("an unsharded batch is complete");
    let reversal_rows = summary.measures.iter().filter(|r| r.measure == "reversal_probability").count();
    assert_eq!(reversal_rows, 5, "one row per variant: {:?}", summary.measures);
    assert_eq!(summary.ranking.len(), 4, "every variant but the intact brain is ranked: {:?}", summary.ranking);

    let shards: Vec<PathBuf> = (1..=3).map(|i| dir.path().join(format!("shard{i}"))).collect();
    let mut seen = BTreeSet::new();
    for (i, out) in shards.iter().enumerate() {
        let outcome = batch::run_batch(&request(&sweep, out, Shard { index: i + 1, count: 3 }, false)).unwrap();
        assert!(outcome.summary.is_none(), "a shard holds only part of the jobs");
        for key in store::finished_keys(out).unwrap() {
            assert!(seen.insert(key.clone()), "job {key} is in two shards");
        }
    }
    assert_eq!(seen.len(), 5, "the shards together hold every job");
    let merged = dir.path().join("merged");
    let outcome = batch::merge(&shards, &merged).unwrap();
    assert!(outcome.missing.is_empty() && outcome.copied == 5, "{outcome:?}");
    assert_same_summary(&whole, &merged);
}

#[test]
fn a_killed_batch_resumes_without_losing_or_repeating_a_job() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = write_sweep(dir.path(), 25.0, r#"AblateEach(["AVAL", "AVAR", "AVBL", "AVBR", "ALML", "ALMR", "PVCL"]),"#);
    let out = dir.path().join("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ett"))
        .args(["batch", sweep.to_str().unwrap(), "--out", out.to_str().unwrap(), "--threads", "1"])
        .stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    while store::finished_keys(&out).map_or(0, |k| k.len()) < 2 {
        assert!(Instant::now() < deadline, "no two jobs finished within 300 s");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = results(&out);
    assert!(before.len() < 8, "the batch finished all 8 jobs before it was killed; the test needs longer jobs");
    for entry in std::fs::read_dir(store::jobs_dir(&out)).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(name.starts_with(".staging-") || store::is_finished(&out, &name), "`{name}` looks like a job but has no result");
    }

    let refused = batch::run_batch(&request(&sweep, &out, Shard::ALL, false)).unwrap_err().to_string();
    assert!(refused.contains("--resume"), "{refused}");
    let outcome = batch::run_batch(&request(&sweep, &out, Shard::ALL, true)).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&read(&outcome.manifest)).unwrap();
    let keys = |field: &str| manifest[field].as_array().unwrap().iter().map(|k| k.as_str().unwrap().to_string()).collect::<BTreeSet<_>>();
    let finished_before: BTreeSet<String> = before.iter().map(|(k, _)| k.clone()).collect();
    assert_eq!(keys("skipped"), finished_before, "the resumed batch skips exactly the jobs finished before the kill");
    assert!(keys("ran").is_disjoint(&finished_before) && keys("ran").len() + finished_before.len() == 8, "every job runs exactly once: {manifest}");
    for (key, text) in &before {
        assert_eq!(&read(&store::job_dir(&out, key).join("result.json")), text, "finished job {key} was touched by the resume");
    }
    assert!(std::fs::read_dir(store::jobs_dir(&out)).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().starts_with(".staging-")), "staging folders are cleared");

    let uninterrupted = dir.path().join("uninterrupted");
    batch::run_batch(&request(&sweep, &uninterrupted, Shard::ALL, false)).unwrap();
    assert_same_summary(&uninterrupted, &out);
}

#[test]
fn a_sweep_naming_an_unknown_parameter_is_rejected_before_any_job_runs() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (r#"Grid([(path: "model.neuron.gap_conductance_pS", values: [20.0])]),"#, "no field `gap_conductance_pS` at `model.neuron`"),
        (r#"Variant(name: "typo", parameters: [(path: "model.encoders.99.gain_pa", value: 1.0)]),"#, "no index 99"),
        (r#"Variant(name: "wrong_type", parameters: [(path: "model.neuron.gap_conductance_ps", value: "high")]),"#, "does not accept"),
        (r#"Variant(name: "body", parameters: [(path: "body.segments", value: 12)]),"#, "names no `body` file"),
        (r#"AblateEach(["AVAL", "NOTANEURON"]),"#, "NOTANEURON"),
    ];
    for (variants, expected) in cases {
        let sweep = write_sweep(dir.path(), 5.0, variants);
        let out = dir.path().join("out");
        let err = batch::run_batch(&request(&sweep, &out, Shard::ALL, false)).unwrap_err().to_string();
        assert!(err.contains(expected) && err.contains(&sweep.display().to_string()), "{variants}: {err}");
        assert!(err.contains("sweep.ron:9:"), "the error gives the sweep file's line: {err}");
        assert!(!out.exists(), "{variants}: the batch wrote {} before rejecting the sweep", out.display());
    }
    // The command line exits non-zero with the same message.
    let sweep = write_sweep(dir.path(), 5.0, cases[0].0);
    let run = Command::new(env!("CARGO_BIN_EXE_ett")).args(["batch", sweep.to_str().unwrap(), "--out", dir.path().join("cli").to_str().unwrap()]).output().unwrap();
    assert!(!run.status.success() && String::from_utf8_lossy(&run.stderr).contains("gap_conductance_pS"), "{run:?}");
}

#[test]
fn every_shipped_sweep_plans_its_variants_and_jobs() {
    let touch = batch::Plan::load(&root().join("sweeps/touch_ablation.ron")).unwrap();
    assert_eq!((touch.variants.len(), touch.record.unique_keys().len()), (22, 22), "intact and 21 single-neuron ablations on one task");
    let bench = batch::Plan::load(&root().join("sweeps/bench_worm_suite.ron")).unwrap();
    assert_eq!(bench.record.jobs.len(), 3 * bench.record.tasks.len(), "three variants on every worm task");
    assert!(bench.record.reference.is_some());
}
