//! `ett batch --threads 1` runs one job at a time (CPU time of the process about equal to wall time),
//! and the same jobs on two workers give the same results. Its own test binary, because CPU time is
//! counted per process and tests in one binary run side by side.

mod common;
use common::batch::{request, results, write_sweep};
use ett::batch::{self, BatchRequest, Shard};

#[test]
fn one_worker_thread_runs_one_job_at_a_time() {
    // Regression: each job built a rayon pool of its own, and a batch worker waiting on it stole the
    // next job, so `--threads 1` ran about 1.3 jobs at once (CPU time 130% of wall time).
    let dir = tempfile::tempdir().unwrap();
    let sweep = write_sweep(dir.path(), 11.0, r#"AblateEach(["AVAL", "AVBL", "ALML"]),"#);
    let out = dir.path().join("one");
    let outcome = batch::run_batch(&BatchRequest { threads: 1, ..request(&sweep, &out, Shard::ALL, false) }).unwrap();
    assert_eq!(outcome.ran, 4);
    assert!(outcome.jobs_cpu_time_s < 1.1 * outcome.jobs_wall_time_s, "CPU {} s in {} s of wall time on one worker", outcome.jobs_cpu_time_s, outcome.jobs_wall_time_s);
    // The same jobs on two workers (longest first) give the same results.
    let two = dir.path().join("two");
    batch::run_batch(&request(&sweep, &two, Shard::ALL, false)).unwrap();
    assert_eq!(results(&out), results(&two));
}
