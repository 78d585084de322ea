//! kill -9 at spread-out moments during a save leaves the old file or the new one, byte for byte, never a torn one;
//! and the next save leaves no temporary file behind. For `fmt` (200 trials by default) and the terminal app's save
//! (20 by default: each trial starts the app in a pseudo-terminal). `FLEETPLAN_KILL_TRIALS=N` sets both, e.g. 200 for
//! the full campaign: `FLEETPLAN_KILL_TRIALS=200 cargo test --test it kill9`.
//!
//! The moments are spread evenly over a calibrated save (a whole `fmt` run; for the app, from the save key to the
//! file's change, and the same again after it), in a fixed order, so a run is reproducible.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn trials(default: usize) -> usize {
    std::env::var("FLEETPLAN_KILL_TRIALS").ok().and_then(|s| s.parse().ok()).unwrap_or(default)
}

/// A plan `fmt` rewrites (one key written without its spaces), and what it becomes: the bundled pilot.
fn old_and_new() -> (String, String) {
    let new = std::fs::read_to_string(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    let old = new.replacen("grid_mw = 5.0", "grid_mw=5.0", 1);
    assert_ne!(old, new);
    (old, new)
}

/// Temporary files of the writer for `plan.toml` in `dir`: `.plan.toml.PID.RANDOM.tmp`.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(".plan.toml.") && n.ends_with(".tmp"))
        .collect()
}

/// The next save: the old text again and a whole `fmt`, which must end with the new text and no temporary file
/// (a killed writer's temporary is removed once its process is gone).
fn next_save_leaves_no_temporary(dir: &Path, old: &str, new: &str, trial: usize) {
    let plan = dir.join("plan.toml");
    std::fs::write(&plan, old).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_fleetplan")).arg("fmt").arg(&plan).output().unwrap();
    assert!(o.status.success(), "trial {trial}: {}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), new, "trial {trial}: the next save");
    assert_eq!(temporaries(dir), Vec::<String>::new(), "trial {trial}: left after the next save");
}

#[test]
fn kill_9_during_fmt_leaves_the_old_or_the_new_file() {
    let (old, new) = old_and_new();
    let tmp = crate::TempDir::new("kill9-fmt");
    let plan = tmp.path().join("plan.toml");
    let run = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_fleetplan"));
        c.arg("fmt").arg(&plan).stdout(Stdio::null()).stderr(Stdio::null());
        c
    };
    // Calibration: the slowest of five whole runs.
    let mut whole = Duration::ZERO;
    for _ in 0..5 {
        std::fs::write(&plan, &old).unwrap();
        let start = Instant::now();
        assert!(run().status().unwrap().success());
        whole = whole.max(start.elapsed());
    }
    let n = trials(200);
    let (mut olds, mut news) = (0, 0);
    for t in 0..n {
        std::fs::write(&plan, &old).unwrap();
        // Moments from 0 to 1.1 x the whole run, in a scrambled order (t x a prime, mod n).
        let at = whole.mul_f64(1.1 * ((t * 7919) % n.max(1)) as f64 / n.max(1) as f64);
        let mut child = run().spawn().unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        child.wait().unwrap();
        match std::fs::read_to_string(&plan).unwrap() {
            s if s == old => olds += 1,
            s if s == new => news += 1,
            s => panic!("trial {t} (killed after {at:?}): a torn file of {} bytes:\n{s}", s.len()),
        }
        next_save_leaves_no_temporary(tmp.path(), &old, &new, t);
    }
    assert_eq!(olds + news, n);
    if n >= 100 {
        assert!(olds > 0 && news > 0, "the kills should land before and after the rename: {olds} old, {news} new");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn kill_9_during_the_apps_save_leaves_the_old_or_the_new_file() {
    let (old, new) = old_and_new();
    let tmp = crate::TempDir::new("kill9-app");
    let plan = tmp.path().join("plan.toml");
    // The app's edit: the hall tab, then clear (the first row, with no selection); what it saves is `new` with that
    // row cleared. The script prints each trial's file as `old`, `new` (the app's saved text) or `torn`.
    let cleared = new.replacen("A01 = \"GGGGGGGGGGGGGG\"", "A01 = \"..............\"", 1);
    std::fs::write(tmp.path().join("old.toml"), &new).unwrap();
    std::fs::write(tmp.path().join("new.toml"), &cleared).unwrap();
    let script = |args: &[&str]| {
        let o = Command::new("python3")
            .arg(crate::root().join("tests/it/kill9_app.py"))
            .arg(env!("CARGO_BIN_EXE_fleetplan"))
            .arg(&plan)
            .arg(tmp.path().join("old.toml"))
            .arg(tmp.path().join("new.toml"))
            .args(args)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout).trim().to_string();
        assert!(o.status.success(), "{args:?}: {out}\n{}", String::from_utf8_lossy(&o.stderr));
        out
    };
    let save: f64 = script(&["calibrate"]).parse().unwrap();
    let n = trials(20);
    let mut saved = 0;
    for t in 0..n {
        // Moments from 0 to twice the calibrated save, in a scrambled order.
        let at = 2.0 * save * ((t * 7919) % n) as f64 / n as f64;
        match script(&["trial", &format!("{at:.6}")]).as_str() {
            "old" => {}
            "new" => saved += 1,
            r => panic!("trial {t} (killed {at:.6} s after the save key): {r}"),
        }
        next_save_leaves_no_temporary(tmp.path(), &old, &new, t);
    }
    if n >= 100 {
        assert!(saved > 0 && saved < n, "the kills should land before and after the rename: {saved} of {n} saved");
    }
}
