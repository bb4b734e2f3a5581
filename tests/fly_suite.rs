//! `ett suite fly`: the fly reference (`scoring/fly/`) loads, its real-recording entries are measured on the
//! converted tethered-walking file and free-walking Spotlight clip by the same stepping code as simulated
//! flies, and the suite scores the behavioural fly against the null brains.

use ett::config::fly_body_spec::LegJoint;
use ett::scoring::reference::{load_reference_file, MetricSource, Value};
use ett::scoring::stepping::read_gait_csv;
use ett::suite::default_reference;
use std::path::{Path, PathBuf};

/// The real recordings the reference's gait entries are measured on: file, a phrase of their entries'
/// `condition` that names the recording, and the number of samples.
const RECORDINGS: [(&str, &str, usize); 2] = [
    ("scoring/fly/tethered_walking_210902_pr_fly1.csv", "walking tethered on a ball", 2000), // 1 s at 0.5 ms
    ("scoring/fly/free_walking_spotlight_clip.csv", "spotlight clip", 660), // 2 s at 330 Hz
];

#[test]
fn each_species_default_reference_is_its_one_reference_file() {
    assert_eq!(default_reference(Path::new("scoring/fly")).unwrap(), PathBuf::from("scoring/fly/reference_canton_s.ron"));
    assert_eq!(default_reference(Path::new("scoring/worm")).unwrap(), PathBuf::from("scoring/worm/reference_n2.ron"));
    let err = default_reference(Path::new("tasks")).unwrap_err().to_string();
    assert!(err.contains("tasks") && err.contains("reference_"), "{err}");
}

#[test]
fn the_real_recording_is_in_the_gait_record_format_and_gives_the_reference_values() {
    // Both converters' outputs have the simulated gait.csv's joint columns: LEG_JOINT_rad for every leg and
    // every compared joint (ThcPitch has no counterpart in the recordings), and a LEG_stance column per leg:
    // not a recorded contact (neither recording has one) but the tarsus tip moving backward in the body
    // frame: for the tethered fly from forward kinematics on NeuroMechFly's model
    // (scripts/import_fly_kinematics.py), for the free fly of flygym 2.1.1's Spotlight clip from its
    // body-frame keypoints (scripts/import_fly_spotlight.py).
    let legs = ["LF", "LM", "LH", "RF", "RM", "RH"];
    let joints: Vec<String> = LegJoint::ALL.iter().map(|j| format!("{j:?}")).filter(|j| j != "ThcPitch").collect();
    for (recording, _, samples) in RECORDINGS {
        let text = std::fs::read_to_string(recording).unwrap();
        let header: Vec<&str> = text.lines().find(|l| !l.starts_with('#')).unwrap().split(',').collect();
        assert_eq!(header[0], "time_s");
        for leg in legs {
            for joint in &joints {
                let column = format!("{leg}_{joint}_rad");
                assert!(header.contains(&column.as_str()), "{recording}: no column {column}");
            }
        }
        for leg in legs {
            assert!(header.contains(&format!("{leg}_stance").as_str()), "{recording}: no column {leg}_stance");
        }
        assert_eq!(header.len(), 1 + legs.len() * (joints.len() + 1), "{recording}: {header:?}");
        assert_eq!(read_gait_csv(Path::new(recording)).unwrap().time_s.len(), samples, "{recording}");
    }
    // Every entry measured on a recording is the mean and SD of its per-cycle values there. The loaded
    // entries keep no file name, so each is matched to its recording by its condition.
    let entries = load_reference_file(Path::new("scoring/fly/reference_canton_s.ron")).unwrap();
    let mut measured = [0; RECORDINGS.len()];
    for entry in &entries {
        let Some(MetricSource::Gait(metric)) = &entry.source else { continue };
        let k = RECORDINGS.iter().position(|(_, condition, _)| entry.condition.contains(condition)).unwrap_or_else(|| panic!("{metric}: no recording for condition {:?}", entry.condition));
        let series = read_gait_csv(Path::new(RECORDINGS[k].0)).unwrap();
        let cycles = series.cycle_values(metric).unwrap();
        let Value::Mean { mean, sd: Some(sd), n: Some(n) } = entry.value else { panic!("{}: {:?}", entry.metric, entry.value) };
        assert_eq!(n, cycles.len(), "{metric}");
        assert!((mean - cycles.iter().sum::<f64>() / n as f64).abs() < 1e-12, "{metric}");
        assert!(n >= 5 && sd.is_finite(), "{metric}: {n} cycles");
        println!("real ({}) {metric}: {mean:.3} +- {sd:.3} (n = {n} cycles)", RECORDINGS[k].1);
        measured[k] += 1;
    }
    // Step frequency, duty factor, swing duration, tripod index and 12 joint ranges on each recording: 32
    // entries in all (15 before the Spotlight clip was added, 30 before swing duration).
    assert_eq!(measured, [16, 16], "step frequency, duty factor, swing duration, tripod index and 12 joint ranges per recording");
    // The tethered fly steps at a tethered fly's pace (measured 2026-12-07 with stance as the tarsus tip's
    // retraction from forward kinematics: 6.54 Hz, duty factor 0.77; the earlier proxy, a coxa angle, read
    // 7.95 +- 3.69 Hz and 0.65). Its legs step in a back-to-front wave, each leg a quarter
    // to a third of a cycle after the one behind it and half a cycle from its contralateral partner, not in
    // tripods, so the tripod index is about 0 (-0.03 +- 0.05; the coxa-angle proxy read 0.11 +- 0.09): a
    // converter that put the legs into tripods would read near 1.
    let series = read_gait_csv(Path::new(RECORDINGS[0].0)).unwrap();
    let f = series.metric("step_frequency_hz").unwrap();
    let duty = series.metric("duty_factor").unwrap();
    let tci = series.metric("tripod_coordination_index").unwrap();
    assert!((5.0..12.0).contains(&f) && (0.6..0.85).contains(&duty) && tci.abs() < 0.2, "{f} Hz, duty factor {duty}, tripod index {tci}");
    // The free fly walks faster and in tripods (measured 2026-12-07: 11.0 +- 2.8 Hz, duty factor 0.65 +- 0.09,
    // tripod index 0.42 +- 0.21; RM and LH touch down 0.05 and 0.11 of a cycle after LF, LM, RF and RH 0.52,
    // 0.49 and 0.64): the two recordings differ in gait, and a converter that mixed up legs or lost the
    // swings would not read both.
    let series = read_gait_csv(Path::new(RECORDINGS[1].0)).unwrap();
    let f = series.metric("step_frequency_hz").unwrap();
    let duty = series.metric("duty_factor").unwrap();
    let tci = series.metric("tripod_coordination_index").unwrap();
    assert!((8.0..15.0).contains(&f) && (0.5..0.8).contains(&duty) && tci > 0.25, "{f} Hz, duty factor {duty}, tripod index {tci}");
    // Its swing lasts about a third of its 91-ms cycle (flies swing for 30-50 ms at every speed).
    let swing = series.metric("swing_duration_s").unwrap();
    assert!((0.02..0.05).contains(&swing), "swing {swing} s");
}

