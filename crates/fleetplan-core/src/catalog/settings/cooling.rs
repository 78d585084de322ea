//! The cooling plant's settings (`[site.cooling]` and its sub-tables): the rack liquid loop, its CDUs and pumps,
//! heat rejection (dry coolers, towers, a chiller plant) and trim, the chillers, and the air loop.

use std::collections::BTreeMap;

use super::sub_table;
use crate::catalog::Fluid;
use crate::input::{Bounds, Collector, TableReader};

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

/// How the TCS (CDU secondary) pumps run (`cooling.cdu_flow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CduFlow {
    /// Flow follows the heat at a constant rise, head down to `pump_min_head_frac`.
    Variable,
    /// Design flow whenever the hall carries load.
    Constant,
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

/// Cooling towers (`[site.cooling.tower]`): the free path on the wet bulb through a plate heat exchanger (F8),
/// sized by effectiveness-NTU from a reference tower (F8b), with condenser-water pumps and make-up water (F17).
#[derive(Debug, Clone, PartialEq)]
pub struct Tower {
    /// Closest approach to the design wet bulb the towers are built for, K.
    pub approach_k: f64,
    /// Fan power per MW rejected of the reference tower, at the reference point below.
    pub fan_kw_per_mw: f64,
    pub reference_approach_k: f64,
    pub reference_range_k: f64,
    pub reference_wet_bulb_c: f64,
    /// Water over air mass flow (L/G) of the reference tower.
    pub reference_water_air_ratio: f64,
    /// Exponent `n` of the fill's characteristic `KaV/L = c (L/G)^-n`.
    pub fill_exponent: f64,
    /// Plate heat exchanger between the open tower water and the facility water: its approach, K.
    pub phe_approach_k: f64,
    /// Condenser-water (tower) pump head, kPa.
    pub condenser_pump_kpa: f64,
    /// Drift: water carried out as droplets, as a fraction of the circulating water.
    pub drift_frac: f64,
    pub cycles_of_concentration: f64,
}

