//! An intermittent odour plume: a continuous source as a train of puffs that the wind carries off, each
//! wandering from the plume's centre line and growing as it goes, while the wind's direction swings
//! slowly. The idea of a plume as puffs is Farrell et al. 2002's (Environ Fluid Mech 2:143); this model
//! is simpler than theirs: each puff flies straight at the angle the wind had when it left the source
//! (the plume swings like a hose instead of being carried by a changing wind field), and its wander from
//! the centre line is a random offset, across and along the mean wind, that grows as the square root of
//! its age (the spread of a random walk at each age, on a straight path).
//!
//! A point in such a plume sees odour in brief bursts, more often and stronger near the source and the
//! centre line; its time average is the slender plume of `FieldSpec::AdvectedPlume` widened by the meander
//! (to first order in the swing's angle, hence its cap). The field is a pure function of place and time
//! (each puff's randomness is hashed from its index, the meander is a sum of random-phase cosines), so it
//! needs no state, steps at any rate and is the same whichever thread asks.

use crate::config::first_not_positive;
use crate::rng::SplitMix64;

/// Cosines summed for the wind direction's swing: enough for a Gaussian-looking process.
const MEANDER_MODES: usize = 16;

/// Puffs further than this many widths from a point add nothing measurable.
const CUTOFF_WIDTHS_SQ: f64 = 36.0;

/// Mixed into the realisation for the meander's draws, apart from the puffs' streams.
const MEANDER_SALT: u64 = 0x3EA7_DE55_0000_0003;

/// The most puffs in flight at once (each point sums them all).
const MAX_PUFFS_IN_FLIGHT: f64 = 100_000.0;

/// The swing's largest standard deviation: the time average is the slender plume to first order in it.
const MAX_MEANDER_DEG: f64 = 20.0;

/// The parameters of a filament plume, as `FieldSpec::FilamentPlume` gives them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FilamentPlumeParams {
    /// Where the puffs are released.
    pub source_mm: [f64; 2],
    /// Amount released per second (concentration units times mm^2, per s).
    pub release_per_s: f64,
    /// The mean wind that carries the puffs.
    pub wind_mm_per_s: [f64; 2],
    /// Puffs released per second.
    pub puffs_per_s: f64,
    /// Each puff's width (standard deviation) at release.
    pub puff_radius_mm: f64,
    /// Each puff's own spreading: its variance grows by twice this per second.
    pub puff_growth_mm2_per_s: f64,
    /// How far puffs wander from the centre line: the offset's variance grows by twice this per second.
    pub wander_mm2_per_s: f64,
    /// Standard deviation of the wind direction's slow swing (at most 20 degrees).
    pub meander_deg: f64,
    /// Correlation time of that swing.
    pub meander_time_s: f64,
    /// Puffs are followed this far downwind of the source.
    pub length_mm: f64,
}

/// A validated filament plume with its random draws made.
#[derive(Debug, Clone, PartialEq)]
pub struct FilamentPlume {
    params: FilamentPlumeParams,
    wind_speed_mm_per_s: f64,
    downwind: [f64; 2],
    /// Angular frequency (rad/s) and phase (rad) of each meander cosine.
    meander_modes: Vec<[f64; 2]>,
    realisation: u64,
}

