//! Pirouettes against dC/dt, weathervaning and time in zones on synthetic tracks with known answers,
//! and the same code taking them from shipped task files (zones and phases named there).

mod common;

use common::root;
use ett::config::environment_spec::ZoneShape;
use ett::config::task_spec::{MeasureSpec, ZoneSpec};
use ett::config::Scenario;
use ett::scoring::pirouettes::{pirouette_summary, PirouetteParams};
use ett::scoring::track::Track;
use ett::scoring::track_measures::measure_track;
use ett::scoring::weathervane::{weathervane_summary, INDEX_BEARING_LIMIT_DEG};
use ett::scoring::zones::{fraction_time_in_zone, Zone};

const DT: f64 = 0.1;
const SPEED_MM_PER_S: f64 = 0.2;

/// Appends a frame: centroid `c`, a straight 1 mm body along `heading` (head in front).
fn push_frame(track: &mut Track, t: f64, c: [f64; 2], heading: f64) {
    let d = [heading.cos(), heading.sin()];
    let midline: Vec<[f64; 2]> = (0..=10).map(|k| {
        let f = 0.5 - k as f64 / 10.0;
        [c[0] + f * d[0], c[1] + f * d[1]]
    }).collect();
    track.times_s.push(t);
    track.centroid_mm.push(c);
    track.head_mm.get_or_insert_with(Vec::new).push(midline[0]);
    track.midlines_mm.get_or_insert_with(Vec::new).push(midline);
}

/// Head first along +x at 0.2 mm/s, tail first during each (start, end) interval.
fn along_x(duration_s: f64, backward: &[(f64, f64)]) -> Track {
    let mut track = Track::default();
    let mut x = 0.0;
    for k in 0..(duration_s / DT).round() as usize {
        let t = k as f64 * DT;
        push_frame(&mut track, t, [x, 0.0], 0.0);
        x += if backward.iter().any(|&(a, b)| t >= a && t < b) { -SPEED_MM_PER_S } else { SPEED_MM_PER_S } * DT;
    }
    track
}

#[test]
fn pirouettes_are_reversal_bouts_counted_per_minute_of_rising_and_falling_concentration() {
    // The concentration at the head rises 1 unit/s for 300 s, then falls 1 unit/s. One reversal in the
    // rising half; in the falling half two reversals 6 s apart (one pirouette: closer than 13 s), then two
    // lone ones: 1 pirouette up-gradient, 3 down-gradient.
    let track = along_x(600.0, &[(100.0, 103.0), (350.0, 353.0), (356.0, 359.0), (450.0, 453.0), (550.0, 553.0)]);
    let concentration = track.sample_at_head(|_, t| if t < 300.0 { t } else { 600.0 - t });
    let params = PirouetteParams { critical_interval_s: 13.0, dcdt_window_s: 1.0, dcdt_edges: vec![-2.0, 0.0, 2.0] };
    let s = pirouette_summary(&track, &concentration, &params).unwrap();
    assert_eq!(s.pirouettes, 4, "{s:?}");
    assert_eq!((s.bins[0].events, s.bins[1].events), (3, 1), "{s:?}");
    // Up: frames 0.1..300.5 s (dC/dt over the past second stays >= 0 until 300.5 s). Down: 300.6..599.8 s
    // less the 6 s inside the two-reversal pirouette (a lone reversal's pirouette has no inside).
    let (up_min, down_min) = (300.5 / 60.0, (299.3 - 6.0) / 60.0);
    assert!((s.up_per_min - 1.0 / up_min).abs() < 0.01 * s.up_per_min, "{s:?}");
    assert!((s.down_per_min - 3.0 / down_min).abs() < 0.01 * s.down_per_min, "{s:?}");
    assert!((s.index_per_min() - (3.0 / down_min - 1.0 / up_min)).abs() < 0.01, "{}", s.index_per_min());
    // A track that cannot tell forward from backward (centroid only) gives no value rather than zero.
    assert!(pirouette_summary(&Track::from_centroids("c", track.times_s.clone(), track.centroid_mm.clone()), &concentration, &params).is_none());
}

/// A forward run whose heading turns at `gain` (rad/mm per rad of bearing) toward +y, from `heading0`.
fn weathervaning_run(gain: f64, heading0: f64, duration_s: f64) -> Track {
    let mut track = Track::default();
    let (mut c, mut heading) = ([0.0, 0.0], heading0);
    let ds = SPEED_MM_PER_S * DT;
    for k in 0..(duration_s / DT).round() as usize {
        push_frame(&mut track, k as f64 * DT, c, heading);
        let bearing = ett_wrap(std::f64::consts::FRAC_PI_2 - heading);
        heading += gain * bearing * ds;
        c = [c[0] + ds * heading.cos(), c[1] + ds * heading.sin()];
    }
    track
}