/// Chillers by lift (F9): a fraction of the Carnot COP between chilled water and condenser, capped.
#[derive(Debug, Clone, PartialEq)]
pub struct Chiller {
    pub carnot_frac: f64,
    /// The Carnot fraction of an air-cooled chiller plant (`heat_rejection = "chiller"`), from its own rating.
    pub air_cooled_carnot_frac: f64,
    /// Condenser water rise: the condenser leaves this much above what the heat rejection delivers, K.
    pub condenser_rise_k: f64,
    pub cop_max: f64,
    pub fan_kw_per_mw: f64,
    /// Power at part load over power at full load, as a quadratic in the part-load ratio (`a + b PLR + c PLR^2`,
    /// normalised to 1 at full load).
    pub part_load_eir: [f64; 3],
    /// Below this part-load ratio a chiller cannot unload further (it false-loads at this ratio).
    pub min_part_load: f64,
    /// Chillers in each plant, staged on as the load grows.
    pub units: u32,
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
    /// Supply air of the fan walls / CRAHs, degC; their chilled water is `coil_approach_k` colder.
    pub supply_c: f64,
    /// Chilled-water range of the air loop, K.
    pub delta_t_k: f64,
    pub plant: AirPlant,
    pub fan_kw_per_mw: f64,
    /// The fan-wall / CRAH coil's approach: chilled water this much colder than the supply air, K.
    pub coil_approach_k: f64,
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
    /// Head a variable-speed pump holds at zero flow, as a fraction of its design head (its differential-pressure
    /// set point): pump power is `x (h0 + (1 - h0) x^2)` of design at flow fraction `x`.
    pub pump_min_head_frac: f64,
    pub cdu_flow: CduFlow,
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

impl Cooling {
    /// Why this function is long: it is the `[cooling]` section's list of keys, each read once with its bounds in
    /// the order the README's plan-file reference lists them, and its sub-tables (dry cooler, tower, air loop); cut
    /// into pieces, one table's keys and their checks would be scattered over several functions.
    pub(super) fn read(
        r: &mut TableReader,
        cx: &mut Collector,
        b: Option<&Cooling>,
        fluids: &BTreeMap<String, Fluid>,
    ) -> Cooling {
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
        let pump_min_head_frac = num!(r, cx, b, pump_min_head_frac, Bounds::FRACTION);
        let cdu_flow = r
            .choice(
                cx,
                "cdu_flow",
                base!(b, cdu_flow),
                &[("variable", CduFlow::Variable), ("constant", CduFlow::Constant)],
            )
            .unwrap_or(CduFlow::Variable);
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
            t.retired(
                cx,
                "evaporation_l_per_kwh",
                "tower evaporation follows from the air's energy balance each hour (docs/model.md F17); nothing to set",
            );
            Tower {
                approach_k: num!(t, cx, b, approach_k, Bounds::closed(0.5, 30.0)),
                fan_kw_per_mw: num!(t, cx, b, fan_kw_per_mw, Bounds::closed(0.0, 1_000.0)),
                reference_approach_k: num!(t, cx, b, reference_approach_k, Bounds::closed(0.5, 30.0)),
                reference_range_k: num!(t, cx, b, reference_range_k, Bounds::closed(0.5, 30.0)),
                reference_wet_bulb_c: num!(t, cx, b, reference_wet_bulb_c, Bounds::closed(-10.0, 40.0)),
                reference_water_air_ratio: num!(t, cx, b, reference_water_air_ratio, Bounds::closed(0.1, 10.0)),
                fill_exponent: num!(t, cx, b, fill_exponent, Bounds::closed(0.0, 1.5)),
                phe_approach_k: num!(t, cx, b, phe_approach_k, Bounds::closed(0.0, 10.0)),
                condenser_pump_kpa: num!(t, cx, b, condenser_pump_kpa, Bounds::closed(0.0, 10_000.0)),
                drift_frac: num!(t, cx, b, drift_frac, Bounds::closed(0.0, 0.01)),
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
                air_cooled_carnot_frac: num!(t, cx, b, air_cooled_carnot_frac, Bounds::EFFICIENCY),
                condenser_rise_k: num!(t, cx, b, condenser_rise_k, Bounds::closed(0.0, 30.0)),
                cop_max: num!(t, cx, b, cop_max, Bounds::positive_up_to(100.0)),
                fan_kw_per_mw: num!(t, cx, b, fan_kw_per_mw, Bounds::closed(0.0, 1_000.0)),
                part_load_eir: part_load_curve(t, cx, b),
                min_part_load: num!(t, cx, b, min_part_load, Bounds::closed(0.01, 1.0)),
                units: t.int(cx, "units", b.map(|b| i64::from(b.units)), 1, 1000) as u32,
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
                coil_approach_k: num!(t, cx, b, coil_approach_k, Bounds::closed(0.0, 20.0)),
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
            pump_min_head_frac,
            cdu_flow,
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

/// `part_load_eir`: three coefficients whose curve is positive over the part-load ratios 0.01-1 (a chiller always
/// draws something while it runs).
fn part_load_curve(t: &mut TableReader, cx: &mut Collector, b: Option<&Chiller>) -> [f64; 3] {
    let v = t.num_list(cx, "part_load_eir", base!(b, part_load_eir.to_vec()), 3..=3, Bounds::closed(-10.0, 10.0));
    let k = [v.first().copied().unwrap_or(1.0), v.get(1).copied().unwrap_or(0.0), v.get(2).copied().unwrap_or(0.0)];
    let f = |p: f64| k[0] + k[1] * p + k[2] * p * p;
    if v.len() == 3 && (1..=100).any(|i| f(f64::from(i) / 100.0) <= 0.0) {
        cx.error(
            t.key_span("part_load_eir").or(t.span()),
            &t.key_path("part_load_eir"),
            format!(
                "the curve {} + {} PLR + {} PLR^2 is not positive at every part load; expected a chiller's power curve",
                k[0], k[1], k[2]
            ),
        );
    }
    k
}
