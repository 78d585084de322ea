//! The design condition (`[site.design]`): the plant and the grid sized on a stated outdoor condition, worked by hand.

use super::*;

fn with_design(design: &str) -> Plan {
    plan(&TWO_RACKS.replace("condition = \"tmy-max\"", design))
}

#[test]
fn an_explicit_condition_sizes_the_plant_worked_by_hand() {
    // 38 degC dry bulb, above the typical year's 35.6: trim share (38 + 8 - 42) / 10 = 0.4 -> 0.4 x 460 = 184 kW on
    // the trim chiller; condenser 38 + 8 + 5.6 = 51.6 degC, lift 51.6 - 42 = 9.6 K -> 0.635 x 315.15 / 9.6 = 20.85,
    // capped at 12 -> 184 / 12 = 15.3333 kW; fans at full airflow 9.8172 kW (see design_hour_of_two_racks_worked_by_hand);
    // misc 2.3 kW -> facility 460 + 15.3333 + 9.8172 + 2.3 = 487.4505 kW.
    let p = with_design("condition = \"explicit\"\ndry_bulb_c = 38\nwet_bulb_c = 27");
    let s = &evaluate(&p).sites[0];
    assert!((s.facility_kw_peak - 487.4505).abs() < 1e-3, "{}", s.facility_kw_peak);
    assert!((s.chiller_th_kw_design - 184.0).abs() < 1e-9);
    assert!((s.chiller_el_kw_design - 15.3333).abs() < 1e-4);
    assert_eq!((s.design_condition, s.design_source), ("explicit", "plan"));
    assert_eq!((s.design_dry_bulb_c, s.design_wet_bulb_c, s.hours_above_design), (38.0, 27.0, 0));
    // The year's worst hour is still reported, and the annual energy is the year's, whatever the design.
    let tmy = &evaluate(&plan(TWO_RACKS)).sites[0];
    assert_eq!(s.design_hour, tmy.design_hour);
    assert_eq!(s.facility_mwh_year, tmy.facility_mwh_year);
    // F14 on the design: 0.4874505 MW / 0.95 x 1.10 = 0.564416 MVA.
    assert!((s.grid_mva - 0.564416).abs() < 1e-6, "{}", s.grid_mva);
    // A margin adds to both temperatures: 36 + 2 = 38 degC is the same design.
    let m =
        &evaluate(&with_design("condition = \"explicit\"\ndry_bulb_c = 36\nwet_bulb_c = 25\nmargin_k = 2")).sites[0];
    assert_eq!(m.facility_kw_peak, s.facility_kw_peak);
}

#[test]
fn a_condition_milder_than_the_typical_year_counts_the_hours_it_falls_short() {
    // cooling-2 from Greensboro's file (ASHRAE 2009, station 723170): 31.0 degC dry bulb with 22.8 degC MCWB. The
    // free limit is 34 degC, so the design point needs no trim: facility 460 + 9.8172 x fan share + 2.3 kW, below
    // the typical year's hours above 34 degC (15 of them, with the trim chiller on), which the outcome counts.
    let s = &evaluate(&with_design("condition = \"cooling-2\"")).sites[0];
    assert_eq!((s.design_condition, s.design_source), ("cooling-2", "file"));
    assert_eq!((s.design_dry_bulb_c, s.design_wet_bulb_c), (31.0, 22.8));
    assert_eq!(s.chiller_th_kw_design, 0.0);
    assert!(s.hours_above_design >= 15, "{}", s.hours_above_design);
    let kinds: Vec<&str> = s.violations.iter().map(|v| v.kind.name()).collect();
    assert_eq!(kinds, ["above_design"]);
    // The default, extreme-20 from the file (38.5 degC with the 27.1 degC extreme wet bulb): no hour above it.
    let e = &evaluate(&with_design("condition = \"extreme-20\"")).sites[0];
    assert_eq!((e.design_dry_bulb_c, e.design_wet_bulb_c, e.hours_above_design), (38.5, 27.1, 0));
    // A file with no design conditions (Sand Point, AK): estimated from its year, and said so.
    let sp = plan(&TWO_RACKS.replace("greensboro-nc", "sand-point-ak").replace("condition = \"tmy-max\"", ""));
    let x = &evaluate(&sp).sites[0];
    assert_eq!((x.design_condition, x.design_source), ("extreme-20", "estimated"));
    let c = crate::catalog::Catalog::climate("sand-point-ak").unwrap();
    // The year's highest dry bulb plus 1.865811 x the default 1.5 K spread.
    assert!((x.design_dry_bulb_c - (c.max_dry_bulb_c() + 1.5 * 1.865811)).abs() < 1e-5);
    assert!(x.violations.iter().any(|v| v.kind.name() == "design_estimated"));
    // tmy-max: the worst hour itself, nothing above it, nothing estimated.
    let t = &evaluate(&plan(TWO_RACKS)).sites[0];
    assert_eq!((t.design_condition, t.design_source, t.hours_above_design), ("tmy-max", "typical year", 0));
    assert!(t.violations.is_empty(), "{:?}", t.violations);
}

#[test]
fn a_hotter_design_point_never_needs_less_chiller_or_grid() {
    let mut last = (0.0, 0.0);
    for db in 20..=48 {
        let wb = f64::from(db) - 8.0;
        let s = &evaluate(&with_design(&format!("condition = \"explicit\"\ndry_bulb_c = {db}\nwet_bulb_c = {wb}")))
            .sites[0];
        assert!(s.chiller_th_kw_design >= last.0 && s.grid_mva >= last.1, "{db} degC");
        last = (s.chiller_th_kw_design, s.grid_mva);
    }
    // At 48 degC the whole load is on the trim chiller: share (48 + 8 - 42) / 10 clamped to 1.
    assert_eq!(last.0, 460.0);
}

#[test]
fn design_settings_that_contradict_are_refused() {
    let err = |design: &str| {
        let text = TWO_RACKS.replace("condition = \"tmy-max\"", design);
        parse(&text, &Origin::new("t.toml", None), Catalog::builtin().unwrap()).unwrap_err().to_string()
    };
    assert!(err("condition = \"explicit\"").contains("expected dry_bulb_c and wet_bulb_c"));
    assert!(err("condition = \"cooling-1\"\ndry_bulb_c = 30").contains("used only with condition = \"explicit\""));
    let e = err("condition = \"explicit\"\ndry_bulb_c = 30\nwet_bulb_c = 31");
    assert!(e.contains("site[0].design.wet_bulb_c") && e.contains("above the dry bulb"), "{e}");
    let e = err("condition = \"hottest\"");
    assert!(e.contains("site[0].design.condition") && e.contains("extreme-20"), "{e}");
}
