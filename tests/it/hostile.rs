//! Hostile input: files and streams that once hung fleetplan, exhausted its memory or lost a user's work. Every case
//! runs the real binary under a watchdog, so a regression fails the test instead of hanging the suite.

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs fleetplan with `args` (and `stdin` piped in, if any) and kills it after `limit`.
fn run_bounded(args: &[&str], stdin: Option<&[u8]>, limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .args(args)
        .current_dir(crate::root())
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("fleetplan {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_as_weather_file_or_plan_is_refused_not_waited_on() {
    let tmp = crate::TempDir::new("hostile-fifo");
    mkfifo(&tmp.path().join("site.epw"));
    let plan = tmp.path().join("plan.toml");
    let pilot = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    std::fs::write(&plan, pilot.replace("climate = \"greensboro-nc\"", "climate = \"site.epw\"")).unwrap();
    let o = run_bounded(&["check", plan.to_str().unwrap()], None, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(
        err.contains("site[0].climate: in site.epw: cannot read the weather file: not a regular file (a FIFO)"),
        "{err}"
    );

    let fifo_plan = tmp.path().join("fifo.toml");
    mkfifo(&fifo_plan);
    let o = run_bounded(&["check", fifo_plan.to_str().unwrap()], None, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("cannot read the plan: not a regular file (a FIFO)"), "{}", text(&o.stderr));
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_before_it_is_read() {
    // /dev/zero never ends: reading it would fill memory.
    for args in [vec!["check", "/dev/zero"], vec!["export", "/dev/zero", "-t", "site"], vec!["fmt", "/dev/zero"]] {
        let o = run_bounded(&args, None, Duration::from_secs(20));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("not a regular file (a character device)"), "{}", text(&o.stderr));
    }
}

#[test]
fn non_utf8_on_standard_input_is_bad_input() {
    let o = run_bounded(
        &["diff", "-", "plans/pilot-5mw.toml"],
        Some(b"[plan]\nname = \"caf\xe9\"\n"),
        Duration::from_secs(20),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("<stdin>: cannot read the plan: not UTF-8 text"), "{}", text(&o.stderr));
}

#[test]
fn a_sweep_too_large_to_run_is_refused_at_once() {
    let tmp = crate::TempDir::new("hostile-sweep");
    let out = tmp.path().join("sweep.csv");
    let twenty = (1..=20).map(|i| format!("{}", 30 + i)).collect::<Vec<_>>().join(",");
    let mut args = vec!["sweep".to_string(), "plans/pilot-5mw.toml".into(), "--out".into(), out.display().to_string()];
    for k in [
        "cooling.supply_c",
        "cooling.cdu_approach_k",
        "cooling.rack_delta_t_k",
        "misc_frac",
        "it_load_frac",
        "electricity_usd_per_mwh",
    ] {
        args.extend(["--vary".to_string(), format!("{k}={twenty}")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run_bounded(&args, None, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("--vary: 20 x 20 x 20 x 20 x 20 x 20 = 64000000 variants; the limit is 100000"),
        "{}",
        text(&o.stderr)
    );
    assert!(!out.exists());
}

#[test]
fn fmt_writes_nothing_unless_every_file_is_a_valid_plan() {
    let tmp = crate::TempDir::new("hostile-fmt");
    let pilot = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    // Valid but not canonical (indented key), and invalid data (a negative grid).
    let untidy = tmp.path().join("untidy.toml");
    std::fs::write(&untidy, pilot.replacen("grid_mw = ", "   grid_mw = ", 1)).unwrap();
    let negative = tmp.path().join("negative.toml");
    let negative_text = pilot.replacen("grid_mw = 5.0", "   grid_mw = -10", 1);
    assert_ne!(negative_text, pilot);
    std::fs::write(&negative, &negative_text).unwrap();
    let o = run_bounded(&["fmt", untidy.to_str().unwrap(), negative.to_str().unwrap()], None, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("site[0].grid_mw: expected a number greater than 0 and at most 100000, found -10"),
        "{}",
        text(&o.stderr)
    );
    assert!(text(&o.stdout).is_empty(), "nothing reported as formatted: {}", text(&o.stdout));
    assert_eq!(std::fs::read_to_string(&negative).unwrap(), negative_text, "the invalid plan is untouched");
    assert!(std::fs::read_to_string(&untidy).unwrap().contains("   grid_mw = "), "the valid one is not written either");
    // Alone, the valid one is formatted.
    let o = run_bounded(&["fmt", untidy.to_str().unwrap()], None, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&untidy).unwrap(), pilot);
}

#[test]
fn fmt_places_a_syntax_error_at_its_line_and_column() {
    let tmp = crate::TempDir::new("hostile-fmt-syntax");
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[plan]\nname = \"x\"\ngrid = = 3\n").unwrap();
    let o = run_bounded(&["fmt", "--check", bad.to_str().unwrap()], None, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("bad.toml:3:"), "{}", text(&o.stderr));
}

#[test]
fn nan_and_infinity_on_the_command_line_are_refused() {
    for args in [
        vec!["inference", "--platform", "gb300-nvl72", "--model", "deepseek-r1", "--tps-user", "NaN"],
        vec!["inference", "--platform", "gb300-nvl72", "--model", "deepseek-r1", "--usd-per-mwh", "inf"],
        vec!["new", "/nonexistent/x.toml", "--mw", "nan", "--platform", "vr-nvl72", "--climate", "miami-fl"],
    ] {
        let o = run_bounded(&args, None, Duration::from_secs(20));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("expected a finite number"), "{}", text(&o.stderr));
    }
}

#[test]
fn check_and_export_agree_on_a_workload_no_platform_can_serve() {
    // A service level no platform reaches: every table is still built (the rack rows say why they serve nothing),
    // so export succeeds, and check passes too, warning about each model it cannot serve.
    let tmp = crate::TempDir::new("hostile-check-stages");
    let plan = tmp.path().join("plan.toml");
    let original = std::fs::read_to_string(crate::root().join("plans/ai-factory-1gw.toml")).unwrap();
    let unreachable = original.replace("tps_user_min = 50", "tps_user_min = 100000");
    assert_ne!(unreachable, original);
    std::fs::write(&plan, unreachable).unwrap();
    let export = run_bounded(&["export", plan.to_str().unwrap(), "-t", "inference"], None, Duration::from_secs(60));
    assert_eq!(export.status.code(), Some(0), "{}", text(&export.stderr));
    assert!(text(&export.stdout).contains("infeasible: no batch of deepseek-r1"));
    let check = run_bounded(&["check", plan.to_str().unwrap()], None, Duration::from_secs(60));
    assert_eq!(check.status.code(), Some(0), "check must pass where export does: {}", text(&check.stderr));
    let out = text(&check.stdout);
    assert!(
        out.contains("  warning: workload: no batch of deepseek-r1 on vr-nvl72 gives 100000 tokens/s per user"),
        "{out}"
    );
    assert!(out.contains("  warning: workload: no batch of llama-3.1-70b on vr-nvl72"), "{out}");
}

/// The pilot plan with a site name that clears the screen and retitles the window.
fn evil_plan(tmp: &crate::TempDir) -> std::path::PathBuf {
    let pilot = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    let evil = pilot.replacen("name = \"Greensboro pilot\"", "name = \"Evil\\u001b]0;pwned\\u0007\\u001b[2J\"", 1);
    assert_ne!(evil, pilot);
    let path = tmp.path().join("evil.toml");
    std::fs::write(&path, evil).unwrap();
    path
}

#[test]
fn plan_text_reaches_the_terminal_only_as_visible_escapes() {
    let tmp = crate::TempDir::new("hostile-escapes");
    let plan = evil_plan(&tmp);
    let o = run_bounded(&["report", plan.to_str().unwrap()], None, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(!o.stdout.contains(&0x1b) && !o.stdout.contains(&0x07), "raw control bytes in the report");
    assert!(text(&o.stdout).contains("Evil\\u{1b}]0;pwned\\u{7}"), "{}", text(&o.stdout));
    // CSV keeps the data exact.
    let csv = run_bounded(&["export", plan.to_str().unwrap(), "-t", "site"], None, Duration::from_secs(20));
    assert!(csv.stdout.windows(5).any(|w| w == b"Evil\x1b"), "{}", text(&csv.stdout));
    // Error messages echo plan text too.
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "[plan]\nname = \"x\"\n\"\\u001b[2J\" = 1\n").unwrap();
    let o = run_bounded(&["check", bad.to_str().unwrap()], None, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(2));
    assert!(!o.stderr.contains(&0x1b), "raw ESC in: {}", text(&o.stderr));
}

#[test]
fn new_refuses_layouts_it_cannot_build() {
    let tmp = crate::TempDir::new("hostile-new");
    let out = tmp.path().join("x.toml");
    let out = out.to_str().unwrap();
    for (args, expected) in [
        (vec!["--racks-per-row", "1000000000"], "1000000000 is not in 1..=1000"),
        (vec!["--rows-per-hall", "0"], "0 is not in 1..=1000"),
        (vec!["--mw", "1e6"], "at most 10000 MW"),
    ] {
        let mut all = vec!["new", out, "--platform", "vr-nvl72", "--climate", "miami-fl"];
        if !args.contains(&"--mw") {
            all.extend(["--mw", "50"]);
        }
        all.extend(&args);
        let o = run_bounded(&all, None, Duration::from_secs(20));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains(expected), "{args:?}: {}", text(&o.stderr));
        assert!(!std::path::Path::new(out).exists());
    }
}

#[test]
fn the_calculators_numbers_have_upper_bounds_too() {
    let base = ["inference", "--platform", "gb300-nvl72", "--model", "deepseek-r1"];
    for extra in [["--isl", "1e300"], ["--pue", "1e9"], ["--tps-user", "1e12"], ["--usd-per-mwh", "1e300"]] {
        let args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
        let o = run_bounded(&args, None, Duration::from_secs(20));
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("--isl and --osl from 1 to 10,000,000 tokens"), "{}", text(&o.stderr));
    }
}

