#!/usr/bin/env bash
# Checks the CUDA kernels without a GPU: compiles them as C++ (g++, scripts/kernel_emulator/shim.h) and runs
# them thread by thread. The general engine's kernels must reproduce the CPU backend bit for bit on the GPU
# parity cases (dumped by tests/engine_kernel_dump.rs); the Shiu LIF window mode must equal its per-step mode.
# Usage: bash scripts/emulate_kernels.sh [WORK_DIR]   (about a minute; exit 0 when every check passes)
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${1:-target/kernel_emulator}"
mkdir -p "$WORK"
python3 scripts/kernel_emulator/assemble.py "$WORK"
ETT_KERNEL_DUMP="$WORK" cargo test --release --quiet --test engine_kernel_dump -- --ignored --nocapture
cp scripts/kernel_emulator/shim.h "$WORK/"
g++ -O2 -I "$WORK" -o "$WORK/emu_shiu_lif" scripts/kernel_emulator/emu_shiu_lif.cpp
status=0
"$WORK/emu_shiu_lif" || status=1
for kind in lif izhikevich hodgkin_huxley; do
  g++ -O2 -I "$WORK" -DKERNEL_FILE="\"model_${kind}.cu\"" -o "$WORK/emu_$kind" scripts/kernel_emulator/emu_model.cpp
done
for case in "$WORK"/case*.bin; do
  kind=$(basename "$case" .bin | sed 's/^case[0-9]*_//; s/hodgkinhuxley/hodgkin_huxley/')
  "$WORK/emu_$kind" "$case" || status=1
done
[ "$status" = 0 ] && echo "kernel emulation: PASS" || echo "kernel emulation: FAIL"
exit "$status"
