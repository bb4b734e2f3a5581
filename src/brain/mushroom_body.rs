//! A mushroom body that learns which odours predict punishment (the circuit logic of Aso et al. 2014,
//! eLife 3:e04577 and e04580; depression of Hige et al. 2015, Neuron 88:985). Each odour excites a fixed
//! random set of projection neurons (PNs); each Kenyon cell (KC) sums a few random PNs (claws); global
//! feedback inhibition (the APL neuron) leaves only the strongest `sparseness` of KCs active. Every KC
//! synapses on two output neurons (MBONs) with equal weights: one whose activity promotes approach and one
//! that promotes avoidance, so a naive odour is neutral. Shock drives PPL1 dopaminergic neurons, whose
//! dopamine depresses the KC -> approach-MBON synapses of KCs recently active (an eligibility trace),
//! so the paired odour afterwards drives avoidance more than approach.

use crate::config::mushroom_body_spec::{CalyxSpec, MbPlasticitySpec, MushroomBodySpec};
use crate::rng::SplitMix64;

/// The circuit with its plastic weights.
#[derive(Debug, Clone)]
pub struct MushroomBody {
    calyx: CalyxSpec,
    plasticity: MbPlasticitySpec,
    /// PN response of each odour at saturation, `[odour][pn]`.
    odour_pn: Vec<Vec<f64>>,
    /// PN index of each claw, `[kc * claws_per_kc + c]`.
    claws: Vec<u32>,
    /// Strength of each claw (0.5-1.5 at random: no two KCs sum the same PNs equally, so exactly the
    /// configured share wins).
    claw_weights: Vec<f64>,
    /// Winners of the k-winners-take-all.
    active_kcs: usize,
    /// Mean activity of an active KC for a saturated odour: KC activities are in units of it.
    unit_activity: f64,
    /// KC -> approach-MBON weights (plastic).
    approach_weights: Vec<f64>,
    /// KC eligibility traces.
    eligibility: Vec<f64>,
    pn: Vec<f64>,
    scratch: Vec<f64>,
}

impl MushroomBody {
    /// Builds the fixed wiring from the spec's seed; errors name the field at fault.
    pub fn new(spec: &MushroomBodySpec) -> Result<Self, (&'static str, String)> {
        let c = &spec.calyx;
        let p = &spec.plasticity;
        if spec.odours.is_empty() || spec.odours.iter().any(String::is_empty) {
            return Err(("odours", format!("the mushroom body needs at least one named odour, got {:?}", spec.odours)));
        }
        if let Some(twice) = spec.odours.iter().enumerate().find_map(|(i, o)| spec.odours[..i].contains(o).then_some(o)) {
            return Err(("odours", format!("odour `{twice}` is listed twice")));
        }
        if c.projection_neurons == 0 || c.kenyon_cells == 0 || c.claws_per_kc == 0 {
            return Err(("calyx", "projection_neurons, kenyon_cells and claws_per_kc must be positive".into()));
        }
        for (field, value, lo, hi) in [("odour_pn_fraction", c.odour_pn_fraction, 0.0, 1.0), ("sparseness", c.sparseness, 0.0, 1.0)] {
            if !(value > lo && value <= hi) {
                return Err((field, format!("must be in ({lo}, {hi}], got {value}")));
            }
        }
        for (field, value) in [("pn_half_saturation", c.pn_half_saturation), ("initial_weight", p.initial_weight), ("eligibility_tau_s", p.eligibility_tau_s), ("saturating_shock_v", p.saturating_shock_v)] {
            if !(value > 0.0 && value.is_finite()) {
                return Err((field, format!("must be positive and finite, got {value}")));
            }
        }
        if !(p.learning_rate_per_s >= 0.0 && (0.0..=p.initial_weight).contains(&p.min_weight)) {
            return Err(("min_weight", format!("need learning_rate_per_s >= 0 and 0 <= min_weight <= initial_weight, got {} and {}", p.learning_rate_per_s, p.min_weight)));
        }
        let mut rng = SplitMix64::new(spec.seed);
        let excited = ((c.odour_pn_fraction * c.projection_neurons as f64).round() as usize).max(1);
        // Each odour excites its own random set of PNs with graded strengths (no ties between KCs' sums).
        let odour_pn = spec.odours.iter().map(|_| {
            let mut pattern = vec![0.0; c.projection_neurons];
            let mut chosen = 0;
            while chosen < excited {
                let i = (rng.next_u64() % c.projection_neurons as u64) as usize;
                if pattern[i] == 0.0 {
                    pattern[i] = 0.1 + 0.9 * rng.uniform();
                    chosen += 1;
                }
            }
            pattern
        }).collect();
        let claws = (0..c.kenyon_cells * c.claws_per_kc).map(|_| (rng.next_u64() % c.projection_neurons as u64) as u32).collect();
        let claw_weights = (0..c.kenyon_cells * c.claws_per_kc).map(|_| 0.5 + rng.uniform()).collect();
        let active_kcs = ((c.sparseness * c.kenyon_cells as f64).round() as usize).clamp(1, c.kenyon_cells);
        let mut mb = MushroomBody {
            calyx: c.clone(),
            plasticity: p.clone(),
            odour_pn,
            claws,
            claw_weights,
            active_kcs,
            unit_activity: 1.0,
            approach_weights: vec![p.initial_weight; c.kenyon_cells],
            eligibility: vec![0.0; c.kenyon_cells],
            pn: vec![0.0; c.projection_neurons],
            scratch: Vec::with_capacity(c.kenyon_cells),
        };
        // The unit: mean activity of an active KC over the odours, each alone at saturation.
        let (mut total, mut count) = (0.0, 0usize);
        let mut kc = Vec::new();
        for o in 0..spec.odours.len() {
            let mut saturated = vec![0.0; spec.odours.len()];
            saturated[o] = f64::INFINITY;
            mb.kc_activity(&saturated, &mut kc);
            total += kc.iter().sum::<f64>();
            count += kc.iter().filter(|&&a| a > 0.0).count();
        }
        mb.unit_activity = if total > 0.0 { total / count as f64 } else { 1.0 };
        Ok(mb)
    }

