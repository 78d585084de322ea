//! Site settings: the electrical chain, the cooling plant and the site-wide loads. The same reader parses the bundled
//! defaults (`assets/defaults.toml`, every key required) and a plan's `[[site]]` tables (missing keys fall back to
//! the defaults), so a default can never be a value a plan could not state.

use std::collections::BTreeMap;

use super::Fluid;
use crate::input::Collector;
use crate::input::{Bounds, TableReader};

/// Heat rejection of the liquid (facility-water) loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeatRejection {
    DryCooler,
    CoolingTower,
    Chiller,
}

/// What happens in hours the free path cannot hold the supply temperature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trim {
    Chiller,
    Adiabatic,
    Float,
}

/// Where CDUs are counted (`cooling.cdu_per`): per row, or per hall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CduScope {
    Row,
    Hall,
}

/// Dry coolers (`[site.cooling.dry_cooler]`): the free path on the dry bulb (F7), with adiabatic pre-cooling.
#[derive(Debug, Clone, PartialEq)]
pub struct DryCooler {
    pub approach_k: f64,
    /// The approach at which `fan_kw_per_mw` is stated: the cooler bank is sized from it (epsilon-NTU).
    pub reference_approach_k: f64,
    pub fan_kw_per_mw: f64,
    pub adiabatic_effectiveness: f64,
    pub adiabatic_l_per_kwh: f64,
}

/// Cooling towers (`[site.cooling.tower]`): the free path on the wet bulb (F8), and their make-up water (F17).
#[derive(Debug, Clone, PartialEq)]
pub struct Tower {
    pub approach_k: f64,
    pub fan_kw_per_mw: f64,
    pub evaporation_l_per_kwh: f64,
    pub cycles_of_concentration: f64,
}

/// Chillers by lift (F9): a fraction of the Carnot COP between chilled water and condenser, capped.
#[derive(Debug, Clone, PartialEq)]
pub struct Chiller {
    pub carnot_frac: f64,
    /// Condenser water rise: the condenser leaves this much above what the heat rejection delivers, K.
    pub condenser_rise_k: f64,
    pub cop_max: f64,
    pub fan_kw_per_mw: f64,
}

/// How the air loop is cooled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AirPlant {
    /// Through the site's heat rejection when the outdoor air allows, chillers for the rest.
    Economiser,
    /// Dedicated chillers in every hour.
    Chiller,
}

/// The air loop (`[site.cooling.air]`): fan walls / CRAHs and the plant that cools their chilled water.
#[derive(Debug, Clone, PartialEq)]
pub struct AirPath {
    /// Chilled-water supply of the air loop, degC.
    pub supply_c: f64,
    /// Chilled-water range of the air loop, K.
    pub delta_t_k: f64,
    pub plant: AirPlant,
    pub fan_kw_per_mw: f64,
    /// Highest dew point the white space's make-up air holds, degC; below it the room follows the outdoor air.
    pub room_dew_point_max_c: f64,
}

/// A site's cooling plant (`[site.cooling]`): the rack liquid loop with its CDUs and pumps, heat rejection and trim,
/// and the air loop.
#[derive(Debug, Clone, PartialEq)]
pub struct Cooling {
    pub supply_c: f64,
    pub rack_delta_t_k: f64,
    pub coolant: Fluid,
    pub cdu_approach_k: f64,
    pub cdu_kw: f64,
    pub cdu_per: CduScope,
    pub tcs_pump_kpa: f64,
    pub facility_pump_kpa: f64,
    pub pump_eff: f64,
    pub heat_rejection: HeatRejection,
    pub trim: Trim,
    pub fan_min_frac: f64,
    /// Dry-cooler or tower units beyond what nameplate needs, as a fraction of them; all run, sharing the load.
    pub rejection_spare_frac: f64,
    pub dry_cooler: DryCooler,
    pub tower: Tower,
    pub chiller: Chiller,
    pub air: AirPath,
}

/// A site's settings (a plan's `[[site]]` over the defaults' `[site]`): electricity price, IT load shape, site-wide
/// loads, the electrical chain and the cooling plant.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSettings {
    pub electricity_usd_per_mwh: f64,
    pub it_load_frac: f64,
    /// Hour-of-day multipliers of `it_load_frac`, 00:00 first.
    pub it_load_daily: Vec<f64>,
    /// Month-of-year multipliers of `it_load_frac`, January first.
    pub it_load_monthly: Vec<f64>,
    pub network_storage_frac: f64,
    pub misc_frac: f64,
    pub electrical: Electrical,
    pub cooling: Cooling,
    pub design: Design,
}

