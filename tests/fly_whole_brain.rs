//! The whole-brain LIF fly (`brains/fly/whole_brain_lif.ron`) on a GENERATED table in FlyWire's format that
//! contains every root id the brain file names: the ids resolve, sugar on the tarsi drives the sugar
//! receptor neurons as Poisson input, and activity reaches the mapped descending outputs. The generated
//! network has FlyWire's statistics at 2000 neurons plus a planted path from the sugar neurons to the
//! outputs, so the answer is known; it is a format fixture, not a fly brain.

mod common;

use common::run_for;
use ett::brain::fly_navigator::OUTPUT_NAMES;
use ett::brain::{build, Brain, MotorLayout};
use ett::buffers::{NeuralInput, NeuralOutput};
use ett::config::brain_spec::{BrainModelSpec, BrainSpec, FlyWireLifSpec};
use ett::config::{load_ron, Loaded};
use ett::bench::fly_brain::{named_fixture, write_fixture, FlyBrainBench};
use ett::brain::flywire_lif::{times_read, FlyWireLifBrain};
use ett::config::flywire_lif_spec::FlySense;
use ett::engine::flywire_annotations::Side;
use ett::engine::Network;
use std::path::{Path, PathBuf};

const NEURONS: usize = 2000;

/// The brain's input groups in file order: sugar, bitter, ORNs left and right, LPLC2 left and right.
const INPUTS: usize = 6;

/// Writes the brain file and a generated `flywire/` (connections and annotation tables) beside it into `dir`.
/// Planted paths: every sugar neuron excites every forward, backward and escape output with 20 synapses;
/// each side's ORNs excite that side's DNa01/DNa02 with 40.
fn fixture(dir: &Path) -> PathBuf {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("brains/fly/whole_brain_lif.ron");
    let text = std::fs::read_to_string(&shipped).unwrap().replace("\"../../", &format!("\"{}/", env!("CARGO_MANIFEST_DIR")));
    let brain = dir.join("whole_brain_lif.ron");
    std::fs::write(&brain, &text).unwrap();
    let loaded = load_ron::<BrainSpec>(&brain).unwrap();
    let BrainModelSpec::FlyWireLif(lif) = &loaded.spec.model else { panic!("a FlyWireLif brain") };
    assert_eq!(lif.inputs.len(), INPUTS);
    let sugar = lif.inputs.iter().find(|i| i.name == "sugar_GRNs").unwrap().root_ids.clone();
    // The generator `ett bench fly-brain` uses: the brain's ids first (sugar neurons first), then outputs.
    let fixture = named_fixture(lif, NEURONS, 5).unwrap();
    let named = fixture.named_root_ids.clone();
    assert_eq!(&named[..sugar.len()], &sugar[..], "inputs come first, in file order");
    let index = |id: u64| named.iter().position(|&n| n == id).unwrap() as u32;
    // The typed neurons of a side that are in the table (the fixture also annotates one that is not).
    let typed = |cell_type: &str, side: Side| -> Vec<u32> {
        fixture.annotations.iter().filter(|a| a.primary_type == cell_type && a.side == Some(side)).filter_map(|a| named.iter().position(|&n| n == a.root_id)).map(|i| i as u32).collect()
    };
    let untyped_outputs: Vec<u32> = lif.outputs.iter().flat_map(|o| o.root_ids.iter().map(|&id| index(id))).collect();
    let mut edges: Vec<(u32, u32, i32)> = (0..NEURONS).flat_map(|pre| {
        let (targets, weights) = fixture.network.row(pre);
        targets.iter().zip(weights).map(move |(&t, &w)| (pre as u32, t, w)).collect::<Vec<_>>()
    }).collect();
    let mut inhibitory = fixture.inhibitory.clone();
    let mut plant = |from: &[u32], to: &[u32], synapses: i32| {
        for &pre in from {
            inhibitory[pre as usize] = false;
            edges.retain(|&(p, _, w)| p != pre || w > 0);
            edges.extend(to.iter().map(|&post| (pre, post, synapses)));
        }
    };
    let sugar_neurons: Vec<u32> = sugar.iter().map(|&id| index(id)).collect();
    plant(&sugar_neurons, &untyped_outputs, 20);
    for side in [Side::Left, Side::Right] {
        let orns = [typed("ORN_DM1", side), typed("ORN_VA2", side)].concat();
        let steering = [typed("DNa01", side), typed("DNa02", side)].concat();
        assert_eq!((orns.len(), steering.len()), (4, 4), "two made-up neurons per type and side");
        plant(&orns, &steering, 40);
    }
    let network = Network::from_edges(NEURONS, edges).unwrap();
    // The tables get the names the shipped file gives them, beside the copied brain file.
    std::fs::create_dir_all(dir.join("flywire")).unwrap();
    write_fixture(&dir.join("flywire"), &fixture, &network, &inhibitory, &mut lif.clone()).unwrap();
    brain
}

