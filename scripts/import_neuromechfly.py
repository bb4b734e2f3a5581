#!/usr/bin/env python3
"""Writes bodies/fly.ron from NeuroMechFly's rigging in the flygym 2.1.1 wheel (Apache-2.0).

Usage: scripts/fetch_data.sh (or pip download, see ../shared/DATA_SOURCES.md), then
    python3 scripts/import_neuromechfly.py [.data/wheels/flygym-2.1.1-py3-none-any.whl] > bodies/fly.ron

Only the Python standard library is used; nothing from the wheel is imported or run. The wheel is read as
a zip: `flygym/assets/model/neuromechfly/rigging.yaml` gives every segment's parent-relative position (mm)
and mass (g); the STL meshes (in metres) give the extents of thorax, head and abdomen.

What is converted (published, Lobato-Rios et al. 2022, Nat Methods 19:620, as rigged in flygym 2.1.1):
segment masses and leg segment lengths, coxa attachment points. What is chosen here (the constants below,
each with its reason): the standing posture, joint gains and ranges, friction and adhesion.
"""
import hashlib
import math
import struct
import sys
import zipfile

WHEEL = sys.argv[1] if len(sys.argv) > 1 else ".data/wheels/flygym-2.1.1-py3-none-any.whl"
WHEEL_SHA256 = "802e586848c37d382988fa4f95200763cddbc07da4ade22816edd253a04dd2fb"
BASE = "flygym/assets/model/neuromechfly/"
MESHES = BASE + "meshes/simplified_max2000faces/"

# Parent of each rigging segment (rigging.yaml lists positions relative to the parent but not the tree;
# the tree is NeuroMechFly's kinematic chain).
PARENT = {
    "c_head": "c_thorax", "c_rostrum": "c_head", "c_haustellum": "c_rostrum",
    "c_abdomen12": "c_thorax", "c_abdomen3": "c_abdomen12", "c_abdomen4": "c_abdomen3",
    "c_abdomen5": "c_abdomen4", "c_abdomen6": "c_abdomen5",
}
for side in "lr":
    PARENT.update({f"{side}_eye": "c_head", f"{side}_pedicel": "c_head", f"{side}_funiculus": f"{side}_pedicel",
                   f"{side}_arista": f"{side}_funiculus", f"{side}_haltere": "c_thorax", f"{side}_wing": "c_thorax"})
    for pair in "fmh":
        leg = f"{side}{pair}_"
        chain = ["coxa", "trochanterfemur", "tibia", "tarsus1", "tarsus2", "tarsus3", "tarsus4", "tarsus5"]
        PARENT[leg + "coxa"] = "c_thorax"
        for a, b in zip(chain, chain[1:]):
            PARENT[leg + b] = leg + a

# Which rigid part of the simulated body each rigging segment's mass goes to: head and abdomen are held
# fixed to the thorax while walking (as flygym does by default), wings and halteres ride on the thorax.
LUMP = {"c_thorax": "thorax", "c_head": "head", "c_rostrum": "head", "c_haustellum": "head"}
for side in "lr":
    LUMP.update({f"{side}_eye": "head", f"{side}_pedicel": "head", f"{side}_funiculus": "head",
                 f"{side}_arista": "head", f"{side}_haltere": "thorax", f"{side}_wing": "thorax"})
for n in ["12", "3", "4", "5", "6"]:
    LUMP["c_abdomen" + n] = "abdomen"
PART_MESHES = {"thorax": ["c_thorax"], "head": ["c_head", "c_rostrum"],
               "abdomen": ["c_abdomen12", "c_abdomen3", "c_abdomen4", "c_abdomen5", "c_abdomen6"]}

# Chosen standing posture, per leg pair: azimuth of the leg's vertical plane from straight ahead, then the
# pitch of coxa, femur, tibia and tarsus below the horizontal (deg). NeuroMechFly's rest pose hangs the legs
# straight down; this sprawl is chosen so the tarsi rest on the ground around the body with the thorax about
# 0.5 mm up, like a standing fly (front legs forward, hind legs back).
POSTURE = {"f": (35.0, 60.0, -10.0, 80.0, 40.0), "m": (95.0, 45.0, -20.0, 70.0, 33.0), "h": (145.0, 45.0, -20.0, 70.0, 25.0)}