/// Builds `Some(base.field)` when there is a base (a plan over the defaults), `None` when the key is required.
macro_rules! base {
    ($base:expr, $($field:tt)+) => {
        $base.map(|b| b.$($field)+.clone())
    };
}

/// A number whose key is the field's own name: `num!(reader, cx, base, field, bounds)`.
macro_rules! num {
    ($r:expr, $cx:expr, $base:expr, $field:ident, $bounds:expr) => {
        $r.num($cx, stringify!($field), base!($base, $field), $bounds)
    };
}

// After the macros, which the electrical reader uses too.
mod design;
mod electrical;

pub use design::*;
pub use electrical::*;

impl SiteSettings {
    /// Reads the settings keys of a `[[site]]` (or the defaults' `[site]`) table. The caller reads the other keys
    /// (name, grid, climate, halls) from the same reader and calls `finish` on it.
    pub fn read(
        r: &mut TableReader,
        cx: &mut Collector,
        base: Option<&SiteSettings>,
        fluids: &BTreeMap<String, Fluid>,
    ) -> SiteSettings {
        let electricity_usd_per_mwh = num!(r, cx, base, electricity_usd_per_mwh, Bounds::closed(0.0, 100_000.0));
        let it_load_frac = num!(r, cx, base, it_load_frac, Bounds::EFFICIENCY);
        let shape = Bounds::closed(0.0, 10.0);
        let it_load_daily = r.num_list(cx, "it_load_daily", base!(base, it_load_daily), 24..=24, shape);
        let it_load_monthly = r.num_list(cx, "it_load_monthly", base!(base, it_load_monthly), 12..=12, shape);
        let peak = it_load_frac
            * it_load_daily.iter().copied().fold(0.0, f64::max)
            * it_load_monthly.iter().copied().fold(0.0, f64::max);
        if peak > 1.0 + 1e-9 {
            let span =
                ["it_load_daily", "it_load_monthly", "it_load_frac"].iter().find_map(|k| r.key_span(k)).or(r.span());
            cx.error(
                span,
                &r.key_path("it_load_daily"),
                format!(
                    "it_load_frac x the largest daily x the largest monthly multiplier is {peak:.3}, above nameplate; \
                     expected at most 1 in every hour (design is always at nameplate)"
                ),
            );
        }
        let network_storage_frac = num!(r, cx, base, network_storage_frac, Bounds::closed(0.0, 2.0));
        let misc_frac = num!(r, cx, base, misc_frac, Bounds::closed(0.0, 1.0));

        let electrical = sub_table(r, cx, "electrical", |t, cx| Electrical::read(t, cx, base.map(|b| &b.electrical)));
        let cooling = sub_table(r, cx, "cooling", |t, cx| Cooling::read(t, cx, base.map(|b| &b.cooling), fluids));
        let design = sub_table(r, cx, "design", |t, cx| Design::read(t, cx, base.map(|b| &b.design)));
        SiteSettings {
            electricity_usd_per_mwh,
            it_load_frac,
            it_load_daily,
            it_load_monthly,
            network_storage_frac,
            misc_frac,
            electrical,
            cooling,
            design,
        }
    }
}

static EMPTY: std::sync::LazyLock<toml_edit::Table> = std::sync::LazyLock::new(toml_edit::Table::new);

/// A reader over an absent sub-table: every key falls back to its default (or is reported missing).
fn empty_reader(span: Option<std::ops::Range<usize>>, path: &str) -> TableReader<'static> {
    TableReader::new(&*EMPTY, span, path)
}

/// Reads a sub-table that may be absent, with its own defaults, and reports its unknown keys.
fn sub_table<T>(
    r: &mut TableReader,
    cx: &mut Collector,
    key: &'static str,
    read: impl FnOnce(&mut TableReader, &mut Collector) -> T,
) -> T {
    let sub = r.table(cx, key);
    let span = sub.as_ref().and_then(TableReader::span).or_else(|| r.span());
    let mut t = sub.unwrap_or_else(|| empty_reader(span, &r.key_path(key)));
    let v = read(&mut t, cx);
    t.finish(cx);
    v
}