/// The FlyWire spec of a brain file.
fn fixture_spec(path: &Path) -> FlyWireLifSpec {
    match load_ron::<BrainSpec>(path).unwrap().spec.model {
        BrainModelSpec::FlyWireLif(lif) => lif,
        _ => panic!("a FlyWireLif brain"),
    }
}

/// The fixture's brain file, loaded, and its FlyWire spec.
fn fixture_brain(dir: &Path) -> (Loaded<BrainSpec>, FlyWireLifSpec) {
    let path = fixture(dir);
    (load_ron(&path).unwrap(), fixture_spec(&path))
}

fn whole_brain(path: &Path, stream: u64) -> Box<dyn Brain> {
    let spec: Loaded<BrainSpec> = load_ron(path).unwrap();
    let motor = MotorLayout { muscle_names: Vec::new(), dorsal: Vec::new(), body_fraction: Vec::new() };
    build(&spec, &motor, stream).unwrap_or_else(|e| panic!("{e}"))
}

/// The descending drives after `seconds` with a constant sugar signal.
fn drives(brain: &mut dyn Brain, sugar: f64, seconds: f64) -> Vec<f64> {
    drives_with_odour(brain, sugar, (0.0, 0.0), seconds)
}

/// The descending drives after `seconds` with constant sugar and odour at the (left, right) antennae.
fn drives_with_odour(brain: &mut dyn Brain, sugar: f64, odour: (f64, f64), seconds: f64) -> Vec<f64> {
    let mut drive = vec![0.0; INPUTS];
    (drive[0], drive[2], drive[3]) = (sugar, odour.0, odour.1);
    let input = NeuralInput { drive };
    let mut out = NeuralOutput::default();
    // Control steps of 20 ms = 200 brain steps of 0.1 ms.
    for _ in 0..(seconds / 0.02).round() as usize {
        brain.step_n(&input, 200, 1e-4, &mut out);
    }
    out.activity.clone()
}

#[test]
fn sugar_on_the_tarsi_raises_the_mapped_descending_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let brain = fixture(dir.path());
    let quiet = drives(whole_brain(&brain, 0).as_mut(), 0.0, 0.5);
    let fed = drives(whole_brain(&brain, 0).as_mut(), 1.0, 0.5);
    assert_eq!(quiet.len(), OUTPUT_NAMES.len());
    eprintln!("descending drives {OUTPUT_NAMES:?}: without sugar {quiet:?}, with sugar {fed:?}");
    for (c, name) in OUTPUT_NAMES.iter().enumerate() {
        assert!(fed[c] > quiet[c] + 0.05, "{name}: {} with sugar against {} without", fed[c], quiet[c]);
    }
}

#[test]
fn a_root_id_missing_from_the_connectome_names_the_id_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let brain = fixture(dir.path());
    let text = std::fs::read_to_string(&brain).unwrap().replace("720575940622838154", "720575940699999999");
    std::fs::write(&brain, text).unwrap();
    let spec: Loaded<BrainSpec> = load_ron(&brain).unwrap();
    let motor = MotorLayout { muscle_names: Vec::new(), dorsal: Vec::new(), body_fraction: Vec::new() };
    let err = build(&spec, &motor, 0).err().expect("an unknown id is an error").to_string();
    assert!(err.contains("whole_brain_lif.ron") && err.contains("720575940699999999") && err.contains("giant_fibre"), "{err}");
}

