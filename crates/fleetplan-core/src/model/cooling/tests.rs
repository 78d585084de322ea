//! Hand-worked checks of the cooling formulas (F5, F7-F10, the chillers' lift, the dry-cooler bank and its sizing).
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
fn a_pump_holding_a_differential_pressure_draws_more_than_the_cube_law() {
    // F10b: x (h0 + (1 - h0) x^2). Half flow, set point 0.3 of design head: 0.5 x (0.3 + 0.7 x 0.25) = 0.5 x 0.475
    // = 0.2375 of design power, within ASHRAE 90.1's 30 % at 50 % flow; the pure cube law (h0 = 0) gives 0.125.
    assert!((pump_power_frac(0.5, 0.3) - 0.2375).abs() < 1e-12);
    assert_eq!(pump_power_frac(0.5, 0.0), 0.125);
    assert_eq!((pump_power_frac(1.0, 0.3), pump_power_frac(0.0, 0.3)), (1.0, 0.0));
    // The 90.1 limit is met for h0 up to 0.467: 0.5 (h0 + 0.25 (1 - h0)) = 0.3 -> 0.75 h0 = 0.35.
    assert!((pump_power_frac(0.5, 0.35 / 0.75) - 0.3).abs() < 1e-12);
    // Monotone in flow and in the set point.
    assert!(pump_power_frac(0.6, 0.3) > pump_power_frac(0.5, 0.3));
    assert!(pump_power_frac(0.5, 0.4) > pump_power_frac(0.5, 0.3));
}

#[test]
fn fans_charge_the_airs_temperature() {
    // (T / 293.15 K)^2: 40 degC (313.15 / 293.15)^2 = 1.068225^2 = 1.141103; -5 degC 0.914719^2 = 0.836712; the
    // rating temperature itself 1.
    assert!((air_temperature_factor(40.0) - 1.141103).abs() < 1e-6);
    assert!((air_temperature_factor(-5.0) - 0.836712).abs() < 1e-6);
    assert_eq!(air_temperature_factor(FAN_RATING_AIR_C), 1.0);
}

#[test]
fn free_limit_is_supply_minus_the_approaches() {
    // F7: 45 - 3 - 8 = 34 degC dry bulb.
    let mut c = cooling();
    c.supply_c = 45.0;
    c.cdu_approach_k = 3.0;
    c.dry_cooler.approach_k = 8.0;
    c.rejection_spare_frac = 0.0;
    let limit = |c: &Cooling| LiquidDesign::new(c, 1000.0).free_limit_c(c);
    assert_eq!(limit(&c), Some((34.0, Outdoor::DryBulb)));
    c.heat_rejection = HeatRejection::CoolingTower;
    c.tower.approach_k = 4.0;
    c.tower.phe_approach_k = 1.5;
    // F8: 45 - 3 - 1.5 (plate exchanger) - 4 = 36.5 degC wet bulb.
    assert_eq!(limit(&c), Some((36.5, Outdoor::WetBulb)));
    c.heat_rejection = HeatRejection::Chiller;
    assert_eq!(limit(&c), None);
}

/// `LiquidDesign::sized` at sea level for a design dry bulb and wet bulb.
fn sized_at(c: &Cooling, kw: f64, db: f64, wb: f64) -> LiquidDesign {
    LiquidDesign::sized(c, kw, SEA_LEVEL_PA, &MoistAir::from_wet_bulb(db, wb, SEA_LEVEL_PA))
}

