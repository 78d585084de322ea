//! Unit conversions, in one place. Quantities carry their unit in their name (`it_kw`, `grid_mw`, `water_l`);
//! these functions are the only place a factor of 1,000 or 10^6 between units is written.
//!
//! Each keeps the arithmetic of a plain `x / 1000.0` or `x * 1000.0`, so a conversion never changes a figure in the
//! last digit.

/// Seconds in an hour.
pub const SECONDS_PER_HOUR: f64 = 3600.0;
/// Seconds in a quarter of the typical year: 8,760 h / 4 x 3,600 s = 7,884,000 s.
pub const SECONDS_PER_QUARTER: f64 = HOURS_PER_YEAR as f64 / 4.0 * SECONDS_PER_HOUR;
/// Kelvin at 0 degC.
pub const ZERO_C_IN_K: f64 = 273.15;
/// Hours in the typical year every hourly series covers (365 days; 29 February is left out).
pub const HOURS_PER_YEAR: usize = 8760;

/// MW from kW.
pub fn kw_to_mw(kw: f64) -> f64 {
    kw / 1000.0
}

/// kW from MW.
pub fn mw_to_kw(mw: f64) -> f64 {
    mw * 1000.0
}

/// W from kW.
pub fn kw_to_w(kw: f64) -> f64 {
    kw * 1000.0
}

/// MWh from kWh.
pub fn kwh_to_mwh(kwh: f64) -> f64 {
    kwh / 1000.0
}

/// GWh from MWh.
pub fn mwh_to_gwh(mwh: f64) -> f64 {
    mwh / 1000.0
}

/// MWh from GWh.
pub fn gwh_to_mwh(gwh: f64) -> f64 {
    gwh * 1000.0
}

/// m3 from litres.
pub fn l_to_m3(l: f64) -> f64 {
    l / 1000.0
}

/// m3/h from L/min: 60 minutes an hour, 1,000 L a cubic metre.
pub fn lpm_to_m3h(lpm: f64) -> f64 {
    lpm * 60.0 / 1000.0
}

/// Price per kWh from price per MWh.
pub fn per_mwh_to_per_kwh(usd_per_mwh: f64) -> f64 {
    usd_per_mwh / 1000.0
}

/// Millions of dollars from dollars.
pub fn usd_to_musd(usd: f64) -> f64 {
    usd / 1e6
}

/// A price per unit as a price per million units ($/token to $/M tokens).
pub fn per_million(per_unit: f64) -> f64 {
    per_unit * 1e6
}

/// Millions of a count (tokens, dollars): `x / 10^6`.
pub fn in_millions(x: f64) -> f64 {
    x / 1e6
}

/// Milliseconds from seconds.
pub fn s_to_ms(s: f64) -> f64 {
    s * 1000.0
}

/// Seconds from milliseconds.
pub fn ms_to_s(ms: f64) -> f64 {
    ms / 1000.0
}

/// Seconds from microseconds.
pub fn us_to_s(us: f64) -> f64 {
    us / 1e6
}

/// A count from a count in billions (model parameters).
pub fn billions(b: f64) -> f64 {
    b * 1e9
}

/// Bytes from GB (decimal, as HBM capacities are quoted).
pub fn gb_to_bytes(gb: f64) -> f64 {
    gb * 1e9
}

/// Bytes/s from GB/s.
pub fn gb_s_to_bytes_s(gb_s: f64) -> f64 {
    gb_s * 1e9
}

/// Bytes/s from TB/s.
pub fn tb_s_to_bytes_s(tb_s: f64) -> f64 {
    tb_s * 1e12
}

/// FLOP/s from PFLOP/s.
pub fn pflops_to_flops(pflops: f64) -> f64 {
    pflops * 1e15
}

/// EFLOP/s from PFLOP/s.
pub fn pflops_to_eflops(pflops: f64) -> f64 {
    pflops / 1000.0
}

// ---- numbers as planners read them -----------------------------------------------------------------------------
// One format everywhere (tables, the app, findings): thousands separators, decimals by magnitude.

/// A count when the value is a whole number (racks, GPUs, hours), else `number`.
pub fn count_or_number(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        let s = thousands(&format!("{}", x.abs() as u64));
        if x < 0.0 { format!("-{s}") } else { s }
    } else {
        number(x)
    }
}

/// Decimals by magnitude: 1,234,567 / 123.4 / 12.35 / 1.123.
pub fn number(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let a = x.abs();
    // Beyond what a grouped number shows readably (a quadrillion; below a millionth): scientific notation.
    if a >= 1e15 || (a > 0.0 && a < 1e-6) {
        return format!("{x:.3e}");
    }
    let s = if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 10.0 {
        format!("{x:.2}")
    } else if a == 0.0 {
        "0".to_string()
    } else {
        format!("{x:.3}")
    };
    if s == "-0" { "0".to_string() } else { thousands(&s) }
}

/// A figure at a fixed number of decimals, grouped: for a column whose rows should line up (`10.58`, `9.99`,
/// `1,250.00`).
pub fn fixed(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{x:.decimals$}");
    let s = if s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
        s.trim_start_matches('-').to_string()
    } else {
        s
    };
    thousands(&s)
}

/// A count with thousands separators: 3,200.
pub fn integer(n: u64) -> String {
    thousands(&n.to_string())
}

