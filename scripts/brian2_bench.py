#!/usr/bin/env python3
"""The Shiu et al. 2024 LIF model in Brian2 on a network ett wrote, timed (see src/bench/brian2.rs).

Usage: brian2_bench.py DIR   (DIR holds meta.json, sources.u32, targets.u32, weights.i32,
drive_neurons.u32, drive_steps.u32; writes result.json and counts.u32 there).
The Poisson drive is ett's own event list (a SpikeGeneratorGroup), so both simulators see the same
inputs and their spike counts can be compared neuron by neuron.
Target: ETT_BRIAN2_TARGET = standalone (default), cython or numpy; see brian2_shiu.py.
"""
import json
import os
import sys

import numpy as np
from brian2 import Network, SpikeGeneratorGroup, SpikeMonitor, ms

import brian2_shiu as shiu


def main(d):
    target = os.environ.get("ETT_BRIAN2_TARGET", "standalone")
    shiu.configure(d, target)
    m, src, tgt, w = shiu.load(d)
    neu, syn = shiu.network(m, src, tgt, w)
    objects = [neu, syn]
    dn = shiu.read(d, "drive_neurons.u32", "<u4")
    ds = shiu.read(d, "drive_steps.u32", "<u4")
    if len(dn):
        driven = np.unique(dn)
        gen = SpikeGeneratorGroup(len(driven), np.searchsorted(driven, dn), ds * m["dt_ms"] * ms)
        objects += [gen, shiu.on_drive(gen, neu, driven, m)]
    mon = SpikeMonitor(neu, record=False)
    net = Network(*objects, mon)
    setup, run, cpu = shiu.run(net, m, d, target)
    counts = np.asarray(mon.count[:], dtype="<u4")
    counts.tofile(os.path.join(d, "counts.u32"))
    threads = os.environ.get("ETT_BRIAN2_THREADS", "1")
    label = f"{target}, {threads} thread(s)" if target == "standalone" else target
    if target == "standalone" and threads == "1":
        label += "; wall incl. start-up"
    json.dump({"target": label, "setup_wall_s": setup, "run_wall_s": run, "run_cpu_s": cpu, "spikes": int(counts.sum()),
               "synapses": len(src)}, open(os.path.join(d, "result.json"), "w"))
    print(f"brian2 {label}: setup {setup:.1f} s, run {run:.2f} s wall, {cpu:.2f} s CPU, spikes {int(counts.sum())}")


if __name__ == "__main__":
    main(sys.argv[1])
