// The Shiu LIF kernels (kernels.cu) run on the CPU: the minimum-delay window mode (lif_window,
// propagate_window, tick_window) must give the same spikes as the per-step mode (lif_update, propagate, tick),
// which the H200 run showed bit-identical with the CPU backend. A random network, 3 instances, a partial window.
// Then the closed loop's use (src/brain/flywire_lif.rs): control steps of 40 steps (windows of 18, 18 and 4,
// so partial windows mid-run), the driven neurons' thresholds changed before each control step.
#include "shim.h"
#include "shiu_lif.cu"
#include <vector>
#include <random>
#include <stdio.h>
int main() {
  int n = 3000, B = 3, D = 18, R = 22, steps = 1000; // 55 windows + 10 leftover
  std::mt19937_64 rng(5);
  std::vector<u32> off(n + 1, 0), tgt; std::vector<int> w;
  for (int i = 0; i < n; i++) { int deg = rng() % 200; for (int e = 0; e < deg; e++) { tgt.push_back(rng() % n); int c = 1 + rng() % 8; w.push_back(rng() % 4 == 0 ? -c : c); } off[i + 1] = tgt.size(); }
  std::vector<u64> thr(n, 0); std::vector<int> driven;
  for (int i = 0; i < 300; i++) { int k = rng() % n; driven.push_back(k); thr[k] = (u64)(0.015 * 9007199254740992.0); }
  const int C = 40; const double levels[3] = {0.0, 0.015, 0.004};
  double dv = exp(-0.1 / 20), dg = exp(-0.1 / 5), gtv = 5.0 / (5 - 20) * (dg - dv);
  std::vector<unsigned char> les(1, 0);
  auto set_level = [&](int k) { for (int i : driven) thr[i] = (u64)(levels[k % 3] * 9007199254740992.0); };
  auto run = [&](bool windowed, bool controlled, std::vector<u32>& counts, std::vector<u32>& per_step) {
    if (!controlled) for (int i : driven) thr[i] = (u64)(0.015 * 9007199254740992.0);
    long long bn = (long long)n * B;
    std::vector<double> v(bn, -52.0), g(bn, 0.0); std::vector<int> last(bn, -(1 << 30)), ring(bn * D, 0);
    counts.assign(bn, 0); per_step.assign((size_t)steps * B, 0);
    std::vector<u32> list(bn * 2), wstep(bn * 2), sn(B, 0), ovf(1, 0); int counter = 0; u32 cap = n;
    int nb = (bn + 255) / 256;
    if (!windowed) {
      for (int s = 0; s < steps; s++) {
        if (controlled && s % C == 0) set_level(s / C);
        launch(nb, 1, 256, [&] { lif_update(n, B, D, 7, 0, dv, dg, gtv, -52, -52, -45, 0.275, 68.75, R, 0, &counter, v.data(), g.data(), last.data(), ring.data(), les.data(), thr.data(), counts.data(), list.data(), sn.data()); });
        launch(32, B, 256, [&] { propagate(n, D, &counter, off.data(), tgt.data(), w.data(), list.data(), sn.data(), ring.data()); });
        launch(1, 1, 32, [&] { tick(B, steps, &counter, sn.data(), per_step.data()); });
      }
    } else {
      int left = steps;
      while (left > 0) {
        int done = steps - left, to_control_end = controlled ? C - done % C : left;
        if (controlled && done % C == 0) set_level(done / C);
        int win = left < D ? left : D; if (win > to_control_end) win = to_control_end; left -= win;
        launch(nb, 1, 256, [&] { lif_window(n, B, D, win, steps, 7, 0, dv, dg, gtv, -52, -52, -45, 0.275, 68.75, R, 0, cap, &counter, v.data(), g.data(), last.data(), ring.data(), les.data(), thr.data(), counts.data(), list.data(), wstep.data(), sn.data(), per_step.data()); });
        launch(32, B, 256, [&] { propagate_window(n, D, cap, off.data(), tgt.data(), w.data(), list.data(), wstep.data(), sn.data(), ring.data()); });
        launch(1, 1, 32, [&] { tick_window(B, win, cap, &counter, sn.data(), ovf.data()); });
      }
      if (ovf[0]) printf("OVERFLOW\n");
    }
  };
  int failed = 0;
  for (int controlled = 0; controlled < 2; controlled++) {
    std::vector<u32> c1, p1, c2, p2; run(false, controlled, c1, p1); run(true, controlled, c2, p2);
    long long t1 = 0, t2 = 0; for (auto x : c1) t1 += x; for (auto x : c2) t2 += x;
    printf("%s: step mode spikes %lld, window mode %lld, counts identical %d, per-step identical %d\n",
           controlled ? "closed-loop control steps, rates changed" : "constant rates", t1, t2, (int)(c1 == c2), (int)(p1 == p2));
    failed |= !(c1 == c2 && p1 == p2);
  }
  return failed;
}
