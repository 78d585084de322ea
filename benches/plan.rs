//! Benchmarks at 1 GW (the bundled plan: 3,200 racks, 16 halls, 8,760 hours): load, evaluate, build and write
//! tables. Run with `cargo bench`; goals on a 2-core machine: evaluation < 2 ms, an edit in the app < 4 ms, a whole
//! export process < 100 ms.

use std::sync::Arc;

use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::model;
use fleetplan_core::plan::{self, Origin, Plan};
use fleetplan_core::tables::{self, Table};

fn main() {
    divan::main();
}

/// The allocator the binary runs on (see Cargo.toml), so that the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn default_plan() -> Plan {
    let cat = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    plan::parse(plan::DEFAULT_PLAN, &Origin::bundled(), cat).unwrap_or_else(|e| panic!("{e}"))
}

/// Parse and check the 1 GW plan text (climate parse is cached after the first load).
#[divan::bench]
fn load_1gw() -> Plan {
    default_plan()
}

/// Parse and check the 1 GW plan when its climate is a weather file beside it (what every edit in the terminal
/// app pays for such a plan).
#[divan::bench]
fn load_1gw_with_weather_file(bencher: divan::Bencher) {
    let dir = std::env::temp_dir().join(format!("fleetplan-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("site.csv"), include_str!("../assets/climates/greensboro-nc.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    let text = plan::DEFAULT_PLAN.replace("climate = \"greensboro-nc\"", "climate = \"site.csv\"");
    let origin = Origin::file(&dir.join("plan.toml"));
    let cat = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| plan::parse(&text, &origin, cat).unwrap_or_else(|e| panic!("{e}")));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Read and evaluate the 1 GW plan from its file: the base line for a scenario file over it.
#[divan::bench]
fn load_and_evaluate_1gw_file(bencher: divan::Bencher) {
    let cat = Arc::new(Catalog::builtin().unwrap_or_else(|e| panic!("{e}")).clone());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/ai-factory-1gw.toml");
    bencher.bench(|| Evaluation::from_path(&path, Arc::clone(&cat)).unwrap_or_else(|e| panic!("{e}")));
}

/// The same through a scenario file over it (eight hall overrides and a supply value): the base read twice (as
/// text, then as the plan the overrides make), the overrides applied as text patches. Goal: < 1 ms more than the
/// base alone.
#[divan::bench]
fn load_and_evaluate_scenario_over_1gw(bencher: divan::Bencher) {
    let cat = Arc::new(Catalog::builtin().unwrap_or_else(|e| panic!("{e}")).clone());
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/scenarios/risk-late-halls.toml");
    bencher.bench(|| Evaluation::from_path(&path, Arc::clone(&cat)).unwrap_or_else(|e| panic!("{e}")));
}

/// Evaluate the 1 GW plan: every rack, row and hall, and two passes over 8,760 hours.
#[divan::bench]
fn evaluate_1gw(bencher: divan::Bencher) {
    let p = default_plan();
    bencher.bench(|| model::evaluate(divan::black_box(&p)));
}

/// The 1 GW plan on cooling towers: the towers sized by effectiveness-NTU, and every hour's tower water from the
/// air's energy balance (a saturation temperature per hour) and its condenser-water pumps.
#[divan::bench]
fn evaluate_1gw_on_towers(bencher: divan::Bencher) {
    let cat = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let text = plan::DEFAULT_PLAN.replace("heat_rejection = \"dry-cooler\"", "heat_rejection = \"cooling-tower\"");
    assert_ne!(text, plan::DEFAULT_PLAN);
    let p = plan::parse(&text, &Origin::bundled(), cat).unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| model::evaluate(divan::black_box(&p)));
}

/// Build a table and write it as CSV into memory.
#[divan::bench(args = ["site", "racks", "hourly"])]
fn export_1gw(bencher: divan::Bencher, table: &str) {
    let cat = Arc::new(Catalog::builtin().unwrap_or_else(|e| panic!("{e}")).clone());
    let e = Evaluation::bundled(cat).unwrap_or_else(|e| panic!("{e}"));
    let t = Table::ALL.into_iter().find(|t| t.name() == table).unwrap_or(Table::Site);
    bencher.bench(|| {
        let mut df = tables::build(t, &e, None).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::with_capacity(1 << 20);
        tables::write_csv(&mut df, &mut out).unwrap_or_else(|e| panic!("{e}"));
        out
    });
}

/// A sweep of 1,000 variants of the 1 GW plan, each read, evaluated and made a row (what `fleetplan sweep` does but
/// writing CSV): a physical key (every hour again), the operating load (the design hour kept) and an economic value
/// (the site's outcome kept). Goal: the whole process under 0.5 s.
#[divan::bench(args = ["cooling.supply_c=35..45", "it_load_frac=0.3..1", "electricity_usd_per_mwh=40..90"], sample_count = 5)]
fn sweep_1000_variants_1gw(bencher: divan::Bencher, vary: &str) {
    use fleetplan_core::analysis::design::{Design, DesignKind, parse_vary};
    use fleetplan_core::analysis::sweep::Sweep;
    let cat = Arc::new(Catalog::builtin().unwrap_or_else(|e| panic!("{e}")).clone());
    let base = Evaluation::bundled(cat).unwrap_or_else(|e| panic!("{e}"));
    let varies = vec![parse_vary(vary).unwrap_or_else(|e| panic!("{e}"))];
    let design = Design::new(varies, DesignKind::Grid, Some(1000), 2027).unwrap_or_else(|e| panic!("{e}"));
    let sweep = Sweep::new(&base, &design).unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| sweep.rows(0..design.total()).unwrap_or_else(|e| panic!("{e}")).len());
}

