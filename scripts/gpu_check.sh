#!/usr/bin/env bash
# One prepared check for a lent GPU machine (driver 580 + CUDA 13 NVRTC; no Rust toolchain needed).
# Carry the release binary built elsewhere (target/release/ett) with the working tree, then from the
# repository root:   bash scripts/gpu_check.sh [OUT_DIR]
# Bounded to a few minutes: each step has its own timeout and a failure does not stop the others.
# Without a GPU every step says "skipped" and the script still ends with its table (exit 0).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-${OUT:-results/gpu_check}}"
mkdir -p "$OUT"
ETT=target/release/ett
LOG="$OUT/gpu_check.log"
: > "$LOG"
if [ ! -x "$ETT" ]; then
  echo "error: $ETT not found: build it with 'cargo build --release' and carry target/release/ett" | tee -a "$LOG"
  exit 2
fi

declare -a NAMES STATUS
step() { # name, timeout seconds, command...
  local name="$1" limit="$2"; shift 2
  echo "=== $name ($*)" | tee -a "$LOG"
  local start=$SECONDS
  timeout "$limit" "$@" 2>&1 | tee -a "$LOG"
  local rc=${PIPESTATUS[0]}
  local status="ok"
  [ "$rc" = 124 ] && status="TIMEOUT after ${limit}s"
  [ "$rc" != 0 ] && [ "$rc" != 124 ] && status="FAILED (exit $rc)"
  NAMES+=("$name"); STATUS+=("$status, $((SECONDS - start)) s")
}

step "nvidia-smi" 20 nvidia-smi
step "parity 20k neurons, 1 s, batch 4" 90 "$ETT" bench brain --check --neurons 20000 --edges 2000000 --seconds 1 --drive 2000 --batch 4 --out "$OUT/check_small"
step "parity FlyWire scale, 1 s, batch 8" 150 "$ETT" bench brain --check --seconds 1 --batch 8 --out "$OUT/check_full"
step "bench FlyWire scale, 21 sugar neurons, 1 s, batch 32" 180 "$ETT" bench brain --seconds 1 --batch 32 --no-single-thread --no-brian2 --out "$OUT/bench_sugar"
step "bench FlyWire scale, 5% driven, 1 s, batch 8" 180 "$ETT" bench brain --seconds 1 --batch 8 --drive 6932 --no-single-thread --no-brian2 --out "$OUT/bench_busy"

echo
echo "=== summary (log: $LOG)"
for i in "${!NAMES[@]}"; do printf '%-58s %s\n' "${NAMES[$i]}" "${STATUS[$i]}"; done
echo
echo "=== figures (s wall per biological second)"
grep -hE "^(ett|Brian2)|parity overall|PASS|FAIL|skipped" "$LOG" | grep -v "^===" || true
exit 0
