//! The planning core: pure functions from a `Plan` to an `Outcome` (power, cooling, PUE, water, cost). No I/O, no
//! polars, no terminal. Formula numbers (F1…F20) are those of docs/model.md, which names each one's source and test.

pub mod cooling;
pub mod fleet_inference;
pub mod inference;
mod outcome;
pub mod power;
pub mod supply;

use crate::catalog::settings::Trim;
use crate::plan::{Plan, Site};
use crate::units::{HOURS_PER_YEAR, kw_to_mw, kwh_to_mwh, l_to_m3};
pub use outcome::*;
use power::Chain;

/// Evaluates every site of a plan.
pub fn evaluate(plan: &Plan) -> Outcome {
    Outcome { sites: plan.sites.iter().map(|s| evaluate_site(plan, s)).collect() }
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

/// One hour of the whole site at a load fraction.
#[derive(Debug, Clone, Copy, Default)]
struct SiteHour {
    it_kw: f64,
    loss_kw: f64,
    /// Liquid loop: heat-rejection fans, trim or plant chillers, pumps.
    fan_kw: f64,
    chiller_kw: f64,
    /// Chillers of both loops: heat taken out and compressor power.
    chillers_th_kw: f64,
    chillers_el_kw: f64,
    pump_kw: f64,
    liquid_cooling_kw: f64,
    air_cooling_kw: f64,
    misc_kw: f64,
    trim: bool,
    supply_c: f64,
    water_l: f64,
}

impl SiteHour {
    fn cooling_kw(&self) -> f64 {
        self.liquid_cooling_kw + self.air_cooling_kw
    }
    /// F11 numerator: IT + cooling + losses + misc.
    fn facility_kw(&self) -> f64 {
        self.it_kw + self.loss_kw + self.cooling_kw() + self.misc_kw
    }
}

/// Design loads of a site and the plant that serves them.
struct SitePlant<'a> {
    site: &'a Site,
    chain: Chain,
    liquid: cooling::LiquidDesign,
    /// Station pressure of the site's weather, Pa.
    pressure_pa: f64,
    it_kw: f64,
    air_kw: f64,
    pump_kw: f64,
    misc_kw: f64,
}

impl SitePlant<'_> {
    fn hour(&self, h: usize, load: f64) -> SiteHour {
        let c = &self.site.settings.cooling;
        let w = &self.site.climate;
        let it_kw = self.it_kw * load;
        let losses = self.chain.losses(it_kw);
        let loss_kw = losses.total_kw;
        let liquid = cooling::liquid_hour(c, &self.liquid, load, w.dry_bulb_c[h], w.wet_bulb_c[h]);
        // Variable-speed pumps at constant dT: flow ~ load, power ~ flow^3 (F10 affinity).
        let pumps = self.pump_kw * load * load * load;
        // Indoor electrical losses (electrical rooms, busway, cable) are rejected by the air path with the IT air
        // residual; equipment standing outdoors (pad-mount transformers) rejects its loss to the ambient air.
        let air = cooling::air_hour(
            c,
            self.air_kw * load + losses.indoor_kw,
            w.dry_bulb_c[h],
            w.wet_bulb_c[h],
            self.liquid.fan_factor,
        );
        let tower_kw = liquid.tower_kw + air.tower_kw;
        let tower_water_l = if tower_kw > 0.0 {
            let share = cooling::tower_evaporated_share(c, w.dry_bulb_c[h], w.dew_point_c[h], self.pressure_pa);
            cooling::tower_water_l(c, tower_kw, share)
        } else {
            0.0
        };
        SiteHour {
            it_kw,
            loss_kw,
            fan_kw: liquid.fan_kw,
            chiller_kw: liquid.chiller_kw,
            chillers_th_kw: liquid.chiller_th_kw + air.chiller_th_kw,
            chillers_el_kw: liquid.chiller_kw + air.chiller_kw,
            pump_kw: pumps,
            liquid_cooling_kw: liquid.fan_kw + liquid.chiller_kw + pumps,
            air_cooling_kw: air.total_kw(),
            misc_kw: self.misc_kw,
            trim: liquid.trim,
            supply_c: liquid.supply_c,
            water_l: liquid.water_l + tower_water_l,
        }
    }
}

