//! What arrives each quarter of one scenario: HBM stacks per generation (after their lag, from a qualified vendor),
//! packaging capacity, CDUs, integrator capacity, and each site's energisation slip, with every ranged value fixed to
//! its mode (the scenario's timeline) or drawn (a Monte Carlo trial).

use super::{Demand, stacks_per_month};
use crate::plan::supply::{HbmKind, PackagingKind, Ranged, Scenario, Series, Supply};

/// Arrivals per quarter of one scenario, with every ranged value fixed (to its mode, or a draw).
pub(super) struct Arrivals {
    /// HBM stacks per generation in hand each quarter: for packaging when the scenario has packaging, else for racks.
    pub(super) hbm: Vec<Vec<f64>>,
    /// GPUs that can be packaged each quarter (CoWoS capacity in the quarter it runs), and how many quarters packaged
    /// GPUs take to reach a rack (packaging lag plus delivery lag).
    pub(super) packaging: Option<(Vec<f64>, usize)>,
    pub(super) cdus: Option<Vec<f64>>,
    pub(super) integrator: Option<Vec<f64>>,
    /// Quarters each site's halls are energised late, `[site]`.
    pub(super) site_slip: Vec<i32>,
}

/// Values of a series per quarter index `q` (0 = start), shifted by `lag`, with each step's value drawn once.
fn series_values(series: &Series, s: &Supply, lag: u32, draw: &mut dyn FnMut(&Ranged) -> f64) -> Vec<f64> {
    let steps: Vec<f64> = series.steps.iter().map(|(_, r)| draw(r)).collect();
    (0..s.quarters)
        .map(|q| {
            let produced = crate::plan::Quarter::from_index(s.start.index() + q as i32 - lag as i32);
            series.step_at(produced).map_or(0.0, |i| steps[i])
        })
        .collect()
}

/// A value that may be a range: drawn when it is one, its value otherwise (no draw taken from the stream).
fn drawn(r: &Ranged, draw: &mut dyn FnMut(&Ranged) -> f64) -> f64 {
    if r.low == r.high { r.mode } else { draw(r) }
}

pub(super) fn arrivals(sc: &Scenario, s: &Supply, d: &Demand, draw: &mut dyn FnMut(&Ranged) -> f64) -> Arrivals {
    let n = s.quarters as usize;
    let lag0 = sc.delivery_lag_quarters;
    let mut hbm = vec![vec![0.0; n]; d.generations.len()];
    for src in &sc.hbm {
        let Some(g) = d.generations.iter().position(|x| *x == src.generation) else { continue };
        // Stacks go to packaging when the scenario has it (the delivery lag then runs from packaging to the rack),
        // else straight to racks.
        let lag = src.lag_quarters + if sc.packaging.is_some() { 0 } else { lag0 };
        let mut per_quarter: Vec<f64> = match &src.kind {
            HbmKind::Stacks(series) => series_values(series, s, lag, draw),
            HbmKind::Chain { wafers_per_month, die_area_mm2, die_yield, stack_height, stack_yield, share } => {
                let area = draw(die_area_mm2);
                let w = series_values(wafers_per_month, s, lag, draw);
                let dy = series_values(die_yield, s, lag, draw);
                let sy = series_values(stack_yield, s, lag, draw);
                let sh = series_values(share, s, lag, draw);
                (0..n).map(|q| 3.0 * stacks_per_month(w[q], area, dy[q], *stack_height, sy[q]) * sh[q]).collect()
            }
        };
        // A vendor still to be qualified produces nothing before it is, and with probability 1 - p not within the
        // horizon at all (at stated values: it qualifies when p is above one half). Its stacks arrive `lag` later.
        // (A value that is not a range is not drawn, so plans without these events keep their random streams.)
        let qualifies = src.qualify_probability >= 1.0
            || draw(&Ranged { low: 0.0, mode: 0.5, high: 1.0, triangular: false }) < src.qualify_probability;
        let first = match qualifies.then(|| drawn(&src.qualifies_after_quarters, draw).round() as usize) {
            // Qualified already: what it produced before the start arrives too.
            Some(0) => 0,
            Some(k) => k + lag as usize,
            None => n,
        };
        for x in per_quarter.iter_mut().take(first.min(n)) {
            *x = 0.0;
        }
        for (a, b) in hbm[g].iter_mut().zip(per_quarter) {
            *a += b;
        }
    }
    let packaging = sc.packaging.as_ref().map(|p| {
        // Capacity in the quarter packaging runs; its output reaches racks after the lags.
        let capacity = match &p.kind {
            PackagingKind::Packages(series) => series_values(series, s, 0, draw),
            PackagingKind::Wafers { wafers_per_quarter, packages_per_wafer, package_yield } => {
                let ppw = draw(packages_per_wafer);
                let w = series_values(wafers_per_quarter, s, 0, draw);
                let y = series_values(package_yield, s, 0, draw);
                w.iter().zip(&y).map(|(w, y)| w * ppw * y).collect()
            }
        };
        (capacity, (p.lag_quarters + lag0) as usize)
    });
    let cdus = sc.cdus_per_quarter.as_ref().map(|c| series_values(c, s, lag0, draw));
    let integrator = sc.integrator_racks_per_quarter.as_ref().map(|c| series_values(c, s, lag0, draw));
    // Each site's halls slip together (one interconnect); the stated value at its mode.
    let site_slip = (0..d.sites).map(|_| drawn(&sc.energisation_slip_quarters, draw).round() as i32).collect();
    Arrivals { hbm, packaging, cdus, integrator, site_slip }
}
