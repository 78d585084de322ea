//! The site's layout rolled up: racks → rows → halls (F2, F20, F3 flow, CDU counts), with the findings a layout
//! alone shows (a row over its busway, a hall over its power limit, racks whose inlet limit the supply exceeds).

use super::{HallOutcome, RackOutcome, RowOutcome, Violation, ViolationKind, cooling};
use crate::catalog::settings::{CduScope, Cooling};
use crate::plan::{Hall, Plan, Row, Site};
use crate::units::{self, kw_to_mw};

/// Everything the layout gives before any hour is evaluated.
#[derive(Debug, Default)]
pub(super) struct RollUp {
    pub racks_detail: Vec<RackOutcome>,
    pub rows: Vec<RowOutcome>,
    pub halls: Vec<HallOutcome>,
    pub violations: Vec<Violation>,
    pub racks: u32,
    pub gpus: u32,
    pub cpus: u32,
    pub hbm_stacks: u64,
}

/// The site totals of the halls, each summed in hall order.
#[derive(Debug, Clone, Copy)]
pub(super) struct Totals {
    pub rack_it_kw: f64,
    pub network_kw: f64,
    pub it_kw: f64,
    pub liquid_kw: f64,
    pub air_kw: f64,
    pub tcs_flow_lpm: f64,
    pub cdus: u32,
}

impl RollUp {
    pub fn totals(&self) -> Totals {
        let sum = |f: fn(&HallOutcome) -> f64| self.halls.iter().map(f).sum::<f64>();
        Totals {
            rack_it_kw: sum(|h| h.rack_it_kw),
            network_kw: sum(|h| h.network_kw),
            it_kw: sum(|h| h.it_kw),
            liquid_kw: sum(|h| h.liquid_kw),
            air_kw: sum(|h| h.air_kw),
            tcs_flow_lpm: sum(|h| h.flow_lpm),
            cdus: self.halls.iter().map(|h| h.cdus).sum(),
        }
    }
}

/// Racks → rows → halls of one site.
pub(super) fn roll_up(plan: &Plan, site: &Site) -> RollUp {
    // Sized once: a 1 GW site's 3,200 racks would otherwise be moved a dozen times as the vector grows.
    let rows = site.halls.iter().map(|h| h.rows.len()).sum();
    let racks = site.halls.iter().flat_map(|h| &h.rows).map(|r| r.slots.iter().flatten().count()).sum();
    let mut out = RollUp {
        halls: Vec::with_capacity(site.halls.len()),
        rows: Vec::with_capacity(rows),
        racks_detail: Vec::with_capacity(racks),
        ..RollUp::default()
    };
    for (hi, hall) in site.halls.iter().enumerate() {
        let h = roll_up_hall(plan, site, hi as u32, hall, &mut out);
        out.racks += h.racks;
        out.gpus = out.gpus.saturating_add(h.gpus);
        out.cpus = out.cpus.saturating_add(h.cpus);
        out.halls.push(h);
    }
    out
}

/// Racks whose maximum inlet temperature the supply exceeds, in one hall.
struct InletCheck {
    too_warm: u32,
    coolest_inlet: f64,
}

/// One hall: its rows (pushed to `out.rows`, their racks to `out.racks_detail`), then its network share (F2), CDUs
/// and findings.
fn roll_up_hall(plan: &Plan, site: &Site, hi: u32, hall: &Hall, out: &mut RollUp) -> HallOutcome {
    let s = &site.settings;
    let c = &s.cooling;
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
    let mut inlet = InletCheck { too_warm: 0, coolest_inlet: f64::INFINITY };
    for (ri, row) in hall.rows.iter().enumerate() {
        let ri = ri as u32;
        let mut r = roll_up_row(plan, c, hi, ri, row, &mut h, &mut inlet, out);
        if c.cdu_per == CduScope::Row {
            let n = cooling::cdu_count(r.liquid_kw, cdu_kw);
            r.cdus = Some(n);
            h.cdus += n;
        }
        if let Some(limit) = hall.row_busway_kw.filter(|l| r.it_kw > *l) {
            out.violations.push(row_busway(hall, row, hi, ri, limit, r.it_kw));
        }
        h.racks += r.racks;
        h.gpus = h.gpus.saturating_add(r.gpus);
        h.rack_it_kw += r.it_kw;
        h.liquid_kw += r.liquid_kw;
        h.flow_lpm += r.flow_lpm;
        out.rows.push(r);
    }
    h.network_kw = h.rack_it_kw * s.network_storage_frac;
    h.it_kw = h.rack_it_kw + h.network_kw; // F2
    h.air_kw += h.network_kw; // network and storage gear is air-cooled
    if c.cdu_per == CduScope::Hall {
        h.cdus = cooling::cdu_count(h.liquid_kw, cdu_kw);
    }
    if let Some(limit) = hall.it_mw_max.filter(|l| kw_to_mw(h.it_kw) > *l) {
        out.violations.push(hall_power(hall, hi, limit, kw_to_mw(h.it_kw)));
    }
    if inlet.too_warm > 0 {
        out.violations.push(rack_inlet(hall, hi, &inlet, c.supply_c));
    }
    h
}

