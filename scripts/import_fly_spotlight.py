#!/usr/bin/env python3
"""Writes scoring/fly/free_walking_spotlight_clip.csv: flygym 2.1.1's Spotlight clip, a real fly walking freely
(untethered), in the columns of the simulated fly's gait record (gait.csv, src/record/gait.rs), so that the same
Rust code (src/scoring/stepping.rs) measures step frequency, duty factor, tripod coordination and joint ranges on
it as on the tethered recording (scripts/import_fly_kinematics.py) and on simulated flies. The fly reference
(scoring/fly/reference_canton_s.ron) names this file.

Usage: fetch the wheel (../shared/DATA_SOURCES.md:
    python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 -d .data/wheels flygym==2.1.1)
then
    python3 scripts/import_fly_spotlight.py [.data/wheels/flygym-2.1.1-py3-none-any.whl] > scoring/fly/free_walking_spotlight_clip.csv

Standard library only; nothing from the wheel is imported or run. The wheel's sha256 is checked
(802e586848c37d382988fa4f95200763cddbc07da4ade22816edd253a04dd2fb), and so is the clip's,
flygym_demo/spotlight_data/assets/spotlight_behavior_clip.npz
(6688dcffe1428e88cec0169513f4980abe6e0836ffe467f0ff6da4465db83a09).
An .npz is a zip of .npy files: each is parsed from its header (magic, version, header dict with descr,
fortran_order, shape) and its raw little-endian data unpacked with array/struct. The one object array
(`keypoints`, a (30, 3) array of str/None) is a pickle; a restricted unpickler stands in for numpy's
_reconstruct/ndarray/dtype and refuses anything else.

What the clip holds, as the wheel's own loader says (flygym_demo/spotlight_data/preprocessing.py,
class MotionSnippet: "A short clip of experimentally recorded fly kinematics. Data comes from the Spotlight
motion capture system and covers all six legs with seven DOFs per leg"):
- joint_angles (660, 6, 7) float32, rad: legs in `legs` order (lf lm lh rf rm rh), DOFs in `dofs_per_leg`
  order: (thorax, coxa, pitch), (thorax, coxa, roll), (thorax, coxa, yaw), (coxa, trochanterfemur, pitch),
  (coxa, trochanterfemur, roll), (trochanterfemur, tibia, pitch), (tibia, tarsus1, pitch), in SeqIKPy's
  "global" convention (MotionSnippet flips right-leg roll and yaw to NeuroMechFly's; pitch is not flipped).
- fwdkin_egoxyz, rawpred_egoxyz (660, 30, 3) float32: "forward-kinematics keypoint positions in ego-frame"
  and "raw predicted keypoint positions in ego-frame" (MotionSnippet's docstring); keypoints (30, 3): per leg
  the thorax-coxa, coxa-trochanterfemur, trochanterfemur-tibia and tibia-tarsus1 joints and the tarsus5 tip.
  Units: mm (the body is about 2.5 mm long: front to hind thorax-coxa joints 0.6 mm apart, tips reach
  0.8-1.7 mm from them); axes: x forward (front coxae at larger x), y to the fly's left (left coxae at
  larger y), z up (swinging tips rise 0.5-1.2 mm, stance tips lie within about 0.2 mm of the lowest).
  The frame follows the body (the front-hind coxa axis turns by less than 2 degrees over the clip), so the
  clip has NO world positions: the fly's path cannot be read from it.
- legs, dofs_per_leg, data_fps (330), experiment_trial ("20250613-fly1b-012"),
  framerange_in_raw_recording ([1033, 1693]).
The wheel names no paper for the clip and does not itself say "freely walking": that rests on what Spotlight
is (NeLy's closed-loop tracking videography of untethered flies at 330 Hz, the clip's frame rate; its
pose estimator gives 3-D keypoints in the body frame, as here) and on ../shared/DATA_SOURCES.md.

Method (columns; only peak-to-peak ranges and timing are compared, as for the tethered recording):
- LEG_stance (1/0): with the tips in the body frame only, stance is the tip moving backward along the body
  axis, as in scripts/import_fly_kinematics.py: the tip's x (fwdkin_egoxyz tarsus5 minus the thorax-coxa
  joint) falling, smoothed over SMOOTH_S (stepping.rs's 30 ms), each switch moved to the raw x's peak or trough
  in the window (the same port of stepping.rs's `stance_from_retraction`). One addition for a free fly:
  a fly that stands still has its feet down, but its still tips' x only wobbles with the pose estimate's noise,
  and retraction alone would read that wobble as steps. So a swing run whose tip moves forward by less than
  MIN_SWING_MM (raw x at its end minus at its start) is noise, not a step, and becomes stance. Phases
  shorter than stepping.rs's MIN_PHASE_S (10 ms) are merged there, as for every record.
  Tip height is a check only (stderr): stance read as the tip within HEIGHT_STANCE_MM of the leg's lowest
  10 % of heights is compared with stance from retraction. Height is not the primary cue because some hind
  leg swings in this clip skim the ground (the tip moves forward 0.5-1 mm while staying low).
- LEG_ThcYaw_rad: the horizontal angle of the thorax-coxa joint -> tarsus tip vector in the body frame,
  atan2(forward, lateral distance), positive forward (as the tethered import defines it).
- LEG_CtrPitch_rad <- (coxa, trochanterfemur, pitch), LEG_FtiPitch_rad <- (trochanterfemur, tibia, pitch),
  LEG_TitaPitch_rad <- (tibia, tarsus1, pitch): NeuroMechFly's Femur, Tibia and Tarsus1 pitch, the joints the
  tethered import uses for the same columns.
- The fly's speed (stderr only): with no world positions, it is estimated by odometry of the feet: a foot
  in stance is (nearly) still on the floor, so in the body frame it moves backward at the body's forward
  speed. Per frame, the median over legs in stance of -d(tip x)/dt (central differences of the raw x);
  reported as the mean over frames. An estimate (it assumes no slipping and ignores turning), not a track.
"""
import array
import ast
import hashlib
import io
import math
import pickle
import struct
import sys
import zipfile
import os

