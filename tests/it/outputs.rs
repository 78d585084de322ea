//! Every output path (`--out`) leaves what it names as it was when that is not a regular file: a device stays a
//! device, a FIFO stays a FIFO and its reader gets the bytes, `/dev/stdout` writes to the pipe; a full device is an
//! error (exit 1); an output that is one of the command's inputs is refused (exit 2) and nothing is written. Devices
//! are private copies made for the test (`mknod` in a temporary folder), never the system's.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn fleetplan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fleetplan")).args(args).current_dir(crate::root()).output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[cfg(unix)]
fn kind(p: &Path) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = std::fs::symlink_metadata(p).unwrap().file_type();
    if t.is_char_device() {
        "char device"
    } else if t.is_fifo() {
        "fifo"
    } else if t.is_file() {
        "file"
    } else {
        "other"
    }
}

/// A private character device `major:minor` in `dir` (1:3 is a null device, 1:7 a full one), or `None` where this
/// process may not make one (not root).
#[cfg(target_os = "linux")]
fn device(dir: &Path, name: &str, major: u32, minor: u32) -> Option<std::path::PathBuf> {
    let p = dir.join(name);
    let made = Command::new("mknod").arg(&p).args(["c", &major.to_string(), &minor.to_string()]).status();
    made.is_ok_and(|s| s.success()).then_some(p)
}

#[cfg(target_os = "linux")]
#[test]
fn a_device_stays_a_device_and_a_full_one_is_an_error() {
    let tmp = crate::TempDir::new("devices");
    // Without root no device can be made; the system's null device is then safe to name, since this process could
    // not replace it anyway.
    let null = device(tmp.path(), "null", 1, 3).unwrap_or_else(|| "/dev/null".into());
    let o = fleetplan(&["export", "plans/pilot-5mw.toml", "-t", "halls", "--out", null.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(kind(&null), "char device", "the null device is still a device");
    // Every writer: sweep and plot too.
    let o = fleetplan(&[
        "sweep",
        "plans/pilot-5mw.toml",
        "--vary",
        "cooling.supply_c=40,45",
        "--out",
        null.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = fleetplan(&["plot", "plans/pilot-5mw.toml", "--chart", "pue-monthly", "--out", null.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(kind(&null), "char device");
    if let Some(full) = device(tmp.path(), "full", 1, 7) {
        let o = fleetplan(&["export", "plans/pilot-5mw.toml", "-t", "hourly", "--out", full.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "no space is a runtime failure: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("No space left"), "{}", text(&o.stderr));
        assert_eq!(kind(&full), "char device");
    }
    // Nothing else appeared beside them: no temporary file, no replacement.
    let names: Vec<String> =
        std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| n == "null" || n == "full"), "{names:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_stays_a_fifo_and_its_reader_gets_the_table() {
    let tmp = crate::TempDir::new("fifo");
    let fifo = tmp.path().join("out.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = fleetplan(&["export", "plans/pilot-5mw.toml", "-t", "site", "--out", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // Checked before waiting for the reader: a FIFO replaced by a file would leave the reader waiting forever.
    assert_eq!(kind(&fifo), "fifo");
    let got = reader.join().unwrap();
    let want = text(&fleetplan(&["export", "plans/pilot-5mw.toml", "-t", "site"]).stdout);
    assert_eq!(got, want, "the reader gets the same table as standard output");
}

#[cfg(target_os = "linux")]
#[test]
fn out_dev_stdout_writes_to_the_pipe() {
    let o = Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .args(["export", "plans/pilot-5mw.toml", "-t", "site", "--out", "/dev/stdout"])
        .current_dir(crate::root())
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).starts_with("site,"), "{}", text(&o.stdout));
    assert_eq!(kind(Path::new("/dev/null")), "char device", "and the system's devices are untouched");
}

#[test]
fn an_output_that_is_an_input_is_refused_and_nothing_is_written() {
    let tmp = crate::TempDir::new("in-out");
    let plan = tmp.path().join("plan.toml");
    let original = std::fs::read(crate::root().join("plans/pilot-5mw.toml")).unwrap();
    std::fs::write(&plan, &original).unwrap();
    let p = plan.to_str().unwrap();
    // The same file under another spelling is the same file.
    let other_spelling = tmp.path().join(".").join("plan.toml");
    let q = other_spelling.to_str().unwrap();
    for args in [
        vec!["export", p, "-t", "site", "--out", p],
        vec!["export", p, "-t", "site", "--out", q],
        vec!["sweep", p, "--vary", "cooling.supply_c=40,45", "--out", q],
        vec!["plot", p, "--chart", "pue-monthly", "--out", p],
    ] {
        let o = fleetplan(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        assert!(text(&o.stderr).contains("an input of this command"), "{}", text(&o.stderr));
        assert_eq!(std::fs::read(&plan).unwrap(), original, "{args:?}: the plan is as it was");
    }
    // A folder is not a file to write.
    let o = fleetplan(&["export", p, "-t", "site", "--out", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("is a folder"), "{}", text(&o.stderr));
}
