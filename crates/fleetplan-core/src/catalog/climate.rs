//! Typical-year weather: 8,760 hours of dry bulb, dew point and relative humidity, with the moist-air state (wet
//! bulb, humidity ratio) derived once at load at the station's pressure (`psychrometrics`). Reads the bundled compact format, EnergyPlus EPW and NREL
//! TMY3 CSV; every malformed line is reported with its line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::design_conditions::DesignConditions;
use crate::input::{Collector, Diagnostic, Diagnostics};
use crate::psychrometrics::{self, MoistAir};
use crate::units::HOURS_PER_YEAR;

/// Hourly weather of one typical year, hour 0 = the hour ending 01:00 on 1 January.
#[derive(Debug, Clone, PartialEq)]
pub struct Climate {
    pub id: String,
    pub name: String,
    pub source: String,
    /// The data's licence as the file states it (a compact file's `licence` header; empty when not stated).
    pub licence: String,
    pub dry_bulb_c: Vec<f64>,
    pub dew_point_c: Vec<f64>,
    pub rh_pct: Vec<f64>,
    /// Thermodynamic wet bulb at the station pressure, from dry bulb and dew point (psychrometrics).
    pub wet_bulb_c: Vec<f64>,
    /// Humidity ratio, kg water per kg dry air, from the dew point at the station pressure.
    pub humidity_ratio: Vec<f64>,
    /// Station elevation above sea level, m, from the file's header (compact `elevation_m`, the EPW LOCATION
    /// line, the TMY3 station line); `None` when the file does not state it, and then sea level is assumed.
    pub elevation_m: Option<f64>,
    /// The station's climatic design conditions: as the file states them (an EPW `DESIGN CONDITIONS` line, a
    /// compact file's `design_conditions` header), or estimated once from its hours when it states none
    /// (`Provenance::Estimated`; see `DesignConditions::estimate`).
    pub design: DesignConditions,
    /// Why the file's design-conditions line was not used, when it has one that could not be read (its design
    /// conditions are then estimated).
    pub design_unread: Option<String>,
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

    /// The year of `hours` with its moist-air state, and its design conditions: `stated` by the file, or estimated
    /// from the hours (once, here, so that no evaluation estimates them again).
    ///
    /// One state per hour, from the dry bulb and the dew point at the station pressure (`MoistAir::from_dew_point`):
    /// the wet bulb and humidity ratio every term of the model reads. The dew point is the record's measure of its
    /// moisture (TMY3 and EPW data sets derive the relative humidity from it), so where a record's relative
    /// humidity and dew point disagree, the dew point governs; the relative humidity is kept as the file states it,
    /// for the hourly table, and read only where the dew point is missing (`read_hour`).
    fn from_hours(st: Station, hours: Vec<[f64; 3]>) -> Climate {
        let Station { id, name, source, licence, elevation_m, design, design_unread } = st;
        let pressure_pa = elevation_m.map_or(SEA_LEVEL_PA, standard_pressure_pa);
        let dry_bulb_c: Vec<f64> = hours.iter().map(|h| h[0]).collect();
        let dew_point_c: Vec<f64> = hours.iter().map(|h| h[1]).collect();
        let rh_pct: Vec<f64> = hours.iter().map(|h| h[2]).collect();
        let air: Vec<MoistAir> = hours.iter().map(|h| MoistAir::from_dew_point(h[0], h[1], pressure_pa)).collect();
        let wet_bulb_c: Vec<f64> = air.iter().map(|a| a.wet_bulb_c).collect();
        let humidity_ratio: Vec<f64> = air.iter().map(|a| a.humidity_ratio).collect();
        let design = design.unwrap_or_else(|| DesignConditions::estimate(&dry_bulb_c, &wet_bulb_c));
        Climate {
            id,
            name,
            source,
            licence,
            dry_bulb_c,
            dew_point_c,
            rh_pct,
            wet_bulb_c,
            humidity_ratio,
            elevation_m,
            design,
            design_unread,
        }
    }

    /// Highest dry bulb of the year, degC.
    pub fn max_dry_bulb_c(&self) -> f64 {
        self.dry_bulb_c.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    }
}