#[test]
fn new_names_the_option_that_is_wrong() {
    let tmp = crate::TempDir::new("hostile-new-climate");
    let out = tmp.path().join("x.toml");
    let o = run_bounded(
        &["new", out.to_str().unwrap(), "--mw", "50", "--platform", "vr-nvl72", "--climate", "nowhere"],
        None,
        Duration::from_secs(20),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.starts_with("error: fleetplan new: --climate: unknown climate \"nowhere\""), "{err}");
    assert!(!err.contains("error: fleetplan new: error:") && !err.contains("<proposed plan>"), "{err}");
}

#[test]
fn a_refused_value_in_a_sweep_writes_nothing_to_a_file_or_stdout() {
    let tmp = crate::TempDir::new("hostile-sweep-refused");
    let out = tmp.path().join("sweep.csv");
    // 40 degC is fine, -5 is not a supply temperature the loader takes: the sweep stops, naming the variant.
    let vary = ["--vary", "cooling.supply_c=40,-5"];
    let o = run_bounded(
        &[&["sweep", "plans/pilot-5mw.toml", "--out", out.to_str().unwrap()][..], &vary[..]].concat(),
        None,
        Duration::from_secs(60),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("variant cooling.supply_c=-5:"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "no file, no temporary");
    let o = run_bounded(&[&["sweep", "plans/pilot-5mw.toml"][..], &vary[..]].concat(), None, Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing on stdout: {}", text(&o.stdout));
}

#[test]
fn bad_numbers_and_names_are_bad_input_with_exit_2() {
    let tmp = crate::TempDir::new("bad-numbers");
    let new_plan = tmp.path().join("n.toml");
    let n = new_plan.to_str().unwrap();
    let p = "plans/pilot-5mw.toml";
    let limit = Duration::from_secs(60);
    for (args, says) in [
        // 1-based options start at 1.
        (vec!["plot", p, "--chart", "hall-layout", "--hall", "0"], "counted from 1"),
        (vec!["plot", p, "--chart", "load-duration", "--site", "0"], "counted from 1"),
        // A key varied twice, a legend entry the plan does not have, one key for sensitivity, no KPI.
        (vec!["sweep", p, "--vary", "cooling.supply_c=40,45", "--vary", "cooling.supply_c=41"], "given twice"),
        (vec!["sweep", p, "--vary", "legend.Z=vr-nvl72,gb300-nvl72"], "no legend entry Z"),
        (vec!["sensitivity", p, "--vary", "cooling.supply_c=35..45", "--samples", "8"], "at least two keys"),
        (
            vec!["sensitivity", p, "--vary", "cooling.supply_c=35..45", "--vary", "misc_frac=0.01..0.02", "--kpi", ""],
            "no KPI named",
        ),
        // new: an envelope too small for a rack, a path that exists, a quarter that is not one (exit 1 before).
        (vec!["new", n, "--mw", "1e-320", "--platform", "vr-nvl72", "--climate", "greensboro-nc"], "1e-320 MW"),
        (vec!["new", p, "--mw", "5", "--platform", "vr-nvl72", "--climate", "greensboro-nc"], "exists"),
        (
            vec!["new", n, "--mw", "5", "--platform", "vr-nvl72", "--climate", "greensboro-nc", "--start", "2027Q9"],
            "--start",
        ),
    ] {
        let o = run_bounded(&args, None, limit);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains(says), "{args:?}: {}", text(&o.stderr));
        assert!(o.stdout.is_empty(), "{args:?}: nothing written");
    }
    assert!(!new_plan.exists(), "no plan was written");
    // The last shard of 2^64 - 1 holds the last variant (0 rows in a release build before: overflow).
    let max = format!("{0}/{0}", u64::MAX);
    let o = run_bounded(&["sweep", p, "--vary", "cooling.supply_c=40,45", "--shard", &max], None, limit);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout).lines().count(), 1, "one variant, no header (not the first shard)");
}

