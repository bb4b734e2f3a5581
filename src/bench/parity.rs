//! `ett bench parity`: a statistical parity check of ett's CPU engine against Brian2 running the same
//! Shiu et al. 2024 model on the same generated network with the same driven neurons and rate, but each
//! simulator drawing its own Poisson drive (so the trials agree only in distribution, as a real
//! replication would). Per-neuron rates averaged over trials are compared (Pearson correlation over the
//! neurons that fire in either, relative difference of the mean rates) against issue 5's targets, beside
//! the noise ceiling: the same statistics between two halves of ett's own trials.

use super::brain::generated;
use super::brian2::{self, Brian2Target};
use super::cpu_time::load_average_1min;
use super::rates::{mean, mean_rates_hz, pearson, sd, spearman_brown_doubled, trial_means_hz};
use crate::engine::cpu::CpuEngine;
use crate::engine::{EngineError, Network, RunSpec};
use serde::Serialize;
use std::fmt::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Issue 5's targets: per-neuron rates correlate at least this well...
pub const MIN_CORRELATION: f64 = 0.95;
/// ...and the mean rates differ by at most this fraction of ett's.
pub const MAX_MEAN_RATE_DIFFERENCE: f64 = 0.05;

/// What to compare.
#[derive(Debug, Clone)]
pub struct ParityBench {
    /// Neurons of the generated network.
    pub neurons: usize,
    /// Edges (connected pairs) of the generated network.
    pub edges: usize,
    /// Biological seconds per trial.
    pub seconds: f64,
    /// Trials per simulator (each with its own Poisson drive).
    pub trials: usize,
    /// Neurons given the Poisson drive.
    pub drive_neurons: usize,
    /// Rate of the drive.
    pub rate_hz: f64,
    /// Seed of the network, the driven neurons and both simulators' Poisson streams.
    pub seed: u64,
    /// How Brian2 generates code.
    pub brian2: Brian2Target,
    /// Where parity.json and Brian2's files go.
    pub out: PathBuf,
}

/// The statistics of one comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Statistics {
    /// Mean rate over all neurons and trials, ett.
    pub mean_rate_ett_hz: f64,
    /// The same, Brian2.
    pub mean_rate_brian2_hz: f64,
    /// (Brian2 - ett) / ett.
    pub mean_rate_relative_difference: f64,
    /// Standard error of that difference expected from trial-to-trial variation alone (ett's trials).
    pub mean_rate_relative_noise: f64,
    /// Neurons that fire in either simulator (the correlation's sample).
    pub neurons_firing: usize,
    /// Pearson correlation of the per-neuron mean rates over those neurons.
    pub correlation: f64,
    /// The same between ett's first and second half of trials.
    pub split_half_correlation: f64,
    /// What two independent full sets of trials would reach (Spearman-Brown): the noise ceiling.
    pub noise_ceiling_correlation: f64,
    /// Correlation over firing neurons that are not driven (the propagated activity alone).
    pub correlation_undriven: f64,
    /// Noise ceiling of that (Spearman-Brown from ett's halves).
    pub noise_ceiling_correlation_undriven: f64,
    /// Undriven neurons that fire in either simulator.
    pub undriven_firing: usize,
    /// Correlation target met.
    pub pass_correlation: bool,
    /// Mean rate target met.
    pub pass_mean_rate: bool,
}

impl Statistics {
    /// Both targets met.
    pub fn pass(&self) -> bool {
        self.pass_correlation && self.pass_mean_rate
    }
}

