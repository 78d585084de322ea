//! Hand-worked checks of the tower's sizing (F8b) and water (F17).
use super::*;
use crate::catalog::Catalog;
use crate::catalog::climate::SEA_LEVEL_PA;
use crate::psychrometrics::{MoistAir, enthalpy_kj_per_kg};

fn tower() -> Tower {
    Catalog::builtin().unwrap().defaults.cooling.tower.clone()
}

#[test]
fn the_reference_tower_is_its_own_sizing() {
    // Sized at its own reference point (5.56 K approach, 5.56 K range, 23.9 degC wet bulb), the tower is the
    // reference: L/G 1.0 and the ASHRAE 90.1 fan figure, 13.4 kW/MW.
    let t = tower();
    let h = saturated_enthalpy_kj_per_kg(23.9, SEA_LEVEL_PA);
    let s = size(&t, 5.56, 5.56, 23.9, h, SEA_LEVEL_PA);
    assert!((s.water_air_ratio - 1.0).abs() < 1e-6, "{s:?}");
    assert!((s.fan_kw_per_mw - 13.4).abs() < 1e-5);
    // Its fill constant, found by an independent rebuild of the same effectiveness-NTU equations (exact
    // saturation pressures, 100 fixed-point steps): c = 0.79001 for n = 0.6.
    assert!((fill_constant(&t, SEA_LEVEL_PA) - 0.79001).abs() < 2e-4);
}

#[test]
fn the_heat_balances_on_both_sides() {
    // Whatever the L/G, the heat leaving the water, c_pw (T_in - T_out), is what the e-NTU effectiveness gives on
    // the enthalpy difference at the water's own leaving temperature: check the returned heat against both.
    let (c, n, p) = (0.79, 0.6, SEA_LEVEL_PA);
    let h_air = saturated_enthalpy_kj_per_kg(24.0, p);
    for lg in [0.4, 1.0, 2.5] {
        let q = heat_per_water_kw(c, n, lg, 40.0, h_air, p);
        let t_out = 40.0 - q / CP_WATER_KJ_PER_KG_K;
        let h_in = saturated_enthalpy_kj_per_kg(40.0, p);
        let c_s = (h_in - saturated_enthalpy_kj_per_kg(t_out, p)) / (40.0 - t_out);
        let (ca, cw) = (1.0 / lg, CP_WATER_KJ_PER_KG_K / c_s);
        let (cmin, cmax) = (ca.min(cw), ca.max(cw));
        let eps = counterflow_effectiveness(c * lg.powf(1.0 - n) * ca / cmin, cmin / cmax);
        assert!((q - eps * cmin * (h_in - h_air)).abs() < 1e-6, "{lg}: {q}");
        // The water never leaves colder than the air's wet bulb.
        assert!(t_out > 24.0 && t_out < 40.0);
    }
    // Air as warm and wet as the water takes nothing.
    assert_eq!(heat_per_water_kw(c, n, 1.0, 30.0, saturated_enthalpy_kj_per_kg(30.0, p) + 1.0, p), 0.0);
}

#[test]
fn a_closer_approach_needs_more_fan_and_a_hotter_wet_bulb_less() {
    // Same 10 K range. A closer approach needs more air per unit of water (smaller L/G): more cells, more fan.
    // At the same approach a hotter wet bulb needs less: saturated air holds more enthalpy per kelvin there
    // (c_s larger), so each kilogram of air carries more heat. Rebuilt independently: L/G 0.5502 at 4 K and
    // 26 degC, 1.1376 at 8 K and 26 degC, 0.3687 at 4 K and 20 degC (within 0.2 %).
    let t = tower();
    let at = |a: f64, wb: f64| {
        let air = MoistAir::from_wet_bulb(wb + 6.0, wb, SEA_LEVEL_PA);
        size(&t, a, 10.0, wb, air.enthalpy_kj_per_kg, SEA_LEVEL_PA)
    };
    let (close, wide, cold) = (at(4.0, 26.0), at(8.0, 26.0), at(4.0, 20.0));
    for (s, lg) in [(close, 0.5502), (wide, 1.1376), (cold, 0.3687)] {
        assert!((s.water_air_ratio / lg - 1.0).abs() < 0.002, "{s:?} against {lg}");
    }
    assert!(close.fan_kw_per_mw > wide.fan_kw_per_mw && cold.fan_kw_per_mw > close.fan_kw_per_mw);
    // Fan per MW = 13.4 x (5.56 / 10) x (1.0 / L/G): 4 K at 26 degC, 13.4 x 0.556 / 0.5502 = 13.54 kW/MW.
    assert!((close.fan_kw_per_mw - 13.4 * 0.556 / close.water_air_ratio).abs() < 1e-9);
}

