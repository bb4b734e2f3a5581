//! Input for `scripts/emulate_kernels.sh` (ignored in normal runs): writes the general engine's GPU parity
//! cases and their CPU results as flat binary files (each array: u64 length, then the values) to
//! `$ETT_KERNEL_DUMP`, so the CUDA kernels, compiled as C++ and run thread by thread, can be checked against
//! the CPU backend on a machine without a GPU.

use ett::bench::models;
use ett::engine::model_cpu::ModelCpu;
use std::io::Write;

/// Writes one array: its length as u64, then its values' bytes (little-endian machines only).
fn put<T: Copy>(f: &mut std::fs::File, v: &[T]) {
    f.write_all(&(v.len() as u64).to_le_bytes()).unwrap();
    // Safety: plain numbers (f64, u32, u64, i32) with no padding, read back by emu_model.cpp in this order.
    let bytes = unsafe { std::slice::from_raw_parts(v.as_ptr() as *const u8, std::mem::size_of_val(v)) };
    f.write_all(bytes).unwrap();
}

#[test]
#[ignore = "run by scripts/emulate_kernels.sh"]
fn dump_parity_cases_for_the_kernel_emulator() {
    let dir = std::path::PathBuf::from(std::env::var("ETT_KERNEL_DUMP").expect("set ETT_KERNEL_DUMP to a folder"));
    std::fs::create_dir_all(&dir).unwrap();
    for (k, (label, net, spec, steps)) in models::parity_cases().into_iter().enumerate() {
        let d = spec.derive(&net).unwrap();
        let mut cpu = ModelCpu::new(&net, &spec).unwrap();
        let vars = d.kind.vars();
        let mut state = Vec::new();
        for var in 0..vars {
            for b in 0..spec.instances {
                state.extend_from_slice(cpu.state(b, var));
            }
        }
        cpu.run(steps);
        let rec = cpu.recording();
        let kind = format!("{:?}", d.kind).to_lowercase();
        let mut f = std::fs::File::create(dir.join(format!("case{k}_{kind}.bin"))).unwrap();
        let (conductance, e_exc, e_inh) = match d.reversal_mv {
            Some((a, b)) => (1.0, a, b),
            None => (0.0, 0.0, 0.0),
        };
        let header = [net.neurons as f64, spec.instances as f64, d.delay_steps as f64, steps as f64, spec.dt_ms, d.decay_syn, d.weight, spec.drive.weight];
        put(&mut f, &[&header[..], &[conductance, e_exc, e_inh, vars as f64, d.params[0].len() as f64, spec.seed as f64, d.params.len() as f64]].concat());
        put(&mut f, &d.params.concat());
        put(&mut f, &d.population);
        put(&mut f, &d.drive_threshold);
        put(&mut f, &d.gaps.offsets);
        put(&mut f, &d.gaps.partners);
        put(&mut f, &d.gaps.g);
        put(&mut f, &d.gaps.g_sum);
        put(&mut f, &spec.trace);
        put(&mut f, &state);
        put(&mut f, &net.row_offsets);
        put(&mut f, &net.targets);
        put(&mut f, &net.weights);
        put(&mut f, &d.edge_delay);
        put(&mut f, &rec.counts.concat());
        put(&mut f, &rec.per_step.concat());
        put(&mut f, &rec.v_mv.iter().flat_map(|b| b.iter().flat_map(|t| t.iter().copied())).collect::<Vec<f64>>());
        println!("case {k}: {label}");
    }
}
