//! Cooling: coolant flow (F5), CDU count, pumps (F10), and heat rejection hour by hour against the weather
//! (F7 dry cooler, F8 cooling tower, F9 chillers, F17 tower water).

use crate::catalog::Fluid;
use crate::catalog::settings::{AirPlant, Chiller, Cooling, HeatRejection, Trim};
use crate::units::{ZERO_C_IN_K, kw_to_mw};

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

/// Chiller COP at a lift (F9): a fixed fraction of the Carnot COP between the chilled-water supply and the
/// condenser leaving temperature, `COP = carnot_frac x T_chilled / (T_condenser - T_chilled)` in kelvin, never above
/// `cop_max` (at small lifts a real compressor stops gaining: its own losses and the heat exchangers' approaches
/// dominate). Valid for lifts of about 10-45 K, the range of water-cooled centrifugal ratings.
pub fn chiller_cop(ch: &Chiller, chilled_c: f64, condenser_c: f64) -> f64 {
    let lift = condenser_c - chilled_c;
    if lift <= 0.0 {
        return ch.cop_max;
    }
    (ch.carnot_frac * (chilled_c + ZERO_C_IN_K) / lift).min(ch.cop_max)
}

/// Condenser leaving temperature of a chiller rejecting its heat through the site's heat rejection, from the
/// outdoor air it works against (`db`, `wb`; pre-cooled air for an adiabatic assist): the outdoor temperature plus
/// the heat rejection's approach plus the condenser water's rise. A chiller plant (`heat_rejection = "chiller"`)
/// rejects to the dry bulb at the dry-cooler approach.
pub fn condenser_c(c: &Cooling, db: f64, wb: f64) -> f64 {
    let rise = c.chiller.condenser_rise_k;
    match c.heat_rejection {
        HeatRejection::DryCooler | HeatRejection::Chiller => db + c.dry_cooler.approach_k + rise,
        HeatRejection::CoolingTower => wb + c.tower.approach_k + rise,
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
    /// Chiller compressor power.
    pub chiller_kw: f64,
    /// Heat the chillers take out of the loop.
    pub chiller_th_kw: f64,
    pub water_l: f64,
}

/// Heat rejection of the liquid loop in one hour, carrying `load` (0..1) of its design heat `design_kw`, with
/// outdoor dry bulb `db` and wet bulb `wb`.
///
/// The dry coolers or towers are sized to reject the design heat at their design approach with full airflow. At part
/// load, with the water range held (flow follows load), the temperature differences of the sized coil scale with the
/// heat it carries, so at full airflow it reaches `load x approach`: the free limit rises and trim hours fall.
/// - Free hours: the fans slow until the coil just holds the supply: airflow `load x approach / (T_f - T_out)` of
///   design, fan power its cube (F10 affinity), never below `fan_min_frac`.
/// - Trim hours, "chiller": full airflow, and a series trim chiller cools what the free path leaves: the share
///   `(T_out + load x approach - T_f) / dT_range` of the load (all of it once the outdoor air is as warm as the
///   return), at the chiller's COP for its lift (F9); the facility range is taken equal to the rack dT.
/// - "adiabatic" (dry cooler): evaporative pre-cooling lowers the air to `db - eff (db - wb)`, at
///   `adiabatic_l_per_kwh`; a chiller trims what is still left.
/// - "float": no mechanical cooling; the supply rises with the outdoor temperature.
/// - Chiller plant: every hour on the chiller, `Q / COP` plus condenser fans.
///
/// Tower water (F17): evaporation x COC / (COC - 1) per kWh rejected (load plus trim-chiller work).
pub fn liquid_hour(c: &Cooling, design_kw: f64, load: f64, db: f64, wb: f64) -> LiquidHour {
    let liquid_kw = design_kw * load;
    let fws = facility_supply_c(c);
    let range = c.rack_delta_t_k;
    let (approach, fan_kw_per_mw, outdoor) = match c.heat_rejection {
        HeatRejection::Chiller => {
            let cop = chiller_cop(&c.chiller, fws, condenser_c(c, db, wb));
            return LiquidHour {
                trim: true,
                supply_c: c.supply_c,
                fan_kw: c.chiller.fan_kw_per_mw * kw_to_mw(liquid_kw),
                chiller_kw: liquid_kw / cop,
                chiller_th_kw: liquid_kw,
                water_l: 0.0,
            };
        }
        HeatRejection::DryCooler => (c.dry_cooler.approach_k, c.dry_cooler.fan_kw_per_mw, db),
        HeatRejection::CoolingTower => (c.tower.approach_k, c.tower.fan_kw_per_mw, wb),
    };
    let fan_design_kw = fan_kw_per_mw * kw_to_mw(design_kw);
    // The approach the sized cooler reaches at full airflow carrying this hour's heat.
    let reached = approach * load;
    let fan_frac_at = |t_air: f64| {
        let spare = fws - t_air;
        if spare <= reached || spare <= 0.0 { 1.0 } else { (reached / spare).powi(3).max(c.fan_min_frac) }
    };
    let trim_share_at = |t_air: f64| ((t_air + reached - fws) / range).clamp(0.0, 1.0);
    let trim = liquid_kw > 0.0 && outdoor > fws - reached;

    let mut h = LiquidHour { trim, supply_c: c.supply_c, ..LiquidHour::default() };
    if liquid_kw <= 0.0 {
        return h;
    }
    let chill = |h: &mut LiquidHour, t_db: f64, t_wb: f64, t_air: f64| {
        h.chiller_th_kw = liquid_kw * trim_share_at(t_air);
        h.chiller_kw = h.chiller_th_kw / chiller_cop(&c.chiller, fws, condenser_c(c, t_db, t_wb));
    };
    match (trim, c.trim) {
        (false, _) => h.fan_kw = fan_design_kw * fan_frac_at(outdoor),
        (true, Trim::Chiller) => {
            h.fan_kw = fan_design_kw;
            chill(&mut h, db, wb, outdoor);
        }
        (true, Trim::Adiabatic) => {
            let cooled = db - c.dry_cooler.adiabatic_effectiveness * (db - wb).max(0.0);
            h.fan_kw = fan_design_kw * fan_frac_at(cooled);
            chill(&mut h, cooled, wb, cooled);
            h.water_l = liquid_kw * c.dry_cooler.adiabatic_l_per_kwh;
        }
        (true, Trim::Float) => {
            h.fan_kw = fan_design_kw;
            h.supply_c = outdoor + reached + c.cdu_approach_k;
        }
    }
    if c.heat_rejection == HeatRejection::CoolingTower {
        h.water_l += tower_water_l(c, liquid_kw + h.chiller_kw);
    }
    h
}

/// Tower make-up water for `rejected_kwh` of heat rejected (F17): evaporation x COC / (COC - 1).
pub fn tower_water_l(c: &Cooling, rejected_kwh: f64) -> f64 {
    let t = &c.tower;
    rejected_kwh * t.evaporation_l_per_kwh * t.cycles_of_concentration / (t.cycles_of_concentration - 1.0)
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

/// The air loop in one hour.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AirHour {
    pub fan_kw: f64,
    pub chiller_kw: f64,
    pub chiller_th_kw: f64,
    pub water_l: f64,
}

impl AirHour {
    pub fn total_kw(&self) -> f64 {
        self.fan_kw + self.chiller_kw
    }
}

/// The air loop removing `air_kw` of heat (F9): fan walls / CRAHs, plus chillers for the share of the load the
/// economiser cannot carry. With `air.plant = "economiser"` the loop economises through the site's heat rejection at
/// its approach (dry bulb for dry coolers, wet bulb for towers), with the same series-trim share as the liquid loop:
/// `(T_out + approach - T_air_supply) / dT_air`, clamped to 0..1; with `"chiller"`, or on a chiller plant, its
/// chillers carry all of it. Chillers run at the COP for their lift from the air loop's supply (F9). On a tower
/// site the tower rejects the air heat and the chillers' work too, and is charged water for it (F17).
pub fn air_hour(c: &Cooling, air_kw: f64, db: f64, wb: f64) -> AirHour {
    let share = match (c.air.plant, c.heat_rejection) {
        (AirPlant::Chiller, _) | (_, HeatRejection::Chiller) => 1.0,
        (AirPlant::Economiser, HeatRejection::DryCooler) => {
            (db + c.dry_cooler.approach_k - c.air.supply_c) / c.air.delta_t_k
        }
        (AirPlant::Economiser, HeatRejection::CoolingTower) => {
            (wb + c.tower.approach_k - c.air.supply_c) / c.air.delta_t_k
        }
    };
    let chiller_th_kw = air_kw * share.clamp(0.0, 1.0);
    let chiller_kw = if chiller_th_kw > 0.0 {
        chiller_th_kw / chiller_cop(&c.chiller, c.air.supply_c, condenser_c(c, db, wb))
    } else {
        0.0
    };
    let water_l =
        if c.heat_rejection == HeatRejection::CoolingTower { tower_water_l(c, air_kw + chiller_kw) } else { 0.0 };
    AirHour { fan_kw: c.air.fan_kw_per_mw * kw_to_mw(air_kw), chiller_kw, chiller_th_kw, water_l }
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
    fn chiller_cop_follows_the_lift() {
        let ch = cooling().chiller; // carnot_frac 0.635, condenser rise 5.6 K, cop_max 12
        // The rating it was derived from: 6.7 degC chilled, 35.0 degC condenser: 0.635 x 279.85 / 28.3 = 6.2793
        // (ASHRAE 90.1 centrifugal >= 600 tons: 0.560 kW/ton = COP 6.280).
        assert!((chiller_cop(&ch, 6.7, 35.0) - 6.2793).abs() < 1e-4);
        // An air loop at 20 degC on a 35 degC day through dry coolers: condenser 35 + 8 + 5.6 = 48.6 degC,
        // lift 28.6 K: 0.635 x 293.15 / 28.6 = 6.5088.
        let c = cooling();
        assert_eq!(condenser_c(&c, 35.0, 24.0), 48.6);
        assert!((chiller_cop(&ch, 20.0, 48.6) - 6.5088).abs() < 1e-4);
        // A warm-water trim chiller: 42 degC chilled, 53.6 degC condenser, lift 11.6 K: 0.635 x 315.15 / 11.6 =
        // 17.25, capped at 12. No lift at all: the cap.
        assert_eq!(chiller_cop(&ch, 42.0, 53.6), 12.0);
        assert_eq!(chiller_cop(&ch, 20.0, 18.0), 12.0);
        // A tower condenser follows the wet bulb: 24 + 4 + 5.6 = 33.6 degC.
        let mut t = cooling();
        t.heat_rejection = HeatRejection::CoolingTower;
        t.tower.approach_k = 4.0;
        assert!((condenser_c(&t, 35.0, 24.0) - 33.6).abs() < 1e-12);
    }

    fn warm_dry_cooler() -> Cooling {
        let mut c = cooling();
        c.supply_c = 45.0;
        c.cdu_approach_k = 3.0; // facility water 42 degC
        c.rack_delta_t_k = 10.0;
        c.heat_rejection = HeatRejection::DryCooler;
        c.dry_cooler.approach_k = 8.0;
        c.dry_cooler.fan_kw_per_mw = 20.0;
        c.fan_min_frac = 0.1;
        c.trim = Trim::Chiller;
        c
    }

    #[test]
    fn dry_cooler_hours_free_slowed_and_trimmed() {
        let mut c = warm_dry_cooler();
        // 10 MW liquid at full load; design fans 20 x 10 = 200 kW.
        // 26 degC: spare approach 42 - 26 = 16 K, airflow 8/16 = 0.5, fans 0.5^3 = 0.125 -> 25 kW; no chiller.
        let h = liquid_hour(&c, 10_000.0, 1.0, 26.0, 20.0);
        assert!(!h.trim);
        assert!((h.fan_kw - 25.0).abs() < 1e-9);
        assert_eq!(h.chiller_kw, 0.0);
        // 0 degC: 8/42 cubed = 0.0069 -> floor 0.1 -> 20 kW.
        assert!((liquid_hour(&c, 10_000.0, 1.0, 0.0, -2.0).fan_kw - 20.0).abs() < 1e-9);
        // 36 degC: 2 K above the 34 degC limit -> trim share 2/10 = 0.2 -> 2,000 kW on the chiller; condenser
        // 36 + 8 + 5.6 = 49.6 degC, lift 7.6 K -> COP at its cap 12 -> 166.67 kW; fans full.
        let h = liquid_hour(&c, 10_000.0, 1.0, 36.0, 24.0);
        assert!(h.trim);
        assert_eq!(h.fan_kw, 200.0);
        assert_eq!(h.chiller_th_kw, 2000.0);
        assert!((h.chiller_kw - 166.667).abs() < 1e-3, "{}", h.chiller_kw);
        // 46 degC: all of it on the chiller; condenser 59.6 degC, lift 17.6 K: COP 0.635 x 315.15 / 17.6 = 11.3704
        // -> 10,000 / 11.3704 = 879.48 kW: a hotter hour costs more per kW of heat as well as more heat.
        let hot = liquid_hour(&c, 10_000.0, 1.0, 46.0, 26.0);
        assert!((hot.chiller_kw - 879.48).abs() < 0.01, "{}", hot.chiller_kw);
        // Float: the supply rises to 36 + 8 + 3 = 47 degC, no chiller.
        c.trim = Trim::Float;
        let h = liquid_hour(&c, 10_000.0, 1.0, 36.0, 24.0);
        assert_eq!((h.supply_c, h.chiller_kw), (47.0, 0.0));
    }

    #[test]
    fn a_cooler_sized_for_nameplate_has_spare_approach_at_part_load() {
        let c = warm_dry_cooler();
        // Half load at 36 degC: the sized coil reaches 0.5 x 8 = 4 K, so the limit is 42 - 4 = 38 degC: free. Fans:
        // airflow 4 / (42 - 36) = 0.667, 0.667^3 = 0.2963 of the 200 kW design -> 59.26 kW.
        let h = liquid_hour(&c, 10_000.0, 0.5, 36.0, 24.0);
        assert!(!h.trim && h.chiller_kw == 0.0);
        assert!((h.fan_kw - 59.259).abs() < 1e-3, "{}", h.fan_kw);
        // Trim hours fall with load and rise with the ambient, over a ramp of outdoor temperatures.
        let trims = |load: f64, shift: f64| {
            (0..200).filter(|i| liquid_hour(&c, 10_000.0, load, 20.0 + 0.1 * f64::from(*i) + shift, 18.0).trim).count()
        };
        assert!(trims(1.0, 0.0) > trims(0.8, 0.0) && trims(0.8, 0.0) > trims(0.5, 0.0));
        assert!(trims(1.0, 2.0) > trims(1.0, 0.0));
        // No liquid load: nothing runs.
        assert_eq!(liquid_hour(&c, 10_000.0, 0.0, 40.0, 20.0), LiquidHour { supply_c: 45.0, ..LiquidHour::default() });
    }

    #[test]
    fn adiabatic_assist_precools_and_uses_water() {
        let mut c = warm_dry_cooler();
        c.trim = Trim::Adiabatic;
        c.dry_cooler.adiabatic_effectiveness = 0.7;
        c.dry_cooler.adiabatic_l_per_kwh = 1.0;
        // 36 degC dry bulb, 24 degC wet bulb: air pre-cooled to 36 - 0.7 x 12 = 27.6 degC, below the limit: no chiller;
        // water 10,000 kWh x 1.0 L/kWh = 10,000 L this hour.
        let h = liquid_hour(&c, 10_000.0, 1.0, 36.0, 24.0);
        assert!(h.trim);
        assert_eq!(h.chiller_kw, 0.0);
        assert_eq!(h.water_l, 10_000.0);
    }

    #[test]
    fn tower_water_follows_f17_for_all_the_heat_it_rejects() {
        let mut c = warm_dry_cooler();
        c.heat_rejection = HeatRejection::CoolingTower;
        c.tower.approach_k = 4.0;
        c.tower.evaporation_l_per_kwh = 1.5;
        c.tower.cycles_of_concentration = 5.0;
        // A cool hour (wet bulb 5 degC): 1,000 kWh rejected: 1,000 x 1.5 x 5/4 = 1,875 L.
        let h = liquid_hour(&c, 1000.0, 1.0, 10.0, 5.0);
        assert!(!h.trim);
        assert!((h.water_l - 1875.0).abs() < 1e-9);
        // A hot hour (wet bulb 40 degC): trim share (40 + 4 - 42) / 10 = 0.2 -> 200 kW on the chiller, condenser
        // 40 + 4 + 5.6 = 49.6 degC, COP at the cap 12 -> 16.667 kW of compressor heat, also rejected by the tower:
        // (1,000 + 16.667) x 1.875 = 1,906.25 L.
        let h = liquid_hour(&c, 1000.0, 1.0, 45.0, 40.0);
        assert!((h.water_l - 1906.25).abs() < 1e-3, "{}", h.water_l);
        // The air loop's heat leaves through the same tower: 1,000 kW of air heat in a free hour, 1,875 L.
        assert!((air_hour(&c, 1000.0, 10.0, 5.0).water_l - 1875.0).abs() < 1e-9);
    }

    #[test]
    fn air_loop_economises_in_cold_hours() {
        let mut c = cooling();
        c.heat_rejection = HeatRejection::DryCooler;
        c.dry_cooler.approach_k = 8.0;
        c.air.supply_c = 20.0;
        c.air.delta_t_k = 6.0;
        c.air.plant = AirPlant::Economiser;
        c.air.fan_kw_per_mw = 40.0;
        // 1,000 kW of air heat; fans 40 kW in every hour.
        // 5 degC: 5 + 8 = 13 < 20 -> free, fans only.
        assert!((air_hour(&c, 1000.0, 5.0, 3.0).total_kw() - 40.0).abs() < 1e-9);
        // 15 degC: (15 + 8 - 20) / 6 = 0.5 on the chiller -> 500 kW; condenser 28.6 degC, lift 8.6 K -> COP cap 12
        // -> 41.667 kW + 40 kW.
        assert!((air_hour(&c, 1000.0, 15.0, 12.0).total_kw() - 81.667).abs() < 1e-3);
        // 30 degC: all on the chiller; condenser 43.6 degC, lift 23.6 K: COP 0.635 x 293.15 / 23.6 = 7.8877 ->
        // 126.780 + 40 kW.
        let hot = air_hour(&c, 1000.0, 30.0, 22.0);
        assert!((hot.total_kw() - 166.780).abs() < 1e-3, "{}", hot.total_kw());
        assert_eq!(hot.chiller_th_kw, 1000.0);
        // A tower economises on the wet bulb: 12 + 4 - 20 < 0 -> free even at 30 degC dry bulb.
        c.heat_rejection = HeatRejection::CoolingTower;
        c.tower.approach_k = 4.0;
        assert!((air_hour(&c, 1000.0, 30.0, 12.0).total_kw() - 40.0).abs() < 1e-9);
        // Dedicated chillers run in the coldest hour too: 1,000 kW at the COP cap, 83.333 + 40 kW.
        c.heat_rejection = HeatRejection::DryCooler;
        c.air.plant = AirPlant::Chiller;
        assert!((air_hour(&c, 1000.0, 5.0, 3.0).total_kw() - 123.333).abs() < 1e-3);
    }

    #[test]
    fn chiller_plant_runs_every_hour_at_the_cop_of_its_lift() {
        let mut c = cooling();
        c.heat_rejection = HeatRejection::Chiller;
        c.supply_c = 15.0;
        c.cdu_approach_k = 3.0; // chilled water 12 degC
        c.chiller.fan_kw_per_mw = 20.0;
        // 6,500 kW on a 35 degC day: condenser 35 + 8 + 5.6 = 48.6 degC, lift 36.6 K, COP 0.635 x 285.15 / 36.6 =
        // 4.9473 -> 1,313.85 kW compressor + 20 x 6.5 = 130 kW fans.
        let h = liquid_hour(&c, 6500.0, 1.0, 35.0, 24.0);
        assert!(h.trim);
        assert!((h.chiller_kw - 1313.85).abs() < 0.01, "{}", h.chiller_kw);
        assert!((h.fan_kw - 130.0).abs() < 1e-9);
        // At -10 degC the lift is gone: COP cap 12 -> 541.67 kW.
        assert!((liquid_hour(&c, 6500.0, 1.0, -10.0, -12.0).chiller_kw - 541.667).abs() < 1e-3);
    }
}
