//! Typical-year weather: 8,760 hours of dry bulb, dew point and relative humidity, with the wet bulb derived once
//! at load (Stull 2011, F8 in the engineering reference). Reads the bundled compact format, EnergyPlus EPW and NREL
//! TMY3 CSV; every malformed line is reported with its line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::input::{Collector, Diagnostic, Diagnostics};
use crate::units::HOURS_PER_YEAR;

/// Hourly weather of one typical year, hour 0 = the hour ending 01:00 on 1 January.
#[derive(Debug, Clone, PartialEq)]
pub struct Climate {
    pub id: String,
    pub name: String,
    pub source: String,
    pub dry_bulb_c: Vec<f64>,
    pub dew_point_c: Vec<f64>,
    pub rh_pct: Vec<f64>,
    pub wet_bulb_c: Vec<f64>,
    /// Station elevation above sea level, m, from the file's header (compact `elevation_m`, the EPW LOCATION
    /// line, the TMY3 station line); `None` when the file does not state it, and then sea level is assumed.
    pub elevation_m: Option<f64>,
}

/// Sea-level standard pressure, Pa.
pub const SEA_LEVEL_PA: f64 = 101_325.0;

/// Standard-atmosphere pressure at an elevation, Pa: `101,325 (1 - 2.25577e-5 z)^5.2559` (ASHRAE Handbook,
/// Fundamentals, chapter 1, equation 3).
pub fn standard_pressure_pa(elevation_m: f64) -> f64 {
    SEA_LEVEL_PA * (1.0 - 2.25577e-5 * elevation_m).powf(5.2559)
}

impl Climate {
    /// The site's station pressure, Pa: the standard atmosphere at its elevation (sea level when unknown). Hourly
    /// weather moves it by a percent or two; its elevation moves it by 10-20 % at high sites.
    pub fn station_pressure_pa(&self) -> f64 {
        self.elevation_m.map_or(SEA_LEVEL_PA, standard_pressure_pa)
    }

    fn from_hours(id: String, name: String, source: String, hours: Vec<[f64; 3]>) -> Climate {
        let dry_bulb_c: Vec<f64> = hours.iter().map(|h| h[0]).collect();
        let dew_point_c: Vec<f64> = hours.iter().map(|h| h[1]).collect();
        let rh_pct: Vec<f64> = hours.iter().map(|h| h[2]).collect();
        let wet_bulb_c = hours.iter().map(|h| wet_bulb_c(h[0], h[2], h[1])).collect();
        Climate { id, name, source, dry_bulb_c, dew_point_c, rh_pct, wet_bulb_c, elevation_m: None }
    }

    /// Highest dry bulb of the year, degC.
    pub fn max_dry_bulb_c(&self) -> f64 {
        self.dry_bulb_c.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    }
}

/// Wet-bulb temperature from dry bulb and relative humidity at sea-level pressure: Stull (2011), "Wet-bulb
/// temperature from relative humidity and air temperature", J. Appl. Meteor. Climatol. 50, 2267-2269 (F8). The fit
/// holds for RH 5-99 % and -20 to 50 degC, so RH is clamped to that range; the result is kept between the dew point
/// and the dry bulb, where a wet bulb must lie.
pub fn wet_bulb_c(dry_bulb_c: f64, rh_pct: f64, dew_point_c: f64) -> f64 {
    let t = dry_bulb_c;
    let rh = rh_pct.clamp(5.0, 99.0);
    let tw = t * (0.151977 * (rh + 8.313659).sqrt()).atan() + (t + rh).atan() - (rh - 1.676331).atan()
        + 0.00391838 * rh.powf(1.5) * (0.023101 * rh).atan()
        - 4.686035;
    tw.min(t).max(dew_point_c.min(t))
}

/// Reads a weather file named in a plan: `.epw`, or `.csv` holding either NREL TMY3 or fleetplan's compact format.
/// A plan is read again on every edit in the terminal app and for every variant of a sweep, so a file whose text is
/// the same as at its last read (same path, same name in the plan) is not parsed again: the earlier year is shared.
pub fn read_file(path: &Path, shown_as: &str) -> Result<Arc<Climate>, Diagnostics> {
    let bytes = crate::input::read_bytes(path).map_err(|e| Diagnostic::unreadable(shown_as, "the weather file", &e))?;
    from_file_text(path, shown_as, crate::input::decode_lenient(bytes))
}

