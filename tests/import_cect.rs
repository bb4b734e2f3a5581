//! The committed C. elegans tables: their contents, their reproducibility from the pinned wheel,
//! and the reader's error reports.

use std::fs;
use std::path::{Path, PathBuf};

use ett::import::cect::{
    import_cect, CelegansConnectome, ImportError, NeuronClass, CELL_INFO_CSV, CHEMICAL_CSV,
    COOK_JSON, GAP_CSV, IMPORT_DATE_PREFIX, MUSCLES_CSV, NEURONS_CSV, NMJ_CSV, SOURCE_MD,
    UNIFIED_JSON, WANG_JSON,
};

const TABLES: [&str; 5] = [NEURONS_CSV, CHEMICAL_CSV, GAP_CSV, NMJ_CSV, MUSCLES_CSV];

fn committed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("brains/celegans")
}

fn wheel() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(".data/wheels/cect-0.3.5-py3-none-any.whl");
    if p.is_file() {
        Some(p)
    } else {
        println!("skipped: cect wheel not in .data/wheels (run scripts/fetch_data.sh)");
        None
    }
}

#[test]
fn committed_tables_load_with_measured_counts() {
    let c = CelegansConnectome::load(&committed()).unwrap();
    // Counts measured in cect 0.3.5's Cook2019HermReader.json (see SOURCE.md).
    assert_eq!(c.neurons.len(), 302);
    assert_eq!(c.muscles.len(), 95);
    assert_eq!(c.chemical.len(), 3709);
    assert_eq!(c.gap.len(), 1105);
    assert_eq!(c.nmj.len(), 956);

    let quadrant = |q: &str| c.muscles.iter().filter(|m| m.quadrant == q).count();
    assert_eq!(
        (
            quadrant("DL"),
            quadrant("DR"),
            quadrant("VL"),
            quadrant("VR")
        ),
        (24, 24, 23, 24)
    );
    assert!(c.muscles.iter().all(|m| m.name != "MVL24"));

    let class = |k: NeuronClass| c.neurons.iter().filter(|n| n.class == k).count();
    assert_eq!(
        (
            class(NeuronClass::Sensory),
            class(NeuronClass::Interneuron),
            class(NeuronClass::Motor),
            class(NeuronClass::Other)
        ),
        (83, 89, 123, 7)
    );
    let sum = |it: &mut dyn Iterator<Item = u32>| it.map(u64::from).sum::<u64>();
    assert_eq!(sum(&mut c.chemical.iter().map(|s| s.contacts)), 20965);
    assert_eq!(sum(&mut c.gap.iter().map(|g| g.contacts)), 5779);
    assert_eq!(sum(&mut c.nmj.iter().map(|j| j.contacts)), 5515);
}

#[test]
fn named_connections_have_published_weights() {
    let c = CelegansConnectome::load(&committed()).unwrap();
    // Generic_CS[pre][post] read directly from the JSON.
    assert_eq!(c.chemical_contacts("AVDL", "AVAL"), 37);
    assert_eq!(c.chemical_contacts("AVDR", "AVAL"), 41);
    assert_eq!(c.chemical_contacts("AVDL", "AVAR"), 37);
    assert_eq!(c.chemical_contacts("AVDR", "AVAR"), 52);
    assert_eq!(c.chemical_contacts("AVAL", "AVDL"), 3);
    assert_eq!(c.chemical_contacts("PVCL", "AVBR"), 27);
    assert_eq!(c.chemical_contacts("PVCR", "AVBL"), 21);
    assert_eq!(c.chemical_contacts("AVM", "PVCL"), 10);
    assert_eq!(c.chemical_contacts("AVM", "PVCR"), 17);
    assert_eq!(c.chemical_contacts("PLML", "AVAL"), 4);

    // Gap junctions, either order.
    assert_eq!(c.gap_contacts("AVAL", "VA2"), 13);
    assert_eq!(c.gap_contacts("VA2", "AVAL"), 13);
    assert_eq!(c.gap_contacts("AVAL", "DA7"), 10);
    assert_eq!(c.gap_contacts("AVAR", "VA11"), 16);
    assert_eq!(c.gap_contacts("PLML", "PVCL"), 4);
    assert_eq!(c.gap_contacts("PLMR", "PVCR"), 8);
    assert_eq!(c.gap_contacts("AVBL", "AVBR"), 18);

    // AVA <-> A-type motor neurons (DA, VA): partners and total contacts.
    let a_type = |n: &str| {
        (n.starts_with("DA") || n.starts_with("VA")) && n[2..].bytes().all(|b| b.is_ascii_digit())
    };
    let partners = |hub: &str, pick: &dyn Fn(&str) -> bool| {
        let list: Vec<u32> = c
            .neurons
            .iter()
            .filter(|n| pick(&n.name))
            .map(|n| c.gap_contacts(hub, &n.name))
            .filter(|&k| k > 0)
            .collect();
        (list.len(), list.iter().sum::<u32>())
    };
    assert_eq!(partners("AVAL", &a_type), (19, 102));
    assert_eq!(partners("AVAR", &a_type), (18, 92));
    // No AVB <-> A-type gap junctions.
    assert_eq!(partners("AVBL", &a_type), (0, 0));
    assert_eq!(partners("AVBR", &a_type), (0, 0));

    // Neuron -> muscle and transmitters.
    let avdl = c.neuron("AVDL").unwrap();
    assert_eq!(c.neurons[avdl].class, NeuronClass::Interneuron);
    let dd1 = &c.neurons[c.neuron("DD1").unwrap()];
    assert_eq!(
        (dd1.class, dd1.transmitters.clone()),
        (NeuronClass::Motor, vec!["GABA".to_string()])
    );
    let va2 = &c.neurons[c.neuron("VA2").unwrap()];
    assert_eq!(va2.transmitters, vec!["ACh".to_string()]);
    let cepdl = &c.neurons[c.neuron("CEPDL").unwrap()];
    assert_eq!(
        (cepdl.class, cepdl.transmitters.clone()),
        (NeuronClass::Sensory, vec!["DA".to_string()])
    );
    for n in ["VD1", "DD6", "RMED", "RIS", "DVB", "AVL"] {
        let i = c.neuron(n).unwrap();
        assert!(
            c.neurons[i].transmitters.iter().any(|t| t == "GABA"),
            "{n} should be GABAergic"
        );
    }
    let da1 = c.neuron("DA1").unwrap();
    let nmj_da1: Vec<_> = c.nmj.iter().filter(|j| j.neuron == da1).collect();
    assert!(!nmj_da1.is_empty());
    assert!(nmj_da1.iter().all(|j| j.transmitter == "ACh"));
    let dd1_i = c.neuron("DD1").unwrap();
    assert!(c
        .nmj
        .iter()
        .filter(|j| j.neuron == dd1_i)
        .all(|j| j.transmitter == "GABA"));
}

