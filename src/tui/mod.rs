//! The interactive terminal app. `app` holds the state and what actions do, `ui` draws it, `keymap` maps keys to
//! actions. The terminal is restored on every exit path, panics included.

pub mod app;
pub mod keymap;
pub mod ui;

use std::io;
use std::path::PathBuf;

use anyhow::Context;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

use crate::catalog::Catalog;
pub use app::App;
use keymap::Keymap;

/// Restores the terminal when dropped, also while unwinding from a panic.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
        ratatui::restore();
    }
}

/// Opens `path` (or the bundled plan) in the terminal app and runs it until the user quits.
pub fn run(text: String, path: Option<PathBuf>, catalog: std::sync::Arc<Catalog>) -> anyhow::Result<()> {
    let keymap = Keymap::load().map_err(|e| anyhow::anyhow!("key bindings: {e}"))?;
    let mut app = App::open(text, path, catalog, keymap).map_err(|d| anyhow::anyhow!("{d}"))?;
    // ratatui's init installs a panic hook that restores the terminal before the panic message is printed; the
    // guard also turns mouse reporting off, on every path out of this function.
    let mut terminal = ratatui::try_init().context("opening the terminal")?;
    let _guard = TerminalGuard;
    execute!(io::stdout(), EnableMouseCapture).context("enabling the mouse")?;
    let size = terminal.size().context("reading the terminal size")?;
    app.area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
    while !app.should_quit {
        terminal.draw(|f| ui::draw(f, &app)).context("drawing")?;
        let ev = event::read().context("reading a key")?;
        app.handle_event(&ev);
    }
    Ok(())
}
