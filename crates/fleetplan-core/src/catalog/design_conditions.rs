//! Climatic design conditions of a weather station, as the ASHRAE Handbook (Fundamentals, chapter 14, "Climatic
//! Design Information") tabulates them from many years of observations, and as EnergyPlus weather files carry them in
//! their `DESIGN CONDITIONS` header line: the annual cooling and evaporation design points (the dry or wet bulb
//! exceeded 0.4 %, 1 % and 2 % of the hours of a year, with the mean coincident other bulb), the extreme annual wet
//! bulb, and the extreme annual dry bulb with its n-year return values. A typical year is a median year: its hottest
//! hour is milder than these, which is why plant and grid are sized on them rather than on the typical year.
//!
//! A file that does not carry them gets an estimate from its own 8,760 hours ([`DesignConditions::estimate`]), said
//! as such wherever it is used.

/// One design point: a dry bulb with its wet bulb, degC.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub dry_bulb_c: f64,
    pub wet_bulb_c: f64,
}

/// Where a station's design conditions come from.
#[derive(Debug, Clone, PartialEq)]
pub enum Provenance {
    /// Read from the weather file (its `DESIGN CONDITIONS` line, or a compact file's copy of it); the text names the
    /// handbook edition the line states.
    File(String),
    /// Estimated from the typical year's own hours (no design conditions in the file).
    Estimated,
}

/// The annual design conditions of one station.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignConditions {
    /// 0.4 %, 1 % and 2 % annual cooling dry bulb, each with its mean coincident wet bulb (MCWB).
    pub cooling: [Point; 3],
    /// 0.4 %, 1 % and 2 % annual evaporation wet bulb, each with its mean coincident dry bulb (MCDB).
    pub evaporation: [Point; 3],
    /// Extreme annual wet bulb (the mean of each year's highest), degC.
    pub extreme_wet_bulb_c: f64,
    /// Mean of each year's highest dry bulb, degC, and its standard deviation over the years, K (`None` for an
    /// estimate: one year has no spread).
    pub extreme_dry_bulb_mean_c: f64,
    pub extreme_dry_bulb_sd_k: Option<f64>,
    /// Highest dry bulb expected once in 5, 10, 20 and 50 years, degC, as stated (`None` for an estimate: see
    /// [`DesignConditions::return_dry_bulb_c`]).
    pub return_dry_bulb_stated_c: Option<[f64; 4]>,
    pub provenance: Provenance,
}

/// The exceedance levels of the cooling and evaporation points, percent of the year's hours.
pub const LEVELS_PCT: [f64; 3] = [0.4, 1.0, 2.0];

/// The return periods of the n-year extremes, years.
pub const RETURN_YEARS: [u32; 4] = [5, 10, 20, 50];

/// The n-year return value of an annual extreme from the mean `m` and standard deviation `s` of the annual extremes
/// (a Gumbel distribution fitted by the method of moments), as the ASHRAE Handbook computes its n-year values:
/// `T_n = M + I F` with `F = -(sqrt 6 / pi) (0.5772 + ln(ln(n / (n - 1))))`.
pub fn return_value(m: f64, s: f64, years: u32) -> f64 {
    let n = f64::from(years);
    let f = -(6.0_f64.sqrt() / std::f64::consts::PI) * (0.5772 + (n / (n - 1.0)).ln().ln());
    m + s * f
}

impl DesignConditions {
    /// The highest dry bulb expected once in `RETURN_YEARS[k]` years, degC: as stated, or for an estimate from the
    /// year's highest with `estimate_sd_k` as the spread of the annual extremes (`return_value`).
    pub fn return_dry_bulb_c(&self, k: usize, estimate_sd_k: f64) -> f64 {
        match self.return_dry_bulb_stated_c {
            Some(t) => t[k],
            None => return_value(self.extreme_dry_bulb_mean_c, estimate_sd_k, RETURN_YEARS[k]),
        }
    }