/// The hourly table of the 50-site fleet (438,000 rows) streamed as CSV a few sites at a time into a sink, as
/// `export -t hourly` writes it. Goal: under 0.5 s and 100 MB for the whole process.
#[divan::bench(sample_count = 3)]
fn hourly_csv_fleet50(bencher: divan::Bencher) {
    let cat = Arc::new(Catalog::builtin().unwrap_or_else(|e| panic!("{e}")).clone());
    let e = Evaluation::from_text(repeated_site(plan::DEFAULT_PLAN, 50), Origin::bundled(), cat)
        .unwrap_or_else(|e| panic!("{e}"));
    bencher.bench(|| {
        let mut sink = std::io::sink();
        tables::write_hourly_csv(&e, &mut sink, tables::HOURLY_SITES_PER_PART).unwrap_or_else(|e| panic!("{e}"))
    });
}

/// The terminal app at 1 GW: one edit (toggle a rack: re-read the plan text, re-evaluate) and a 160x48 frame.
#[divan::bench]
fn tui_edit_and_render_1gw(bencher: divan::Bencher) {
    edit_and_render(bencher, plan::DEFAULT_PLAN.to_string());
}

/// The same on the 1 GW site repeated 50 times: the edit re-evaluates the one site it touched (goal: under 16 ms).
#[divan::bench(sample_count = 20)]
fn tui_edit_and_render_fleet50(bencher: divan::Bencher) {
    edit_and_render(bencher, repeated_site(plan::DEFAULT_PLAN, 50));
}

fn edit_and_render(bencher: divan::Bencher, text: String) {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let cat = Arc::new(Catalog::builtin().unwrap_or_else(|e| panic!("{e}")).clone());
    let mut app = fleetplan::tui::App::open(text, None, cat, fleetplan::tui::keymap::Keymap::defaults())
        .unwrap_or_else(|e| panic!("{e}"));
    app.shared.area = ratatui::layout::Rect::new(0, 0, 160, 48);
    app.tab = fleetplan::tui::app::Tab::Hall;
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).unwrap_or_else(|e| panic!("{e}"));
    let mut place = false;
    bencher.bench_local(|| {
        let key = if place { KeyCode::Char(' ') } else { KeyCode::Char('x') };
        place = !place;
        app.handle_event(&Event::Key(KeyEvent::new(key, KeyModifiers::NONE)));
        terminal.draw(|f| fleetplan::tui::ui::draw(f, &app)).unwrap_or_else(|e| panic!("{e}"));
    });
}

/// Startup of the terminal app on the 1 GW plan to its first 160x48 frame (climate already parsed: see
/// `climate_parse` for that part).
#[divan::bench]
fn tui_startup_to_first_frame_1gw() {
    startup(plan::DEFAULT_PLAN.to_string());
}

