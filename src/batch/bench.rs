//! `ett bench batch`: a sweep run as a benchmark, printing episodes per hour, simulated hours per
//! hour and the share of the worker threads kept busy (CPU time / (wall time x threads)).

use super::{run_batch, BatchError, BatchRequest, Shard};
use std::fmt::Write as _;
use std::path::Path;

/// Runs `sweep` into a fresh folder under `out_root` and reports its throughput.
pub fn run(sweep: &Path, out_root: &Path, threads: usize, command: &[String]) -> Result<String, BatchError> {
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let out = out_root.join(format!("run-{stamp}-{}", std::process::id()));
    let request = BatchRequest { sweep: sweep.to_path_buf(), out: out.clone(), resume: false, shard: Shard::ALL, threads, progress: true, command: command.to_vec() };
    let outcome = run_batch(&request)?;
    let plan = super::merge::read_plan(&out)?;
    let mut simulated_s = 0.0;
    for key in plan.unique_keys() {
        let result = super::store::read_result(&out, key)?;
        simulated_s += result["duration_s"].as_f64().unwrap_or(0.0) * plan.animals as f64;
    }
    let episodes = outcome.ran * plan.animals;
    let threads = if threads == 0 { crate::bench::cpu_time::cores() } else { threads };
    let hours = outcome.wall_time_s / 3600.0;
    let mut s = String::new();
    let _ = writeln!(s, "sweep {} ({} variants x {} tasks x {} seeds, {} animals per job) into {}", sweep.display(), plan.variants.len(), plan.tasks.len(), plan.seeds.len(), plan.animals, out.display());
    let _ = writeln!(s, "jobs run             {}", outcome.ran);
    let _ = writeln!(s, "episodes             {episodes} ({:.0} simulated s in all)", simulated_s);
    let _ = writeln!(s, "wall time            {:.1} s on {threads} threads ({} cores), of which jobs {:.1} s (the rest: planning, which builds every variant once)", outcome.wall_time_s, crate::bench::cpu_time::cores(), outcome.jobs_wall_time_s);
    let _ = writeln!(s, "episodes per hour    {:.0} (jobs alone: {:.0})", episodes as f64 / hours, episodes as f64 / (outcome.jobs_wall_time_s / 3600.0));
    let _ = writeln!(s, "simulated h per hour {:.1}", simulated_s / 3600.0 / hours);
    let _ = writeln!(s, "CPU time             {:.1} s (user + system), of which jobs {:.1} s", outcome.cpu_time_s, outcome.jobs_cpu_time_s);
    let _ = writeln!(s, "CPU busy share       {:.1}% of {threads} threads ({:.1}% during the jobs); other processes on the machine lower it", 100.0 * outcome.cpu_time_s / (outcome.wall_time_s * threads as f64), 100.0 * outcome.jobs_cpu_time_s / (outcome.jobs_wall_time_s * threads as f64));
    let _ = writeln!(s, "machine load         {}", std::fs::read_to_string("/proc/loadavg").map_or_else(|_| "unknown".into(), |l| format!("{} (1, 5, 15 min load averages at the end)", l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))));
    Ok(s)
}
