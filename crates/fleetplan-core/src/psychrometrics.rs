//! Moist air at station pressure (ASHRAE Handbook, Fundamentals 2017, chapter 1, "Psychrometrics"): saturation
//! pressure, humidity ratio, enthalpy, wet bulb and dew point, and the state of one hour's outdoor air that every
//! humidity-dependent term of the model reads (the free-cooling limits, tower evaporation, the air loop).
//!
//! Temperatures in degC, pressures in Pa, humidity ratios in kg of water per kg of dry air, enthalpies in kJ per kg
//! of dry air.

use std::sync::LazyLock;

use crate::units::ZERO_C_IN_K;

/// Saturation pressure of water vapour, Pa: Hyland and Wexler as given by ASHRAE Fundamentals (2017) chapter 1,
/// equation 5 over ice (below 0 degC) and equation 6 over liquid water (0 to 200 degC). `ln p_ws` is a polynomial
/// in the absolute temperature `T` plus `ln T` terms; the table values it reproduces: 611.2 Pa at 0 degC, 2,339.3
/// Pa at 20 degC, 7,384.9 Pa at 40 degC (Table 3).
pub fn saturation_pressure_pa(t_c: f64) -> f64 {
    let t = t_c + ZERO_C_IN_K;
    let ln = if t_c < 0.0 {
        -5.674_535_9e3 / t + 6.392_524_7 - 9.677_843e-3 * t + 6.221_570_1e-7 * t * t + 2.074_782_5e-9 * t * t * t
            - 9.484_024e-13 * t * t * t * t
            + 4.163_501_9 * t.ln()
    } else {
        -5.800_220_6e3 / t + 1.391_499_3 - 4.864_023_9e-2 * t + 4.176_476_8e-5 * t * t - 1.445_209_3e-8 * t * t * t
            + 6.545_967_3 * t.ln()
    };
    ln.exp()
}

/// Humidity ratio of air whose water-vapour partial pressure is `pw_pa` at total pressure `p_pa` (equation 20:
/// `W = 0.621945 p_w / (p - p_w)`; 0.621945 is the ratio of the molar masses of water and dry air).
pub fn humidity_ratio(pw_pa: f64, p_pa: f64) -> f64 {
    0.621_945 * pw_pa / (p_pa - pw_pa).max(1.0)
}

/// Humidity ratio of saturated air at `t_c` and `p_pa` (equation 23).
pub fn saturation_humidity_ratio(t_c: f64, p_pa: f64) -> f64 {
    humidity_ratio(saturation_pressure_pa(t_c), p_pa)
}

/// Specific enthalpy of moist air, kJ per kg of dry air (equation 32: `h = 1.006 t + W (2501 + 1.86 t)`).
pub fn enthalpy_kj_per_kg(t_c: f64, w: f64) -> f64 {
    1.006 * t_c + w * (2501.0 + 1.86 * t_c)
}

/// Humidity ratio of air at dry bulb `t_c` whose thermodynamic wet bulb is `wb_c` (equation 33 above freezing,
/// equation 35 over ice): `W = ((2501 - 2.326 t*) W_s* - 1.006 (t - t*)) / (2501 + 1.86 t - 4.186 t*)`.
pub fn humidity_ratio_from_wet_bulb(t_c: f64, wb_c: f64, p_pa: f64) -> f64 {
    let ws = saturation_humidity_ratio(wb_c, p_pa);
    let w = if wb_c >= 0.0 {
        ((2501.0 - 2.326 * wb_c) * ws - 1.006 * (t_c - wb_c)) / (2501.0 + 1.86 * t_c - 4.186 * wb_c)
    } else {
        ((2830.0 - 0.24 * wb_c) * ws - 1.006 * (t_c - wb_c)) / (2830.0 + 1.86 * t_c - 2.1 * wb_c)
    };
    w.max(0.0)
}

