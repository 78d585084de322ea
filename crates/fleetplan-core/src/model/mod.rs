//! The planning core: pure functions from a `Plan` to an `Outcome` (power, cooling, PUE, water, cost). No I/O, no
//! polars, no terminal. Formula numbers (F1…F20) are those of docs/model.md, which names each one's source and test.

pub mod cooling;
mod findings;
pub mod fleet_inference;
pub mod inference;
mod outcome;
mod plant;
pub mod power;
mod rollup;
pub mod supply;
mod year;

use crate::plan::{Plan, Site};
use crate::units::{HOURS_PER_YEAR, kw_to_mw, kwh_to_mwh, l_to_m3};
pub use outcome::*;
use plant::{LossMemo, SiteHour, SitePlant};

/// Evaluates every site of a plan.
pub fn evaluate(plan: &Plan) -> Outcome {
    Outcome { sites: plan.sites.iter().map(|s| evaluate_site(plan, s)).collect() }
}

/// Evaluates every site of a plan, reusing an earlier evaluation's site where nothing the physics reads has changed:
/// the same legend and the same site but for its electricity price (a sweep of an economic value, an edit of one
/// site among fifty). Such a site's outcome is the earlier one with its power cost at the new price, computed as
/// [`evaluate_site`] computes it, so the result is exactly [`evaluate`]'s.
pub fn evaluate_reusing(plan: &Plan, earlier: &Plan, earlier_outcome: &Outcome) -> Outcome {
    let legend_same = plan.legend == earlier.legend;
    let sites = plan
        .sites
        .iter()
        .enumerate()
        .map(|(i, site)| {
            let before = earlier.sites.get(i).zip(earlier_outcome.sites.get(i));
            match before {
                Some((b, o)) if legend_same && same_physics(site, b) => {
                    let mut o = o.clone();
                    o.power_cost_usd_year = o.facility_mwh_year * site.settings.electricity_usd_per_mwh;
                    o
                }
                // The same plant run at another load: its design hour (nameplate IT) is the earlier one's.
                Some((b, o)) if legend_same && same_plant(site, b) => {
                    evaluate_site_given(plan, site, Some(Design::from_outcome(o)))
                }
                _ => evaluate_site(plan, site),
            }
        })
        .collect();
    Outcome { sites }
}

/// Whether two sites differ at most in their electricity price, the one setting the year's physics does not read.
fn same_physics(a: &Site, b: &Site) -> bool {
    same_site_but(a, b, false)
}

/// Whether two sites differ at most in their electricity price and their operating load (`it_load_*`): the same
/// plant, whose design hour at nameplate IT is the same.
fn same_plant(a: &Site, b: &Site) -> bool {
    same_site_but(a, b, true)
}

/// Whether two sites are the same but for their electricity price and, with `load`, their operating load. Every
/// field is named (a field added to `Site` must be placed here), nothing is cloned but the small settings, and the
/// weather and load years shared by both (the same `Arc`) are not compared value by value: an edit of one site of
/// fifty compares the other 49 in microseconds.
fn same_site_but(a: &Site, b: &Site, load: bool) -> bool {
    let Site { name, priority, grid_mw, climate_ref, climate, it_load_hourly, settings, halls } = a;
    let same_arc = |x: &Option<std::sync::Arc<[f64]>>, y: &Option<std::sync::Arc<[f64]>>| match (x, y) {
        (Some(x), Some(y)) => std::sync::Arc::ptr_eq(x, y) || x == y,
        (x, y) => x == y,
    };
    let mut theirs = b.settings.clone();
    theirs.electricity_usd_per_mwh = settings.electricity_usd_per_mwh;
    if load {
        theirs.it_load_frac = settings.it_load_frac;
        theirs.it_load_daily.clone_from(&settings.it_load_daily);
        theirs.it_load_monthly.clone_from(&settings.it_load_monthly);
    }
    *name == b.name
        && *priority == b.priority
        && *grid_mw == b.grid_mw
        && *climate_ref == b.climate_ref
        && (std::sync::Arc::ptr_eq(climate, &b.climate) || **climate == *b.climate)
        && (load || same_arc(it_load_hourly, &b.it_load_hourly))
        && *settings == theirs
        && *halls == b.halls
}