/// The same on the 1 GW site repeated 50 times (goal: under 100 ms).
#[divan::bench(sample_count = 10)]
fn tui_startup_to_first_frame_fleet50(bencher: divan::Bencher) {
    let text = repeated_site(plan::DEFAULT_PLAN, 50);
    bencher.bench(|| startup(text.clone()));
}

fn startup(text: String) {
    let cat = Arc::new(Catalog::builtin().unwrap_or_else(|e| panic!("{e}")).clone());
    let app = fleetplan::tui::App::open(text, None, cat, fleetplan::tui::keymap::Keymap::defaults())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).unwrap_or_else(|e| panic!("{e}"));
    terminal.draw(|f| fleetplan::tui::ui::draw(f, &app)).unwrap_or_else(|e| panic!("{e}"));
}

/// Parsing one bundled typical year (8,760 hours, wet bulb derived): paid once per process.
#[divan::bench]
fn climate_parse() -> Result<fleetplan_core::catalog::Climate, fleetplan_core::plan::Diagnostics> {
    fleetplan_core::catalog::climate::parse_compact(
        include_str!("../assets/climates/greensboro-nc.csv"),
        "greensboro-nc.csv",
    )
}

/// The supply timeline of the 1 GW plan: three scenarios over 12 quarters, and the expectation.
#[divan::bench]
fn supply_timeline_1gw(bencher: divan::Bencher) {
    let p = default_plan();
    let o = model::evaluate(&p);
    let s = p.supply.clone().unwrap_or_else(|| panic!("the bundled plan has a [supply] section"));
    bencher.bench(|| model::supply::evaluate(&p, &o, &s));
}

/// The Monte Carlo of the 1 GW plan: 10,000 trials (the plan's setting), each drawing every range once.
#[divan::bench(sample_count = 10)]
fn monte_carlo_10k_1gw(bencher: divan::Bencher) {
    let p = default_plan();
    let o = model::evaluate(&p);
    let s = p.supply.clone().unwrap_or_else(|| panic!("the bundled plan has a [supply] section"));
    assert_eq!(s.trials, 10_000);
    bencher.bench(|| model::supply::monte_carlo(&p, &o, &s));
}

/// The 1 GW site repeated 50 times (160,000 racks, 800 halls): a real customer's fleet.
fn fleet50_plan() -> Plan {
    let cat = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    plan::parse(&repeated_site(plan::DEFAULT_PLAN, 50), &Origin::bundled(), cat).unwrap_or_else(|e| panic!("{e}"))
}

/// A plan's text with its first site repeated `n` times under names `Site 00`, `Site 01` ….
fn repeated_site(text: &str, n: usize) -> String {
    let start = text.find("[[site]]").unwrap_or_else(|| panic!("the bundled plan has a site"));
    // The site's block ends at the next top-level table that is not one of its own (`[supply]`, `[workload]` …).
    let end = start
        + text[start..]
            .match_indices("\n[")
            .map(|(i, _)| i + 1)
            .find(|&i| !text[start + i..].starts_with("[site") && !text[start + i..].starts_with("[[site"))
            .unwrap_or(text.len() - start);
    let site = &text[start..end];
    let name = site.lines().find(|l| l.starts_with("name = ")).unwrap_or("name = \"x\"");
    let sites: String = (0..n).map(|i| site.replacen(name, &format!("name = \"Site {i:02}\""), 1)).collect();
    format!("{}{}{}", &text[..start], sites, &text[end..])
}

/// A plan of many small sites (the 5 MW pilot's site 2,000 times: 48,000 racks): load, evaluate and write the site
/// table, what `export -t site` does. Memory per site is what this scale tests (`/usr/bin/time -f %M` on the
/// command); the time is here.
#[divan::bench(args = [2000], sample_count = 3)]
fn site_table_of_pilot_sites(bencher: divan::Bencher, n: usize) {
    let text = repeated_site(include_str!("../plans/pilot-5mw.toml"), n);
    let cat = Arc::new(Catalog::builtin().unwrap_or_else(|e| panic!("{e}")).clone());
    bencher.bench(|| {
        let e =
            Evaluation::from_text(text.clone(), Origin::bundled(), Arc::clone(&cat)).unwrap_or_else(|e| panic!("{e}"));
        let mut df = tables::build(Table::Site, &e, None).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::with_capacity(1 << 20);
        tables::write_csv(&mut df, &mut out).unwrap_or_else(|e| panic!("{e}"));
        out
    });
}

