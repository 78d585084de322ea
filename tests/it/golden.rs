//! Golden outputs: every table of the three bundled plans, the `--help` of every command, and the text of the
//! other commands and of every invalid plan's errors, compared byte for byte with the files in `tests/golden/`.
//!
//! They pin behaviour across refactors: a change that moves a number or a message shows up here as a diff to review.
//! When a change is meant to move them, regenerate with `FLEETPLAN_BLESS=1 cargo test golden` and review the diff of
//! `tests/golden/` like any other change.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One golden case: the arguments, and the file (under tests/golden/) that holds what they print.
struct Case {
    args: Vec<String>,
    file: String,
}

fn case(file: impl Into<String>, args: &[&str]) -> Case {
    Case { args: args.iter().map(|s| s.to_string()).collect(), file: file.into() }
}

const TABLES: [&str; 13] = [
    "site",
    "halls",
    "rows",
    "racks",
    "monthly",
    "hourly",
    "violations",
    "timeline",
    "scenarios",
    "completion",
    "groups",
    "montecarlo",
    "inference",
];

const COMMANDS: [&str; 14] = [
    "new",
    "check",
    "report",
    "inference",
    "compare-platforms",
    "climates",
    "diff",
    "scenarios",
    "sweep",
    "sensitivity",
    "plot",
    "fmt",
    "export",
    "completions",
];

fn cases() -> Vec<Case> {
    let mut v = Vec::new();
    for plan in ["pilot-5mw", "campus-100mw", "ai-factory-1gw"] {
        let path = format!("plans/{plan}.toml");
        for t in TABLES {
            v.push(case(format!("{plan}/{t}.csv"), &["export", &path, "-t", t]));
        }
        v.push(case(format!("{plan}/report-site.txt"), &["report", &path]));
        v.push(case(format!("{plan}/compare-platforms.txt"), &["compare-platforms", &path]));
        v.push(case(format!("{plan}/compare-platforms.csv"), &["compare-platforms", &path, "--format", "csv"]));
    }
    v.push(case(
        "ai-factory-1gw/report-timeline-baseline.txt",
        &["report", "plans/ai-factory-1gw.toml", "-t", "timeline", "--scenario", "baseline"],
    ));
    v.push(case("help/fleetplan.txt", &["--help"]));
    v.push(case("commands/climates.txt", &["climates"]));
    v.push(case("commands/climates.csv", &["climates", "--format", "csv"]));
    v.push(case("commands/scenarios-1gw.txt", &["scenarios", "plans/ai-factory-1gw.toml"]));
    v.push(case("commands/scenarios-1gw.csv", &["scenarios", "plans/ai-factory-1gw.toml", "--format", "csv"]));
    for c in COMMANDS {
        v.push(case(format!("help/{c}.txt"), &[c, "--help"]));
    }
    v.push(case("commands/inference-curve.txt", &["inference", "--platform", "gb300-nvl72", "--model", "deepseek-r1"]));
    v.push(case(
        "commands/inference-point.csv",
        &[
            "inference",
            "--platform",
            "vr-nvl72",
            "--model",
            "llama-3.1-70b",
            "--precision",
            "fp8",
            "--tps-user",
            "50",
            "--format",
            "csv",
        ],
    ));
    v.push(case("commands/diff-pilot-campus.txt", &["diff", "plans/pilot-5mw.toml", "plans/campus-100mw.toml"]));
    v.push(case(
        "commands/diff-pilot-campus.csv",
        &["diff", "plans/pilot-5mw.toml", "plans/campus-100mw.toml", "--format", "csv"],
    ));
    v.push(case(
        "commands/diff-scenarios.txt",
        &["diff", "plans/ai-factory-1gw.toml@baseline", "plans/ai-factory-1gw.toml@risk"],
    ));
    v.push(case(
        "commands/sweep-pilot.csv",
        &["sweep", "plans/pilot-5mw.toml", "--vary", "cooling.supply_c=35,45", "--vary", "electrical.redundancy=N,2N"],
    ));
    v.push(case("commands/fmt-check.txt", &["fmt", "--check", "plans/pilot-5mw.toml", "plans/ai-factory-1gw.toml"]));
    v
}

/// Every invalid plan's `check` output: its messages (stderr) and exit code pin the diagnostics.
fn invalid_cases() -> Vec<Case> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate::root().join("tests/invalid_plans"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap();
            case(format!("invalid/{name}.txt"), &["check", &format!("tests/invalid_plans/{name}")])
        })
        .collect()
}

fn run(c: &Case) -> Vec<u8> {
    let o = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .args(&c.args)
        .current_dir(crate::root())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let mut out = format!("$ fleetplan {}\nexit {}\n", c.args.join(" "), o.status.code().unwrap_or(-1)).into_bytes();
    out.extend_from_slice(b"--- stdout\n");
    out.extend_from_slice(&o.stdout);
    out.extend_from_slice(b"--- stderr\n");
    out.extend_from_slice(&o.stderr);
    out
}

/// The first line where two outputs differ, for a readable failure.
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let (w, g) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    for (i, (a, b)) in w.lines().zip(g.lines()).enumerate() {
        if a != b {
            return format!("line {}:\n  golden: {a}\n  now:    {b}", i + 1);
        }
    }
    format!("golden has {} lines, now {}", w.lines().count(), g.lines().count())
}

fn check_all(cases: &[Case]) {
    let dir = crate::root().join("tests/golden");
    let bless = std::env::var_os("FLEETPLAN_BLESS").is_some();
    let mut failed = Vec::new();
    for c in cases {
        let path = dir.join(&c.file);
        let got = run(c);
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        match std::fs::read(&path) {
            Ok(want) if want == got => {}
            Ok(want) => failed.push(format!("{}: {}", c.file, first_difference(&want, &got))),
            Err(e) => failed.push(format!("{}: {e} (run with FLEETPLAN_BLESS=1 to create it)", rel(&path))),
        }
    }
    assert!(failed.is_empty(), "{} golden outputs changed:\n{}", failed.len(), failed.join("\n"));
}

fn rel(p: &Path) -> String {
    p.strip_prefix(crate::root()).unwrap_or(p).display().to_string()
}

#[test]
fn tables_commands_and_help_match_the_golden_files() {
    check_all(&cases());
}

#[test]
fn invalid_plans_report_the_golden_messages() {
    check_all(&invalid_cases());
}