#[test]
fn the_bank_is_sized_for_the_design_condition_and_the_trim_chillers_heat() {
    let c = warm_dry_cooler(); // facility water 42 degC, approach_k 8, 20 kW/MW at 8 K
    // A mild design (30 degC): holding 42 degC needs only 42 - 30 = 12 K of approach: a smaller bank, 0.768 of the
    // 8 K one (`an_ntu_sized_dry_cooler_at_two_approaches`), 20 x 10 x 0.76800 = 153.60 kW of fans; free to 30 degC.
    let mild = sized_at(&c, 10_000.0, 30.0, 20.0);
    assert_eq!((mild.approach_k, mild.compressor_frac), (12.0, 0.0));
    assert!((mild.fan_design_kw - 153.60).abs() < 0.01, "{}", mild.fan_design_kw);
    assert_eq!(mild.free_limit_c(&c), Some((30.0, Outdoor::DryBulb)));
    // A hot design (38.5 degC): the closest approach the plan allows, 8 K, and the trim chillers at the design:
    // share (38.5 + 8 - 42) / 10 = 0.45 -> 4,500 kW; condenser 38.5 + 8 + 5.6 = 52.1 degC, lift 10.1 K, COP 0.635 x
    // 315.15 / 10.1 = 19.81 -> the cap 12 -> 375 kW of compressor heat the bank rejects too: capacity 1.0375, fans
    // 200 x 1.0375 = 207.5 kW.
    let hot = sized_at(&c, 10_000.0, 38.5, 24.0);
    assert_eq!(hot.approach_k, 8.0);
    assert!((hot.compressor_frac - 0.0375).abs() < 1e-12);
    assert!((hot.capacity - 1.0375).abs() < 1e-12 && (hot.fan_design_kw - 207.5).abs() < 1e-9);
    // Its free limit at nameplate rises a little: 42 - 8 / 1.0375 = 34.289 degC.
    assert!((hot.free_limit_c(&c).unwrap().0 - 34.2892).abs() < 1e-4);
    // Hotter design conditions never need less bank.
    let mut last = 0.0;
    for i in 0..40 {
        let f = sized_at(&c, 10_000.0, 20.0 + 0.5 * f64::from(i), 15.0).fan_design_kw;
        assert!(f >= last - 1e-9, "{i}: {f} < {last}");
        last = f;
    }
}

#[test]
fn chiller_cop_follows_the_lift() {
    let ch = cooling().chiller; // carnot_frac 0.635, condenser rise 5.6 K, cop_max 12
    // The rating it was derived from: 6.7 degC chilled, 35.0 degC condenser: 0.635 x 279.85 / 28.3 = 6.2793
    // (ASHRAE 90.1 centrifugal >= 600 tons: 0.560 kW/ton = COP 6.280).
    assert!((chiller_cop(&ch, 6.7, 35.0) - 6.2793).abs() < 1e-4);
    // An air loop at 20 degC on a 35 degC day through dry coolers: condenser 35 + 8 + 5.6 = 48.6 degC,
    // lift 28.6 K: 0.635 x 293.15 / 28.6 = 6.5088.
    let c = warm_dry_cooler();
    assert_eq!(condenser_c(&c, &LiquidDesign::new(&c, 1000.0), 35.0, 24.0), 48.6);
    assert!((chiller_cop(&ch, 20.0, 48.6) - 6.5088).abs() < 1e-4);
    // A warm-water trim chiller: 42 degC chilled, 53.6 degC condenser, lift 11.6 K: 0.635 x 315.15 / 11.6 =
    // 17.25, capped at 12. No lift at all: the cap.
    assert_eq!(chiller_cop(&ch, 42.0, 53.6), 12.0);
    assert_eq!(chiller_cop(&ch, 20.0, 18.0), 12.0);
    // A tower condenser follows the wet bulb: 24 + 4 + 5.6 = 33.6 degC.
    let mut t = cooling();
    t.heat_rejection = HeatRejection::CoolingTower;
    t.tower.approach_k = 4.0;
    assert!((condenser_c(&t, &LiquidDesign::new(&t, 1000.0), 35.0, 24.0) - 33.6).abs() < 1e-12);
}