fn fly_suite(brain: &str, out: &Path, animals: usize, cap_s: f64) -> ett::suite::Evaluation {
    let request = ett::suite::SuiteRequest {
        tasks_dir: PathBuf::from("tasks/fly"),
        brain: PathBuf::from("brains/fly").join(brain),
        reference: default_reference(Path::new("scoring/fly")).unwrap(),
        animals,
        out: out.to_path_buf(),
        seed: 1,
        threads: None,
        only_tasks: None,
        max_duration_s: Some(cap_s),
        progress: false,
        command: vec!["fly_suite".into()],
    };
    ett::suite::run_suite(&request).unwrap_or_else(|e| panic!("{brain}: {e}"))
}

fn describe(e: &ett::suite::Evaluation) -> String {
    let mut s = format!("turing_score {:.3}\n", e.turing_score);
    for f in &e.families {
        s += &format!("  {:?} {:.3} pass {} ({}/{}) worst {} {:.3}\n", f.family, f.score, f.pass, f.passed, f.metrics, f.worst.0, f.worst.1);
    }
    for m in &e.metrics {
        s += &format!("    {} mean {:.4} ({}/{}) ref {:.4}+-{:.4} p {:.3} score {:.2} pass {}\n", m.entry.metric, m.mean, m.values.len(), m.animals, m.reference.0, m.reference.1, m.p_value, m.score, m.pass);
    }
    for u in &e.unscored {
        s += &format!("    unscored {}: {}\n", u.entry.metric, u.reason);
    }
    s
}

