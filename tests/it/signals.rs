//! The terminal app in a real pseudo-terminal: a signal (SIGTERM, SIGINT, SIGHUP, SIGQUIT) ends it with the terminal
//! restored: raw mode off, cursor shown, alternate screen left, mouse reporting off, and exit code 128 + signal.

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
    for (sig, name) in [(15, "TERM"), (2, "INT"), (1, "HUP"), (3, "QUIT")] {
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