/// Wet-bulb temperature from dry bulb and relative humidity at sea-level pressure, the model's wet bulb before it
/// was computed at station pressure (kept to compare): Stull (2011), "Wet-bulb
/// temperature from relative humidity and air temperature", J. Appl. Meteor. Climatol. 50, 2267-2269 (F8). The fit
/// holds for RH 5-99 % and -20 to 50 degC, so RH is clamped to that range; the result is kept between the dew point
/// and the dry bulb, where a wet bulb must lie.
pub fn stull_wet_bulb_c(dry_bulb_c: f64, rh_pct: f64, dew_point_c: f64) -> f64 {
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
/// bulb, dew point and relative humidity; `missing` are the file format's missing-value codes for each. A missing dew
/// point is derived from the relative humidity and a missing relative humidity from the dew point (the model reads
/// the dew point; see `Climate::from_hours`); a missing dry bulb, or both humidity fields missing, is an error.
fn read_hour(cx: &mut Collector, line_no: usize, line: &str, cols: [usize; 3], missing: [f64; 3]) -> Option<[f64; 3]> {
    const NAMES: [&str; 3] = ["dry bulb (degC)", "dew point (degC)", "relative humidity (%)"];
    const RANGES: [(f64, f64); 3] = [(-70.0, 70.0), (-90.0, 70.0), (0.0, 110.0)];
    let fields: Vec<&str> = line.split(',').collect();
    let mut out = [None; 3];
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
            Ok(v) if v == missing[k] => {}
            Ok(v) if v >= RANGES[k].0 && v <= RANGES[k].1 => out[k] = Some(v),
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
    let mut out = match out {
        [Some(db), Some(dp), Some(rh)] => [db, dp, rh],
        [Some(db), None, Some(rh)] => [db, psychrometrics::dew_point_from_rh_c(db, rh), rh],
        [Some(db), Some(dp), None] => {
            let rh =
                100.0 * psychrometrics::saturation_pressure_pa(dp.min(db)) / psychrometrics::saturation_pressure_pa(db);
            [db, dp, rh.round()]
        }
        [db, _, _] => {
            let k = if db.is_none() { 0 } else { 1 };
            let what = if k == 0 { NAMES[0].to_string() } else { format!("{} and {}", NAMES[1], NAMES[2]) };
            cx.error_at(
                line_no,
                field_column(line, cols[k]),
                "",
                format!("{what} missing (code {}); expected a measured value", missing[k]),
            );
            return None;
        }
    };
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

/// What a weather file's header says of its station.
struct Station {
    id: String,
    name: String,
    source: String,
    licence: String,
    elevation_m: Option<f64>,
    design: Option<DesignConditions>,
    design_unread: Option<String>,
}

fn finish(cx: Collector, hours: Vec<[f64; 3]>, last_line: usize, st: Station) -> Result<Climate, Diagnostics> {
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
    let elevation_m = st.elevation_m.filter(|z| (-500.0..=9000.0).contains(z));
    Ok(Climate::from_hours(Station { elevation_m, ..st }, hours))
}

/// The design conditions of a `DESIGN CONDITIONS` line (`value`, found on line `line_no` of the file), or, when the
/// line cannot be read (a layout this reader does not know, empty fields), why not, said with its line: the year is
/// still the year, so the file loads and its design conditions are estimated from its hours, with that reason in the
/// `design_estimated` finding (`Climate::design_unread`).
fn design_line(line_no: usize, value: &str) -> Result<Option<DesignConditions>, String> {
    DesignConditions::from_epw_line(value)
        .map_err(|e| format!("its DESIGN CONDITIONS line (line {line_no}) was not read: {e}"))
}

/// fleetplan's compact climate format (`assets/climates/*.csv`): `# key: value` header lines (`id`, `name`,
/// `source` …), a column line `dry_bulb_c,dew_point_c,rh_pct`, then 8,760 rows.
pub fn parse_compact(text: &str, file: &str) -> Result<Climate, Diagnostics> {
    let mut cx = Collector::new(file, text);
    let (mut id, mut name, mut source, mut licence) = (String::new(), String::new(), String::new(), String::new());
    let mut elevation_m = None;
    let mut design = None;
    let mut design_unread = None;
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
                    "licence" => licence = v.trim().to_string(),
                    "elevation_m" => elevation_m = v.trim().parse().ok(),
                    "design_conditions" => match design_line(last, v.trim()) {
                        Ok(d) => design = d,
                        Err(why) => design_unread = Some(why),
                    },
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
    finish(cx, hours, last, Station { id, name, source, licence, elevation_m, design, design_unread })
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
    let second = text.lines().nth(1).unwrap_or("");
    let (design, design_unread) = match second.starts_with("DESIGN CONDITIONS").then(|| design_line(2, second)) {
        Some(Ok(d)) => (d, None),
        Some(Err(why)) => (None, Some(why)),
        None => (None, None),
    };
    let source = format!("EPW file {file}");
    let licence = String::new();
    finish(cx, hours, last, Station { id, name, source, licence, elevation_m, design, design_unread })
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
    let source = format!("NREL TMY3 file {file}");
    let licence = String::new();
    finish(cx, hours, last, Station { id, name, source, licence, elevation_m, design: None, design_unread: None })
}

#[cfg(test)]
mod tests;