/// The rows of `diff` between two evaluated plans of 2,000 pilot sites (one parameter changed on every site): linear
/// in the sites, where it once parsed the whole text again for each site.
#[divan::bench(sample_count = 3)]
fn diff_rows_of_pilot_sites(bencher: divan::Bencher) {
    let a = repeated_site(include_str!("../plans/pilot-5mw.toml"), 2000);
    let b = a.replace("supply_c = 40.0", "supply_c = 42.0");
    let cat = Arc::new(Catalog::builtin().unwrap_or_else(|e| panic!("{e}")).clone());
    let eval = |t: &str| {
        Evaluation::from_text(t.to_string(), Origin::bundled(), Arc::clone(&cat)).unwrap_or_else(|e| panic!("{e}"))
    };
    let (ea, eb) = (eval(&a), eval(&b));
    bencher.bench(|| fleetplan_core::compare::diff_rows((&ea).into(), (&eb).into()).len());
}

/// The mixed Monte Carlo of 50 sites of 1 GW: 10,000 trials over 800 halls.
#[divan::bench(sample_count = 3)]
fn monte_carlo_10k_fleet50(bencher: divan::Bencher) {
    let p = fleet50_plan();
    assert_eq!(p.sites.len(), 50);
    let o = model::evaluate(&p);
    let s = p.supply.clone().unwrap_or_else(|| panic!("the bundled plan has a [supply] section"));
    bencher.bench(|| model::supply::monte_carlo(&p, &o, &s));
}

/// The inference curve of DeepSeek-R1 on GB300 NVL72 (FP4, 1k/1k): batch 1 to the largest that fits.
#[divan::bench]
fn inference_curve_deepseek_gb300() -> usize {
    use fleetplan_core::model::inference::{Calibration, Precision, Serving};
    let cat = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let m = &cat.models["deepseek-r1"];
    let p = &cat.platforms["gb300-nvl72"];
    let g = p.gpu.as_ref().unwrap_or_else(|| panic!("GPU figures"));
    let entry = cat.calibration(&p.id, m.class, None).unwrap_or_else(|| panic!("calibration"));
    let s = Serving {
        model: m,
        gpu: g,
        cal: Calibration::from_entry(entry),
        replica_gpus: Serving::replica_for(m, g, entry, &p.id, Precision::Fp4),
        precision: Precision::Fp4,
        isl: 1000.0,
        osl: 1000.0,
        mode: fleetplan_core::catalog::ServingMode::Aggregated,
    };
    s.curve().len()
}

/// Inference of the 1 GW plan (its rack types x models) and the three-platform comparison.
#[divan::bench]
fn inference_and_compare_1gw(bencher: divan::Bencher) {
    let cat = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let p = default_plan();
    let o = model::evaluate(&p);
    bencher.bench(|| {
        let sites = model::fleet_inference::evaluate(cat, &p, &o);
        let cmp = model::fleet_inference::compare_platforms(cat, &p);
        (sites.is_ok(), cmp.is_ok())
    });
}

/// Reading hostile plans to every one of their problems (what `check` does before printing the first 50): one row of
/// 300,000 slot characters not in the legend, and 30,000 halls of one name. Goal: under 1 s each.
#[divan::bench(args = ["300k-invalid-slots", "30k-duplicate-halls"], sample_count = 10)]
fn check_hostile_plan(bencher: divan::Bencher, case: &str) {
    let pilot = include_str!("../plans/pilot-5mw.toml");
    let text = match case {
        "300k-invalid-slots" => {
            let at = pilot.find("[site.hall.rows]\n").unwrap_or(pilot.len()) + "[site.hall.rows]\n".len();
            format!("{}Z01 = \"{}\"\n{}", &pilot[..at], "X".repeat(300_000), &pilot[at..])
        }
        _ => format!("{pilot}\n{}", "[[site.hall]]\nname = \"Dup\"\nenergised = \"2027Q1\"\n\n".repeat(30_000)),
    };
    let cat = Catalog::builtin().unwrap_or_else(|e| panic!("{e}"));
    let origin = Origin::new("hostile.toml", None);
    bencher.bench(|| plan::parse(&text, &origin, cat).err().map_or(0, |d| d.len()));
}