fn ett_wrap(a: f64) -> f64 {
    (a + std::f64::consts::PI).rem_euclid(std::f64::consts::TAU) - std::f64::consts::PI
}

#[test]
fn weathervane_index_is_the_slope_of_curving_rate_on_bearing() {
    // Curvature = gain x bearing: the bearing decays as exp(-gain s). Steps of 0.5 mm measure the mean
    // heading of each chord, which shrinks the slope by (1 - exp(-gain step)) / (gain step).
    let (gain, step_mm) = (0.1, 0.5);
    let track = weathervaning_run(gain, -80f64.to_radians(), 300.0);
    let s = weathervane_summary(&track, step_mm, 13.0, |_, _| [0.0, 1.0], 12).unwrap();
    let expected = gain * (1.0 - (-gain * step_mm).exp()) / (gain * step_mm);
    assert!((s.index - expected).abs() < 0.02 * expected, "index {} expected {expected}", s.index);
    // Bearings enter the bins with their sign: curving toward +y is counter-clockwise (positive) here.
    let right: Vec<_> = s.bins.iter().filter(|b| b.samples > 0 && b.lo_deg >= 0.0 && b.hi_deg <= INDEX_BEARING_LIMIT_DEG).collect();
    assert!(!right.is_empty() && right.iter().all(|b| b.mean_curving_deg_per_mm > 0.0), "{:?}", s.bins);
    // Turning away from the gradient (the bearing grows as exp(gain s)) gives the opposite slope; a circle
    // blind to the gradient gives 0.
    let away = weathervane_summary(&weathervaning_run(-gain, 80f64.to_radians(), 300.0), step_mm, 13.0, |_, _| [0.0, 1.0], 12).unwrap();
    let expected_away = -gain * ((gain * step_mm).exp() - 1.0) / (gain * step_mm);
    assert!((away.index - expected_away).abs() < 0.03 * gain, "index {} expected {expected_away}", away.index);
    let mut circle = Track::default();
    for k in 0..20_000 {
        let a = k as f64 * 0.002;
        push_frame(&mut circle, k as f64 * DT, [5.0 * a.cos(), 5.0 * a.sin()], a + std::f64::consts::FRAC_PI_2);
    }
    let blind = weathervane_summary(&circle, step_mm, 13.0, |_, _| [0.0, 1.0], 12).unwrap();
    assert!(blind.index.abs() < 1e-3 && blind.steps > 100, "{blind:?}");
}

#[test]
fn time_in_zones_on_a_straight_walk() {
    // x from -10 to 30 mm at constant speed along y = 0.
    let n = 4001;
    let track = Track::from_centroids("walk", (0..n).map(|k| k as f64 * DT).collect(), (0..n).map(|k| [-10.0 + 40.0 * k as f64 / (n - 1) as f64, 0.0]).collect());
    let facing = Zone::Sector { centre_mm: [0.0, 0.0], from_deg: -45.0, to_deg: 45.0 };
    let opposite = Zone::Sector { centre_mm: [0.0, 0.0], from_deg: 135.0, to_deg: 225.0 };
    let disk = Zone::Circle { centre_mm: [10.0, 0.0], radius_mm: 5.0 };
    for (zone, expected) in [(facing, 0.75), (opposite, 0.25), (disk, 0.25)] {
        let f = fraction_time_in_zone(&track, &zone);
        assert!((f - expected).abs() < 1e-3, "{zone:?}: {f}");
    }
}

fn scenario(task: &str) -> Scenario {
    Scenario::load(&root().join("tasks/worm").join(task), None).unwrap()
}

