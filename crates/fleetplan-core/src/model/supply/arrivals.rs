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
    /// The quarter from which each site's halls can be energised at all (its chillers in), `[site]`.
    pub(super) site_ready: Vec<i32>,
}

impl Arrivals {
    /// The quarter index from which a hall planned for `planned` at site `site` is energised in this run.
    pub(super) fn energised(&self, site: usize, planned: i32) -> i32 {
        (planned + self.site_slip[site]).max(self.site_ready[site])
    }
}

/// Where a scenario's ranged values come from: their modes (the scenario's own timeline), or a Monte Carlo trial.
pub(super) enum Draws<'a> {
    Modes,
    Trial(Trial<'a>),
}

/// One Monte Carlo trial's draws. A series' value in each quarter is its range's quantile at `Phi(z_q)`, where
/// `z_q = sqrt(k) C_q + sqrt(1 - k) E_q`: `E` is the series' own AR(1) path of standard normals (`E_q = rho E_(q-1) +
/// sqrt(1 - rho^2) e_q`) and `C` the trial's common path, shared by every series that quarter (a shock that hits all
/// suppliers at once). Each `z_q` is standard normal, so every quarter's value keeps its range's distribution;
/// `rho` carries conditions from one quarter to the next and `k` moves suppliers together. Scalars (die area,
/// packages per wafer, qualification, slips) are drawn once per trial.
pub(super) struct Trial<'a> {
    rng: &'a mut fastrand::Rng,
    normals: Normals,
    rho: f64,
    kappa: f64,
    /// The common path, indexed by produced quarter + `offset` (lags reach back before the start).
    common: Vec<f64>,
    offset: usize,
}

impl<'a> Trial<'a> {
    pub(super) fn new(rng: &'a mut fastrand::Rng, s: &Supply) -> Trial<'a> {
        let offset = s.quarters as usize;
        let len = offset + s.quarters as usize;
        let mut normals = Normals::default();
        let common = ar1_path(rng, &mut normals, s.autocorrelation, len);
        Trial { rng, normals, rho: s.autocorrelation, kappa: s.common_shock, common, offset }
    }
}

/// Standard normal draws by Marsaglia's polar method: a point `(u, v)` uniform in the unit disc (4 / pi = 1.27 tries
/// of two uniforms on average), then `u m` and `v m` with `m = sqrt(-2 ln s / s)`, `s = u^2 + v^2`, two independent
/// standard normals. The second is kept for the next draw: one logarithm and one square root per two draws, and no
/// cosine (Box-Muller with one draw kept of each pair spent 25 % of a Monte Carlo in `cos` and `ln`).
#[derive(Debug, Default)]
pub(super) struct Normals {
    spare: Option<f64>,
}

impl Normals {
    pub(super) fn next(&mut self, rng: &mut fastrand::Rng) -> f64 {
        if let Some(x) = self.spare.take() {
            return x;
        }
        loop {
            let u = 2.0 * rng.f64() - 1.0;
            let v = 2.0 * rng.f64() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let m = (-2.0 * s.ln() / s).sqrt();
                self.spare = Some(v * m);
                return u * m;
            }
        }
    }
}

/// A stationary AR(1) path of standard normals, one quarter at a time: `x_0 ~ N(0, 1)`, `x_q = rho x_(q-1) +
/// sqrt(1 - rho^2) e_q`, so every `x_q` is standard normal and neighbours correlate by `rho`.
struct Ar1 {
    rho: f64,
    innovation: f64,
    x: Option<f64>,
}

impl Ar1 {
    fn new(rho: f64) -> Ar1 {
        Ar1 { rho, innovation: (1.0 - rho * rho).sqrt(), x: None }
    }

    fn next(&mut self, rng: &mut fastrand::Rng, normals: &mut Normals) -> f64 {
        let e = normals.next(rng);
        let x = self.x.map_or(e, |x| self.rho * x + self.innovation * e);
        self.x = Some(x);
        x
    }
}

/// `len` quarters of an AR(1) path (see [`Ar1`]).
fn ar1_path(rng: &mut fastrand::Rng, normals: &mut Normals, rho: f64, len: usize) -> Vec<f64> {
    let mut path = Ar1::new(rho);
    (0..len).map(|_| path.next(rng, normals)).collect()
}

/// The standard normal CDF, `Phi(z) = (1 + erf(z / sqrt 2)) / 2`, erf by Abramowitz and Stegun 7.1.26 (error below
/// 1.5e-7).
pub(super) fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.3275911 * x);
    let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 { 0.5 * (1.0 + erf) } else { 0.5 * (1.0 - erf) }
}