/// The figures of one run of the check (written to parity.json).
#[derive(Debug, Clone, Serialize)]
pub struct ParityResult {
    /// Neurons.
    pub neurons: usize,
    /// Connected pairs.
    pub edges: usize,
    /// Sum of absolute synapse counts.
    pub synapses: u64,
    /// Driven neurons.
    pub drive_neurons: usize,
    /// Drive rate.
    pub rate_hz: f64,
    /// Seconds per trial.
    pub seconds: f64,
    /// Trials per simulator.
    pub trials: usize,
    /// Seed.
    pub seed: u64,
    /// Brian2's code generation target.
    pub brian2_target: String,
    /// The comparison.
    #[serde(flatten)]
    pub stats: Statistics,
    /// ett CPU wall time for all trials.
    pub ett_wall_s: f64,
    /// Brian2's setup (code generation) wall time.
    pub brian2_setup_wall_s: f64,
    /// Brian2's run wall time for all trials.
    pub brian2_run_wall_s: f64,
    /// One-minute load average before and after.
    pub load_average_before_after: (f64, f64),
}

/// ett's CPU engine: `spec.instances` trials (one Poisson stream each); counts trial-major and the wall time.
pub fn ett_trials(net: &Network, spec: &RunSpec, steps: u32) -> Result<(Vec<u32>, f64), EngineError> {
    let t0 = Instant::now();
    let mut engine = CpuEngine::new(net, spec)?;
    engine.run(steps);
    Ok((engine.recording().counts.concat(), t0.elapsed().as_secs_f64()))
}

/// Compares trial-major counts of `trials` trials of `seconds` each; `driven` lists the driven neurons.
pub fn statistics(ett_counts: &[u32], brian_counts: &[u32], neurons: usize, trials: usize, seconds: f64, driven: &[u32]) -> Statistics {
    let (n, t, s) = (neurons, trials, seconds);
    let ett = mean_rates_hz(ett_counts, n, 0..t, s);
    let bri = mean_rates_hz(brian_counts, n, 0..t, s);
    let (half_a, half_b) = (mean_rates_hz(ett_counts, n, 0..t / 2, s), mean_rates_hz(ett_counts, n, t / 2..t, s));
    let mut is_driven = vec![false; n];
    driven.iter().for_each(|&i| is_driven[i as usize] = true);
    let firing = |i: usize| ett[i] > 0.0 || bri[i] > 0.0;
    let firing_halves = |i: usize| half_a[i] > 0.0 || half_b[i] > 0.0;
    let (mean_e, mean_b) = (mean(&ett), mean(&bri));
    let difference = (mean_b - mean_e) / mean_e;
    let correlation = pearson(&ett, &bri, firing);
    let split_half = pearson(&half_a, &half_b, firing_halves);
    Statistics {
        mean_rate_ett_hz: mean_e,
        mean_rate_brian2_hz: mean_b,
        mean_rate_relative_difference: difference,
        mean_rate_relative_noise: sd(&trial_means_hz(ett_counts, n, s)) * (2.0 / t as f64).sqrt() / mean_e,
        neurons_firing: (0..n).filter(|&i| firing(i)).count(),
        correlation,
        split_half_correlation: split_half,
        noise_ceiling_correlation: spearman_brown_doubled(split_half),
        correlation_undriven: pearson(&ett, &bri, |i| !is_driven[i] && firing(i)),
        noise_ceiling_correlation_undriven: spearman_brown_doubled(pearson(&half_a, &half_b, |i| !is_driven[i] && firing_halves(i))),
        undriven_firing: (0..n).filter(|&i| !is_driven[i] && firing(i)).count(),
        pass_correlation: correlation >= MIN_CORRELATION,
        pass_mean_rate: difference.abs() <= MAX_MEAN_RATE_DIFFERENCE,
    }
}

/// The generated network and trial spec of a check, and the steps per trial.
pub fn setup(b: &ParityBench) -> Result<(Network, RunSpec, u32), EngineError> {
    if b.trials < 2 {
        return Err(EngineError::Model(format!("parity needs at least 2 trials (for the split halves), got {}", b.trials)));
    }
    let (net, single, _) = generated(b.neurons, b.edges, b.drive_neurons, b.rate_hz, b.seed)?;
    let steps = (b.seconds * 1000.0 / single.params.dt_ms).round() as u32;
    Ok((net.network, RunSpec { instances: b.trials, ..single }, steps))
}