/// One row's racks (pushed to `out.racks_detail`): their IT, liquid share (F20) and TCS flow (F3). The hall's CPUs,
/// air heat and the site's HBM stacks are counted rack by rack on the way.
#[allow(clippy::too_many_arguments)]
fn roll_up_row(
    plan: &Plan,
    c: &Cooling,
    hi: u32,
    ri: u32,
    row: &Row,
    h: &mut HallOutcome,
    inlet: &mut InletCheck,
    out: &mut RollUp,
) -> RowOutcome {
    let mut r = RowOutcome { hall: hi, racks: 0, gpus: 0, it_kw: 0.0, liquid_kw: 0.0, flow_lpm: 0.0, cdus: None };
    for (si, slot) in row.slots.iter().enumerate() {
        let Some(id) = *slot else { continue };
        let rt = &plan.legend[usize::from(id)];
        let p = &rt.platform;
        let liquid_kw = rt.rack_kw * p.liquid_frac; // F20
        let flow = if liquid_kw > 0.0 { cooling::flow_lpm(liquid_kw, &c.coolant, c.rack_delta_t_k) } else { 0.0 };
        if let Some(max) = p.max_inlet_c.filter(|_| p.liquid_frac > 0.0) {
            inlet.coolest_inlet = inlet.coolest_inlet.min(max);
            if c.supply_c > max {
                inlet.too_warm += 1;
            }
        }
        out.racks_detail.push(RackOutcome {
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
        out.hbm_stacks = out.hbm_stacks.saturating_add(u64::from(p.gpus) * u64::from(p.hbm_stacks_per_gpu));
    }
    r
}

fn row_busway(hall: &Hall, row: &Row, hi: u32, ri: u32, limit: f64, it_kw: f64) -> Violation {
    Violation {
        kind: ViolationKind::RowBusway,
        hall: Some(hi),
        row: Some(ri),
        limit,
        actual: it_kw,
        unit: "kW",
        message: format!(
            "{} / {}: row IT {} kW exceeds the {} kW busway by {} kW",
            hall.name,
            row.name,
            units::kw(it_kw),
            units::kw(limit),
            units::kw(it_kw - limit)
        ),
    }
}

fn hall_power(hall: &Hall, hi: u32, limit: f64, mw: f64) -> Violation {
    Violation {
        kind: ViolationKind::HallPower,
        hall: Some(hi),
        row: None,
        limit,
        actual: mw,
        unit: "MW",
        message: format!(
            "{}: hall IT {} MW exceeds its {} MW limit by {} MW",
            hall.name,
            units::number(mw),
            units::number(limit),
            units::number(mw - limit)
        ),
    }
}

fn rack_inlet(hall: &Hall, hi: u32, inlet: &InletCheck, supply_c: f64) -> Violation {
    let (coolest_inlet, too_warm) = (inlet.coolest_inlet, inlet.too_warm);
    Violation {
        kind: ViolationKind::RackInlet,
        hall: Some(hi),
        row: None,
        limit: coolest_inlet,
        actual: supply_c,
        unit: "degC",
        message: format!(
            "{}: supply {supply_c:.1} degC is above the {coolest_inlet:.1} degC maximum inlet of {too_warm} racks",
            hall.name
        ),
    }
}
