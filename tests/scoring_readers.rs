//! Readers: WCON round trip and units, plain and simulated CSV, located errors, reference files.

use std::path::Path;

use ett::record::trajectory::{Trajectory, TrajectoryRow};
use ett::scoring::error::ScoringError;
use ett::scoring::readers::{csv_track, wcon};
use ett::scoring::reference::{self, Status};
use ett::scoring::track::Track;

/// Tracks equal up to `tol` (text formats round the last bits of a float).
fn assert_close(a: &Track, b: &Track, tol: f64) {
    assert_eq!(a.id, b.id);
    assert_eq!(a.len(), b.len());
    let close = |x: f64, y: f64| (x - y).abs() <= tol;
    assert!(a.times_s.iter().zip(&b.times_s).all(|(x, y)| close(*x, *y)), "{:?} vs {:?}", a.times_s, b.times_s);
    let points = |t: &Track| -> Vec<[f64; 2]> { t.centroid_mm.iter().chain(t.head_mm.iter().flatten()).chain(t.midlines_mm.iter().flatten().flatten()).copied().collect() };
    let (pa, pb) = (points(a), points(b));
    assert_eq!(pa.len(), pb.len());
    assert!(pa.iter().zip(&pb).all(|(p, q)| close(p[0], q[0]) && close(p[1], q[1])));
    assert_eq!(a.head_mm.is_some(), b.head_mm.is_some());
    assert_eq!(a.midlines_mm.is_some(), b.midlines_mm.is_some());
}

fn worm(id: &str, frames: usize) -> Track {
    let mut track = Track::from_centroids(id, (0..frames).map(|k| k as f64 * 0.1).collect(), (0..frames).map(|k| [0.02 * k as f64, 1.0]).collect());
    track.midlines_mm = Some((0..frames).map(|k| (0..5).map(|i| [0.02 * k as f64 + 0.5 - 0.25 * i as f64, 1.0 + 0.01 * i as f64]).collect()).collect());
    track.head_mm = Some(track.midlines_mm.as_ref().unwrap().iter().map(|m| m[0]).collect());
    track
}

#[test]
fn wcon_round_trip() {
    let tracks = vec![worm("a", 20), Track::from_centroids("b", vec![0.0, 0.5, 1.0], vec![[0.0, 0.0], [0.1, 0.0], [0.2, 0.1]])];
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tracks.wcon");
    std::fs::write(&path, wcon::write_wcon(&tracks)).unwrap();
    let back = wcon::read_wcon(&path).unwrap();
    assert_eq!(back.len(), 2);
    for (a, b) in back.iter().zip(&tracks) {
        assert_close(a, b, 1e-12);
    }
}

#[test]
fn wcon_units_records_and_errors() {
    let text = r#"{"units": {"t": "ms", "x": "um", "y": "um"},
        "data": [{"id": 3, "t": [1000, 2000], "x": [100, 200], "y": [0, 50]},
                 {"id": 3, "t": [0], "x": [0], "y": [0]}]}"#;
    let tracks = wcon::parse_wcon(text, Path::new("x.wcon")).unwrap();
    assert_eq!(tracks.len(), 1);
    assert_eq!(tracks[0].id, "3");
    assert_eq!(tracks[0].times_s, vec![0.0, 1.0, 2.0]);
    assert_eq!(tracks[0].centroid_mm, vec![[0.0, 0.0], [0.1, 0.0], [0.2, 0.05]]);
    let bad_unit = r#"{"units": {"t": "fortnight", "x": "mm", "y": "mm"}, "data": []}"#;
    let e = wcon::parse_wcon(bad_unit, Path::new("bad.wcon")).unwrap_err().to_string();
    assert!(e.contains("bad.wcon") && e.contains("fortnight"), "{e}");
    let ragged = r#"{"units": {"t": "s", "x": "mm", "y": "mm"}, "data": [{"id": "1", "t": [0, 1], "x": [0], "y": [0, 1]}]}"#;
    let e = wcon::parse_wcon(ragged, Path::new("r.wcon")).unwrap_err().to_string();
    assert!(e.contains("r.wcon") && e.contains("data[0]"), "{e}");
}