#[test]
fn chillers_stage_and_lose_efficiency_at_part_load() {
    let ch = cooling().chiller; // DOE-2 centrifugal curve 0.222903 + 0.313387 p + 0.463710 p^2, 4 units, PLR >= 0.1
    // 4 x 250 kW plant at COP 6: 600 kW runs three units at 600 / 750 = 0.8: f = 0.222903 + 0.250710 + 0.296774 =
    // 0.770387 -> 750 / 6 x 0.770387 = 96.298 kW (100 kW at full-load efficiency).
    assert!((chiller_power_kw(&ch, 600.0, 1000.0, 6.0) - 96.298).abs() < 1e-3);
    // 50 kW: one unit at 0.2: f = 0.222903 + 0.062677 + 0.018548 = 0.304129 -> 250 / 6 x 0.304129 = 12.672 kW, 52 %
    // more per kW of heat than the 8.333 kW at full load.
    assert!((chiller_power_kw(&ch, 50.0, 1000.0, 6.0) - 12.672).abs() < 1e-3);
    // 10 kW: one unit at 0.04, false-loaded at 0.1: f = 0.222903 + 0.031339 + 0.004637 = 0.258879 -> 10.787 kW.
    assert!((chiller_power_kw(&ch, 10.0, 1000.0, 6.0) - 10.787).abs() < 1e-3);
    // At or beyond the installed heat, or with none installed: full load.
    assert_eq!(chiller_power_kw(&ch, 1000.0, 1000.0, 6.0), 1000.0 / 6.0);
    assert_eq!(chiller_power_kw(&ch, 1200.0, 1000.0, 6.0), 200.0);
    assert_eq!(chiller_power_kw(&ch, 120.0, 0.0, 6.0), 20.0);
    assert_eq!(chiller_power_kw(&ch, 0.0, 1000.0, 6.0), 0.0);
}

#[test]
fn an_ntu_sized_dry_cooler_at_two_approaches() {
    // Reference: 8 K approach, 10 K range, equal capacity rates: eps = 10 / 18 = 0.5556, NTU_air = 0.5556 /
    // 0.4444 = 1.25.
    assert_eq!(dry_cooler_size(10.0, 8.0, 8.0), 1.0);
    // 3 K: target eps_water = 10 / 13 = 0.76923. The bank k = 1.68544: C_air = 1.68544 C_w, so C_min = C_w,
    // NTU = 1.25 x 1.68544 = 2.10680, Cr = 1 / 1.68544 = 0.59332; e = exp(-2.10680 x 0.40668) = 0.42452;
    // eps = 0.57548 / (1 - 0.59332 x 0.42452) = 0.57548 / 0.74812 = 0.76923. 1.69x the fans of the 8 K bank.
    let k3 = dry_cooler_size(10.0, 3.0, 8.0);
    assert!((k3 - 1.68544).abs() < 1e-5, "{k3}");
    assert!((counterflow_effectiveness(1.25 * k3, 1.0 / k3) - 10.0 / 13.0).abs() < 1e-9);
    // 12 K: target 10 / 22 = 0.45455. k = 0.76800: C_min = C_air, NTU = 1.25, Cr = 0.768; e = exp(-1.25 x 0.232)
    // = 0.74826; eps_air = 0.25174 / (1 - 0.768 x 0.74826) = 0.59187; water side 0.59187 x 0.768 = 0.45455.
    let k12 = dry_cooler_size(10.0, 12.0, 8.0);
    assert!((k12 - 0.76800).abs() < 1e-5, "{k12}");
    // The fans of a 10 MW bank follow: 20 kW/MW x 10 MW x k.
    let mut c = warm_dry_cooler();
    c.dry_cooler.approach_k = 3.0;
    assert!((LiquidDesign::new(&c, 10_000.0).fan_design_kw - 337.088).abs() < 1e-3);
    // Equal rates: NTU / (1 + NTU).
    assert_eq!(counterflow_effectiveness(1.25, 1.0), 1.25 / 2.25);
}

fn warm_dry_cooler() -> Cooling {
    let mut c = cooling();
    c.supply_c = 45.0;
    c.cdu_approach_k = 3.0; // facility water 42 degC
    c.rack_delta_t_k = 10.0;
    c.heat_rejection = HeatRejection::DryCooler;
    c.dry_cooler.approach_k = 8.0;
    c.dry_cooler.reference_approach_k = 8.0;
    c.dry_cooler.fan_kw_per_mw = 20.0;
    c.fan_min_frac = 0.1;
    c.rejection_spare_frac = 0.0;
    c.trim = Trim::Chiller;
    c
}

