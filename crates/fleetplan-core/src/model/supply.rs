//! The supply timeline: quarter by quarter, how many racks of the layout can be installed and powered given HBM,
//! packaging, cooling components, integrator capacity and energised halls; per scenario, as a probability-weighted
//! expectation, and as a seeded Monte Carlo. Formulas: docs/model.md, "Supply timeline".

use std::f64::consts::PI;

use crate::model::Outcome;
use crate::plan::Plan;
use crate::plan::supply::Supply;
use crate::units::{SECONDS_PER_QUARTER, in_millions, kw_to_mw};

/// Gross dies per 300 mm wafer for a die of `area_mm2`: `π·300²/(4A) − π·300/√(2A)`.
pub fn gross_dies_per_wafer(area_mm2: f64) -> f64 {
    PI * 300.0 * 300.0 / (4.0 * area_mm2) - PI * 300.0 / (2.0 * area_mm2).sqrt()
}

/// HBM stacks per month from the wafer chain: wafers × GDPW × die yield / stack height × stack yield.
pub fn stacks_per_month(wafers: f64, area_mm2: f64, die_yield: f64, stack_height: u32, stack_yield: f64) -> f64 {
    wafers * gross_dies_per_wafer(area_mm2) * die_yield / f64::from(stack_height) * stack_yield
}

/// What limits installation in a quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Binding {
    /// Every planned rack of the site is installed.
    Complete,
    /// Racks wait for their hall to be energised.
    Power,
    Hbm,
    Packaging,
    /// Cooling components (CDUs).
    Cooling,
    /// Complete racks from the integrator.
    Integrator,
}

impl Binding {
    /// Its name in the supply tables' `binding` column.
    pub fn name(self) -> &'static str {
        match self {
            Binding::Complete => "complete",
            Binding::Power => "power",
            Binding::Hbm => "hbm",
            Binding::Packaging => "packaging",
            Binding::Cooling => "cooling",
            Binding::Integrator => "integrator",
        }
    }
}

/// What being short of the plan costs at a site in one quarter: the IT MW energised but not online, the output
/// tokens per second its missing racks would serve, the revenue those tokens would have earned that quarter (when a
/// price is set), and the facility capital that waited for them (its capital recovery for the quarter).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DelayCost {
    pub it_mw_short: f64,
    pub output_tokens_per_s_short: f64,
    pub usd_revenue_short: f64,
    pub usd_idle_facility: f64,
}

/// The cost of a quarter short of plan (`DelayCost`): `racks_short` per legend entry times the output tokens per
/// second one rack of that entry serves (`None` without a workload: NaN), over a quarter of the typical year
/// (7,884,000 s) at `revenue_usd_per_m_output_tokens`; and the MW short times the facility's capital recovery per
/// MW and quarter.
pub fn delay_cost(
    x: &SiteQuarter,
    racks_short: &[u32],
    output_per_rack: Option<&[f64]>,
    revenue_usd_per_m_output_tokens: Option<f64>,
    idle_usd_per_mw_quarter: f64,
) -> DelayCost {
    let it_mw_short = (x.it_mw_planned - x.it_mw_online).max(0.0);
    let tokens = output_per_rack
        .map_or(f64::NAN, |o| racks_short.iter().zip(o).map(|(n, per_rack)| f64::from(*n) * per_rack).sum());
    DelayCost {
        it_mw_short,
        output_tokens_per_s_short: tokens,
        usd_revenue_short: revenue_usd_per_m_output_tokens
            .map_or(f64::NAN, |price| in_millions(tokens * SECONDS_PER_QUARTER) * price),
        usd_idle_facility: it_mw_short * idle_usd_per_mw_quarter,
    }
}

/// One site in one quarter of one scenario. Rack counts are cumulative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SiteQuarter {
    pub racks_planned: u32,
    /// What each constraint alone would allow by this quarter, given what higher-priority sites took.
    pub by_power: u32,
    pub by_hbm: u32,
    pub by_packaging: u32,
    pub by_cooling: u32,
    pub by_integrator: u32,
    pub installed: u32,
    pub binding: Binding,
    pub it_mw_online: f64,
    /// IT MW the plan has in halls energised by this quarter: what would be online had every rack arrived.
    pub it_mw_planned: f64,
    /// Stacks built into racks this quarter.
    pub hbm_stacks_used: f64,
    /// Stacks the energised, waiting racks needed this quarter beyond what was in hand.
    pub hbm_stacks_short: f64,
}

