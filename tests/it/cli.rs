//! The command line as a user runs it: exit codes, outputs, nothing written on error, byte-stable CSV.

use std::process::{Command, Output};

fn fleetplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fleetplan")).args(args).current_dir(crate::root()).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn check_accepts_the_examples() {
    let o = fleetplan(&["check", "plans/pilot-5mw.toml", "plans/campus-100mw.toml", "plans/ai-factory-1gw.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("ok: plans/ai-factory-1gw.toml (1 site, 3,200 racks)"), "{out}");
}

#[test]
fn check_reports_every_error_of_every_file_and_exits_2() {
    let o = fleetplan(&[
        "check",
        "plans/pilot-5mw.toml",
        "tests/invalid_plans/many-errors.toml",
        "tests/invalid_plans/negative-grid.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert_eq!(err.matches("error: ").count(), 5, "{err}");
    assert!(err.contains("tests/invalid_plans/many-errors.toml:11:11: site[0].grid_mw"), "{err}");
    assert!(err.contains("5 problems found; nothing was written"), "{err}");
}

#[test]
fn export_of_a_bad_plan_writes_nothing_and_exits_2() {
    let tmp = crate::TempDir::new("cli-bad");
    let out = tmp.path().join("site.csv");
    let o = fleetplan(&[
        "export",
        "tests/invalid_plans/negative-grid.toml",
        "--table",
        "site",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
    assert!(o.stdout.is_empty());
}

#[test]
fn site_table_has_the_agreed_columns_first() {
    let o = fleetplan(&["export", "plans/pilot-5mw.toml", "--table", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let header = out.lines().next().unwrap();
    let agreed = "site,racks,gpus,it_mw,grid_mw,headroom_mw,facility_mw_peak,pue_design,pue_annual,grid_mva,\
                  tcs_flow_m3h,facility_supply_c,free_cooling_limit_c,trim_hours,it_gwh_year,facility_gwh_year,\
                  wue_l_per_kwh,power_cost_musd_year";
    assert!(header.starts_with(agreed), "{header}");
    assert_eq!(out.lines().count(), 2);
    // Full precision: PUE is written with all its digits, not rounded to 3 decimals.
    let row: Vec<&str> = out.lines().nth(1).unwrap().split(',').collect();
    assert!(row[7].len() > 8, "pue_design {}", row[7]);
}

#[test]
fn export_is_byte_identical_run_to_run_and_file_equals_stdout() {
    let tmp = crate::TempDir::new("cli-stable");
    let file = tmp.path().join("racks.csv");
    let a = fleetplan(&["export", "plans/campus-100mw.toml", "-t", "racks"]);
    let b = fleetplan(&["export", "plans/campus-100mw.toml", "-t", "racks", "--out", file.to_str().unwrap()]);
    let c = fleetplan(&["export", "plans/campus-100mw.toml", "-t", "racks", "--out", "-"]);
    assert_eq!(b.status.code(), Some(0));
    assert_eq!(a.stdout, std::fs::read(&file).unwrap());
    assert_eq!(a.stdout, c.stdout);
    // One row per placed rack (310) plus the header.
    assert_eq!(text(&a.stdout).lines().count(), 311);
}

#[test]
fn hourly_and_monthly_tables_cover_the_year() {
    let h = text(&fleetplan(&["export", "plans/pilot-5mw.toml", "-t", "hourly"]).stdout);
    assert_eq!(h.lines().count(), 8761);
    let header = h.lines().next().unwrap();
    for col in ["site", "hour", "dry_bulb_c", "wet_bulb_c", "it_mw", "cooling_mw", "facility_mw", "pue", "trim"] {
        assert!(header.split(',').any(|c| c == col), "{col} missing from {header}");
    }
    assert!(h.lines().nth(1).unwrap().starts_with("Greensboro pilot,0,10.0,"), "weather of hour 0 as in the file");
    assert!(h.lines().last().unwrap().starts_with("Greensboro pilot,8759,"));
    let m = text(&fleetplan(&["export", "plans/pilot-5mw.toml", "-t", "monthly"]).stdout);
    assert_eq!(m.lines().count(), 13);
}

#[test]
fn no_arguments_reports_the_bundled_plan_from_any_folder() {
    let tmp = crate::TempDir::new("cli-anywhere");
    let o = Command::new(env!("CARGO_BIN_EXE_fleetplan")).current_dir(tmp.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.starts_with("AI factory, 1 GW (<bundled plans/ai-factory-1gw.toml>): site table"), "{out}");
    assert!(out.contains("Piedmont AI factory"));
    let e = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .args(["export", "-t", "halls"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(text(&e.stdout).lines().count(), 17); // 16 halls + header
}

#[test]
fn a_user_catalogue_changes_a_platform() {
    let tmp = crate::TempDir::new("cli-cat");
    let cat = tmp.path().join("cat.toml");
    std::fs::write(
        &cat,
        "[platform.gb300-nvl72]\nname = \"GB300 (quoted)\"\ngpus = 72\ncpus = 36\nhbm_generation = \"HBM3e\"\n\
         hbm_gb_per_gpu = 288\nhbm_stacks_per_gpu = 8\nhbm_stack_height = 12\nliquid_frac = 0.85\nmax_inlet_c = 45\n\
         weight_kg = 1400\ndefault_profile = \"max-p\"\nprofiles = { max-p = 100, max-q = 100 }\n",
    )
    .unwrap();
    let o = fleetplan(&["export", "plans/pilot-5mw.toml", "-t", "racks", "--catalog", cat.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).lines().nth(1).unwrap().contains(",100.0,"));
}

#[test]
fn report_prints_findings() {
    let o = fleetplan(&["report", "tests/valid_plans/over-limit.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    // The grid, the row, and Sand Point's design condition estimated from its typical year (its file states none).
    assert!(out.contains("Over limit (3):"), "{out}");
    assert!(out.contains("the weather file states no design conditions: extreme-20"), "{out}");
    assert!(out.contains("row IT 920 kW exceeds the 800 kW busway by 120 kW"), "{out}");
}

#[test]
fn help_is_reviewed_as_a_snapshot() {
    let o = fleetplan(&["--help"]);
    insta::assert_snapshot!("help", text(&o.stdout));
    let o = fleetplan(&["export", "--help"]);
    insta::assert_snapshot!("export_help", text(&o.stdout));
}

#[test]
fn supply_tables_cover_scenarios_quarters_and_sites() {
    // 1 GW plan: 3 scenarios x 12 quarters x 1 site + 12 mean-of-scenarios rows + header.
    let t = text(&fleetplan(&["export", "plans/ai-factory-1gw.toml", "-t", "timeline"]).stdout);
    assert_eq!(t.lines().count(), 3 * 12 + 12 + 1);
    assert!(
        t.lines()
            .next()
            .unwrap()
            .starts_with("scenario,quarter,site,priority,racks_planned,racks_by_power,racks_by_hbm")
    );
    let only =
        text(&fleetplan(&["export", "plans/ai-factory-1gw.toml", "-t", "timeline", "--scenario", "risk"]).stdout);
    assert_eq!(only.lines().count(), 13);
    assert!(only.lines().skip(1).all(|l| l.starts_with("risk,")));
    let s = text(&fleetplan(&["export", "plans/ai-factory-1gw.toml", "-t", "scenarios"]).stdout);
    let names: Vec<&str> = s.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(names, vec!["baseline", "aggressive", "risk", "mean-of-scenarios", "monte-carlo"]);
    let c = text(&fleetplan(&["export", "plans/campus-100mw.toml", "-t", "completion"]).stdout);
    assert_eq!(c.lines().count(), 3 * 4 + 1);
    // Monte Carlo is seeded: byte-identical from run to run.
    let a = fleetplan(&["export", "plans/pilot-5mw.toml", "-t", "montecarlo"]);
    let b = fleetplan(&["export", "plans/pilot-5mw.toml", "-t", "montecarlo"]);
    assert_eq!(a.stdout, b.stdout);
    assert_eq!(text(&a.stdout).lines().count(), 7);
}

#[test]
fn supply_tables_explain_what_is_missing() {
    let o = fleetplan(&["export", "plans/ai-factory-1gw.toml", "-t", "timeline", "--scenario", "optimistic"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no scenario named \"optimistic\"; expected one of: baseline, aggressive, risk"));
    let o = fleetplan(&["export", "tests/valid_plans/over-limit.toml", "-t", "timeline"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("the timeline table needs a [supply] section in the plan"));
}

#[test]
fn the_inference_calculator_prints_the_operating_point_or_the_curve() {
    let o = fleetplan(&[
        "inference",
        "--platform",
        "gb300-nvl72",
        "--model",
        "deepseek-r1",
        "--precision",
        "fp4",
        "--isl",
        "1000",
        "--osl",
        "1000",
        "--tps-user",
        "128",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("platform,model,precision,isl,osl,batch,tps_user,tokens_per_s_gpu,usd_per_m_tokens"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 2);
    // C2: 4,793 tok/s/GPU at 128 tok/s/user; the calibrated model is within 25 %.
    let tps: f64 = out.lines().nth(1).unwrap().split(',').nth(7).unwrap().parse().unwrap();
    assert!((tps / 4793.0 - 1.0).abs() < 0.25, "{tps}");
    let curve = fleetplan(&["inference", "--platform", "vr-nvl72", "--model", "llama-3.1-70b", "--format", "csv"]);
    let lines = text(&curve.stdout).lines().count();
    assert!(lines > 50, "the whole curve, batch 1 to the largest: {lines} lines");
}

#[test]
fn the_calculator_refuses_bad_input_with_a_message() {
    let o = fleetplan(&["inference", "--platform", "gb300-nvl72", "--model", "gpt-5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown model \"gpt-5\"; expected one of: deepseek-r1"), "{}", text(&o.stderr));
    let o = fleetplan(&["inference", "--platform", "gb300-nvl72", "--model", "deepseek-r1", "--tps-user", "5000"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("no batch of deepseek-r1 on gb300-nvl72 gives 5000 tokens/s per user"),
        "{}",
        text(&o.stderr)
    );
    let o = fleetplan(&["inference", "--platform", "gb300-nvl72", "--model", "deepseek-r1", "--precision", "int4"]);
    assert_eq!(o.status.code(), Some(2));
    let o = fleetplan(&["inference", "--platform", "rubin-ultra-nvl576", "--model", "deepseek-r1"]);
    assert!(text(&o.stderr).contains("has no GPU figures"), "{}", text(&o.stderr));
}

#[test]
fn inference_table_and_platform_comparison() {
    let o = fleetplan(&["export", "plans/ai-factory-1gw.toml", "-t", "inference"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let t = text(&o.stdout);
    // 2 rack types x 2 models, 16 halls, 1 site, the fleet.
    assert_eq!(t.lines().count(), 1 + 4 + 16 + 1 + 1);
    assert!(t.lines().last().unwrap().starts_with("fleet,"));
    let o = fleetplan(&["compare-platforms", "plans/ai-factory-1gw.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    for claim in ["2.5x (3.6 vs 1.44 EFLOPS)", "about 1/10", "up to 10x", "up to 75 % fewer (0.25x)"] {
        assert!(out.contains(claim), "{claim} missing:\n{out}");
    }
    let o = fleetplan(&["export", "tests/valid_plans/over-limit.toml", "-t", "inference"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("the plan has no [workload] section"));
}

#[test]
fn new_writes_a_plan_that_fills_the_envelope_and_never_overwrites() {
    let tmp = crate::TempDir::new("cli-new");
    let path = tmp.path().join("twenty.toml");
    let p = path.to_str().unwrap();
    // stdout is not a terminal here: after writing, `new` prints the plan's report instead of opening the app.
    let o =
        fleetplan(&["new", p, "--mw", "20", "--platform", "gb300-nvl72", "--climate", "miami-fl", "--start", "2027Q2"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.starts_with(&format!("wrote {p}")), "{out}");
    let headroom: f64 =
        out.lines().find(|l| l.starts_with("headroom_mw")).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    // Within the envelope, by less than one more 140 kW rack's facility power.
    assert!((0.0..0.2).contains(&headroom), "{headroom}");
    assert_eq!(fleetplan(&["check", p]).status.code(), Some(0));
    let o = fleetplan(&["new", p, "--mw", "20", "--platform", "gb300-nvl72", "--climate", "miami-fl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("exists; not overwriting it"));
    let o = fleetplan(&[
        "new",
        tmp.path().join("x.toml").to_str().unwrap(),
        "--mw",
        "20",
        "--platform",
        "tpu",
        "--climate",
        "miami-fl",
    ]);
    assert_eq!(o.status.code(), Some(2), "bad input");
    assert!(!tmp.path().join("x.toml").exists());
    assert!(text(&o.stderr).starts_with("error: fleetplan new: unknown platform \"tpu\""), "{}", text(&o.stderr));
}

#[test]
fn supply_tables_honour_the_scenario() {
    // montecarlo --scenario baseline ran the mixed Monte Carlo, whose P10 is 0 MW while the risk scenario (nothing
    // arrives) weighs in. Baseline's own draws: in the second quarter (the first has nothing yet: packaged GPUs take a
    // quarter to reach racks) its P10 is above 0, where the mixed run's is 0.
    let second = |args: &[&str]| -> f64 {
        let o = fleetplan(args);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        text(&o.stdout).lines().nth(2).unwrap().split(',').nth(1).unwrap().parse().unwrap()
    };
    let mc = ["export", "plans/ai-factory-1gw.toml", "-t", "montecarlo"];
    assert_eq!(second(&mc), 0.0);
    assert!(second(&[&mc[..], &["--scenario", "baseline"]].concat()) > 0.0);
    // The scenarios table: each scenario's P10 / P50 / P90 come from its own Monte Carlo (with its trials), not
    // copies of its deterministic date: baseline's P90 is later than its deterministic completion.
    let o = fleetplan(&["export", "plans/ai-factory-1gw.toml", "-t", "scenarios", "--scenario", "baseline"]);
    let csv = text(&o.stdout);
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(&row[..6], ["baseline", "0.55", "2029Q1", "2029Q1", "2029Q1", "2029Q2"], "{csv}");
    assert!(csv.lines().nth(1).unwrap().contains(",10000,"), "trials of its own run: {csv}");
}

#[test]
fn completion_scripts_for_the_usual_shells() {
    for (shell, marker) in [
        ("bash", "_fleetplan()"),
        ("zsh", "#compdef fleetplan"),
        ("fish", "complete -c fleetplan"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let o = fleetplan(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", text(&o.stderr));
        let script = text(&o.stdout);
        assert!(script.contains(marker), "{shell}: {}", &script[..script.len().min(200)]);
        // Every command is offered.
        for cmd in ["check", "report", "export", "sweep", "completions"] {
            assert!(script.contains(cmd), "{shell} lacks {cmd}");
        }
    }
    assert_eq!(fleetplan(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn a_measured_load_year_drives_the_annual_figures_and_a_bad_one_is_refused() {
    let tmp = crate::TempDir::new("load-file");
    let plan = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml"))
        .unwrap()
        .replace("it_load_frac = 0.85              #", "it_load_file = \"load.csv\"       #");
    let path = tmp.path().join("plan.toml");
    std::fs::write(&path, &plan).unwrap();
    // Half load in the first half of the year, full load after: mean 0.5 x 4,380 + 1.0 x 4,380 = 0.75 of nameplate.
    let year: Vec<&str> = (0..8760).map(|h| if h < 4380 { "0.5" } else { "1" }).collect();
    std::fs::write(tmp.path().join("load.csv"), format!("load\n{}\n", year.join("\n"))).unwrap();
    let o = fleetplan(&["export", path.to_str().unwrap(), "-t", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    let (head, row) = csv.split_once('\n').unwrap();
    let col = |name: &str| -> f64 {
        let i = head.split(',').position(|c| c == name).unwrap();
        row.trim().split(',').nth(i).unwrap().parse().unwrap()
    };
    // IT energy = 0.75 x nameplate IT x 8,760 h: it_mw x 0.75 x 8.76 GWh.
    assert!((col("it_gwh_year") - col("it_mw") * 0.75 * 8.76).abs() < 1e-9, "{}", col("it_gwh_year"));
    // A value above nameplate: file, line and column, under the plan key; exit 2.
    let mut bad = year.clone();
    bad[99] = "1.5";
    std::fs::write(tmp.path().join("load.csv"), format!("load\n{}\n", bad.join("\n"))).unwrap();
    let o = fleetplan(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("site[0].it_load_file: in load.csv: line 101, column 1: expected a fraction of nameplate from 0 to 1, found 1.5"),
        "{err}"
    );
    // Stating the constant as well is ambiguous.
    std::fs::write(&path, plan.replace("it_load_file", "it_load_frac = 0.9\nit_load_file")).unwrap();
    let err = text(&fleetplan(&["check", path.to_str().unwrap()]).stderr);
    assert!(err.contains("it_load_file gives every hour's load"), "{err}");
}

#[test]
fn a_service_level_one_platform_cannot_meet_is_a_row_not_a_failure() {
    // 300 tokens/s per user: no replica width of GB200 NVL72 serves DeepSeek-R1 that fast (its widest group gets a
    // user at most ~250); Vera Rubin does. The comparison still prints, with that platform's row saying why, and
    // the brief's ratios say they are not available. (At 200, GB200 now serves it on a wider replica.)
    let tmp = crate::TempDir::new("infeasible");
    let base = std::fs::read_to_string(crate::root().join("plans/ai-factory-1gw.toml")).unwrap();
    let at = base.find("tps_user_min = ").unwrap();
    let end = at + base[at..].find('\n').unwrap();
    let plan = format!("{}tps_user_min = 300{}", &base[..at], &base[end..]);
    let path = tmp.path().join("plan.toml");
    std::fs::write(&path, plan).unwrap();
    let o = fleetplan(&["compare-platforms", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("infeasible: no batch of deepseek-r1 on gb200-nvl72 gives 300 tokens/s per user"), "{out}");
    assert!(out.contains("not available: GB200 NVL72 or Vera Rubin NVL72 cannot serve this workload"), "{out}");
    // CSV: the same row, figures empty, the reason in `note`.
    let csv = text(&fleetplan(&["compare-platforms", path.to_str().unwrap(), "--format", "csv"]).stdout);
    let gb200 = csv.lines().find(|l| l.starts_with("gb200-nvl72,")).unwrap();
    assert!(gb200.contains(",infeasible: no batch of deepseek-r1"), "{gb200}");
}

#[test]
fn a_model_a_rack_cannot_serve_is_a_row_of_the_inference_table() {
    // 400 tokens/s per user: no batch of DeepSeek-R1 on Vera Rubin gets there, Llama 3.1 70B does. The table is
    // still written: DeepSeek's rows serve nothing and say why, the halls count Llama's tokens and every GPU's cost.
    let tmp = crate::TempDir::new("unserved");
    let base = std::fs::read_to_string(crate::root().join("plans/ai-factory-1gw.toml")).unwrap();
    let at = base.find("tps_user_min = ").unwrap();
    let end = at + base[at..].find('\n').unwrap();
    let path = tmp.path().join("plan.toml");
    std::fs::write(&path, format!("{}tps_user_min = 400{}", &base[..at], &base[end..])).unwrap();
    let o = fleetplan(&["export", path.to_str().unwrap(), "-t", "inference"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    let deepseek = csv.lines().find(|l| l.starts_with("rack,") && l.contains(",deepseek-r1,")).unwrap();
    assert!(
        deepseek.contains(",0.0,") && deepseek.contains("infeasible: no batch of deepseek-r1 on vr-nvl72"),
        "{deepseek}"
    );
    let llama = csv.lines().find(|l| l.starts_with("rack,") && l.contains(",llama-3.1-70b,")).unwrap();
    assert!(!llama.contains("infeasible"), "{llama}");
}

#[test]
fn a_late_rollout_is_priced_in_tokens_and_dollars() {
    // The 1 GW plan with a price per million output tokens: every timeline row's revenue short is its output tokens
    // short over a quarter (7,884,000 s) at that price, and the facility idle is the MW short at the facility's
    // capital recovery per quarter.
    let tmp = crate::TempDir::new("delay");
    let base = std::fs::read_to_string(crate::root().join("plans/ai-factory-1gw.toml")).unwrap();
    assert!(!base.contains("[economics]"));
    let plan = format!("{base}\n[economics]\nrevenue_usd_per_m_output_tokens = 2.0\n");
    let path = tmp.path().join("plan.toml");
    std::fs::write(&path, plan).unwrap();
    let o = fleetplan(&["export", path.to_str().unwrap(), "-t", "timeline"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    let mut lines = csv.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| head.iter().position(|c| *c == name).unwrap();
    let (tokens, revenue, mw, idle) =
        (col("output_tokens_per_s_short"), col("usd_revenue_short"), col("it_mw_short"), col("usd_idle_facility"));
    // $10 M per MW x CRF(10 %, 5 y) 0.2637975 / 4 = $659,494 per MW-quarter.
    let per_mw_quarter = 10e6 * 0.263797480794 / 4.0;
    let mut short_quarters = 0;
    for l in lines {
        let v: Vec<&str> = l.split(',').collect();
        let num = |i: usize| v[i].parse::<f64>().unwrap();
        assert!((num(revenue) - num(tokens) * 7_884_000.0 * 2.0 / 1e6).abs() <= 1e-6 * num(revenue).max(1.0), "{l}");
        assert!((num(idle) - num(mw) * per_mw_quarter).abs() <= 1e-3 * num(idle).max(1.0), "{l}");
        if num(mw) > 0.0 {
            short_quarters += 1;
            assert!(num(tokens) > 0.0, "{l}");
        }
    }
    assert!(short_quarters > 0, "the bundled scenarios are short of plan in some quarter");
}

#[test]
fn a_sweep_in_three_shards_run_as_separate_processes_is_the_whole_sweep() {
    // 2 x 3 grid = 6 variants of the pilot, and a 10-point Latin hypercube: shards 1/3, 2/3 and 3/3 as three
    // processes, their outputs one after another, byte for byte the unsharded output.
    for extra in [
        vec!["--vary", "cooling.supply_c=40,45", "--vary", "misc_frac=0.001,0.002,0.003"],
        vec![
            "--vary",
            "cooling.supply_c=35..45",
            "--vary",
            "it_load_frac=0.6..0.9",
            "--design",
            "lhs",
            "--samples",
            "10",
        ],
    ] {
        let run = |shard: Option<&str>| {
            let mut args = vec!["sweep", "plans/pilot-5mw.toml"];
            args.extend(&extra);
            if let Some(s) = shard {
                args.extend(["--shard", s]);
            }
            let o = fleetplan(&args);
            assert!(o.status.success(), "{}", text(&o.stderr));
            o.stdout
        };
        let whole = run(None);
        let shards: Vec<u8> = ["1/3", "2/3", "3/3"].iter().flat_map(|s| run(Some(s))).collect();
        assert_eq!(text(&shards), text(&whole), "{extra:?}");
        assert!(text(&whole).lines().count() > 6);
    }
    let o = fleetplan(&["sweep", "plans/pilot-5mw.toml", "--vary", "misc_frac=0.001", "--shard", "4/3"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sensitivity_ranks_what_moves_a_kpi() {
    // Pilot: the dry coolers' approach and the supply temperature move the trim hours; the price of power cannot.
    let o = fleetplan(&[
        "sensitivity",
        "plans/pilot-5mw.toml",
        "--vary",
        "cooling.supply_c=35..45",
        "--vary",
        "electricity_usd_per_mwh=50..100",
        "--samples",
        "64",
        "--kpi",
        "trim_hours,power_cost_musd_year",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "site,kpi,key,first_order,total");
    assert_eq!(lines.len(), 1 + 2 * 2);
    let total = |kpi: &str, key: &str| -> f64 {
        let l = lines.iter().find(|l| l.contains(&format!(",{kpi},{key},"))).unwrap();
        l.rsplit(',').next().unwrap().parse().unwrap_or(f64::NAN)
    };
    assert!(total("trim_hours", "cooling.supply_c") > 0.9, "{csv}");
    assert!(total("trim_hours", "electricity_usd_per_mwh") < 0.01, "{csv}");
    assert!(total("power_cost_musd_year", "electricity_usd_per_mwh") > 0.5, "{csv}");
    // The table draws bars.
    let args =
        "sensitivity plans/pilot-5mw.toml --vary cooling.supply_c=35..45 --vary misc_frac=0.001..0.01 --samples 16";
    let o = fleetplan(&args.split(' ').collect::<Vec<_>>());
    assert!(text(&o.stdout).contains('█'), "{}", text(&o.stdout));
    let o = fleetplan(&["sensitivity", "plans/pilot-5mw.toml", "--vary", "cooling.supply_c=35..45", "--kpi", "colour"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A Parquet file's row count, column names and Arrow types, read back by the encoder's own reader.
fn parquet_layout(path: &std::path::Path) -> (usize, usize, Vec<(String, String)>) {
    use polars_parquet::read;
    let mut f = std::fs::File::open(path).unwrap();
    let meta = read::read_metadata(&mut f).unwrap();
    let schema = read::infer_schema(&meta).unwrap();
    let fields = schema.iter_values().map(|f| (f.name.to_string(), format!("{:?}", f.dtype))).collect();
    (meta.num_rows, meta.row_groups.len(), fields)
}

#[test]
fn parquet_and_json_carry_the_same_table_as_csv() {
    let tmp = crate::TempDir::new("formats");
    // The halls table of the 1 GW plan, in a build with no feature flags: 16 rows, the CSV's columns, typed.
    let pq = tmp.path().join("halls.parquet");
    let o = fleetplan(&[
        "export",
        "plans/ai-factory-1gw.toml",
        "-t",
        "halls",
        "--format",
        "parquet",
        "--out",
        &pq.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let bytes = std::fs::read(&pq).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"), "a Parquet file");
    let (rows, _, fields) = parquet_layout(&pq);
    assert_eq!(rows, 16);
    let csv = text(&fleetplan(&["export", "plans/ai-factory-1gw.toml", "-t", "halls"]).stdout);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, header);
    let dtype = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone()).unwrap();
    assert_eq!(dtype("it_mw"), "Float64");
    assert!(dtype("hall").contains("Utf8"), "{}", dtype("hall"));
    // JSON: an array of one object per row, numbers as numbers.
    let json = text(&fleetplan(&["export", "plans/ai-factory-1gw.toml", "-t", "halls", "--format", "json"]).stdout);
    assert!(json.starts_with("[{\"site\":\"Piedmont AI factory\",\"hall\":\"Hall 01\""), "{}", &json[..120]);
    assert_eq!(json.matches("\"hall\":").count(), 16);
    assert!(json.contains("\"it_mw\":48.3") && json.ends_with("}]"), "{}", &json[..400]);
    // A sweep as Parquet: one file, a row group per chunk of variants, the varied column first.
    let sw = tmp.path().join("sweep.parquet");
    let o = fleetplan(&[
        "sweep",
        "plans/pilot-5mw.toml",
        "--vary",
        "cooling.supply_c=35..45",
        "--samples",
        "3",
        "--format",
        "parquet",
        "--out",
        &sw.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let (rows, groups, fields) = parquet_layout(&sw);
    assert_eq!((rows, groups), (3, 1));
    assert_eq!(fields[0].0, "vary.cooling.supply_c");
    // Parquet needs a file; JSON is for single tables.
    let o = fleetplan(&["sweep", "plans/pilot-5mw.toml", "--vary", "misc_frac=0.001", "--format", "parquet"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The hourly table streamed a site at a time is the whole table written at once, byte for byte: one header, every
/// site's rows in order (a plan of two sites, so a part boundary falls inside the table).
#[test]
fn the_hourly_table_streamed_in_parts_is_the_table_written_at_once() {
    use fleetplan_core::evaluation::Evaluation;
    use fleetplan_core::tables::{self, Table};
    let cat = std::sync::Arc::new(fleetplan_core::catalog::Catalog::builtin().unwrap().clone());
    let e = Evaluation::from_path(&crate::root().join("tests/valid_plans/two-sites.toml"), cat).unwrap();
    assert_eq!(e.plan.sites.len(), 2);
    let mut whole = Vec::new();
    tables::write_csv(&mut tables::build(Table::Hourly, &e, None).unwrap(), &mut whole).unwrap();
    for parts in [1, 2, 16] {
        let mut streamed = Vec::new();
        tables::write_hourly_csv(&e, &mut streamed, parts).unwrap();
        assert!(streamed == whole, "{parts} sites per part");
    }
    assert_eq!(text(&whole).lines().count(), 1 + 2 * 8760);
    let o = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .args(["export", "tests/valid_plans/two-sites.toml", "-t", "hourly"])
        .current_dir(crate::root())
        .output()
        .unwrap();
    assert!(o.stdout == whole, "the command streams the same bytes");
}

#[test]
fn climates_lists_the_library_and_reads_any_weather_file() {
    // The bundled library: every id, with its ASHRAE design points or "estimated", and a licence on every row.
    let out = fleetplan(&["climates", "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    let head = lines.next().unwrap();
    assert!(head.starts_with("climate,name,elevation_m,design_source,cooling_0_4_dry_bulb_c"), "{head}");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), fleetplan_core::catalog::Catalog::climate_ids().count());
    let dulles = rows.iter().find(|r| r.starts_with("ashburn-va,")).unwrap();
    // ASHRAE 2009, station 724030: 0.4 % cooling 34.1 degC with MCWB 23.9 degC; elevation 82 m.
    assert!(dulles.contains(",82.0,Climate Design Data 2009 ASHRAE Handbook,34.1,23.9,"), "{dulles}");
    assert!(rows.iter().any(|r| r.starts_with("turin-it,") && r.contains("estimated from the typical year")));
    // A weather file by path, in the 2021 layout of climate.onebuilding.org's TMYx files (the extreme wet bulb at
    // the end of the Cooling block): read in its own layout. A bad file: its line, exit 2, nothing printed.
    let dir = std::env::temp_dir().join(format!("fleetplan-climates-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bundled = include_str!("../../assets/climates/ashburn-va.csv");
    let line_2009 = bundled.lines().find(|l| l.starts_with("# design_conditions: ")).unwrap();
    let (cooling, extremes) = line_2009
        .replace("Climate Design Data 2009 ASHRAE Handbook", "2021 ASHRAE Handbook -- Fundamentals")
        .split_once(",Extremes,")
        .map(|(c, e)| (c.to_string(), e.to_string()))
        .unwrap();
    // Move the extreme wet bulb (the 4th extreme) to the end of the Cooling block, in place of its last value.
    let ext: Vec<&str> = extremes.split(',').collect();
    let cooling = cooling.rsplit_once(',').unwrap().0;
    let moved = format!("{cooling},{},Extremes,{},{}", ext[3], ext[..3].join(","), ext[4..].join(","));
    let file = dir.join("dulles-2021.csv");
    std::fs::write(&file, bundled.replace(line_2009, &moved)).unwrap();
    let out = fleetplan(&["climates", "--format", "csv", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let row = text(&out.stdout).lines().nth(1).unwrap().to_string();
    // The same six figures after the design source as the 2009 line gives: points, extremes, the year's maximum.
    let figures = |row: &str, after: &str| -> Vec<String> {
        row.split_once(after).unwrap().1.split(',').take(6).map(str::to_string).collect()
    };
    assert_eq!(
        figures(&row, "2021 ASHRAE Handbook -- Fundamentals,"),
        figures(dulles, "Climate Design Data 2009 ASHRAE Handbook,"),
        "{row}"
    );
    let bad = dir.join("bad.csv");
    let broken = bundled.lines().take(14).collect::<Vec<_>>().join("\n") + "\nx,1,2\n";
    std::fs::write(&bad, broken).unwrap();
    let out = fleetplan(&["climates", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(text(&out.stderr).contains("bad.csv:"), "{}", text(&out.stderr));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn diff_changed_only_and_exit_code() {
    // The same plan: exit 0 with --exit-code; --changed-only leaves no KPI row.
    let same = fleetplan(&[
        "diff",
        "plans/pilot-5mw.toml",
        "plans/pilot-5mw.toml",
        "--exit-code",
        "--changed-only",
        "--format",
        "csv",
    ]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same.stderr));
    assert_eq!(text(&same.stdout).lines().count(), 1, "a header only: {}", text(&same.stdout));
    // Two plans that differ: exit 1, and every KPI row left has A and B apart.
    let o = fleetplan(&[
        "diff",
        "plans/pilot-5mw.toml",
        "plans/campus-100mw.toml",
        "--exit-code",
        "--changed-only",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let (ka, ia, ib) = (
        header.iter().position(|h| *h == "kind").unwrap(),
        header.iter().position(|h| *h == "a").unwrap(),
        header.iter().position(|h| *h == "b").unwrap(),
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().filter(|r| r.get(ka) == Some(&"kpi")).all(|r| r[ia] != r[ib]));
    assert!(rows.iter().any(|r| r.get(ka) == Some(&"workload")), "workload changes are listed");
    // Without --exit-code a difference is still a success.
    assert_eq!(fleetplan(&["diff", "plans/pilot-5mw.toml", "plans/campus-100mw.toml"]).status.code(), Some(0));
}

#[test]
fn the_calculator_serves_at_a_racks_power_profile() {
    // Vera Rubin at Max-Q runs its GPUs at 0.845 of Max-P's clock (F1b): fewer tokens/s per GPU at the same
    // service level; an unknown profile is refused with the platform's list.
    let point = |profile: &str| -> f64 {
        let o = fleetplan(&[
            "inference",
            "--platform",
            "vr-nvl72",
            "--model",
            "deepseek-r1",
            "--tps-user",
            "50",
            "--profile",
            profile,
            "--format",
            "csv",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let out = text(&o.stdout);
        let mut lines = out.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let row: Vec<&str> = lines.next().unwrap().split(',').collect();
        let i = header.iter().position(|h| *h == "tokens_per_s_gpu").unwrap();
        row[i].parse().unwrap()
    };
    let (p, q) = (point("max-p"), point("max-q"));
    assert!(q < p && q >= 0.845 * p - 1e-6, "max-q {q} against max-p {p}");
    let o = fleetplan(&["inference", "--platform", "vr-nvl72", "--model", "deepseek-r1", "--profile", "turbo"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("vr-nvl72 has no profile \"turbo\"; expected one of: brief, max-p, max-q"));
}
