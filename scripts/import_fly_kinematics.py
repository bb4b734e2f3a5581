#!/usr/bin/env python3
"""Writes scoring/fly/tethered_walking_210902_pr_fly1.csv: flygym 1.2.1's real tethered-walking recording in
the columns of the simulated fly's gait record (gait.csv, src/record/gait.rs), so that the same Rust code
(src/scoring/stepping.rs) measures step frequency, duty factor, tripod coordination and joint ranges on the
real fly and on simulated ones. The fly reference (scoring/fly/reference_canton_s.ron) names this file.

Usage: fetch the wheel (../shared/DATA_SOURCES.md:
    python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 -d .data/wheels flygym==1.2.1)
then
    python3 scripts/import_fly_kinematics.py [.data/wheels/flygym-1.2.1-py3-none-any.whl] > scoring/fly/tethered_walking_210902_pr_fly1.csv

Standard library only; nothing from the wheel is imported or run. The pickle is read with
scripts/import_fly_walking.py's restricted unpickler (numpy float64 scalars become floats, anything else is
refused); the model is read with zipfile, xml.etree and struct.

Method: forward kinematics of each leg on NeuroMechFly's own model, the one the recording's angles were
fitted for (seqIKPy, yaw-pitch-roll order): flygym/data/mjcf/neuromechfly_seqik_kinorder_ypr.xml. In the
thorax frame (x forward, y left, z up; the model is in mm: its meshes are scaled 1000 from metres and its
femur is 0.7 mm long), each link from the coxa to Tarsus5 is placed by its body pos/quat, and each hinge
turns about its axis in the body's frame in the MJCF's joint order (as MuJoCo composes them) by the recorded
angle; the hinges the recording lacks (Tarsus2-5) stay at 0, the model's reference (no joint has a `ref`).
The tarsus tip is the distal end of Tarsus5's mesh (the MJCF has no tip site): the mesh vertex lowest along
the segment (smallest z in the Tarsus5 frame, where the straight leg hangs down -z), with the asset's scale
and left-right mirroring applied; it lies about 0.11 mm beyond the Tarsus5 joint.

Columns (the recording has NeuroMechFly's 7 angles per leg, the simulated leg 5 in a vertical plane; only
peak-to-peak ranges and the timing are compared, so offsets and signs of the flexion joints do not matter):
- LEG_stance (1/0): a tethered fly on a ball has no recorded contact, so stance is the tip moving backward
  along the body axis: tip x falling, smoothed over SMOOTH_S, each switch then moved to the raw tip x's
  peak (retraction starts) or trough (protraction starts) within the window: a port of stepping.rs's
  `stance_from_retraction`, applied to the tip's x instead of an angle. stepping.rs uses the column as it
  uses a simulated fly's contacts (flicker shorter than its MIN_PHASE_S is merged there).
- LEG_ThcYaw_rad: protraction as the simulated planar leg's yaw hinge measures it: the horizontal angle of
  the thorax-coxa joint -> tarsus tip vector, atan2(forward, lateral distance), positive forward.
- LEG_CtrPitch_rad <- `Femur`, LEG_FtiPitch_rad <- `Tibia`, LEG_TitaPitch_rad <- `Tarsus1`: the flexion
  angle of the same joint; the tip's kinematics give no closer counterpart of a single planar joint.
- No ThcPitch column: the simulated leg keeps it neutral and the recording has no matching joint.
The tip's height is a check only (stderr): stance read from tip height (within HEIGHT_STANCE_MM of the leg's
lowest 10 % of heights, the ball's surface) is compared with stance read from retraction.
"""
import hashlib
import io
import math
import os
import struct
import sys
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from import_fly_walking import LEGS, RECORDING, WHEEL_SHA256, load_recording  # noqa: E402
from import_neuromechfly import qmul  # noqa: E402  (the Hamilton product, shared)

WHEEL = sys.argv[1] if len(sys.argv) > 1 else ".data/wheels/flygym-1.2.1-py3-none-any.whl"
# flygym's "seqik" variant (flygym/config.yaml), the model the recording's seqIKPy angles were fitted to.
MJCF = "flygym/data/mjcf/neuromechfly_seqik_kinorder_ypr.xml"
FLEXION = [("CtrPitch", "Femur"), ("FtiPitch", "Tibia"), ("TitaPitch", "Tarsus1")]
# Smoothing of the tip's x before stance is read from it: the same 30 ms as stepping.rs's SMOOTH_S (a fifth
# of the recorded fly's 140-ms cycle; shorter windows split the slow retraction at every wobble).
SMOOTH_S = 0.03
# Height check only: a stance tip on the ball is within this of the leg's lowest heights (swing lifts the
# tip 0.3-1.7 mm; the ball's curvature moves a stance tip by about 0.1-0.2 mm).
HEIGHT_STANCE_MM = 0.2