/// CI-sized: every fly task runs a fraction of a second per brain (the body runs at about 0.8x real time on one core),
/// enough to exercise `ett suite fly` end to end and to fail the paralysed fly, not to judge the others.
#[test]
fn the_fly_suite_runs_every_task_and_fails_the_paralysed_fly() {
    let dir = tempfile::tempdir().unwrap();
    let e = fly_suite("null_paralysed.ron", dir.path(), 2, 0.4);
    let text = describe(&e);
    println!("paralysed fly, 2 animals x 0.4 s:\n{text}");
    assert!(!e.families.is_empty() && e.families.iter().all(|f| !f.pass), "{text}");
    // A fly that never steps has no gait: its gait metrics fail, never pass on noise.
    for metric in ["swing_duration_s", "tripod_coordination_index"] {
        assert!(e.metrics.iter().any(|m| m.entry.metric == metric && !m.pass && m.values.is_empty()), "{metric}:\n{text}");
    }
    // Step frequency and duty factor depend on walking speed: the free fly's are listed, not scored, against
    // flies that walk at another speed.
    for metric in ["step_frequency_hz", "duty_factor"] {
        assert!(!e.metrics.iter().any(|m| m.entry.metric == metric), "{metric} is not scored:\n{text}");
        assert!(e.unscored.iter().any(|u| u.entry.metric == metric && u.reason.contains("speed-dependent")), "{metric}:\n{text}");
    }
    let reference = load_reference_file(&default_reference(Path::new("scoring/fly")).unwrap()).unwrap();
    assert_eq!(e.metrics.len() + e.unscored.len(), reference.len(), "every entry is scored or listed:\n{text}");
    // Every entry names a measure its task writes (regression: the food and plume choice entries read a
    // population-level key and failed every brain with no value).
    assert!(e.unscored.iter().all(|u| !u.reason.contains("writes no per-animal measure")), "{text}");
    for metric in ["food_choice_index", "plume_source_choice_index", "plume_filaments_source_choice_index", "avoids_cs_plus", "performance_index_without_shock"] {
        assert!(e.metrics.iter().any(|m| m.entry.metric == metric), "{metric} is scored:\n{text}");
    }
    for file in ["score.json", "report.md", "metrics.csv"] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    // Regression: the report of every species was titled "Worm suite score".
    let report = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(report.starts_with("# Suite score") && report.contains("scoring/fly/reference_canton_s.ron"), "{}", &report[..200.min(report.len())]);
    // The temperature entry reads the preference (where a fly settles from 15 s on); at 0.4 s it has no values.
    assert!(e.metrics.iter().any(|m| m.entry.metric == "preferred_temperature_c"), "{text}");
    // The conditioning tasks ask the suite for 32 flies at least (their PI needs them), the choice tasks
    // for 16 (their sign tests), the others get 2.
    for (task, flies) in [("aversive_conditioning", 32), ("aversive_conditioning_reciprocal", 32), ("aversive_conditioning_without_shock", 32), ("plume_navigation", 16), ("plume_navigation_filaments", 16), ("odour_foraging", 16), ("walk_open_arena", 2)] {
        let summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.path().join("runs").join(task).join("summary.json")).unwrap()).unwrap();
        assert_eq!(summary["animals"].as_array().unwrap().len(), flies, "{task}");
    }
    for task in ["walk_open_arena", "odour_foraging", "temperature_preference", "looming_escape"] {
        assert!(dir.path().join("runs").join(task).join("summary.json").is_file(), "{task}");
    }
    // An intermittent plume is drawn as its mean: one instant is a scatter of puffs.
    let tracks = std::fs::read_to_string(dir.path().join("plots").join("tracks_plume_navigation_filaments.svg")).unwrap();
    assert!(tracks.contains("mean of 10 s"), "the filament plume's map");
}

/// The test at a size that can tell the brains apart: the behavioural fly passes every family and
/// both null brains fail every family. Ignored in CI: with 8 flies per task, 32 for the three conditioning
/// tasks and 16 for the three choice tasks (their `suite_min_animals`), an estimated 110 min of CPU per brain
/// (the body runs about 0.75x real time per core; the behavioural fly's suite took 37 min on 2 cores,
/// 2026-12-07, 45 min that evening, before the choice tasks asked for 16 and the filament plume was added).
/// Its parts were last run one brain at a time with `ett suite fly ... --animals 8 --max-duration 30` in
/// the evening of 2026-12-07 and, for the behavioural fly, again in the sixth session after the turning
/// change (turing_score 0.755, 23 of 26); in the seventh session the three choice tasks ran again at 16 flies
/// for all three brains and the runs were scored with the filament plume's entry and the PI as choices
/// (behavioural 0.764, 25 of 27): it passed all three families, the nulls failed all three (README,
/// "The fly suite")
/// (`cargo test --release --test fly_suite -- --ignored`).
#[test]
#[ignore]
fn the_behavioural_fly_passes_the_fly_suite_and_the_nulls_fail_it() {
    let mut failures = Vec::new();
    for (brain, should_pass) in [("behavioral_model.ron", true), ("null_paralysed.ron", false), ("null_random.ron", false)] {
        let dir = tempfile::tempdir().unwrap();
        let e = fly_suite(brain, dir.path(), 8, 30.0);
        let text = describe(&e);
        println!("{brain}, 8 animals x 30 s:\n{text}");
        let ok = if should_pass { e.families.iter().all(|f| f.pass) } else { e.families.iter().all(|f| !f.pass) };
        if !ok {
            failures.push(format!("{brain}:\n{text}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