/// One scenario's timeline: per site and quarter what is installed and what binds, the quarters each hall, site and
/// the fleet are complete, and the racks the plan is short of.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// `[site][quarter]`.
    pub sites: Vec<Vec<SiteQuarter>>,
    /// Quarter index each hall is complete, `[site][hall]`; `None`: not within the horizon.
    pub hall_complete: Vec<Vec<Option<u32>>>,
    pub site_complete: Vec<Option<u32>>,
    pub fleet_complete: Option<u32>,
    /// Racks in energised halls not yet installed, `[site][quarter][legend entry]`: what the plan is short of.
    pub racks_short: Vec<Vec<Vec<u32>>>,
    /// Each (site, hall, legend entry) group of the layout, and per quarter its racks installed and what holds
    /// the rest back, `[quarter][group]`: a site's halls and platforms can wait for different things.
    pub groups: Vec<GroupKey>,
    pub group_quarters: Vec<Vec<(u32, Binding)>>,
}

/// One group of the layout: the racks of one legend entry in one hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupKey {
    pub site: usize,
    pub hall: usize,
    pub rack_type: usize,
    pub racks: u32,
}

/// One scenario's timeline at its stated values, with its name and probability.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioOutcome {
    pub name: String,
    pub probability: f64,
    pub timeline: Timeline,
}

/// The timeline of every scenario, and the probability-weighted expectation.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyOutcome {
    pub scenarios: Vec<ScenarioOutcome>,
    /// Probability-weighted racks installed and IT MW online, `[site][quarter]`.
    pub expected: Vec<Vec<(f64, f64)>>,
}

/// A Monte Carlo of the supply timeline: its trials and seed, and P10 / P50 / P90 of the quarter the fleet is
/// complete and of fleet IT MW online per quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct MonteCarlo {
    pub trials: u32,
    pub seed: u64,
    /// Quarter index the fleet is complete at P10 / P50 / P90; `None`: beyond the horizon.
    pub complete: [Option<u32>; 3],
    /// Fleet IT MW online per quarter at P10 / P50 / P90.
    pub it_mw: Vec<[f64; 3]>,
}

/// One (site, hall, rack type) group of demand, in allocation order.
#[derive(Debug, Clone)]
struct Group {
    site: usize,
    hall: usize,
    /// The legend entry of its racks.
    rack_type: usize,
    racks: u32,
    /// Quarter index from which the hall is energised (may be negative: already energised at the start).
    energised: i32,
    generation: usize,
    stacks_per_rack: f64,
    packages_per_rack: f64,
    cdus_per_rack: f64,
    it_kw_per_rack: f64,
}

/// The fleet's demand: groups ordered by site priority, then hall energisation, then plan order.
struct Demand {
    groups: Vec<Group>,
    generations: Vec<String>,
    sites: usize,
    halls: Vec<usize>,
    /// Sites in allocation order.
    site_order: Vec<usize>,
    /// Indexes of each site's groups, and of each hall's (site, hall), in allocation order: every quarter then costs
    /// time linear in the groups.
    site_groups: Vec<Vec<usize>>,
    hall_groups: Vec<Vec<Vec<usize>>>,
    /// Trial-invariant figures of the chain, worked out once: generations in the order their first group is
    /// served, HBM stacks per packaged GPU, the least packaged GPUs and stacks a rack of each generation needs, the
    /// packaged GPUs the whole layout needs per generation, and the racks planned.
    gen_order: Vec<usize>,
    spg: Vec<f64>,
    min_packages: Vec<f64>,
    min_stacks: Vec<f64>,
    packages_needed: Vec<f64>,
    racks_planned: u32,
    /// Entries of the plan's legend.
    rack_types: usize,
    /// Sites whose design hour needs chillers (their cooling plant waits for them).
    needs_chillers: Vec<bool>,
}