def qrot(q, v):
    """v rotated by the unit quaternion q."""
    w, x, y, z = q
    return qmul(qmul(q, (0.0,) + tuple(v)), (w, -x, -y, -z))[1:]


def floats(text):
    return tuple(float(t) for t in text.split())


def body_path(body, name):
    """Bodies from below `body` down to the one called `name` (None if it is not below)."""
    for child in body.findall("body"):
        if child.get("name") == name:
            return [child]
        below = body_path(child, name)
        if below:
            return [child] + below
    return None


def tip_offset_mm(wheel_zip, root, leg):
    """The tarsus tip in the Tarsus5 frame: the mesh's most distal vertex (smallest z), scaled as the asset says."""
    geom = next(g for g in root.iter("geom") if g.get("name") == f"{leg}Tarsus5")
    if floats(geom.get("pos", "0 0 0")) != (0.0, 0.0, 0.0) or floats(geom.get("quat", "1 0 0 0")) != (1.0, 0.0, 0.0, 0.0):
        sys.exit(f"{MJCF}: geom {leg}Tarsus5 is not at its body's origin; the tip would need its pose")
    mesh = next(m for m in root.iter("mesh") if m.get("name") == geom.get("mesh"))
    scale = floats(mesh.get("scale", "1 1 1"))
    stl = wheel_zip.read(os.path.normpath(os.path.join(os.path.dirname(MJCF), mesh.get("file"))))
    n = struct.unpack("<I", stl[80:84])[0]
    if len(stl) != 84 + 50 * n:
        sys.exit(f"{mesh.get('file')}: not a binary STL")
    vertices = [struct.unpack("<3f", stl[84 + 50 * i + 12 * k:96 + 50 * i + 12 * k]) for i in range(n) for k in (1, 2, 3)]
    tip = min(vertices, key=lambda v: v[2] * scale[2])
    return tuple(c * s for c, s in zip(tip, scale))


def leg_kinematics(data, root, wheel_zip, leg):
    """Per sample: thorax-coxa joint and tarsus tip in the thorax frame (mm)."""
    thorax = next(b for b in root.iter("body") if b.get("name") == "Thorax")
    chain = body_path(thorax, f"{leg}Tarsus5")
    if chain is None or chain[0].get("name") != f"{leg}Coxa":
        sys.exit(f"{MJCF}: no chain Thorax -> {leg}Coxa -> ... -> {leg}Tarsus5")
    joints = [j.get("name") for b in chain for j in b.findall("joint")]
    recorded = [j for j in joints if j in data]
    if sorted(recorded) != sorted(k for k in data if k.startswith(f"joint_{leg}")):
        sys.exit(f"{leg}: recorded joints {sorted(k for k in data if k.startswith(f'joint_{leg}'))} not all in the chain {joints}")
    tip = tip_offset_mm(wheel_zip, root, leg)
    base, tips = [], []
    for t in range(len(data["joint_LFCoxa"])):
        pos, q = (0.0, 0.0, 0.0), (1.0, 0.0, 0.0, 0.0)
        for body in chain:
            pos = tuple(p + o for p, o in zip(pos, qrot(q, floats(body.get("pos", "0 0 0")))))
            q = qmul(q, floats(body.get("quat", "1 0 0 0")))
            for joint in body.findall("joint"):
                if joint.get("type", "hinge") != "hinge" or floats(joint.get("pos", "0 0 0")) != (0.0, 0.0, 0.0):
                    sys.exit(f"{joint.get('name')}: only hinges at the body origin are handled")
                angle = data[joint.get("name")][t] if joint.get("name") in data else 0.0
                ax = floats(joint.get("axis"))
                s = math.sin(angle / 2) / math.sqrt(sum(a * a for a in ax))
                q = qmul(q, (math.cos(angle / 2), ax[0] * s, ax[1] * s, ax[2] * s))
            if body is chain[0]:
                base = pos  # the thorax-coxa joint: the coxa's origin, where its hinges sit
        tips.append(tuple(p + o for p, o in zip(pos, qrot(q, tip))))
    return base, tips


