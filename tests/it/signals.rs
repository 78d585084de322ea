//! The terminal app in a real pseudo-terminal: a signal (SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGALRM …) ends it
//! with the terminal restored: raw mode off, cursor shown, alternate screen left, mouse reporting off, and exit code
//! 128 + signal; and a terminal that goes away with no signal reaching the app ends it too.

use std::process::Command;
use std::time::{Duration, Instant};

use rexpect::session::spawn_command;

/// The PID of the only child of `parent` (Linux: /proc/PID/task/PID/children).
fn child_of(parent: i32) -> i32 {
    let start = Instant::now();
    loop {
        let list = std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children")).unwrap_or_default();
        if let Some(pid) = list.split_whitespace().next().and_then(|p| p.parse().ok()) {
            return pid;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "fleetplan did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_signal_restores_the_terminal() {
    let bin = env!("CARGO_BIN_EXE_fleetplan");
    // USR1 and ALRM left the terminal raw: their default action ends a process without a word.
    for (sig, name) in [(15, "TERM"), (2, "INT"), (1, "HUP"), (3, "QUIT"), (10, "USR1"), (14, "ALRM")] {
        // The shell runs the app, then reports how it ended and the terminal's modes afterwards.
        let mut sh = Command::new("sh");
        sh.arg("-c").arg(format!(
            "stty rows 30 cols 100; echo SHELL_PID=$$; '{bin}' plans/pilot-5mw.toml; echo EXIT=$?; stty -a"
        ));
        sh.current_dir(crate::root()).env("TERM", "xterm").env_remove("NO_COLOR");
        let mut p = spawn_command(sh, Some(30_000)).unwrap();
        let (_, shell) = p.exp_regex("SHELL_PID=[0-9]+").unwrap();
        let shell: i32 = shell.trim_start_matches("SHELL_PID=").parse().unwrap();
        // The first frame is drawn: the app is in raw mode on the alternate screen with the mouse on.
        let before = p.exp_string("Greensboro pilot").unwrap();
        let app = child_of(shell);
        let ok = Command::new("kill").arg(format!("-{name}")).arg(app.to_string()).status().unwrap().success();
        assert!(ok, "kill -{name} {app}");
        let after = p.exp_string(&format!("EXIT={}", 128 + sig)).unwrap_or_else(|e| panic!("SIG{name}: {e}"));
        let modes = p.exp_eof().unwrap();
        let all = format!("{before}{after}");
        assert!(all.contains("\u{1b}[?1049h"), "SIG{name}: the app had entered the alternate screen");
        for (restore, what) in [
            ("\u{1b}[?1049l", "alternate screen left"),
            ("\u{1b}[?25h", "cursor shown"),
            ("\u{1b}[?1000l", "mouse reporting off"),
        ] {
            assert!(after.contains(restore), "SIG{name}: {what}: {after:?}");
        }
        // Raw mode off: the modes raw mode clears are set again (echo is off in rexpect's terminal from the start).
        let words: Vec<&str> = modes.split_whitespace().collect();
        for mode in ["icanon", "isig", "iexten", "icrnl", "opost"] {
            assert!(words.contains(&mode), "SIG{name}: {mode} not restored: {modes}");
        }
    }
}

/// Runs the app (`python3 -c HANGUP FLEETPLAN PLAN KEYS`) in a pseudo-terminal of 100 x 30 with SIGHUP blocked (the
/// mask survives exec), waits for its first frame, types KEYS, closes the terminal's master side (what sshd or tmux do when the session goes) and reports how the app
/// ended: `ended SECONDS STATUS` or `running`.
const HANGUP: &str = r#"
import os, pty, select, signal, struct, sys, time, fcntl, termios
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 0, 0))
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGHUP])
    os.environ['TERM'] = 'xterm'
    os.execv(sys.argv[1], [sys.argv[1], sys.argv[2]])
seen, start = b'', time.time()
while b'Greensboro' not in seen and time.time() - start < 30:
    seen += os.read(fd, 65536)
for key in sys.argv[3]:
    os.write(fd, key.encode())
    while select.select([fd], [], [], 0.2)[0]:
        os.read(fd, 65536)
while select.select([fd], [], [], 0.5)[0]:
    os.read(fd, 65536)
