//! Cooling: coolant flow (F5), CDU count, pumps (F10), and heat rejection hour by hour against the weather
//! (F7 dry cooler, F8 cooling tower, F9 chillers, F17 tower water).

use crate::catalog::Fluid;
use crate::catalog::settings::{Cooling, HeatRejection, Trim};
use crate::units::kw_to_mw;

/// Coolant flow for `heat_kw` at a temperature rise `delta_t_k` (F5): `V [L/min] = 60 Q / (rho c_p dT)`.
pub fn flow_lpm(heat_kw: f64, fluid: &Fluid, delta_t_k: f64) -> f64 {
    60.0 * heat_kw / (fluid.density_kg_per_l * fluid.cp_kj_per_kg_k * delta_t_k)
}

/// CDUs for a liquid load with one redundant unit (N+1); none when there is no liquid load.
pub fn cdu_count(liquid_kw: f64, cdu_kw: f64) -> u32 {
    // Saturating: an absurd ratio is a count no site has, never a wrapped-around small one.
    if liquid_kw <= 0.0 { 0 } else { ((liquid_kw / cdu_kw).ceil() as u32).saturating_add(1) }
}

/// Pump shaft power (F10): `P = dP V / eta`; kPa x m3/s = kW.
pub fn pump_kw(head_kpa: f64, flow_lpm: f64, eff: f64) -> f64 {
    head_kpa * (flow_lpm / 60_000.0) / eff
}

/// Facility-water supply temperature: rack supply minus the CDU approach.
pub fn facility_supply_c(c: &Cooling) -> f64 {
    c.supply_c - c.cdu_approach_k
}

/// Which outdoor temperature the heat rejection works against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outdoor {
    DryBulb,
    WetBulb,
}

/// Outdoor temperature above which the free path alone cannot hold the design supply (F7 dry bulb, F8 wet bulb),
/// and which temperature that is; `None` for a chiller plant, which has no free path.
pub fn free_cooling_limit_c(c: &Cooling) -> Option<(f64, Outdoor)> {
    let fws = facility_supply_c(c);
    match c.heat_rejection {
        HeatRejection::DryCooler => Some((fws - c.dry_cooler.approach_k, Outdoor::DryBulb)),
        HeatRejection::CoolingTower => Some((fws - c.tower.approach_k, Outdoor::WetBulb)),
        HeatRejection::Chiller => None,
    }
}

/// Cooling of the liquid loop in one hour.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LiquidHour {
    /// The free path alone cannot hold the design supply this hour.
    pub trim: bool,
    /// Rack supply temperature reached, degC (above design only with `trim = "float"`).
    pub supply_c: f64,
    pub fan_kw: f64,
    pub chiller_kw: f64,
    pub water_l: f64,
}

/// Heat rejection of `liquid_kw` in one hour with outdoor dry bulb `db` and wet bulb `wb`.
///
/// - Free hours: fans slow with the spare approach; airflow ~ design approach / available approach and fan power ~
///   airflow^3 (F10 affinity), never below `fan_min_frac`.
/// - Trim hours, "chiller": a series trim chiller cools what the free path leaves: the share
///   `(T_out + approach - T_fws) / dT_range` of the load (all of it once the outdoor air is as warm as the return
///   water), at the chiller COP (F9); the facility range is taken equal to the rack dT.
/// - "adiabatic" (dry cooler): evaporative pre-cooling lowers the air to `db - eff (db - wb)`, at
///   `adiabatic_l_per_kwh`; a chiller trims what is still left.
/// - "float": no mechanical cooling; the supply rises with the outdoor temperature.
/// - Chiller plant: every hour on the chiller, `Q / COP` plus condenser fans.
///
/// Tower water (F17): evaporation x COC / (COC - 1) per kWh rejected (load plus trim-chiller work).
pub fn liquid_hour(c: &Cooling, liquid_kw: f64, db: f64, wb: f64) -> LiquidHour {
    let liquid_mw = kw_to_mw(liquid_kw);
    let fws = facility_supply_c(c);
    let range = c.rack_delta_t_k;
    let (approach, fan_design_kw, outdoor) = match c.heat_rejection {
        HeatRejection::Chiller => {
            return LiquidHour {
                trim: true,
                supply_c: c.supply_c,
                fan_kw: c.chiller.fan_kw_per_mw * liquid_mw,
                chiller_kw: liquid_kw / c.chiller.cop,
                water_l: 0.0,
            };
        }
        HeatRejection::DryCooler => (c.dry_cooler.approach_k, c.dry_cooler.fan_kw_per_mw * liquid_mw, db),
        HeatRejection::CoolingTower => (c.tower.approach_k, c.tower.fan_kw_per_mw * liquid_mw, wb),
    };
    let fan_frac_at = |t_air: f64| {
        let spare = fws - t_air;
        if spare <= approach || spare <= 0.0 { 1.0 } else { (approach / spare).powi(3).max(c.fan_min_frac) }
    };
    let trim_share_at = |t_air: f64| ((t_air + approach - fws) / range).clamp(0.0, 1.0);
    let trim = outdoor > fws - approach;

    let mut h = LiquidHour { trim, supply_c: c.supply_c, ..LiquidHour::default() };
    match (trim, c.trim) {
        (false, _) => h.fan_kw = fan_design_kw * fan_frac_at(outdoor),
        (true, Trim::Chiller) => {
            h.fan_kw = fan_design_kw;
            h.chiller_kw = liquid_kw * trim_share_at(outdoor) / c.chiller.cop;
        }
        (true, Trim::Adiabatic) => {
            let cooled = db - c.dry_cooler.adiabatic_effectiveness * (db - wb).max(0.0);
            h.fan_kw = fan_design_kw * fan_frac_at(cooled);
            h.chiller_kw = liquid_kw * trim_share_at(cooled) / c.chiller.cop;
            h.water_l = liquid_kw * c.dry_cooler.adiabatic_l_per_kwh;
        }
        (true, Trim::Float) => {
            h.fan_kw = fan_design_kw;
            h.supply_c = outdoor + approach + c.cdu_approach_k;
        }
    }
    if c.heat_rejection == HeatRejection::CoolingTower {
        let t = &c.tower;
        let rejected_kwh = liquid_kw + h.chiller_kw;
        h.water_l +=
            rejected_kwh * t.evaporation_l_per_kwh * t.cycles_of_concentration / (t.cycles_of_concentration - 1.0);
    }
    h
}