impl FilamentPlume {
    /// Checks the parameters and draws realisation `realisation` (the meander's modes, each puff's wander).
    pub fn new(params: FilamentPlumeParams, realisation: u64) -> Result<Self, String> {
        let speed = params.wind_mm_per_s[0].hypot(params.wind_mm_per_s[1]);
        if !(speed > 0.0 && speed.is_finite()) {
            return Err(format!("a filament plume needs a wind: wind_mm_per_s is {:?}", params.wind_mm_per_s));
        }
        if let Some((field, value)) = first_not_positive(&[
            ("release_per_s", params.release_per_s),
            ("puffs_per_s", params.puffs_per_s),
            ("puff_radius_mm", params.puff_radius_mm),
            ("meander_time_s", params.meander_time_s),
            ("length_mm", params.length_mm),
        ]) {
            return Err(format!("{field} must be positive, got {value}"));
        }
        for (field, value) in [("puff_growth_mm2_per_s", params.puff_growth_mm2_per_s), ("wander_mm2_per_s", params.wander_mm2_per_s), ("meander_deg", params.meander_deg)] {
            if !(value >= 0.0 && value.is_finite()) {
                return Err(format!("{field} must be zero or positive, got {value}"));
            }
        }
        if params.meander_deg > MAX_MEANDER_DEG {
            return Err(format!("meander_deg must be at most {MAX_MEANDER_DEG} (a swing, not a change of wind), got {}", params.meander_deg));
        }
        let in_flight = params.puffs_per_s * params.length_mm / speed;
        if in_flight > MAX_PUFFS_IN_FLIGHT {
            return Err(format!("puffs_per_s x length_mm / wind speed is {in_flight:.0} puffs in flight; at most {MAX_PUFFS_IN_FLIGHT} (each sample sums them all)"));
        }
        // A Gaussian autocorrelation exp(-tau^2 / 2T^2) has a Gaussian spectrum of standard deviation 1/T:
        // drawing the cosines' frequencies from it gives a smooth swing with that correlation time.
        let mut rng = SplitMix64::for_stream(realisation ^ MEANDER_SALT, 0);
        let meander_modes = (0..MEANDER_MODES).map(|_| [rng.normal() / params.meander_time_s, rng.uniform() * std::f64::consts::TAU]).collect();
        Ok(FilamentPlume {
            params,
            wind_speed_mm_per_s: speed,
            downwind: [params.wind_mm_per_s[0] / speed, params.wind_mm_per_s[1] / speed],
            meander_modes,
            realisation,
        })
    }

    /// The wind direction's deviation from its mean at `time_s`, in radians.
    pub fn meander_rad(&self, time_s: f64) -> f64 {
        let amplitude = self.params.meander_deg.to_radians() * (2.0 / MEANDER_MODES as f64).sqrt();
        amplitude * self.meander_modes.iter().map(|[omega, phase]| (omega * time_s + phase).cos()).sum::<f64>()
    }

    /// How far the air at `point_mm` is turned from the mean wind at `time_s`, in radians: the swing the
    /// wind had when that air passed the source (the puffs there left with it), or the swing now upwind of it.
    pub fn air_turn_rad(&self, point_mm: [f64; 2], time_s: f64) -> f64 {
        let downwind_mm = (point_mm[0] - self.params.source_mm[0]) * self.downwind[0] + (point_mm[1] - self.params.source_mm[1]) * self.downwind[1];
        self.meander_rad(time_s - downwind_mm.max(0.0) / self.wind_speed_mm_per_s)
    }

    /// The centre of puff `index` (released at index / puffs_per_s) at age `age_s`, and its variance.
    fn puff(&self, index: i64, age_s: f64) -> ([f64; 2], f64) {
        let p = &self.params;
        let release_s = index as f64 / p.puffs_per_s;
        // A puff keeps the direction the wind had when it left the source: the plume swings like a hose.
        let (sin, cos) = self.meander_rad(release_s).sin_cos();
        let [ux, uy] = self.downwind;
        let heading = [ux * cos - uy * sin, ux * sin + uy * cos];
        let travelled = self.wind_speed_mm_per_s * age_s;
        let mut rng = SplitMix64::for_stream(self.realisation, index as u64);
        let wander = (2.0 * p.wander_mm2_per_s * age_s).sqrt();
        let (across, along) = (wander * rng.normal(), wander * rng.normal());
        let centre = [
            p.source_mm[0] + heading[0] * travelled + ux * along - uy * across,
            p.source_mm[1] + heading[1] * travelled + uy * along + ux * across,
        ];
        (centre, p.puff_radius_mm * p.puff_radius_mm + 2.0 * p.puff_growth_mm2_per_s * age_s)
    }

