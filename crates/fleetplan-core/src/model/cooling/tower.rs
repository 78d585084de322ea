//! Cooling towers (F8b, F17): sized by effectiveness-NTU from the catalogue's reference tower, and their water from
//! the air's energy balance hour by hour.
//!
//! The tower is a counterflow exchanger between the water and the air's enthalpy (Braun, Klein and Mitchell 1989,
//! "Effectiveness models for cooling towers and cooling coils", ASHRAE Transactions 95(2)): air of capacity rate
//! `m_a` (kJ per kJ/kg of enthalpy) against water of rate `m_w c_pw / c_s`, where `c_s` is the slope of saturated
//! air's enthalpy over the water's temperature range. The fill's transfer units follow Merkel's characteristic
//! `KaV/L = c (L/G)^-n`, so on the air side `NTU = KaV / G = c (L/G)^(1-n)`; the heat is `eps C_min (h_s(T_in) -
//! h_air)`, with `eps` the counterflow effectiveness.

use super::counterflow_effectiveness;
use crate::catalog::settings::Tower;
use crate::psychrometrics::{self, SaturationCurve, saturated_enthalpy_kj_per_kg};

/// Specific heat of the tower's water, kJ/(kg K): liquid water at 25-45 degC (IAPWS-95: 4.18; the catalogue's
/// `water` fluid states the same figure).
pub const CP_WATER_KJ_PER_KG_K: f64 = 4.18;

/// Heat a tower of fill constant `c` and exponent `n` takes from 1 kg/s of water entering at `t_in_c`, with water
/// over air `lg`, against air of enthalpy `h_air` (kJ/kg), at `p_pa`: kW per kg/s of water. The leaving water
/// temperature sets `c_s`, so it is the root of `T_in - q(T_out) / c_pw - T_out`, found by the secant method from
/// two guesses 5 and 10 K below the entering water (converging in four to six steps to 1e-9 K).
pub fn heat_per_water_kw(c: f64, n: f64, lg: f64, t_in_c: f64, h_air: f64, p_pa: f64) -> f64 {
    let h_in = saturated_enthalpy_kj_per_kg(t_in_c, p_pa);
    if h_in <= h_air {
        return 0.0; // the air is already as warm and wet as saturation at the water: nothing to reject into
    }
    let c_air = 1.0 / lg;
    let ntu_air = c * lg.powf(1.0 - n);
    let heat = |t_out: f64| {
        let span = (t_in_c - t_out).max(1e-3);
        let c_s = (h_in - saturated_enthalpy_kj_per_kg(t_in_c - span, p_pa)) / span;
        let c_water = CP_WATER_KJ_PER_KG_K / c_s;
        let (c_min, c_max) = if c_air < c_water { (c_air, c_water) } else { (c_water, c_air) };
        counterflow_effectiveness(ntu_air * c_air / c_min, c_min / c_max) * c_min * (h_in - h_air)
    };
    let residual = |t_out: f64| t_in_c - heat(t_out) / CP_WATER_KJ_PER_KG_K - t_out;
    let (mut a, mut b) = (t_in_c - 5.0, t_in_c - 10.0);
    let (mut fa, mut fb) = (residual(a), residual(b));
    for _ in 0..50 {
        if (fb - fa).abs() < 1e-15 {
            break;
        }
        let next = b - fb * (b - a) / (fb - fa);
        (a, fa) = (b, fb);
        b = next;
        fb = residual(b);
        if (b - a).abs() < 1e-9 {
            break;
        }
    }
    heat(b)
}