fn thousands(s: &str) -> String {
    let (sign, rest) = s.strip_prefix('-').map_or(("", s), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A count and its noun, grouped, with the plural when it is not one: `1 site`, `3,200 racks` (nouns that take an
/// -s).
pub fn plural(n: u64, noun: &str) -> String {
    let count = integer(n);
    if n == 1 { format!("{count} {noun}") } else { format!("{count} {noun}s") }
}

/// A large count with an engineering prefix and three significant digits, so it reads at a glance: `9.70 T`,
/// `26.6 P`, `512 M`; below a million, `number`'s format (`845,000`).
pub fn si(x: f64) -> String {
    const PREFIXES: [(f64, &str); 5] = [(1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M")];
    if !x.is_finite() {
        return String::new();
    }
    match PREFIXES.iter().find(|(scale, _)| x.abs() >= *scale) {
        Some((scale, p)) if x.abs() < 1e21 => {
            let v = x / scale;
            let digits = if v.abs() >= 100.0 {
                0
            } else if v.abs() >= 10.0 {
                1
            } else {
                2
            };
            format!("{v:.digits$} {p}")
        }
        _ => number(x),
    }
}

/// Kilowatts to the nearest kW, grouped: `2,520`, `520`, `-35`.
pub fn kw(x: f64) -> String {
    count_or_number(x.round())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_by_hand() {
        // A 132 kW rack is 0.132 MW; a 5 MW grid envelope is 5,000 kW.
        assert_eq!(kw_to_mw(132.0), 0.132);
        assert_eq!(mw_to_kw(5.0), 5000.0);
        // 87,000 kWh = 87 MWh = 0.087 GWh; 2.5 GWh = 2,500 MWh.
        assert_eq!(kwh_to_mwh(87_000.0), 87.0);
        assert_eq!(mwh_to_gwh(87.0), 0.087);
        assert_eq!(gwh_to_mwh(2.5), 2500.0);
        // 1,450 L/min x 60 min/h / 1,000 L/m3 = 87 m3/h (the F5 example flow of 1 MW at 10 K).
        assert_eq!(lpm_to_m3h(1450.0), 87.0);
        assert_eq!(l_to_m3(2500.0), 2.5);
        // $80/MWh is $0.08/kWh; $2.5 M is 2.5 M$.
        assert_eq!(per_mwh_to_per_kwh(80.0), 0.08);
        assert_eq!(usd_to_musd(2.5e6), 2.5);
        assert_eq!(per_million(0.25), 250_000.0);
        assert_eq!(s_to_ms(0.25), 250.0);
        assert_eq!(ms_to_s(250.0), 0.25);
        assert_eq!(us_to_s(20.0), 2e-5);
        assert_eq!(kw_to_w(1.25), 1250.0);
        // DeepSeek-R1: 671 B parameters; an 8 TB/s HBM; 10 PFLOP/s dense FP4; 288 GB of HBM.
        assert_eq!(billions(671.0), 671e9);
        assert_eq!(tb_s_to_bytes_s(8.0), 8e12);
        assert_eq!(pflops_to_flops(10.0), 1e16);
        assert_eq!(gb_to_bytes(288.0), 288e9);
        assert_eq!(gb_s_to_bytes_s(100.0), 1e11);
        assert_eq!(pflops_to_eflops(720.0), 0.72);
        assert_eq!(24 * 365, HOURS_PER_YEAR);
    }

    #[test]
    fn extreme_numbers_stay_short() {
        // 1e308 was 309 digits wide; 1e-300 showed as 0.000.
        assert_eq!(number(1e308), "1.000e308");
        assert_eq!(number(-2.5e-300), "-2.500e-300");
        assert_eq!(number(1234.4), "1,234");
        assert_eq!(number(0.0), "0");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(1234567.8), "1,234,568");
        assert_eq!(number(844.8), "844.8");
        assert_eq!(number(12.346), "12.35");
        assert_eq!(number(1.12345), "1.123");
        assert_eq!(number(-1500.0), "-1,500");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(f64::NAN), "");
        assert_eq!(count_or_number(288.0), "288");
        assert_eq!(count_or_number(-1500.0), "-1,500");
        assert_eq!(count_or_number(0.966), "0.966");
    }

    #[test]
    fn large_counts_take_an_engineering_prefix() {
        // 2.664e16 output tokens = 26.64 x 1e15: 26.6 P; 9.695e12: 9.70 T; 512e6: 512 M.
        assert_eq!(si(2.664e16), "26.6 P");
        assert_eq!(si(9_695_803_692_399.0), "9.70 T");
        assert_eq!(si(512e6), "512 M");
        assert_eq!(si(-3.2e9), "-3.20 G");
        // Below a million, the usual grouping.
        assert_eq!(si(845_000.0), "845,000");
        assert_eq!(si(f64::NAN), "");
    }

    #[test]
    fn a_column_keeps_its_decimals() {
        assert_eq!(fixed(9.996, 2), "10.00");
        assert_eq!(fixed(10.584, 2), "10.58");
        assert_eq!(fixed(1250.0, 2), "1,250.00");
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-7.129, 2), "-7.13");
        assert_eq!(fixed(f64::NAN, 2), "");
    }

    #[test]
    fn counts_take_their_plural() {
        assert_eq!(plural(1, "site"), "1 site");
        assert_eq!(plural(0, "site"), "0 sites");
        assert_eq!(plural(3200, "rack"), "3,200 racks");
    }

    #[test]
    fn kilowatts_round_to_the_kw() {
        // 2,520 kW of rack IT (18 racks of 140 kW), a 520 kW overrun, and float noise: 147.0000001 -> 147.
        assert_eq!(kw(2520.0), "2,520");
        assert_eq!(kw(519.6), "520");
        assert_eq!(kw(147.000_000_1), "147");
        assert_eq!(kw(-35.2), "-35");
    }
}
