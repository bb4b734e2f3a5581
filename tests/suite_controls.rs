//! The embedded Turing test separates its controls: the behavioural model passes every family and at
//! least 80% of the metrics with 20 animals; the paralysed and random-motor worms fail every family;
//! `ett score` on an existing suite folder gives the suite's own result.
//!
//! CI budget (2 cores): the tasks run shortened, one cap per group, through the suite's own options
//! (a second `run_suite` into the same folder adds runs; scoring reads them all): chemotaxis 10 min
//! (the index counts the first zone reached; most animals have reached one by then), the other
//! behavioural tasks at most 5 min (30 taps at 10 s, 10 touches, the on-food phase of food search, half
//! the osmotic assay), the nulls only crawl, anterior touch and 5 min of chemotaxis (one task per
//! family is enough to fail it). The full-length figures are in the README.

mod common;

use common::root;
use ett::suite::{run_suite, score, Evaluation, ScoreRequest, SuiteRequest};
use std::path::Path;

fn suite(brain: &str, out: &Path, tasks: &[&str], cap_s: f64) -> Evaluation {
    let request = SuiteRequest {
        tasks_dir: root().join("tasks/worm"),
        brain: root().join("brains/celegans").join(brain),
        reference: root().join("scoring/worm/reference_n2.ron"),
        animals: 20,
        out: out.to_path_buf(),
        seed: 1,
        threads: None,
        only_tasks: Some(tasks.iter().map(|t| t.to_string()).collect()),
        max_duration_s: Some(cap_s),
        progress: false,
        command: vec!["suite_controls".into()],
    };
    run_suite(&request).unwrap_or_else(|e| panic!("{brain}: {e}"))
}

fn describe(e: &Evaluation) -> String {
    let mut s = format!("turing_score {:.3}, {:.0}% of metrics pass\n", e.turing_score, 100.0 * e.fraction_passed());
    for f in &e.families {
        s += &format!("  {:?} {:.3} pass {} worst {} {:.3}\n", f.family, f.score, f.pass, f.worst.0, f.worst.1);
    }
    for m in &e.metrics {
        s += &format!("    {} [{}] mean {:.4} ref {:.4}+-{:.4} p {:.3} q {:.3} pass {}\n", m.entry.metric, m.entry.condition, m.mean, m.reference.0, m.reference.1, m.p_value, m.q_value, m.pass);
    }
    s
}

#[test]
fn behavioural_model_passes_every_family() {
    let dir = tempfile::tempdir().unwrap();
    suite("behavioral_model.ron", dir.path(), &["chemotaxis_nacl"], 600.0);
    let e = suite("behavioral_model.ron", dir.path(), &["crawl", "touch_anterior", "tap_habituation_10s", "osmotic_ring", "food_search"], 300.0);
    let text = describe(&e);
    println!("behavioural model:\n{text}");
    assert_eq!(e.families.len(), 3, "{text}");
    assert!(e.families.iter().all(|f| f.pass), "{text}");
    assert!(e.fraction_passed() >= 0.8, "{text}");
    assert!(dir.path().join("score.json").is_file() && dir.path().join("report.md").is_file() && dir.path().join("metrics.csv").is_file());
    assert!(dir.path().join("plots/habituation_tap_habituation_10s.svg").is_file() && dir.path().join("plots/tracks_chemotaxis_nacl.svg").is_file());
}

#[test]
fn null_brains_fail_every_family_and_score_matches_the_suite() {
    for brain in ["null_paralysed.ron", "null_random.ron"] {
        let dir = tempfile::tempdir().unwrap();
        suite(brain, dir.path(), &["chemotaxis_nacl"], 300.0);
        let e = suite(brain, dir.path(), &["crawl", "touch_anterior"], 300.0);
        let text = describe(&e);
        println!("{brain}:\n{text}");
        assert_eq!(e.families.len(), 3, "{text}");
        assert!(e.families.iter().all(|f| !f.pass), "{brain} passed a family:\n{text}");

        // `ett score` on the finished folder, written elsewhere, gives the same scores.
        let again_dir = tempfile::tempdir().unwrap();
        score(&ScoreRequest { dir: dir.path().to_path_buf(), reference: root().join("scoring/worm/reference_n2.ron"), out: again_dir.path().to_path_buf(), tracks_task: "crawl".into(), seed: 1 }).unwrap();
        let read = |p: &Path| {
            let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p.join("score.json")).unwrap()).unwrap();
            v["context"]["folder"] = serde_json::Value::Null;
            v
        };
        assert_eq!(read(dir.path()), read(again_dir.path()), "{brain}: ett score differs from the suite's scoring");
    }
}