/// The groups that select cell types get exactly the neurons the fixture annotated with that type on that side
/// and put in the connections table (not its midline neurons, nor those annotated but absent from the table),
/// and each side's group reads that side's sense or drives that side's legs.
#[test]
fn cell_type_groups_take_the_annotated_neurons_of_their_side() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, lif) = fixture_brain(dir.path());
    let lif = &lif;
    let made_up = named_fixture(lif, NEURONS, 5).unwrap();
    let brain = FlyWireLifBrain::new(&spec, lif, 0).unwrap();
    let groups = brain.group_root_ids();
    let mut typed_groups = 0;
    for (name, ids) in &groups {
        let (selection, sense, channel) = match (lif.inputs.iter().find(|i| &i.name == name), lif.outputs.iter().find(|o| &o.name == name)) {
            (Some(input), _) => (input.cell_types.clone(), Some(input.sense.clone()), None),
            (_, Some(output)) => (output.cell_types.clone(), None, Some(output.channel.clone())),
            _ => panic!("group {name} is in the file"),
        };
        let Some(selection) = selection else { continue };
        typed_groups += 1;
        let side = selection.side.expect("the shipped typed groups each name a side");
        let mut expected: Vec<u64> = made_up.annotations.iter()
            .filter(|a| selection.types.contains(&a.primary_type) && a.side == Some(side) && made_up.named_root_ids.contains(&a.root_id))
            .map(|a| a.root_id).collect();
        expected.sort_unstable();
        let mut got = ids.clone();
        got.sort_unstable();
        assert_eq!(got, expected, "{name}");
        assert_eq!(got.len(), 2 * selection.types.len(), "{name}: two neurons of each type on its side");
        let word = side.word();
        match (sense, channel) {
            (Some(FlySense::Odour { site, .. }), _) => assert_eq!(site, format!("antenna_{word}"), "{name}"),
            (Some(FlySense::LoomExpansion(eye)), _) => assert_eq!(eye, format!("eye_{word}"), "{name}"),
            (_, Some(channel)) => assert_eq!(channel, format!("drive_{word}"), "{name}"),
            (other, _) => panic!("{name}: unexpected sense {other:?}"),
        }
    }
    assert_eq!(typed_groups, 6, "ORNs, LPLC2 and DNa01/DNa02 on each side");
    assert_eq!(groups.iter().find(|(n, _)| n == "sugar_GRNs").unwrap().1.len(), 21, "root-id groups are unchanged");
}

/// Odour at one antenna drives that side's olfactory receptor neurons, which (through the fixture's planted
/// path) excite that side's DNa01/DNa02, which take drive from that side's legs: the fly walks on sugar with
/// both drives up and, smelling the odour on one side, turns toward it.
#[test]
fn odour_at_one_antenna_takes_drive_from_that_side() {
    let dir = tempfile::tempdir().unwrap();
    let brain = fixture(dir.path());
    // Sugar at 0.2 (30 Hz) leaves the drives just below their clip at 1 (at 0.3 and above both are clipped
    // whatever the steering neurons do).
    let both = drives_with_odour(whole_brain(&brain, 0).as_mut(), 0.2, (0.0, 0.0), 0.5);
    let left = drives_with_odour(whole_brain(&brain, 0).as_mut(), 0.2, (2.0, 0.0), 0.5);
    let right = drives_with_odour(whole_brain(&brain, 0).as_mut(), 0.2, (0.0, 2.0), 0.5);
    eprintln!("drives {OUTPUT_NAMES:?}: sugar only {both:?}; odour left {left:?}; odour right {right:?}");
    let (l, r) = (0, 1);
    assert_eq!((OUTPUT_NAMES[l], OUTPUT_NAMES[r]), ("drive_left", "drive_right"));
    assert!(left[l] < both[l] - 0.2 && (left[r] - both[r]).abs() < 0.1, "odour on the left slows the left legs only: {left:?} against {both:?}");
    assert!(right[r] < both[r] - 0.2 && (right[l] - both[l]).abs() < 0.1, "odour on the right slows the right legs only: {right:?} against {both:?}");
}

