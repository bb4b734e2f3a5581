#!/usr/bin/env bash
# One prepared check for a lent GPU machine (driver 580 + CUDA 13 NVRTC; no Rust toolchain needed there).
# Here:   cargo build --release && strip -o target/ett-gpu target/release/ett
# Carry target/ett-gpu (about 20 MB; the unstripped binary is close to the carry limit) with the working
# tree, then from the repository root:   bash scripts/gpu_check.sh [OUT_DIR]
# (ETT=path overrides the binary; target/ett-gpu, then target/release/ett, are tried.)
# Bounded: every step has its own timeout and the whole script a budget (BUDGET_S, default 400 s, under 7
# minutes with the table); a failure or timeout does not stop the other steps, and the table always prints.
# Without a GPU every step says "skipped" and the script still ends with its table (exit 0).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-${OUT:-results/gpu_check}}"
BUDGET_S="${BUDGET_S:-400}"
mkdir -p "$OUT"
ETT="${ETT:-}"
if [ -z "$ETT" ]; then
  for candidate in target/ett-gpu target/release/ett; do
    if [ -x "$candidate" ]; then ETT="$candidate"; break; fi
  done
fi
LOG="$OUT/gpu_check.log"
: > "$LOG"
if [ -z "$ETT" ] || [ ! -x "$ETT" ]; then
  echo "error: no ett binary: build it with 'cargo build --release && strip -o target/ett-gpu target/release/ett' and carry target/ett-gpu" | tee -a "$LOG"
  exit 2
fi

declare -a NAMES STATUS
step() { # name, timeout seconds, command...
  local name="$1" limit="$2"; shift 2
  local left=$((BUDGET_S - SECONDS))
  if [ "$left" -lt 15 ]; then
    NAMES+=("$name"); STATUS+=("skipped: time budget of ${BUDGET_S}s spent")
    echo "=== $name: skipped, time budget spent" | tee -a "$LOG"
    return
  fi
  [ "$limit" -gt "$left" ] && limit="$left"
  echo "=== $name ($*)" | tee -a "$LOG"
  local start=$SECONDS
  timeout -k 5 "$limit" "$@" 2>&1 | tee -a "$LOG"
  local rc=${PIPESTATUS[0]}
  local status="ok"
  [ "$rc" = 124 ] || [ "$rc" = 137 ] && status="TIMEOUT after ${limit}s"
  [ "$rc" != 0 ] && [ "$rc" != 124 ] && [ "$rc" != 137 ] && status="FAILED (exit $rc)"
  NAMES+=("$name"); STATUS+=("$status, $((SECONDS - start)) s")
}

# Most informative first: if the budget runs out, the last steps are the ones skipped.
step "nvidia-smi" 20 nvidia-smi
step "general engine parity: Izhikevich, HH, gap junctions" 60 "$ETT" bench models --out "$OUT/models"
step "bench HH, 16M neurons" 60 "$ETT" bench hh --cpu-steps 2 --gpu-steps 2000 --window 100 --out "$OUT/bench_hh"
step "LIF parity 20k neurons, 1 s, batch 4" 60 "$ETT" bench brain --check --neurons 20000 --edges 2000000 --seconds 1 --drive 2000 --batch 4 --out "$OUT/check_small"
step "fly closed loop, whole-brain LIF, GPU against CPU, 8 animals" 150 "$ETT" bench fly-brain --backend cuda --check --seconds 0.5 --animals 8
step "bench FlyWire scale, 21 sugar neurons, 1 s, batch 32" 90 "$ETT" bench brain --seconds 1 --batch 32 --no-single-thread --no-brian2 --out "$OUT/bench_sugar"
step "LIF parity FlyWire scale, 1 s, batch 8" 90 "$ETT" bench brain --check --seconds 1 --batch 8 --out "$OUT/check_full"
step "bench FlyWire scale, 5% driven, 1 s, batch 8" 90 "$ETT" bench brain --seconds 1 --batch 8 --drive 6932 --no-single-thread --no-brian2 --out "$OUT/bench_busy"
step "worm closed loop, 302-neuron connectome, 16 animals (CPU)" 60 "$ETT" bench physics --brain brains/celegans/connectome.ron --seconds 30 --animals 16

echo
echo "=== summary (log: $LOG, ${SECONDS}s in all)"
for i in "${!NAMES[@]}"; do printf '%-58s %s\n' "${NAMES[$i]}" "${STATUS[$i]}"; done
echo
echo "=== figures (LIF: s wall per biological second; HH: neuron updates per second)"
grep -hE "^(ett|Brian2)|parity overall|PASS|FAIL|skipped|real-time|closed loop|wall per simulated second" "$LOG" | grep -v "^===" || true
exit 0
