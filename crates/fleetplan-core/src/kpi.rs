//! The site KPIs, in one list: each with its name (the site table's column), unit, which way is better, whether it
//! is a count or a measure, and how it is read from a site and its outcome. The site table, `fleetplan diff`, the
//! sweep and the app's Compare screen all read this list, so a KPI is added in one place.

use crate::model::SiteOutcome;
use crate::model::cooling::Outdoor;
use crate::model::fleet_inference::Totals;
use crate::plan::Site;
use crate::units::{kw_to_mw, lpm_to_m3h, mwh_to_gwh, usd_to_musd};

/// Which way a KPI is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// Whether a KPI counts things (shown as a whole number), measures a quantity, or names something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Count,
    Measure,
    Label,
}

/// A KPI's value for one site.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Count(u64),
    /// NaN where the figure does not exist (an empty cell in CSV).
    Measure(f64),
    Label(Option<String>),
}

impl Value {
    /// The value as a number, for deltas; `None` for labels.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Count(n) => Some(*n as f64),
            Value::Measure(x) => Some(*x),
            Value::Label(_) => None,
        }
    }
}

/// One site KPI.
#[derive(Debug, Clone, Copy)]
pub struct Kpi {
    /// Column name in the site table and the sweep, row name in diffs.
    pub name: &'static str,
    /// Unit, as planners write it; empty for counts and labels.
    pub unit: &'static str,
    /// Which way is better; `None` for figures that are neither (a bigger site, another climate).
    pub better: Option<Better>,
    pub kind: Kind,
    read: Read,
}

/// Where a KPI is read from: the site and its outcome, or the site's inference (with a workload).
#[derive(Debug, Clone, Copy)]
enum Read {
    Site(fn(&Site, &SiteOutcome) -> Value),
    Serving(fn(&Totals) -> f64),
}

/// KPIs are the same when their names are.
impl PartialEq for Kpi {
    fn eq(&self, other: &Kpi) -> bool {
        self.name == other.name
    }
}

impl Kpi {
    /// The KPI's value for a site and its outcome; NaN for a serving KPI (read it with [`Kpi::serving`]).
    pub fn value(&self, site: &Site, outcome: &SiteOutcome) -> Value {
        match self.read {
            Read::Site(f) => f(site, outcome),
            Read::Serving(_) => Value::Measure(f64::NAN),
        }
    }

    /// A serving KPI's value for a site's inference totals; `None` for a site KPI.
    pub fn serving(&self, t: &Totals) -> Option<f64> {
        match self.read {
            Read::Site(_) => None,
            Read::Serving(f) => Some(f(t)),
        }
    }
}

const fn count(name: &'static str, better: Option<Better>, read: fn(&Site, &SiteOutcome) -> Value) -> Kpi {
    Kpi { name, unit: "", better, kind: Kind::Count, read: Read::Site(read) }
}

const fn measure(
    name: &'static str,
    unit: &'static str,
    better: Option<Better>,
    read: fn(&Site, &SiteOutcome) -> Value,
) -> Kpi {
    Kpi { name, unit, better, kind: Kind::Measure, read: Read::Site(read) }
}

const fn label(name: &'static str, read: fn(&Site, &SiteOutcome) -> Value) -> Kpi {
    Kpi { name, unit: "", better: None, kind: Kind::Label, read: Read::Site(read) }
}

const fn serving(name: &'static str, unit: &'static str, better: Option<Better>, read: fn(&Totals) -> f64) -> Kpi {
    Kpi { name, unit, better, kind: Kind::Measure, read: Read::Serving(read) }
}

const LOWER: Option<Better> = Some(Better::Lower);
const HIGHER: Option<Better> = Some(Better::Higher);