/// The design hour's figures an outcome keeps: the hour, and the facility, loss, cooling and chiller power in it.
#[derive(Debug, Clone, Copy)]
struct Design {
    hour: usize,
    /// The condition sized on, its temperatures and where they come from, and the typical year's hours at
    /// nameplate that draw more than the design.
    condition: &'static str,
    dry_bulb_c: f64,
    wet_bulb_c: f64,
    source: &'static str,
    hours_above: u32,
    facility_kw: f64,
    loss_kw: f64,
    cooling_kw: f64,
    chillers_th_kw: f64,
    chillers_el_kw: f64,
}

impl Design {
    /// The design at `point` (the hour itself for `tmy-max`), found by the search over the typical year.
    fn of(plant: &SitePlant, search: &DesignSearch) -> Design {
        let w = &plant.site.climate;
        let h = search.hour;
        let (x, condition, db, wb, source) = match plant.site.settings.design.point(w) {
            None => (search.worst, "tmy-max", w.dry_bulb_c[h], w.wet_bulb_c[h], "typical year"),
            Some(p) => {
                let a = &plant.design_air;
                let x = plant.at(a.dry_bulb_c, a.wet_bulb_c, a.humidity_ratio, 1.0, &mut LossMemo::default(), false);
                (x, p.condition, p.dry_bulb_c, p.wet_bulb_c, p.source)
            }
        };
        let hours_above = search.facility_kw.iter().filter(|f| **f > x.facility_kw()).count() as u32;
        Design {
            hour: h,
            condition,
            dry_bulb_c: db,
            wet_bulb_c: wb,
            source,
            hours_above,
            facility_kw: x.facility_kw(),
            loss_kw: x.loss_kw,
            cooling_kw: x.cooling_kw(),
            chillers_th_kw: x.chillers_th_kw,
            chillers_el_kw: x.chillers_el_kw,
        }
    }

    /// The figures as an earlier outcome of the same plant holds them.
    fn from_outcome(o: &SiteOutcome) -> Design {
        Design {
            hour: o.design_hour,
            condition: o.design_condition,
            dry_bulb_c: o.design_dry_bulb_c,
            wet_bulb_c: o.design_wet_bulb_c,
            source: o.design_source,
            hours_above: o.hours_above_design,
            facility_kw: o.facility_kw_peak,
            loss_kw: o.loss_kw_peak,
            cooling_kw: o.cooling_kw_peak,
            chillers_th_kw: o.chiller_th_kw_design,
            chillers_el_kw: o.chiller_el_kw_design,
        }
    }
}

/// The typical year at nameplate: its worst hour, and every hour's facility power, kW.
struct DesignSearch {
    hour: usize,
    worst: SiteHour,
    facility_kw: Vec<f64>,
}

/// Annual PUE (F12): total facility energy over IT energy across the hours, energy-weighted, never the mean of
/// the hourly PUEs.
pub fn annual_pue(facility_kw: &[f64], it_kw: &[f64]) -> f64 {
    ratio(facility_kw.iter().sum(), it_kw.iter().sum())
}

/// `a / b`, or NaN when there is nothing to divide by (an empty hall or site).
fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { f64::NAN }
}

/// Every hour of one site's year at its operating load: the figures `evaluate_site` adds up into the year, computed
/// again for the few places that show each hour (the hourly table, the load-duration chart, tests). An outcome keeps
/// the year's sums, months and trim map instead, so a site costs kilobytes, not the 0.85 MB of twelve series of
/// 8,760 hours.
pub fn hourly(plan: &Plan, site: &Site) -> Hourly {
    let layout = rollup::roll_up(plan, site);
    SitePlant::new(site, &layout.totals()).year(&load_year(site))
}

/// Evaluates one site: racks → rows → halls → site (`rollup`), the design hour, the year at the operating load,
/// the halls' partial PUEs, and the findings of the year and of the grid. The hourly series are summed and dropped
/// (see [`hourly`]).
pub fn evaluate_site(plan: &Plan, site: &Site) -> SiteOutcome {
    evaluate_site_given(plan, site, None)
}

