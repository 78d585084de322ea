//! Scenario files over a base plan: every kind of override, stacking, every error at its place, and the commands
//! that take them.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;

fn fleetplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fleetplan")).args(args).current_dir(crate::root()).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn load(path: &Path) -> Result<Evaluation, fleetplan_core::input::Diagnostics> {
    Evaluation::from_path(path, Arc::new(Catalog::builtin().unwrap().clone()))
}

/// A folder with the pilot and the two-site plans as bases, and `files` written into it.
fn folder(tag: &str, files: &[(&str, &str)]) -> crate::TempDir {
    let tmp = crate::TempDir::new(tag);
    std::fs::copy(crate::root().join("plans/pilot-5mw.toml"), tmp.path().join("pilot.toml")).unwrap();
    std::fs::copy(crate::root().join("tests/valid_plans/two-sites.toml"), tmp.path().join("two.toml")).unwrap();
    std::fs::create_dir_all(tmp.path().join("scenarios")).unwrap();
    for (name, body) in files {
        std::fs::write(tmp.path().join(name), body).unwrap();
    }
    tmp
}

#[test]
fn every_kind_of_override_is_applied() {
    let tmp = folder(
        "scen-kinds",
        &[(
            "scenarios/all.toml",
            r#"base = "../pilot.toml"
name = "every override"

[site]
cooling.supply_c = 45.0
electricity_usd_per_mwh = 90.0

[sites."Greensboro pilot"]
grid_mw = 6.0

[legend]
G = "gb300-nvl72@max-q"
H = "gb200-nvl72"

[economics]
cost_of_capital = 0.08

[supply.scenario.baseline]
integrator_racks_per_quarter = 6

[supply.scenario.baseline.hbm.sk-hynix]
stacks_per_quarter = [4000, 6000, 7000]

[halls."Pilot hall"]
energised = "2027Q2"
it_mw_max = 4.0

[rows."Pilot hall"]
A02 = "GGGGHH........"
"#,
        )],
    );
    let base = load(&tmp.path().join("pilot.toml")).unwrap();
    let s = load(&tmp.path().join("scenarios/all.toml")).unwrap();
    let sf = s.scenario_file.as_ref().expect("read as a scenario file");
    assert_eq!(sf.name, "every override");
    assert_eq!(s.plan.name, base.plan.name, "the plan's own name is the base's");
    let (site, hall) = (&s.plan.sites[0], &s.plan.sites[0].halls[0]);
    assert_eq!(site.settings.cooling.supply_c, 45.0);
    assert_eq!(site.settings.electricity_usd_per_mwh, 90.0);
    assert_eq!(site.grid_mw, 6.0);
    assert_eq!(s.plan.economics.cost_of_capital, 0.08);
    let g = s.plan.legend.iter().find(|r| r.symbol == 'G').unwrap();
    assert_eq!(g.profile, "max-q");
    assert!(s.plan.legend.iter().any(|r| r.symbol == 'H' && r.platform.id == "gb200-nvl72"), "a legend entry added");
    let baseline = &s.plan.supply.as_ref().unwrap().scenarios[0];
    let integrator = baseline.integrator_racks_per_quarter.as_ref().unwrap();
    assert_eq!(integrator.steps.len(), 1);
    assert_eq!(integrator.steps[0].1.mode, 6.0);
    assert_eq!((hall.energised.to_string(), hall.it_mw_max), ("2027Q2".to_string(), Some(4.0)));
    // A02 was 9 G and a g; now 4 G and 2 H: 14 + 6 = 20 racks.
    assert_eq!(s.outcome.sites[0].racks, 20);
    // Nothing else moved: the other row is the base's (compared by symbol: a legend entry added renumbers them).
    let symbols = |e: &Evaluation, r: usize| -> String {
        e.plan.sites[0].halls[0].rows[r]
            .slots
            .iter()
            .map(|x| x.map_or('.', |i| e.plan.legend[usize::from(i)].symbol))
            .collect()
    };
    assert_eq!(symbols(&s, 0), symbols(&base, 0));
    assert_eq!(symbols(&s, 1), "GGGGHH........");
    // `diff` names exactly what the scenario changed.
    let o = fleetplan(&[
        "diff",
        &tmp.path().join("pilot.toml").display().to_string(),
        &tmp.path().join("scenarios/all.toml").display().to_string(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    for changed in ["cooling.supply_c", "electricity_usd_per_mwh", "grid_mw", "Pilot hall/A02", "legend"] {
        assert!(out.contains(changed), "diff lacks {changed}:\n{out}");
    }
}

#[test]
fn a_site_by_name_and_a_hall_by_site_and_name() {
    let tmp = folder(
        "scen-sites",
        &[(
            "scenarios/miami.toml",
            "base = \"../two.toml\"\n\n[sites.Miami]\ngrid_mw = 9.5\n\n[halls.\"Miami/MIA 1\"]\nrow_busway_kw = 2200.0\n",
        )],
    );
    let s = load(&tmp.path().join("scenarios/miami.toml")).unwrap();
    assert_eq!(s.plan.sites[0].grid_mw, 12.0, "Greensboro untouched");
    assert_eq!(s.plan.sites[1].grid_mw, 9.5);
    assert_eq!(s.plan.sites[1].halls[0].row_busway_kw, Some(2200.0));
}

#[test]
fn scenarios_stack_and_a_cycle_is_refused() {
    let tmp = folder(
        "scen-stack",
        &[
            ("scenarios/warm.toml", "base = \"../pilot.toml\"\n[site]\ncooling.supply_c = 45.0\ngrid_mw = 6.0\n"),
            (
                "scenarios/warm-dear.toml",
                "base = \"warm.toml\"\n[site]\nelectricity_usd_per_mwh = 120.0\ngrid_mw = 7.0\n",
            ),
            ("scenarios/a.toml", "base = \"b.toml\"\n"),
            ("scenarios/b.toml", "base = \"a.toml\"\n"),
        ],
    );
    let s = load(&tmp.path().join("scenarios/warm-dear.toml")).unwrap();
    let site = &s.plan.sites[0];
    // The lower scenario's override stays, the upper one's wins where both set a key.
    assert_eq!(
        (site.settings.cooling.supply_c, site.settings.electricity_usd_per_mwh, site.grid_mw),
        (45.0, 120.0, 7.0)
    );
    assert!(s.scenario_file.as_ref().unwrap().root.ends_with("pilot.toml"));
    let e = load(&tmp.path().join("scenarios/a.toml")).unwrap_err();
    assert!(e.0[0].message.contains("a cycle"), "{e}");
    assert_eq!((e.0[0].line, e.0[0].column), (1, 8), "at the base key's value in the file that closes the loop: {e}");
}

#[test]
fn every_error_is_reported_at_its_place_in_the_scenario_file_with_exit_2() {
    let cases: &[(&str, &str, (usize, usize), &str)] = &[
        // An unknown key of the scenario file itself.
        ("base = \"../pilot.toml\"\nsit = 3\n", "sit", (2, 1), "unknown key in a scenario file"),
        // A site, hall, row or supply scenario the base does not have.
        (
            "base = \"../pilot.toml\"\n[sites.Nowhere]\ngrid_mw = 3.0\n",
            "sites.Nowhere",
            (2, 8),
            "no site named \"Nowhere\"",
        ),
        (
            "base = \"../pilot.toml\"\n[halls.\"Hall 9\"]\nenergised = \"2028Q1\"\n",
            "halls.Hall 9",
            (2, 8),
            "no hall named \"Hall 9\"",
        ),
        (
            "base = \"../pilot.toml\"\n[rows.\"Pilot hall\"]\nZ99 = \"GG\"\n",
            "rows.Pilot hall.Z99",
            (3, 1),
            "does not add them",
        ),
        (
            "base = \"../pilot.toml\"\n[supply.scenario.hopeful]\nintegrator_racks_per_quarter = 3\n",
            "supply.scenario.hopeful",
            (2, 18),
            "no supply scenario named \"hopeful\"",
        ),
        // A hall key a scenario does not set.
        (
            "base = \"../pilot.toml\"\n[halls.\"Pilot hall\"]\nname = \"X\"\n",
            "halls.Pilot hall.name",
            (3, 1),
            "a scenario sets a hall's",
        ),
        // A value the plan loader refuses: its message, at the override.
        (
            "base = \"../pilot.toml\"\n\n[site]\ncooling.supply_c = 99.0\n",
            "site[0].cooling.supply_c",
            (4, 9),
            "expected a number",
        ),
        (
            "base = \"../pilot.toml\"\n[site]\ncooling.colour = \"blue\"\n",
            "site[0].cooling.colour",
            (3, 9),
            "unknown key",
        ),
        ("base = \"../pilot.toml\"\n[legend]\nG = \"gb300-nvl99\"\n", "legend.G", (3, 1), "gb300-nvl99"),
        (
            "base = \"../pilot.toml\"\n[halls.\"Pilot hall\"]\nenergised = \"2027Q9\"\n",
            "site[0].hall[0].energised",
            (3, 1),
            "quarter",
        ),
        // The base that is not there.
        ("base = \"../nothing.toml\"\n", "base", (1, 8), "cannot read the base plan"),
        ("name = \"no base\"\n[site]\ngrid_mw = 1.0\n", "", (0, 0), ""),
    ];
    for (i, (body, key, (line, col), says)) in cases.iter().enumerate() {
        let tmp = folder("scen-err", &[("scenarios/bad.toml", body)]);
        let path = tmp.path().join("scenarios/bad.toml");
        if says.is_empty() {
            // Without a base it is not a scenario file: read as a plan, refused as one.
            assert!(load(&path).is_err(), "case {i}");
            continue;
        }
        let e = load(&path).unwrap_err();
        let d = &e.0[0];
        assert_eq!(d.file, path.display().to_string(), "case {i}: {e}");
        assert_eq!((d.key.as_str(), d.line, d.column), (*key, *line, *col), "case {i}: {e}");
        assert!(d.message.contains(says), "case {i}: {e}");
        // The command line: exit 2, the place printed, nothing written.
        let out = tmp.path().join("out.csv");
        let o =
            fleetplan(&["export", &path.display().to_string(), "--table", "site", "--out", &out.display().to_string()]);
        assert_eq!(o.status.code(), Some(2), "case {i}");
        assert!(text(&o.stderr).contains(&format!("bad.toml:{line}:{col}")), "case {i}: {}", text(&o.stderr));
        assert!(!out.exists(), "case {i}");
    }
}

#[test]
fn a_scenario_equal_to_its_base_exports_byte_identical_tables() {
    let tmp = folder("scen-same", &[("scenarios/same.toml", "# nothing changes\nbase = \"../pilot.toml\"\n")]);
    for table in ["site", "halls", "rows", "monthly", "timeline"] {
        let a = fleetplan(&["export", &tmp.path().join("pilot.toml").display().to_string(), "--table", table]);
        let b = fleetplan(&["export", &tmp.path().join("scenarios/same.toml").display().to_string(), "--table", table]);
        assert!(a.status.success() && b.status.success(), "{table}: {}", text(&b.stderr));
        assert_eq!(a.stdout, b.stdout, "{table}");
    }
}

#[test]
fn the_bundled_scenarios_check_and_the_scenarios_command_puts_them_beside_the_base() {
    let o = fleetplan(&[
        "check",
        "plans/scenarios/blackwell-40c.toml",
        "plans/scenarios/risk-late-halls.toml",
        "plans/scenarios/vera-rubin-440kw.toml",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = fleetplan(&["fmt", "--check", "plans/scenarios/blackwell-40c.toml"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = fleetplan(&["scenarios", "plans/ai-factory-1gw.toml", "--format", "csv"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "site,kpi,base,blackwell-40c,blackwell-40c_delta,risk-late-halls,risk-late-halls_delta,vera-rubin-440kw,vera-rubin-440kw_delta"
    );
    // Vera Rubin at 440 kW: the plan's 2,800 V racks go from 230 to 440 kW, its 400 Q (Max-Q, 190 kW) stay; with
    // 5 % for network and storage: base 2,800 x 0.230 x 1.05 + 400 x 0.190 x 1.05 = 676.2 + 79.8 = 756.0 MW,
    // scenario 2,800 x 0.440 x 1.05 + 79.8 = 1,293.6 + 79.8 = 1,373.4 MW.
    let it = csv.lines().find(|l| l.starts_with("Piedmont AI factory,it_mw,")).unwrap();
    let cells: Vec<&str> = it.split(',').collect();
    let (base, vr440): (f64, f64) = (cells[2].parse().unwrap(), cells[7].parse().unwrap());
    assert!((base - 756.0).abs() < 1e-6 && (vr440 - 1373.4).abs() < 1e-6, "{it}");
    // Risk: the later halls change when racks arrive, not the site's design figures.
    let risk = fleetplan(&["report", "plans/scenarios/risk-late-halls.toml", "--table", "scenarios"]);
    let base = fleetplan(&["report", "plans/ai-factory-1gw.toml", "--table", "scenarios"]);
    assert_ne!(risk.stdout, base.stdout);
}

#[test]
fn diff_shows_a_scenarios_overrides_and_sweep_varies_over_it() {
    // The late-halls scenario: diff lists exactly its eight hall quarters, and the completion they move.
    let o = fleetplan(&["diff", "plans/ai-factory-1gw.toml", "plans/scenarios/risk-late-halls.toml"]);
    let out = text(&o.stdout);
    let changed: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("Changed")).skip(1).collect();
    let halls: Vec<&&str> = changed.iter().filter(|l| l.contains(": hall Hall ")).collect();
    assert_eq!(halls.len(), 8, "{out}");
    assert!(halls[0].contains("Hall 09 energised: \"2028Q1\" -> \"2028Q3\""), "{out}");
    assert!(changed.iter().any(|l| l.contains("supply fleet complete")), "{out}");
    // A sweep over a scenario file varies the plan the scenario makes: GB300 at 35 and 40 degC.
    let o = fleetplan(&["sweep", "plans/scenarios/blackwell-40c.toml", "--vary", "cooling.supply_c=35,40"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let csv = text(&o.stdout);
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 2);
    // GB300 racks everywhere: the 2,800 V racks at 140 kW (max-p) and the 400 Q at 132 kW (max-q), with 5 % for
    // network and storage: (2,800 x 140 + 400 x 132) x 1.05 = 444,800 x 1.05 = 467,040 kW, in both rows.
    assert!(rows.iter().all(|r| r.contains(",467.04,")), "{csv}");
}