    /// The design conditions of an EPW `DESIGN CONDITIONS` line (ASHRAE 2005-2017 or 2021 layout), or why not. The
    /// line is read by its block names, so a heating block of another length does not shift the rest:
    /// - after `Cooling`: the hottest month, its mean daily dry-bulb range, then 0.4 % DB, MCWB, 1 % DB, MCWB, 2 % DB,
    ///   MCWB, 0.4 % WB, MCDB, 1 % WB, MCDB, 2 % WB, MCDB (then wind, dew point, enthalpy: not used);
    /// - after `Extremes`: three extreme wind speeds, the extreme annual max WB, the mean of the annual minimum and
    ///   maximum DB, their standard deviations, then the 5, 10, 20 and 50-year minimum and maximum DB in pairs;
    /// - the 2021 layout (climate.onebuilding.org's TMYx files, for one) has the extreme annual WB as the Cooling
    ///   block's last value and 15 extremes without it.
    ///
    /// The points are checked for the order every layout has, so values out of place are refused, not misread.
    ///
    /// `Ok(None)` when the file states it has none (`DESIGN CONDITIONS,0`).
    pub fn from_epw_line(line: &str) -> Result<Option<DesignConditions>, String> {
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let count = f.get(1).and_then(|n| n.parse::<u32>().ok());
        if f.first() != Some(&"DESIGN CONDITIONS") || count.is_none() {
            return Err("expected `DESIGN CONDITIONS,N,...`".into());
        }
        if count == Some(0) {
            return Ok(None);
        }
        let at = |name: &str| f.iter().position(|x| *x == name).ok_or_else(|| format!("no `{name}` block"));
        let num = |i: usize, what: &str| -> Result<f64, String> {
            let raw = f.get(i).copied().unwrap_or("");
            raw.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && (-90.0..=70.0).contains(v))
                .ok_or_else(|| format!("{what}: expected a temperature in degC, found \"{raw}\" (field {})", i + 1))
        };
        let c = at("Cooling")?;
        let e = at("Extremes")?;
        let point = |i: usize, a: &str, b: &str| -> Result<(f64, f64), String> { Ok((num(i, a)?, num(i + 1, b)?)) };
        let mut cooling = [Point { dry_bulb_c: 0.0, wet_bulb_c: 0.0 }; 3];
        let mut evaporation = cooling;
        for k in 0..3 {
            let (db, wb) = point(c + 3 + 2 * k, "cooling dry bulb", "its coincident wet bulb")?;
            cooling[k] = Point { dry_bulb_c: db, wet_bulb_c: wb };
            let (wb, db) = point(c + 9 + 2 * k, "evaporation wet bulb", "its coincident dry bulb")?;
            evaporation[k] = Point { dry_bulb_c: db, wet_bulb_c: wb };
        }
        // The 2005-2017 layouts carry 16 extremes, the extreme wet bulb among them; the 2021 layout moves it to the
        // end of the Cooling block and carries 15. Told apart by the count, never guessed.
        let extremes = f.len() - f.iter().rev().take_while(|x| x.is_empty()).count() - (e + 1);
        let (wb_at, e) = match extremes {
            16 => (e + 4, e),
            15 => (e - 1, e - 1),
            n => {
                return Err(format!(
                    "expected 16 values after `Extremes` (ASHRAE 2005-2017 layout) or 15 (2021 layout), found {n}"
                ));
            }
        };
        let extreme_wet_bulb_c = num(wb_at, "extreme annual wet bulb")?;
        let extreme_dry_bulb_mean_c = num(e + 6, "mean extreme annual dry bulb")?;
        let extreme_dry_bulb_sd_k = Some(num(e + 8, "standard deviation of the extreme annual dry bulb")?);
        let mut return_dry_bulb_c = [0.0; 4];
        for (k, v) in return_dry_bulb_c.iter_mut().enumerate() {
            *v = num(e + 10 + 2 * k, "n-year extreme dry bulb")?;
        }
        // A line whose values are not where its layout puts them would read as valid temperatures: check the order
        // every layout has (points hotter at rarer levels, n-year values rising from the mean extreme).
        let rising = |v: &[f64]| v.windows(2).all(|w| w[0] <= w[1]);
        let db: Vec<f64> = cooling.iter().rev().map(|p| p.dry_bulb_c).collect();
        let wb: Vec<f64> = evaporation.iter().rev().map(|p| p.wet_bulb_c).collect();
        let mut n_year = vec![extreme_dry_bulb_mean_c];
        n_year.extend(return_dry_bulb_c);
        if !rising(&db) || !rising(&wb) || !rising(&n_year) || extreme_wet_bulb_c < wb[0] - 0.5 {
            return Err(format!(
                "the values are not in the order of an ASHRAE design-conditions line (0.4/1/2 % points {db:?}, \
                 {wb:?}; extreme wet bulb {extreme_wet_bulb_c}; mean extreme and 5-50-year dry bulb {n_year:?})"
            ));
        }
        let edition = f.get(2).copied().filter(|s| !s.is_empty()).unwrap_or("ASHRAE design conditions").to_string();
        Ok(Some(DesignConditions {
            cooling,
            evaporation,
            extreme_wet_bulb_c,
            extreme_dry_bulb_mean_c,
            extreme_dry_bulb_sd_k,
            return_dry_bulb_stated_c: Some(return_dry_bulb_c),
            provenance: Provenance::File(edition),
        }))
    }

    /// An estimate from one typical year's hours, for a file without design conditions. The cooling (evaporation)
    /// point at p % is the dry (wet) bulb of the hour ranked `ceil(p/100 x hours)` from the hottest, the ASHRAE
    /// definition applied to one year; its coincident bulb is the mean over the hours within 0.5 K of it. The extreme
    /// annual values are the year's highest; one year gives no spread of the annual extremes, so the n-year values
    /// are made with the plan's `site.design.estimate_extreme_sd_k` when asked for (`return_dry_bulb_c`). A typical
    /// year's extremes are milder than a long record's: the estimate errs low, and is said to be one.
    pub fn estimate(dry_bulb_c: &[f64], wet_bulb_c: &[f64]) -> DesignConditions {
        let n = dry_bulb_c.len().min(wet_bulb_c.len());
        let (db, wb) = (&dry_bulb_c[..n], &wet_bulb_c[..n]);
        // Each series sorted once, hottest first.
        let hottest_first = |v: &[f64]| {
            let mut s = v.to_vec();
            s.sort_by(|a, b| b.total_cmp(a));
            s
        };
        let (db_sorted, wb_sorted) = (hottest_first(db), hottest_first(wb));
        let ranked = |sorted: &[f64], pct: f64| {
            let rank = ((pct / 100.0 * n as f64).ceil() as usize).clamp(1, n.max(1));
            sorted.get(rank - 1).copied().unwrap_or(f64::NAN)
        };
        // The mean of `other` over the hours whose `by` is within 0.5 K of `at`.
        let coincident = |by: &[f64], other: &[f64], at: f64| {
            let (sum, count) = by
                .iter()
                .zip(other)
                .filter(|(x, _)| (**x - at).abs() <= 0.5)
                .fold((0.0, 0u32), |(s, c), (_, y)| (s + y, c + 1));
            if count > 0 { sum / f64::from(count) } else { f64::NAN }
        };
        let cooling = LEVELS_PCT.map(|p| {
            let d = ranked(&db_sorted, p);
            Point { dry_bulb_c: d, wet_bulb_c: coincident(db, wb, d) }
        });
        let evaporation = LEVELS_PCT.map(|p| {
            let w = ranked(&wb_sorted, p);
            Point { dry_bulb_c: coincident(wb, db, w), wet_bulb_c: w }
        });
        DesignConditions {
            cooling,
            evaporation,
            extreme_wet_bulb_c: wb_sorted.first().copied().unwrap_or(f64::NAN),
            extreme_dry_bulb_mean_c: db_sorted.first().copied().unwrap_or(f64::NAN),
            extreme_dry_bulb_sd_k: None,
            return_dry_bulb_stated_c: None,
            provenance: Provenance::Estimated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DESIGN CONDITIONS line in the ASHRAE 2009 layout, its numbers made up for the test (round, distinct).
    const LINE: &str = "DESIGN CONDITIONS,1,Climate Design Data 2009 ASHRAE Handbook,,Heating,1,-9.4,-7.2,-16.6,0.9,\
        -5.8,-14.1,1.2,-3.6,10.5,4.4,9.3,4.6,2.4,250,Cooling,7,11.2,33.5,23.6,32.2,23.3,31,22.8,25.1,30.6,24.4,29.8,\
        23.8,29,5.1,230,23.4,18.3,27.9,22.8,17.6,27.3,22.3,17,26.7,74.3,30.6,72.2,29.8,70.1,29,682,Extremes,9.6,8.4,\
        7.5,27.6,-12.6,35.8,2.7,1.4,-14.6,36.8,-16.2,37.6,-17.8,38.4,-19.8,39.4";

    #[test]
    fn the_epw_line_is_read_by_its_blocks() {
        let d = DesignConditions::from_epw_line(LINE).unwrap().unwrap();
        assert_eq!(d.cooling[0], Point { dry_bulb_c: 33.5, wet_bulb_c: 23.6 });
        assert_eq!(d.cooling[2], Point { dry_bulb_c: 31.0, wet_bulb_c: 22.8 });
        assert_eq!(d.evaporation[0], Point { dry_bulb_c: 30.6, wet_bulb_c: 25.1 });
        assert_eq!(d.evaporation[2], Point { dry_bulb_c: 29.0, wet_bulb_c: 23.8 });
        assert_eq!((d.extreme_wet_bulb_c, d.extreme_dry_bulb_mean_c, d.extreme_dry_bulb_sd_k), (27.6, 35.8, Some(1.4)));
        assert_eq!(d.return_dry_bulb_stated_c, Some([36.8, 37.6, 38.4, 39.4]));
        // Stated values are used as stated, whatever the estimate's spread.
        assert_eq!(d.return_dry_bulb_c(2, 5.0), 38.4);
        assert_eq!(d.provenance, Provenance::File("Climate Design Data 2009 ASHRAE Handbook".into()));
        // A heating block one field longer does not move the cooling or extreme values.
        let longer = LINE.replace(",250,Cooling,", ",250,99,Cooling,");
        assert_eq!(DesignConditions::from_epw_line(&longer).unwrap().unwrap().cooling, d.cooling);
        // None stated, and broken lines.
        assert_eq!(DesignConditions::from_epw_line("DESIGN CONDITIONS,0"), Ok(None));
        assert!(DesignConditions::from_epw_line("DESIGN CONDITIONS,1,x,,Heating,1").is_err());
        let bad = DesignConditions::from_epw_line(&LINE.replace(",33.5,", ",hot,")).unwrap_err();
        assert!(bad.contains("cooling dry bulb") && bad.contains("\"hot\""), "{bad}");
    }

    #[test]
    fn the_2021_layout_is_told_apart_and_values_out_of_place_are_refused() {
        // ASHRAE 2021 layout (as climate.onebuilding.org's TMYx files carry it): the extreme annual wet bulb is the
        // Cooling block's last value, in place of the 2009 hours count, and Extremes has 15 values without it.
        let line_2021 = LINE
            .replace("Climate Design Data 2009 ASHRAE Handbook", "2021 ASHRAE Handbook -- Fundamentals")
            .replace(",29,682,Extremes,9.6,8.4,7.5,27.6,", ",29,27.6,Extremes,9.6,8.4,7.5,");
        let old = DesignConditions::from_epw_line(LINE).unwrap().unwrap();
        let new = DesignConditions::from_epw_line(&line_2021).unwrap().unwrap();
        assert_eq!((new.cooling, new.evaporation), (old.cooling, old.evaporation));
        assert_eq!(new.extreme_wet_bulb_c, 27.6);
        assert_eq!((new.extreme_dry_bulb_mean_c, new.extreme_dry_bulb_sd_k), (35.8, Some(1.4)));
        assert_eq!(new.return_dry_bulb_stated_c, Some([36.8, 37.6, 38.4, 39.4]));
        // Trailing empty fields do not count as values.
        assert_eq!(DesignConditions::from_epw_line(&format!("{line_2021},,")).unwrap().unwrap(), new);
        // Read in the wrong layout, the 2021 values would be -12.6 as the extreme wet bulb and 2.7 as the mean
        // extreme dry bulb: such values out of order are refused, never used.
        let shifted = LINE.replace(",27.6,-12.6,35.8,", ",-12.6,35.8,27.6,");
        let e = DesignConditions::from_epw_line(&shifted).unwrap_err();
        assert!(e.contains("not in the order"), "{e}");
        let short = LINE.replace(",-19.8,39.4", "");
        assert!(DesignConditions::from_epw_line(&short).unwrap_err().contains("found 14"));
    }

    #[test]
    fn the_n_year_values_follow_the_gumbel_moments_formula() {
        // n = 20: ln(20/19) = 0.051293, ln of that = -2.970195; 0.5772 - 2.970195 = -2.392995;
        // F = -(2.449490 / 3.141593) x -2.392995 = 0.779697 x 2.392995 = 1.865811. T20 = 35.8 + 1.4 x 1.865811 = 38.41.
        assert!((return_value(35.8, 1.4, 20) - 38.412).abs() < 1e-3);
        // The line above (a real station's pattern): its 5/10/20/50-year values are this formula's to 0.05 K.
        let d = DesignConditions::from_epw_line(LINE).unwrap().unwrap();
        for (k, y) in RETURN_YEARS.iter().enumerate() {
            let t = return_value(d.extreme_dry_bulb_mean_c, d.extreme_dry_bulb_sd_k.unwrap(), *y);
            assert!((t - d.return_dry_bulb_c(k, f64::NAN)).abs() < 0.05, "{y} years: {t}");
        }
        // n = 5: ln(1.25) = 0.223144, ln = -1.499940; F = -0.779697 x (0.5772 - 1.499940) = 0.719457.
        assert!((return_value(0.0, 1.0, 5) - 0.71946).abs() < 1e-4);
    }

    #[test]
    fn an_estimate_ranks_the_years_hours() {
        // 1,000 hours: dry bulb 0.0, 0.1 ... 99.9 degC, wet bulb = dry bulb / 2. The 0.4 % point is the 4th hottest
        // hour (ceil(0.004 x 1000) = 4): 99.6 degC; the hours within 0.5 K of it are 99.1 ... 99.9, whose dry bulbs
        // average 99.5 and wet bulbs 99.5 / 2 = 49.75.
        let db: Vec<f64> = (0..1000).map(|i| f64::from(i) / 10.0).collect();
        let wb: Vec<f64> = db.iter().map(|d| d / 2.0).collect();
        let e = DesignConditions::estimate(&db, &wb);
        assert!((e.cooling[0].dry_bulb_c - 99.6).abs() < 1e-9);
        // Within 0.5 K of 99.6: 99.1 to 99.9 (floating-point 99.1 may fall either side; 8 or 9 hours).
        assert!((e.cooling[0].wet_bulb_c - 49.75).abs() < 0.03, "{}", e.cooling[0].wet_bulb_c);
        // 1 %: the 10th hottest, 99.0; 2 %: the 20th, 98.0.
        assert!((e.cooling[1].dry_bulb_c - 99.0).abs() < 1e-9 && (e.cooling[2].dry_bulb_c - 98.0).abs() < 1e-9);
        // Evaporation 0.4 %: the 4th highest wet bulb, 49.8. Wet bulbs within 0.5 K of it run from 49.3 to the top,
        // 49.95: dry bulbs 98.6 to 99.9 (14 hours), whose mean is (98.6 + 99.9) / 2 = 99.25.
        assert!((e.evaporation[0].wet_bulb_c - 49.8).abs() < 1e-9);
        assert!((e.evaporation[0].dry_bulb_c - 99.25).abs() < 0.06, "{}", e.evaporation[0].dry_bulb_c);
        // Extremes: the year's highest, and n-year values from the stated spread.
        assert_eq!((e.extreme_dry_bulb_mean_c, e.extreme_wet_bulb_c), (99.9, 49.95));
        assert_eq!((e.extreme_dry_bulb_sd_k, e.return_dry_bulb_stated_c), (None, None));
        assert!((e.return_dry_bulb_c(2, 1.5) - (99.9 + 1.5 * 1.865811)).abs() < 1e-4);
        assert_eq!(e.provenance, Provenance::Estimated);
    }
}
