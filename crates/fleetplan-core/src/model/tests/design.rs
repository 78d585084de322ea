//! The design condition (`[site.design]`): the plant and the grid sized on a stated outdoor condition, worked by hand.

use super::*;

fn with_design(design: &str) -> Plan {
    plan(&TWO_RACKS.replace("condition = \"tmy-max\"", design))
}

#[test]
fn an_explicit_condition_sizes_the_plant_worked_by_hand() {
    // 38 degC dry bulb, above the typical year's 35.6: the 8 K bank leaves a trim share (38 + 8 - 42) / 10 = 0.4 ->
    // 0.4 x 460 = 184 kW on the trim chiller; condenser 38 + 8 + 5.6 = 51.6 degC, lift 51.6 - 42 = 9.6 K -> 0.635 x
    // 315.15 / 9.6 = 20.85, capped at 12 -> 184 / 12 = 15.3333 kW of compressor heat the bank is sized to reject too:
    // capacity 1 + 15.3333 / 460 = 1.033333. That bank reaches 8 / 1.033333 = 7.7419 K at nameplate, so at the
    // design the trim share is (38 + 7.7419 - 42) / 10 = 0.374194 -> 172.129 kW thermal on the four chillers sized
    // for 184 kW, all running at 0.935484: curve 0.222903 + 0.313387 x 0.935484 + 0.463710 x 0.935484^2 = 0.921878,
    // 184 / 12 x 0.921878 = 14.1355 kW; fans 9.2 x 1.033333 x 1.06709 (273 m) x (311.15 / 293.15)^2 = 1.126574
    // (38 degC air) = 11.4285 kW; misc 2.3 kW -> facility 460 + 14.1355 + 11.4285 + 2.3 = 487.8640 kW.
    let p = with_design("condition = \"explicit\"\ndry_bulb_c = 38\nwet_bulb_c = 27");
    let s = &evaluate(&p).sites[0];
    assert!((s.facility_kw_peak - 487.8640).abs() < 1e-3, "{}", s.facility_kw_peak);
    assert!((s.chiller_th_kw_design - 172.1290).abs() < 1e-3);
    assert!((s.chiller_el_kw_design - 14.1355).abs() < 1e-4);
    assert_eq!((s.design_condition, s.design_source), ("explicit", "plan"));
    assert_eq!((s.design_dry_bulb_c, s.design_wet_bulb_c, s.hours_above_design), (38.0, 27.0, 0));
    // The annual energy is the year's hours, whatever the design: the bank sized for the hotter design (3.3 % more
    // fans) moves it by a few thousandths (slower fans in warm free hours, more fans at their minimum in cold ones).
    let tmy = &evaluate(&plan(TWO_RACKS)).sites[0];
    assert!((s.facility_mwh_year / tmy.facility_mwh_year - 1.0).abs() < 0.005);
    // F14 on the design: 0.4878640 MW / 0.95 x 1.10 = 0.564895 MVA.
    assert!((s.grid_mva - 0.564895).abs() < 1e-6, "{}", s.grid_mva);
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

/// TWO_RACKS on cooling towers (4 K closest approach, 1.5 K plate exchanger), for the tower checks.
fn on_towers(design: &str) -> Plan {
    plan(
        &TWO_RACKS
            .replace("heat_rejection = \"dry-cooler\"", "heat_rejection = \"cooling-tower\"")
            .replace("condition = \"tmy-max\"", design),
    )
}

#[test]
fn a_hotter_design_point_never_needs_less_chiller_or_grid() {
    for towers in [false, true] {
        let mut last = (0.0, 0.0, 0.0);
        for db in 20..=48 {
            let wb = f64::from(db) - 8.0;
            let d = format!("condition = \"explicit\"\ndry_bulb_c = {db}\nwet_bulb_c = {wb}");
            let s = &evaluate(&if towers { on_towers(&d) } else { with_design(&d) }).sites[0];
            let now = (s.chiller_th_kw_design, s.grid_mva, s.facility_kw_peak);
            assert!(
                now.0 >= last.0 && now.1 >= last.1 - 1e-12 && now.2 >= last.2 - 1e-9,
                "{db} degC: {now:?} {last:?}"
            );
            last = now;
        }
        // At 48 degC the dry coolers leave the whole load to the trim chiller: share (48 + 8 - 42) / 10 clamped to
        // 1. The towers work on the 40 degC wet bulb: 42 - 1.5 = 40.5 degC water needed, sized at the closest
        // approach, 4 K, with the compressor heat of share (40 + 4 - 40.5) / 10 = 0.35 (161 kW / COP 12 = 13.417
        // kW): capacity 1.029167, reached 4 / 1.029167 = 3.88664 K, share (40 + 3.88664 - 40.5) / 10 = 0.338664 ->
        // 155.785 kW thermal.
        let expect = if towers { 155.785 } else { 460.0 };
        assert!((last.0 - expect).abs() < 1e-3, "towers {towers}: {}", last.0);
    }
}

#[test]
fn towers_draw_less_fan_than_dry_coolers_and_always_use_water() {
    // The same 460 kW at the same design condition (Greensboro's 20-year extreme, 38.5 degC with the 27.1 degC
    // extreme wet bulb): dry coolers at 20 kW/MW for their 8 K approach, towers sized by effectiveness-NTU from
    // ASHRAE 90.1's 13.4 kW/MW. The towers' fans draw less at the design and over the year.
    let dry = &evaluate(&with_design("condition = \"extreme-20\"")).sites[0];
    let wet = &evaluate(&on_towers("condition = \"extreme-20\"")).sites[0];
    assert!(wet.fan_mwh_year < dry.fan_mwh_year, "{} {}", wet.fan_mwh_year, dry.fan_mwh_year);
    // A tower uses water in every hour it rejects heat; a dry cooler with chiller trim none.
    assert_eq!(dry.water_m3_year, 0.0);
    let p = on_towers("condition = \"extreme-20\"");
    let h = hourly(&p, &p.sites[0]);
    assert!(h.water_l.iter().all(|w| *w > 0.0));
    // About 1.4-2.0 L per kWh of heat rejected, the range public tower figures give (evaporation about 1.5 L/kWh
    // plus blowdown at 5 cycles); the cold months' share of sensible heat keeps the year's figure under the summer's.
    let rejected_kwh: f64 = (0..HOURS_PER_YEAR).map(|i| h.it_kw[i] + h.chiller_kw[i]).sum();
    let per_kwh = wet.water_m3_year * 1000.0 / rejected_kwh;
    assert!(per_kwh > 1.2 && per_kwh < 2.0, "{per_kwh} L/kWh");
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

#[test]
fn constant_flow_cdus_pump_at_design_while_variable_ones_follow_the_set_point_law() {
    // TWO_RACKS with a 200 kPa TCS loop at half load all year. Design TCS pumps: 200 kPa x (685.034 L/min / 60,000
    // = 0.0114172 m3/s) / 0.70 = 3.26206 kW. Variable (F10b, h0 = 0.3): 0.5 x (0.3 + 0.7 x 0.25) = 0.2375 of it,
    // 0.774740 kW, x 8,760 h = 6.7867 MWh; constant flow: 3.26206 kW x 8,760 h = 28.5756 MWh.
    let text =
        TWO_RACKS.replace("tcs_pump_kpa = 0", "tcs_pump_kpa = 200").replace("it_load_frac = 1.0", "it_load_frac = 0.5");
    let variable = &evaluate(&plan(&text)).sites[0];
    assert!((variable.pump_mwh_year - 6.7867).abs() < 1e-3, "{}", variable.pump_mwh_year);
    let constant =
        &evaluate(&plan(&text.replace("tcs_pump_kpa = 200", "tcs_pump_kpa = 200\ncdu_flow = \"constant\""))).sites[0];
    assert!((constant.pump_mwh_year - 28.5756).abs() < 1e-3, "{}", constant.pump_mwh_year);
    // The pure cube law (h0 = 0): 0.125 x 3.26206 x 8,760 = 3.5720 MWh.
    let cube =
        &evaluate(&plan(&text.replace("tcs_pump_kpa = 200", "tcs_pump_kpa = 200\npump_min_head_frac = 0"))).sites[0];
    assert!((cube.pump_mwh_year - 3.5720).abs() < 1e-3, "{}", cube.pump_mwh_year);
    // At nameplate the design is the same whichever way the pumps run.
    assert_eq!(constant.facility_kw_peak, variable.facility_kw_peak);
}