/// Water over air (L/G) at which a tower of fill `(c, n)` cools water through `range_k` to `approach_k` above the
/// wet bulb of air of enthalpy `h_air`: more air (smaller L/G) rejects more, so bisection on a log scale.
fn water_air_ratio(c: f64, n: f64, approach_k: f64, range_k: f64, wet_bulb_c: f64, h_air: f64, p_pa: f64) -> f64 {
    let need = CP_WATER_KJ_PER_KG_K * range_k;
    let t_in = wet_bulb_c + approach_k + range_k;
    let (mut lo, mut hi) = (1e-3_f64, 1e2_f64);
    for _ in 0..50 {
        let mid = (lo * hi).sqrt();
        if heat_per_water_kw(c, n, mid, t_in, h_air, p_pa) >= need {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo * hi).sqrt()
}

/// The fill constant `c` of the reference tower: the one that meets the reference point (approach, range and wet
/// bulb, air entering at the enthalpy of saturation at that wet bulb) at the reference L/G.
fn fill_constant(t: &Tower, p_pa: f64) -> f64 {
    let (a, r, wb, lg) =
        (t.reference_approach_k, t.reference_range_k, t.reference_wet_bulb_c, t.reference_water_air_ratio);
    let need = CP_WATER_KJ_PER_KG_K * r;
    let h_air = saturated_enthalpy_kj_per_kg(wb, p_pa);
    let (mut lo, mut hi) = (1e-4_f64, 1e3_f64);
    for _ in 0..50 {
        let mid = (lo * hi).sqrt();
        if heat_per_water_kw(mid, t.fill_exponent, lg, wb + a + r, h_air, p_pa) < need {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo * hi).sqrt()
}

/// A site's towers as sized for its design: their L/G, and their fan power per MW of heat relative to the
/// reference tower's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TowerSizing {
    /// Water over air of the design towers at full airflow.
    pub water_air_ratio: f64,
    /// The water's range through the towers, K.
    pub range_k: f64,
    /// Fan power per MW of heat, kW, at sea level (before the air-density factor).
    pub fan_kw_per_mw: f64,
}

/// Sizes towers to cool water through `range_k` to `approach_k` above the design wet bulb `wet_bulb_c` (air of
/// enthalpy `h_air`), at `p_pa`, with the reference tower's fill (F8b). The towers are cells of the reference fill
/// and fan, each at the reference airflow; the design L/G sets how much water each carries, so the fan power per
/// unit of water is the reference's times `L/G_ref / L/G`, and per MW also `range_ref / range` (one MW at a wider
/// range is less water).
pub fn size(t: &Tower, approach_k: f64, range_k: f64, wet_bulb_c: f64, h_air: f64, p_pa: f64) -> TowerSizing {
    let c = fill_constant(t, p_pa);
    let lg = water_air_ratio(c, t.fill_exponent, approach_k, range_k, wet_bulb_c, h_air, p_pa);
    let fan = t.fan_kw_per_mw * (t.reference_range_k / range_k) * (t.reference_water_air_ratio / lg);
    TowerSizing { water_air_ratio: lg, range_k, fan_kw_per_mw: fan }
}

/// Make-up water of one hour, litres, for `rejected_kwh` of heat (F17): evaporation from the air's energy balance,
/// drift, and blowdown to hold the cycles of concentration.
///
/// - Air: the towers' design airflow carries `c_pw x range x L/G` kJ per kg at design heat and full airflow; this
///   hour it carries `u / a` of that, `u` the heat over the towers' design heat and `a` the airflow fraction (fans
///   slowed in free hours). It enters at `h_in` (dry bulb `db`, humidity ratio `w_in`) and leaves saturated
///   (Merkel) at the enthalpy `h_in + dh` (its temperature from `saturation`, the site's pressure's curve), never
///   warmer than the water entering, `t_water_in_c`.
/// - Evaporation: `(W_s(T_out) - w_in) / dh` kg per kJ of heat, times 3,600 kJ per kWh; a kilogram is a litre.
///   Cold dry air takes much of the heat as sensible heat; warm humid air nearly all as latent heat.
/// - Drift: `drift_frac` of the circulating water, `3,600 / (c_pw x range)` kg per kWh.
/// - Blowdown: evaporation / (COC - 1), less the drift that already bleeds solids (none when drift exceeds it).
#[allow(clippy::too_many_arguments)]
pub fn water_l(
    t: &Tower,
    sizing: &TowerSizing,
    rejected_kwh: f64,
    u: f64,
    a: f64,
    (db, w_in): (f64, f64),
    t_water_in_c: f64,
    saturation: &SaturationCurve,
) -> f64 {
    if rejected_kwh <= 0.0 {
        return 0.0;
    }
    let dh = CP_WATER_KJ_PER_KG_K * sizing.range_k * sizing.water_air_ratio * u / a.max(1e-3);
    let h_in = psychrometrics::enthalpy_kj_per_kg(db, w_in);
    let t_out = saturation.temperature_c(h_in + dh).min(t_water_in_c);
    let p_pa = saturation.pressure_pa();
    let w_out = psychrometrics::humidity_ratio(psychrometrics::saturation_pressure_fast_pa(t_out), p_pa);
    let evaporation = rejected_kwh * 3600.0 * (w_out - w_in).max(0.0) / dh;
    let drift = rejected_kwh * t.drift_frac * 3600.0 / (CP_WATER_KJ_PER_KG_K * sizing.range_k);
    let blowdown = (evaporation / (t.cycles_of_concentration - 1.0) - drift).max(0.0);
    evaporation + drift + blowdown
}

#[cfg(test)]
mod tests;