/// Whether month and day fields are 29 February, written plain (`2`, `29`) or zero-padded (`02`, `29`).
fn is_29_february(month: Option<&str>, day: Option<&str>) -> bool {
    let num = |s: Option<&str>| s.and_then(|s| s.trim().parse::<u32>().ok());
    num(month) == Some(2) && num(day) == Some(29)
}

/// A weather file's text, already read, as a typical year: the format from the file's extension, parsed once per
/// (path, name) while the text is unchanged.
pub fn from_file_text(path: &Path, shown_as: &str, text: String) -> Result<Arc<Climate>, Diagnostics> {
    type Parsed = HashMap<(PathBuf, String), (String, Arc<Climate>)>;
    static PARSED: OnceLock<Mutex<Parsed>> = OnceLock::new();
    let key = (path.to_path_buf(), shown_as.to_string());
    let parsed = PARSED.get_or_init(Mutex::default);
    // A poisoned lock only means another thread panicked mid-insert; the map is still whole.
    if let Some((_, c)) = parsed.lock().unwrap_or_else(PoisonError::into_inner).get(&key).filter(|(t, _)| *t == text) {
        return Ok(Arc::clone(c));
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let climate = Arc::new(match ext.as_deref() {
        Some("epw") => parse_epw(&text, shown_as),
        Some("csv") if text.starts_with("# fleetplan climate") => parse_compact(&text, shown_as),
        Some("csv") => parse_tmy3(&text, shown_as),
        _ => Err(Diagnostic::whole_file(
            shown_as,
            "",
            "expected an EnergyPlus weather file (.epw) or an NREL TMY3 / fleetplan climate file (.csv)",
        )
        .into()),
    }?);
    parsed.lock().unwrap_or_else(PoisonError::into_inner).insert(key, (text, Arc::clone(&climate)));
    Ok(climate)
}

/// Column of the `index`-th comma-separated field on a line, 1-based, for messages.
fn field_column(line: &str, index: usize) -> usize {
    line.split(',').take(index).map(|f| f.chars().count() + 1).sum::<usize>() + 1
}

/// Reads the three weather fields of one data line, checking ranges. `cols` are the 0-based field indexes of dry
/// bulb, dew point and relative humidity; `missing` are the file format's missing-value codes for each.
fn read_hour(cx: &mut Collector, line_no: usize, line: &str, cols: [usize; 3], missing: [f64; 3]) -> Option<[f64; 3]> {
    const NAMES: [&str; 3] = ["dry bulb (degC)", "dew point (degC)", "relative humidity (%)"];
    const RANGES: [(f64, f64); 3] = [(-70.0, 70.0), (-90.0, 70.0), (0.0, 110.0)];
    let fields: Vec<&str> = line.split(',').collect();
    let mut out = [0.0; 3];
    for k in 0..3 {
        let col = cols[k];
        let Some(raw) = fields.get(col) else {
            cx.error_at(
                line_no,
                line.chars().count() + 1,
                "",
                format!("expected {} fields, found {}", col + 1, fields.len()),
            );
            return None;
        };
        let column = field_column(line, col);
        match raw.trim().parse::<f64>() {
            Ok(v) if v == missing[k] => {
                cx.error_at(
                    line_no,
                    column,
                    "",
                    format!("{} is missing (code {raw}); expected a measured value", NAMES[k]),
                );
                return None;
            }
            Ok(v) if v >= RANGES[k].0 && v <= RANGES[k].1 => out[k] = v,
            Ok(v) => {
                let (lo, hi) = RANGES[k];
                cx.error_at(line_no, column, "", format!("{} {v} is out of range; expected {lo} to {hi}", NAMES[k]));
                return None;
            }
            Err(_) => {
                cx.error_at(line_no, column, "", format!("expected a number for {}, found \"{raw}\"", NAMES[k]));
                return None;
            }
        }
    }
    // Air cannot hold more water than saturation: its dew point is at most its dry bulb. Weather files round to
    // 0.1 degC and a hygrometer reads to about +-0.5 K, so a fog hour may show the dew point a little above; more is
    // a column swapped or a unit mixed up, and every humidity figure from it (wet bulb, tower water) would be wrong.
    if out[1] > out[0] + DEW_POINT_ABOVE_DRY_BULB_K {
        cx.error_at(
            line_no,
            field_column(line, cols[1]),
            "",
            format!(
                "dew point {} degC is above the dry bulb {} degC (by more than the {DEW_POINT_ABOVE_DRY_BULB_K} K a \
                 reading may be off); expected at most the dry bulb",
                out[1], out[0]
            ),
        );
        return None;
    }
    out[2] = out[2].min(100.0);
    Some(out)
}

/// How far a weather file's dew point may read above its dry bulb before the hour is refused, K: the 0.1 degC
/// rounding of TMY3 and EPW files plus a hygrometer's accuracy of about +-0.5 K (fog hours sit at saturation).
const DEW_POINT_ABOVE_DRY_BULB_K: f64 = 0.5;

fn finish(
    cx: Collector,
    hours: Vec<[f64; 3]>,
    last_line: usize,
    id: String,
    name: String,
    source: String,
    elevation_m: Option<f64>,
) -> Result<Climate, Diagnostics> {
    let mut cx = cx;
    if hours.len() != HOURS_PER_YEAR && !cx.has_errors() {
        cx.error_at(
            last_line,
            1,
            "",
            format!("expected {HOURS_PER_YEAR} hourly rows (one typical year), found {}", hours.len()),
        );
    }
    if cx.has_errors() {
        return Err(cx.finish());
    }
    let elevation_m = elevation_m.filter(|z| (-500.0..=9000.0).contains(z));
    Ok(Climate { elevation_m, ..Climate::from_hours(id, name, source, hours) })
}

/// fleetplan's compact climate format (`assets/climates/*.csv`): `# key: value` header lines (`id`, `name`,
/// `source` …), a column line `dry_bulb_c,dew_point_c,rh_pct`, then 8,760 rows.
pub fn parse_compact(text: &str, file: &str) -> Result<Climate, Diagnostics> {
    let mut cx = Collector::new(file, text);
    let (mut id, mut name, mut source) = (String::new(), String::new(), String::new());
    let mut elevation_m = None;
    let mut hours = Vec::with_capacity(HOURS_PER_YEAR);
    let mut seen_columns = false;
    let mut last = 0;
    for (i, line) in text.lines().enumerate() {
        last = i + 1;
        if let Some(meta) = line.strip_prefix('#') {
            if let Some((k, v)) = meta.split_once(':') {
                match k.trim() {
                    "id" => id = v.trim().to_string(),
                    "name" => name = v.trim().to_string(),
                    "source" => source = v.trim().to_string(),
                    "elevation_m" => elevation_m = v.trim().parse().ok(),
                    _ => {}
                }
            }
            continue;
        }
        if !seen_columns {
            if line.trim() != "dry_bulb_c,dew_point_c,rh_pct" {
                cx.error_at(last, 1, "", "expected the column line `dry_bulb_c,dew_point_c,rh_pct`");
                return Err(cx.finish());
            }
            seen_columns = true;
            continue;
        }
        if let Some(h) = read_hour(&mut cx, last, line, [0, 1, 2], [f64::NAN; 3]) {
            hours.push(h);
        }
    }
    finish(cx, hours, last, id, name, source, elevation_m)
}

/// EnergyPlus EPW: 8 header lines (the first is `LOCATION,city,state,country,…`), then hourly rows whose fields 7,
/// 8 and 9 (1-based) are dry bulb, dew point and relative humidity; 99.9 / 99.9 / 999 mark missing values.
pub fn parse_epw(text: &str, file: &str) -> Result<Climate, Diagnostics> {
    let mut cx = Collector::new(file, text);
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    if !first.starts_with("LOCATION") {
        cx.error_at(1, 1, "", "expected an EPW file starting with the LOCATION header line");
        return Err(cx.finish());
    }
    let loc: Vec<&str> = first.split(',').collect();
    let name = loc
        .get(1..4)
        .map(|p| p.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    let mut hours = Vec::with_capacity(HOURS_PER_YEAR);
    let mut last = 1;
    for (i, line) in text.lines().enumerate().skip(8) {
        last = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        // A leap-year file (an actual year, 8,784 hours) is valid EPW: 29 February is left out, as EnergyPlus does
        // for a non-leap run period, so every file gives the 8,760-hour year the model works on.
        let mut f = line.split(',');
        if is_29_february(f.nth(1), f.next()) {
            continue;
        }
        if let Some(h) = read_hour(&mut cx, last, line, [6, 7, 8], [99.9, 99.9, 999.0]) {
            hours.push(h);
        }
    }
    let id = Path::new(file).file_stem().and_then(|s| s.to_str()).unwrap_or("epw").to_string();
    let elevation_m = loc.get(9).and_then(|z| z.trim().parse().ok());
    finish(cx, hours, last, id, name, format!("EPW file {file}"), elevation_m)
}

/// NREL TMY3 CSV: a station line (`id,"name",state,tz,lat,lon,elev`), a column line naming `Dry-bulb (C)`,
/// `Dew-point (C)` and `RHum (%)`, then 8,760 hourly rows.
pub fn parse_tmy3(text: &str, file: &str) -> Result<Climate, Diagnostics> {
    let mut cx = Collector::new(file, text);
    let mut lines = text.lines();
    let station = lines.next().unwrap_or("");
    let header = lines.next().unwrap_or("");
    let columns: Vec<&str> = header.split(',').map(str::trim).collect();
    let find = |name: &str| columns.iter().position(|c| *c == name);
    let (Some(db), Some(dp), Some(rh)) = (find("Dry-bulb (C)"), find("Dew-point (C)"), find("RHum (%)")) else {
        cx.error_at(2, 1, "", "expected a TMY3 column line with \"Dry-bulb (C)\", \"Dew-point (C)\" and \"RHum (%)\"");
        return Err(cx.finish());
    };
    let mut hours = Vec::with_capacity(HOURS_PER_YEAR);
    let mut last = 2;
    for (i, line) in text.lines().enumerate().skip(2) {
        last = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        // 29 February of a leap year is left out, as for EPW (dates `MM/DD/YYYY`, padded or not).
        let mut date = line.split(',').next().unwrap_or("").split('/');
        if is_29_february(date.next(), date.next()) {
            continue;
        }
        if let Some(h) = read_hour(&mut cx, last, line, [db, dp, rh], [f64::NAN; 3]) {
            hours.push(h);
        }
    }
    let st: Vec<&str> = station.split(',').collect();
    let name = st
        .get(1..3)
        .map(|p| p.iter().map(|s| s.trim().trim_matches('"')).collect::<Vec<_>>().join(", "))
        .unwrap_or_default();
    let id = st.first().map_or("tmy3", |s| s.trim()).to_string();
    let elevation_m = st.get(6).and_then(|z| z.trim().parse().ok());
    finish(cx, hours, last, id, name, format!("NREL TMY3 file {file}"), elevation_m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stull_wet_bulb_matches_the_papers_example() {
        // Stull (2011), abstract: T = 20 degC, RH = 50 % gives Tw = 13.7 degC.
        let tw = wet_bulb_c(20.0, 50.0, -100.0);
        assert!((tw - 13.7).abs() < 0.05, "{tw}");
        // Saturated air: the wet bulb equals the dry bulb (clamped at the dry bulb).
        assert!((wet_bulb_c(25.0, 100.0, 25.0) - 25.0).abs() < 0.3);
        // Never below the dew point.
        assert!(wet_bulb_c(30.0, 5.0, 10.0) >= 10.0);
    }

    #[test]
    fn greensboro_typical_year_has_15_hours_above_34_c() {
        // engineering reference: Greensboro max dry bulb 35.6 degC, 102 h above 32 degC, 6 h above 35 degC;
        // the check: 15 h above 45 - 3 - 8 = 34 degC.
        let c = crate::catalog::Catalog::climate("greensboro-nc").unwrap();
        let above = |t: f64| c.dry_bulb_c.iter().filter(|&&x| x > t).count();
        assert_eq!(c.max_dry_bulb_c(), 35.6);
        assert_eq!(above(32.0), 102);
        assert_eq!(above(35.0), 6);
        assert_eq!(above(34.0), 15);
        assert!(c.source.contains("723170"));
        // The station line's elevation, 273 m: 101,325 x (1 - 2.25577e-5 x 273)^5.2559 = 98,088 Pa.
        assert_eq!(c.elevation_m, Some(273.0));
        assert!((c.station_pressure_pa() - 98_088.1).abs() < 0.1, "{}", c.station_pressure_pa());
    }

    fn epw_text(rows: usize, bad_row: Option<(usize, &str)>) -> String {
        let mut s = String::from("LOCATION,TESTVILLE,ST,USA,TMY3,999999,36.0,-80.0,-5.0,270.0\n");
        for h in [
            "DESIGN CONDITIONS,0",
            "TYPICAL/EXTREME PERIODS,0",
            "GROUND TEMPERATURES,0",
            "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0",
            "COMMENTS 1,x",
            "COMMENTS 2,x",
            "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
        ] {
            s.push_str(h);
            s.push('\n');
        }
        for i in 0..rows {
            let db = match bad_row {
                Some((r, v)) if r == i => v.to_string(),
                _ => format!("{:.1}", 10.0 + (i % 24) as f64 * 0.5),
            };
            s.push_str(&format!(
                "1999,1,1,{},60,?9?9?9?9E0?9?9?9?9?9?9?9?9?9?9?9?9?9?9?9*9*9?9?9?9,{db},5.0,70,98000,0,0\n",
                i % 24 + 1
            ));
        }
        s
    }

    #[test]
    fn epw_import_reads_fields_7_to_9() {
        let c = parse_epw(&epw_text(8760, None), "x.epw").unwrap();
        assert_eq!(c.dry_bulb_c[3], 11.5); // 10.0 + 3 x 0.5
        assert_eq!(c.dew_point_c[0], 5.0);
        assert_eq!(c.rh_pct[0], 70.0);
        assert_eq!(c.name, "TESTVILLE, ST, USA");
    }

    #[test]
    fn epw_errors_name_line_and_column() {
        let err = parse_epw(&epw_text(8760, Some((4, "abc"))), "x.epw").unwrap_err();
        // Data row 4 (0-based) is line 8 + 4 + 1 = 13; dry bulb is field 7, after "1999,1,1,5,60,<flags>,".
        assert_eq!(err.len(), 1);
        let d = &err.0[0];
        assert_eq!(d.line, 13);
        assert!(d.message.contains("expected a number for dry bulb"), "{}", d.message);
        let err = parse_epw(&epw_text(8760, Some((0, "99.9"))), "x.epw").unwrap_err();
        assert!(err.0[0].message.contains("missing"), "{err}");
        let err = parse_epw(&epw_text(100, None), "x.epw").unwrap_err();
        assert!(err.to_string().contains("expected 8760 hourly rows (one typical year), found 100"), "{err}");
        let err = parse_epw("hello", "x.epw").unwrap_err();
        assert!(err.to_string().contains("LOCATION"), "{err}");
    }

    #[test]
    fn a_leap_year_file_drops_29_february() {
        // 8,784 hourly rows (366 days); the 24 rows of 29 February carry a marker temperature that must not appear.
        let mut s = String::from("LOCATION,LEAP,ST,USA,AMY,999999,36.0,-80.0,-5.0,270.0\n");
        for h in [
            "DESIGN CONDITIONS,0",
            "TYPICAL/EXTREME PERIODS,0",
            "GROUND TEMPERATURES,0",
            "HOLIDAYS/DAYLIGHT SAVINGS,Yes,0,0,0",
            "COMMENTS 1,x",
            "COMMENTS 2,x",
            "DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31",
        ] {
            s.push_str(h);
            s.push('\n');
        }
        let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        for (m, d) in days.iter().enumerate() {
            for day in 1..=*d {
                for hour in 1..=24 {
                    let db = if m == 1 && day == 29 { 42.0 } else { 10.0 };
                    s.push_str(&format!("2024,{},{day},{hour},60,?,{db:.1},5.0,70,98000\n", m + 1));
                }
            }
        }
        let c = parse_epw(&s, "leap.epw").unwrap();
        assert_eq!(c.dry_bulb_c.len(), 8760);
        assert!(c.dry_bulb_c.iter().all(|t| *t == 10.0));
    }

    #[test]
    fn an_iwec_style_file_with_latin1_header_and_padded_dates_is_read() {
        // A leap year written as EnergyPlus tools often write it: dates zero-padded ("02,29"), and a station name and
        // comment in Latin-1 ("São Paulo": 0xE3 is ã). The 24 rows of 29 February carry a marker that must not appear.
        let mut bytes = b"LOCATION,S\xe3o Paulo,SP,BRA,IWEC Data,837800,-23.62,-46.65,-3.0,803.0\n".to_vec();
        for h in ["DESIGN CONDITIONS,0", "TYPICAL/EXTREME PERIODS,0", "GROUND TEMPERATURES,0"] {
            bytes.extend_from_slice(format!("{h}\n").as_bytes());
        }
        bytes.extend_from_slice(b"HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0\nCOMMENTS 1,Estac\xe3o \x96 IWEC\nCOMMENTS 2,x\n");
        bytes.extend_from_slice(b"DATA PERIODS,1,1,Data,Sunday, 1/ 1,12/31\n");
        let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        for (m, d) in days.iter().enumerate() {
            for day in 1..=*d {
                for hour in 1..=24 {
                    let db = if m == 1 && day == 29 { 42.0 } else { 21.0 };
                    let line = format!("2024,{:02},{day:02},{hour:02},60,?,{db:.1},15.0,70,92000\n", m + 1);
                    bytes.extend_from_slice(line.as_bytes());
                }
            }
        }
        assert!(String::from_utf8(bytes.clone()).is_err(), "the file is not UTF-8");
        let dir = std::env::temp_dir().join(format!("fleetplan-iwec-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("sao-paulo.epw");
        std::fs::write(&path, &bytes).unwrap();
        let c = read_file(&path, "sao-paulo.epw").unwrap();
        // The LOCATION line's tenth field is the elevation: São Paulo's 803 m.
        assert_eq!(c.elevation_m, Some(803.0));
        assert_eq!(c.dry_bulb_c.len(), 8760);
        assert!(c.dry_bulb_c.iter().all(|t| *t == 21.0), "29 February left out");
        assert!(c.name.contains("São Paulo"), "{}", c.name);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_29th_of_february_is_found_however_it_is_written() {
        // EPW month and day fields, and the first two parts of a TMY3 date MM/DD/YYYY.
        assert!(is_29_february(Some("2"), Some("29")));
        assert!(is_29_february(Some("02"), Some("29")));
        assert!(is_29_february(Some(" 2"), Some(" 29")));
        assert!(!is_29_february(Some("2"), Some("28")));
        assert!(!is_29_february(Some("12"), Some("29")));
        assert!(!is_29_february(None, Some("29")));
    }

    #[test]
    fn tmy3_import_finds_columns_by_name() {
        let mut s = String::from(
            "723170,\"GREENSBORO\",NC,-5.0,36.1,-79.95,273\nDate (MM/DD/YYYY),Time (HH:MM),Dry-bulb (C),Dew-point (C),RHum (%)\n",
        );
        for i in 0..8760 {
            // Dry bulb 0 to 9 degC, dew point below every one of them (air holds no more than saturation).
            s.push_str(&format!("01/01/1988,{:02}:00,{:.1},-2.0,50\n", i % 24 + 1, (i % 10) as f64));
        }
        let c = parse_tmy3(&s, "g.csv").unwrap();
        assert_eq!(c.dry_bulb_c[7], 7.0);
        assert_eq!(c.id, "723170");
        let bad = s.replacen("RHum (%)", "RH", 1);
        assert!(parse_tmy3(&bad, "g.csv").unwrap_err().to_string().contains("RHum (%)"));
    }

    #[test]
    fn a_weather_file_is_parsed_again_only_when_its_text_changes() {
        let dir = std::env::temp_dir().join(format!("fleetplan-weather-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("site.csv");
        let text = include_str!("../../../../assets/climates/greensboro-nc.csv");
        std::fs::write(&path, text).unwrap();
        let a = read_file(&path, "site.csv").unwrap();
        assert!(Arc::ptr_eq(&a, &read_file(&path, "site.csv").unwrap()), "same text: the year read before");
        // Named differently in a plan, the year carries that name in its messages and source: read on its own.
        assert!(!Arc::ptr_eq(&a, &read_file(&path, "./site.csv").unwrap()));
        // The first hour changed on disk (10.0 -> 12.5 degC dry bulb): the new text is parsed.
        std::fs::write(&path, text.replacen("\n10.0,6.1,77\n", "\n12.5,6.1,77\n", 1)).unwrap();
        let b = read_file(&path, "site.csv").unwrap();
        assert_eq!((a.dry_bulb_c[0], b.dry_bulb_c[0]), (10.0, 12.5));
        // A file broken since is an error, never the year read before.
        std::fs::write(&path, text.replacen("\n10.0,6.1,77\n", "\nten,6.1,77\n", 1)).unwrap();
        assert!(read_file(&path, "site.csv").unwrap_err().to_string().contains("site.csv:10:"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