#[test]
fn dry_cooler_hours_free_slowed_and_trimmed() {
    let mut c = warm_dry_cooler();
    // 10 MW liquid at full load; design fans 20 x 10 = 200 kW for 20 degC air, times (T / 293.15 K)^2 each hour.
    // 26 degC: spare approach 42 - 26 = 16 K, airflow 8/16 = 0.5, fans 0.5^3 = 0.125 -> 25 kW x 1.041354 = 26.034
    // kW; no chiller.
    let h = liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), 1.0, 26.0, 20.0);
    assert!(!h.trim);
    assert!((h.fan_kw - 26.0338).abs() < 1e-4, "{}", h.fan_kw);
    assert_eq!((h.chiller_kw, h.airflow_frac), (0.0, 0.5));
    // 0 degC: 8/42 cubed = 0.0069 -> floor 0.1 -> 20 kW x 0.868206 = 17.364 kW.
    assert!((liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), 1.0, 0.0, -2.0).fan_kw - 17.3641).abs() < 1e-4);
    // 36 degC: 2 K above the 34 degC limit -> trim share 2/10 = 0.2 -> 2,000 kW on the chiller; condenser
    // 36 + 8 + 5.6 = 49.6 degC, lift 7.6 K -> COP at its cap 12 -> 166.67 kW; fans full, 200 x 1.112138 kW.
    let h = liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), 1.0, 36.0, 24.0);
    assert!(h.trim);
    assert!((h.fan_kw - 222.4276).abs() < 1e-4);
    assert_eq!(h.chiller_th_kw, 2000.0);
    assert!((h.chiller_kw - 166.667).abs() < 1e-3, "{}", h.chiller_kw);
    // 46 degC: all of it on the chiller; condenser 59.6 degC, lift 17.6 K: COP 0.635 x 315.15 / 17.6 = 11.3704
    // -> 10,000 / 11.3704 = 879.48 kW: a hotter hour costs more per kW of heat as well as more heat.
    let hot = liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), 1.0, 46.0, 26.0);
    assert!((hot.chiller_kw - 879.48).abs() < 0.01, "{}", hot.chiller_kw);
    // Float: the supply rises to 36 + 8 + 3 = 47 degC, no chiller.
    c.trim = Trim::Float;
    let h = liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), 1.0, 36.0, 24.0);
    assert_eq!((h.supply_c, h.chiller_kw), (47.0, 0.0));
}

#[test]
fn a_cooler_sized_for_nameplate_has_spare_approach_at_part_load() {
    let c = warm_dry_cooler();
    // Half load at 36 degC: the sized coil reaches 0.5 x 8 = 4 K, so the limit is 42 - 4 = 38 degC: free. Fans:
    // airflow 4 / (42 - 36) = 0.667, 0.667^3 = 0.2963 of the 200 kW design -> 59.26 kW x 1.112138 = 65.904 kW.
    let h = liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), 0.5, 36.0, 24.0);
    assert!(!h.trim && h.chiller_kw == 0.0);
    assert!((h.fan_kw - 65.9045).abs() < 1e-3, "{}", h.fan_kw);
    // Trim hours fall with load and rise with the ambient, over a ramp of outdoor temperatures.
    let trims = |load: f64, shift: f64| {
        (0..200)
            .filter(|i| {
                liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), load, 20.0 + 0.1 * f64::from(*i) + shift, 18.0).trim
            })
            .count()
    };
    assert!(trims(1.0, 0.0) > trims(0.8, 0.0) && trims(0.8, 0.0) > trims(0.5, 0.0));
    assert!(trims(1.0, 2.0) > trims(1.0, 0.0));
    // No liquid load: nothing runs.
    assert_eq!(
        liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), 0.0, 40.0, 20.0),
        LiquidHour { supply_c: 45.0, airflow_frac: 1.0, ..LiquidHour::default() }
    );
}

#[test]
fn adiabatic_assist_precools_and_uses_water() {
    let mut c = warm_dry_cooler();
    c.trim = Trim::Adiabatic;
    c.dry_cooler.adiabatic_effectiveness = 0.7;
    c.dry_cooler.adiabatic_l_per_kwh = 1.0;
    // 36 degC dry bulb, 24 degC wet bulb: air pre-cooled to 36 - 0.7 x 12 = 27.6 degC, below the limit: no chiller;
    // water 10,000 kWh x 1.0 L/kWh = 10,000 L this hour.
    let h = liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), 1.0, 36.0, 24.0);
    assert!(h.trim);
    assert_eq!(h.chiller_kw, 0.0);
    assert_eq!(h.water_l, 10_000.0);
}