/// Thermodynamic wet bulb of air at dry bulb `t_c` and humidity ratio `w`, at `p_pa`: the root of equations 33/35
/// (the humidity ratio they give rises with the wet bulb) between -100 degC and the dry bulb, to 1e-6 K. Newton's
/// method (the slope by a 1e-3 K difference) inside a bracket that every step narrows, so it converges in three or
/// four steps from the bracket's middle and can never leave it; air drier than the equations allow at `t_c` has its
/// wet bulb at the bracket's low end.
pub fn wet_bulb_c(t_c: f64, w: f64, p_pa: f64) -> f64 {
    let f = |t: f64| humidity_ratio_from_wet_bulb(t_c, t, p_pa) - w;
    let (mut lo, mut hi) = ((-100.0_f64).min(t_c), t_c);
    if f(hi) <= 0.0 {
        return t_c; // saturated (or supersaturated by rounding)
    }
    let mut t = (0.5 * (lo + hi)).max(t_c - 30.0);
    for _ in 0..100 {
        let ft = f(t);
        if ft < 0.0 {
            lo = t;
        } else {
            hi = t;
        }
        if hi - lo < 1e-6 {
            break;
        }
        let slope = (f(t + 1e-3) - ft) / 1e-3;
        let newton = t - ft / slope;
        let next = if slope > 0.0 && newton > lo && newton < hi { newton } else { 0.5 * (lo + hi) };
        if (next - t).abs() < 1e-7 {
            return next;
        }
        t = next;
    }
    0.5 * (lo + hi)
}