/// Every site KPI, in the site table's column order (after the `site` name column).
pub const SITE: [Kpi; 53] = [
    count("racks", None, |_, o| Value::Count(o.racks.into())),
    count("gpus", None, |_, o| Value::Count(o.gpus.into())),
    measure("it_mw", "MW", None, |_, o| Value::Measure(kw_to_mw(o.it_kw))),
    measure("grid_mw", "MW", None, |s, _| Value::Measure(s.grid_mw)),
    measure("headroom_mw", "MW", HIGHER, |_, o| Value::Measure(o.headroom_mw)),
    measure("facility_mw_peak", "MW", LOWER, |_, o| Value::Measure(kw_to_mw(o.facility_kw_peak))),
    measure("pue_design", "", LOWER, |_, o| Value::Measure(o.pue_design)),
    measure("pue_annual", "", LOWER, |_, o| Value::Measure(o.pue_annual)),
    measure("grid_mva", "MVA", LOWER, |_, o| Value::Measure(o.grid_mva)),
    measure("tcs_flow_m3h", "m3/h", None, |_, o| Value::Measure(lpm_to_m3h(o.tcs_flow_lpm))),
    measure("facility_supply_c", "degC", None, |_, o| Value::Measure(o.facility_supply_c)),
    measure("free_cooling_limit_c", "degC", HIGHER, |_, o| Value::Measure(o.free_cooling_limit_c.unwrap_or(f64::NAN))),
    count("trim_hours", LOWER, |_, o| Value::Count(o.trim_hours.into())),
    measure("it_gwh_year", "GWh", None, |_, o| Value::Measure(mwh_to_gwh(o.it_mwh_year))),
    measure("facility_gwh_year", "GWh", None, |_, o| Value::Measure(mwh_to_gwh(o.facility_mwh_year))),
    measure("wue_l_per_kwh", "L/kWh", LOWER, |_, o| Value::Measure(o.wue_l_per_kwh)),
    measure("power_cost_musd_year", "M$", LOWER, |_, o| Value::Measure(usd_to_musd(o.power_cost_usd_year))),
    label("climate", |s, _| Value::Label(Some(s.climate_ref.clone()))),
    count("halls", None, |s, _| Value::Count(s.halls.len() as u64)),
    count("cpus", None, |_, o| Value::Count(o.cpus.into())),
    count("hbm_stacks", None, |_, o| Value::Count(o.hbm_stacks)),
    measure("rack_it_mw", "MW", None, |_, o| Value::Measure(kw_to_mw(o.rack_it_kw))),
    measure("network_storage_mw", "MW", None, |_, o| Value::Measure(kw_to_mw(o.network_kw))),
    measure("liquid_mw", "MW", None, |_, o| Value::Measure(kw_to_mw(o.liquid_kw))),
    measure("air_mw", "MW", None, |_, o| Value::Measure(kw_to_mw(o.air_kw))),
    measure("loss_mw_peak", "MW", LOWER, |_, o| Value::Measure(kw_to_mw(o.loss_kw_peak))),
    measure("cooling_mw_peak", "MW", LOWER, |_, o| Value::Measure(kw_to_mw(o.cooling_kw_peak))),
    measure("misc_mw", "MW", None, |_, o| Value::Measure(kw_to_mw(o.misc_kw))),
    // An index into the year, not a quantity: compared as a label (no delta, no %).
    label("design_hour", |_, o| Value::Label(Some(o.design_hour.to_string()))),
    measure("supply_c", "degC", None, |s, _| Value::Measure(s.settings.cooling.supply_c)),
    label("free_cooling_on", |_, o| {
        Value::Label(o.free_cooling_on.map(|x| {
            match x {
                Outdoor::DryBulb => "dry_bulb",
                Outdoor::WetBulb => "wet_bulb",
            }
            .to_string()
        }))
    }),
    measure("max_supply_c", "degC", LOWER, |_, o| Value::Measure(o.max_supply_c)),
    measure("tcs_flow_lpm", "L/min", None, |_, o| Value::Measure(o.tcs_flow_lpm)),
    count("cdus", None, |_, o| Value::Count(o.cdus.into())),
    measure("loss_gwh_year", "GWh", LOWER, |_, o| Value::Measure(mwh_to_gwh(o.loss_mwh_year))),
    measure("cooling_gwh_year", "GWh", LOWER, |_, o| Value::Measure(mwh_to_gwh(o.cooling_mwh_year))),
    measure("fan_gwh_year", "GWh", LOWER, |_, o| Value::Measure(mwh_to_gwh(o.fan_mwh_year))),
    measure("chiller_gwh_year", "GWh", LOWER, |_, o| Value::Measure(mwh_to_gwh(o.chiller_mwh_year))),
    measure("pump_gwh_year", "GWh", LOWER, |_, o| Value::Measure(mwh_to_gwh(o.pump_mwh_year))),
    measure("air_cooling_gwh_year", "GWh", LOWER, |_, o| Value::Measure(mwh_to_gwh(o.air_cooling_mwh_year))),
    measure("misc_gwh_year", "GWh", None, |_, o| Value::Measure(mwh_to_gwh(o.misc_mwh_year))),
    measure("water_m3_year", "m3", LOWER, |_, o| Value::Measure(o.water_m3_year)),
    count("violations", LOWER, |_, o| Value::Count(o.violations.len() as u64)),
    // Partial PUEs (ISO/IEC 30134-2): they show what drives the annual PUE.
    measure("ppue_electrical", "", LOWER, |_, o| Value::Measure(o.ppue_electrical())),
    measure("ppue_cooling", "", LOWER, |_, o| Value::Measure(o.ppue_cooling())),
    // The design hour as a date and time of the typical year (`design_hour` is its index).
    label("design_time", |_, o| Value::Label(Some(crate::model::hour_label(o.design_hour)))),
    // The chiller plant the design hour needs: heat removed and compressor power.
    measure("chiller_mw_thermal", "MW", LOWER, |_, o| Value::Measure(kw_to_mw(o.chiller_th_kw_design))),
    measure("chiller_mw_electrical", "MW", LOWER, |_, o| Value::Measure(kw_to_mw(o.chiller_el_kw_design))),
    // The outdoor condition the plant and grid are sized on (`[site.design]`) and where its temperatures come from.
    label("design_condition", |_, o| Value::Label(Some(o.design_condition.to_string()))),
    measure("design_dry_bulb_c", "degC", None, |_, o| Value::Measure(o.design_dry_bulb_c)),
    measure("design_wet_bulb_c", "degC", None, |_, o| Value::Measure(o.design_wet_bulb_c)),
    label("design_source", |_, o| Value::Label(Some(o.design_source.to_string()))),
    count("hours_above_design", LOWER, |_, o| Value::Count(o.hours_above_design.into())),
];

