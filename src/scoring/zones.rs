//! Regions of the arena and the fraction of time an animal's centroid spends in them (time in zones:
//! occupancy of a food patch, of the inside of an osmotic ring, of target against control quadrants).
//! Zones are data: task files name them (`TimeInZones`), real-track analyses pass them in.

use crate::config::environment_spec::ZoneShape;
use crate::config::task_spec::ZoneSpec;
use crate::scoring::track::Track;

/// A region of the arena.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    /// Disc of a centre and radius.
    Circle {
        /// Centre.
        centre_mm: [f64; 2],
        /// Radius.
        radius_mm: f64,
    },
    /// Axis-aligned rectangle.
    Rect {
        /// Lower corner.
        min_mm: [f64; 2],
        /// Upper corner.
        max_mm: [f64; 2],
    },
    /// A disk or ring as environment and task files write them.
    Shape(ZoneShape),
    /// Points seen from the apex at angles from `from_deg` counter-clockwise to `to_deg` (from +x).
    Sector {
        /// Apex.
        centre_mm: [f64; 2],
        /// First edge.
        from_deg: f64,
        /// Second edge.
        to_deg: f64,
    },
}

impl Zone {
    /// True when the point lies inside (boundary included).
    pub fn contains(&self, p: [f64; 2]) -> bool {
        match *self {
            Zone::Circle { centre_mm: c, radius_mm: r } => (p[0] - c[0]).hypot(p[1] - c[1]) <= r,
            Zone::Rect { min_mm: a, max_mm: b } => p[0] >= a[0] && p[0] <= b[0] && p[1] >= a[1] && p[1] <= b[1],
            Zone::Shape(shape) => shape.contains(p),
            Zone::Sector { centre_mm: c, from_deg, to_deg } => {
                let angle = (p[1] - c[1]).atan2(p[0] - c[0]).to_degrees();
                (angle - from_deg).rem_euclid(360.0) <= (to_deg - from_deg).rem_euclid(360.0)
            }
        }
    }

    /// The geometry of a resolved task zone (`ZoneSpec::resolve` turns names into shapes); None for a
    /// zone still naming an environment feature.
    pub fn from_spec(spec: &ZoneSpec) -> Option<Zone> {
        match *spec {
            ZoneSpec::Shape(shape) => Some(Zone::Shape(shape)),
            ZoneSpec::Sector { center_mm, from_deg, to_deg } => Some(Zone::Sector { centre_mm: [center_mm.0, center_mm.1], from_deg, to_deg }),
            ZoneSpec::Food(_) | ZoneSpec::EnclosedBy(_) => None,
        }
    }
}

/// Fraction of the track's time spent with the centroid inside the zone (each frame weighted by the
/// interval to the next; NaN for a track shorter than two frames).
pub fn fraction_time_in_zone(track: &Track, zone: &Zone) -> f64 {
    let (mut inside, mut total) = (0.0, 0.0);
    for i in 0..track.len().saturating_sub(1) {
        let dt = track.times_s[i + 1] - track.times_s[i];
        total += dt;
        if zone.contains(track.centroid_mm[i]) {
            inside += dt;
        }
    }
    if total > 0.0 { inside / total } else { f64::NAN }
}