/// Runs both simulators, writes `out/parity.json` and returns the figures, the printed report and Brian2's
/// counts (trial-major, for further comparisons).
pub fn run(b: &ParityBench) -> Result<(ParityResult, String, Vec<u32>), EngineError> {
    let load_before = load_average_1min();
    let (net, spec, steps) = setup(b)?;
    let (ett_counts, ett_wall_s) = ett_trials(&net, &spec, steps)?;
    let brian = brian2::run_trials(&net, &spec, steps, b.trials, &b.out, &b.brian2)?;
    let result = ParityResult {
        neurons: net.neurons,
        edges: net.edges(),
        synapses: net.synapses(),
        drive_neurons: spec.drive_neurons.len(),
        rate_hz: b.rate_hz,
        seconds: b.seconds,
        trials: b.trials,
        seed: b.seed,
        brian2_target: brian.target.clone(),
        stats: statistics(&ett_counts, &brian.counts, net.neurons, b.trials, b.seconds, &spec.drive_neurons),
        ett_wall_s,
        brian2_setup_wall_s: brian.setup_wall_s,
        brian2_run_wall_s: brian.run_wall_s,
        load_average_before_after: (load_before, load_average_1min()),
    };
    let path = b.out.join("parity.json");
    std::fs::create_dir_all(&b.out).and_then(|_| std::fs::write(&path, serde_json::to_string_pretty(&result).expect("plain JSON"))).map_err(|e| EngineError::Io { path: path.clone(), message: e.to_string() })?;
    let report = report(&result) + &format!("figures in {}\n", path.display());
    Ok((result, report, brian.counts))
}

fn verdict(pass: bool) -> &'static str {
    if pass {
        "PASS"
    } else {
        "FAIL"
    }
}

fn report(r: &ParityResult) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "ett bench parity: {} neurons, {} edges, {} synapses; {} driven at {} Hz; {} trials of {} s each; seed {}", r.neurons, r.edges, r.synapses, r.drive_neurons, r.rate_hz, r.trials, r.seconds, r.seed);
    let _ = writeln!(out, "ett CPU: {:.1} s wall; Brian2 2.9.0 ({}), own Poisson drive: setup {:.1} s, run {:.1} s wall", r.ett_wall_s, r.brian2_target, r.brian2_setup_wall_s, r.brian2_run_wall_s);
    out += &r.stats.summary();
    let _ = writeln!(out, "load average (1 min) before/after: {:.2} / {:.2}", r.load_average_before_after.0, r.load_average_before_after.1);
    let _ = writeln!(out, "parity: {}", verdict(r.stats.pass()));
    out
}

impl Statistics {
    /// The lines of the report about the comparison itself.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "mean rate: ett {:.4} Hz, Brian2 {:.4} Hz, difference {:+.2}% (trial noise alone: +-{:.2}% s.e.) -> {} (target within {}%)", self.mean_rate_ett_hz, self.mean_rate_brian2_hz, 100.0 * self.mean_rate_relative_difference, 100.0 * self.mean_rate_relative_noise, verdict(self.pass_mean_rate), 100.0 * MAX_MEAN_RATE_DIFFERENCE);
        let _ = writeln!(out, "per-neuron rates over {} neurons firing in either: correlation {:.4} -> {} (target >= {}); noise ceiling {:.4} (ett halves {:.4}, Spearman-Brown)", self.neurons_firing, self.correlation, verdict(self.pass_correlation), MIN_CORRELATION, self.noise_ceiling_correlation, self.split_half_correlation);
        let _ = writeln!(out, "undriven neurons only ({} firing): correlation {:.4}, noise ceiling {:.4}", self.undriven_firing, self.correlation_undriven, self.noise_ceiling_correlation_undriven);
        out
    }
}