#[test]
fn a_tower_rejects_all_the_heat_of_both_loops_and_the_chillers_work() {
    let mut c = warm_dry_cooler();
    c.heat_rejection = HeatRejection::CoolingTower;
    c.tower.approach_k = 4.0;
    c.tower.phe_approach_k = 1.5;
    let plant = LiquidDesign::new(&c, 1000.0);
    // A free hour (wet bulb 5 degC): the tower takes the loop's 1,000 kW.
    let h = liquid_hour(&c, &plant, 1.0, 10.0, 5.0);
    assert!(!h.trim);
    assert_eq!((h.tower_kw, h.water_l), (1000.0, 0.0));
    // A hot hour (wet bulb 40 degC): the tower water must reach 42 - 1.5 = 40.5 degC; trim share (40 + 4 - 40.5) /
    // 10 = 0.35 -> 350 kW on the chiller, condenser 40 + 4 + 5.6 = 49.6 degC, lift from 42 degC 7.6 K, COP at the
    // cap 12 -> 29.167 kW of compressor heat, also rejected by the tower.
    let h = liquid_hour(&c, &plant, 1.0, 45.0, 40.0);
    assert!((h.chiller_th_kw - 350.0).abs() < 1e-9);
    assert!((h.tower_kw - 1029.167).abs() < 1e-3, "{}", h.tower_kw);
    // The air loop's heat leaves through the same tower.
    assert_eq!(air_hour(&c, &plant, 1000.0, 10.0, 5.0, 0.0).tower_kw, 1000.0);
    // A dry-cooler site has no tower.
    let d = warm_dry_cooler();
    assert_eq!(air_hour(&d, &LiquidDesign::new(&d, 1000.0), 1000.0, 10.0, 5.0, 0.0).tower_kw, 0.0);
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
    c.air.coil_approach_k = 3.0; // chilled water 17 degC for 20 degC supply air
    let air = |c: &Cooling, db: f64, wb: f64| air_hour(c, &LiquidDesign::new(c, 1000.0), 1000.0, db, wb, 0.0);
    // 1,000 kW of air heat; fans 40 kW in every hour (indoor air at 20 degC, the fans' rating temperature).
    // 5 degC: 5 + 8 = 13 < 17 -> free, fans only.
    assert!((air(&c, 5.0, 3.0).total_kw() - 40.0).abs() < 1e-9);
    // 12 degC: (12 + 8 - 17) / 6 = 0.5 on the chiller -> 500 kW; condenser 25.6 degC, lift 8.6 K -> COP cap 12
    // -> 41.667 kW + 40 kW.
    assert!((air(&c, 12.0, 10.0).total_kw() - 81.667).abs() < 1e-3);
    // 30 degC: all on the chiller; condenser 43.6 degC, lift from 17 degC 26.6 K: COP 0.635 x 290.15 / 26.6 =
    // 6.92651 -> 144.373 + 40 kW.
    let hot = air(&c, 30.0, 22.0);
    assert!((hot.total_kw() - 184.373).abs() < 1e-3, "{}", hot.total_kw());
    assert_eq!(hot.chiller_th_kw, 1000.0);
    // A tower economises on the wet bulb through the plate exchanger: 10 + 4 + 1.5 = 15.5 < 17 -> free even at
    // 30 degC dry bulb.
    c.heat_rejection = HeatRejection::CoolingTower;
    c.tower.approach_k = 4.0;
    c.tower.phe_approach_k = 1.5;
    assert!((air(&c, 30.0, 10.0).total_kw() - 40.0).abs() < 1e-9);
    // Dedicated chillers run in the coldest hour too: 1,000 kW at the COP cap, 83.333 + 40 kW.
    c.heat_rejection = HeatRejection::DryCooler;
    c.air.plant = AirPlant::Chiller;
    assert!((air(&c, 5.0, 3.0).total_kw() - 123.333).abs() < 1e-3);
}