    /// Number of Kenyon cells.
    pub fn kenyon_cells(&self) -> usize {
        self.approach_weights.len()
    }

    /// KC activities for the odours' concentrations (in `odours` order; infinite = saturated), written
    /// into `out`: zero except for the `sparseness` winners, which carry their drive above the first loser.
    pub fn kc_activity(&mut self, concentrations: &[f64], out: &mut Vec<f64>) {
        let half = self.calyx.pn_half_saturation;
        self.pn.iter_mut().for_each(|v| *v = 0.0);
        for (pattern, &c) in self.odour_pn.iter().zip(concentrations) {
            let c = c.max(0.0);
            let response = if c.is_infinite() { 1.0 } else { c / (c + half) };
            if response > 0.0 {
                self.pn.iter_mut().zip(pattern).for_each(|(v, p)| *v += response * p);
            }
        }
        let claws = self.calyx.claws_per_kc;
        out.clear();
        out.extend(self.claws.chunks_exact(claws).zip(self.claw_weights.chunks_exact(claws)).map(|(kc, w)| kc.iter().zip(w).map(|(&p, w)| w * self.pn[p as usize]).sum::<f64>()));
        // APL feedback inhibition as k winners take all: the threshold is the drive of the first loser.
        let threshold = if self.active_kcs < out.len() {
            self.scratch.clear();
            self.scratch.extend_from_slice(out);
            let k = self.active_kcs;
            *self.scratch.select_nth_unstable_by(k, |a, b| b.total_cmp(a)).1
        } else {
            0.0
        };
        let unit = self.unit_activity;
        out.iter_mut().for_each(|a| *a = (*a - threshold).max(0.0) / unit);
    }

    /// Approach-MBON drive for a KC activity vector, in units of a naive saturated odour's.
    pub fn approach_drive(&self, kc: &[f64]) -> f64 {
        kc.iter().zip(&self.approach_weights).map(|(a, w)| a * w).sum::<f64>() / self.norm()
    }

    /// Avoidance-MBON drive (its KC synapses are not plastic here).
    pub fn avoidance_drive(&self, kc: &[f64]) -> f64 {
        kc.iter().sum::<f64>() * self.plasticity.initial_weight / self.norm()
    }

    /// Learned aversion: avoidance minus approach drive (0 for a naive odour, about 1 for a saturated odour
    /// whose approach synapses are fully depressed).
    pub fn aversion(&self, kc: &[f64]) -> f64 {
        self.avoidance_drive(kc) - self.approach_drive(kc)
    }

    fn norm(&self) -> f64 {
        self.plasticity.initial_weight * self.active_kcs as f64
    }

    /// One step of the three-factor rule: eligibility follows KC activity; dopamine from the shock
    /// depresses the approach synapses of eligible KCs.
    pub fn learn(&mut self, kc: &[f64], shock_v: f64, dt_s: f64) {
        let p = &self.plasticity;
        let alpha = (dt_s / p.eligibility_tau_s).min(1.0);
        let dopamine = (shock_v.max(0.0) / p.saturating_shock_v).min(1.0);
        let rate = p.learning_rate_per_s * dopamine * dt_s;
        for ((e, w), &a) in self.eligibility.iter_mut().zip(&mut self.approach_weights).zip(kc) {
            *e += (a - *e) * alpha;
            if rate > 0.0 && *e > 0.0 {
                *w = (*w - rate * *e * *w).max(p.min_weight);
            }
        }
    }