#[test]
fn cell_type_selections_without_tables_or_matches_name_the_file_and_group() {
    let dir = tempfile::tempdir().unwrap();
    let brain = fixture(dir.path());
    let text = std::fs::read_to_string(&brain).unwrap();
    let motor = MotorLayout { muscle_names: Vec::new(), dorsal: Vec::new(), body_fraction: Vec::new() };
    let error_of = |text: String| {
        std::fs::write(&brain, text).unwrap();
        build(&load_ron(&brain).unwrap(), &motor, 0).err().expect("refused").to_string()
    };
    let no_tables = text.replace("annotations: Some((cell_types: \"flywire/consolidated_cell_types.csv.gz\", classification: \"flywire/classification.csv.gz\")),", "");
    assert_ne!(no_tables, text, "the shipped file's layout changed");
    let err = error_of(no_tables);
    assert!(err.contains("whole_brain_lif.ron") && err.contains("annotations") && err.contains("ORNs_left"), "{err}");
    let err = error_of(text.replace("types: [\"LPLC2\"], side: Some(Left)", "types: [\"LPLC3\"], side: Some(Left)"));
    assert!(err.contains("whole_brain_lif.ron") && err.contains("cell_types") && err.contains("LPLC2_left") && err.contains("LPLC3") && err.contains("left"), "{err}");
    // A misspelt type beside one that matches is refused too.
    let err = error_of(text.replacen("\"ORN_DM1\", \"ORN_VA2\"", "\"ORN_DM1\", \"ORN_VA3\"", 1));
    assert!(err.contains("ORNs_left") && err.contains("ORN_VA3"), "{err}");
    let err = error_of(text.replace("flywire/classification.csv.gz", "flywire/missing.csv.gz"));
    assert!(err.contains("whole_brain_lif.ron") && err.contains("missing.csv.gz"), "{err}");
}

/// Net displacement (mm) of one fly run for `seconds` with the whole brain, placed at `start_mm`.
fn closed_loop_displacement(brain: &Path, dir: &Path, start_mm: (f64, f64), seconds: f64) -> f64 {
    let task = dir.join(format!("forage_{}.ron", start_mm.0));
    let text = std::fs::read_to_string("tasks/fly/odour_foraging.ron").unwrap()
        .replace("\"../../", &format!("\"{}/", env!("CARGO_MANIFEST_DIR")))
        .replace("head_tip_mm: (0.0, 0.0), heading_deg: None, position_jitter_mm: 1.0", &format!("head_tip_mm: ({:.1}, {:.1}), heading_deg: Some(90.0), position_jitter_mm: 0.0", start_mm.0, start_mm.1));
    std::fs::write(&task, text).unwrap();
    let out = dir.join(format!("out_{}", start_mm.0));
    let outcome = run_for(&task, Some(brain), 1, 1, 1, &out, Some(seconds));
    // The manifest hashes the FlyWire tables the brain read.
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    for role in ["brain data: FlyWire connections", "brain data: FlyWire cell types", "brain data: FlyWire classification"] {
        assert!(manifest.contains(role), "{role} missing: {manifest}");
    }
    outcome.summary["net_displacement_mm"].as_f64().unwrap()
}

#[test]
fn the_whole_brain_fly_runs_closed_loop_and_walks_when_its_tarsi_taste_sugar() {
    let dir = tempfile::tempdir().unwrap();
    let brain = fixture(dir.path());
    // On the sugar drop (15, 0) the sugar neurons fire and, through the planted path, the descending
    // neurons drive the legs; 30 mm from the food the brain is silent and the body only settles onto its legs
    // (about 1 mm in the first 0.6 s).
    let fed = closed_loop_displacement(&brain, dir.path(), (15.0, 0.0), 0.6);
    let unfed = closed_loop_displacement(&brain, dir.path(), (-15.0, 0.0), 0.6);
    eprintln!("net displacement in 0.6 s: on sugar {fed:.2} mm, away from food {unfed:.2} mm");
    assert!(fed > unfed + 2.0, "on sugar the fly walks: {fed} mm against {unfed} mm away from food");
}