#[test]
fn plain_csv_with_annotations_and_a_bad_row() {
    let good = "t,x,y,concentration\n0,0,0,1\n0.5,0.1,0,2\n1.0,0.2,0,3\n";
    let track = csv_track::parse_csv_track(good, Path::new("a.csv"), "a").unwrap();
    assert_eq!(track.centroid_mm[2], [0.2, 0.0]);
    assert_eq!(track.annotation("concentration"), Some(&[1.0, 2.0, 3.0][..]));
    let bad = "t,x,y\n0,0,0\n0.5,oops,0\n";
    match csv_track::parse_csv_track(bad, Path::new("b.csv"), "b") {
        Err(ScoringError::Row { path, line, reason }) => {
            assert_eq!((path.to_str().unwrap(), line), ("b.csv", 3));
            assert!(reason.contains("oops"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    let short = "t,x,y\n0,0,0\n0.5,0\n";
    let e = csv_track::parse_csv_track(short, Path::new("c.csv"), "c").unwrap_err().to_string();
    assert!(e.starts_with("c.csv:3:"), "{e}");
    let e = csv_track::parse_csv_track("time,x\n", Path::new("d.csv"), "d").unwrap_err().to_string();
    assert!(e.contains("d.csv") && e.contains("y column"), "{e}");
}

#[test]
fn simulated_trajectory_csv_reads_as_the_same_track() {
    let rows = (0..10).map(|k| {
        let x = 0.02 * k as f64;
        TrajectoryRow {
            time_s: k as f64 * 0.1, head_mm: [x + 0.5, 0.0], centroid_mm: [x, 0.0], heading_rad: 0.0,
            signed_speed_mm_per_s: 0.2, midline_mm: (0..4).map(|i| [x + 0.5 - i as f64 / 3.0, 0.0]).collect(),
        }
    }).collect();
    let trajectory = Trajectory { rows };
    let direct = Track::from_trajectory("sim", &trajectory);
    let text = String::from_utf8(trajectory.to_csv()).unwrap();
    let read = csv_track::parse_csv_track(&text, Path::new("trajectory.csv"), "sim").unwrap();
    assert_close(&read, &direct, 1e-6);
    assert!(read.annotations.contains_key("signed_speed_mm_per_s"));
    // and back through the writer
    let again = csv_track::parse_csv_track(&csv_track::write_csv_track(&read), Path::new("w.csv"), "sim").unwrap();
    assert_eq!(again, read);
}

#[test]
fn shipped_reference_file_loads() {
    let entries = reference::load_reference_file(Path::new("scoring/worm/reference_n2.ron")).unwrap();
    assert!(entries.len() >= 20);
    assert!(entries.iter().any(|e| e.status == Status::Verified));
    let speed = entries.iter().find(|e| e.metric == "median_speed_mm_per_s").unwrap();
    assert_eq!(speed.status, Status::Provisional);
    let s = speed.summary().unwrap();
    assert!((s.mean - 0.2).abs() < 1e-12 && (s.sd - 0.025).abs() < 1e-12);
    // A provisional published range is its own tolerance: half its width.
    assert!((speed.margin().unwrap() - 0.05).abs() < 1e-12);
}

#[test]
fn reference_without_citation_or_units_is_rejected_by_name() {
    let entry = |citation: &str, units: &str| format!(
        "#![enable(implicit_some)]\n(entries: [(metric: \"median_speed_mm_per_s\", family: Foraging, condition: \"off food\", {units} {citation} status: Provisional, value: Range(lo: 0.15, hi: 0.25))])");
    let no_citation = entry("", "units: \"mm/s\",");
    match reference::parse_reference(&no_citation, Path::new("worm/ref.ron")) {
        Err(e @ ScoringError::MissingField { .. }) => {
            let text = e.to_string();
            assert!(text.contains("worm/ref.ron") && text.contains("citation") && text.contains("median_speed_mm_per_s"), "{text}");
        }
        other => panic!("{other:?}"),
    }
    let no_units = entry("citation: \"Sawin et al. 2000\",", "");
    let text = reference::parse_reference(&no_units, Path::new("worm/ref.ron")).unwrap_err().to_string();
    assert!(text.contains("worm/ref.ron") && text.contains("units"), "{text}");
    let blank_citation = entry("citation: \"  \",", "units: \"mm/s\",");
    assert!(reference::parse_reference(&blank_citation, Path::new("r.ron")).unwrap_err().to_string().contains("citation"));
}

/// A two-entry reference file; `second` is spliced into the second entry's fields.
fn two_entries(second: &str) -> String {
    format!("// comment (with a parenthesis\n#![enable(implicit_some)]\n(entries: [\n    (\n        metric: \"a\",\n        family: Foraging,\n        condition: \"c\",\n        units: \"mm/s\",\n        citation: \"X 2000\",\n        status: Provisional,\n        value: Range(lo: 0.1, hi: 0.2),\n    ),\n    (\n        metric: \"b\",\n        family: Foraging,\n        condition: \"see (a)\",\n{second}        status: Provisional,\n    ),\n])\n")
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn reference_errors_name_the_file_the_line_and_the_field() {
    let path = Path::new("scoring/worm/bad.ron");
    // A missing citation: the line where the second entry opens.
    let text = two_entries("        units: \"mm/s\",\n        value: Mean(mean: 1.0),\n");
    let message = reference::parse_reference(&text, path).unwrap_err().to_string();
    assert_eq!(message, format!("scoring/worm/bad.ron:13: reference entry '#1 b' has no citation"), "{text}");
    // A blank unit: the line of the field.
    let text = two_entries("        units: \" \",\n        citation: \"Y 2001\",\n        value: Mean(mean: 1.0),\n");
    let message = reference::parse_reference(&text, path).unwrap_err().to_string();
    assert_eq!(message, format!("scoring/worm/bad.ron:{}: reference entry '#1 b' has no units", line_of(&text, "units: \" \"")));
    // A margin that is not positive, and a finding in words that is not marked unscorable.
    let text = two_entries("        units: \"mm/s\",\n        citation: \"Y 2001\",\n        value: Mean(mean: 1.0),\n        margin: -1.0,\n");
    let message = reference::parse_reference(&text, path).unwrap_err().to_string();
    assert!(message.starts_with(&format!("scoring/worm/bad.ron:{}: ", line_of(&text, "margin:"))) && message.contains("`margin`"), "{message}");
    let text = two_entries("        units: \"mm/s\",\n        citation: \"Y 2001\",\n        value: Qualitative(\"goes up\"),\n");
    let message = reference::parse_reference(&text, path).unwrap_err().to_string();
    assert!(message.starts_with(&format!("scoring/worm/bad.ron:{}: ", line_of(&text, "Qualitative"))) && message.contains("unscorable"), "{message}");
    let marked = text.replace("value: Qualitative", "unscorable: \"no number published\", value: Qualitative");
    assert!(reference::parse_reference(&marked, path).is_ok());
    // Choices are scored against a range or a mean; a direction has its sign test.
    let text = two_entries("        units: \"PI\",\n        citation: \"Y 2001\",\n        value: Direction(Positive),\n        choices: true,\n");
    let message = reference::parse_reference(&text, path).unwrap_err().to_string();
    assert!(message.starts_with(&format!("scoring/worm/bad.ron:{}: ", line_of(&text, "choices:"))) && message.contains("`choices`"), "{message}");
    assert!(reference::parse_reference(&text.replace("Direction(Positive)", "Range(lo: 0.6, hi: 0.9)"), path).unwrap()[1].choices);
    // Malformed RON keeps the parser's line.
    let message = reference::parse_reference(&two_entries("        units: mm/s,\n"), path).unwrap_err().to_string();
    assert!(message.starts_with("scoring/worm/bad.ron:17:"), "{message}");
}