/// [`evaluate_site`], with the design hour given when an earlier evaluation of the same plant found it.
fn evaluate_site_given(plan: &Plan, site: &Site, design: Option<Design>) -> SiteOutcome {
    let s = &site.settings;
    let c = &s.cooling;
    let mut layout = rollup::roll_up(plan, site);
    let t = layout.totals();
    let plant = SitePlant::new(site, &t);
    let design = design.unwrap_or_else(|| Design::of(&plant, &plant.design_hour()));
    // F18: energy = sum of hourly power x 1 h, added up as the year is computed.
    let year = plant.year_sums(&load_year(site));
    let y = &year.year;
    let (it_kwh, loss_kwh, cooling_kwh, misc_kwh, facility_kwh, water_l) =
        (y.it, y.loss, y.cooling, y.misc, y.facility, y.water_l);
    let trim_hours = y.trim_hours;
    let max_supply_c = year.supply_c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let energy = HallEnergy { it_kwh, loss_kwh, liquid_cooling_kwh: y.liquid_cooling, air_cooling_kwh: y.air_cooling };
    partial_pues(&mut layout.halls, &energy, &t);

    let facility_kw_peak = design.facility_kw;
    let headroom_mw = site.grid_mw - kw_to_mw(facility_kw_peak);
    let mut violations = layout.violations;
    violations.extend(findings::of_the_year(plan, site, &year.supply_c, max_supply_c, t.liquid_kw));
    violations.extend(findings::grid(site, facility_kw_peak, headroom_mw));
    violations.extend(findings::design(&design, &site.climate));
    violations.sort_by_key(|v| (v.hall, v.row));

    let free = plant.liquid.free_limit_c(c);
    SiteOutcome {
        racks: layout.racks,
        gpus: layout.gpus,
        cpus: layout.cpus,
        hbm_stacks: layout.hbm_stacks,
        rack_it_kw: t.rack_it_kw,
        network_kw: t.network_kw,
        it_kw: t.it_kw,
        liquid_kw: t.liquid_kw,
        air_kw: t.air_kw,
        tcs_flow_lpm: t.tcs_flow_lpm,
        cdus: t.cdus,
        facility_supply_c: cooling::facility_supply_c(c),
        free_cooling_limit_c: free.map(|f| f.0),
        free_cooling_on: free.map(|f| f.1),
        design_hour: design.hour,
        design_condition: design.condition,
        design_dry_bulb_c: design.dry_bulb_c,
        design_wet_bulb_c: design.wet_bulb_c,
        design_source: design.source,
        hours_above_design: design.hours_above,
        facility_kw_peak,
        loss_kw_peak: design.loss_kw,
        cooling_kw_peak: design.cooling_kw,
        chiller_th_kw_design: design.chillers_th_kw,
        chiller_el_kw_design: design.chillers_el_kw,
        misc_kw: plant.misc_kw,
        pue_design: ratio(facility_kw_peak, t.it_kw),
        pue_annual: ratio(facility_kwh, it_kwh), // F12, as annual_pue over the hours
        grid_mva: power::grid_request_mva(kw_to_mw(facility_kw_peak), &s.electrical),
        headroom_mw,
        trim_hours,
        max_supply_c,
        it_mwh_year: kwh_to_mwh(it_kwh),
        loss_mwh_year: kwh_to_mwh(loss_kwh),
        cooling_mwh_year: kwh_to_mwh(cooling_kwh),
        fan_mwh_year: kwh_to_mwh(y.fan),
        chiller_mwh_year: kwh_to_mwh(y.chiller),
        pump_mwh_year: kwh_to_mwh(y.pump),
        air_cooling_mwh_year: kwh_to_mwh(y.air_cooling),
        misc_mwh_year: kwh_to_mwh(misc_kwh),
        facility_mwh_year: kwh_to_mwh(facility_kwh),
        water_m3_year: l_to_m3(water_l),
        wue_l_per_kwh: ratio(water_l, it_kwh), // F16
        power_cost_usd_year: kwh_to_mwh(facility_kwh) * s.electricity_usd_per_mwh,
        monthly: monthly(&year.months, &site.climate.dry_bulb_c),
        halls: layout.halls.into(),
        rows: layout.rows.into(),
        racks_detail: layout.racks_detail.into(),
        trim_map: trim_map(&year.trim),
        violations,
    }
}