/// `ett bench fly-brain` times the whole-brain fly closed through the body on a generated table naming the
/// brain's ids (CI-sized here: 3000 neurons, 0.1 s; the benchmark's default is FlyWire's size, README).
#[test]
fn the_closed_loop_benchmark_runs_the_lif_brain_on_a_generated_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let bench = FlyBrainBench { task: root.join("tasks/fly/odour_foraging.ron"), brain: root.join("brains/fly/whole_brain_lif.ron"), neurons: 3000, seed: 1, seconds: 0.1, animals: 1, start_mm: Some((15.0, 0.0)), out: Some(dir.path().to_path_buf()), backend: None, check: true };
    let report = ett::bench::fly_brain::run(&bench).unwrap();
    eprintln!("{report}");
    assert!(report.contains("GENERATED") && report.contains("3000 neurons") && report.contains("starts at (15, 0) mm"), "{report}");
    assert!(report.contains("closed loop (fly_whole_brain_lif), 1 thread"), "{report}");
    assert!(dir.path().join("connections.csv.gz").is_file(), "the table is kept with --out");
    // `--check` compares the CPU and GPU closed loops: a PASS with a device, "skipped" without.
    match ett::engine::cuda::device_name() {
        Ok(_) => assert!(report.contains("fly closed-loop parity PASS"), "{report}"),
        Err(_) => {
            assert!(report.contains("fly closed-loop parity: skipped: no CUDA device"), "{report}");
            println!("skipped: the GPU side of the closed-loop parity (no CUDA device)");
        }
    }
    // `--backend cuda` times the loop on GPU 0, or says it skipped.
    if ett::engine::cuda::device_name().is_err() {
        let on_gpu = FlyBrainBench { backend: Some(ett::config::spiking_spec::SpikingBackend::Cuda), ..bench.clone() };
        let report = ett::bench::fly_brain::run(&on_gpu).unwrap();
        assert!(report.contains("skipped: no CUDA device"), "{report}");
    }
    // A brain that is not a FlyWire LIF brain is refused, naming the file.
    let wrong = FlyBrainBench { brain: root.join("brains/fly/null_random.ron"), ..bench };
    let err = ett::bench::fly_brain::run(&wrong).unwrap_err().to_string();
    assert!(err.contains("null_random.ron") && err.contains("FlyWireLif"), "{err}");
}

/// Regression (2026-12-07): the benchmark's start on the sugar drop was written into the task spec, which the
/// body never reads (phases carry their placement); the fly started at the task's placement, off the food,
/// and the benchmark timed a quiet brain while saying it was on sugar.
#[test]
fn the_benchmark_start_places_the_body_where_it_says() {
    let mut scenario = ett::config::Scenario::load(Path::new("tasks/fly/odour_foraging.ron"), None).unwrap();
    ett::bench::fly_brain::place_at(&mut scenario, (15.0, 0.0)).unwrap();
    let mut episode = ett::sim::Episode::new(&scenario, 1, 0, 0.1).unwrap();
    episode.step().unwrap();
    let sugar = episode.sensor_frame().food_per_mm2.iter().copied().fold(0.0, f64::max);
    assert!(sugar > 0.0, "a tarsus tastes the sugar drop at (15, 0): {:?}", episode.sensor_frame().food_per_mm2);
}

/// The brain file with `backend: Cuda` added.
fn on_cuda(brain: &Path) -> PathBuf {
    let text = std::fs::read_to_string(brain).unwrap().replace("seed: 1,\n    )),", "seed: 1,\n        backend: Cuda,\n    )),");
    assert!(text.contains("backend: Cuda"), "the shipped file's layout changed: {text}");
    let cuda = brain.with_file_name("whole_brain_lif_cuda.ron");
    std::fs::write(&cuda, text).unwrap();
    cuda
}