/// What a site with a workload serves and what it costs, as the inference table's site rows have them: in diffs
/// and the Compare screen beside the site KPIs.
pub const SERVING: [Kpi; 5] = [
    serving("tokens_per_s", "tokens/s", HIGHER, |t| t.tokens_per_s),
    serving("output_tokens_per_s", "tokens/s", HIGHER, Totals::output_tokens_per_s),
    serving("tokens_per_s_per_facility_mw", "tokens/s/MW", HIGHER, Totals::tokens_per_s_per_facility_mw),
    serving("usd_per_m_tokens", "$/M tokens", LOWER, Totals::usd_per_m_tokens),
    serving("usd_per_m_output_tokens", "$/M tokens", LOWER, Totals::usd_per_m_output_tokens),
];

/// Per site of a plan: its name and its numeric KPIs (counts and measures), in the list's order. For comparing plans.
pub fn numbers(plan: &crate::plan::Plan, outcome: &crate::model::Outcome) -> Vec<(String, Vec<(&'static Kpi, f64)>)> {
    plan.sites
        .iter()
        .zip(&outcome.sites)
        .map(|(s, o)| (s.name.clone(), SITE.iter().filter_map(|k| Some((k, k.value(s, o).number()?))).collect()))
        .collect()
}

/// The site KPI of this name.
pub fn find(name: &str) -> Option<&'static Kpi> {
    SITE.iter().find(|k| k.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_measures_have_units() {
        for (i, k) in SITE.iter().enumerate() {
            assert!(SITE[..i].iter().all(|x| x.name != k.name), "{} twice", k.name);
            // Ratios (PUE) have no unit; every other measure says its unit.
            if k.kind == Kind::Measure && !k.name.starts_with("pue") && !k.name.starts_with("ppue") {
                assert!(!k.unit.is_empty(), "{} has no unit", k.name);
            }
            if k.kind != Kind::Measure {
                assert!(k.unit.is_empty(), "{} counts or names, it has no unit", k.name);
            }
        }
        assert_eq!(find("pue_annual").and_then(|k| k.better), Some(Better::Lower));
        assert_eq!(find("headroom_mw").and_then(|k| k.better), Some(Better::Higher));
        assert!(find("no_such_kpi").is_none());
    }

    fn get_name(values: &[(&Kpi, f64)], name: &str) -> Option<f64> {
        values.iter().find(|(k, _)| k.name == name).map(|(_, v)| *v)
    }

    #[test]
    fn numbers_leave_out_labels_and_count_exactly() {
        let cat = crate::catalog::Catalog::builtin().unwrap();
        let plan = crate::plan::parse(crate::plan::DEFAULT_PLAN, &crate::plan::Origin::bundled(), cat).unwrap();
        let outcome = crate::model::evaluate(&plan);
        let n = numbers(&plan, &outcome);
        assert_eq!(n.len(), 1);
        let (site, values) = &n[0];
        assert_eq!(site, &plan.sites[0].name);
        // Six labels (climate, design_hour, free_cooling_on, design_time, design_condition, design_source) are not
        // numbers: the design hour is an index into the year, whose difference or % change means nothing.
        assert_eq!(values.len(), SITE.len() - 6);
        assert_eq!(get_name(values, "design_condition"), None);
        assert_eq!(get_name(values, "design_hour"), None);
        let get = |name: &str| get_name(values, name);
        // The bundled plan: 3,200 racks x 72 GPUs = 230,400 GPUs.
        assert_eq!(get("racks"), Some(3200.0));
        assert_eq!(get("gpus"), Some(230_400.0));
        assert_eq!(get("climate"), None);
        // The partial PUEs and misc add up to the annual PUE: 1 + (el - 1) + (cool - 1) + misc / IT.
        let (el, cool) = (get("ppue_electrical").unwrap(), get("ppue_cooling").unwrap());
        let o = &outcome.sites[0];
        let total = 1.0 + (el - 1.0) + (cool - 1.0) + o.misc_mwh_year / o.it_mwh_year;
        assert!((total - o.pue_annual).abs() < 1e-12, "{total} vs {}", o.pue_annual);
    }
}