# The tethered fly's import owns the port of stepping.rs's stance_from_retraction (same 30-ms smoothing).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from import_fly_kinematics import stance_from_retraction, write_gait_rows  # noqa: E402

WHEEL = sys.argv[1] if len(sys.argv) > 1 else ".data/wheels/flygym-2.1.1-py3-none-any.whl"
WHEEL_SHA256 = "802e586848c37d382988fa4f95200763cddbc07da4ade22816edd253a04dd2fb"
CLIP = "flygym_demo/spotlight_data/assets/spotlight_behavior_clip.npz"
NPZ_SHA256 = "6688dcffe1428e88cec0169513f4980abe6e0836ffe467f0ff6da4465db83a09"
LEGS = ["LF", "LM", "LH", "RF", "RM", "RH"]
FLEXION = [("CtrPitch", ("coxa", "trochanterfemur", "pitch")), ("FtiPitch", ("trochanterfemur", "tibia", "pitch")),
           ("TitaPitch", ("tibia", "tarsus1", "pitch"))]
# stepping.rs's SMOOTH_S: the same smoothing as for the tethered fly (about a third of this fly's ~100-ms cycle).
SMOOTH_S = 0.03
# A swing must carry the tip forward by more than the pose estimate's wobble: the thorax-coxa keypoints, which
# sit on the rigid thorax, move by up to 0.15 mm (+-0.07 mm) in the body frame over the clip; real swings in
# this clip carry the tip forward 0.3-1.5 mm.
MIN_SWING_MM = 0.2
# Height check only: stance tips lie within this of the leg's lowest heights; swing lifts tips 0.3-1.2 mm.
HEIGHT_STANCE_MM = 0.2


class _Stub:
    """Stands in for numpy's ndarray and dtype while unpickling the object array: keeps the pickled state."""

    def __init__(self, *args):
        self.args, self.state = args, None

    def __setstate__(self, state):
        self.state = state