/// Dew point of air whose vapour pressure is `pw_pa`: the temperature at which it saturates, the inverse of
/// [`saturation_pressure_pa`], by bisection to 1e-6 K between -100 and 100 degC.
pub fn dew_point_c(pw_pa: f64) -> f64 {
    let (mut lo, mut hi) = (-100.0_f64, 100.0_f64);
    while hi - lo > 1e-6 {
        let mid = 0.5 * (lo + hi);
        if saturation_pressure_pa(mid) < pw_pa {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Dew point from dry bulb and relative humidity (`RH = p_w / p_ws(t)`, equation 24): for records whose dew point
/// is missing.
pub fn dew_point_from_rh_c(t_c: f64, rh_pct: f64) -> f64 {
    dew_point_c(saturation_pressure_pa(t_c) * (rh_pct / 100.0).clamp(1e-4, 1.0)).min(t_c)
}

/// One state of outdoor air at the station's pressure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MoistAir {
    pub dry_bulb_c: f64,
    pub dew_point_c: f64,
    pub wet_bulb_c: f64,
    /// kg water per kg dry air.
    pub humidity_ratio: f64,
    /// kJ per kg dry air.
    pub enthalpy_kj_per_kg: f64,
}

impl MoistAir {
    /// Air of dry bulb `db` and dew point `dp` (the dew point fixes the vapour pressure: `p_w = p_ws(dp)`), at
    /// `p_pa`. A dew point above the dry bulb (fog, or rounding) is taken as saturation at the dry bulb.
    pub fn from_dew_point(db: f64, dp: f64, p_pa: f64) -> MoistAir {
        let dp = dp.min(db);
        let w = humidity_ratio(saturation_pressure_pa(dp), p_pa);
        MoistAir {
            dry_bulb_c: db,
            dew_point_c: dp,
            wet_bulb_c: wet_bulb_c(db, w, p_pa).max(dp),
            humidity_ratio: w,
            enthalpy_kj_per_kg: enthalpy_kj_per_kg(db, w),
        }
    }

    /// Air of dry bulb `db` and wet bulb `wb` (a design point states the two), at `p_pa`.
    pub fn from_wet_bulb(db: f64, wb: f64, p_pa: f64) -> MoistAir {
        let wb = wb.min(db);
        let w = humidity_ratio_from_wet_bulb(db, wb, p_pa);
        let pw = w * p_pa / (0.621_945 + w);
        MoistAir {
            dry_bulb_c: db,
            dew_point_c: dew_point_c(pw).min(wb),
            wet_bulb_c: wb,
            humidity_ratio: w,
            enthalpy_kj_per_kg: enthalpy_kj_per_kg(db, w),
        }
    }
}

/// Saturation pressure from a table at 0.05 K from -60 to 100 degC, interpolated linearly (within 3e-5 of
/// [`saturation_pressure_pa`], relative, the most next to 0 degC where ice gives way to water)
/// for the terms computed every hour of every evaluation (a tower's leaving air), where the two logarithms and the
/// exponential of the exact form would be most of the hour's cost.
pub fn saturation_pressure_fast_pa(t_c: f64) -> f64 {
    saturation_pressure_and_slope(t_c).0
}

/// The tabled saturation pressure and its slope over the table's step, Pa and Pa/K.
fn saturation_pressure_and_slope(t_c: f64) -> (f64, f64) {
    const LO: f64 = -60.0;
    const STEP: f64 = 0.05;
    const N: usize = 3201;
    static TABLE: LazyLock<Vec<f64>> =
        LazyLock::new(|| (0..N).map(|i| saturation_pressure_pa(LO + STEP * i as f64)).collect());
    let table: &[f64] = &TABLE;
    let x = ((t_c - LO) / STEP).clamp(0.0, (N - 2) as f64);
    let i = x as usize;
    let (a, b) = (table[i], table[i + 1]);
    (a + (x - i as f64) * (b - a), (b - a) / STEP)
}

/// Enthalpy of saturated air at `t_c`, kJ/kg, from the tabled saturation pressure.
pub fn saturated_enthalpy_kj_per_kg(t_c: f64, p_pa: f64) -> f64 {
    enthalpy_kj_per_kg(t_c, humidity_ratio(saturation_pressure_fast_pa(t_c), p_pa))
}

/// Saturated air's enthalpy at `t_c` and `p_pa` and its slope, kJ/kg and kJ/(kg K): `dh/dT = 1.006 + 1.86 W_s +
/// (2501 + 1.86 T) dW_s/dT`, `dW_s/dT = 0.621945 p (dp_ws/dT) / (p - p_ws)^2`, from one lookup of the table.
fn saturated_enthalpy_and_slope(t_c: f64, p_pa: f64) -> (f64, f64) {
    let (pw, dpw) = saturation_pressure_and_slope(t_c);
    let w = humidity_ratio(pw, p_pa);
    let dw = 0.621_945 * p_pa * dpw / ((p_pa - pw).max(1.0) * (p_pa - pw).max(1.0));
    (enthalpy_kj_per_kg(t_c, w), 1.006 + 1.86 * w + (2501.0 + 1.86 * t_c) * dw)
}

/// Temperature of saturated air whose enthalpy is `h`, kJ/kg, at `p_pa`: the inverse of
/// [`saturated_enthalpy_kj_per_kg`] (which rises with temperature). Newton's method from `guess`, with the slope
/// of `saturated_enthalpy_and_slope`; to 1e-4 K in three or four steps from a guess within 10 K. Bisection
/// between -60 and 100 degC if it has not converged in twelve.
pub fn saturation_temperature_c(h: f64, p_pa: f64, guess: f64) -> f64 {
    let mut t = guess.clamp(-60.0, 100.0);
    for _ in 0..12 {
        let (h_t, slope) = saturated_enthalpy_and_slope(t, p_pa);
        let step = (h_t - h) / slope;
        t = (t - step).clamp(-60.0, 100.0);
        if step.abs() < 1e-4 {
            return t;
        }
    }
    let (mut lo, mut hi) = (-60.0_f64, 100.0_f64);
    while hi - lo > 1e-4 {
        let mid = 0.5 * (lo + hi);
        if saturated_enthalpy_kj_per_kg(mid, p_pa) < h {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Saturated air's temperature as a function of its enthalpy at one pressure, tabled once (every 2.5 kJ/kg from
/// -20 to 1,280 kJ/kg, about -22 to 80 degC at sea level, each entry by [`saturation_temperature_c`]) for the terms
/// that invert it every hour: a lookup and one Newton step give the temperature to about 1e-6 K; beyond the table,
/// [`saturation_temperature_c`] itself.
/// `Default` is an empty curve, for a site without towers (never read).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SaturationCurve {
    p_pa: f64,
    t_c: Vec<f64>,
}

impl SaturationCurve {
    const H0: f64 = -20.0;
    const STEP: f64 = 2.5;
    const N: usize = 521;

    /// The curve at `p_pa`.
    pub fn at(p_pa: f64) -> SaturationCurve {
        let mut t_c = Vec::with_capacity(Self::N);
        let mut guess = -30.0;
        for i in 0..Self::N {
            let t = saturation_temperature_c(Self::H0 + Self::STEP * i as f64, p_pa, guess);
            t_c.push(t);
            guess = t;
        }
        SaturationCurve { p_pa, t_c }
    }

    /// The pressure the curve is for, Pa.
    pub fn pressure_pa(&self) -> f64 {
        self.p_pa
    }

    /// The temperature of saturated air of enthalpy `h`, degC.
    pub fn temperature_c(&self, h: f64) -> f64 {
        let top = Self::H0 + Self::STEP * (Self::N - 1) as f64;
        if !(Self::H0..=top).contains(&h) || self.t_c.len() != Self::N {
            return saturation_temperature_c(h, self.p_pa, 30.0);
        }
        let x = ((h - Self::H0) / Self::STEP).clamp(0.0, (Self::N - 2) as f64);
        let i = x as usize;
        let t = self.t_c[i] + (x - i as f64) * (self.t_c[i + 1] - self.t_c[i]);
        // One Newton step on h_s(t) = h from the interpolated value.
        let (h_t, slope) = saturated_enthalpy_and_slope(t, self.p_pa);
        t - (h_t - h) / slope
    }
}

#[cfg(test)]
mod tests;