#[test]
fn chiller_plant_runs_every_hour_at_the_cop_of_its_lift() {
    let mut c = cooling();
    c.heat_rejection = HeatRejection::Chiller;
    c.supply_c = 15.0;
    c.cdu_approach_k = 3.0; // chilled water 12 degC
    c.chiller.fan_kw_per_mw = 20.0;
    // 6,500 kW on a 35 degC day: condenser 35 + 8 + 5.6 = 48.6 degC, lift 36.6 K; an air-cooled plant has its own
    // Carnot fraction (0.443 from ASHRAE 90.1's air-cooled rating): COP 0.443 x 285.15 / 36.6 = 3.45141 -> 1,883.29
    // kW compressor at full load (the plant is sized for the liquid heat); condenser fans on the heat and the work,
    // 20 x (6.5 + 1.88329) MW = 167.666 kW at 20 degC, x 1.104955 for 35 degC air = 185.263 kW.
    let h = liquid_hour(&c, &LiquidDesign::new(&c, 6500.0), 1.0, 35.0, 24.0);
    assert!(h.trim);
    assert!((h.chiller_kw - 1883.29).abs() < 0.01, "{}", h.chiller_kw);
    assert!((h.fan_kw - 185.263).abs() < 1e-3, "{}", h.fan_kw);
    // At -10 degC the lift is gone: COP cap 12 -> 541.67 kW.
    assert!((liquid_hour(&c, &LiquidDesign::new(&c, 6500.0), 1.0, -10.0, -12.0).chiller_kw - 541.667).abs() < 1e-3);
}

#[test]
fn fans_at_altitude_move_more_air_for_the_same_mass_flow() {
    // Standard atmosphere at 1,600 m: 101,325 x (1 - 2.25577e-5 x 1600)^5.2559 = 101,325 x 0.963908^5.2559
    // = 83,523 Pa; fans (101,325 / 83,523)^2 = 1.2131^2 = 1.4717 of their sea-level power.
    let p = crate::catalog::climate::standard_pressure_pa(1600.0);
    assert!((p - 83_523.0).abs() < 1.0, "{p}");
    assert!((fan_density_factor(p) - 1.4717).abs() < 1e-4);
    let c = warm_dry_cooler();
    let high = LiquidDesign::sized(&c, 10_000.0, p, &MoistAir::from_wet_bulb(34.0, 20.0, p));
    assert!((high.fan_design_kw - 200.0 * fan_density_factor(p)).abs() < 1e-9);
    assert!((air_hour(&c, &high, 1000.0, 5.0, 3.0, 0.0).fan_kw - 40.0 * 1.4717).abs() < 0.01);
}

#[test]
fn spare_cooler_units_share_the_heat() {
    // N+1 on a bank of 4: rejection_spare_frac 0.25, capacity 1.25; all five units run. Design fans 200 x 1.25 =
    // 250 kW at full speed.
    let mut c = warm_dry_cooler();
    c.rejection_spare_frac = 0.25;
    let plant = LiquidDesign::new(&c, 10_000.0);
    assert_eq!((plant.capacity, plant.fan_design_kw), (1.25, 250.0));
    // At nameplate each unit carries 0.8 of its heat: the bank reaches 0.8 x 8 = 6.4 K, so 35 degC (7 K below the
    // 42 degC facility water) is free, where the bank without spares trims (limit 34 degC). Fans: airflow 6.4 / 7,
    // 250 x (6.4 / 7)^3 = 250 x 0.76426 = 191.07 kW, x 1.104955 for 35 degC air = 211.12 kW.
    let h = liquid_hour(&c, &plant, 1.0, 35.0, 24.0);
    assert!(!h.trim && (h.fan_kw - 211.12).abs() < 0.01, "{h:?}");
    c.rejection_spare_frac = 0.0;
    assert!(liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), 1.0, 35.0, 24.0).trim);
    // In a free hour (30 degC, 12 K of spare approach) the spares save fan power: 250 x (6.4 / 12)^3 = 37.926 kW
    // against 200 x (8 / 12)^3 = 59.259 kW without them (x 1.069388 for 30 degC air: 40.558 and 63.371 kW).
    assert!((liquid_hour(&c, &LiquidDesign::new(&c, 10_000.0), 1.0, 30.0, 20.0).fan_kw - 63.371).abs() < 1e-3);
    c.rejection_spare_frac = 0.25;
    assert!((liquid_hour(&c, &plant, 1.0, 30.0, 20.0).fan_kw - 40.558).abs() < 1e-3);
}
