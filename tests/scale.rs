//! `ett scale`: the roadmap's own assumptions reproduce its orders of magnitude, the engine's counted costs
//! land in the same range, measured mode reproduces `ett bench brain`'s own wall time, and bad names
//! fail with the list of good ones.

mod common;
use common::*;
use ett::scale::costs::{engine_costs, Costs};
use ett::scale::estimate::{requirements, Timing, Workload};
use ett::scale::models::{NeuronKind, SynapseKind};
use ett::scale::partition::{remote_partitions_per_message, Precision};
use ett::scale::{run, ScaleError, ScaleRequest};

fn request(species: &[&str], neuron: NeuronKind, synapse: SynapseKind, dt_ms: f64) -> ScaleRequest {
    ScaleRequest {
        species: species.iter().map(|s| s.to_string()).collect(),
        explicit: None,
        neuron,
        synapse,
        timing: Timing { dt_ms, rate_hz: 1.0, delay_ms: dt_ms.max(1.8) },
        device: "H200".into(),
        precision: Precision::Fp64,
        partitions: None,
        cross_fraction: None,
        costs_file: None,
        from_bench: None,
        species_file: root().join("scoring/scale/species.ron"),
        devices_file: root().join("scoring/scale/devices.ron"),
    }
}

fn roadmap() -> Option<std::path::PathBuf> {
    Some(root().join("scoring/scale/roadmap_costs.ron"))
}

#[test]
fn roadmap_lif_human_needs_petaflops() {
    // 86e9 neurons x 1000 steps/s x 20 operations = 1.72e15, plus the engine's one operation per delivered
    // connection (1.5e14 connections at 1 Hz): 1.87e15.
    let mut r = request(&["human"], NeuronKind::Lif, SynapseKind::Static, 1.0);
    r.costs_file = roadmap();
    let row = &run(&r).unwrap().rows[0];
    let ops = row.requirements.ops_per_s;
    assert!((1.5e15..3e15).contains(&ops), "LIF human {ops:e} op/s");
    assert!((ops / (1.72e15 + 1.5e14) - 1.0).abs() < 0.01, "{ops:e}");
    assert!(row.requirements.memory_bytes > 0.0, "fields the roadmap leaves out stay counted from the engine");
}

#[test]
fn roadmap_hh_multi_state_human_needs_hundreds_of_exaflops_and_tens_of_petabytes() {
    let mut r = request(&["human"], NeuronKind::HodgkinHuxley, SynapseKind::MultiState, 0.025);
    r.costs_file = roadmap();
    let report = run(&r).unwrap();
    let row = &report.rows[0];
    let ops = row.requirements.ops_per_s;
    assert!((ops / 6e20 - 1.0).abs() < 0.05, "HH multi-state {ops:e} op/s, roadmap about 6e20");
    assert_eq!(report.costs.ops_per_neuron_update, engine_costs(NeuronKind::HodgkinHuxley, SynapseKind::Static).unwrap().ops_per_neuron_update);
    // About 70 PB at 500-700 bytes per synapse: the file's 500 B gives 75 PB, 700 B gives 105 PB.
    let memory = row.requirements.memory_bytes;
    assert!((5e16..1.2e17).contains(&memory), "{memory:e} bytes");
    let at_700 = requirements(&row.workload, &Costs { synapse_bytes: 700.0, ..report.costs }, &report.timing, false).memory_bytes;
    assert!((5e16..1.2e17).contains(&at_700), "{at_700:e} bytes");
    // Each wall is the requirement over one H200's figure (141 GB; 34 TFLOP/s at FP64).
    let walls = row.walls;
    assert_eq!(walls.memory, (memory / 141e9).ceil());
    assert_eq!(walls.compute, (ops / 34e12).ceil());
}

#[test]
fn engine_counted_costs_match_the_roadmaps_order_and_rank_the_models() {
    let human = request(&["human"], NeuronKind::Lif, SynapseKind::Static, 1.0);
    let lif = run(&human).unwrap().rows[0].requirements;
    assert!((5e14..5e15).contains(&lif.ops_per_s), "engine LIF human at 1 ms: {:e} op/s", lif.ops_per_s);
    let cost = |n, s| engine_costs(n, s).unwrap();
    let (lif, izh, hh) = (cost(NeuronKind::Lif, SynapseKind::Static), cost(NeuronKind::Izhikevich, SynapseKind::Static), cost(NeuronKind::HodgkinHuxley, SynapseKind::Static));
    assert!(lif.ops_per_neuron_update < izh.ops_per_neuron_update && izh.ops_per_neuron_update < hh.ops_per_neuron_update);
    assert!(hh.neuron_bytes > izh.neuron_bytes, "HH keeps four state variables, Izhikevich two");
    let plastic = cost(NeuronKind::Lif, SynapseKind::Plastic);
    assert!(plastic.ops_per_synapse_step > 0.0 && plastic.synapse_bytes > lif.synapse_bytes);
    // No multi-state synapse in the engine: nothing to count, and the error says where costs can come from.
    let err = engine_costs(NeuronKind::HodgkinHuxley, SynapseKind::MultiState).unwrap_err();
    assert!(matches!(err, ScaleError::NoCosts(_)) && err.to_string().contains("--costs"), "{err}");
}