def read_rigging(z):
    segments, name = {}, None
    for line in z.read(BASE + "rigging.yaml").decode().splitlines():
        if line and not line.startswith(" "):
            name = line.rstrip(":").strip()
            segments[name] = {}
        elif line.strip():
            key, value = line.strip().split(":", 1)
            value = value.strip()
            segments[name][key] = [float(v) for v in value.strip("[]").split(",")] if value.startswith("[") else float(value)
    return segments


def qmul(a, b):
    w1, x1, y1, z1 = a
    w2, x2, y2, z2 = b
    return (w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2, w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
            w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2, w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2)


def qrot(q, v):
    n = math.sqrt(sum(c * c for c in q))
    q = tuple(c / n for c in q)
    r = qmul(qmul(q, (0.0, *v)), (q[0], -q[1], -q[2], -q[3]))
    return r[1:]


def pose_in_thorax(rig, name):
    """Position and orientation of a segment's frame in the thorax frame."""
    if name == "c_thorax":
        return (0.0, 0.0, 0.0), (1.0, 0.0, 0.0, 0.0)
    p_pos, p_q = pose_in_thorax(rig, PARENT[name])
    seg = rig[name]
    offset = qrot(p_q, seg["pos"])
    return tuple(a + b for a, b in zip(p_pos, offset)), qmul(p_q, tuple(seg["quat"]))


def stl_points_mm(z, name):
    data = z.read(MESHES + name + ".stl")
    (count,) = struct.unpack("<I", data[80:84])
    for i in range(count):
        base = 84 + 50 * i + 12
        for k in range(3):
            yield tuple(1000.0 * c for c in struct.unpack("<3f", data[base + 12 * k: base + 12 * k + 12]))


def part_box(z, rig, part):
    lo, hi = [math.inf] * 3, [-math.inf] * 3
    for mesh in PART_MESHES[part]:
        pos, q = pose_in_thorax(rig, mesh)
        for p in stl_points_mm(z, mesh):
            w = [a + b for a, b in zip(pos, qrot(q, p))]
            lo = [min(a, b) for a, b in zip(lo, w)]
            hi = [max(a, b) for a, b in zip(hi, w)]
    return lo, hi


def fmt(v):
    return "(" + ", ".join(f"{c:.4f}" for c in v) + ")"


def main():
    digest = hashlib.sha256(open(WHEEL, "rb").read()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"error: {WHEEL} has sha256 {digest}, expected {WHEEL_SHA256}")
    z = zipfile.ZipFile(WHEEL)
    rig = read_rigging(z)
    part_mass_mg = {"thorax": 0.0, "head": 0.0, "abdomen": 0.0}
    for name, part in LUMP.items():
        part_mass_mg[part] += 1000.0 * rig[name]["mass"]
    total_mg = 1000.0 * sum(seg["mass"] for seg in rig.values())
    out = []
    w = out.append
    w("// The Drosophila melanogaster body for rapier3d: NeuroMechFly (Lobato-Rios et al. 2022, Nat Methods 19:620)")
    w("// as rigged in flygym 2.1.1 (Apache-2.0), wheel sha256 " + digest + ",")
    w("// file flygym/assets/model/neuromechfly/rigging.yaml and the STL meshes beside it.")
    w("// GENERATED by scripts/import_neuromechfly.py: do not edit by hand; change the script and rerun it.")
    w("//")
    w("// Units: mm, mg, s; forces in nN (1 mg mm/s^2), torques in nN mm. Frame: x forward, y left, z up.")
    w(f"// Total mass in rigging.yaml: {total_mg:.4f} mg (all 69 segments; wings, halteres, antennae and mouthparts are")
    w("// lumped into thorax and head; head and abdomen are fixed to the thorax, as flygym holds them while walking).")
    w("// Boxes: extents of the rigid parts' meshes in the thorax frame (collision shapes are capsules fitted to them).")
    w("// Legs: coxa attachment in the thorax frame; segment lengths are the distances between consecutive joints in")
    w("// rigging.yaml; the tarsus lumps tarsus1-5 (length: tarsus1-4 offsets; the tarsus5 claw segment has no length")
    w("// there) with their summed mass. Leg order: LF, LM, LH, RF, RM, RH.")
    w("FlyBody(")
    w('    species: "Drosophila melanogaster",')
    w(f"    total_mass_mg: {total_mg:.5f},")
    w("    parts: [")
    for part in ["thorax", "head", "abdomen"]:
        lo, hi = part_box(z, rig, part)
        w(f'        (name: "{part}", mass_mg: {part_mass_mg[part]:.5f}, box_min_mm: {fmt(lo)}, box_max_mm: {fmt(hi)}),')
    w("    ],")
    w("    legs: [")
    for side in "lr":
        for pair in "fmh":
            leg = f"{side}{pair}_"
            attach = rig[leg + "coxa"]["pos"]
            lengths = [math.dist((0, 0, 0), rig[leg + s]["pos"]) for s in ["trochanterfemur", "tibia", "tarsus1"]]
            tarsus_len = sum(math.dist((0, 0, 0), rig[leg + f"tarsus{i}"]["pos"]) for i in range(2, 6))
            masses = [1000.0 * rig[leg + s]["mass"] for s in ["coxa", "trochanterfemur", "tibia"]]
            tarsus_mass = 1000.0 * sum(rig[leg + f"tarsus{i}"]["mass"] for i in range(1, 6))
            yaw, *pitches = POSTURE[pair]
            if side == "r":
                yaw = -yaw
            w(f'        (name: "{(side + pair).upper()}", coxa_mm: {fmt(attach)}, neutral_yaw_deg: {yaw:.1f}, segments: [')
            for seg, length, mass, pitch in zip(["coxa", "trochanter_femur", "tibia", "tarsus"], lengths + [tarsus_len], masses + [tarsus_mass], pitches):
                w(f'            (name: "{seg}", length_mm: {length:.4f}, mass_mg: {mass:.6f}, neutral_pitch_deg: {pitch:.1f}),')
            w("        ]),")
    w("    ],")
    w(TAIL)
    w(")")
    print("\n".join(out))


