//! The interactive terminal app. `app` holds the mode and the actions of no one screen, `screens` the seven screens
//! (each with its state, keys and drawing), `shared` what they share, `document` the plan text with undo, redo and
//! save, `layout_edit` the layout edits of the Site and Hall screens, `geometry` where things are (for drawing and
//! the mouse alike), `ui` the frame around the screens, `keymap` which key does what. The terminal is restored on every exit path: quitting, errors, panics, every
//! catchable signal that would end the process (the app leaves its loop, restores the terminal and exits with 128 +
//! the signal; a second signal ends it at once), and a terminal that went away without a signal (the app ends).

pub mod app;
pub mod document;
pub mod fill;
pub mod geometry;
pub mod jump;
pub mod keymap;
pub mod layout_edit;
pub mod screens;
pub mod shared;
pub mod ui;
pub mod widgets;

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

pub use app::App;
use fleetplan_core::catalog::Catalog;
use keymap::Keymap;

/// Restores the terminal when dropped, also while unwinding from a panic.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // A terminal that went away has nothing to restore, and ratatui's restore reports its failure with
        // `eprintln!`, which panics when standard error is that dead terminal (and the panic hook, restoring again,
        // aborts the process).
        if !terminal_alive() {
            return;
        }
        let _ = execute!(io::stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

/// How often the app looks for a signal while it waits for input.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// How the app ended: the user quit, a signal asked it to stop (its number), or its terminal went away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Quit,
    Signal(i32),
    /// The terminal no longer answers (an SSH session dropped, a tmux session killed, with no SIGHUP delivered).
    TerminalGone,
}

/// Signals that end the app with the terminal restored: every one whose default action ends a process and that a
/// process may catch (SIGKILL and SIGSTOP cannot be; SIGSEGV and its kind are the panic hook's business).
#[cfg(unix)]
const STOP_SIGNALS: [i32; 11] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
    signal_hook::consts::SIGUSR1,
    signal_hook::consts::SIGUSR2,
    signal_hook::consts::SIGALRM,
    signal_hook::consts::SIGVTALRM,
    signal_hook::consts::SIGPROF,
    signal_hook::consts::SIGXCPU,
    signal_hook::consts::SIGXFSZ,
];

/// Whether the terminal still answers: a hung-up terminal fails every query with EIO, so its size cannot be read
/// (`window_size` asks the terminal itself; `size` would fall back to running `tput`).
fn terminal_alive() -> bool {
    ratatui::crossterm::terminal::window_size().is_ok()
}

/// Registers the stop signals: the first sets `received` to its number; one arriving when one already has ends the
/// process at once (the signal's default action).
#[cfg(unix)]
fn watch_signals(received: &Arc<AtomicUsize>) -> anyhow::Result<()> {
    let seen = Arc::new(std::sync::atomic::AtomicBool::new(false));
    for sig in STOP_SIGNALS {
        // Registered first, so it runs before `seen` is set by this same signal: only a second one ends the process.
        signal_hook::flag::register_conditional_default(sig, Arc::clone(&seen)).context("watching signals")?;
        signal_hook::flag::register(sig, Arc::clone(&seen)).context("watching signals")?;
        signal_hook::flag::register_usize(sig, Arc::clone(received), sig as usize).context("watching signals")?;
    }
    Ok(())
}

/// The app's end when its terminal went away. The terminal is forgotten, not dropped: its drop would show the cursor
/// and report the failure with `eprintln!`, which panics on a dead standard error (and the panic hook then aborts).
fn gone(terminal: ratatui::DefaultTerminal) -> anyhow::Result<Ended> {
    std::mem::forget(terminal);
    Ok(Ended::TerminalGone)
}

/// How the app ended, and where its unsaved edits were kept when it did not end by the user's choice.
#[derive(Debug)]
pub struct Exit {
    pub ended: Ended,
    /// The recovery file written (see [`document::recovery_path`]), or why it could not be.
    pub recovery: Option<Result<PathBuf, String>>,
}

/// Opens `path` (or the bundled plan) in the terminal app and runs it until the user quits or a signal stops it.
/// Stopped any other way than by the user (a signal, a terminal that went away, a panic) with unsaved edits, it
/// keeps them in the recovery file beside the plan, which the next open offers to restore.
pub fn run(text: String, path: Option<PathBuf>, catalog: Arc<Catalog>) -> anyhow::Result<Exit> {
    let keymap = Keymap::load().map_err(|e| anyhow::anyhow!("key bindings: {e}"))?;
    let mut app = App::open(text, path, catalog, keymap).map_err(|d| anyhow::anyhow!("{d}"))?;
    // ratatui's init installs a panic hook that restores the terminal before the panic message is printed; the
    // guard also turns mouse reporting off, on every path out of this function.
    let terminal = ratatui::try_init().context("opening the terminal")?;
    let _guard = TerminalGuard;
    // A panic is caught only to keep the edits; it goes on unwinding after (the hook has restored the terminal
    // and printed the message). The app is not used again, so whatever state the panic crossed does not matter.
    let ended = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| event_loop(&mut app, terminal)));
    let keep = |app: &App| match app.shared.doc.write_recovery() {
        Ok(path) => path.map(Ok),
        Err(e) => Some(Err(e.to_string())),
    };
    match ended {
        Ok(Ok(Ended::Quit)) => Ok(Exit { ended: Ended::Quit, recovery: None }),
        Ok(Ok(ended)) => Ok(Exit { ended, recovery: keep(&app) }),
        Ok(Err(e)) => {
            if let Some(Ok(r)) = keep(&app) {
                return Err(e.context(format!("unsaved edits kept in {}", r.display())));
            }
            Err(e)
        }
        Err(panic) => {
            if let Some(Ok(r)) = keep(&app) {
                let _ = io::Write::write_all(
                    &mut io::stderr(),
                    format!("fleetplan: unsaved edits kept in {}\n", r.display()).as_bytes(),
                );
            }
            std::panic::resume_unwind(panic)
        }
    }
}

/// The app's loop: draw, wait for input or a signal, handle it; until the user quits, a signal arrives or the
/// terminal goes away.
fn event_loop(app: &mut App, mut terminal: ratatui::DefaultTerminal) -> anyhow::Result<Ended> {
    execute!(io::stdout(), EnableMouseCapture).context("enabling the mouse")?;
    let size = terminal.size().context("reading the terminal size")?;
    app.shared.area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    let received = Arc::new(AtomicUsize::new(0));
    #[cfg(unix)]
    watch_signals(&received)?;
    let mut redraw = true;
    while !app.should_quit {
        let sig = received.load(Ordering::Relaxed);
        if sig != 0 {
            return Ok(Ended::Signal(i32::try_from(sig).unwrap_or(i32::MAX)));
        }
        if redraw && let Err(e) = terminal.draw(|f| ui::draw(f, app)) {
            return if terminal_alive() { Err(e).context("drawing") } else { gone(terminal) };
        }
        // A dead terminal is noticed while waiting, and when reading it fails (EOF, EIO): the app ends, never spins.
        redraw = match event::poll(SIGNAL_POLL) {
            Ok(ready) => ready,
            Err(_) if !terminal_alive() => return gone(terminal),
            Err(e) => return Err(e).context("waiting for a key"),
        };
        if !redraw && !terminal_alive() {
            return gone(terminal);
        }
        if redraw {
            match event::read() {
                Ok(ev) => app.handle_event(&ev),
                Err(_) if !terminal_alive() => return gone(terminal),
                Err(e) => return Err(e).context("reading a key"),
            }
        }
    }
    Ok(Ended::Quit)
}