#[test]
fn graded_worm_gathers_every_synapse_every_step_and_fits_one_device() {
    let worm = request(&["c_elegans"], NeuronKind::Graded, SynapseKind::Static, 1.0);
    let row = &run(&worm).unwrap().rows[0];
    assert_eq!(row.workload.connections, 3709.0);
    assert_eq!(row.requirements.synapse_steps_per_s, 3709.0 * 1000.0);
    assert_eq!(row.requirements.synaptic_events_per_s, 0.0);
    assert_eq!(row.requirements.messages_per_s, 302.0 * 1000.0, "graded neurons send their value every step");
    assert_eq!(row.walls.needed, Some(1.0));
    assert_eq!(row.spike_traffic_bytes_per_s, 0.0, "one device, nothing crosses");
}

#[test]
fn spike_traffic_reaches_each_other_partition_at_most_once_per_spike() {
    assert_eq!(remote_partitions_per_message(1.0, 0.5, 100.0), 0.0);
    assert!((remote_partitions_per_message(8.0, 1.0, 1e4) - 7.0).abs() < 1e-9, "every other partition");
    let few = remote_partitions_per_message(1e6, 0.5, 10.0);
    assert!((few - 5.0).abs() < 1e-3, "five remote connections on five distinct partitions: {few}");
    // A given cross-fraction and partition count carry through to the row.
    let mut r = request(&["mouse"], NeuronKind::Lif, SynapseKind::Static, 0.1);
    r.partitions = Some(16.0);
    r.cross_fraction = Some(0.1);
    let row = &run(&r).unwrap().rows[0];
    let w = &row.workload;
    let expected = w.neurons * 1.0 * remote_partitions_per_message(16.0, 0.1, w.out_degree()) * 8.0;
    assert!((row.spike_traffic_bytes_per_s / expected - 1.0).abs() < 1e-12);
    assert_eq!(row.spike_traffic_bytes_per_s_per_device, row.spike_traffic_bytes_per_s / 16.0);
}

#[test]
fn unknown_species_model_device_and_bad_requests_fail_clearly() {
    let err = run(&request(&["dragon"], NeuronKind::Lif, SynapseKind::Static, 0.1)).unwrap_err().to_string();
    assert!(err.contains("unknown species `dragon`") && err.contains("c_elegans") && err.contains("human"), "{err}");
    let err = NeuronKind::parse("hodgkin").unwrap_err().to_string();
    assert!(err.contains("unknown neuron model `hodgkin`") && err.contains("graded, lif, izhikevich, hh"), "{err}");
    let err = SynapseKind::parse("quantum").unwrap_err().to_string();
    assert!(err.contains("static, plastic, multi-state"), "{err}");
    let mut r = request(&["human"], NeuronKind::Lif, SynapseKind::Static, 0.1);
    r.device = "TPU".into();
    let err = run(&r).unwrap_err().to_string();
    assert!(err.contains("unknown device `TPU`") && err.contains("H200"), "{err}");
    r.device = "H200".into();
    r.costs_file = roadmap();
    r.neuron = NeuronKind::Izhikevich;
    let err = run(&r).unwrap_err().to_string();
    assert!(err.contains("izhikevich with static synapses") && err.contains("lif with static"), "{err}");
    // The command line exits with the error rather than printing a table.
    let args = ["ett", "scale", "dragon"].iter().map(std::ffi::OsString::from).collect();
    let err = format!("{:#}", ett::cli::main_with_args(args).unwrap_err());
    assert!(err.contains("unknown species `dragon`"), "{err}");
}

#[test]
fn a_bad_species_file_names_the_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("species.ron");
    std::fs::write(&path, "SpeciesFile(species: [\n  Species(name: \"x\", common_name: \"x\", neurons: -1, synapses: 5,\n citation: \"c\", confidence: \"c\"),\n])\n").unwrap();
    let mut r = request(&["x"], NeuronKind::Lif, SynapseKind::Static, 0.1);
    r.species_file = path;
    let err = run(&r).unwrap_err().to_string();
    assert!(err.contains("species.ron:2:") && err.contains("neurons") && err.contains("must be positive"), "{err}");
    let costs = dir.path().join("costs.ron");
    std::fs::write(&costs, "CostFile(source: \"s\", entries: [\n  Entry(neuron: Lif, synapse: Static, costs: {\"ops_per_nueron_update\": 3.0}),\n])\n").unwrap();
    let mut r = request(&["human"], NeuronKind::Lif, SynapseKind::Static, 0.1);
    r.costs_file = Some(costs);
    let err = run(&r).unwrap_err().to_string();
    assert!(err.contains("costs.ron:2:") && err.contains("ops_per_nueron_update"), "{err}");
}

