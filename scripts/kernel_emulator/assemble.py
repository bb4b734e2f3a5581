"""Writes the CUDA sources the hosts compile, as plain files in OUT_DIR: shiu_lif.cu (cuda.rs KERNELS) and
one general-engine source per neuron model (model_cuda.rs kernel_source), read from src/engine."""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parents[2] / "src" / "engine"
out = pathlib.Path(sys.argv[1])
common = (root / "common.cu").read_text()
raw = lambda text, name: re.search(name + r": &(?:'static )?str = r#\"(.*?)\"#;", text, re.S).group(1)
det_exp = raw((root / "neuron" / "exp.rs").read_text(), "CUDA_EXP")
template = (root / "model_kernels.cu").read_text()
for name in ["lif", "izhikevich", "hodgkin_huxley"]:
    model = (root / "neuron" / f"{name}.rs").read_text()
    variables = re.search(r"const VARS: usize = (\d+);", model).group(1)
    (out / f"model_{name}.cu").write_text(common + det_exp + f"\n#define VARS {variables}\n" + raw(model, "CUDA_STEP") + template)
(out / "shiu_lif.cu").write_text(common + (root / "kernels.cu").read_text())
