// The general engine's kernels (model_kernels.cu with one neuron model, KERNEL_FILE) run on the CPU the way
// model_cuda.rs launches them, against the CPU backend's results dumped by tests/engine_kernel_dump.rs:
// spike counts, per-step totals and v traces must match bit for bit. Usage: emu_model CASE.bin
#include <vector>
#include <stdio.h>
#include <string.h>
#include "shim.h"
#include KERNEL_FILE
template <class T> std::vector<T> get(FILE* f) { unsigned long long len; fread(&len, 8, 1, f); std::vector<T> v(len); fread(v.data(), sizeof(T), len, f); return v; }
int main(int argc, char** argv) {
  FILE* f = fopen(argv[1], "rb");
  auto h = get<double>(f);
  int n = h[0], B = h[1], D = h[2], steps = h[3]; double dt = h[4], decay = h[5], weight = h[6], dw = h[7]; int cond = h[8]; double ee = h[9], ei = h[10];
  int vars = h[11], n_params = h[12]; u64 seed = (u64)h[13]; int pops = h[14];
  auto params = get<double>(f); auto pop = get<u32>(f); auto thr = get<u64>(f);
  auto goff = get<u32>(f); auto gpart = get<u32>(f); auto gg = get<double>(f); auto gsum = get<double>(f);
  auto trace_list = get<u32>(f); auto state = get<double>(f);
  auto off = get<u32>(f); auto tgt = get<u32>(f); auto w = get<int>(f); auto edelay = get<u32>(f);
  int min_delay = D; for (auto d : edelay) if ((int)d < min_delay) min_delay = d;
  auto cpu_counts = get<u32>(f); auto cpu_per_step = get<u32>(f); auto cpu_trace = get<double>(f);
  if (vars != VARS) { printf("VARS mismatch\n"); return 2; }
  bool has_gaps = !gpart.empty(); bool has_edges = !tgt.empty(); bool has_drive = false; for (auto t : thr) has_drive |= t != 0;
  int window = 1000; if (has_edges && window > min_delay) window = min_delay; if (has_gaps) window = 1;
  long long bn = (long long)n * B; int tn = trace_list.size();
  std::vector<int> tidx(n, -1); for (int k = 0; k < tn; k++) tidx[trace_list[k]] = k;
  u32 cap = has_edges ? n * window : 1;
  std::vector<double> ge(bn, 0), gi(bn, 0), gapgv(has_gaps ? bn : 1, 0), trace((size_t)steps * B * tn + 1, 0);
  std::vector<int> re(has_edges ? D * bn : 1, 0), ri(has_edges ? D * bn : 1, 0);
  std::vector<u32> counts(bn, 0), sneu(cap * B), sstep(cap * B), sn(B, 0), per((size_t)steps * B, 0), ovf(1, 0);
  int counter = 0; int nb = (bn + 255) / 256;
  int left = steps;
  while (left > 0) {
    int win = left < window ? left : window; left -= win;
    if (has_gaps) launch(nb, 1, 256, [&] { model_gap(n, B, goff.data(), gpart.data(), gg.data(), state.data(), gapgv.data()); });
    launch(nb, 1, 256, [&] { model_update(n, B, D, win, steps, seed, 0, dt, decay, weight, dw, cond, ee, ei, n_params, pops > 1, has_gaps, has_edges, has_drive, tn, cap, 0,
        &counter, params.data(), pop.data(), thr.data(), gsum.data(), gapgv.data(), tidx.data(), nullptr, state.data(), ge.data(), gi.data(), re.data(), ri.data(),
        counts.data(), sneu.data(), sstep.data(), sn.data(), per.data(), trace.data()); });
    if (has_edges) launch(32, B, 256, [&] { model_propagate(n, B, D, cap, !edelay.empty(), off.data(), tgt.data(), w.data(), edelay.data(), sneu.data(), sstep.data(), sn.data(), re.data(), ri.data()); });
    launch(1, 1, 32, [&] { tick_window(B, win, cap, &counter, sn.data(), ovf.data()); });
  }
  // GPU trace layout [t][b][k] -> CPU [b][k][t]
  double worst = 0; for (int b = 0; b < B; b++) for (int k = 0; k < tn; k++) for (int t = 0; t < steps; t++) {
    double x = cpu_trace[((size_t)b * tn + k) * steps + t], y = trace[((size_t)t * B + b) * tn + k];
    double d = fabs(x - y) / fmax(fabs(x), 1.0); if (d > worst) worst = d; }
  std::vector<u32> per_b((size_t)steps * B); for (int b = 0; b < B; b++) for (int t = 0; t < steps; t++) per_b[(size_t)b * steps + t] = per[(size_t)t * B + b];
  long long tot = 0; for (auto c : counts) tot += c;
  printf("%s: window %d, spikes %lld, counts identical %d, per-step identical %d, trace max rel diff %g, overflow %u\n", argv[1], window, tot, (int)(counts == cpu_counts), (int)(per_b == cpu_per_step), worst, ovf[0]);
  return counts == cpu_counts && per_b == cpu_per_step && worst == 0 ? 0 : 1;
}
