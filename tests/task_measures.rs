//! Task measures computed from scripted behaviour with known answers, and phases run in order.

mod common;
use common::*;
use serde_json::{json, Map, Value};

#[test]
fn response_probability_counts_reversals_that_follow_a_stimulus_within_the_window() {
    let dir = tempfile::tempdir().unwrap();
    // The brain reverses at 20 s and 45 s on its own schedule; touches at 19 s and 30 s: only the first
    // is followed by a reversal onset within 3 s.
    let extra = r#"stimuli: [(kind: Touch("anterior_body"), at_s: 19.0), (kind: Touch("anterior_body"), at_s: 30.0)],
    measures: [ResponseProbability(name: "p", stimulus: Touch("anterior_body"), window_s: 3.0)],"#;
    let task = write_task(dir.path(), "resp", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator_reversals.ron", 50.0, extra);
    let outcome = run_task(&task, None, 2, 1, 2, &dir.path().join("out"));
    assert_eq!(outcome.summary["animals"][0]["task"]["p_per_stimulus"], json!([1, 0]));
    assert_eq!(outcome.summary["measures"]["p"], json!(0.5));
    assert_eq!(outcome.summary["measures"]["p_curve"], json!([1.0, 0.0]));
}

#[test]
fn a_stimulus_during_a_reversal_is_a_blank_in_its_own_position() {
    let dir = tempfile::tempdir().unwrap();
    // Reversals at 20-24 s and 45-49 s; the touch at 22 s falls inside the first: it is not counted, but
    // it keeps its place, so the touch at 30 s is still stimulus 3.
    let extra = r#"stimuli: [(kind: Touch("anterior_body"), at_s: 19.0), (kind: Touch("anterior_body"), at_s: 22.0), (kind: Touch("anterior_body"), at_s: 30.0)],
    measures: [ResponseProbability(name: "p", stimulus: Touch("anterior_body"), window_s: 3.0)],"#;
    let task = write_task(dir.path(), "resp", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator_reversals.ron", 50.0, extra);
    let outcome = run_task(&task, None, 2, 1, 2, &dir.path().join("out"));
    assert_eq!(outcome.summary["animals"][0]["task"]["p_per_stimulus"], json!([1, null, 0]));
    assert_eq!(outcome.summary["measures"]["p"], json!(0.5));
    assert_eq!(outcome.summary["measures"]["p_curve"], json!([1.0, null, 0.0]));
}

#[test]
fn the_per_stimulus_curve_skips_blanks_without_shifting_later_stimuli() {
    let spec: ett::config::task_spec::MeasureSpec = ron::from_str(r#"ResponseProbability(name: "tap", stimulus: Tap, window_s: 3.0)"#).unwrap();
    let animals: Vec<Map<String, Value>> = [json!([1, null, 0]), json!([0, 1, 1]), json!([null, null, 1])].into_iter().map(|a| {
        let mut m = Map::new();
        m.insert("tap_per_stimulus".into(), a);
        m
    }).collect();
    let out = ett::task::aggregate(&[spec], &animals);
    assert_eq!(out["tap_curve"], json!([0.5, 1.0, 2.0 / 3.0]));
}

#[test]
fn chemotaxis_scores_the_first_zone_reached() {
    let dir = tempfile::tempdir().unwrap();
    let measure = r#"measures: [ChemotaxisIndex(name: "ci", attractant: (center_mm: (20.0, 0.0), radius_mm: 10.0), control: (center_mm: (-20.0, 0.0), radius_mm: 10.0))],"#;
    let task = write_task(dir.path(), "ci", "environments/chemotaxis_nacl_plate.ron", "brains/celegans/pattern_generator.ron", 15.0, measure);
    let toward = std::fs::read_to_string(&task).unwrap().replace("head_tip_mm: (0.0, 0.0)", "head_tip_mm: (8.5, 0.0)");
    std::fs::write(&task, &toward).unwrap();
    let outcome = run_task(&task, None, 1, 1, 1, &dir.path().join("toward"));
    assert_eq!(outcome.summary["measures"]["ci_bargmann"], json!(1.0));
    let away = toward.replace("head_tip_mm: (8.5, 0.0)", "head_tip_mm: (-8.5, 0.0)").replace("heading_deg: Some(0.0)", "heading_deg: Some(180.0)");
    std::fs::write(&task, away).unwrap();
    let outcome = run_task(&task, None, 1, 1, 1, &dir.path().join("away"));
    assert_eq!(outcome.summary["measures"]["ci_bargmann"], json!(-1.0));
}

#[test]
fn chemotaxis_aggregates_with_both_published_definitions() {
    let spec: ett::config::task_spec::MeasureSpec = ron::from_str(r#"ChemotaxisIndex(name: "ci", attractant: (center_mm: (1.0, 0.0), radius_mm: 1.0), control: (center_mm: (-1.0, 0.0), radius_mm: 1.0))"#).unwrap();
    let animals: Vec<Map<String, Value>> = [1, 1, 1, -1, 0, 0, 0, 0, 0, 0].iter().map(|s| {
        let mut m = Map::new();
        m.insert("ci_score".into(), json!(s));
        m
    }).collect();
    let out = ett::task::aggregate(&[spec], &animals);
    assert_eq!(out["ci_bargmann"], json!(0.2)); // (3 - 1) / 10
    assert_eq!(out["ci_a_minus_c_over_a_plus_c"], json!(0.5)); // (3 - 1) / 4
}

#[test]
fn escape_from_the_ring_is_timed() {
    let dir = tempfile::tempdir().unwrap();
    let measure = r#"measures: [EscapeDisk(name: "out", disk: (center_mm: (0.0, 0.0), radius_mm: 5.0)), TimeInNoxious(name: "glycerol_s")],"#;
    let task = write_task(dir.path(), "ring", "environments/osmotic_ring_plate.ron", "brains/celegans/pattern_generator.ron", 20.0, measure);
    edit_file(&task, "head_tip_mm: (0.0, 0.0)", "head_tip_mm: (3.5, 0.0)");
    let outcome = run_task(&task, None, 1, 1, 1, &dir.path().join("out"));
    let time = outcome.summary["measures"]["out_mean_time_s"].as_f64().unwrap();
    // 1.5 mm at about 0.2 mm/s.
    assert!((4.0..12.0).contains(&time), "escaped after {time} s");
    assert_eq!(outcome.summary["measures"]["out_fraction"], json!(1.0));
    assert!(outcome.summary["measures"]["glycerol_s"].as_f64().unwrap() > 1.0);
}

#[test]
fn temperature_deviation_reads_the_gradient_at_the_nose() {
    let dir = tempfile::tempdir().unwrap();
    let measure = r#"measures: [TemperatureDeviation(name: "dev", preferred_c: 20.0)],"#;
    let task = write_task(dir.path(), "thermo", "environments/thermal_gradient_plate.ron", "brains/celegans/pattern_generator.ron", 5.0, measure);
    let outcome = run_task(&task, None, 1, 1, 1, &dir.path().join("out"));
    // 21 C at the centre, 0.0889 C/mm; the nose moves about 1 mm in 5 s.
    let dev = outcome.summary["measures"]["dev"].as_f64().unwrap();
    assert!((dev - 1.0).abs() < 0.15, "deviation {dev} C");
}

#[test]
fn mean_temperature_averages_the_gradient_at_the_nose_from_its_start_time_on() {
    let dir = tempfile::tempdir().unwrap();
    let measure = r#"measures: [MeanTemperature(name: "all_c", from_s: 0.0), MeanTemperature(name: "late_c", from_s: 4.0), MeanTemperature(name: "never_c", from_s: 9.0)],"#;
    let task = write_task(dir.path(), "thermo", "environments/thermal_gradient_plate.ron", "brains/celegans/pattern_generator.ron", 5.0, measure);
    let outcome = run_task(&task, None, 1, 1, 1, &dir.path().join("out"));
    // 21 C at the centre, 0.0889 C/mm: the nose starts near 21 C and moves about 1 mm in 5 s.
    let (all, late) = (outcome.summary["measures"]["all_c"].as_f64().unwrap(), outcome.summary["measures"]["late_c"].as_f64().unwrap());
    assert!((all - 21.0).abs() < 0.3 && (late - 21.0).abs() < 0.3, "mean temperatures {all} and {late} C");
    assert_ne!(all, late, "the late mean leaves out the first 4 s");
    // A start time after the episode leaves no sample: no value, not 0 C.
    assert_eq!(outcome.summary["animals"][0]["task"]["never_c"], json!(null));
}

#[test]
fn phases_run_in_order_with_a_new_arena_and_placement_and_the_measures_see_their_phase() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("tasks/worm/food_search.ron")).unwrap()
        .replace("duration_s: 2100.0", "duration_s: 20.0")
        .replace("duration_s: 300.0", "duration_s: 8.0")
        .replace("duration_s: 1800.0", "duration_s: 12.0")
        .replace("bin_s: 60.0", "bin_s: 4.0")
        .replace("../../", &format!("{}/", root().display()));
    let task = dir.path().join("food_search_short.ron");
    std::fs::write(&task, text).unwrap();
    let outcome = run_task(&task, None, 1, 3, 1, &dir.path().join("out"));
    let events = std::fs::read_to_string(dir.path().join("out/animal_000/events.csv")).unwrap();
    assert!(events.contains("0.0000,phase_start,on_food") && events.contains("8.0000,phase_start,off_food"), "{events}");
    let bins = outcome.summary["measures"]["reversals_per_min_off_food_per_bin"].as_array().unwrap().len();
    assert_eq!(bins, 3, "12 s off food in 4 s bins");
    let trajectory = std::fs::read_to_string(dir.path().join("out/animal_000/trajectory.csv")).unwrap();
    let times: Vec<f64> = trajectory.lines().skip(1).map(|l| l.split(',').next().unwrap().parse().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[1] > w[0]), "the clock runs on across phases");
    assert!((times.last().unwrap() - 20.0).abs() < 1e-6);
    let manifest = std::fs::read_to_string(dir.path().join("out/manifest.json")).unwrap();
    assert!(manifest.contains("food_removed_plate.ron"), "every phase environment is hashed");
}

#[test]
fn a_measure_naming_an_unknown_phase_or_touch_site_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let bad_phase = r#"measures: [TimeInNoxious(name: "x", phase: Some("later"))],"#;
    let task = write_task(dir.path(), "bad", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 1.0, bad_phase);
    let message = ett::config::Scenario::load(&task, None).unwrap_err().to_string();
    assert!(message.contains("bad.ron") && message.contains("phase `later`"), "{message}");
    let bad_site = r#"measures: [ResponseProbability(name: "x", stimulus: Touch("tail_tip"), window_s: 1.0)],"#;
    let task = write_task(dir.path(), "site", "environments/agar_plate_90mm.ron", "brains/celegans/pattern_generator.ron", 1.0, bad_site);
    let scenario = ett::config::Scenario::load(&task, None).unwrap();
    let message = ett::sim::Episode::new(&scenario, 1, 0, 1.0).err().unwrap().to_string();
    assert!(message.contains("site.ron") && message.contains("touch site `tail_tip`"), "{message}");
}