impl Cooling {
    /// Why this function is long: it is the `[cooling]` section's list of keys, each read once with its bounds in
    /// the order the README's plan-file reference lists them, and its sub-tables (dry cooler, tower, air loop); cut
    /// into pieces, one table's keys and their checks would be scattered over several functions.
    fn read(r: &mut TableReader, cx: &mut Collector, b: Option<&Cooling>, fluids: &BTreeMap<String, Fluid>) -> Cooling {
        let supply_c = num!(r, cx, b, supply_c, Bounds::closed(5.0, 70.0));
        let rack_delta_t_k = num!(r, cx, b, rack_delta_t_k, Bounds::closed(0.5, 40.0));
        let coolant = match r.opt_string(cx, "coolant") {
            Some(id) => match fluids.get(&id) {
                Some(f) => Some(f.clone()),
                None => {
                    let ids: Vec<&str> = fluids.keys().map(String::as_str).collect();
                    cx.error(
                        r.item("coolant").and_then(toml_edit::Item::span),
                        &r.key_path("coolant"),
                        format!("unknown coolant \"{id}\"; expected one of the catalogue fluids: {}", ids.join(", ")),
                    );
                    None
                }
            },
            None if r.item("coolant").is_some() => None,
            None => {
                if b.is_none() {
                    cx.error(r.span(), &r.key_path("coolant"), "missing key: expected a catalogue fluid id");
                }
                b.map(|b| b.coolant.clone())
            }
        };
        let coolant = coolant.unwrap_or_else(Fluid::placeholder);
        let cdu_approach_k = num!(r, cx, b, cdu_approach_k, Bounds::closed(0.0, 30.0));
        let cdu_kw = num!(r, cx, b, cdu_kw, Bounds::closed(1.0, 100_000.0));
        let cdu_per = r
            .choice(cx, "cdu_per", base!(b, cdu_per), &[("row", CduScope::Row), ("hall", CduScope::Hall)])
            .unwrap_or(CduScope::Hall);
        let tcs_pump_kpa = num!(r, cx, b, tcs_pump_kpa, Bounds::closed(0.0, 10_000.0));
        let facility_pump_kpa = num!(r, cx, b, facility_pump_kpa, Bounds::closed(0.0, 10_000.0));
        let pump_eff = num!(r, cx, b, pump_eff, Bounds::EFFICIENCY);
        let heat_rejection = r
            .choice(
                cx,
                "heat_rejection",
                base!(b, heat_rejection),
                &[
                    ("dry-cooler", HeatRejection::DryCooler),
                    ("cooling-tower", HeatRejection::CoolingTower),
                    ("chiller", HeatRejection::Chiller),
                ],
            )
            .unwrap_or(HeatRejection::DryCooler);
        let trim = r
            .choice(
                cx,
                "trim",
                base!(b, trim),
                &[("chiller", Trim::Chiller), ("adiabatic", Trim::Adiabatic), ("float", Trim::Float)],
            )
            .unwrap_or(Trim::Chiller);
        if trim == Trim::Adiabatic && heat_rejection != HeatRejection::DryCooler {
            cx.error(
                r.key_span("trim").or_else(|| r.key_span("heat_rejection")).or(r.span()),
                &r.key_path("trim"),
                "trim = \"adiabatic\" pre-cools the air of a dry cooler; expected heat_rejection = \"dry-cooler\" \
                 or another trim (\"chiller\", \"float\")",
            );
        }
        let fan_min_frac = num!(r, cx, b, fan_min_frac, Bounds::FRACTION);
        let rejection_spare_frac = num!(r, cx, b, rejection_spare_frac, Bounds::closed(0.0, 2.0));

        let dry_cooler = sub_table(r, cx, "dry_cooler", |t, cx| {
            let b = b.map(|b| &b.dry_cooler);
            DryCooler {
                approach_k: num!(t, cx, b, approach_k, Bounds::closed(0.5, 30.0)),
                reference_approach_k: num!(t, cx, b, reference_approach_k, Bounds::closed(0.5, 30.0)),
                fan_kw_per_mw: num!(t, cx, b, fan_kw_per_mw, Bounds::closed(0.0, 1_000.0)),
                adiabatic_effectiveness: num!(t, cx, b, adiabatic_effectiveness, Bounds::FRACTION),
                adiabatic_l_per_kwh: num!(t, cx, b, adiabatic_l_per_kwh, Bounds::closed(0.0, 100.0)),
            }
        });
        let tower = sub_table(r, cx, "tower", |t, cx| {
            let b = b.map(|b| &b.tower);
            Tower {
                approach_k: num!(t, cx, b, approach_k, Bounds::closed(0.0, 30.0)),
                fan_kw_per_mw: num!(t, cx, b, fan_kw_per_mw, Bounds::closed(0.0, 1_000.0)),
                evaporation_l_per_kwh: num!(t, cx, b, evaporation_l_per_kwh, Bounds::closed(0.0, 100.0)),
                cycles_of_concentration: num!(
                    t,
                    cx,
                    b,
                    cycles_of_concentration,
                    Bounds { min: 1.0, min_inclusive: false, max: 100.0, max_inclusive: true, whole: false }
                ),
            }
        });
        let chiller = sub_table(r, cx, "chiller", |t, cx| {
            let b = b.map(|b| &b.chiller);
            t.retired(cx, "cop", "the COP follows the lift: set carnot_frac, condenser_rise_k and cop_max");
            Chiller {
                carnot_frac: num!(t, cx, b, carnot_frac, Bounds::EFFICIENCY),
                condenser_rise_k: num!(t, cx, b, condenser_rise_k, Bounds::closed(0.0, 30.0)),
                cop_max: num!(t, cx, b, cop_max, Bounds::positive_up_to(100.0)),
                fan_kw_per_mw: num!(t, cx, b, fan_kw_per_mw, Bounds::closed(0.0, 1_000.0)),
            }
        });
        let air = sub_table(r, cx, "air", |t, cx| {
            let b = b.map(|b| &b.air);
            t.retired(cx, "cop", "the air loop's chillers share [site.cooling.chiller]'s lift model; choose plant = \"economiser\" or \"chiller\"");
            AirPath {
                supply_c: num!(t, cx, b, supply_c, Bounds::closed(5.0, 40.0)),
                delta_t_k: num!(t, cx, b, delta_t_k, Bounds::closed(0.5, 30.0)),
                plant: t
                    .choice(
                        cx,
                        "plant",
                        base!(b, plant),
                        &[("economiser", AirPlant::Economiser), ("chiller", AirPlant::Chiller)],
                    )
                    .unwrap_or(AirPlant::Economiser),
                fan_kw_per_mw: num!(t, cx, b, fan_kw_per_mw, Bounds::closed(0.0, 1_000.0)),
                room_dew_point_max_c: num!(t, cx, b, room_dew_point_max_c, Bounds::closed(-40.0, 60.0)),
            }
        });
        Cooling {
            supply_c,
            rack_delta_t_k,
            coolant,
            cdu_approach_k,
            cdu_kw,
            cdu_per,
            tcs_pump_kpa,
            facility_pump_kpa,
            pump_eff,
            heat_rejection,
            trim,
            fan_min_frac,
            rejection_spare_frac,
            dry_cooler,
            tower,
            chiller,
            air,
        }
    }
}

