use super::*;
use crate::catalog::climate::{SEA_LEVEL_PA, standard_pressure_pa};

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn saturation_pressure_matches_physical_anchors_and_ashrae_table_3() {
    // Independent of the fit: the triple point of water, 611.657 Pa at 0.01 degC (IAPWS), and the normal boiling
    // point, 101,325 Pa at 99.974 degC (ITS-90).
    assert!(close(saturation_pressure_pa(0.01), 611.657, 0.05));
    assert!(close(saturation_pressure_pa(99.974), 101_325.0, 5.0));
    // ASHRAE Fundamentals 2017 ch. 1 Table 3, to 0.1 %: -10 degC over ice 0.2599 kPa, 20 degC 2.339 kPa, 30 degC
    // 4.246 kPa, 40 degC 7.384 kPa.
    for (t, kpa) in [(-10.0, 0.2599), (20.0, 2.339), (30.0, 4.246), (40.0, 7.384)] {
        let p = saturation_pressure_pa(t);
        assert!(close(p / 1000.0, kpa, kpa * 1e-3), "{t} degC: {p} Pa against {kpa} kPa");
    }
}

#[test]
fn the_tabled_saturation_pressure_follows_the_exact_one() {
    for i in 0..1490 {
        let t = -55.0 + i as f64 * 0.1037;
        let (a, b) = (saturation_pressure_fast_pa(t), saturation_pressure_pa(t));
        assert!(((a - b) / b).abs() < 3e-5, "{t}: {a} {b}");
    }
}

#[test]
fn saturated_humidity_ratio_at_sea_level_and_at_altitude() {
    // Sea level, 20 degC, equation 23: 0.621945 x 2338.8 / (101,325 - 2338.8) = 1454.6 / 98,986 = 0.014695.
    // ASHRAE Table 2 lists 0.014758: it carries the enhancement factor of moist air, 1.0044 at 20 degC, which this
    // model leaves out (0.4 % on the humidity ratio, a few hundredths of a kelvin on a wet bulb).
    let ws = saturation_humidity_ratio(20.0, SEA_LEVEL_PA);
    assert!(close(ws, 0.014695, 2e-6), "{ws}");
    assert!(close(ws * 1.0044, 0.014758, 1e-5));
    // ASHRAE Table 1 (standard atmosphere): 84.556 kPa at 1,500 m and 79.495 kPa at 2,000 m.
    assert!(close(standard_pressure_pa(1500.0), 84_556.0, 5.0));
    assert!(close(standard_pressure_pa(2000.0), 79_495.0, 5.0));
    // At 1,500 m, 20 degC: 0.621945 x 2338.8 / (84,556 - 2338.8) = 1454.6 / 82,217 = 0.017692.
    let ws = saturation_humidity_ratio(20.0, 84_556.0);
    assert!(close(ws, 0.017692, 2e-6), "{ws}");
}

#[test]
fn enthalpy_and_wet_bulb_of_ashrae_example() {
    // ASHRAE Fundamentals 2017 ch. 1, Example 2: 40 degC dry bulb, 20 degC thermodynamic wet bulb, 101.325 kPa.
    // W_s* = 0.014695 (above; no enhancement factor); W = ((2501 - 2.326 x 20) 0.014695 - 1.006 x 20) / (2501 +
    // 1.86 x 40 - 4.186 x 20) = (36.069 - 20.12) / 2491.68 = 0.006401 (the Handbook, with 0.014758: 0.006463).
    let w = humidity_ratio_from_wet_bulb(40.0, 20.0, SEA_LEVEL_PA);
    assert!(close(w, 0.006401, 2e-6), "{w}");
    // h = 1.006 x 40 + 0.006401 (2501 + 1.86 x 40) = 40.24 + 16.48 = 56.72 kJ/kg (the Handbook: 56.7).
    assert!(close(enthalpy_kj_per_kg(40.0, w), 56.72, 0.01));
    // The inverse: the wet bulb of that air is 20 degC again.
    assert!(close(wet_bulb_c(40.0, w, SEA_LEVEL_PA), 20.0, 1e-4));
    // Saturated air: wet bulb = dew point = dry bulb.
    let s = MoistAir::from_dew_point(25.0, 25.0, SEA_LEVEL_PA);
    assert!(close(s.wet_bulb_c, 25.0, 1e-4) && close(s.dew_point_c, 25.0, 1e-9));
}