#[test]
fn shipped_tasks_take_zones_from_their_environment_and_measure_only_their_phase() {
    // food_search: 300 s on food, then 1800 s off. On the lawn (3 mm around the origin) for the first 150 s,
    // then 10 mm away; back at the origin all through the off-food phase, which the measure ignores.
    let food = scenario("food_search.ron");
    let mut track = Track::default();
    for k in 0..=21_000 {
        let t = k as f64 * DT;
        let c = if t < 150.0 || t > 300.0 { [0.0, 0.0] } else { [10.0, 0.0] };
        push_frame(&mut track, t, c, 0.0);
    }
    let values = measure_track(&food.task.spec.measures, &food.phases, &track, None);
    assert!((values["fraction_time_on_lawn"].as_f64().unwrap() - 0.5).abs() < 1e-9, "{values:?}");

    // osmotic_ring: the zone is the disk the glycerol ring encloses (inner radius 4 mm).
    let ring = scenario("osmotic_ring.ron");
    let mut track = Track::default();
    for k in 0..6000 {
        push_frame(&mut track, k as f64 * DT, if k < 2400 { [3.5, 0.0] } else { [4.5, 0.0] }, 0.0);
    }
    let values = measure_track(&ring.task.spec.measures, &ring.phases, &track, None);
    assert!((values["fraction_time_ring_interior"].as_f64().unwrap() - 2400.0 / 5999.0).abs() < 1e-9, "{values:?}");

    // chemotaxis_nacl declares pirouettes and weathervaning on its NaCl spot 20 mm away: a worm heading
    // straight for it for 90 s (18 mm) has no pirouette and no down-gradient time, and a path that never
    // leaves bearing 0 gives no slope.
    let nacl = scenario("chemotaxis_nacl.ron");
    let values = measure_track(&nacl.task.spec.measures, &nacl.phases, &along_x(90.0, &[]), None);
    assert_eq!(values["pirouette_rate_count"], serde_json::json!(0));
    assert_eq!(values["pirouette_rate_up_per_min"], serde_json::json!(0.0));
    assert!(values["pirouette_rate_down_per_min"].is_null() && values["pirouette_rate"].is_null(), "{values:?}");
    assert!(values["weathervane_index_steps"].as_u64().unwrap() > 30 && values["weathervane_index"].is_null(), "{values:?}");
    assert_eq!(values["fraction_time_attractant_quadrant"], serde_json::json!(1.0));
    let kinds: Vec<&MeasureSpec> = nacl.task.spec.measures.iter().filter(|m| m.is_track_measure()).collect();
    assert_eq!(kinds.len(), 3);
}

#[test]
fn a_zone_naming_what_the_environment_lacks_is_rejected_with_the_task_line() {
    let dir = tempfile::tempdir().unwrap();
    let extra = "measures: [\n        TimeInZones(name: \"t\", zones: [(name: \"lawn\", zone: Food(\"no_such_lawn\"))]),\n    ],";
    let task = common::write_task(dir.path(), "zones", "environments/food_patch_plate.ron", "brains/celegans/pattern_generator.ron", 10.0, extra);
    let message = Scenario::load(&task, None).err().expect("an unknown food patch must be rejected").to_string();
    assert!(message.contains("zones.ron:") && message.contains("measures") && message.contains("no_such_lawn"), "{message}");
    let line: usize = message.split(':').nth(1).and_then(|l| l.trim().parse().ok()).unwrap_or(0);
    assert!(line > 1, "{message}");
    // A ring's inside resolves to the disk within its inner radius; a disk encloses nothing.
    let ring = scenario("osmotic_ring.ron");
    let inside = ZoneSpec::EnclosedBy("glycerol_ring".into()).resolve(&ring.environment.spec).unwrap();
    assert_eq!(inside, ZoneSpec::Shape(ZoneShape::Disk { center_mm: (0.0, 0.0), radius_mm: 4.0 }));
}

#[test]
fn real_tracks_get_the_task_file_measures_through_ett_score() {
    // Two real animals as plain CSV (t, x, y): one stays inside the osmotic ring's 4 mm, one sits inside
    // for the first quarter and outside after. Scored as the osmotic_ring task with its task file.
    let dir = tempfile::tempdir().unwrap();
    for (name, outside_after_s) in [("inside", f64::INFINITY), ("leaves", 150.0)] {
        let rows: String = (0..=600).map(|k| {
            let t = k as f64;
            format!("{t},{},0\n", if t < outside_after_s { 1.0 } else { 10.0 })
        }).collect();
        std::fs::write(dir.path().join(format!("{name}.csv")), format!("t,x,y\n{rows}")).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let request = ett::suite::ScoreRequest {
        dir: dir.path().to_path_buf(),
        reference: root().join("scoring/worm/reference_n2.ron"),
        out: out.path().to_path_buf(),
        tracks_task: "osmotic_ring".into(),
        tracks_task_file: Some(root().join("tasks/worm/osmotic_ring.ron")),
        seed: 1,
    };
    let e = ett::suite::score(&request).unwrap();
    let ring = e.unscored.iter().find(|u| u.entry.metric == "fraction_time_ring_interior").unwrap();
    assert_eq!(ring.measured, vec![1.0, 0.25], "{ring:?}");
    let csv = std::fs::read_to_string(out.path().join("unscored.csv")).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("fraction_time_ring_interior,") && l.contains(",0.625,2,2")), "{csv}");
}