impl Draws<'_> {
    /// A value that may be a range: its mode, or drawn once per trial when it is a range (a value that is not one
    /// takes no draw, so plans keep their random streams where they state none).
    pub(super) fn scalar(&mut self, r: &Ranged) -> f64 {
        match self {
            Draws::Trial(t) if r.low != r.high => r.sample(t.rng),
            _ => r.mode,
        }
    }

    /// Values of a series per quarter index `q` (0 = start), shifted by `lag`: each quarter from the step in force
    /// when it was produced, at its mode or at the trial's draw for that quarter. A drawn series walks its own AR(1)
    /// path over the quarters it is read at (the path is stationary, so it may start at the first of them) beside the
    /// common path at the same produced quarters, with no path held in memory.
    fn series(&mut self, series: &Series, s: &Supply, lag: u32) -> Vec<f64> {
        let produced = |q: u32| crate::plan::Quarter::from_index(s.start.index() + q as i32 - lag as i32);
        let ranged = series.steps.iter().any(|(_, r)| r.low != r.high);
        let n = s.quarters;
        let mut out = Vec::with_capacity(n as usize);
        match self {
            Draws::Trial(t) if ranged => {
                let (own_share, common_share) = ((1.0 - t.kappa).sqrt(), t.kappa.sqrt());
                let mut own = Ar1::new(t.rho);
                for q in 0..n {
                    let x = own.next(t.rng, &mut t.normals);
                    let c = t.common[(t.offset + q as usize).saturating_sub(lag as usize).min(t.common.len() - 1)];
                    let u = normal_cdf(common_share * c + own_share * x);
                    out.push(series.step_at(produced(q)).map_or(0.0, |i| series.steps[i].1.quantile(u)));
                }
            }
            _ => out.extend((0..n).map(|q| series.step_at(produced(q)).map_or(0.0, |i| series.steps[i].1.mode))),
        }
        out
    }
}

pub(super) fn arrivals(sc: &Scenario, s: &Supply, d: &Demand, draw: &mut Draws) -> Arrivals {
    let n = s.quarters as usize;
    let lag0 = sc.delivery_lag_quarters;
    let mut hbm = vec![vec![0.0; n]; d.generations.len()];
    for src in &sc.hbm {
        let Some(g) = d.generations.iter().position(|x| *x == src.generation) else { continue };
        // Stacks go to packaging when the scenario has it (the delivery lag then runs from packaging to the rack),
        // else straight to racks.
        let lag = src.lag_quarters + if sc.packaging.is_some() { 0 } else { lag0 };
        let mut per_quarter: Vec<f64> = match &src.kind {
            HbmKind::Stacks(series) => draw.series(series, s, lag),
            HbmKind::Chain { wafers_per_month, die_area_mm2, die_yield, stack_height, stack_yield, share } => {
                let area = draw.scalar(die_area_mm2);
                let w = draw.series(wafers_per_month, s, lag);
                let dy = draw.series(die_yield, s, lag);
                let sy = draw.series(stack_yield, s, lag);
                let sh = draw.series(share, s, lag);
                (0..n).map(|q| 3.0 * stacks_per_month(w[q], area, dy[q], *stack_height, sy[q]) * sh[q]).collect()
            }
        };
        // A vendor still to be qualified produces nothing before it is, and with probability 1 - p not within the
        // horizon at all (at stated values: it qualifies when p is above one half). Its stacks arrive `lag` later.
        // (A value that is not a range is not drawn, so plans without these events keep their random streams.)
        let qualifies = src.qualify_probability >= 1.0
            || draw.scalar(&Ranged { low: 0.0, mode: 0.5, high: 1.0, triangular: false }) < src.qualify_probability;
        let first = match qualifies.then(|| draw.scalar(&src.qualifies_after_quarters).round() as usize) {
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
    let mut packaging = sc.packaging.as_ref().map(|p| {
        // Capacity in the quarter packaging runs; its output reaches racks after the lags.
        let capacity = match &p.kind {
            PackagingKind::Packages(series) => draw.series(series, s, 0),
            PackagingKind::Wafers { wafers_per_quarter, packages_per_wafer, package_yield } => {
                let ppw = draw.scalar(packages_per_wafer);
                let w = draw.series(wafers_per_quarter, s, 0);
                let y = draw.series(package_yield, s, 0);
                w.iter().zip(&y).map(|(w, y)| w * ppw * y).collect()
            }
        };
        (capacity, (p.lag_quarters + lag0) as usize)
    });
    let cdus = sc.cdus_per_quarter.as_ref().map(|c| {
        let mut v = draw.series(c, s, lag0);
        // CDUs on order: none arrive before the lead time (plus the delivery lag).
        let lead = draw.scalar(&sc.cdu_lead_quarters).round() as usize;
        if lead > 0 {
            v.iter_mut().take(lead + lag0 as usize).for_each(|x| *x = 0.0);
        }
        v
    });
    let mut integrator = sc.integrator_racks_per_quarter.as_ref().map(|c| draw.series(c, s, lag0));
    // An allocation stands in for the HBM and packaging chain: stacks do not limit, and the racks allocated cap the
    // quarter like the integrator's capacity (the smaller of the two when both are stated).
    if let Some(alloc) = &sc.allocated_racks_per_quarter {
        let a = draw.series(alloc, s, lag0);
        integrator = Some(match integrator {
            Some(i) => i.iter().zip(&a).map(|(i, a)| i.min(*a)).collect(),
            None => a,
        });
        hbm.iter_mut().for_each(|g| g.iter_mut().for_each(|x| *x = f64::INFINITY));
        packaging = None;
    }
    // Each site's halls slip together (one interconnect); the stated value at its mode. A site that needs chillers
    // energises no hall before they are in.
    let chillers_in = draw.scalar(&sc.chiller_lead_quarters).round() as i32;
    let site_slip = (0..d.sites).map(|_| draw.scalar(&sc.energisation_slip_quarters).round() as i32).collect();
    let site_ready = d.needs_chillers.iter().map(|&needs| if needs { chillers_in } else { i32::MIN }).collect();
    Arrivals { hbm, packaging, cdus, integrator, site_slip, site_ready }
}