#[test]
fn a_name_of_any_length_is_shown_not_a_panic() {
    let tmp = crate::TempDir::new("long-name");
    let plan = tmp.path().join("long.toml");
    let text_in = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    let long = "x".repeat(70_000);
    let at = text_in.find("[[site]]").unwrap();
    let name_at = at + text_in[at..].find("name = \"").unwrap();
    let end = name_at + 8 + text_in[name_at + 8..].find('"').unwrap();
    std::fs::write(&plan, format!("{}name = \"{long}{}", &text_in[..name_at], &text_in[end..])).unwrap();
    // `output` reads the pipes while the program runs: the report is wider than a pipe's buffer.
    let o = Command::new(env!("CARGO_BIN_EXE_fleetplan")).args(["report", plan.to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains(&long));
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_is_a_message_not_a_silent_kill() {
    // `ulimit -f` killed the export with SIGXFSZ and no word (exit 153); caught, the write fails with EFBIG, the
    // command names the file (exit 1) and no temporary file is left.
    let tmp = crate::TempDir::new("xfsz");
    let out = tmp.path().join("hourly.csv");
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f 1; exec '{}' export plans/ai-factory-1gw.toml -t hourly --out '{}'",
            env!("CARGO_BIN_EXE_fleetplan"),
            out.display()
        ))
        .current_dir(crate::root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("File too large"), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "no file, no temporary file");
}