def stance_from_retraction(x, dt):
    """Stance as the smoothed tip x falling, switches at the raw x's extrema (port of stepping.rs)."""
    half = max(round(SMOOTH_S / dt) // 2, 1)
    n = len(x)
    smooth = [sum(x[max(0, i - half):i + half + 1]) / len(x[max(0, i - half):i + half + 1]) for i in range(n)]
    falling = [smooth[min(i + 1, n - 1)] - smooth[max(i - 1, 0)] < 0.0 for i in range(n)]
    stance, last = [], 0
    for i in range(1, n):
        if falling[i] == falling[i - 1]:
            continue
        start = max(i - half, last)
        raw = x[start:min(i + half + 1, n)]
        better = (lambda a, b: a > b) if falling[i] else (lambda a, b: a < b)
        best = 0
        for k in range(len(raw)):
            if better(raw[k], raw[best]):
                best = k
        stance += [falling[i - 1]] * (start + best - last)
        last = start + best
    stance += [falling[-1]] * (n - last)
    return stance


def write_gait_rows(w, columns, n, time_decimals):
    """The header and n rows of gait-CSV columns [(name, values)]: time with `time_decimals`, stance as 0/1,
    angles with 5 decimals (shared by the real-fly imports)."""
    w(",".join(name for name, _ in columns) + "\n")
    for k in range(n):
        w(",".join(f"{values[k]:.{time_decimals}f}" if name == "time_s" else f"{values[k]:.0f}" if name.endswith("_stance")
                   else f"{values[k]:.5f}" for name, values in columns) + "\n")


def main():
    blob = open(WHEEL, "rb").read()
    pkl, data = load_recording(WHEEL)
    dt = data["meta"]["timestep"]
    n = len(data["joint_LFCoxa"])
    with zipfile.ZipFile(io.BytesIO(blob)) as wheel_zip:
        mjcf = wheel_zip.read(MJCF)
        root = ET.fromstring(mjcf)
        kinematics = {leg: leg_kinematics(data, root, wheel_zip, leg) for leg in LEGS}
    columns = [("time_s", [k * dt for k in range(n)])]
    stance = {}
    for leg in LEGS:
        base, tips = kinematics[leg]
        stance[leg] = stance_from_retraction([p[0] for p in tips], dt)
        columns.append((f"{leg}_stance", [1.0 if s else 0.0 for s in stance[leg]]))
    for leg in LEGS:
        base, tips = kinematics[leg]
        columns.append((f"{leg}_ThcYaw_rad", [math.atan2(p[0] - base[0], abs(p[1] - base[1])) for p in tips]))
    for leg in LEGS:
        for ours, theirs in FLEXION:
            columns.append((f"{leg}_{ours}_rad", data[f"joint_{leg}{theirs}"]))
    # Checks on stderr: tip ranges and stance from retraction against stance from tip height.
    for leg in LEGS:
        base, tips = kinematics[leg]
        xs, zs = [p[0] for p in tips], [p[2] for p in tips]
        ground = sorted(zs)[len(zs) // 10]
        low = [z < ground + HEIGHT_STANCE_MM for z in zs]
        agree = sum(a == b for a, b in zip(low, stance[leg])) / n
        print(f"{leg}: coxa joint ({base[0]:.3f}, {base[1]:.3f}, {base[2]:.3f}) mm; tip x {min(xs):.2f}..{max(xs):.2f} mm, "
              f"z {min(zs):.2f}..{max(zs):.2f} mm; stance share {sum(stance[leg]) / n:.2f} from retraction, "
              f"{sum(low) / n:.2f} from height, agreeing on {agree:.0%} of samples", file=sys.stderr)
    w = sys.stdout.write
    w("# GENERATED by scripts/import_fly_kinematics.py: do not edit by hand.\n")
    w(f"# Source: flygym 1.2.1 (Apache-2.0) wheel sha256 {WHEEL_SHA256}, file {RECORDING}\n")
    w(f"# (sha256 {hashlib.sha256(pkl).hexdigest()}): a tethered fly walking on a ball, {n} samples at {dt * 1e3:g} ms,\n")
    w("# NeuroMechFly joint angles from 3-D pose (Lobato-Rios et al. 2022, Nat Methods 19:620). Columns as the\n")
    w("# simulated fly's gait.csv. Forward kinematics on the wheel's\n")
    w(f"# {MJCF} (sha256 {hashlib.sha256(mjcf).hexdigest()}):\n")
    w("# LEG_stance = tarsus tip moving backward in the thorax frame (smoothed 30 ms, no contact was recorded);\n")
    w("# LEG_ThcYaw_rad = horizontal angle of the coxa -> tarsus-tip vector, positive forward; CtrPitch <- Femur,\n")
    w("# FtiPitch <- Tibia, TitaPitch <- Tarsus1. Details in the script's header. Angles in rad.\n")
    write_gait_rows(w, columns, n, time_decimals=4)


if __name__ == "__main__":
    main()