class _Restricted(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) in (("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "_reconstruct"),
                              ("numpy", "dtype")):
            return _Stub
        if (module, name) == ("numpy", "ndarray"):
            return None
        raise pickle.UnpicklingError(f"refused {module}.{name}")


def read_npy(blob, name):
    """(shape, flat values) of one .npy file, C order; floats, ints, unicode strings or a pickled object array."""
    if blob[:6] != b"\x93NUMPY":
        sys.exit(f"{name}: not an .npy file")
    major = blob[6]
    if major == 1:
        size, start = struct.unpack("<H", blob[8:10])[0], 10
    elif major in (2, 3):
        size, start = struct.unpack("<I", blob[8:12])[0], 12
    else:
        sys.exit(f"{name}: .npy version {major} unknown")
    header = ast.literal_eval(blob[start:start + size].decode("latin1"))
    descr, shape, raw = header["descr"], tuple(header["shape"]), blob[start + size:]
    if header["fortran_order"]:
        sys.exit(f"{name}: Fortran order not handled")
    count = math.prod(shape)
    if descr in ("<f4", "<f8"):
        values = array.array("f" if descr == "<f4" else "d")
        if values.itemsize != int(descr[2]):
            sys.exit(f"{name}: this machine's {values.typecode} is not {descr}")
        values.frombytes(raw)
        if sys.byteorder != "little":
            values.byteswap()
        values = list(values)
    elif descr in ("<i4", "<i8"):
        values = list(struct.unpack(f"<{count}{'i' if descr == '<i4' else 'q'}", raw))
    elif descr.startswith("<U"):
        k = int(descr[2:]) * 4
        values = [raw[i * k:(i + 1) * k].decode("utf-32-le").rstrip("\x00") for i in range(count)]
    elif descr == "|O":
        obj = _Restricted(io.BytesIO(raw)).load()
        # ndarray state: (version, shape, dtype, is_fortran, list of objects)
        if not isinstance(obj, _Stub) or obj.state is None or tuple(obj.state[1]) != shape or obj.state[3]:
            sys.exit(f"{name}: object array not understood")
        values = list(obj.state[4])
    else:
        sys.exit(f"{name}: dtype {descr} not handled")
    if len(values) != count:
        sys.exit(f"{name}: {len(values)} values for shape {shape}")
    return shape, values


def runs(flags):
    """[(value, start, end)] of the runs of equal values."""
    out, start = [], 0
    for i in range(1, len(flags) + 1):
        if i == len(flags) or flags[i] != flags[start]:
            out.append((flags[start], start, i))
            start = i
    return out


def drop_small_swings(stance, x):
    """Swing runs that carry the tip forward by less than MIN_SWING_MM become stance (returns the count)."""
    dropped = 0
    for value, a, b in runs(stance):
        if not value and 0 < a and b < len(x) and x[min(b, len(x) - 1)] - x[a] < MIN_SWING_MM:
            stance[a:b] = [True] * (b - a)
            dropped += 1
    return dropped


def main():
    blob = open(WHEEL, "rb").read()
    sha = hashlib.sha256(blob).hexdigest()
    if sha != WHEEL_SHA256:
        sys.exit(f"{WHEEL}: sha256 {sha}, expected {WHEEL_SHA256}")
    npz = zipfile.ZipFile(io.BytesIO(blob)).read(CLIP)
    npz_sha = hashlib.sha256(npz).hexdigest()
    if npz_sha != NPZ_SHA256:
        sys.exit(f"{CLIP}: sha256 {npz_sha}, expected {NPZ_SHA256}")
    arrays = {}
    with zipfile.ZipFile(io.BytesIO(npz)) as z:
        for name in z.namelist():
            arrays[name[:-4]] = read_npy(z.read(name), name)
    for name, (shape, values) in arrays.items():
        print(f"{name}: shape {shape}" + (f" = {values}" if len(values) <= 21 else ""), file=sys.stderr)
    fps = arrays["data_fps"][1][0]
    legs = arrays["legs"][1]
    dofs = [tuple(arrays["dofs_per_leg"][1][3 * i:3 * i + 3]) for i in range(arrays["dofs_per_leg"][0][0])]
    kp = arrays["keypoints"][1]
    keypoints = [tuple(kp[3 * i:3 * i + 3]) for i in range(arrays["keypoints"][0][0])]
    (n, n_legs, n_dofs), angles = arrays["joint_angles"]
    (_, n_kp, _), xyz = arrays["fwdkin_egoxyz"]
    raw_xyz = arrays["rawpred_egoxyz"][1]
    if legs != [leg.lower() for leg in LEGS] or n_legs != 6 or n_dofs != len(dofs):
        sys.exit(f"unexpected legs {legs} or DOFs {dofs}")
    dt = 1.0 / fps

    def point(values, t, leg, parent, child):
        k = keypoints.index((leg.lower(), parent, child))
        return values[(t * n_kp + k) * 3:(t * n_kp + k) * 3 + 3]

    def angle(t, leg, dof):
        return angles[(t * n_legs + legs.index(leg.lower())) * n_dofs + dofs.index(dof)]

    tip, base, raw_tip = {}, {}, {}
    for leg in LEGS:
        base[leg] = [point(xyz, t, leg, "thorax", "coxa") for t in range(n)]
        tip[leg] = [point(xyz, t, leg, "tarsus5", None) for t in range(n)]
        raw_tip[leg] = [point(raw_xyz, t, leg, "tarsus5", None) for t in range(n)]
    columns = [("time_s", [k * dt for k in range(n)])]
    stance = {}
    for leg in LEGS:
        x = [p[0] - b[0] for p, b in zip(tip[leg], base[leg])]
        stance[leg] = stance_from_retraction(x, dt)
        dropped = drop_small_swings(stance[leg], x)
        columns.append((f"{leg}_stance", [1.0 if s else 0.0 for s in stance[leg]]))
        # Checks: stance from height; stance from the raw predictions' tips.
        zs = [p[2] for p in tip[leg]]
        ground = sorted(zs)[len(zs) // 10]
        low = [z < ground + HEIGHT_STANCE_MM for z in zs]
        raw_x = [p[0] - b[0] for p, b in zip(raw_tip[leg], base[leg])]
        raw_stance = stance_from_retraction(raw_x, dt)
        drop_small_swings(raw_stance, raw_x)
        swings = [x[min(b, n - 1)] - x[a] for v, a, b in runs(stance[leg]) if not v and 0 < a and b < n]
        print(f"{leg}: stance share {sum(stance[leg]) / n:.2f} ({dropped} wobble swings < {MIN_SWING_MM} mm merged); "
              f"{sum(low) / n:.2f} from height, agreeing on {sum(a == b for a, b in zip(low, stance[leg])) / n:.0%}; "
              f"from rawpred tips agreeing on {sum(a == b for a, b in zip(raw_stance, stance[leg])) / n:.0%}; "
              f"swing forward excursions {' '.join(f'{s:.2f}' for s in swings)} mm; tip x {min(x):.2f}..{max(x):.2f}, "
              f"z {min(zs):.2f}..{max(zs):.2f} mm", file=sys.stderr)
    for leg in LEGS:
        columns.append((f"{leg}_ThcYaw_rad", [math.atan2(p[0] - b[0], abs(p[1] - b[1])) for p, b in zip(tip[leg], base[leg])]))
    for leg in LEGS:
        for ours, dof in FLEXION:
            columns.append((f"{leg}_{ours}_rad", [angle(t, leg, dof) for t in range(n)]))
    # Speed by foot odometry (stderr).
    speeds = []
    for t in range(1, n - 1):
        v = [-(tip[leg][t + 1][0] - tip[leg][t - 1][0]) / (2 * dt) for leg in LEGS if stance[leg][t]]
        if v:
            v.sort()
            speeds.append(v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2)
    print(f"forward speed by foot odometry: mean {sum(speeds) / len(speeds):.1f} mm/s over {len(speeds)} frames; "
          f"by quarters of the clip: {' '.join(f'{sum(q) / len(q):.1f}' for q in (speeds[i * len(speeds) // 4:(i + 1) * len(speeds) // 4] for i in range(4)))} mm/s",
          file=sys.stderr)
    trial = arrays["experiment_trial"][1][0]
    frames = arrays["framerange_in_raw_recording"][1]
    w = sys.stdout.write
    w("# GENERATED by scripts/import_fly_spotlight.py: do not edit by hand.\n")
    w(f"# Source: flygym 2.1.1 (Apache-2.0) wheel sha256 {WHEEL_SHA256}, file {CLIP}\n")
    w(f"# (sha256 {npz_sha}): a real fly walking freely, recorded by the Spotlight motion-capture system\n")
    w(f"# (trial {trial}, frames {frames[0]}-{frames[1]} of the raw recording), {n} frames at {fps} Hz; keypoints in mm in\n")
    w("# the body (ego) frame, joint angles in rad (SeqIKPy). Columns as the simulated fly's gait.csv:\n")
    w("# LEG_stance = tarsus tip moving backward in the body frame (smoothed 30 ms; forward moves under\n")
    w(f"# {MIN_SWING_MM} mm are stance: no world positions or contacts were recorded); LEG_ThcYaw_rad = horizontal angle of the\n")
    w("# thorax-coxa -> tarsus-tip vector, positive forward; CtrPitch <- coxa-trochanterfemur pitch, FtiPitch <-\n")
    w("# trochanterfemur-tibia pitch, TitaPitch <- tibia-tarsus1 pitch. Details in the script's header.\n")
    write_gait_rows(w, columns, n, time_decimals=6)


if __name__ == "__main__":
    main()