#[test]
fn measured_mode_reproduces_the_bench_and_scales_to_worm_and_fly() {
    let dir = tempfile::tempdir().unwrap();
    let bench = ett::bench::brain::BrainBench {
        neurons: 3000,
        edges: 300_000,
        seconds: 0.3,
        batch: 2,
        drive_neurons: 300,
        rate_hz: 150.0,
        seed: 3,
        out: dir.path().to_path_buf(),
        skip_single_thread: true,
        brian2: Vec::new(),
        graph_steps: 100,
        graph_windows: 5,
    };
    ett::bench::brain::run(&bench).unwrap();
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("bench_brain.json")).unwrap()).unwrap();
    let cpu = &json["rows"][0];
    assert!(cpu["neuron_updates_per_s"].as_f64().unwrap() > 0.0 && cpu["synaptic_events_per_s"].as_f64().unwrap() > 0.0, "{cpu}");
    let measured_wall = cpu["wall_s_per_bio_s"].as_f64().unwrap();
    let rate = json["mean_firing_rate_hz"].as_f64().unwrap();

    // The benched network itself, at its own measured rate: the prediction is the bench's wall time less
    // the few bookkeeping instructions outside the two timed phases.
    let mut r = request(&[], NeuronKind::Lif, SynapseKind::Static, 0.1);
    r.from_bench = Some(dir.path().to_path_buf());
    r.timing.rate_hz = rate;
    r.explicit = Some((3000.0, json["synapses"].as_f64().unwrap(), Some(json["edges"].as_f64().unwrap())));
    let own = run(&r).unwrap().rows[0].measured[0].clone();
    assert_eq!(own.method, "phases");
    assert!((own.wall_s_per_bio_s / measured_wall - 1.0).abs() < 0.1, "predicted {} s/s, bench {} s/s", own.wall_s_per_bio_s, measured_wall);

    // Worm and fly from the same measured throughputs: the fly's work is the bench's times its size.
    r.explicit = None;
    r.species = vec!["c_elegans".into(), "drosophila_adult".into()];
    let rows = run(&r).unwrap().rows;
    let (worm, fly) = (rows[0].measured[0].wall_s_per_bio_s, rows[1].measured[0].wall_s_per_bio_s);
    assert!(worm > 0.0 && fly > 100.0 * worm, "worm {worm} s/s, fly {fly} s/s");
    let bench_work = Workload { label: "bench".into(), neurons: 3000.0, synapses: 0.0, connections: json["edges"].as_f64().unwrap(), gap_junctions: 0.0 };
    let t = Timing { dt_ms: 0.1, rate_hz: rate, delay_ms: 1.8 };
    let lif = engine_costs(NeuronKind::Lif, SynapseKind::Static).unwrap();
    let (b, f) = (requirements(&bench_work, &lif, &t, false), requirements(&rows[1].workload, &lif, &t, false));
    let (low, high) = (f.neuron_updates_per_s / b.neuron_updates_per_s, f.synaptic_events_per_s / b.synaptic_events_per_s);
    let ratio = fly / own.wall_s_per_bio_s;
    assert!(ratio >= 0.99 * low.min(high) && ratio <= 1.01 * low.max(high), "fly/bench {ratio} outside [{low}, {high}]");

    // Measured mode times the LIF engine only.
    r.neuron = NeuronKind::HodgkinHuxley;
    let err = run(&r).unwrap_err().to_string();
    assert!(err.contains("--from-bench") && err.contains("LIF"), "{err}");
}

#[test]
fn cli_writes_table_files_and_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let args: Vec<std::ffi::OsString> = ["ett", "scale", "--species-file", &shipped("scoring/scale/species.ron"), "--devices-file", &shipped("scoring/scale/devices.ron"), "--out", dir.path().to_str().unwrap()]
        .iter()
        .map(std::ffi::OsString::from)
        .collect();
    ett::cli::main_with_args(args).unwrap();
    let csv = std::fs::read_to_string(dir.path().join("scale.csv")).unwrap();
    assert_eq!(csv.lines().count(), 8, "header and seven species, worm to human:\n{csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("c_elegans,") && csv.lines().last().unwrap().starts_with("human,"));
    let svg = std::fs::read_to_string(dir.path().join("scale.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("devices needed") && svg.contains("human"));
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["inputs"].as_array().unwrap().len(), 2);
    assert!(manifest["command"][1] == "scale");
}
