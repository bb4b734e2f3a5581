//! Connectome input: the FlyWire table reader on generated files (plain and gzip, a bad row reported as
//! file:line) and the statistics of the FlyWire-like generator.

use ett::engine::flywire::{self, GENERATED_ROOT_ID_BASE};
use ett::engine::synth::{self, SynthSpec};
use ett::engine::EngineError;

#[test]
fn reader_reads_back_what_the_writer_wrote_plain_and_gz() {
    let generated = synth::generate(&SynthSpec::sized(300, 6_000, 3)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for name in ["connections.csv", "connections.csv.gz"] {
        let path = dir.path().join(name);
        flywire::write_connections(&path, &generated.network, &generated.inhibitory).unwrap();
        let read = flywire::read_connections(&path).unwrap();
        // Every neuron has an edge at this density, so indices follow the ascending root ids.
        assert_eq!(read.root_ids.len(), 300, "{name}");
        assert_eq!(read.index_of(GENERATED_ROOT_ID_BASE + 17), Some(17));
        assert_eq!(read.network, generated.network, "{name}");
        // Edges with more than one synapse were split over two neuropils and summed back.
        assert!(read.rows > generated.network.edges() as u64);
    }
}

#[test]
fn transmitters_set_the_sign_and_neuropils_sum() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.csv");
    std::fs::write(
        &path,
        "pre_root_id,post_root_id,neuropil,syn_count,nt_type\n\
         10,20,AL_L,3,ACH\n10,20,LH_R,4,ACH\n20,10,SMP_L,5,GABA\n30,10,FB,2,GLUT\n30,20,FB,6,DA\n20,30,EB,1,\n",
    )
    .unwrap();
    let c = flywire::read_connections(&path).unwrap();
    assert_eq!(c.root_ids, vec![10, 20, 30]);
    assert_eq!(c.rows, 6);
    let (targets, weights) = c.network.row(0);
    assert_eq!((targets, weights), (&[1u32][..], &[7i32][..]));
    assert_eq!(c.network.row(1), (&[0u32, 2][..], &[-5i32, 1][..]));
    assert_eq!(c.network.row(2), (&[0u32, 1][..], &[-2i32, 6][..]));
}

#[test]
fn a_bad_row_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "pre_root_id,post_root_id,neuropil,syn_count,nt_type\n1,2,AL_L,3,ACH\n1,3,AL_L,three,ACH\n").unwrap();
    let err = flywire::read_connections(&path).unwrap_err();
    assert!(matches!(err, EngineError::BadRow { line: 3, .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("bad.csv:3:") && text.contains("syn_count"), "{text}");

    let path = dir.path().join("short.csv.gz");
    let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&path).unwrap(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, b"pre_root_id,post_root_id,neuropil,syn_count,nt_type\n1,2,AL_L,3,ACH\n1,2,AL_L,3,ACH\n5,6\n").unwrap();
    gz.finish().unwrap();
    let err = flywire::read_connections(&path).unwrap_err();
    assert!(err.to_string().contains("short.csv.gz:4:"), "{err}");

    let path = dir.path().join("nocol.csv");
    std::fs::write(&path, "pre,post,syn_count,nt_type\n1,2,3,ACH\n").unwrap();
    let err = flywire::read_connections(&path).unwrap_err();
    assert!(err.to_string().contains("nocol.csv:1:") && err.to_string().contains("pre_root_id"), "{err}");
}

#[test]
fn generator_has_flywire_statistics_at_small_size() {
    let (n, e) = (20_000, 1_600_000);
    let g = synth::generate(&SynthSpec::sized(n, e, 5)).unwrap();
    let net = &g.network;
    assert_eq!(net.edges(), e, "edge count is exact");
    let degrees: Vec<f64> = (0..n).map(|i| net.row(i).0.len() as f64).collect();
    let mean = degrees.iter().sum::<f64>() / n as f64;
    let sd = (degrees.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
    let max = degrees.iter().cloned().fold(0.0, f64::max);
    assert!((mean - 80.0).abs() < 1e-9);
    // Lognormal with sigma 1: coefficient of variation sqrt(e - 1) = 1.31; the tail reaches many times the mean.
    assert!(sd / mean > 1.0 && sd / mean < 1.7, "cv {}", sd / mean);
    assert!(max > 10.0 * mean, "max degree {max} vs mean {mean}");
    let mean_count = net.synapses() as f64 / e as f64;
    assert!((mean_count - 3.6).abs() < 0.1, "mean synapses per edge {mean_count}");
    let max_count = net.weights.iter().map(|w| w.unsigned_abs()).max().unwrap();
    assert!(max_count > 40, "heavy tail of synapse counts: max {max_count}");
    let inhibitory = g.inhibitory.iter().filter(|&&x| x).count() as f64 / n as f64;
    assert!((inhibitory - 0.1).abs() < 0.01, "inhibitory fraction {inhibitory}");
    for i in 0..n {
        let (targets, weights) = net.row(i);
        assert!(targets.windows(2).all(|w| w[0] < w[1]) && !targets.contains(&(i as u32)), "row {i}: sorted, distinct, no self-loop");
        assert!(weights.iter().all(|&w| (w < 0) == g.inhibitory[i] && w != 0));
    }
    let again = synth::generate(&SynthSpec::sized(n, e, 5)).unwrap();
    assert_eq!(again.network, g.network, "same seed, same network");
    let other = synth::generate(&SynthSpec::sized(n, e, 6)).unwrap();
    assert_ne!(other.network, g.network);
}