#[test]
fn tower_water_from_the_airs_energy_balance() {
    let mut t = tower();
    t.drift_frac = 0.00005;
    t.cycles_of_concentration = 5.0;
    let s = TowerSizing { water_air_ratio: 1.0, range_k: 10.0, fan_kw_per_mw: 13.4 };
    let sea = SaturationCurve::at(SEA_LEVEL_PA);
    // Design heat, full airflow: each kg of air takes c_pw x range x L/G = 4.18 x 10 x 1.0 = 41.8 kJ. Air at 30
    // degC with W = 0.015 enters at h = 1.006 x 30 + 0.015 x (2501 + 1.86 x 30) = 68.532 kJ/kg and leaves
    // saturated at 110.332 kJ/kg: 31.941 degC, W_s = 0.030542. Evaporation (0.030542 - 0.015) / 41.8 x 3,600 =
    // 1.33850 kg/kWh; drift 0.00005 x 3,600 / 41.8 = 0.00431; blowdown 1.33850 / 4 - 0.00431 = 0.33032; make-up
    // 1.67313 L per kWh rejected.
    assert!((enthalpy_kj_per_kg(30.0, 0.015) - 68.532).abs() < 1e-9);
    let hot = water_l(&t, &s, 1000.0, 1.0, 1.0, (30.0, 0.015), 52.0, &sea);
    assert!((hot - 1673.13).abs() < 0.05, "{hot}");
    // A cold dry hour, 5 degC and W = 0.003, at 0.8 of the heat with the fans slowed to half the air: each kg takes
    // 41.8 x 0.8 / 0.5 = 66.88 kJ, from 12.561 to 79.441 kJ/kg, leaving saturated at 25.736 degC with W_s =
    // 0.021010: (0.021010 - 0.003) / 66.88 x 3,600 = 0.96941 kg/kWh evaporated: a third of the heat left as
    // sensible heat in the air, where the humid hour sent 92 % away as vapour.
    let cold = water_l(&t, &s, 1000.0, 0.8, 0.5, (5.0, 0.003), 52.0, &sea);
    let evaporated = 969.41;
    let drift = 4.306;
    assert!((cold - (evaporated + drift + (evaporated / 4.0 - drift))).abs() < 0.05, "{cold}");
    assert!(cold < hot);
    // Every hour that rejects heat uses water; none rejected, none used.
    assert!(water_l(&t, &s, 1.0, 0.01, 0.3, (-20.0, 0.0005), 52.0, &sea) > 0.0);
    assert_eq!(water_l(&t, &s, 0.0, 0.0, 1.0, (30.0, 0.015), 52.0, &sea), 0.0);
    // Drift larger than the bleed the cycles need: no blowdown, make-up = evaporation + drift.
    t.drift_frac = 0.01;
    let all_drift = water_l(&t, &s, 1000.0, 1.0, 1.0, (30.0, 0.015), 52.0, &sea);
    assert!((all_drift - (1338.50 + 0.01 * 3_600_000.0 / 41.8)).abs() < 0.1, "{all_drift}");
}

#[test]
fn the_tabled_saturation_curve_inverts_the_saturated_enthalpy() {
    for p in [SEA_LEVEL_PA, 81_489.0] {
        let curve = SaturationCurve::at(p);
        for i in 0..300 {
            let t = -15.0 + 0.25 * f64::from(i);
            let h = saturated_enthalpy_kj_per_kg(t, p);
            assert!((curve.temperature_c(h) - t).abs() < 1e-5, "{t} degC at {p} Pa");
        }
    }
}