# Chosen parameters (not in rigging.yaml), written verbatim with their reasons.
TAIL = """    // Position-controlled joints: NeuroMechFly v1 actuators have kp = 45 uN mm/rad (45,000 nN mm/rad in these
    // units, FLY_NOTES.md from flygym 1.2.1) with forces capped at 65 uN; damping is chosen to keep the light
    // segments from ringing at the physics step. Ranges limit the commanded offsets from the neutral posture
    // (chosen to cover the step-cycle template with margin; NeuroMechFly's MJCF hinges carry no ranges).
    joints: (
        stiffness_nn_mm_per_rad: 45000.0,
        damping_nn_mm_s_per_rad: 20.0,
        ranges_deg: [
            (joint: ThcYaw, min: -45.0, max: 45.0),
            (joint: ThcPitch, min: -45.0, max: 45.0),
            (joint: CtrPitch, min: -60.0, max: 60.0),
            (joint: FtiPitch, min: -60.0, max: 60.0),
            (joint: TitaPitch, min: -45.0, max: 45.0),
        ],
    ),
    // Ground contact: flygym 1.2.1 gives the tibia and tarsus geoms friction 2 (legacy MJCF "friction=2 0 0"),
    // the floor 1, and MuJoCo takes the larger. Adhesion: flygym's tarsal adhesion actuators (gain 40 uN = 40,000
    // nN, on in stance, off in swing) add normal force at the contacts; here each stance tarsus within
    // `adhesion_range_mm` of the ground is pulled down with `adhesion_force_nn` (src/body/fly.rs). Measured
    // 2026-11-29: with rapier's multibody joints a pull of 4,000 nN per tarsus already lowered the standing
    // thorax from 1.0 to 0.72 mm and 10,000 nN to 0.56 mm (the legs yield instead of the ground taking the
    // load), so adhesion is off (0) until it is modelled as a contact property rather than a force.
    contact: (
        tarsus_friction: 2.0,
        body_friction: 1.0,
        tarsus_radius_mm: 0.04,
        leg_radius_mm: 0.04,
        adhesion_force_nn: 0.0,
        adhesion_range_mm: 0.05,
    ),
    // Vision (src/arena/vision.rs), reduced to what the tasks need: each compound eye is the hemisphere of
    // directions on its side of the head, sampled by rays_per_eye rays; the arena casts them against a
    // looming object for each eye's luminance and the object's angular size. 2,000 rays per eye: one ray per
    // 3.1e-3 sr, the solid angle of a 3.6-degree disc (a real eye has about 750 ommatidia of about 5 degrees;
    // the finer lattice keeps the sampled size close to the true one from 10 degrees up). Our choice.
    eyes: Some((rays_per_eye: 2000)),"""

if __name__ == "__main__":
    main()
