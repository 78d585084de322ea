//! The chain's flows quarter by quarter (`Flows`): inventories of HBM stacks, packaged GPUs and CDUs, packaging that
//! runs on the stacks in hand, and racks installed in energised halls. Shared by the detailed timeline and the Monte
//! Carlo's fleet-only runs, so the two cannot allocate differently.

use super::{Arrivals, Binding, Demand};
use crate::units::kw_to_mw;

/// `x.floor()`, without the library call for the counts the flows take it of (non-negative, below 2^53): there
/// truncation is the floor and compiles to one instruction. Anything else (negative, infinite, NaN) takes `floor`.
fn floor(x: f64) -> f64 {
    if (0.0..9.0e15).contains(&x) { (x as u64) as f64 } else { x.floor() }
}

/// The chain's inventories and the racks installed, quarter by quarter: shared by the detailed timeline and the
/// Monte Carlo's fleet-only runs, so the two cannot allocate differently.
pub(super) struct Flows<'a> {
    pub(super) d: &'a Demand,
    pub(super) a: &'a Arrivals,
    pub(super) installed: Vec<u32>,
    pub(super) inv_hbm: Vec<f64>,
    pub(super) inv_cdu: f64,
    /// HBM stacks per packaged GPU, per generation (`Demand::spg`).
    pub(super) spg: &'a [f64],
    /// Packaged GPUs per generation: in hand for racks, and on their way (arriving at the quarter index).
    pub(super) ready: Vec<f64>,
    pub(super) pipeline: Vec<f64>,
    pub(super) transit: Vec<Vec<f64>>,
    /// What the integrator can still build this quarter.
    pub(super) integ: f64,
    /// Packaged GPUs the racks not yet installed need, per generation (whole numbers, so kept exactly by subtraction).
    pub(super) packages_left: Vec<f64>,
    pub(super) installed_total: u32,
    /// Each site's IT kW installed, recomputed only for sites where racks went in this quarter.
    pub(super) site_kw: Vec<f64>,
    pub(super) site_changed: Vec<bool>,
}

