//! Open-loop scan: mean depolarisation of A-type and B-type motor neurons under anterior and posterior
//! touch for a grid of global conductances. `cargo run --release --example connectome_touch_scan`
use ett::brain::graded::{build_model, CpuBackend};
use ett::config::brain_spec::{BrainModelSpec, BrainSpec};
use ett::config::{load_ron, Loaded};

fn main() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let file: Loaded<BrainSpec> = load_ron(&root.join("brains/celegans/connectome.ron")).unwrap();
    let BrainModelSpec::Connectome(base) = file.spec.model.clone() else { panic!() };
    let args: Vec<f64> = std::env::args().skip(1).map(|a| a.parse().unwrap()).collect();
    let current_pa = args.first().copied().unwrap_or(100.0);
    for gap in [100.0, 30.0, 10.0] {
        for syn in [100.0, 300.0, 1000.0] {
            for ablate in [false, true] {
                let mut spec = base.clone();
                spec.neuron.gap_conductance_ps = gap;
                spec.neuron.synapse_conductance_ps = syn;
                spec.plasticity.clear();
                if std::env::var("CROSS").is_ok() {
                    use ett::config::connectome_spec::{ReceptorSignRule, SynapseSign};
                    let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
                    let (bwd, fwd) = (v(&["AVA*", "AVD*", "AVE*", "DA*", "VA*"]), v(&["AVB*", "PVC*", "DB*", "VB*"]));
                    let which = std::env::var("CROSS").unwrap();
                    if which.contains('b') { spec.receptor_signs.push(ReceptorSignRule { name: "b".into(), pre: bwd.clone(), post: fwd.clone(), sign: SynapseSign::Inhibitory }); }
                    if which.contains('f') { spec.receptor_signs.push(ReceptorSignRule { name: "f".into(), pre: fwd, post: bwd, sign: SynapseSign::Inhibitory }); }
                }
                if let Ok(b) = std::env::var("BETA") { spec.neuron.beta_per_mv = b.parse().unwrap(); }
                if let Ok(list) = std::env::var("GLU_INH") { spec.glutamate_inhibitory = list.split(',').map(str::to_string).collect(); }
                if ablate { spec.perturbations.ablate = vec!["AVAL".into(), "AVAR".into(), "AVDL".into(), "AVDR".into()]; }
                let b = build_model(&file, &spec).unwrap();
                let m = &b.model;
                let sel = |p: &[&str]| -> Vec<usize> { (0..m.len()).filter(|&i| p.iter().any(|q| m.names[i].starts_with(q))).collect() };
                let (a_type, b_type) = (sel(&["DA", "VA"]), sel(&["DB", "VB"]));
                let mut line = format!("gap {gap:>5} syn {syn:>5} abl {}", ablate as u8);
                for touch in [&["ALML", "ALMR", "AVM"][..], &["PLML", "PLMR", "PVM"][..]] {
                    let mut drive = vec![0.0; m.len()];
                    for n in touch { drive[m.index(n).unwrap()] = current_pa; }
                    let mut cpu = CpuBackend::new(b.model.clone(), b.groups.clone(), 1);
                    cpu.step(&drive, 400, 0.005);
                    let a = cpu.animal(0);
                    let mean = |s: &[usize]| s.iter().map(|&i| a.v_mv[i] - m.vth_mv[i]).sum::<f64>() / s.len() as f64;
                    let at = |n: &str| m.index(n).map(|i| a.v_mv[i] - m.vth_mv[i]).unwrap_or(f64::NAN);
                    line += &format!(" | A {:+6.2} B {:+6.2} AVA {:+6.2} AVB {:+6.2}", mean(&a_type), mean(&b_type), at("AVAL"), at("AVBL"));
                }
                println!("{line}");
            }
        }
    }
}
