//! The same config and seed give byte-identical outputs, whatever the thread count; every run writes
//! a manifest.

mod common;
use common::*;

fn trajectories(dir: &std::path::Path, animals: usize) -> Vec<Vec<u8>> {
    (0..animals).map(|a| std::fs::read(dir.join(format!("animal_{a:03}/trajectory.csv"))).unwrap()).collect()
}

#[test]
fn same_seed_gives_identical_trajectories_with_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let task = common::root().join("tasks/worm/crawl.ron");
    let text = std::fs::read_to_string(&task).unwrap().replace("duration_s: 60.0", "duration_s: 5.0");
    let short = dir.path().join("crawl_short.ron");
    std::fs::write(&short, text.replace("../../", &format!("{}/", common::root().display()))).unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    let again = dir.path().join("again");
    run_task(&short, None, 3, 42, 1, &one);
    run_task(&short, None, 3, 42, 2, &two);
    run_task(&short, None, 3, 42, 2, &again);
    let reference = trajectories(&one, 3);
    assert_eq!(reference, trajectories(&two, 3), "1 vs 2 threads differ");
    assert_eq!(reference, trajectories(&again, 3), "two runs with 2 threads differ");
    // Different animals of one seed start differently (random heading and jitter).
    assert_ne!(reference[0], reference[1]);
    let other_seed = dir.path().join("other");
    run_task(&short, None, 1, 43, 1, &other_seed);
    assert_ne!(reference[0], trajectories(&other_seed, 1)[0]);
}

#[test]
fn every_run_writes_a_manifest_with_hashes_seed_and_backend() {
    let dir = tempfile::tempdir().unwrap();
    let task = write_task(dir.path(), "m", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 2.0, "");
    run_task(&task, None, 2, 9, 1, &dir.path().join("out"));
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("out/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["seed"], 9);
    assert_eq!(manifest["animals"], 2);
    assert_eq!(manifest["backend"], "cpu");
    let roles: Vec<&str> = manifest["configs"].as_array().unwrap().iter().map(|c| c["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["task", "body", "environment", "brain"]);
    for config in manifest["configs"].as_array().unwrap() {
        assert_eq!(config["sha256"].as_str().unwrap().len(), 64);
    }
    assert!(manifest["ett_version"].as_str().unwrap().starts_with("ett "));
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("out/summary.json")).unwrap()).unwrap();
    for key in ["mean_speed_mm_per_s", "net_displacement_mm", "body_bend_frequency_hz", "wavelength_body_lengths", "real_time_factor"] {
        assert!(summary[key].is_number(), "summary lacks {key}: {summary}");
    }
}

/// The (role, path, sha256) of each file a manifest lists.
fn manifest_files(out: &std::path::Path) -> Vec<(String, String, String)> {
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    manifest["configs"].as_array().unwrap().iter().map(|c| (c["role"].as_str().unwrap().into(), c["path"].as_str().unwrap().into(), c["sha256"].as_str().unwrap().into())).collect()
}

/// Results depend on a brain's data as much as on its RON file (a connectome's tables, the fly's step-cycle
/// template), so the manifest hashes those too. Until 2026-12-07 it hashed only the RON files: a run on
/// edited connectome tables had the same manifest as one on the shipped tables.
#[test]
fn the_manifest_hashes_the_data_files_a_brain_reads() {
    let dir = tempfile::tempdir().unwrap();
    let task = write_task(dir.path(), "c", "environments/agar_plate_90mm.ron", "brains/celegans/connectome.ron", 0.2, "");
    run_task(&task, None, 1, 1, 1, &dir.path().join("worm"));
    let files = manifest_files(&dir.path().join("worm"));
    let tables: Vec<&(String, String, String)> = files.iter().filter(|(role, _, _)| role == "brain data: connectome table").collect();
    let names: Vec<&str> = tables.iter().map(|(_, path, _)| path.rsplit('/').next().unwrap()).collect();
    assert_eq!(names, ["neurons.csv", "chemical_synapses.csv", "gap_junctions.csv", "neuromuscular_junctions.csv", "muscles.csv"], "{files:?}");
    for (_, path, sha256) in &tables {
        assert_eq!(sha256, &ett::config::hash_file(std::path::Path::new(path)).unwrap(), "{path}");
    }

    let fly = root().join("tasks/fly/walk_open_arena.ron");
    run_for(&fly, None, 1, 1, 1, &dir.path().join("fly"), Some(0.02));
    let files = manifest_files(&dir.path().join("fly"));
    let template = files.iter().find(|(role, _, _)| role == "brain data: walking template").unwrap_or_else(|| panic!("{files:?}"));
    assert!(template.1.ends_with("bodies/fly_walking.ron"), "{template:?}");
    assert_eq!(template.2, ett::config::hash_file(&root().join("bodies/fly_walking.ron")).unwrap());
}