    /// The concentration at `point_mm`, `time_s` after the start of the run.
    pub fn concentration(&self, point_mm: [f64; 2], time_s: f64) -> f64 {
        let p = &self.params;
        let amount = p.release_per_s / p.puffs_per_s;
        let oldest_s = p.length_mm / self.wind_speed_mm_per_s;
        let first = ((time_s - oldest_s) * p.puffs_per_s).ceil() as i64;
        let last = (time_s * p.puffs_per_s).floor() as i64;
        let mut total = 0.0;
        for index in first..=last {
            // Rounding can put the newest puff's release a hair after time_s.
            let age_s = (time_s - index as f64 / p.puffs_per_s).max(0.0);
            let (centre, variance) = self.puff(index, age_s);
            let distance_sq = (point_mm[0] - centre[0]).powi(2) + (point_mm[1] - centre[1]).powi(2);
            if distance_sq < CUTOFF_WIDTHS_SQ * variance {
                total += amount / (std::f64::consts::TAU * variance) * (-distance_sq / (2.0 * variance)).exp();
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(meander_deg: f64) -> FilamentPlumeParams {
        FilamentPlumeParams {
            source_mm: [40.0, 0.0],
            release_per_s: 1000.0,
            wind_mm_per_s: [-100.0, 0.0],
            puffs_per_s: 10.0,
            puff_radius_mm: 1.0,
            puff_growth_mm2_per_s: 2.0,
            wander_mm2_per_s: 18.0,
            meander_deg,
            meander_time_s: 1.0,
            length_mm: 150.0,
        }
    }

    #[test]
    fn the_meander_has_the_asked_spread_and_is_smooth() {
        let plume = FilamentPlume::new(params(10.0), 3).unwrap();
        let samples: Vec<f64> = (0..200_000).map(|i| plume.meander_rad(i as f64 * 0.01)).collect();
        let sd = (samples.iter().map(|m| m * m).sum::<f64>() / samples.len() as f64).sqrt().to_degrees();
        assert!((sd - 10.0).abs() < 3.0, "meander sd {sd} deg");
        let jump = samples.windows(2).map(|w| (w[1] - w[0]).abs()).fold(0.0, f64::max).to_degrees();
        assert!(jump < 2.0, "a 1-s swing should not jump {jump} deg in 10 ms");
    }

    #[test]
    fn the_newest_puff_is_never_lost_to_rounding() {
        // Regression: for a sample time one ulp below a release time, floor(t x rate) can round up to that
        // release's index, whose release time then lies after t; the negative age made the puff's wander
        // NaN and it was skipped. There the puff is just leaving the source, 1 mm wide: the source must
        // smell it.
        let plume = FilamentPlume::new(params(0.0), 1).unwrap();
        let just_before = |k: u64| f64::from_bits((k as f64 / 10.0).to_bits() - 1);
        let rounded_up: Vec<f64> = (1..20_000).map(just_before).filter(|&t| (t * 10.0).floor() / 10.0 > t).collect();
        assert!(rounded_up.len() > 1000, "{}", rounded_up.len());
        for t in rounded_up {
            assert!(plume.concentration([40.0, 0.0], t) > 10.0, "the newest puff is missing at t = {t} s");
        }
    }

    #[test]
    fn the_same_realisation_is_the_same_plume_and_another_differs() {
        let a = FilamentPlume::new(params(10.0), 5).unwrap();
        let b = FilamentPlume::new(params(10.0), 5).unwrap();
        let c = FilamentPlume::new(params(10.0), 6).unwrap();
        let at = |p: &FilamentPlume| (0..100).map(|i| p.concentration([10.0, 0.0], 3.0 + 0.05 * i as f64)).collect::<Vec<f64>>();
        assert_eq!(at(&a), at(&b));
        assert_ne!(at(&a), at(&c));
    }

    /// The time-averaged slender plume these parameters should average to, at `downwind_mm` and
    /// `across_mm`, for a swing of variance `meander_var_rad2`.
    fn mean_plume(p: &FilamentPlumeParams, downwind_mm: f64, across_mm: f64, meander_var_rad2: f64) -> f64 {
        let speed = p.wind_mm_per_s[0].hypot(p.wind_mm_per_s[1]);
        let variance = p.puff_radius_mm.powi(2)
            + 2.0 * (p.puff_growth_mm2_per_s + p.wander_mm2_per_s) * downwind_mm / speed
            + downwind_mm * downwind_mm * meander_var_rad2;
        p.release_per_s / (speed * (std::f64::consts::TAU * variance).sqrt()) * (-across_mm * across_mm / (2.0 * variance)).exp()
    }

    /// Mean, fraction of time above `threshold` and peak over 1000 s sampled every 10 ms.
    fn time_statistics(plume: &FilamentPlume, point_mm: [f64; 2], threshold: f64) -> (f64, f64, f64) {
        let samples: Vec<f64> = (0..100_000).map(|i| plume.concentration(point_mm, 5.0 + 0.01 * i as f64)).collect();
        let n = samples.len() as f64;
        let mean = samples.iter().sum::<f64>() / n;
        let above = samples.iter().filter(|&&c| c > threshold).count() as f64 / n;
        (mean, above, samples.iter().cloned().fold(0.0, f64::max))
    }

    #[test]
    fn averaged_over_time_the_filaments_are_the_slender_plume() {
        // Without meander the average is the slender plume of diffusivity growth + wander (mass balance:
        // every puff crosses each section once); with it, the plume widens by the swing's lateral sweep.
        for (meander_deg, realisation) in [(0.0, 1), (5.0, 2)] {
            let p = params(meander_deg);
            let plume = FilamentPlume::new(p, realisation).unwrap();
            for (downwind_mm, across_mm) in [(20.0, 0.0), (40.0, 0.0), (40.0, 4.0), (70.0, 0.0)] {
                let (mean, _, _) = time_statistics(&plume, [40.0 - downwind_mm, across_mm], 0.0);
                // The swing over 1000 s is about 1000 correlation times: its realised variance, not the
                // asked one, sets this average (they differ by some 10 %).
                let swing: Vec<f64> = (0..100_000).map(|i| plume.meander_rad(5.0 + 0.01 * i as f64 - downwind_mm / 100.0)).collect();
                let swing_var = swing.iter().map(|m| m * m).sum::<f64>() / swing.len() as f64;
                let expected = mean_plume(&p, downwind_mm, across_mm, swing_var);
                println!("meander {meander_deg} at ({downwind_mm}, {across_mm}): mean {mean:.4} expected {expected:.4}");
                assert!((mean / expected - 1.0).abs() < 0.1, "meander {meander_deg}: mean {mean} against {expected} at {downwind_mm} mm downwind, {across_mm} across");
            }
        }
    }

    #[test]
    fn a_point_in_the_plume_smells_bursts_rarer_off_the_centre_line() {
        // Real plumes are intermittent: odour comes in bursts far above the mean, separated by clean air,
        // and the bursts thin out away from the centre line (Murlis & Jones 1981, Physiol Entomol 6:71).
        let plume = FilamentPlume::new(params(5.0), 4).unwrap();
        let threshold = 0.05;
        let (mean_centre, on_centre, peak_centre) = time_statistics(&plume, [0.0, 0.0], threshold);
        let (_, on_side, _) = time_statistics(&plume, [0.0, 8.0], threshold);
        println!("centre: mean {mean_centre:.3} on {on_centre:.3} peak {peak_centre:.2}; side on {on_side:.3}");
        assert!(on_centre > 0.2 && on_centre < 0.8, "on the centre line 40 mm downwind odour is present {on_centre} of the time");
        assert!(peak_centre > 4.0 * mean_centre, "peak {peak_centre} against mean {mean_centre}");
        assert!(on_side < 0.6 * on_centre, "8 mm off the centre line: {on_side} against {on_centre}");
    }

    #[test]
    fn bad_parameters_are_named() {
        let mut p = params(10.0);
        p.puffs_per_s = 0.0;
        assert!(FilamentPlume::new(p, 0).unwrap_err().contains("puffs_per_s"));
        let mut p = params(10.0);
        p.wind_mm_per_s = [0.0, 0.0];
        assert!(FilamentPlume::new(p, 0).unwrap_err().contains("wind"));
        assert!(FilamentPlume::new(params(30.0), 0).unwrap_err().contains("meander_deg"));
        let mut p = params(10.0);
        p.puffs_per_s = 1e6;
        assert!(FilamentPlume::new(p, 0).unwrap_err().contains("puffs in flight"));
    }
}