fn demand(plan: &Plan, outcome: &Outcome, s: &Supply) -> Demand {
    let mut groups = Vec::new();
    let mut generations: Vec<String> = Vec::new();
    for (si, site) in plan.sites.iter().enumerate() {
        let so = &outcome.sites[si];
        let net = 1.0 + site.settings.network_storage_frac;
        for (hi, hall) in site.halls.iter().enumerate() {
            let ho = &so.halls[hi];
            let cdus_per_rack = if ho.racks > 0 { f64::from(ho.cdus) / f64::from(ho.racks) } else { 0.0 };
            let mut counts: Vec<(usize, u32)> = Vec::new();
            for id in hall.rows.iter().flat_map(|r| &r.slots).flatten() {
                let id = usize::from(*id);
                match counts.iter_mut().find(|(t, _)| *t == id) {
                    Some(c) => c.1 += 1,
                    None => counts.push((id, 1)),
                }
            }
            for (t, n) in counts {
                let rt = &plan.legend[t];
                let p = &rt.platform;
                let g = match generations.iter().position(|x| *x == p.hbm_generation) {
                    Some(g) => g,
                    None => {
                        generations.push(p.hbm_generation.clone());
                        generations.len() - 1
                    }
                };
                groups.push(Group {
                    site: si,
                    hall: hi,
                    rack_type: t,
                    racks: n,
                    energised: hall.energised.index() - s.start.index(),
                    generation: g,
                    stacks_per_rack: f64::from(p.gpus * p.hbm_stacks_per_gpu),
                    packages_per_rack: f64::from(p.gpus),
                    cdus_per_rack,
                    it_kw_per_rack: rt.rack_kw * net,
                });
            }
        }
    }
    let mut site_order: Vec<usize> = (0..plan.sites.len()).collect();
    site_order.sort_by_key(|&i| (plan.sites[i].priority, i));
    let rank = |si: usize| site_order.iter().position(|&x| x == si).unwrap_or(si);
    groups.sort_by_key(|g| (rank(g.site), g.energised, g.hall));
    let mut site_groups = vec![Vec::new(); plan.sites.len()];
    let mut hall_groups: Vec<Vec<Vec<usize>>> = plan.sites.iter().map(|s| vec![Vec::new(); s.halls.len()]).collect();
    for (i, g) in groups.iter().enumerate() {
        site_groups[g.site].push(i);
        hall_groups[g.site][g.hall].push(i);
    }
    let mut d = Demand {
        groups,
        generations,
        sites: plan.sites.len(),
        halls: plan.sites.iter().map(|s| s.halls.len()).collect(),
        site_order,
        site_groups,
        hall_groups,
        gen_order: Vec::new(),
        spg: Vec::new(),
        min_packages: Vec::new(),
        min_stacks: Vec::new(),
        packages_needed: Vec::new(),
        racks_planned: 0,
        rack_types: plan.legend.len(),
        needs_chillers: outcome.sites.iter().map(|o| o.chiller_th_kw_design > 0.0).collect(),
    };
    for g in &d.groups {
        if !d.gen_order.contains(&g.generation) {
            d.gen_order.push(g.generation);
        }
    }
    d.spg = stacks_per_gpu(&d);
    d.min_packages = least_per_generation(&d, |g| g.packages_per_rack);
    d.min_stacks = least_per_generation(&d, |g| g.stacks_per_rack);
    d.packages_needed = vec![0.0; d.generations.len()];
    for g in &d.groups {
        d.packages_needed[g.generation] += f64::from(g.racks) * g.packages_per_rack;
    }
    d.racks_planned = d.groups.iter().map(|g| g.racks).sum();
    d
}

/// How many of `pending` racks (per group) an amount `avail` of one resource allows, needing `need(g)` per rack.
fn alone(
    groups: &[(usize, u32)],
    d: &Demand,
    mut avail: impl FnMut(usize) -> f64,
    need: impl Fn(&Group) -> f64,
) -> u32 {
    let mut used: Vec<f64> = vec![0.0; d.generations.len().max(1)];
    let mut n = 0;
    for &(gi, pending) in groups {
        let g = &d.groups[gi];
        let per = need(g);
        let key = g.generation.min(used.len() - 1);
        let k = if per <= 0.0 {
            pending
        } else {
            (((avail(g.generation) - used[key]) / per).floor().max(0.0) as u32).min(pending)
        };
        used[key] += f64::from(k) * per;
        n += k;
    }
    n
}