/// A weather file saved by a spreadsheet as "CSV UTF-8" (a byte-order mark first) or as "Unicode text" (UTF-16,
/// either byte order, with or without a mark) is the same year as the plain file: the hourly figures match to the
/// byte. A plan in UTF-16 is refused with its encoding named.
#[test]
fn weather_files_in_utf8_with_a_mark_or_utf16_read_as_the_plain_file() {
    let plain = std::fs::read_to_string(crate::root().join("assets/climates/greensboro-nc.csv")).unwrap();
    let pilot = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    let utf16 = |little: bool, mark: bool| {
        let mut b: Vec<u8> = if mark { vec![0xFF, 0xFE] } else { Vec::new() };
        if !little && mark {
            b = vec![0xFE, 0xFF];
        }
        for u in plain.encode_utf16() {
            b.extend(if little { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        b
    };
    let encodings: [(&str, Vec<u8>); 5] = [
        ("plain", plain.as_bytes().to_vec()),
        ("utf8-mark", [b"\xEF\xBB\xBF".as_slice(), plain.as_bytes()].concat()),
        ("utf16le-mark", utf16(true, true)),
        ("utf16be-mark", utf16(false, true)),
        ("utf16le", utf16(true, false)),
    ];
    let tmp = crate::TempDir::new("hostile-encodings");
    let mut outputs = Vec::new();
    for (name, bytes) in &encodings {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("w.csv"), bytes).unwrap();
        let plan = dir.join("plan.toml");
        std::fs::write(&plan, pilot.replace("climate = \"greensboro-nc\"", "climate = \"w.csv\"")).unwrap();
        let o = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
            .args(["export", plan.to_str().unwrap(), "-t", "hourly"])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
        outputs.push((name, o.stdout));
    }
    for (name, out) in &outputs[1..] {
        assert!(out == &outputs[0].1, "{name} differs from the plain file's hourly table");
    }
    assert_eq!(text(&outputs[0].1).lines().count(), 8761, "a year of hours and a header");

    let plan16 = tmp.path().join("plan16.toml");
    let mut b = vec![0xFF, 0xFE];
    pilot.encode_utf16().for_each(|u| b.extend(u.to_le_bytes()));
    std::fs::write(&plan16, b).unwrap();
    let o = run_bounded(&["check", plan16.to_str().unwrap()], None, Duration::from_secs(20));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains(
            "cannot read the plan: UTF-16 text (little-endian, with a byte-order mark), not UTF-8; save the file as UTF-8"
        ),
        "{}",
        text(&o.stderr)
    );
}

/// A closed standard output (`>&-`) is a message and exit 1, not exit 0 with the output gone (Rust's runtime puts
/// /dev/null where the closed descriptor was); `--out FILE` still works, and a /dev/null the shell opened is a
/// destination like any other.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_output_is_said_not_written_into_nothing() {
    let bin = env!("CARGO_BIN_EXE_fleetplan");
    let tmp = crate::TempDir::new("hostile-closed-stdout");
    let out = tmp.path().join("site.csv");
    let sh = |script: &str| Command::new("sh").arg("-c").arg(script).current_dir(crate::root()).output().unwrap();
    let o = sh(&format!("'{bin}' export plans/pilot-5mw.toml -t site >&-"));
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("standard output is closed; nothing was written"), "{}", text(&o.stderr));
    let o = sh(&format!("'{bin}' export plans/pilot-5mw.toml -t site --out '{}' >&-", out.display()));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 2, "a header and the site");
    for redirect in [">/dev/null", "1<>/dev/null"] {
        let o = sh(&format!("'{bin}' export plans/pilot-5mw.toml -t site {redirect}"));
        assert_eq!(o.status.code(), Some(0), "{redirect}: {}", text(&o.stderr));
    }
}