impl Hourly {
    fn with_capacity(n: usize) -> Hourly {
        let f = || Vec::with_capacity(n);
        Hourly {
            it_kw: f(),
            loss_kw: f(),
            cooling_kw: f(),
            fan_kw: f(),
            chiller_kw: f(),
            pump_kw: f(),
            air_cooling_kw: f(),
            misc_kw: f(),
            facility_kw: f(),
            trim: Vec::with_capacity(n),
            supply_c: f(),
            water_l: f(),
        }
    }

    /// One more hour: every field of it in its column.
    fn push(&mut self, x: &SiteHour) {
        self.it_kw.push(x.it_kw);
        self.loss_kw.push(x.loss_kw);
        self.cooling_kw.push(x.cooling_kw());
        self.fan_kw.push(x.fan_kw);
        self.chiller_kw.push(x.chiller_kw);
        self.pump_kw.push(x.pump_kw);
        self.air_cooling_kw.push(x.air_cooling_kw);
        self.misc_kw.push(x.misc_kw);
        self.facility_kw.push(x.facility_kw());
        self.trim.push(x.trim);
        self.supply_c.push(x.supply_c);
        self.water_l.push(x.water_l);
    }
}

/// The site's energy in a year that the halls share for their partial PUEs.
struct HallEnergy {
    it_kwh: f64,
    loss_kwh: f64,
    liquid_cooling_kwh: f64,
    air_cooling_kwh: f64,
}

/// F13 partial PUE per hall: the hall's IT plus its share of losses (by IT), liquid cooling (by liquid heat) and
/// air cooling (by air heat). Site-wide misc load belongs to no hall.
fn partial_pues(halls: &mut [HallOutcome], e: &HallEnergy, t: &rollup::Totals) {
    for h in halls {
        let infra = e.loss_kwh * ratio(h.it_kw, t.it_kw)
            + e.liquid_cooling_kwh * if t.liquid_kw > 0.0 { h.liquid_kw / t.liquid_kw } else { 0.0 }
            + e.air_cooling_kwh * if t.air_kw > 0.0 { h.air_kw / t.air_kw } else { 0.0 };
        let hall_it_kwh = e.it_kwh * ratio(h.it_kw, t.it_kw);
        h.ppue_annual = ratio(hall_it_kwh + infra, hall_it_kwh);
    }
}

/// IT load in every hour of the year as a fraction of nameplate: the site's measured year (`it_load_file`), or
/// `it_load_frac x it_load_daily[hour of day] x it_load_monthly[month]`.
pub fn load_year(site: &Site) -> Vec<f64> {
    if let Some(h) = &site.it_load_hourly {
        return h.to_vec();
    }
    let s = &site.settings;
    let mut out = Vec::with_capacity(HOURS_PER_YEAR);
    for (m, days) in MONTH_DAYS.iter().enumerate() {
        for _ in 0..*days {
            out.extend(s.it_load_daily.iter().map(|d| s.it_load_frac * d * s.it_load_monthly[m]));
        }
    }
    out
}

/// The lowest maximum coolant inlet among the site's liquid-cooled racks: how far a floating supply may rise.
fn plan_inlet_limit(plan: &Plan, site: &Site) -> f64 {
    site.halls
        .iter()
        .flat_map(|h| &h.rows)
        .flat_map(|r| &r.slots)
        .flatten()
        .filter_map(|id| {
            let p = &plan.legend[usize::from(*id)].platform;
            p.max_inlet_c.filter(|_| p.liquid_frac > 0.0)
        })
        .fold(f64::INFINITY, f64::min)
}

fn monthly(months: &[year::Sums], dry_bulb_c: &[f64]) -> Vec<Month> {
    let mut out = Vec::with_capacity(12);
    let mut start = 0;
    for (days, m) in MONTH_DAYS.iter().zip(months) {
        let end = start + days * 24;
        out.push(Month {
            it_mwh: kwh_to_mwh(m.it),
            facility_mwh: kwh_to_mwh(m.facility),
            cooling_mwh: kwh_to_mwh(m.cooling),
            trim_hours: m.trim_hours,
            water_m3: l_to_m3(m.water_l),
            max_dry_bulb_c: dry_bulb_c[start..end].iter().copied().fold(f64::NEG_INFINITY, f64::max),
        });
        start = end;
    }
    out
}

#[cfg(test)]
mod tests;
