#!/usr/bin/env python3
"""The Shiu et al. 2024 LIF model in Brian2 on a network ett wrote (see src/bench/brian2.rs).

Usage: brian2_bench.py DIR   (DIR holds meta.json, sources.u32, targets.u32, weights.i32,
drive_neurons.u32, drive_steps.u32; writes result.json and counts.u32 there).
The Poisson drive is ett's own event list (a SpikeGeneratorGroup), so both simulators see the same
inputs; incoming spikes and drive events are dropped while refractory, as in ett.
Target: cython (default) or numpy via ETT_BRIAN2_TARGET.
"""
import json
import os
import sys
import time

import numpy as np
from brian2 import (NeuronGroup, Network, SpikeGeneratorGroup, SpikeMonitor, Synapses, defaultclock, mV, ms, prefs)


def main(d):
    m = json.load(open(os.path.join(d, "meta.json")))
    target = os.environ.get("ETT_BRIAN2_TARGET", "cython")
    prefs.codegen.target = target
    dt = m["dt_ms"] * ms
    defaultclock.dt = dt
    n = m["neurons"]
    ns = {"v_0": m["v_rest_mv"] * mV, "v_rst": m["v_reset_mv"] * mV, "v_th": m["v_threshold_mv"] * mV,
          "t_mbr": m["tau_m_ms"] * ms, "tau": m["tau_syn_ms"] * ms}
    t0 = time.perf_counter()
    eqs = """
    dv/dt = (v_0 - v + g) / t_mbr : volt (unless refractory)
    dg/dt = -g / tau : volt (unless refractory)
    """
    neu = NeuronGroup(n, eqs, threshold="v > v_th", reset="v = v_rst; g = 0*mV",
                      refractory=m["refractory_ms"] * ms, method="linear", namespace=ns)
    neu.v = ns["v_0"]
    neu.g = 0 * mV
    src = np.fromfile(os.path.join(d, "sources.u32"), dtype="<u4").astype(np.int64)
    tgt = np.fromfile(os.path.join(d, "targets.u32"), dtype="<u4").astype(np.int64)
    w = np.fromfile(os.path.join(d, "weights.i32"), dtype="<i4").astype(np.float64)
    syn = Synapses(neu, neu, "w : volt", on_pre="g_post += w * int(not_refractory_post)", delay=m["delay_ms"] * ms)
    syn.connect(i=src, j=tgt)
    syn.w = w * m["w_syn_mv"] * mV
    objects = [neu, syn]
    dn = np.fromfile(os.path.join(d, "drive_neurons.u32"), dtype="<u4").astype(np.int64)
    ds = np.fromfile(os.path.join(d, "drive_steps.u32"), dtype="<u4").astype(np.int64)
    if len(dn):
        driven = np.unique(dn)
        gen = SpikeGeneratorGroup(len(driven), np.searchsorted(driven, dn), ds * dt)
        poi = Synapses(gen, neu, on_pre="v_post += w_poi * int(not_refractory_post)",
                       namespace={"w_poi": m["poisson_weight_mv"] * mV})
        poi.connect(i=np.arange(len(driven)), j=driven)
        objects += [gen, poi]
    mon = SpikeMonitor(neu, record=False)
    net = Network(*objects, mon)
    net.run(0 * ms)  # code generation and compilation, outside the timed run
    setup = time.perf_counter() - t0
    t1 = time.perf_counter()
    net.run(m["steps"] * dt)
    run = time.perf_counter() - t1
    counts = np.asarray(mon.count[:], dtype="<u4")
    counts.tofile(os.path.join(d, "counts.u32"))
    json.dump({"target": target, "setup_wall_s": setup, "run_wall_s": run, "spikes": int(counts.sum()),
               "synapses": int(len(syn))}, open(os.path.join(d, "result.json"), "w"))
    print(f"brian2 {target}: setup {setup:.1f} s, run {run:.2f} s, spikes {int(counts.sum())}")


if __name__ == "__main__":
    main(sys.argv[1])
