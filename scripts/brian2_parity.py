#!/usr/bin/env python3
"""Trials of the Shiu et al. 2024 LIF model in Brian2 with Brian2's own Poisson drive (see src/bench/parity.rs).

Usage: brian2_parity.py DIR   (DIR holds meta.json with "trials", "rate_hz" and "seed", sources.u32,
targets.u32, weights.i32 and driven.u32; writes counts.u32, trials x neurons trial-major, and result.json).
The trials are independent copies of the network in one group, so one run simulates them all.
Target: ETT_BRIAN2_TARGET = numpy (default: nothing to compile), cython or standalone; see brian2_shiu.py.
"""
import json
import os
import sys

import numpy as np
from brian2 import Network, SpikeMonitor, seed

import brian2_shiu as shiu


def main(d):
    target = os.environ.get("ETT_BRIAN2_TARGET", "numpy")
    shiu.configure(d, target)
    m, src, tgt, w = shiu.load(d)
    seed(m["seed"] % 2**32)  # numpy seeds are 32-bit
    trials, n = m["trials"], m["neurons"]
    neu, syn = shiu.network(m, src, tgt, w, copies=trials)
    driven = shiu.read(d, "driven.u32", "<u4")
    targets = (np.arange(trials, dtype=np.int64)[:, None] * n + driven[None, :]).ravel()
    mon = SpikeMonitor(neu, record=False)
    net = Network(neu, syn, *shiu.poisson_drive(neu, targets, m), mon)
    setup, run, cpu = shiu.run(net, m, d, target)
    counts = np.asarray(mon.count[:], dtype="<u4")
    counts.tofile(os.path.join(d, "counts.u32"))
    json.dump({"target": target, "setup_wall_s": setup, "run_wall_s": run, "run_cpu_s": cpu, "spikes": int(counts.sum())},
              open(os.path.join(d, "result.json"), "w"))
    print(f"brian2 {target}: {trials} trials, setup {setup:.1f} s, run {run:.2f} s wall, {cpu:.2f} s CPU, spikes {int(counts.sum())}")


if __name__ == "__main__":
    main(sys.argv[1])