/// Dew point of the white space, degC: the outdoor dew point carried in by make-up air, capped at the highest dew
/// point the make-up air units hold (`air.room_dew_point_max_c`); the room is not humidified, so it never sits
/// above the outdoor moisture.
pub fn room_dew_point_c(c: &Cooling, outdoor_dew_point_c: f64) -> f64 {
    outdoor_dew_point_c.min(c.air.room_dew_point_max_c)
}

/// Hours in which the rack liquid supply is colder than the room's dew point, so water condenses on manifolds,
/// hoses and cold plates, and the highest room dew point among them (`None` when there are none). `supply_c` and
/// `outdoor_dew_point_c` are hourly and of equal length.
pub fn condensation_hours(c: &Cooling, supply_c: &[f64], outdoor_dew_point_c: &[f64]) -> (u32, Option<f64>) {
    let mut hours = 0;
    let mut worst: Option<f64> = None;
    for (supply, dp) in supply_c.iter().zip(outdoor_dew_point_c) {
        let room = room_dew_point_c(c, *dp);
        if room > *supply {
            hours += 1;
            worst = Some(worst.map_or(room, |w| w.max(room)));
        }
    }
    (hours, worst)
}

/// Air-side cooling power for `air_kw` of heat (F9): fan walls / CRAHs, plus chillers for the share of the load
/// the economiser cannot carry. The air loop economises through the site's heat rejection at its approach (dry
/// bulb for dry coolers, wet bulb for towers; a chiller plant never economises), with the same series-trim share as
/// the liquid loop: `(T_out + approach - T_air_supply) / dT_air`, clamped to 0..1.
pub fn air_cooling_kw(c: &Cooling, air_kw: f64, db: f64, wb: f64) -> f64 {
    let share = match c.heat_rejection {
        HeatRejection::Chiller => 1.0,
        HeatRejection::DryCooler => (db + c.dry_cooler.approach_k - c.air.supply_c) / c.air.delta_t_k,
        HeatRejection::CoolingTower => (wb + c.tower.approach_k - c.air.supply_c) / c.air.delta_t_k,
    };
    air_kw * share.clamp(0.0, 1.0) / c.air.cop + c.air.fan_kw_per_mw * kw_to_mw(air_kw)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn cooling() -> Cooling {
        Catalog::builtin().unwrap().defaults.cooling.clone()
    }

    fn fluid(id: &str) -> Fluid {
        Catalog::builtin().unwrap().fluids[id].clone()
    }

    #[test]
    fn flow_of_a_132_kw_rack_matches_the_reference() {
        // F5, water: 60 x 132 / (0.99 x 4.18 x 10) = 7920 / 41.382 = 191.39 L/min (reference: ~190, 3.16 kg/s).
        let w = flow_lpm(132.0, &fluid("water"), 10.0);
        assert!((w - 191.39).abs() < 0.01, "{w}");
        // 25 % PG: 7920 / (1.02 x 3.95 x 10) = 7920 / 40.29 = 196.57 L/min (reference: ~197).
        let pg = flow_lpm(132.0, &fluid("pg25"), 10.0);
        assert!((pg - 196.57).abs() < 0.01, "{pg}");
        // 200 kW Rubin rack, 45 -> 55 degC, PG25: 12000 / 40.29 = 297.8 L/min (reference: ~290 with water-like c_p).
        assert!((flow_lpm(200.0, &fluid("pg25"), 10.0) - 297.84).abs() < 0.01);
    }

    #[test]
    fn one_megawatt_at_10_k_is_86_m3_per_hour() {
        // 1,000 kW water: 60,000 / 41.382 = 1449.9 L/min x 60 / 1000 = 86.99 m3/h (reference: ~86).
        let m3h = crate::units::lpm_to_m3h(flow_lpm(1000.0, &fluid("water"), 10.0));
        assert!((m3h - 86.99).abs() < 0.01, "{m3h}");
    }

    #[test]
    fn cdus_are_n_plus_1() {
        assert_eq!(cdu_count(0.0, 2000.0), 0);
        assert_eq!(cdu_count(2000.0, 2000.0), 2); // 1 + 1
        assert_eq!(cdu_count(4600.0, 2000.0), 4); // ceil(2.3) = 3, + 1
        // An absurd ratio saturates instead of wrapping to 0 CDUs (the reader refuses such a CDU size).
        assert_eq!(cdu_count(1e6, 1e-300), u32::MAX);
    }

    #[test]
    fn condensation_counts_hours_the_room_dew_point_exceeds_the_supply() {
        // Room dew point = min(outdoor, 15 degC cap), the ASHRAE recommended ceiling.
        let mut c = Catalog::builtin().unwrap().defaults.cooling.clone();
        c.air.room_dew_point_max_c = 15.0;
        assert_eq!(room_dew_point_c(&c, 22.0), 15.0); // humid summer hour: make-up air holds 15
        assert_eq!(room_dew_point_c(&c, 4.0), 4.0); // dry winter hour: the room follows the outdoor air
        // Supply 14 degC; outdoor dew points 10, 14, 14.5, 22: rooms 10, 14, 14.5, 15.
        // 10 > 14 no; 14 > 14 no (equal is not below); 14.5 > 14 yes; 15 > 14 yes -> 2 hours, worst 15.
        let supply = [14.0; 4];
        assert_eq!(condensation_hours(&c, &supply, &[10.0, 14.0, 14.5, 22.0]), (2, Some(15.0)));
        // Warm-water cooling at 40 degC never condenses under a 15 degC room.
        assert_eq!(condensation_hours(&c, &[40.0; 4], &[10.0, 14.0, 14.5, 22.0]), (0, None));
        // A hall without dehumidification (cap 60) follows the outdoor air: a 20 degC supply wets at 22 only.
        c.air.room_dew_point_max_c = 60.0;
        assert_eq!(condensation_hours(&c, &[20.0; 4], &[10.0, 14.0, 14.5, 22.0]), (1, Some(22.0)));
    }

    #[test]
    fn pump_power_follows_f10() {
        // 200 kPa x (1449.9 L/min / 60,000 = 0.024165 m3/s) / 0.7 = 6.904 kW.
        assert!((pump_kw(200.0, 1449.9, 0.7) - 6.904).abs() < 0.001);
    }

    #[test]
    fn dry_cooler_free_limit_is_supply_minus_both_approaches() {
        // F7: 45 - 3 - 8 = 34 degC dry bulb.
        let mut c = cooling();
        c.supply_c = 45.0;
        c.cdu_approach_k = 3.0;
        c.dry_cooler.approach_k = 8.0;
        assert_eq!(free_cooling_limit_c(&c), Some((34.0, Outdoor::DryBulb)));
        c.heat_rejection = HeatRejection::CoolingTower;
        c.tower.approach_k = 4.0;
        // F8: 45 - 3 - 4 = 38 degC wet bulb.
        assert_eq!(free_cooling_limit_c(&c), Some((38.0, Outdoor::WetBulb)));
        c.heat_rejection = HeatRejection::Chiller;
        assert_eq!(free_cooling_limit_c(&c), None);
    }

    #[test]
    fn dry_cooler_hours_free_slowed_and_trimmed() {
        let mut c = cooling();
        c.supply_c = 45.0;
        c.cdu_approach_k = 3.0; // facility water 42 degC
        c.rack_delta_t_k = 10.0;
        c.dry_cooler.approach_k = 8.0;
        c.dry_cooler.fan_kw_per_mw = 20.0;
        c.fan_min_frac = 0.1;
        c.chiller.cop = 6.5;
        c.trim = Trim::Chiller;
        // 10 MW liquid; design fans 20 x 10 = 200 kW.
        // 26 degC: spare approach 42 - 26 = 16 K, airflow 8/16 = 0.5, fans 0.5^3 = 0.125 -> 25 kW; no chiller.
        let h = liquid_hour(&c, 10_000.0, 26.0, 20.0);
        assert!(!h.trim);
        assert!((h.fan_kw - 25.0).abs() < 1e-9);
        assert_eq!(h.chiller_kw, 0.0);
        // 0 degC: 8/42 cubed = 0.0069 -> floor 0.1 -> 20 kW.
        assert!((liquid_hour(&c, 10_000.0, 0.0, -2.0).fan_kw - 20.0).abs() < 1e-9);
        // 36 degC: 2 K above the 34 degC limit -> trim share 2/10 = 0.2 -> 10,000 x 0.2 / 6.5 = 307.7 kW; fans full.
        let h = liquid_hour(&c, 10_000.0, 36.0, 24.0);
        assert!(h.trim);
        assert_eq!(h.fan_kw, 200.0);
        assert!((h.chiller_kw - 307.69).abs() < 0.01, "{}", h.chiller_kw);
        // Float: the supply rises to 36 + 8 + 3 = 47 degC, no chiller.
        c.trim = Trim::Float;
        let h = liquid_hour(&c, 10_000.0, 36.0, 24.0);
        assert_eq!((h.supply_c, h.chiller_kw), (47.0, 0.0));
    }

    #[test]
    fn adiabatic_assist_precools_and_uses_water() {
        let mut c = cooling();
        c.supply_c = 45.0;
        c.cdu_approach_k = 3.0;
        c.dry_cooler.approach_k = 8.0;
        c.trim = Trim::Adiabatic;
        c.dry_cooler.adiabatic_effectiveness = 0.7;
        c.dry_cooler.adiabatic_l_per_kwh = 1.0;
        // 36 degC dry bulb, 24 degC wet bulb: air pre-cooled to 36 - 0.7 x 12 = 27.6 degC, below the limit: no chiller;
        // water 10,000 kWh x 1.0 L/kWh = 10,000 L this hour.
        let h = liquid_hour(&c, 10_000.0, 36.0, 24.0);
        assert!(h.trim);
        assert_eq!(h.chiller_kw, 0.0);
        assert_eq!(h.water_l, 10_000.0);
    }

    #[test]
    fn tower_water_follows_f17() {
        let mut c = cooling();
        c.heat_rejection = HeatRejection::CoolingTower;
        c.tower.evaporation_l_per_kwh = 1.5;
        c.tower.cycles_of_concentration = 5.0;
        // 1,000 kWh rejected in a free hour: 1,000 x 1.5 x 5/4 = 1,875 L.
        let h = liquid_hour(&c, 1000.0, 10.0, 5.0);
        assert!(!h.trim);
        assert!((h.water_l - 1875.0).abs() < 1e-9);
    }

    #[test]
    fn air_loop_economises_in_cold_hours() {
        let mut c = cooling();
        c.heat_rejection = HeatRejection::DryCooler;
        c.dry_cooler.approach_k = 8.0;
        c.air.supply_c = 20.0;
        c.air.delta_t_k = 6.0;
        c.air.cop = 4.5;
        c.air.fan_kw_per_mw = 40.0;
        // 1,000 kW of air heat; fans 40 kW in every hour.
        // 5 degC: 5 + 8 = 13 < 20 -> free, fans only.
        assert!((air_cooling_kw(&c, 1000.0, 5.0, 3.0) - 40.0).abs() < 1e-9);
        // 15 degC: (15 + 8 - 20) / 6 = 0.5 on the chiller -> 1000 x 0.5 / 4.5 = 111.11 kW + 40 kW.
        assert!((air_cooling_kw(&c, 1000.0, 15.0, 12.0) - 151.111).abs() < 1e-3);
        // 30 degC: all on the chiller -> 222.22 + 40 kW.
        assert!((air_cooling_kw(&c, 1000.0, 30.0, 22.0) - 262.222).abs() < 1e-3);
        // A tower economises on the wet bulb: 12 + 4 - 20 < 0 -> free even at 30 degC dry bulb.
        c.heat_rejection = HeatRejection::CoolingTower;
        c.tower.approach_k = 4.0;
        assert!((air_cooling_kw(&c, 1000.0, 30.0, 12.0) - 40.0).abs() < 1e-9);
    }

    #[test]
    fn chiller_plant_runs_every_hour() {
        let mut c = cooling();
        c.heat_rejection = HeatRejection::Chiller;
        c.chiller.cop = 6.5;
        c.chiller.fan_kw_per_mw = 20.0;
        // 6,500 kW / 6.5 = 1,000 kW compressor + 20 x 6.5 = 130 kW fans, cold or hot.
        let h = liquid_hour(&c, 6500.0, -10.0, -12.0);
        assert!(h.trim);
        assert!((h.chiller_kw - 1000.0).abs() < 1e-9);
        assert!((h.fan_kw - 130.0).abs() < 1e-9);
    }
}