/// The least of `need` over the groups of each generation (infinite for a generation without groups).
fn least_per_generation(d: &Demand, need: impl Fn(&Group) -> f64) -> Vec<f64> {
    let mut least = vec![f64::INFINITY; d.generations.len()];
    for g in &d.groups {
        least[g.generation] = least[g.generation].min(need(g));
    }
    least
}

/// HBM stacks per packaged GPU of each generation (the most any platform of that generation needs).
fn stacks_per_gpu(d: &Demand) -> Vec<f64> {
    let mut spg = vec![0.0f64; d.generations.len()];
    for g in &d.groups {
        if g.packages_per_rack > 0.0 {
            spg[g.generation] = spg[g.generation].max(g.stacks_per_rack / g.packages_per_rack);
        }
    }
    spg
}

/// The chain as flows (`Flows`): HBM stacks (per generation) wait in inventory; packaging consumes stacks when it
/// runs, up to its capacity that quarter (capacity left idle for want of stacks is lost, not banked) and only for
/// GPUs the layout still needs; packaged GPUs reach racks after the packaging lag and wait in inventory; racks are
/// installed from packaged GPUs (or, without a packaging section, straight from stacks), CDUs in hand and the
/// integrator's capacity that quarter, in energised halls. Per site and quarter, what each resource alone would
/// allow says what binds.
fn simulate(d: &Demand, a: &Arrivals, quarters: usize) -> Timeline {
    let mut f = Flows::new(d, a, quarters);
    let mut sites = vec![Vec::with_capacity(quarters); d.sites];
    let mut hall_complete: Vec<Vec<Option<u32>>> = d.halls.iter().map(|&n| vec![None; n]).collect();
    let mut site_complete = vec![None; d.sites];
    let mut fleet_complete = None;
    let mut racks_short = vec![Vec::with_capacity(quarters); d.sites];
    let mut group_quarters = Vec::with_capacity(quarters);
    for q in 0..quarters {
        f.begin_quarter(q);
        for &si in &d.site_order {
            let groups = &d.site_groups[si];
            let planned: u32 = groups.iter().map(|&i| d.groups[i].racks).sum();
            let before = f.installed_of(groups);
            let pending: Vec<(usize, u32)> =
                groups.iter().map(|&i| (i, d.groups[i].racks - f.installed[i])).filter(|(_, p)| *p > 0).collect();
            let energised = |i: usize| a.energised(d.groups[i].site, d.groups[i].energised) <= q as i32;
            let pending_energised: u32 = pending.iter().filter(|(i, _)| energised(*i)).map(|(_, p)| p).sum();
            let (inv_hbm, ready, pipeline, spg) = (&f.inv_hbm, &f.ready, &f.pipeline, &f.spg);
            let short: f64 = {
                let mut need = vec![0.0; d.generations.len()];
                for &(i, p) in pending.iter().filter(|(i, _)| energised(*i)) {
                    need[d.groups[i].generation] += f64::from(p) * d.groups[i].stacks_per_rack;
                }
                // Stacks in hand, loose or already in packaged GPUs.
                let held = |g: usize| inv_hbm[g] + spg[g] * (ready[g] + pipeline[g]);
                need.iter().enumerate().map(|(g, n)| (n - held(g)).max(0.0)).sum()
            };
            let unlimited = |_: usize| f64::INFINITY;
            let by_power = before + pending_energised;
            // HBM alone: every stack in hand, packaged or not (as if packaging were instant and unlimited); packaging
            // alone: the packaged GPUs in hand.
            let by_hbm =
                before + alone(&pending, d, |g| inv_hbm[g] + spg[g] * (ready[g] + pipeline[g]), |g| g.stacks_per_rack);
            let by_packaging = before
                + if a.packaging.is_some() {
                    alone(&pending, d, |g| ready[g], |g| g.packages_per_rack)
                } else {
                    alone(&pending, d, unlimited, |_| 0.0)
                };
            let inv_cdu = f.inv_cdu;
            let by_cooling = before
                + if a.cdus.is_some() {
                    alone(&pending, d, |_| inv_cdu, |g| g.cdus_per_rack)
                } else {
                    alone(&pending, d, unlimited, |_| 0.0)
                };
            let integ = f.integ;
            let by_integrator = before + alone(&pending, d, |_| integ, |_| 1.0);
            let used_hbm = f.install(groups, q);
            let now = f.installed_of(groups);
            let binding = if now == planned {
                Binding::Complete
            } else {
                [
                    (by_power, Binding::Power),
                    (by_hbm, Binding::Hbm),
                    (by_packaging, Binding::Packaging),
                    (by_cooling, Binding::Cooling),
                    (by_integrator, Binding::Integrator),
                ]
                .into_iter()
                .min_by_key(|(n, _)| *n)
                .map_or(Binding::Power, |(_, b)| b)
            };
            let it_mw_online = f.it_mw_of(groups);
            let mut short_by_type = vec![0u32; d.rack_types];
            let mut planned_kw = 0.0;
            // The plan's own dates: a hall energised late is short of plan too.
            for &i in groups.iter().filter(|&&i| d.groups[i].energised <= q as i32) {
                let g = &d.groups[i];
                planned_kw += f64::from(g.racks) * g.it_kw_per_rack;
                short_by_type[g.rack_type] += g.racks - f.installed[i];
            }
            racks_short[si].push(short_by_type);
            sites[si].push(SiteQuarter {
                racks_planned: planned,
                by_power: by_power.min(planned),
                by_hbm: by_hbm.min(planned),
                by_packaging: by_packaging.min(planned),
                by_cooling: by_cooling.min(planned),
                by_integrator: by_integrator.min(planned),
                installed: now,
                binding,
                it_mw_online,
                it_mw_planned: kw_to_mw(planned_kw),
                hbm_stacks_used: used_hbm,
                hbm_stacks_short: short,
            });
            if now == planned && site_complete[si].is_none() {
                site_complete[si] = Some(q as u32);
            }
        }
        for (si, halls) in hall_complete.iter_mut().enumerate() {
            for (hi, done) in halls.iter_mut().enumerate() {
                let members = &d.hall_groups[si][hi];
                if done.is_none() && members.iter().all(|&i| f.installed[i] == d.groups[i].racks) {
                    // A hall with nothing to install is complete once it is energised.
                    let energised = members.first().map_or(0, |&i| a.energised(si, d.groups[i].energised));
                    if energised <= q as i32 || !members.is_empty() {
                        *done = Some(q as u32);
                    }
                }
            }
        }
        if fleet_complete.is_none() && site_complete.iter().all(Option::is_some) {
            fleet_complete = Some(q as u32);
        }
        group_quarters.push((0..d.groups.len()).map(|i| (f.installed[i], f.group_binding(i, q))).collect());
    }
    let groups = d
        .groups
        .iter()
        .map(|g| GroupKey { site: g.site, hall: g.hall, rack_type: g.rack_type, racks: g.racks })
        .collect();
    Timeline { sites, hall_complete, site_complete, fleet_complete, racks_short, groups, group_quarters }
}