fn strip_date(s: &str) -> String {
    s.lines()
        .filter(|l| !l.starts_with(IMPORT_DATE_PREFIX))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn reimport_from_wheel_matches_committed_tables() {
    let Some(wheel) = wheel() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let r = import_cect(&wheel, tmp.path()).unwrap();
    assert_eq!(
        r.wheel_sha256.as_deref(),
        Some("ea47f7a6b0d69a8d0bd3b0ade4037b7cc32d31ad0449f823d7ec153d6fd25057")
    );
    for t in TABLES {
        let fresh = fs::read(tmp.path().join(t)).unwrap();
        let kept = fs::read(committed().join(t)).unwrap();
        assert!(
            fresh == kept,
            "{t} differs from the committed table; rerun the import and commit"
        );
    }
    let fresh = fs::read_to_string(tmp.path().join(SOURCE_MD)).unwrap();
    let kept = fs::read_to_string(committed().join(SOURCE_MD)).unwrap();
    assert_eq!(
        strip_date(&fresh),
        strip_date(&kept),
        "SOURCE.md differs beyond its date line"
    );
}

#[test]
fn reimport_from_extracted_directory_matches_committed_tables() {
    let Some(wheel) = wheel() else { return };
    let src = tempfile::tempdir().unwrap();
    let mut zip = zip::ZipArchive::new(fs::File::open(&wheel).unwrap()).unwrap();
    for member in [COOK_JSON, UNIFIED_JSON, WANG_JSON, CELL_INFO_CSV] {
        let out = src.path().join(member);
        fs::create_dir_all(out.parent().unwrap()).unwrap();
        let mut f = zip.by_name(member).unwrap();
        std::io::copy(&mut f, &mut fs::File::create(&out).unwrap()).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let r = import_cect(src.path(), out.path()).unwrap();
    assert!(r.wheel_sha256.is_none());
    assert_eq!(r.member_sha256.len(), 4);
    for t in TABLES {
        assert!(
            fs::read(out.path().join(t)).unwrap() == fs::read(committed().join(t)).unwrap(),
            "{t} from the extracted directory differs from the committed table"
        );
    }
}

#[test]
fn import_names_the_missing_member() {
    let empty = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let err = import_cect(empty.path(), out.path()).unwrap_err();
    assert!(
        matches!(&err, ImportError::MissingMember { member, .. } if member == COOK_JSON),
        "{err}"
    );
    assert!(err.to_string().contains(COOK_JSON), "{err}");
}

/// Copies the committed tables to a temp dir and replaces one line of one file.
fn with_bad_line(file: &str, line: usize, replacement: &str) -> (tempfile::TempDir, ImportError) {
    let tmp = tempfile::tempdir().unwrap();
    for t in TABLES {
        fs::copy(committed().join(t), tmp.path().join(t)).unwrap();
    }
    let path = tmp.path().join(file);
    let text = fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[line - 1] = replacement;
    fs::write(&path, lines.join("\n") + "\n").unwrap();
    let err = CelegansConnectome::load(tmp.path()).unwrap_err();
    (tmp, err)
}

fn assert_bad_row(err: &ImportError, file: &str, want_line: u64) {
    match err {
        ImportError::BadRow { file: f, line, .. } => {
            assert!(f.ends_with(file), "{err}");
            assert_eq!(*line, want_line, "{err}");
        }
        other => panic!("expected BadRow, got {other}"),
    }
    assert!(
        err.to_string().contains(&format!("{file}:{want_line}:")),
        "{err}"
    );
}

#[test]
fn bad_rows_are_reported_with_file_and_line() {
    let (_t, err) = with_bad_line(CHEMICAL_CSV, 4, "ADAL,AIAL,two,Glu,edge");
    assert_bad_row(&err, CHEMICAL_CSV, 4);
    assert!(err.to_string().contains("contacts_em_sections"), "{err}");

    let (_t, err) = with_bad_line(GAP_CSV, 7, "ADAL,NOSUCHCELL,3");
    assert_bad_row(&err, GAP_CSV, 7);
    assert!(err.to_string().contains("NOSUCHCELL"), "{err}");

    let (_t, err) = with_bad_line(NMJ_CSV, 2, "ADEL,MDL03,1");
    assert_bad_row(&err, NMJ_CSV, 2);

    let (_t, err) = with_bad_line(NEURONS_CSV, 1, "idx,name,class,transmitters,cect_type");
    assert_bad_row(&err, NEURONS_CSV, 1);

    let (_t, err) = with_bad_line(MUSCLES_CSV, 3, "1,MDL02,DR,2");
    assert_bad_row(&err, MUSCLES_CSV, 3);
}