/// Economics for cost per token: capital recovery and fixed costs (README, `[economics]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Economics {
    pub cost_of_capital: f64,
    pub depreciation_years: f64,
    pub network_usd_per_mw: f64,
    pub facility_usd_per_mw: f64,
    pub opex_usd_per_gpu_year: f64,
    /// Revenue per million output tokens, for the cost of delay; `None`: not set (only idle capital is priced).
    pub revenue_usd_per_m_output_tokens: Option<f64>,
    /// Rack prices the plan states, by platform id; others come from the catalogue.
    pub rack_capex_usd: BTreeMap<String, f64>,
}

impl Economics {
    /// Reads `[economics]` (or the defaults' `[economics]`, every key required when `base` is `None`).
    pub fn read(r: &mut TableReader, cx: &mut Collector, base: Option<&Economics>, platforms: &[&str]) -> Economics {
        let b = base;
        let mut rack_capex_usd = BTreeMap::new();
        if let Some(t) = r.table(cx, "rack_capex_usd") {
            for (k, item) in t.table_like().iter() {
                let path = crate::input::join(t.path(), k);
                if !platforms.contains(&k) {
                    cx.error(
                        item.span(),
                        &path,
                        format!("unknown platform; expected one of: {}", platforms.join(", ")),
                    );
                    continue;
                }
                match item.as_value().and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64))) {
                    Some(v) if (0.0..=1e10).contains(&v) => {
                        rack_capex_usd.insert(k.to_string(), v);
                    }
                    _ => cx.error(item.span(), &path, "expected a rack price in USD from 0 to 10000000000"),
                }
            }
        }
        Economics {
            cost_of_capital: num!(r, cx, b, cost_of_capital, Bounds::closed(0.0, 1.0)),
            depreciation_years: num!(r, cx, b, depreciation_years, Bounds::closed(0.5, 50.0)),
            network_usd_per_mw: num!(r, cx, b, network_usd_per_mw, Bounds::closed(0.0, 1e10)),
            facility_usd_per_mw: num!(r, cx, b, facility_usd_per_mw, Bounds::closed(0.0, 1e10)),
            opex_usd_per_gpu_year: num!(r, cx, b, opex_usd_per_gpu_year, Bounds::closed(0.0, 1e7)),
            revenue_usd_per_m_output_tokens: r
                .opt_num(cx, "revenue_usd_per_m_output_tokens", Bounds::closed(0.0, 1e6))
                .or_else(|| b.and_then(|b| b.revenue_usd_per_m_output_tokens)),
            rack_capex_usd,
        }
    }
}