    /// The KC -> approach-MBON weights.
    pub fn approach_weights(&self) -> &[f64] {
        &self.approach_weights
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::mushroom_body_spec::{MbSteeringSpec, MushroomBodySpec};

    fn spec(seed: u64) -> MushroomBodySpec {
        MushroomBodySpec {
            odours: vec!["OCT".into(), "MCH".into()],
            calyx: CalyxSpec { projection_neurons: 50, odour_pn_fraction: 0.2, pn_half_saturation: 0.1, kenyon_cells: 2000, claws_per_kc: 6, sparseness: 0.05 },
            plasticity: MbPlasticitySpec { initial_weight: 1.0, min_weight: 0.05, eligibility_tau_s: 1.0, learning_rate_per_s: 2.0, saturating_shock_v: 60.0 },
            steering: MbSteeringSpec { bilateral_deg_per_s_per_unit: 300.0, turns_per_unit_rise: 4.0, avoidance_turn_deg: 150.0, rise_tau_s: 0.1 },
            seed,
        }
    }

    fn active(kc: &[f64]) -> Vec<usize> {
        kc.iter().enumerate().filter(|(_, &a)| a > 0.0).map(|(i, _)| i).collect()
    }

    #[test]
    fn each_odour_activates_the_configured_share_of_kenyon_cells_at_any_concentration() {
        let mut mb = MushroomBody::new(&spec(3)).unwrap();
        let mut kc = Vec::new();
        let mut sets = Vec::new();
        for odour in [[1.0, 0.0], [0.0, 1.0]] {
            mb.kc_activity(&odour, &mut kc);
            // k winners: 5 % of 2000 (the drive equal to the first loser's gives 0, so exactly 100).
            assert_eq!(active(&kc).len(), 100, "{odour:?}");
            let weak: Vec<f64> = odour.iter().map(|c| c * 0.05).collect();
            let mut kc_weak = Vec::new();
            mb.kc_activity(&weak, &mut kc_weak);
            // The same cells at a weaker concentration, with less activity.
            assert_eq!(active(&kc_weak), active(&kc));
            assert!(kc_weak.iter().sum::<f64>() < 0.5 * kc.iter().sum::<f64>());
            sets.push(active(&kc));
        }
        let overlap = sets[0].iter().filter(|i| sets[1].contains(i)).count();
        assert!(overlap < 30, "two odours share {overlap} of 100 KCs");
        mb.kc_activity(&[0.0, 0.0], &mut kc);
        assert!(kc.iter().all(|&a| a == 0.0), "no odour, no KC activity");
    }

    #[test]
    fn the_wiring_is_fixed_by_the_seed() {
        let (mut a, mut b, mut c) = (MushroomBody::new(&spec(3)).unwrap(), MushroomBody::new(&spec(3)).unwrap(), MushroomBody::new(&spec(4)).unwrap());
        let (mut ka, mut kb, mut kc) = (Vec::new(), Vec::new(), Vec::new());
        a.kc_activity(&[1.0, 0.0], &mut ka);
        b.kc_activity(&[1.0, 0.0], &mut kb);
        c.kc_activity(&[1.0, 0.0], &mut kc);
        assert_eq!(ka, kb);
        assert_ne!(active(&ka), active(&kc));
    }

    #[test]
    fn depression_needs_dopamine_and_kc_activity_together() {
        let mut mb = MushroomBody::new(&spec(3)).unwrap();
        let (mut oct, mut none) = (Vec::new(), Vec::new());
        mb.kc_activity(&[1.0, 0.0], &mut oct);
        mb.kc_activity(&[0.0, 0.0], &mut none);
        let dt = 0.004;
        // Shock without odour: nothing was eligible, nothing changes.
        for _ in 0..500 {
            mb.learn(&none, 60.0, dt);
        }
        assert!(mb.approach_weights().iter().all(|&w| w == 1.0));
        // Odour without shock: eligibility builds, weights stay.
        for _ in 0..500 {
            mb.learn(&oct, 0.0, dt);
        }
        assert!(mb.approach_weights().iter().all(|&w| w == 1.0));
        assert!(mb.aversion(&oct).abs() < 1e-12, "a naive odour is neutral");
        // Odour paired with shock: only the odour's KCs lose their approach synapses.
        for _ in 0..250 {
            mb.learn(&oct, 60.0, dt);
        }
        let depressed: Vec<usize> = mb.approach_weights().iter().enumerate().filter(|(_, &w)| w < 1.0).map(|(i, _)| i).collect();
        assert_eq!(depressed, active(&oct));
        assert!(mb.aversion(&oct) > 0.5, "aversion after pairing {}", mb.aversion(&oct));
        let mut mch = Vec::new();
        mb.kc_activity(&[0.0, 1.0], &mut mch);
        assert!(mb.aversion(&mch) < 0.2 * mb.aversion(&oct), "the unpaired odour stays near neutral: {}", mb.aversion(&mch));
        // The trace: shock 0.5 s after the odour ended still depresses a little (e^-0.5 of the trace),
        // 20 s after it nothing.
        let mut trace = MushroomBody::new(&spec(3)).unwrap();
        for _ in 0..250 {
            trace.learn(&oct, 0.0, dt);
        }
        let mut late = trace.clone();
        for _ in 0..125 {
            trace.learn(&none, 0.0, dt);
        }
        for _ in 0..5000 {
            late.learn(&none, 0.0, dt);
        }
        trace.learn(&none, 60.0, dt);
        late.learn(&none, 60.0, dt);
        assert!(trace.approach_weights().iter().any(|&w| w < 1.0));
        assert!(late.approach_weights().iter().all(|&w| w > 1.0 - 1e-6));
    }
}
