//! The command line: parsing with clap, then one library call per subcommand.

use crate::bench;
use crate::runner::{self, RunRequest};
use crate::suite;
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

/// ett: put brain emulations in virtual bodies and test whether they behave like the animal.
#[derive(Debug, Parser)]
#[command(name = "ett", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a task with K animals and write trajectories, events, summary and manifest.
    Run {
        /// Task file (e.g. tasks/worm/crawl.ron) or a run file, `Run(task: ..., seed: ..., animals: ...)`,
        /// whose values the flags below override.
        task: PathBuf,
        /// Brain file (default: the task's default brain).
        #[arg(long)]
        brain: Option<PathBuf>,
        /// Master seed (default 1).
        #[arg(long)]
        seed: Option<u64>,
        /// Number of animals (default 1).
        #[arg(long)]
        animals: Option<usize>,
        /// Output folder (default: results/TASK/BRAIN-seedN).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Episode length in seconds (default: the task's).
        #[arg(long)]
        duration: Option<f64>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Neurons to ablate, comma-separated (names, prefixes like DB*, or class:motor).
        #[arg(long, default_value = "")]
        ablate: String,
        /// Neurons to silence, comma-separated.
        #[arg(long, default_value = "")]
        silence: String,
        /// Current steps, NEURONS@START_S:DURATION_S:CURRENT_PA (repeatable), e.g. AVBL,AVBR@5:10:100.
        #[arg(long)]
        stimulate: Vec<String>,
    },
    /// Run every task of a species with one brain, then score the runs against published values.
    Suite {
        /// Species: the tasks are `tasks/SPECIES/*.ron`, the default reference the one `scoring/SPECIES/reference_*.ron`.
        species: String,
        /// Brain file.
        #[arg(long)]
        brain: PathBuf,
        /// Animals per task.
        #[arg(long, default_value_t = 20)]
        animals: usize,
        /// Output folder (default: results/suite/SPECIES/BRAIN-seedN).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Master seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// Reference file (default: the one scoring/SPECIES/reference_*.ron, e.g. reference_n2.ron for the worm).
        #[arg(long)]
        reference: Option<PathBuf>,
        /// Only these tasks (file stems, comma-separated).
        #[arg(long, value_delimiter = ',')]
        tasks: Option<Vec<String>>,
        /// Cap on each task's duration in seconds (quick checks; the report says so).
        #[arg(long)]
        max_duration: Option<f64>,
    },
    /// Score tracks that already exist: a suite folder, a run folder, or a folder of real CSV/WCON tracks.
    Score {
        /// The folder.
        dir: PathBuf,
        /// Reference file, e.g. scoring/worm/reference_n2.ron.
        #[arg(long)]
        reference: PathBuf,
        /// Where score.json and the report go (default: DIR).
        #[arg(long)]
        out: Option<PathBuf>,
        /// For a folder of real tracks: the task whose reference entries apply.
        #[arg(long, default_value = "crawl")]
        task: String,
        /// For a folder of real tracks: a task file whose track measures (pirouettes, weathervaning,
        /// time in zones) are taken on each track, with its arena's fields and zones.
        #[arg(long)]
        task_file: Option<PathBuf>,
        /// Seed of the bootstrap.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Run a sweep of model variants x tasks (or a suite) x seeds, in parallel, resumable and shardable.
    Batch {
        /// Sweep file, e.g. sweeps/touch_ablation.ron.
        sweep: PathBuf,
        /// Output folder (default: results/batch/SWEEP, or results/batch/SWEEP/shard_I_of_N with --shard).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Keep the jobs already finished in the output folder and run only the others.
        #[arg(long)]
        resume: bool,
        /// Run only part I of N of the jobs (1 <= I <= N), e.g. for a cluster job array; merge with `ett merge`.
        #[arg(long)]
        shard: Option<String>,
        /// Worker threads, one job each (default: all cores).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Combine the output folders of `ett batch --shard` runs of one sweep, then summarise.
    Merge {
        /// Shard output folders.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Merged output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// The FlyWire neurons each group of a whole-brain fly picks on the tables its file names (root ids,
    /// cell types and sides resolved as a run resolves them).
    Groups {
        /// A FlyWireLif brain file.
        brain: PathBuf,
        /// Also write `group,direction,root_id` rows here.
        #[arg(long)]
        csv: Option<PathBuf>,
    },
    /// Convert published data packages into the project's own tables.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
    },
    /// Print benchmark figures.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
    /// What emulating a brain costs from worm to human: operations, memory, traffic and devices needed.
    Scale {
        /// Species presets (names in --species-file; default: all of them, smallest first).
        species: Vec<String>,
        /// Explicit neuron count instead of a species (needs --synapses).
        #[arg(long)]
        neurons: Option<f64>,
        /// Explicit synapse count.
        #[arg(long)]
        synapses: Option<f64>,
        /// Explicit connected pairs (default: one per synapse).
        #[arg(long)]
        connections: Option<f64>,
        /// Neuron model: graded, lif, izhikevich or hh.
        #[arg(long, default_value = "lif")]
        model: String,
        /// Synapse model: static, plastic or multi-state.
        #[arg(long, default_value = "static")]
        synapse: String,
        /// Integration step.
        #[arg(long, default_value_t = 0.1)]
        dt_ms: f64,
        /// Mean firing rate per neuron.
        #[arg(long, default_value_t = 1.0)]
        rate_hz: f64,
        /// Uniform synaptic delay (sets the ring of arrivals).
        #[arg(long, default_value_t = 1.8)]
        delay_ms: f64,
        /// Device kind (names in --devices-file).
        #[arg(long, default_value = "H200")]
        device: String,
        /// Use the device's FP32 peak instead of FP64 (the engine computes in f64).
        #[arg(long)]
        fp32: bool,
        /// Partitions for the spike traffic (default: the devices needed).
        #[arg(long)]
        partitions: Option<f64>,
        /// Fraction of connections between partitions (default: a random split, (G - 1) / G).
        #[arg(long)]
        cross_fraction: Option<f64>,
        /// Costs from a file instead of the engine's counts (e.g. scoring/scale/roadmap_costs.ron).
        #[arg(long)]
        costs: Option<PathBuf>,
        /// Folder with `ett bench brain` output (bench_brain.json): predict wall time from measured throughput.
        #[arg(long)]
        from_bench: Option<PathBuf>,
        /// Species presets.
        #[arg(long, default_value = crate::scale::catalog::SPECIES_FILE)]
        species_file: PathBuf,
        /// Device kinds.
        #[arg(long, default_value = crate::scale::catalog::DEVICES_FILE)]
        devices_file: PathBuf,
        /// Where scale.json, scale.csv, scale.svg and manifest.json go (default: results/scale).
        #[arg(long, default_value = "results/scale")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// C. elegans connectome (Cook et al. 2019) from the cect 0.3.5 wheel or its extracted files.
    Cect {
        /// The wheel (.data/wheels/cect-0.3.5-py3-none-any.whl, fetched by scripts/fetch_data.sh) or a folder of its files.
        path: PathBuf,
        /// Where the CSV tables and SOURCE.md go.
        #[arg(long, default_value = crate::import::cect::DEFAULT_OUT_DIR)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Physics and closed-loop steps per second and real-time factors of the worm.
    Physics {
        /// Task whose body, arena and time steps are timed.
        #[arg(long, default_value = "tasks/worm/crawl.ron")]
        task: PathBuf,
        /// Simulated seconds per measurement.
        #[arg(long, default_value_t = 60.0)]
        seconds: f64,
        /// Animals in the parallel batch measurement.
        #[arg(long, default_value_t = 8)]
        animals: usize,
        /// Brain in the closed loop (default: the task's), e.g. brains/celegans/connectome.ron.
        #[arg(long)]
        brain: Option<PathBuf>,
    },
    /// The fly body walking under the walking decoder at constant drive: body steps per second, real-time
    /// factor on one thread, and the gait it produced.
    Fly {
        /// Simulated seconds.
        #[arg(long, default_value_t = 1.0)]
        seconds: f64,
        /// Descending drive on both sides, 0..1.
        #[arg(long, default_value_t = 1.0)]
        drive: f64,
        /// Drive on the left side instead of `drive` (a turn; the turning calibration of a brain).
        #[arg(long)]
        left_drive: Option<f64>,
        /// Fly body.
        #[arg(long, default_value = "bodies/fly.ron")]
        body: PathBuf,
        /// Walking pattern generator and step-cycle template.
        #[arg(long, default_value = "bodies/fly_walking.ron")]
        walking: PathBuf,
    },
    /// The whole-brain LIF fly closed through the fly body, on a generated FlyWire-format table of FlyWire's
    /// size naming the brain's root ids (and FlyWire annotation tables for its cell types): body alone, closed loop on one thread, a batch on all threads.
    FlyBrain {
        /// A fly task (body, arena, control step).
        #[arg(long, default_value = "tasks/fly/odour_foraging.ron")]
        task: PathBuf,
        /// Where the head starts, "X,Y" in mm (default: on odour_foraging's sugar drop, so the sugar receptor
        /// neurons fire at 150 Hz; "none": the task's own placement).
        #[arg(long, default_value = "15,0")]
        start_mm: String,
        /// A FlyWireLif brain file (its `connections` is replaced by the generated table).
        #[arg(long, default_value = "brains/fly/whole_brain_lif.ron")]
        brain: PathBuf,
        /// Neurons of the generated table (default: FlyWire's 138,639).
        #[arg(long, default_value_t = crate::engine::synth::FLYWIRE_NEURONS)]
        neurons: usize,
        /// Seed of the generated table.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Simulated seconds per measurement.
        #[arg(long, default_value_t = 1.0)]
        seconds: f64,
        /// Animals in the batch measurement.
        #[arg(long, default_value_t = 2)]
        animals: usize,
        /// Keep the generated table in this folder (default: a temporary folder, removed).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Engine backend, overriding the brain file's: cpu or cuda (GPU 0).
        #[arg(long, value_parser = ["cpu", "cuda"])]
        backend: Option<String>,
        /// Also run the brain alone and the closed loop on the CPU and on GPU 0 and compare them (skipped
        /// without a CUDA device).
        #[arg(long)]
        check: bool,
    },
    /// The spiking brain engine (Shiu et al. LIF) on a generated FlyWire-like network: CPU, GPU and
    /// Brian2 side by side; `--check` compares CPU and GPU spike counts instead.
    Brain {
        /// Neurons (default: FlyWire's 138,639).
        #[arg(long, default_value_t = crate::engine::synth::FLYWIRE_NEURONS)]
        neurons: usize,
        /// Connected pairs (default: FlyWire's 15,091,983).
        #[arg(long, default_value_t = crate::engine::synth::FLYWIRE_EDGES)]
        edges: usize,
        /// Biological seconds per measurement.
        #[arg(long, default_value_t = 1.0)]
        seconds: f64,
        /// Instances in the GPU batch.
        #[arg(long, default_value_t = 32)]
        batch: usize,
        /// Neurons given the Poisson drive (Shiu et al.: 21 sugar neurons).
        #[arg(long, default_value_t = 21)]
        drive: usize,
        /// Rate of the Poisson drive.
        #[arg(long, default_value_t = 150.0)]
        rate_hz: f64,
        /// Seed of the network and the Poisson streams.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output folder for the JSON figures.
        #[arg(long, default_value = "results/bench_brain")]
        out: PathBuf,
        /// Compare CPU and GPU spike counts (parity) instead of timing.
        #[arg(long)]
        check: bool,
        /// Skip the one-thread CPU measurement.
        #[arg(long)]
        no_single_thread: bool,
        /// Skip Brian2 even when .venv-brian2 exists.
        #[arg(long)]
        no_brian2: bool,
        /// Brian2 targets timed (numpy, cython, standalone, standalone:THREADS), comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "standalone:1,standalone:2")]
        brian2: Vec<crate::bench::brian2::Brian2Target>,
        /// Steps per captured CUDA graph.
        #[arg(long, default_value_t = 200)]
        graph_steps: u32,
        /// Windows of `delay` steps per captured CUDA graph (minimum-delay mode).
        #[arg(long, default_value_t = 20)]
        graph_windows: u32,
    },
    /// Per-neuron firing rates of the CPU engine against Brian2 (each with its own Poisson drive) over
    /// trials on one generated network: correlation and mean rate against issue 5's targets.
    Parity {
        /// Neurons.
        #[arg(long, default_value_t = 3000)]
        neurons: usize,
        /// Connected pairs (default: FlyWire's mean out-degree, about 109 per neuron).
        #[arg(long)]
        edges: Option<usize>,
        /// Biological seconds per trial.
        #[arg(long, default_value_t = 1.0)]
        seconds: f64,
        /// Trials per simulator.
        #[arg(long, default_value_t = 30)]
        trials: usize,
        /// Neurons given the Poisson drive.
        #[arg(long, default_value_t = 150)]
        drive: usize,
        /// Rate of the Poisson drive.
        #[arg(long, default_value_t = 150.0)]
        rate_hz: f64,
        /// Seed of the network and the Poisson streams.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Brian2 target (numpy, cython, standalone or standalone:THREADS).
        #[arg(long, default_value = "numpy")]
        brian2: crate::bench::brian2::Brian2Target,
        /// Output folder for parity.json and Brian2's files.
        #[arg(long, default_value = "results/bench_parity")]
        out: PathBuf,
    },
    /// Hodgkin-Huxley neuron updates per second at scale (unconnected neurons), CPU and GPU.
    Hh {
        /// Neurons.
        #[arg(long, default_value_t = 16_000_000)]
        neurons: usize,
        /// Integration step.
        #[arg(long, default_value_t = 0.01)]
        dt_ms: f64,
        /// Steps timed on the CPU (0: skip).
        #[arg(long, default_value_t = 5)]
        cpu_steps: u32,
        /// Steps timed on the GPU.
        #[arg(long, default_value_t = 2000)]
        gpu_steps: u32,
        /// Steps per GPU launch (the state stays in registers in between).
        #[arg(long, default_value_t = 100)]
        window: u32,
        /// Output folder for the JSON figures.
        #[arg(long, default_value = "results/bench_hh")]
        out: PathBuf,
    },
    /// Episodes per hour and busy share of the cores for a sweep (default: the worm suite, shortened).
    Batch {
        /// Sweep to run.
        #[arg(long, default_value = "sweeps/bench_worm_suite.ron")]
        sweep: PathBuf,
        /// Folder under which a fresh output folder is made.
        #[arg(long, default_value = "results/bench_batch")]
        out: PathBuf,
        /// Worker threads (default: all cores).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// GPU-versus-CPU parity of the general engine (Izhikevich, Hodgkin-Huxley, gap junctions).
    Models {
        /// Output folder for the JSON results.
        #[arg(long, default_value = "results/bench_models")]
        out: PathBuf,
    },
}

/// Parses arguments and runs the command.
pub fn main_with_args(args: Vec<OsString>) -> Result<()> {
    let command_line: Vec<String> = args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let cli = Cli::parse_from(args);
    match cli.command {
        Command::Run { task, brain, seed, animals, out, duration, threads, ablate, silence, stimulate } => {
            let perturbations = crate::config::connectome_spec::Perturbations::from_cli(&ablate, &silence, &stimulate).map_err(anyhow::Error::msg)?;
            let base = RunRequest { task, brain: None, seed: 1, animals: 1, out: None, duration_s: None, threads, progress: true, command: command_line, perturbations };
            let mut request = runner::request_from_file(base)?;
            request.brain = brain.or(request.brain);
            request.seed = seed.unwrap_or(request.seed);
            request.animals = animals.unwrap_or(request.animals);
            request.out = out.or(request.out);
            request.duration_s = duration.or(request.duration_s);
            let outcome = runner::run(&request).with_context(|| format!("ett run {}", request.task.display()))?;
            let s = &outcome.summary;
            say(format!(
                "{} animals of {} with {}: mean speed {:.3} mm/s, bend frequency {:.2} Hz, wavelength {:.2} L, real-time factor {}",
                s["animals_count"], s["task"].as_str().unwrap_or("?"), s["brain"].as_str().unwrap_or("?"),
                s["mean_speed_mm_per_s"].as_f64().unwrap_or(f64::NAN), s["body_bend_frequency_hz"].as_f64().unwrap_or(f64::NAN),
                s["wavelength_body_lengths"].as_f64().unwrap_or(f64::NAN), three_digits(s["real_time_factor"].as_f64().unwrap_or(f64::NAN)),
            ));
            say(format!("results in {}", outcome.out_dir.display()));
            Ok(())
        }
        Command::Suite { species, brain, animals, out, seed, threads, reference, tasks, max_duration } => {
            let brain_name = brain.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let request = suite::SuiteRequest {
                tasks_dir: PathBuf::from("tasks").join(&species),
                reference: match reference {
                    Some(path) => path,
                    None => suite::default_reference(&PathBuf::from("scoring").join(&species)).with_context(|| format!("ett suite {species}"))?,
                },
                out: out.unwrap_or_else(|| PathBuf::from("results/suite").join(&species).join(format!("{brain_name}-seed{seed}"))),
                brain, animals, seed, threads, only_tasks: tasks, max_duration_s: max_duration, progress: true, command: command_line,
            };
            let evaluation = suite::run_suite(&request).with_context(|| format!("ett suite {species}"))?;
            report_score(&evaluation, &request.out);
            Ok(())
        }
        Command::Score { dir, reference, out, task, task_file, seed } => {
            let request = suite::ScoreRequest { out: out.unwrap_or_else(|| dir.clone()), dir, reference, tracks_task: task, tracks_task_file: task_file, seed };
            let evaluation = suite::score(&request).with_context(|| format!("ett score {}", request.dir.display()))?;
            report_score(&evaluation, &request.out);
            Ok(())
        }
        Command::Batch { sweep, out, resume, shard, threads } => {
            let shard = shard.as_deref().map(crate::batch::Shard::parse).transpose().map_err(anyhow::Error::msg)?.unwrap_or(crate::batch::Shard::ALL);
            let stem = sweep.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let default_out = || {
                let base = PathBuf::from("results/batch").join(&stem);
                if shard.count > 1 { base.join(format!("shard_{}_of_{}", shard.index, shard.count)) } else { base }
            };
            let request = crate::batch::BatchRequest { out: out.unwrap_or_else(default_out), sweep, resume, shard, threads, progress: true, command: command_line };
            let outcome = crate::batch::run_batch(&request).with_context(|| format!("ett batch {}", request.sweep.display()))?;
            say(format!("{} jobs in the plan; this shard: {} already finished, {} run in {:.1} s", outcome.jobs_in_plan, outcome.skipped, outcome.ran, outcome.wall_time_s));
            report_batch(outcome.summary.as_ref(), &request.out);
            Ok(())
        }
        Command::Merge { dirs, out } => {
            let outcome = crate::batch::merge(&dirs, &out).with_context(|| format!("ett merge into {}", out.display()))?;
            say(format!("copied {} jobs; {} of {} planned jobs are in {}", outcome.copied, outcome.jobs_in_plan - outcome.missing.len(), outcome.jobs_in_plan, out.display()));
            if !outcome.missing.is_empty() {
                anyhow::bail!("{} jobs are missing (first: {}); run the missing shards (with --resume) and merge again", outcome.missing.len(), outcome.missing[0]);
            }
            report_batch(outcome.summary.as_ref(), &out);
            Ok(())
        }
        Command::Groups { brain, csv } => {
            let loaded = crate::config::load_ron::<crate::config::brain_spec::BrainSpec>(&brain)?;
            let groups = crate::brain::flywire_groups::resolve_groups(&loaded)?;
            print!("{}", crate::brain::flywire_groups::groups_report(&groups));
            if let Some(csv) = csv {
                std::fs::write(&csv, crate::brain::flywire_groups::groups_csv(&groups)).with_context(|| format!("writing {}", csv.display()))?;
            }
            Ok(())
        }
        Command::Import { what: ImportCommand::Cect { path, out } } => {
            let report = crate::import::cect::import_cect(&path, &out).with_context(|| format!("ett import cect {}", path.display()))?;
            let c = report.counts;
            say(format!(
                "wrote {}: {} neurons, {} chemical synapses, {} gap junctions, {} neuromuscular junctions, {} muscles",
                report.out_dir.display(), c.neurons, c.chemical, c.gap, c.nmj, c.muscles
            ));
            Ok(())
        }
        Command::Bench { what: BenchCommand::Physics { task, seconds, animals, brain } } => {
            let report = bench::physics(&task, brain.as_deref(), seconds, animals).with_context(|| format!("ett bench physics --task {}", task.display()))?;
            say(report.trim_end().to_string());
            Ok(())
        }
        Command::Bench { what: BenchCommand::Fly { seconds, drive, left_drive, body, walking } } => {
            let report = bench::fly::run(&body, &walking, seconds, [left_drive.unwrap_or(drive), drive]).map_err(anyhow::Error::msg).context("ett bench fly")?;
            say(report.trim_end().to_string());
            Ok(())
        }
        Command::Bench { what: BenchCommand::FlyBrain { task, start_mm, brain, neurons, seed, seconds, animals, out, backend, check } } => {
            let start_mm = match start_mm.as_str() {
                "none" => None,
                text => {
                    let parsed: Option<Vec<f64>> = text.split(',').map(|v| v.trim().parse().ok()).collect();
                    match parsed.as_deref() {
                        Some([x, y]) => Some((*x, *y)),
                        _ => anyhow::bail!("ett bench fly-brain: --start-mm must be X,Y in mm or none, got `{text}`"),
                    }
                }
            };
            let backend = backend.map(|b| if b == "cuda" { crate::config::spiking_spec::SpikingBackend::Cuda } else { crate::config::spiking_spec::SpikingBackend::Cpu });
            let bench = bench::fly_brain::FlyBrainBench { task, brain, neurons, seed, seconds, animals, start_mm, out, backend, check };
            let report = bench::fly_brain::run(&bench).with_context(|| format!("ett bench fly-brain --brain {}", bench.brain.display()))?;
            say(report.trim_end().to_string());
            Ok(())
        }
        Command::Bench { what: BenchCommand::Brain { neurons, edges, seconds, batch, drive, rate_hz, seed, out, check, no_single_thread, no_brian2, brian2, graph_steps, graph_windows } } => {
            let brian2 = if no_brian2 { Vec::new() } else { brian2 };
            let spec = bench::brain::BrainBench { neurons, edges, seconds, batch, drive_neurons: drive, rate_hz, seed, out, skip_single_thread: no_single_thread, brian2, graph_steps, graph_windows };
            let report = if check { bench::brain::check(&spec).context("ett bench brain --check")? } else { bench::brain::run(&spec).context("ett bench brain")? };
            print!("{report}");
            Ok(())
        }
        Command::Bench { what: BenchCommand::Parity { neurons, edges, seconds, trials, drive, rate_hz, seed, brian2, out } } => {
            let edges = edges.unwrap_or_else(|| crate::engine::synth::flywire_edges_for(neurons));
            let spec = bench::parity::ParityBench { neurons, edges, seconds, trials, drive_neurons: drive, rate_hz, seed, brian2, out };
            let (result, report, _) = bench::parity::run(&spec).context("ett bench parity")?;
            print!("{report}");
            if !result.stats.pass() {
                anyhow::bail!("parity with Brian2 failed (see the figures above)");
            }
            Ok(())
        }
        Command::Bench { what: BenchCommand::Hh { neurons, dt_ms, cpu_steps, gpu_steps, window, out } } => {
            print!("{}", bench::models::hh(neurons, dt_ms, cpu_steps, gpu_steps, window, &out).context("ett bench hh")?);
            Ok(())
        }
        Command::Scale {
            species, neurons, synapses, connections, model, synapse, dt_ms, rate_hz, delay_ms, device, fp32, partitions, cross_fraction, costs, from_bench, species_file, devices_file, out,
        } => {
            use crate::scale::{self, models, partition::Precision};
            let explicit = match (neurons, synapses) {
                (Some(n), Some(s)) => Some((n, s, connections)),
                (None, None) if connections.is_none() => None,
                _ => anyhow::bail!("ett scale: explicit counts need both --neurons and --synapses (--connections is optional)"),
            };
            let request = scale::ScaleRequest {
                species, explicit, neuron: models::NeuronKind::parse(&model)?, synapse: models::SynapseKind::parse(&synapse)?,
                timing: scale::estimate::Timing { dt_ms, rate_hz, delay_ms }, device, precision: if fp32 { Precision::Fp32 } else { Precision::Fp64 },
                partitions, cross_fraction, costs_file: costs, from_bench, species_file, devices_file,
            };
            let t0 = std::time::Instant::now();
            let report = scale::run(&request).context("ett scale")?;
            say(scale::report::table(&report).trim_end().to_string());
            let written = scale::report::write_all(&report, &out, &command_line, t0.elapsed().as_secs_f64()).context("ett scale")?;
            say(format!("written: {}", written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")));
            Ok(())
        }
        Command::Bench { what: BenchCommand::Batch { sweep, out, threads } } => {
            print!("{}", crate::batch::bench::run(&sweep, &out, threads, &command_line).with_context(|| format!("ett bench batch --sweep {}", sweep.display()))?);
            Ok(())
        }
        Command::Bench { what: BenchCommand::Models { out } } => {
            print!("{}", bench::models::check(&out).context("ett bench models")?);
            Ok(())
        }
    }
}

/// Prints the turing_score and the family lines of an evaluation.
fn report_score(e: &suite::Evaluation, out: &std::path::Path) {
    say(format!("turing_score {:.3} [95% CI over animals {:.3}, {:.3}]; {} of {} metrics pass", e.turing_score, e.turing_ci95.0, e.turing_ci95.1, e.metrics.iter().filter(|m| m.pass).count(), e.metrics.len()));
    for f in &e.families {
        say(format!("  {:?}: {:.3} [{:.3}, {:.3}] ({}), {}/{} metrics pass, worst {} ({:.3})", f.family, f.score, f.ci95.0, f.ci95.1, if f.pass { "pass" } else { "FAIL" }, f.passed, f.metrics, f.worst.0, f.worst.1));
    }
    say(format!("score.json and report.md in {}", out.display()));
}

/// Prints a batch's ranking, or says that shards are still missing.
fn report_batch(summary: Option<&crate::batch::Summary>, out: &std::path::Path) {
    let Some(summary) = summary else {
        say(format!("not every planned job is in {} yet: merge the shards (`ett merge`) for the summary", out.display()));
        return;
    };
    say(format!("ranking by {}:", summary.ranked_by));
    for r in &summary.ranking {
        say(format!("  {:>3}. {:<32} {:>8.3}  change from intact {:>+8.3} [{:+.3}, {:+.3}]", r.rank, r.variant, r.value.0, r.effect.0, r.effect.1 .0, r.effect.1 .1));
    }
    say(format!("summary in {}", out.join("summary").display()));
}

/// Prints a line to stdout; a closed pipe (e.g. `| head`) is not an error worth a panic.
fn say(line: String) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// A positive figure to about three significant digits (a fly at 0.1 x real time, a worm at 300 x).
fn three_digits(x: f64) -> String {
    let decimals = if x.is_finite() && x > 0.0 { (2 - x.log10().floor() as i32).clamp(0, 6) as usize } else { 0 };
    format!("{x:.decimals$}")
}
