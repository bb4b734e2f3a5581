"""The Shiu et al. 2024 LIF model in Brian2, shared by brian2_bench.py and brian2_parity.py.

ett writes a network to a folder (meta.json, sources.u32, targets.u32, weights.i32; see src/bench/brian2.rs).
Incoming spikes and drive events are dropped while refractory, as in ett (src/engine/mod.rs).
Targets: numpy (no compilation), cython (compiled once into a cache), standalone (C++ standalone, built
with g++ into the output folder; ETT_BRIAN2_THREADS OpenMP threads, default 1 = OpenMP off).
"""
import json
import os
import resource
import time

import numpy as np
from brian2 import Hz, NeuronGroup, PoissonGroup, Synapses, defaultclock, device, mV, ms, prefs, set_device

EQUATIONS = """
dv/dt = (v_0 - v + g) / t_mbr : volt (unless refractory)
dg/dt = -g / tau : volt (unless refractory)
"""


def read(d, name, dtype):
    """An array ett wrote, as int64 (Brian2's index type)."""
    return np.fromfile(os.path.join(d, name), dtype=dtype).astype(np.int64)


def load(d):
    """The meta data and the edge arrays ett wrote."""
    m = json.load(open(os.path.join(d, "meta.json")))
    return m, read(d, "sources.u32", "<u4"), read(d, "targets.u32", "<u4"), read(d, "weights.i32", "<i4")


def configure(d, target):
    """Selects the code generation target; the standalone project and the cython cache live under d."""
    if target == "standalone":
        threads = int(os.environ.get("ETT_BRIAN2_THREADS", "1"))
        # One thread runs without OpenMP, so the loop timer is std::clock (CPU time of the loop).
        prefs.devices.cpp_standalone.openmp_threads = threads if threads > 1 else 0
        set_device("cpp_standalone", directory=os.path.join(d, "standalone"), build_on_run=False)
    else:
        prefs.codegen.target = target
        if target == "cython":
            # Inside the output folder so that nothing outside the repository is written.
            prefs.codegen.runtime.cython.cache_dir = os.path.join(d, "cython_cache")


def network(m, src, tgt, w, copies=1):
    """`copies` independent copies of the network in one group (copy k holds neurons k*n..(k+1)*n)."""
    defaultclock.dt = m["dt_ms"] * ms
    n = m["neurons"]
    ns = {"v_0": m["v_rest_mv"] * mV, "v_rst": m["v_reset_mv"] * mV, "v_th": m["v_threshold_mv"] * mV,
          "t_mbr": m["tau_m_ms"] * ms, "tau": m["tau_syn_ms"] * ms}
    neu = NeuronGroup(n * copies, EQUATIONS, threshold="v > v_th", reset="v = v_rst; g = 0*mV",
                      refractory=m["refractory_ms"] * ms, method="linear", namespace=ns)
    neu.v = ns["v_0"]
    neu.g = 0 * mV
    offsets = np.repeat(np.arange(copies, dtype=np.int64) * n, len(src))
    syn = Synapses(neu, neu, "w : volt", on_pre="g_post += w * int(not_refractory_post)", delay=m["delay_ms"] * ms)
    syn.connect(i=np.tile(src, copies) + offsets, j=np.tile(tgt, copies) + offsets)
    syn.w = np.tile(w, copies) * m["w_syn_mv"] * mV
    return neu, syn


def on_drive(source, neu, targets, m):
    """Each spike of `source` neuron k adds the Poisson weight to v of neuron targets[k] unless refractory."""
    poi = Synapses(source, neu, on_pre="v_post += w_poi * int(not_refractory_post)",
                   namespace={"w_poi": m["poisson_weight_mv"] * mV})
    poi.connect(i=np.arange(len(targets)), j=np.asarray(targets))
    return poi


def poisson_drive(neu, targets, m):
    """Brian2's own Poisson events (one PoissonGroup neuron per driven neuron, Bernoulli per step as in ett)."""
    gen = PoissonGroup(len(targets), rates=m["rate_hz"] * Hz)
    return [gen, on_drive(gen, neu, targets, m)]


def children_cpu_s():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(net, m, d, target):
    """Builds (compiles) and runs `net` for m["steps"]; returns (setup_wall_s, run_wall_s, run_cpu_s)."""
    duration = m["steps"] * m["dt_ms"] * ms
    t0 = time.perf_counter()
    if target == "standalone":
        net.run(duration)
        device.build(directory=os.path.join(d, "standalone"), compile=True, run=False, clean=False)
        setup = time.perf_counter() - t0
        t1, c1 = time.perf_counter(), children_cpu_s()
        device.run(directory=os.path.join(d, "standalone"), with_output=False)
        wall, cpu = time.perf_counter() - t1, children_cpu_s() - c1
        loop = float(device._last_run_time)
        if prefs.devices.cpp_standalone.openmp_threads == 0:
            # The loop's CPU time; the wall time is the whole program's (it also loads the synapses).
            return setup, wall, loop
        # The loop's wall time (omp_get_wtime); the CPU time is the whole program's.
        return setup, loop, cpu
    net.run(0 * ms)  # code generation and compilation, outside the timed run
    setup = time.perf_counter() - t0
    t1, c1 = time.perf_counter(), time.process_time()
    net.run(duration)
    return setup, time.perf_counter() - t1, time.process_time() - c1
