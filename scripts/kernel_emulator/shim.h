// Just enough of CUDA for the engine's kernels to compile as C++ and run one thread after another: the
// kernels use no shared memory or barriers, so a sequential run is one valid schedule, and integer atomics
// make the result independent of the schedule.
#include <math.h>
#include <string.h>
#include <algorithm>
struct dim3_ { unsigned x, y, z; };
static dim3_ blockIdx, threadIdx, blockDim, gridDim;
#define __global__
#define __device__
#define __forceinline__ inline
#define __restrict__ __restrict
static unsigned atomicAdd(unsigned* p, unsigned v) { unsigned o = *p; *p += v; return o; }
static int atomicAdd(int* p, int v) { int o = *p; *p += v; return o; }
static double __longlong_as_double(long long v) { double d; memcpy(&d, &v, 8); return d; }
using std::min;

#include <functional>
// Runs kernel body `k` for every (block, thread) of a grid gx x gy of bx threads.
static void launch(unsigned gx, unsigned gy, unsigned bx, std::function<void()> k) {
  gridDim = {gx, gy, 1}; blockDim = {bx, 1, 1};
  for (unsigned y = 0; y < gy; y++) for (unsigned x = 0; x < gx; x++) for (unsigned t = 0; t < bx; t++) {
    blockIdx = {x, y, 0}; threadIdx = {t, 0, 0}; k(); }
}