/// A plan's rows hold at most a million rack slots: the row that passes it is named at its place, rows after it are
/// not held (28 million slots took 2 GB), and a plan just at the limit loads.
#[test]
fn a_plan_past_a_million_rack_slots_is_refused_at_the_row_that_passes_it() {
    use fleetplan_core::plan::{self, Origin};
    let cat = fleetplan_core::catalog::Catalog::builtin().unwrap();
    let pilot = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    let at = pilot.find("[site.hall.rows]\n").unwrap() + "[site.hall.rows]\n".len();
    // The new rows come first in the table; the pilot's own two rows hold 28 slots after them. Z1 and Z2 with those
    // fill the plan to exactly 1,000,000; in the second plan Z1 and Z2 hold a million and Z3 passes it.
    let with = |rows: &[(&str, usize)]| {
        let extra: String = rows.iter().map(|(n, k)| format!("{n} = \"{}\"\n", ".".repeat(*k))).collect();
        format!("{}{extra}{}", &pilot[..at], &pilot[at..])
    };
    let full = with(&[("Z1", 500_000), ("Z2", 500_000 - 28)]);
    assert!(plan::parse(&full, &Origin::new("full.toml", None), cat).is_ok());
    let past = with(&[("Z1", 500_000), ("Z2", 500_000), ("Z3", 10)]);
    let err = plan::parse(&past, &Origin::new("past.toml", None), cat).unwrap_err();
    assert_eq!(err.0.len(), 1, "said once: {err}");
    let line = pilot[..at].lines().count() + 3;
    assert_eq!(
        err.0[0].to_string(),
        format!(
            "past.toml:{line}:6: site[0].hall[0].rows.Z3: this row takes the plan past 1000000 rack slots (about \
             140 GW of 140 kW racks), the most a plan holds; split the fleet into plans"
        )
    );
}
