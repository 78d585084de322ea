//! The terminal app: the open screen, the mode (a prompt, a question, help, the jump list, a value list), and the
//! actions that belong to no one screen (tabs, files, undo, search, scenarios). Everything else goes to the open
//! screen (`screens/`), which owns its state, keys and drawing; what they share is `Shared`. An edit changes the
//! plan text (through `plan::edit`, so the file keeps its comments and layout), which is re-read with the plan
//! loader's rules and re-evaluated before the next frame.

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use super::document::Document;
use super::geometry;
use super::jump::{Jump, JumpEntry};
use super::keymap::{Action, Keymap};
use super::screens::Screens;
use super::shared::{Cursor, Effect, Pick, Shared};
use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::plan::{self, Origin};

mod files;

pub use super::shared::{Confirm, Prompt, Tab};

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    /// The help: the open screen's keys first, then every key; typing filters them.
    Help {
        filter: String,
    },
    /// The message log, newest first, scrolled by this many messages.
    Messages {
        scroll: usize,
    },
    Input {
        prompt: Prompt,
        value: String,
        error: Option<String>,
    },
    Confirm(Confirm),
    /// The jump list (`/` search, `!` findings).
    Jump(Jump),
    /// A setting's list of values (Parameters screen).
    Pick(Pick),
    /// A merge with the file on disk whose edits overlap: both sides of each, scrolled by this many lines.
    Merge {
        conflicts: Vec<super::document::Conflict>,
        /// The merge with its overlaps marked, and the file as it was on disk when merged.
        marked: String,
        disk: String,
        scroll: usize,
    },
}

pub struct App {
    pub shared: Shared,
    pub screens: Screens,
    pub tab: Tab,
    pub mode: Mode,
    /// First line of the help overlay.
    pub help_scroll: usize,
    /// The path a save-as is waiting to overwrite, until the user answers.
    pending_save_as: Option<PathBuf>,
    pub should_quit: bool,
}

impl App {
    /// Opens plan text read from `path` (or the bundled plan when `path` is `None`).
    pub fn open(
        text: String,
        path: Option<PathBuf>,
        catalog: Arc<Catalog>,
        keymap: Keymap,
    ) -> Result<App, plan::Diagnostics> {
        let origin = path.as_deref().map_or_else(Origin::bundled, Origin::file);
        let eval = Evaluation::from_text(text, origin, catalog)?;
        let shared = Shared {
            doc: Document::new(eval, path),
            keymap,
            cursor: Cursor::default(),
            anchor: None,
            brush: 0,
            clip: None,
            scenario: 0,
            message: None,
            log: std::collections::VecDeque::new(),
            popup: false,
            popup_drawn: std::cell::Cell::new(false),
            clock: std::time::SystemTime::now,
            area: Rect::new(0, 0, 80, 24),
        };
        let screens = Screens::new(&shared);
        let mut app = App {
            shared,
            screens,
            tab: Tab::Site,
            mode: Mode::Normal,
            help_scroll: 0,
            pending_save_as: None,
            should_quit: false,
        };
        let help = app.shared.keymap.key_of(Action::Help);
        app.shared.info(format!("{} — press {help} for help", app.shared.doc.title()));
        if app.shared.doc.pending_recovery().is_some() {
            app.mode = Mode::Confirm(Confirm::Recover);
        }
        Ok(app)
    }

    /// The open plan, evaluated.
    pub fn eval(&self) -> &Evaluation {
        &self.shared.doc.eval
    }

    // ---- events ------------------------------------------------------------------------------------------------