/// Evaluates one site: racks → rows → halls → site, then 8,760 hours of weather.
pub fn evaluate_site(plan: &Plan, site: &Site) -> SiteOutcome {
    let s = &site.settings;
    let c = &s.cooling;
    let mut racks_detail = Vec::new();
    let mut rows = Vec::new();
    let mut halls = Vec::with_capacity(site.halls.len());
    let mut violations = Vec::new();
    let (mut racks, mut gpus, mut cpus, mut hbm_stacks) = (0u32, 0u32, 0u32, 0u64);

    for (hi, hall) in site.halls.iter().enumerate() {
        let hi = hi as u32;
        let mut h = HallOutcome {
            racks: 0,
            gpus: 0,
            cpus: 0,
            rack_it_kw: 0.0,
            network_kw: 0.0,
            it_kw: 0.0,
            liquid_kw: 0.0,
            air_kw: 0.0,
            flow_lpm: 0.0,
            cdus: 0,
            ppue_annual: f64::NAN,
        };
        let cdu_kw = hall.cdu_kw.unwrap_or(c.cdu_kw);
        let mut too_warm = 0u32;
        let mut coolest_inlet = f64::INFINITY;
        for (ri, row) in hall.rows.iter().enumerate() {
            let ri = ri as u32;
            let mut r =
                RowOutcome { hall: hi, racks: 0, gpus: 0, it_kw: 0.0, liquid_kw: 0.0, flow_lpm: 0.0, cdus: None };
            for (si, slot) in row.slots.iter().enumerate() {
                let Some(id) = *slot else { continue };
                let rt = &plan.legend[usize::from(id)];
                let p = &rt.platform;
                let liquid_kw = rt.rack_kw * p.liquid_frac; // F20
                let flow =
                    if liquid_kw > 0.0 { cooling::flow_lpm(liquid_kw, &c.coolant, c.rack_delta_t_k) } else { 0.0 };
                if let Some(max) = p.max_inlet_c.filter(|_| p.liquid_frac > 0.0) {
                    coolest_inlet = coolest_inlet.min(max);
                    if c.supply_c > max {
                        too_warm += 1;
                    }
                }
                racks_detail.push(RackOutcome {
                    hall: hi,
                    row: ri,
                    slot: si as u32,
                    rack_type: id,
                    it_kw: rt.rack_kw,
                    liquid_kw,
                    air_kw: rt.rack_kw - liquid_kw,
                    flow_lpm: flow,
                });
                r.racks += 1;
                r.gpus = r.gpus.saturating_add(p.gpus);
                r.it_kw += rt.rack_kw;
                r.liquid_kw += liquid_kw;
                r.flow_lpm += flow;
                h.cpus = h.cpus.saturating_add(p.cpus);
                h.air_kw += rt.rack_kw - liquid_kw;
                hbm_stacks = hbm_stacks.saturating_add(u64::from(p.gpus) * u64::from(p.hbm_stacks_per_gpu));
            }
            if c.cdu_per == crate::catalog::settings::CduScope::Row {
                let n = cooling::cdu_count(r.liquid_kw, cdu_kw);
                r.cdus = Some(n);
                h.cdus += n;
            }
            if let Some(limit) = hall.row_busway_kw.filter(|l| r.it_kw > *l) {
                violations.push(Violation {
                    kind: ViolationKind::RowBusway,
                    hall: Some(hi),
                    row: Some(ri),
                    limit,
                    actual: r.it_kw,
                    unit: "kW",
                    message: format!(
                        "{} / {}: row IT {:.1} kW exceeds the {limit:.1} kW busway by {:.1} kW",
                        hall.name,
                        row.name,
                        r.it_kw,
                        r.it_kw - limit
                    ),
                });
            }
            h.racks += r.racks;
            h.gpus = h.gpus.saturating_add(r.gpus);
            h.rack_it_kw += r.it_kw;
            h.liquid_kw += r.liquid_kw;
            h.flow_lpm += r.flow_lpm;
            rows.push(r);
        }
        h.network_kw = h.rack_it_kw * s.network_storage_frac;
        h.it_kw = h.rack_it_kw + h.network_kw; // F2
        h.air_kw += h.network_kw; // network and storage gear is air-cooled
        if c.cdu_per == crate::catalog::settings::CduScope::Hall {
            h.cdus = cooling::cdu_count(h.liquid_kw, cdu_kw);
        }
        if let Some(limit) = hall.it_mw_max.filter(|l| kw_to_mw(h.it_kw) > *l) {
            let mw = kw_to_mw(h.it_kw);
            violations.push(Violation {
                kind: ViolationKind::HallPower,
                hall: Some(hi),
                row: None,
                limit,
                actual: mw,
                unit: "MW",
                message: format!(
                    "{}: hall IT {mw:.2} MW exceeds its {limit:.2} MW limit by {:.2} MW",
                    hall.name,
                    mw - limit
                ),
            });
        }
        if too_warm > 0 {
            violations.push(Violation {
                kind: ViolationKind::RackInlet,
                hall: Some(hi),
                row: None,
                limit: coolest_inlet,
                actual: c.supply_c,
                unit: "degC",
                message: format!(
                    "{}: supply {:.1} degC is above the {coolest_inlet:.1} degC maximum inlet of {too_warm} racks",
                    hall.name, c.supply_c
                ),
            });
        }
        racks += h.racks;
        gpus = gpus.saturating_add(h.gpus);
        cpus = cpus.saturating_add(h.cpus);
        halls.push(h);
    }

    let rack_it_kw: f64 = halls.iter().map(|h| h.rack_it_kw).sum();
    let network_kw: f64 = halls.iter().map(|h| h.network_kw).sum();
    let it_kw: f64 = halls.iter().map(|h| h.it_kw).sum();
    let liquid_kw: f64 = halls.iter().map(|h| h.liquid_kw).sum();
    let air_kw: f64 = halls.iter().map(|h| h.air_kw).sum();
    let tcs_flow_lpm: f64 = halls.iter().map(|h| h.flow_lpm).sum();
    let cdus: u32 = halls.iter().map(|h| h.cdus).sum();

    // The facility-water loop carries the same heat at the same range as the TCS (the CDU balances them), so it is
    // sized with the same flow.
    let pump_kw = cooling::pump_kw(c.tcs_pump_kpa, tcs_flow_lpm, c.pump_eff)
        + cooling::pump_kw(c.facility_pump_kpa, tcs_flow_lpm, c.pump_eff);
    let plant = SitePlant {
        site,
        chain: Chain::new(&s.electrical, it_kw),
        liquid: cooling::LiquidDesign::at_pressure(c, liquid_kw, site.climate.station_pressure_pa()),
        pressure_pa: site.climate.station_pressure_pa(),
        it_kw,
        air_kw,
        pump_kw,
        misc_kw: s.misc_frac * it_kw,
    };

    // Design: nameplate IT in the year's worst hour (F14 sizes the grid on it, not on the annual PUE).
    let mut design_hour = 0;
    let mut design = plant.hour(0, 1.0);
    for h in 1..HOURS_PER_YEAR {
        let x = plant.hour(h, 1.0);
        if x.facility_kw() > design.facility_kw() {
            design = x;
            design_hour = h;
        }
    }

    // The year at the operating load.
    let loads = load_year(site);
    let mut hourly = Hourly {
        it_kw: Vec::with_capacity(HOURS_PER_YEAR),
        loss_kw: Vec::with_capacity(HOURS_PER_YEAR),
        cooling_kw: Vec::with_capacity(HOURS_PER_YEAR),
        fan_kw: Vec::with_capacity(HOURS_PER_YEAR),
        chiller_kw: Vec::with_capacity(HOURS_PER_YEAR),
        pump_kw: Vec::with_capacity(HOURS_PER_YEAR),
        air_cooling_kw: Vec::with_capacity(HOURS_PER_YEAR),
        misc_kw: Vec::with_capacity(HOURS_PER_YEAR),
        facility_kw: Vec::with_capacity(HOURS_PER_YEAR),
        trim: Vec::with_capacity(HOURS_PER_YEAR),
        supply_c: Vec::with_capacity(HOURS_PER_YEAR),
        water_l: Vec::with_capacity(HOURS_PER_YEAR),
    };
    let (mut e_liquid_cool, mut e_air_cool) = (0.0, 0.0);
    for (h, &load) in loads.iter().enumerate() {
        let x = plant.hour(h, load);
        e_liquid_cool += x.liquid_cooling_kw;
        e_air_cool += x.air_cooling_kw;
        hourly.it_kw.push(x.it_kw);
        hourly.loss_kw.push(x.loss_kw);
        hourly.cooling_kw.push(x.cooling_kw());
        hourly.fan_kw.push(x.fan_kw);
        hourly.chiller_kw.push(x.chiller_kw);
        hourly.pump_kw.push(x.pump_kw);
        hourly.air_cooling_kw.push(x.air_cooling_kw);
        hourly.misc_kw.push(x.misc_kw);
        hourly.facility_kw.push(x.facility_kw());
        hourly.trim.push(x.trim);
        hourly.supply_c.push(x.supply_c);
        hourly.water_l.push(x.water_l);
    }
    // F18: energy = sum of hourly power x 1 h.
    let kwh = |v: &[f64]| v.iter().sum::<f64>();
    let it_kwh = kwh(&hourly.it_kw);
    let loss_kwh = kwh(&hourly.loss_kw);
    let cooling_kwh = kwh(&hourly.cooling_kw);
    let misc_kwh = kwh(&hourly.misc_kw);
    let facility_kwh = kwh(&hourly.facility_kw);
    let water_l = kwh(&hourly.water_l);
    let trim_hours = hourly.trim.iter().filter(|t| **t).count() as u32;
    let max_supply_c = hourly.supply_c.iter().copied().fold(f64::NEG_INFINITY, f64::max);

    // F13 partial PUE per hall: the hall's IT plus its share of losses (by IT), liquid cooling (by liquid heat) and
    // air cooling (by air heat). Site-wide misc load belongs to no hall.
    for h in &mut halls {
        let infra = loss_kwh * ratio(h.it_kw, it_kw)
            + e_liquid_cool * if liquid_kw > 0.0 { h.liquid_kw / liquid_kw } else { 0.0 }
            + e_air_cool * if air_kw > 0.0 { h.air_kw / air_kw } else { 0.0 };
        let hall_it_kwh = it_kwh * ratio(h.it_kw, it_kw);
        h.ppue_annual = ratio(hall_it_kwh + infra, hall_it_kwh);
    }

    if c.trim == Trim::Float {
        let limit = plan_inlet_limit(plan, site);
        let over = hourly.supply_c.iter().filter(|t| **t > limit).count();
        if over > 0 {
            violations.push(Violation {
                kind: ViolationKind::FloatHours,
                hall: None,
                row: None,
                limit,
                actual: max_supply_c,
                unit: "degC",
                message: format!(
                    "supply floats above the {limit:.1} degC rack inlet limit in {over} hours (up to {max_supply_c:.1} degC)"
                ),
            });
        }
    }

    // Condensation risk: hours the rack liquid supply sits below the room's dew point.
    if liquid_kw > 0.0 {
        let (hours, worst) = cooling::condensation_hours(c, &hourly.supply_c, &site.climate.dew_point_c);
        if let Some(worst) = worst {
            let coldest = hourly.supply_c.iter().copied().fold(f64::INFINITY, f64::min);
            violations.push(Violation {
                kind: ViolationKind::Condensation,
                hall: None,
                row: None,
                limit: coldest,
                actual: worst,
                unit: "degC",
                message: format!(
                    "room dew point (outdoor, capped at {:.1} degC by the make-up air) is above the {coldest:.1} degC \
                     liquid supply in {hours} hours (up to {worst:.1} degC): condensation on manifolds and cold plates",
                    c.air.room_dew_point_max_c
                ),
            });
        }
    }

    let facility_kw_peak = design.facility_kw();
    let headroom_mw = site.grid_mw - kw_to_mw(facility_kw_peak);
    if headroom_mw < 0.0 {
        violations.push(Violation {
            kind: ViolationKind::Grid,
            hall: None,
            row: None,
            limit: site.grid_mw,
            actual: kw_to_mw(facility_kw_peak),
            unit: "MW",
            message: format!(
                "facility peak {:.1} MW exceeds the {:.1} MW grid envelope by {:.1} MW",
                kw_to_mw(facility_kw_peak),
                site.grid_mw,
                -headroom_mw
            ),
        });
    }
    violations.sort_by_key(|v| (v.hall, v.row));

    let free = cooling::free_cooling_limit_c(c);
    SiteOutcome {
        racks,
        gpus,
        cpus,
        hbm_stacks,
        rack_it_kw,
        network_kw,
        it_kw,
        liquid_kw,
        air_kw,
        tcs_flow_lpm,
        cdus,
        facility_supply_c: cooling::facility_supply_c(c),
        free_cooling_limit_c: free.map(|f| f.0),
        free_cooling_on: free.map(|f| f.1),
        design_hour,
        facility_kw_peak,
        loss_kw_peak: design.loss_kw,
        cooling_kw_peak: design.cooling_kw(),
        chiller_th_kw_design: design.chillers_th_kw,
        chiller_el_kw_design: design.chillers_el_kw,
        misc_kw: plant.misc_kw,
        pue_design: ratio(facility_kw_peak, it_kw),
        pue_annual: annual_pue(&hourly.facility_kw, &hourly.it_kw),
        grid_mva: power::grid_request_mva(kw_to_mw(facility_kw_peak), &s.electrical),
        headroom_mw,
        trim_hours,
        max_supply_c,
        it_mwh_year: kwh_to_mwh(it_kwh),
        loss_mwh_year: kwh_to_mwh(loss_kwh),
        cooling_mwh_year: kwh_to_mwh(cooling_kwh),
        fan_mwh_year: kwh_to_mwh(kwh(&hourly.fan_kw)),
        chiller_mwh_year: kwh_to_mwh(kwh(&hourly.chiller_kw)),
        pump_mwh_year: kwh_to_mwh(kwh(&hourly.pump_kw)),
        air_cooling_mwh_year: kwh_to_mwh(kwh(&hourly.air_cooling_kw)),
        misc_mwh_year: kwh_to_mwh(misc_kwh),
        facility_mwh_year: kwh_to_mwh(facility_kwh),
        water_m3_year: l_to_m3(water_l),
        wue_l_per_kwh: ratio(water_l, it_kwh), // F16
        power_cost_usd_year: kwh_to_mwh(facility_kwh) * s.electricity_usd_per_mwh,
        monthly: monthly(&hourly, &site.climate.dry_bulb_c),
        halls,
        rows,
        racks_detail,
        hourly,
        violations,
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

fn monthly(hourly: &Hourly, dry_bulb_c: &[f64]) -> Vec<Month> {
    let mut out = Vec::with_capacity(12);
    let mut start = 0;
    for days in MONTH_DAYS {
        let end = start + days * 24;
        let sum = |v: &[f64]| v[start..end].iter().sum::<f64>();
        out.push(Month {
            it_mwh: kwh_to_mwh(sum(&hourly.it_kw)),
            facility_mwh: kwh_to_mwh(sum(&hourly.facility_kw)),
            cooling_mwh: kwh_to_mwh(sum(&hourly.cooling_kw)),
            trim_hours: hourly.trim[start..end].iter().filter(|t| **t).count() as u32,
            water_m3: l_to_m3(sum(&hourly.water_l)),
            max_dry_bulb_c: dry_bulb_c[start..end].iter().copied().fold(f64::NEG_INFINITY, f64::max),
        });
        start = end;
    }
    out
}

#[cfg(test)]
mod tests;