os.close(fd)
start = time.time()
while time.time() - start < 10:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print('ended', round(time.time() - start, 2), status)
        sys.exit(0)
    time.sleep(0.05)
os.kill(pid, signal.SIGKILL)
print('running')
"#;

#[test]
fn the_app_ends_when_its_terminal_goes_away_without_a_signal() {
    // No SIGHUP reaches the app (blocked), as when a session is torn down under it: it kept reading the dead
    // terminal at a third of a core, forever. Now it notices (EOF, EIO, a terminal that no longer answers) and ends
    // with exit 1, without aborting on the messages it can no longer print.
    // With an unsaved edit (the hall tab, then clear: the first row), which is kept in the recovery file.
    let tmp = crate::TempDir::new("signals-hangup");
    let plan = tmp.path().join("plan.toml");
    std::fs::copy(crate::root().join("plans/pilot-5mw.toml"), &plan).unwrap();
    let o = Command::new("python3")
        .args(["-c", HANGUP, env!("CARGO_BIN_EXE_fleetplan"), plan.to_str().unwrap(), "2d"])
        .current_dir(crate::root())
        .output()
        .expect("python3 (to block SIGHUP and own the pseudo-terminal) is needed by this test");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}{}", String::from_utf8_lossy(&o.stderr));
    let words: Vec<&str> = out.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"ended"), "the app was still running 10 s after its terminal went away: {out}");
    let seconds: f64 = words[1].parse().unwrap();
    assert!(seconds < 2.0, "{out}");
    // A wait status of 256 is exit code 1 (a runtime failure); 6 would be SIGABRT.
    assert_eq!(words[2], "256", "{out}");
    let kept = std::fs::read_to_string(tmp.path().join("plan.toml.recovery")).expect("the unsaved edit is kept");
    assert!(kept.contains("A01 = \"..............\""), "{kept}");
    assert!(std::fs::read_to_string(&plan).unwrap().contains("A01 = \"GGGGGGGGGGGGGG\""), "the plan is untouched");
}

#[test]
fn a_signal_keeps_unsaved_edits_and_the_next_open_restores_them() {
    let bin = env!("CARGO_BIN_EXE_fleetplan");
    let tmp = crate::TempDir::new("signals-recovery");
    let plan = tmp.path().join("plan.toml");
    std::fs::copy(crate::root().join("plans/pilot-5mw.toml"), &plan).unwrap();
    let session = || {
        let mut sh = Command::new("sh");
        sh.arg("-c").arg(format!("stty rows 30 cols 100; echo SHELL_PID=$$; '{bin}' plan.toml; echo EXIT=$?"));
        sh.current_dir(tmp.path()).env("TERM", "xterm").env_remove("NO_COLOR");
        let mut p = spawn_command(sh, Some(30_000)).unwrap();
        let (_, shell) = p.exp_regex("SHELL_PID=[0-9]+").unwrap();
        let shell: i32 = shell.trim_start_matches("SHELL_PID=").parse().unwrap();
        (p, shell)
    };
    let (mut p, shell) = session();
    p.exp_string("Greensboro pilot").unwrap();
    for key in ["2", "d"] {
        p.send(key).unwrap();
        p.flush().unwrap();
        std::thread::sleep(Duration::from_millis(300));
    }
    let app = child_of(shell);
    assert!(Command::new("kill").arg("-TERM").arg(app.to_string()).status().unwrap().success());
    let said = p.exp_string("EXIT=143").unwrap();
    assert!(said.contains("unsaved edits kept in plan.toml.recovery"), "{said}");
    let recovery = tmp.path().join("plan.toml.recovery");
    let kept = std::fs::read_to_string(&recovery).unwrap();
    assert!(kept.contains("A01 = \"..............\""), "{kept}");

    // The next open asks; restore, save, quit.
    let (mut p, _) = session();
    p.exp_string("Unsaved edits of plan.toml recovered").unwrap();
    for key in ["r", "s", "q"] {
        p.send(key).unwrap();
        p.flush().unwrap();
        std::thread::sleep(Duration::from_millis(300));
    }
    p.exp_string("EXIT=0").unwrap();
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), kept, "restored and saved");
    assert!(!recovery.exists(), "the save removed the recovery file");
}
