//! `fleetplan diff`, `sweep` and `fmt` as a user runs them.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn fleetplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fleetplan")).args(args).current_dir(crate::root()).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The pilot with one GB300 max-q rack (132 kW) removed from row A02 and the supply raised to 42 degC.
fn pilot_b(tmp: &crate::TempDir) -> std::path::PathBuf {
    let a = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    let b = a
        .replace("A02 = \"GGGGGGGGGg....\"", "A02 = \"GGGGGGGGG.....\"")
        .replace("supply_c = 40.0 ", "supply_c = 42.0 ");
    assert_ne!(a, b);
    let p = tmp.path().join("pilot-b.toml");
    std::fs::write(&p, b).unwrap();
    p
}

fn csv_row<'a>(csv: &'a str, name: &str) -> Vec<&'a str> {
    csv.lines()
        .find(|l| l.split(',').nth(2) == Some(name))
        .unwrap_or_else(|| panic!("{name} missing"))
        .split(',')
        .collect()
}

#[test]
fn diff_of_two_plans_with_deltas_worked_by_hand() {
    let tmp = crate::TempDir::new("diff");
    let b = pilot_b(&tmp);
    let o = fleetplan(&["diff", "plans/pilot-5mw.toml", b.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    assert!(csv.starts_with("site,kind,name,a,b,delta,delta_pct\n"));
    // One rack fewer: 72 GPUs fewer; IT 132 kW x 1.05 (network) = 138.6 kW = 0.1386 MW less.
    assert_eq!(csv_row(&csv, "racks")[5], "-1.0");
    assert_eq!(csv_row(&csv, "gpus")[5], "-72.0");
    let it: f64 = csv_row(&csv, "it_mw")[5].parse().unwrap();
    assert!((it + 0.1386).abs() < 1e-9, "{it}");
    // Supply 40 -> 42 degC: facility water 37 -> 39 degC.
    assert_eq!(csv_row(&csv, "facility_supply_c")[5], "2.0");
    // What changed: the parameter and the row, nothing else.
    let changes: Vec<&str> = csv.lines().filter(|l| !l.contains(",kpi,")).skip(1).collect();
    assert_eq!(
        changes,
        vec![
            "Greensboro pilot,parameter,cooling.supply_c,40.0,42.0,,",
            "Greensboro pilot,row,Pilot hall/A02,GGGGGGGGGg....,GGGGGGGGG.....,,",
        ]
    );
}

#[test]
fn diff_of_two_example_plans() {
    let o = fleetplan(&["diff", "plans/pilot-5mw.toml", "plans/campus-100mw.toml", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    // One site each, with different names: the two sites are compared (KPI rows with deltas) and the rename listed.
    assert!(csv.contains("Greensboro pilot,site,name,Greensboro pilot,Miami campus"), "{csv}");
    assert!(csv.contains("Greensboro pilot,kpi,racks,24,310,286.0,"), "{csv}");
    assert!(!csv.contains(",site,site,"), "no site is reported missing: {csv}");
    // Halls are compared within the pair: the pilot's one hall against the campus's first, a rename, and its other
    // three halls added.
    assert!(csv.contains("Greensboro pilot,hall,renamed,Pilot hall,Hall A"), "{csv}");
    assert!(csv.contains("Greensboro pilot,hall,Hall D,absent,present"), "{csv}");
    // Same site name, different layouts: rename the campus site to the pilot's and compare.
    let tmp = crate::TempDir::new("diff-examples");
    let campus = std::fs::read_to_string(crate::root().join("plans/campus-100mw.toml"))
        .unwrap()
        .replace("name = \"Miami campus\"\n", "name = \"Greensboro pilot\"\n");
    let p = tmp.path().join("campus.toml");
    std::fs::write(&p, campus).unwrap();
    let csv = text(&fleetplan(&["diff", "plans/pilot-5mw.toml", p.to_str().unwrap(), "--format", "csv"]).stdout);
    // racks 310 - 24 = 286; GPUs 22,320 - 1,728 = 20,592; grid 100 - 5 = 95 MW.
    assert_eq!(csv_row(&csv, "racks")[5], "286.0");
    assert_eq!(csv_row(&csv, "gpus")[5], "20592.0");
    assert_eq!(csv_row(&csv, "grid_mw")[5], "95.0");
    assert!(csv.contains(",hall,renamed,Pilot hall,Hall A,"), "{csv}");
    assert!(csv.contains(",parameter,climate,greensboro-nc,miami-fl,,"), "{csv}");
    assert!(csv.contains(",parameter,electrical.redundancy,2N,N+1,,"), "{csv}");
}

#[test]
fn diff_reads_standard_input_and_supply_scenarios() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .args(["diff", "-", "plans/pilot-5mw.toml"])
        .current_dir(crate::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let plan = std::fs::read(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    child.stdin.take().unwrap().write_all(&plan).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("Nothing else changed: no setting, hall, row"), "{}", text(&o.stdout));
    let o = fleetplan(&["diff", "plans/ai-factory-1gw.toml@baseline", "plans/ai-factory-1gw.toml@risk"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("supply fleet complete (baseline / risk): \"2029Q1\" -> \"not within horizon\""),
        "{}",
        text(&o.stdout)
    );
    let o = fleetplan(&["diff", "plans/ai-factory-1gw.toml@hopeful", "plans/ai-factory-1gw.toml"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sweep_writes_one_row_per_variant_equal_to_a_single_export() {
    let tmp = crate::TempDir::new("sweep");
    let out = tmp.path().join("sweep.csv");
    let o = fleetplan(&[
        "sweep",
        "plans/campus-100mw.toml",
        "--vary",
        "cooling.supply_c=36,40",
        "--vary",
        "climate=miami-fl,greensboro-nc,sand-point-ak",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    // 2 x 3 variants x 1 site, and a header.
    assert_eq!(csv.lines().count(), 7);
    assert!(csv.starts_with("vary.cooling.supply_c,vary.climate,site,racks,"), "{csv}");
    // The row for 36 degC in Greensboro equals `export --table site` of that variant written out.
    let plan = std::fs::read_to_string(crate::root().join("plans/campus-100mw.toml")).unwrap();
    let variant = plan
        .replace("supply_c = 40.0 ", "supply_c = 36 ")
        .replace("climate = \"miami-fl\"", "climate = \"greensboro-nc\"");
    let vp = tmp.path().join("variant.toml");
    std::fs::write(&vp, variant).unwrap();
    let single = text(&fleetplan(&["export", vp.to_str().unwrap(), "-t", "site"]).stdout);
    let row = csv.lines().find(|l| l.starts_with("36,greensboro-nc,")).unwrap();
    assert_eq!(row.trim_start_matches("36,greensboro-nc,"), single.lines().nth(1).unwrap());
    // A value the loader refuses stops the sweep with the variant and the message; nothing is written.
    let bad = tmp.path().join("bad.csv");
    let o = fleetplan(&[
        "sweep",
        "plans/campus-100mw.toml",
        "--vary",
        "cooling.supply_c=40,99",
        "--out",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("variant cooling.supply_c=99"), "{}", text(&o.stderr));
    assert!(!bad.exists());
}

#[test]
fn fmt_tidies_keeps_comments_and_check_reports() {
    let tmp = crate::TempDir::new("fmt");
    let p = tmp.path().join("messy.toml");
    let messy = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml"))
        .unwrap()
        .replace("grid_mw = 5.0", "grid_mw=5.0   ")
        .replace("[[site.hall]]", "\n\n\n[[site.hall]]");
    std::fs::write(&p, &messy).unwrap();
    let o = fleetplan(&["fmt", "--check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("would reformat"));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), messy, "--check changes nothing");
    assert_eq!(fleetplan(&["fmt", p.to_str().unwrap()]).status.code(), Some(0));
    let tidy = std::fs::read_to_string(&p).unwrap();
    assert_eq!(tidy, std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap());
    assert_eq!(fleetplan(&["fmt", "--check", p.to_str().unwrap()]).status.code(), Some(0));
    assert_eq!(
        fleetplan(&["fmt", "--check", "plans/pilot-5mw.toml", "plans/campus-100mw.toml", "plans/ai-factory-1gw.toml"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_scenario_on_standard_input_finds_its_base_beside_the_other_side() {
    // The review the README promises: the committed version of a scenario piped in, against the file. Its `base`
    // ("../ai-factory-1gw.toml") is relative to the scenario's folder, not to where the command runs.
    let scenario = std::fs::read(crate::root().join("plans/scenarios/risk-late-halls.toml")).unwrap();
    let tmp = crate::TempDir::new("diff-stdin-base");
    let run = |args: &[&str]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
            .args(args)
            .current_dir(tmp.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&scenario).unwrap();
        child.wait_with_output().unwrap()
    };
    let file = crate::root().join("plans/scenarios/risk-late-halls.toml");
    let o = run(&["diff", "-", file.to_str().unwrap(), "--exit-code"]);
    assert_eq!(o.status.code(), Some(0), "the same scenario: {}", text(&o.stderr));
    // --base-dir names the folder outright; a wrong one is the loader's error, exit 2.
    let dir = crate::root().join("plans/scenarios");
    let o = run(&["diff", "--base-dir", dir.to_str().unwrap(), "-", "plans/none.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["diff", "--base-dir", dir.to_str().unwrap(), "-", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run(&["diff", "--base-dir", tmp.path().to_str().unwrap(), "-", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "no base in that folder");
}