/// `backend: Cuda` runs the whole brain on GPU 0 and spikes as the CPU does (same Poisson events, same
/// arithmetic), so the descending drives agree to the bit; without a CUDA driver or device the brain is
/// refused with an error naming the file and the missing driver.
#[test]
fn the_cuda_backend_matches_the_cpu_or_names_the_missing_driver() {
    let dir = tempfile::tempdir().unwrap();
    let brain = fixture(dir.path());
    let cuda = on_cuda(&brain);
    let spec: Loaded<BrainSpec> = load_ron(&cuda).unwrap();
    let motor = MotorLayout { muscle_names: Vec::new(), dorsal: Vec::new(), body_fraction: Vec::new() };
    match build(&spec, &motor, 0) {
        Err(e) => {
            let message = e.to_string();
            assert!(ett::engine::cuda::device_name().is_err(), "a device is present but the CUDA brain failed: {message}");
            assert!(message.contains("whole_brain_lif_cuda.ron") && (message.contains("no CUDA driver") || message.contains("CUDA")), "{message}");
            println!("skipped: the GPU whole brain (no CUDA device): {message}");
        }
        Ok(mut gpu) => {
            assert_eq!(gpu.backend(), "cuda");
            let mut cpu = whole_brain(&brain, 0);
            // Sugar on and off, so rates change between control steps as in the closed loop.
            let mut out_cpu = NeuralOutput::default();
            let mut out_gpu = NeuralOutput::default();
            for k in 0..40 {
                let mut drive = vec![0.0; INPUTS];
                drive[0] = if k % 10 < 5 { 1.0 } else { 0.0 };
                let input = NeuralInput { drive };
                cpu.step_n(&input, 40, 1e-4, &mut out_cpu);
                gpu.step_n(&input, 40, 1e-4, &mut out_gpu);
                assert_eq!(out_cpu.activity, out_gpu.activity, "control step {k}");
            }
            assert!(out_cpu.activity.iter().any(|&d| d > 0.0), "the sugar pulses reach the outputs: {:?}", out_cpu.activity);
        }
    }
}

