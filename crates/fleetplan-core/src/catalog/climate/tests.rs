//! The weather readers and the wet bulb, against hand-made files and the bundled years.

use super::*;

#[test]
fn stull_wet_bulb_matches_the_papers_example() {
    // Stull (2011), abstract: T = 20 degC, RH = 50 % gives Tw = 13.7 degC.
    let tw = stull_wet_bulb_c(20.0, 50.0, -100.0);
    assert!((tw - 13.7).abs() < 0.05, "{tw}");
    // Saturated air: the wet bulb equals the dry bulb (clamped at the dry bulb).
    assert!((stull_wet_bulb_c(25.0, 100.0, 25.0) - 25.0).abs() < 0.3);
    // Never below the dew point.
    assert!(stull_wet_bulb_c(30.0, 5.0, 10.0) >= 10.0);
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
fn design_conditions_come_from_the_epw_header_or_a_compact_copy_of_it() {
    let line = "DESIGN CONDITIONS,1,Climate Design Data 2009 ASHRAE Handbook,,Heating,1,-9.4,-7.2,-16.6,0.9,-5.8,\
        -14.1,1.2,-3.6,10.5,4.4,9.3,4.6,2.4,250,Cooling,7,11.2,33.5,23.6,32.2,23.3,31,22.8,25.1,30.6,24.4,29.8,\
        23.8,29,5.1,230,23.4,18.3,27.9,22.8,17.6,27.3,22.3,17,26.7,74.3,30.6,72.2,29.8,70.1,29,682,Extremes,9.6,\
        8.4,7.5,27.6,-12.6,35.8,2.7,1.4,-14.6,36.8,-16.2,37.6,-17.8,38.4,-19.8,39.4";
    let epw = epw_text(8760, None).replace("DESIGN CONDITIONS,0", line);
    let c = parse_epw(&epw, "x.epw").unwrap();
    let d = c.design.clone();
    assert_eq!((d.cooling[0].dry_bulb_c, d.return_dry_bulb_c(2, 1.5)), (33.5, 38.4));
    assert!(matches!(d.provenance, crate::catalog::design_conditions::Provenance::File(_)));
    // None stated: the estimate from the hours (the test year's hottest hour is 10 + 23 x 0.5 = 21.5 degC).
    let none = parse_epw(&epw_text(8760, None), "x.epw").unwrap();
    let e = none.design.clone();
    assert_eq!(e.provenance, crate::catalog::design_conditions::Provenance::Estimated);
    assert_eq!(e.extreme_dry_bulb_mean_c, 21.5);
    // A line that cannot be read (a layout this reader does not know, a field left empty) does not stop the year
    // from loading: its design conditions are estimated, and why is kept for the design_estimated finding.
    let broken = epw.replace(",33.5,", ",x,");
    let b = parse_epw(&broken, "x.epw").unwrap();
    assert_eq!(b.design.provenance, crate::catalog::design_conditions::Provenance::Estimated);
    let why = b.design_unread.as_deref().unwrap_or("");
    assert!(why.contains("DESIGN CONDITIONS line (line 2) was not read: cooling dry bulb"), "{why}");
    assert_eq!(b.dry_bulb_c, none.dry_bulb_c);
    assert!(none.design_unread.is_none());
    // The compact format carries the same line in its header.
    let compact = include_str!("../../../../../assets/climates/miami-fl.csv").replacen(
        "# elevation_m:",
        &format!("# design_conditions: {line}\n# elevation_m:"),
        1,
    );
    let c = parse_compact(&compact, "m.csv").unwrap();
    assert_eq!(c.design.cooling, d.cooling);
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
    let text = include_str!("../../../../../assets/climates/greensboro-nc.csv");
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
    assert!(read_file(&path, "site.csv").unwrap_err().to_string().contains("site.csv:13:"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_dew_point_governs_and_a_missing_one_comes_from_the_relative_humidity() {
    let text = epw_text(8760, None);
    // Row 0: 10.0 degC, dew point 5.0, RH 70. Its state at the station's 270 m (98,152 Pa): the wet bulb follows the
    // dew point, not the record's RH (70 % at 10 degC is a dew point of 4.79 degC).
    let c = parse_epw(&text, "x.epw").unwrap();
    let p = standard_pressure_pa(270.0);
    let by_dew_point = crate::psychrometrics::MoistAir::from_dew_point(10.0, 5.0, p);
    assert_eq!(c.wet_bulb_c[0], by_dew_point.wet_bulb_c);
    assert_eq!(c.humidity_ratio[0], by_dew_point.humidity_ratio);
    // A record with the RH changed but the same dew point: the same state.
    let other_rh = text.replacen(",10.0,5.0,70,", ",10.0,5.0,55,", 1);
    assert_eq!(parse_epw(&other_rh, "x.epw").unwrap().wet_bulb_c[0], c.wet_bulb_c[0]);
    // Dew point missing (EPW code 99.9): derived from RH. 70 % of p_ws(10 degC) = 0.7 x 1228.0 = 859.6 Pa, whose
    // dew point is 4.787 degC.
    let no_dew_point = text.replacen(",10.0,5.0,70,", ",10.0,99.9,70,", 1);
    let d = parse_epw(&no_dew_point, "x.epw").unwrap();
    assert!((d.dew_point_c[0] - 4.787).abs() < 0.001, "{}", d.dew_point_c[0]);
    // RH missing (999): kept from the dew point, rounded: 100 x p_ws(5) / p_ws(10) = 872.5 / 1228.0 = 71 %.
    let no_rh = text.replacen(",10.0,5.0,70,", ",10.0,5.0,999,", 1);
    assert_eq!(parse_epw(&no_rh, "x.epw").unwrap().rh_pct[0], 71.0);
    // Both missing: refused at the line, never a guess.
    let neither = text.replacen(",10.0,5.0,70,", ",10.0,99.9,999,", 1);
    let err = parse_epw(&neither, "x.epw").unwrap_err().to_string();
    assert!(err.contains("x.epw:9:") && err.contains("dew point (degC) and relative humidity (%) missing"), "{err}");
}