    /// Handles one terminal event, then brings every screen's figures up to date.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(k),
            Event::Mouse(m) => self.handle_mouse(m),
            Event::Resize(w, h) => self.shared.area = Rect::new(0, 0, *w, *h),
            _ => {}
        }
        self.screens.sync(&self.shared, self.tab);
    }

    fn handle_key(&mut self, k: &KeyEvent) {
        let action = self.shared.keymap.action(k);
        // An error shown whole in a popup: the key that follows dismisses it, and does nothing else.
        let shown = self.shared.popup_drawn.replace(false);
        self.shared.popup = false;
        if shown {
            return;
        }
        match self.mode.clone() {
            Mode::Normal => {
                if let Some(a) = action {
                    self.act(a);
                }
            }
            Mode::Input { prompt, mut value, .. } => match k.code {
                KeyCode::Esc => self.mode = Mode::Normal,
                KeyCode::Enter => self.submit(prompt, value),
                KeyCode::Backspace => {
                    value.pop();
                    self.prompt(prompt, value);
                }
                KeyCode::Char(c) => {
                    value.push(c);
                    self.prompt(prompt, value);
                }
                _ => {}
            },
            Mode::Confirm(c) => self.answer(c, k),
            Mode::Help { mut filter } => {
                let page = geometry::page_rows(self.shared.area);
                // Letters filter; arrows and page keys scroll; esc (or the help key before anything is typed) closes.
                match k.code {
                    KeyCode::Esc => self.mode = Mode::Normal,
                    // Bounded by the list (the view stops at its last page).
                    KeyCode::Down => self.help_scroll = (self.help_scroll + 1).min(super::keymap::ACTIONS.len() + 30),
                    KeyCode::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
                    KeyCode::PageDown => {
                        self.help_scroll = (self.help_scroll + page).min(super::keymap::ACTIONS.len() + 30)
                    }
                    KeyCode::PageUp => self.help_scroll = self.help_scroll.saturating_sub(page),
                    KeyCode::Backspace => {
                        filter.pop();
                        self.help_scroll = 0;
                        self.mode = Mode::Help { filter };
                    }
                    _ if filter.is_empty() && matches!(action, Some(Action::Help | Action::Quit)) => {
                        self.mode = Mode::Normal;
                    }
                    KeyCode::Char(c) if !k.modifiers.contains(KeyModifiers::CONTROL) => {
                        filter.push(c);
                        self.help_scroll = 0;
                        self.mode = Mode::Help { filter };
                    }
                    _ => {}
                }
            }
            Mode::Messages { scroll } => {
                let page = geometry::page_rows(self.shared.area);
                let last = self.shared.log.len().saturating_sub(1);
                let scroll = match (k.code, action) {
                    (KeyCode::Esc, _) | (_, Some(Action::Messages | Action::Cancel | Action::Quit)) => {
                        self.mode = Mode::Normal;
                        return;
                    }
                    (_, Some(Action::Down)) => scroll + 1,
                    (_, Some(Action::Up)) => scroll.saturating_sub(1),
                    (_, Some(Action::PageDown)) => scroll + page,
                    (_, Some(Action::PageUp)) => scroll.saturating_sub(page),
                    _ => scroll,
                };
                self.mode = Mode::Messages { scroll: scroll.min(last) };
            }
            Mode::Pick(mut p) => {
                let n = p.options.len();
                match (k.code, action) {
                    (KeyCode::Esc, _) | (_, Some(Action::Cancel)) => self.mode = Mode::Normal,
                    (KeyCode::Enter, _) => {
                        self.mode = Mode::Normal;
                        let effect = self.screens.params.pick(&p, &mut self.shared);
                        self.effect(effect);
                    }
                    (_, Some(Action::Up)) => {
                        p.selected = p.selected.saturating_sub(1);
                        self.mode = Mode::Pick(p);
                    }
                    (_, Some(Action::Down)) => {
                        p.selected = (p.selected + 1).min(n.saturating_sub(1));
                        self.mode = Mode::Pick(p);
                    }
                    _ => {}
                }
            }
            Mode::Jump(j) => self.jump_key(j, k),
            Mode::Merge { conflicts, marked, disk, scroll } => match (k.code, action) {
                // Every other change of both sides kept; the overlaps settled one way.
                (KeyCode::Char('m'), _) => self.settle_and_save(&marked, disk, super::document::Side::Mine),
                (KeyCode::Char('t'), _) => self.settle_and_save(&marked, disk, super::document::Side::Theirs),
                (KeyCode::Char('o'), _) => {
                    self.mode = Mode::Normal;
                    self.save(true);
                }
                (KeyCode::Char('r'), _) => {
                    self.mode = Mode::Normal;
                    self.reload();
                }
                (KeyCode::Char('a'), _) => self.prompt(Prompt::SaveAs, String::new()),
                (KeyCode::Esc, _) | (_, Some(Action::Cancel)) => {
                    self.mode = Mode::Normal;
                    self.shared.info("not saved: the file on disk and your edits are both as they were");
                }
                (_, Some(Action::Down | Action::PageDown)) => {
                    self.mode = Mode::Merge { conflicts, marked, disk, scroll: scroll + 1 }
                }
                (_, Some(Action::Up | Action::PageUp)) => {
                    self.mode = Mode::Merge { conflicts, marked, disk, scroll: scroll.saturating_sub(1) }
                }
                _ => {}
            },
        }
    }

    /// Keys of the jump list: typing filters, up / down select, enter goes there.
    fn jump_key(&mut self, mut j: Jump, k: &KeyEvent) {
        let matches = self.shared.jump_matches(&j);
        let last = matches.len().saturating_sub(1);
        match k.code {
            KeyCode::Esc => return self.mode = Mode::Normal,
            KeyCode::Enter => {
                return match matches.get(j.selected) {
                    Some(e) => self.jump_to(e),
                    None => self.shared.info("nothing matches: keep typing, or backspace"),
                };
            }
            KeyCode::Up => j.selected = j.selected.saturating_sub(1),
            KeyCode::Down => j.selected = (j.selected + 1).min(last),
            KeyCode::PageUp => j.selected = j.selected.saturating_sub(10),
            KeyCode::PageDown => j.selected = (j.selected + 10).min(last),
            KeyCode::Backspace => {
                j.query.pop();
                j.selected = 0;
            }
            KeyCode::Char(c) if !c.is_control() => {
                j.query.push(c);
                j.selected = 0;
            }
            _ => {}
        }
        self.mode = Mode::Jump(j);
    }

    fn jump_to(&mut self, e: &JumpEntry) {
        self.mode = Mode::Normal;
        self.tab = self.shared.jump_to(e);
    }

    fn open_jump(&mut self, findings_only: bool) {
        let jump = Jump { query: String::new(), selected: 0, findings_only };
        if findings_only && self.shared.jump_matches(&jump).is_empty() {
            return self.shared.info("no finding: every limit holds");
        }
        self.mode = Mode::Jump(jump);
    }

    fn handle_mouse(&mut self, m: &MouseEvent) {
        if self.mode != Mode::Normal {
            return;
        }
        let pos = Position::new(m.column, m.row);
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let l = geometry::layout(self.shared.area);
                if l.tabs.contains(pos) {
                    if let Some(t) = geometry::tab_at(l.tabs, pos, self.tab) {
                        self.tab = t;
                    }
                    return;
                }
                let effect = self.screens.click(self.tab, l.body, pos, &mut self.shared);
                self.effect(effect);
            }
            MouseEventKind::ScrollDown => self.act(Action::Down),
            MouseEventKind::ScrollUp => self.act(Action::Up),
            _ => {}
        }
    }

    /// Does what a screen asked for.
    fn effect(&mut self, e: Effect) {
        match e {
            Effect::Done | Effect::Ignored => {}
            Effect::Prompt(p, initial) => self.prompt(p, initial),
            Effect::Confirm(c) => self.mode = Mode::Confirm(c),
            Effect::Pick(p) => self.mode = Mode::Pick(p),
            Effect::Goto(t) => self.tab = t,
        }
    }

    // ---- actions -----------------------------------------------------------------------------------------------

    /// Does what an action means: the app's own, or the open screen's.
    pub fn act(&mut self, a: Action) {
        let sh = &mut self.shared;
        match a {
            Action::Quit if sh.doc.dirty() => self.mode = Mode::Confirm(Confirm::Quit),
            Action::Quit => self.should_quit = true,
            Action::Help => {
                self.help_scroll = 0;
                self.mode = Mode::Help { filter: String::new() };
            }
            Action::Messages => self.mode = Mode::Messages { scroll: 0 },
            Action::Cancel => {
                sh.anchor = None;
                sh.message = None;
            }
            Action::NextTab | Action::PrevTab => {
                let i = Tab::ALL.iter().position(|t| *t == self.tab).unwrap_or(0);
                let n = Tab::ALL.len();
                self.tab = Tab::ALL[if a == Action::NextTab { (i + 1) % n } else { (i + n - 1) % n }];
            }
            Action::TabSite => self.tab = Tab::Site,
            Action::TabHall => self.tab = Tab::Hall,
            Action::TabParameters => self.tab = Tab::Parameters,
            Action::TabSupply => self.tab = Tab::Supply,
            Action::TabInference => self.tab = Tab::Inference,
            Action::TabPower => self.tab = Tab::Power,
            Action::TabCompare => self.tab = Tab::Compare,
            Action::CompareWith => self.prompt(Prompt::CompareWith, String::new()),
            // On the Parameters screen, search filters its settings.
            Action::Search if self.tab == Tab::Parameters => {
                self.prompt(Prompt::ParamFilter, self.screens.params.filter.clone());
            }
            Action::Search => self.open_jump(false),
            Action::Findings => self.open_jump(true),
            Action::NextScenario | Action::PrevScenario => sh.step_scenario(a == Action::NextScenario),
            Action::MonteCarlo => self.screens.supply.run_monte_carlo(sh),
            Action::NextHall | Action::PrevHall => sh.step_hall(if a == Action::NextHall { 1 } else { -1 }),
            Action::NextSite | Action::PrevSite => sh.step_site(a == Action::NextSite),
            Action::NextBrush | Action::PrevBrush => {
                let n = sh.doc.eval.plan.legend.len().max(1);
                sh.brush = if a == Action::NextBrush { (sh.brush + 1) % n } else { (sh.brush + n - 1) % n };
                if let Some(rt) = sh.doc.eval.plan.legend.get(sh.brush) {
                    let m = format!(
                        "brush {}: {} @ {} ({} kW)",
                        rt.symbol,
                        rt.platform.name,
                        rt.profile,
                        fleetplan_core::units::kw(rt.rack_kw)
                    );
                    sh.info(m);
                }
            }
            Action::AddBrush => self.prompt(Prompt::AddBrush, String::new()),
            Action::Undo | Action::Redo => sh.step_history(a == Action::Undo),
            Action::Save => self.save(false),
            Action::SaveAs => {
                let path = sh.doc.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
                self.prompt(Prompt::SaveAs, path);
            }
            Action::NewPlan if sh.doc.dirty() => sh.error("save or undo your changes before starting a new plan"),
            Action::NewPlan => self.prompt(Prompt::NewPlan, String::new()),
            Action::Reload if sh.doc.dirty() => self.mode = Mode::Confirm(Confirm::Reload),
            Action::Reload => self.reload(),
            _ => {
                let effect = self.screens.handle(self.tab, a, sh);
                self.effect(effect);
            }
        }
    }

    // ---- prompts and questions -----------------------------------------------------------------------------------

    /// Opens (or updates) a prompt, checking its text as typed with the rules of whatever it is for.
    fn prompt(&mut self, prompt: Prompt, value: String) {
        let error = match &prompt {
            Prompt::Param(i, _) => self.screens.params.problem(*i, &value, &self.shared),
            Prompt::NewPlan => self.new_plan_problem(&value),
            Prompt::SaveAs | Prompt::CompareWith => None,
            // The list follows as the words are typed.
            Prompt::ParamFilter => {
                self.screens.params.set_filter(&value);
                None
            }
            _ => self.shared.layout_problem(&prompt, &value),
        };
        self.mode = Mode::Input { prompt, value, error };
    }

    /// Enter in a prompt: done, or kept open with what was typed and why it was refused.
    fn submit(&mut self, prompt: Prompt, value: String) {
        self.mode = Mode::Normal;
        let v = value.trim();
        let result = match &prompt {
            Prompt::SaveAs => {
                self.save_as_prompted(v);
                Ok(())
            }
            Prompt::NewPlan => self.new_plan(v),
            Prompt::CompareWith => {
                let r = self.screens.compare.start(v, &mut self.shared);
                if r.is_ok() {
                    self.tab = Tab::Compare;
                }
                r
            }
            Prompt::Param(i, _) => self.screens.params.submit(*i, v, &mut self.shared),
            Prompt::ParamFilter => {
                self.screens.params.set_filter(v);
                Ok(())
            }
            _ => self.shared.layout_submit(&prompt, &value),
        };
        if let Err(e) = result {
            // Kept open with the message, so nothing typed is lost.
            self.mode = Mode::Input { prompt, value, error: Some(e) };
        }
    }

    fn answer(&mut self, c: Confirm, k: &KeyEvent) {
        let key = match k.code {
            KeyCode::Char(ch) => ch.to_ascii_lowercase(),
            KeyCode::Esc => '\u{1b}',
            KeyCode::Enter => '\n',
            _ => return,
        };
        self.mode = Mode::Normal;
        // Enter gives each question's first answer (`confirm_keys`); the letters stay as they were.
        let key = match (c, key) {
            (Confirm::Quit, '\n') => 's',
            (Confirm::RemoveHall | Confirm::RemoveRow | Confirm::Reload | Confirm::OverwriteOther, '\n') => 'y',
            (Confirm::ChangedOnDisk, '\n') => 'm',
            (Confirm::Recover, '\n') => 'r',
            _ => key,
        };
        match (c, key) {
            (Confirm::ChangedOnDisk, 'm') => self.merge_and_save(),
            (Confirm::Quit, 's') => {
                self.save(false);
                if !self.shared.doc.dirty() {
                    self.should_quit = true;
                }
            }
            (Confirm::Quit, 'd') => self.should_quit = true,
            (Confirm::RemoveHall | Confirm::RemoveRow, 'y') => self.shared.layout_confirmed(c),
            (Confirm::ChangedOnDisk, 'r') | (Confirm::Reload, 'y') => self.reload(),
            (Confirm::ChangedOnDisk, 'a') => self.prompt(Prompt::SaveAs, String::new()),
            (Confirm::ChangedOnDisk, 'o') => self.save(true),
            (Confirm::OverwriteOther, 'y') => {
                if let Some(path) = self.pending_save_as.take() {
                    self.save_as(path);
                }
            }
            (Confirm::Recover, 'r') => match self.shared.doc.restore_recovery() {
                Ok(m) => self.shared.info(m),
                Err(e) => self.shared.error(e),
            },
            (Confirm::Recover, 'd') => {
                self.shared.doc.remove_recovery();
                self.shared.info("recovery file discarded");
            }
            (Confirm::Recover, 'k' | '\u{1b}') => {
                self.shared.info("recovery file kept; it is offered again the next time this plan is opened");
            }
            (_, 'n' | '\u{1b}' | 'c') => {
                self.pending_save_as = None;
                self.shared.info("cancelled");
            }
            _ => self.mode = Mode::Confirm(c),
        }
    }
}