/// `ett groups BRAIN` lists the neurons each group picks on the brain's own tables (here the fixture's), and
/// writes them as CSV; a brain that maps no FlyWire groups is refused, naming its file.
#[test]
fn ett_groups_lists_each_groups_neurons_on_the_brains_tables() {
    let dir = tempfile::tempdir().unwrap();
    let brain = fixture(dir.path());
    let csv = dir.path().join("groups.csv");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ett")).arg("groups").arg(&brain).arg("--csv").arg(&csv).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let line = |group: &str| stdout.lines().find(|l| l.starts_with(group)).unwrap_or_else(|| panic!("no {group} in {stdout}")).to_string();
    assert!(line("sugar_GRNs").contains(" 21 neurons") && line("sugar_GRNs").contains("Sugar"), "{stdout}");
    assert!(line("ORNs_left").contains(" 4 neurons") && line("ORNs_left").contains("antenna_left"), "{stdout}");
    assert!(line("DNa01_DNa02_right").contains("output") && line("DNa01_DNa02_right").contains("drive_right"), "{stdout}");
    let rows = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(rows.lines().next(), Some("group,direction,root_id"));
    let listed = |group: &str| -> Vec<u64> {
        let mut ids: Vec<u64> = rows.lines().filter_map(|l| l.strip_prefix(&format!("{group},"))).map(|rest| rest.rsplit(',').next().unwrap().parse().unwrap()).collect();
        ids.sort_unstable();
        ids
    };
    let lif = fixture_spec(&brain);
    let made_up = named_fixture(&lif, NEURONS, 5).unwrap();
    let mut lplc2_right: Vec<u64> = made_up.annotations.iter().filter(|a| a.primary_type == "LPLC2" && a.side == Some(Side::Right)).map(|a| a.root_id).collect();
    lplc2_right.sort_unstable();
    assert_eq!(listed("LPLC2_right"), lplc2_right, "{rows}");
    let mut sugar = lif.inputs[0].root_ids.clone();
    sugar.sort_unstable();
    assert_eq!(listed("sugar_GRNs"), sugar);
    let not_lif = std::process::Command::new(env!("CARGO_BIN_EXE_ett")).args(["groups", "brains/fly/behavioral_model.ron"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&not_lif.stderr);
    assert!(!not_lif.status.success() && stderr.contains("behavioral_model.ron") && stderr.contains("FlyWireLif"), "{stderr}");
    // The shipped file without FlyWire's tables (not shipped): the error says whose they are to place.
    if Path::new("brains/fly/flywire/connections.csv.gz").exists() {
        println!("skipped: the missing-table message (this checkout has FlyWire's table)");
        return;
    }
    let no_data = std::process::Command::new(env!("CARGO_BIN_EXE_ett")).args(["groups", "brains/fly/whole_brain_lif.ron"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&no_data.stderr);
    assert!(!no_data.status.success() && stderr.contains("whole_brain_lif.ron") && stderr.contains("connections") && stderr.contains("not shipped"), "{stderr}");
}

/// A run reads the FlyWire tables once, before its animals start, and holds them to its end: three flies
/// on one thread (each brain dropped before the next is built) share one read of each table. Until
/// 2026-12-07 each animal built alone read the 15-million-row table again.
#[test]
fn a_run_reads_the_flywire_tables_once_for_all_its_animals() {
    let dir = tempfile::tempdir().unwrap();
    let brain = fixture(dir.path());
    let task = dir.path().join("forage.ron");
    let text = std::fs::read_to_string("tasks/fly/odour_foraging.ron").unwrap().replace("\"../../", &format!("\"{}/", env!("CARGO_MANIFEST_DIR")));
    std::fs::write(&task, text).unwrap();
    run_for(&task, Some(&brain), 3, 1, 1, &dir.path().join("out"), Some(0.02));
    let flywire = dir.path().join("flywire");
    let connections = flywire.join("connections.csv.gz");
    let annotations = [flywire.join("consolidated_cell_types.csv.gz"), flywire.join("classification.csv.gz")];
    assert_eq!(times_read(&[connections.as_path()]), 1);
    assert_eq!(times_read(&[annotations[0].as_path(), annotations[1].as_path()]), 1);
}

/// A table edited between runs is read anew, not served from the copy a live brain still holds (the cache
/// knows a table by path, length and modification time): with the classification's sides swapped, the left
/// LPLC2 group of a brain built after the edit holds the neurons that were on the right.
#[test]
fn an_edited_annotation_table_is_read_again_not_served_stale() {
    let dir = tempfile::tempdir().unwrap();
    let (spec, lif) = fixture_brain(dir.path());
    let lif = &lif;
    let group = |brain: &FlyWireLifBrain, name: &str| -> Vec<u64> {
        let mut ids = brain.group_root_ids().into_iter().find(|(n, _)| n == name).unwrap().1;
        ids.sort_unstable();
        ids
    };
    let before = FlyWireLifBrain::new(&spec, lif, 0).unwrap();
    let (left, right) = (group(&before, "LPLC2_left"), group(&before, "LPLC2_right"));
    let mut swapped = named_fixture(lif, NEURONS, 5).unwrap().annotations;
    for a in &mut swapped {
        a.side = a.side.map(|s| if s == Side::Left { Side::Right } else { Side::Left });
    }
    let tables = dir.path().join("flywire");
    ett::engine::flywire_annotations::write_annotations(&tables.join("consolidated_cell_types.csv.gz"), &tables.join("classification.csv.gz"), &swapped).unwrap();
    let after = FlyWireLifBrain::new(&spec, lif, 0).unwrap();
    assert_eq!(group(&after, "LPLC2_left"), right, "the edited table's sides");
    assert_eq!(group(&before, "LPLC2_left"), left, "the brain built before keeps what it read");
}

/// A sweep reads the FlyWire tables once, when it plans, and holds them while its jobs run: two variants on
/// one worker (the jobs' runs never overlap) share one read.
#[test]
fn a_sweep_reads_the_flywire_tables_once() {
    let dir = tempfile::tempdir().unwrap();
    let brain = fixture(dir.path());
    let root = env!("CARGO_MANIFEST_DIR");
    let sweep = dir.path().join("sweep.ron");
    std::fs::write(&sweep, format!(r#"Sweep(
    name: "flywire_reads",
    brain: "{brain}",
    target: Tasks(["{root}/tasks/fly/odour_foraging.ron"]),
    seeds: [1],
    animals: 1,
    max_duration_s: Some(0.02),
    variants: [Grid([(path: "model.rate_tau_s", values: [0.05])])],
    rank_by: Effect(task: "odour_foraging", measure: "fraction_time_on_food"),
)
"#, brain = brain.display())).unwrap();
    let request = ett::batch::BatchRequest { sweep, out: dir.path().join("out"), resume: false, shard: ett::batch::Shard::ALL, threads: 1, progress: false, command: vec!["test".into()] };
    let outcome = ett::batch::run_batch(&request).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.ran, 2, "the intact brain and one variant");
    assert_eq!(times_read(&[dir.path().join("flywire/connections.csv.gz").as_path()]), 1);
}