/// The timeline of every scenario at its stated values (range modes), and the probability-weighted expectation.
pub fn evaluate(plan: &Plan, outcome: &Outcome, s: &Supply) -> SupplyOutcome {
    let d = demand(plan, outcome, s);
    let n = s.quarters as usize;
    let scenarios: Vec<ScenarioOutcome> = s
        .scenarios
        .iter()
        .map(|sc| {
            let a = arrivals(sc, s, &d, &mut Draws::Modes);
            ScenarioOutcome { name: sc.name.clone(), probability: sc.probability, timeline: simulate(&d, &a, n) }
        })
        .collect();
    let expected = (0..d.sites)
        .map(|si| {
            (0..n)
                .map(|q| {
                    scenarios.iter().fold((0.0, 0.0), |(r, mw), sc| {
                        let x = &sc.timeline.sites[si][q];
                        (r + sc.probability * f64::from(x.installed), mw + sc.probability * x.it_mw_online)
                    })
                })
                .collect()
        })
        .collect();
    SupplyOutcome { scenarios, expected }
}

/// Nearest-rank percentile of sorted values.
mod arrivals;
mod flows;
use arrivals::{Arrivals, Draws, Trial, arrivals};
use flows::{Flows, simulate_fleet};
mod monte_carlo;
pub use monte_carlo::{monte_carlo, monte_carlo_each, monte_carlo_of};

#[cfg(test)]
mod tests;