impl<'a> Flows<'a> {
    pub(super) fn new(d: &'a Demand, a: &'a Arrivals, quarters: usize) -> Flows<'a> {
        let lag = a.packaging.as_ref().map_or(0, |(_, l)| *l);
        Flows {
            d,
            a,
            installed: vec![0u32; d.groups.len()],
            inv_hbm: vec![0.0; d.generations.len()],
            inv_cdu: 0.0,
            spg: &d.spg,
            ready: vec![0.0; d.generations.len()],
            pipeline: vec![0.0; d.generations.len()],
            transit: vec![vec![0.0; d.generations.len()]; quarters + lag + 1],
            integ: 0.0,
            packages_left: d.packages_needed.clone(),
            installed_total: 0,
            site_kw: vec![0.0; d.sites],
            site_changed: vec![false; d.sites],
        }
    }

    /// Nothing more can be installed this quarter: the integrator is out, or every generation is short of a rack.
    pub(super) fn exhausted(&self) -> bool {
        if self.integ < 1.0 {
            return true;
        }
        let stock = if self.a.packaging.is_some() {
            (&self.ready, &self.d.min_packages)
        } else {
            (&self.inv_hbm, &self.d.min_stacks)
        };
        stock.0.iter().zip(stock.1).all(|(have, need)| have < need)
    }

    /// The quarter's arrivals: HBM stacks; packaging runs on the stacks in hand up to its capacity for GPUs the layout
    /// still needs (idle capacity is lost), and GPUs packaged `lag` quarters ago arrive; CDUs; integrator capacity.
    pub(super) fn begin_quarter(&mut self, q: usize) {
        let (d, a) = (self.d, self.a);
        for (g, inv) in self.inv_hbm.iter_mut().enumerate() {
            *inv += a.hbm[g][q];
        }
        if let Some((capacity, lag)) = &a.packaging {
            let mut cap = capacity[q];
            for &g in &d.gen_order {
                // GPUs the layout still needs of this generation, less those packaged already.
                let wanted = self.packages_left[g] - self.ready[g] - self.pipeline[g];
                let by_stacks = if self.spg[g] > 0.0 { (self.inv_hbm[g] / self.spg[g]).floor() } else { f64::INFINITY };
                let make = cap.min(wanted.max(0.0)).min(by_stacks).max(0.0).floor();
                self.inv_hbm[g] -= make * self.spg[g];
                cap -= make;
                self.pipeline[g] += make;
                self.transit[q + lag][g] += make;
            }
            for (g, arriving) in self.transit[q].iter().enumerate() {
                self.ready[g] += arriving;
                self.pipeline[g] -= arriving;
            }
        }
        self.inv_cdu += a.cdus.as_ref().map_or(0.0, |c| c[q]);
        self.integ = a.integrator.as_ref().map_or(f64::INFINITY, |c| c[q]);
    }

    /// Installs racks in a site's energised groups, in order, each as far as every resource allows; returns the HBM
    /// stacks in the racks installed.
    pub(super) fn install(&mut self, groups: &[usize], q: usize) -> f64 {
        let (d, a) = (self.d, self.a);
        let mut used_hbm = 0.0;
        for &i in groups {
            let g = &d.groups[i];
            // A site's groups are in energisation order (`demand`): the first hall not yet energised ends the site.
            if a.energised(g.site, g.energised) > q as i32 {
                break;
            }
            let p = g.racks - self.installed[i];
            if p == 0 {
                continue;
            }
            let mut n = f64::from(p);
            if a.packaging.is_some() {
                n = n.min(floor(self.ready[g.generation] / g.packages_per_rack));
            } else {
                n = n.min(floor(self.inv_hbm[g.generation] / g.stacks_per_rack));
            }
            if a.cdus.is_some() && g.cdus_per_rack > 0.0 {
                n = n.min(floor(self.inv_cdu / g.cdus_per_rack + 1e-9));
            }
            n = n.min(floor(self.integ)).max(0.0);
            let k = n as u32;
            self.installed[i] += k;
            self.installed_total += k;
            let kf = f64::from(k);
            if k > 0 {
                self.packages_left[g.generation] -= kf * g.packages_per_rack;
                self.site_changed[g.site] = true;
            }
            // The stacks in the racks installed: taken from packaged GPUs, or straight from the stack inventory.
            used_hbm += kf * g.stacks_per_rack;
            if a.packaging.is_some() {
                self.ready[g.generation] -= kf * g.packages_per_rack;
            } else {
                self.inv_hbm[g.generation] -= kf * g.stacks_per_rack;
            }
            if a.cdus.is_some() {
                self.inv_cdu = (self.inv_cdu - kf * g.cdus_per_rack).max(0.0);
            }
            self.integ -= kf;
            // Most quarters run out of something long before the last group: stop there, not after every group.
            if k < p && self.exhausted() {
                break;
            }
        }
        used_hbm
    }

    /// What holds group `i` back at the end of quarter `q`, once the quarter's racks are in: nothing (complete);
    /// its hall not yet energised (power); too few stacks of its generation in hand, loose or in packaged GPUs
    /// (hbm); stacks enough but too few packaged GPUs (packaging); too few CDUs (cooling); the integrator's capacity.
    pub(super) fn group_binding(&self, i: usize, q: usize) -> Binding {
        let g = &self.d.groups[i];
        if self.installed[i] == g.racks {
            return Binding::Complete;
        }
        if self.a.energised(g.site, g.energised) > q as i32 {
            return Binding::Power;
        }
        let hg = g.generation;
        let stacks_in_hand = self.inv_hbm[hg] + self.spg[hg] * (self.ready[hg] + self.pipeline[hg]);
        if self.a.packaging.is_some() {
            if self.ready[hg] < g.packages_per_rack {
                return if stacks_in_hand < g.stacks_per_rack { Binding::Hbm } else { Binding::Packaging };
            }
        } else if self.inv_hbm[hg] < g.stacks_per_rack {
            return Binding::Hbm;
        }
        if self.a.cdus.is_some() && g.cdus_per_rack > 0.0 && self.inv_cdu < g.cdus_per_rack {
            return Binding::Cooling;
        }
        Binding::Integrator
    }

    pub(super) fn installed_of(&self, groups: &[usize]) -> u32 {
        groups.iter().map(|&i| self.installed[i]).sum()
    }

    pub(super) fn it_mw_of(&self, groups: &[usize]) -> f64 {
        kw_to_mw(groups.iter().map(|&i| f64::from(self.installed[i]) * self.d.groups[i].it_kw_per_rack).sum::<f64>())
    }

    /// The fleet's IT MW installed, summed per site in site order (each site as `it_mw_of` gives it), recomputing
    /// only the sites where racks went in since the last call.
    pub(super) fn fleet_it_mw(&mut self) -> f64 {
        for si in 0..self.d.sites {
            if std::mem::take(&mut self.site_changed[si]) {
                self.site_kw[si] = self.it_mw_of(&self.d.site_groups[si]);
            }
        }
        self.site_kw.iter().sum()
    }
}

/// What the Monte Carlo needs of a trial: the quarter the fleet is complete and the fleet's IT MW online per quarter,
/// from the same flows as the detailed timeline without its per-site analysis of what binds.
pub(super) fn simulate_fleet(d: &Demand, a: &Arrivals, quarters: usize) -> (Option<u32>, Vec<f64>) {
    let mut f = Flows::new(d, a, quarters);
    let mut online = Vec::with_capacity(quarters);
    let mut complete = None;
    // Per site, its first group not yet complete: the groups before it would each be passed over (nothing left to
    // install, and a complete group's hall is energised for good), so they are skipped, and a complete site costs
    // nothing. At 50 sites of 1 GW, walking complete groups was two thirds of the Monte Carlo.
    let mut first_open = vec![0usize; d.sites];
    for q in 0..quarters {
        f.begin_quarter(q);
        for &si in &d.site_order {
            // Out of integrator capacity or of every generation's parts: no site installs more this quarter (each
            // would stop at its first open group), so the rest are not visited.
            if f.exhausted() {
                break;
            }
            let groups = &d.site_groups[si];
            let start = &mut first_open[si];
            while *start < groups.len() && f.installed[groups[*start]] == d.groups[groups[*start]].racks {
                *start += 1;
            }
            if *start < groups.len() {
                f.install(&groups[*start..], q);
            }
        }
        // Summed per site in site order, as the detailed timeline's sites are, so both give the same figures.
        online.push(f.fleet_it_mw());
        if complete.is_none() && f.installed_total == d.racks_planned {
            complete = Some(q as u32);
        }
    }
    (complete, online)
}