#[test]
fn dew_point_and_state_round_trips() {
    for (db, dp) in [(30.0, 10.0), (35.0, 24.0), (5.0, -3.0), (-5.0, -12.0), (42.0, 2.0)] {
        for p in [SEA_LEVEL_PA, standard_pressure_pa(1800.0)] {
            let a = MoistAir::from_dew_point(db, dp, p);
            let b = MoistAir::from_wet_bulb(db, a.wet_bulb_c, p);
            assert!(close(b.dew_point_c, dp, 1e-3), "{db} {dp} {p}: {b:?}");
            assert!(close(b.humidity_ratio, a.humidity_ratio, 1e-7));
            assert!(a.dew_point_c <= a.wet_bulb_c && a.wet_bulb_c <= a.dry_bulb_c);
        }
        // RH from the dew point and back: RH = p_ws(dp) / p_ws(db).
        let rh = 100.0 * saturation_pressure_pa(dp) / saturation_pressure_pa(db);
        assert!(close(dew_point_from_rh_c(db, rh), dp, 1e-4));
    }
}

#[test]
fn wet_bulb_at_altitude_is_below_the_sea_level_fit() {
    // 30 degC, dew point 10 degC: p_w = p_ws(10) = 1228.0 Pa. At sea level W = 0.621945 x 1228.0 / (101,325 -
    // 1228.0) = 0.007630, and equation 33 holds at t* = 17.74: W_s* = 0.621945 x 2030.2 / 99,294.8 = 0.012717,
    // ((2501 - 41.25) 0.012717 - 1.006 x 12.26) / (2501 + 55.8 - 74.24) = (31.281 - 12.338) / 2482.6 = 0.007630.
    // At 1,800 m (81,489 Pa) the same vapour pressure is W = 763.8 / 80,261 = 0.009516, and t* = 16.84: W_s* =
    // 0.621945 x 1917.8 / 79,571 = 0.014990, ((2501 - 39.16) 0.014990 - 1.006 x 13.16) / (2501 + 55.8 - 70.47) =
    // (36.904 - 13.24) / 2486.3 = 0.009517. Thinner air evaporates more for the same vapour pressure; Stull's
    // sea-level fit cannot see the pressure and stays near the sea-level value.
    let p = standard_pressure_pa(1800.0);
    assert!(close(p, 81_489.0, 1.0), "{p}");
    let sea = MoistAir::from_dew_point(30.0, 10.0, SEA_LEVEL_PA);
    let high = MoistAir::from_dew_point(30.0, 10.0, p);
    assert!(close(sea.humidity_ratio, 0.007630, 1e-6) && close(high.humidity_ratio, 0.009516, 1e-6));
    assert!(close(sea.wet_bulb_c, 17.74, 0.01), "{sea:?}");
    assert!(close(high.wet_bulb_c, 16.84, 0.01), "{high:?}");
    let rh = 100.0 * saturation_pressure_pa(10.0) / saturation_pressure_pa(30.0);
    let stull = crate::catalog::climate::stull_wet_bulb_c(30.0, rh, 10.0);
    let high = high.wet_bulb_c;
    assert!(stull - high > 0.5, "Stull {stull} against {high} at 1,800 m");
}

#[test]
fn saturation_temperature_inverts_saturated_enthalpy() {
    for p in [SEA_LEVEL_PA, 80_000.0] {
        for t in [-20.0, 0.0, 12.5, 30.0, 47.0] {
            let h = saturated_enthalpy_kj_per_kg(t, p);
            assert!(close(saturation_temperature_c(h, p, t - 8.0), t, 2e-4), "{t} {p}");
            assert!(close(saturation_temperature_c(h, p, 90.0), t, 2e-4), "{t} {p} from far");
        }
    }
    // Sea level, 30 degC: W_s = 0.621945 x 4246.0 / (101,325 - 4246.0) = 0.027203; h = 30.18 + 0.027203 x 2556.8
    // = 99.73 kJ/kg (ASHRAE Table 2, with the enhancement factor: 100.0).
    assert!(close(saturated_enthalpy_kj_per_kg(30.0, SEA_LEVEL_PA), 99.73, 0.01));
}
