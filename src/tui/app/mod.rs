//! The terminal app's state and what every action does to it. Rendering lives in `ui/`; physics in `model/`: an
//! edit changes the plan text (through `plan::edit`, so the file keeps its comments and layout), the text is
//! re-read with the plan loader's rules and re-evaluated, all before the next frame.
//!
//! Why this file is long (about 1,300 lines, against the house's ~500): every screen's state, keys and actions are
//! still here, in one match over action and tab. The cure is structural, not a cut into arbitrary pieces: each
//! screen owning its state, keys and drawing (`ui/<screen>.rs`), the plan text with undo, redo and save in one
//! document type, and hit-testing geometry apart from drawing. That is the terminal app's next piece of work; until
//! then it stays whole so the split is made once, along those lines.

mod clipboard;
pub mod jump;
pub mod params;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::keymap::{Action, Keymap};
use super::ui;
use crate::catalog::Catalog;
use crate::compare::Side;
use crate::evaluation::Evaluation;
use crate::model::{self, supply::MonteCarlo};
use crate::plan::edit::{self, EditError};
use crate::plan::{self, EMPTY_SLOT, Origin, Plan, Quarter};
use crate::units::{kw_to_mw, mw_to_kw};

/// The screens, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Site,
    Hall,
    Parameters,
    Supply,
    Inference,
    Power,
    Compare,
}

impl Tab {
    pub const ALL: [Tab; 7] =
        [Tab::Site, Tab::Hall, Tab::Parameters, Tab::Supply, Tab::Inference, Tab::Power, Tab::Compare];
    pub fn title(self) -> &'static str {
        match self {
            Tab::Site => "Site",
            Tab::Hall => "Hall layout",
            Tab::Parameters => "Parameters",
            Tab::Supply => "Supply",
            Tab::Inference => "Inference",
            Tab::Power => "Power",
            Tab::Compare => "Compare",
        }
    }

    /// The title in a narrow tab bar.
    pub fn short(self) -> &'static str {
        match self {
            Tab::Hall => "Hall",
            Tab::Parameters => "Params",
            Tab::Inference => "Infer",
            other => other.title(),
        }
    }
}

/// What a text prompt is for.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    RenameHall,
    RenameRow,
    Energised,
    FillTargetMw,
    SaveAs,
    /// `PATH MW PLATFORM CLIMATE` for a new plan.
    NewPlan,
    /// A plan file or `@scenario` to compare with.
    CompareWith,
    /// Index into `App::fields`.
    Param(usize),
    /// `SYMBOL PLATFORM[@PROFILE]`: a legend entry (a brush).
    AddBrush,
}

impl Prompt {
    pub fn title(&self, app: &App) -> String {
        match self {
            Prompt::RenameHall => "New hall name".into(),
            Prompt::RenameRow => "New row name".into(),
            Prompt::Energised => "Quarter the hall is energised (e.g. 2027Q3)".into(),
            Prompt::FillTargetMw => "Fill the site up to this IT load, MW".into(),
            Prompt::SaveAs => "Save as (path)".into(),
            Prompt::NewPlan => "New plan: PATH MW PLATFORM CLIMATE (e.g. mysite.toml 50 vr-nvl72 greensboro-nc)".into(),
            Prompt::CompareWith => "Compare with: a plan file, or @scenario of this plan".into(),
            Prompt::AddBrush => "New brush: SYMBOL PLATFORM[@PROFILE] (e.g. H gb300-nvl72@max-q)".into(),
            Prompt::Param(i) => app.fields.get(*i).map_or(String::new(), |f| match f.scope {
                crate::plan::fields::Scope::Site => format!("site.{}", f.label()),
                _ => f.label(),
            }),
        }
    }
}

/// Questions that need an answer before going on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Unsaved changes: save and quit, discard, or stay.
    Quit,
    RemoveHall,
    RemoveRow,
    /// The file changed on disk since it was read: reload, save as, overwrite, or cancel.
    ChangedOnDisk,
    /// Reload and lose unsaved changes?
    Reload,
    /// Save as a name that another file has: overwrite it?
    OverwriteOther,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Normal,
    Help,
    Input {
        prompt: Prompt,
        value: String,
        error: Option<String>,
    },
    Confirm(Confirm),
    /// The jump list (`/` search, `!` findings).
    Jump(jump::Jump),
    /// A setting's value list (Parameters screen).
    Pick(params::Pick),
}

/// The Supply screen's table position: its first quarter and first site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SupplyScroll {
    pub quarter: usize,
    pub site: usize,
}

/// Where the cursor is: a slot of a row of a hall of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub site: usize,
    pub hall: usize,
    pub row: usize,
    pub slot: usize,
}

pub use crate::plan::fields::{Field, FieldValue, Scope};

pub struct App {
    pub path: Option<PathBuf>,
    /// The plan being edited, evaluated: its text is the single source of truth.
    pub eval: Evaluation,
    /// The text as last read from or written to `path`.
    pub saved_text: String,
    /// Selected supply scenario; every screen shows its completion quarters.
    pub scenario: usize,
    /// The last Monte Carlo run, until the next edit.
    pub monte_carlo: Option<MonteCarlo>,
    /// Inference screen: selected platform (of the comparison) and model (of the workload mix), and its curve.
    pub inf_platform: usize,
    pub inf_model: usize,
    /// Inference screen: first line shown of the sites-and-halls table.
    pub inf_scroll: usize,
    /// Supply screen: first quarter and first site shown in the table of what binds.
    pub supply_scroll: SupplyScroll,
    pub curve: Vec<crate::model::inference::CurvePoint>,
    /// Compare screen: what the open plan is compared with, and the rows (KPIs and changes).
    pub compare_with: Option<Evaluation>,
    pub compare_rows: Vec<crate::compare::DiffRow>,
    /// First line shown on the Compare screen.
    pub compare_scroll: usize,
    pub keymap: Keymap,
    pub tab: Tab,
    pub mode: Mode,
    pub cursor: Cursor,
    /// Other corner of a rectangle selection in the current hall: (row, slot).
    pub anchor: Option<(usize, usize)>,
    /// Legend index placed by `place` and the fills.
    pub brush: usize,
    /// The row or hall last copied, for paste.
    pub clip: Option<clipboard::Clip>,
    /// The path a save-as is waiting to overwrite, until the user answers.
    pub pending_save_as: Option<PathBuf>,
    pub undo: Vec<String>,
    pub redo: Vec<String>,
    pub message: Option<(String, bool)>,
    pub fields: Vec<Field>,
    pub field_values: Vec<FieldValue>,
    pub param_cursor: usize,
    /// First line of the help overlay.
    pub help_scroll: usize,
    pub should_quit: bool,
    /// The last frame's size, for mouse hit-testing with the same layout the renderer used.
    pub area: Rect,
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
        let fields = crate::plan::fields::app_fields(eval.plan.workload.is_some());
        let mut app = App {
            path,
            saved_text: eval.text.clone(),
            eval,
            inf_platform: 2,
            inf_model: 0,
            inf_scroll: 0,
            supply_scroll: SupplyScroll::default(),
            curve: Vec::new(),
            compare_with: None,
            compare_rows: Vec::new(),
            compare_scroll: 0,
            scenario: 0,
            monte_carlo: None,
            keymap,
            tab: Tab::Site,
            mode: Mode::Normal,
            cursor: Cursor::default(),
            anchor: None,
            brush: 0,
            clip: None,
            pending_save_as: None,
            undo: Vec::new(),
            redo: Vec::new(),
            message: None,
            fields,
            field_values: Vec::new(),
            param_cursor: 0,
            help_scroll: 0,
            should_quit: false,
            area: Rect::new(0, 0, 80, 24),
        };
        app.refresh_fields();
        app.refresh_curve();
        app.message =
            Some((format!("{} — press {} for help", app.plan_title(), app.keymap.key_of(Action::Help)), false));
        Ok(app)
    }

    /// Name of the selected supply scenario.
    pub fn scenario_name(&self) -> Option<String> {
        self.eval.plan.supply.as_ref()?.scenarios.get(self.scenario).map(|s| s.name.clone())
    }

    /// The quarter a hall is complete in the selected scenario, or `not by <last quarter>`.
    pub fn hall_complete(&self, site: usize, hall: usize) -> Option<String> {
        let s = self.eval.plan.supply.as_ref()?;
        let t = &self.eval.supply()?.scenarios.get(self.scenario)?.timeline;
        let q = *t.hall_complete.get(site)?.get(hall)?;
        Some(q.map_or_else(|| format!("not by {}", s.quarter(s.quarters - 1)), |q| s.quarter(q).to_string()))
    }

    pub fn dirty(&self) -> bool {
        self.eval.text != self.saved_text
    }

    /// The plan's name, or its file name when it has none.
    pub fn plan_title(&self) -> String {
        if !self.eval.plan.name.trim().is_empty() {
            return self.eval.plan.name.clone();
        }
        self.path.as_ref().and_then(|p| p.file_stem()).and_then(|s| s.to_str()).unwrap_or("plan").to_string()
    }

    /// While a selection is open (the anchor is set): its slots, the racks placed in them and their rack IT, MW.
    pub fn selection_summary(&self) -> Option<(usize, u32, f64)> {
        self.anchor?;
        let hall = self.hall()?;
        let cells = self.selection_or_row();
        let (mut racks, mut kw) = (0u32, 0.0);
        for &(r, s) in &cells {
            if let Some(Some(id)) = hall.rows.get(r).and_then(|row| row.slots.get(s)) {
                racks += 1;
                kw += self.eval.plan.legend[usize::from(*id)].rack_kw;
            }
        }
        Some((cells.len(), racks, crate::units::kw_to_mw(kw)))
    }

    pub fn file_label(&self) -> String {
        self.path.as_ref().map_or_else(|| plan::DEFAULT_PLAN_NAME.to_string(), |p| p.display().to_string())
    }

    fn info(&mut self, m: impl Into<String>) {
        self.message = Some((m.into(), false));
    }

    fn error(&mut self, m: impl Into<String>) {
        self.message = Some((m.into(), true));
    }

    // ---- events ------------------------------------------------------------------------------------------------

    /// Handles one terminal event.
    pub fn handle_event(&mut self, event: &Event) {
        match event {
            Event::Key(k) if k.kind != KeyEventKind::Release => self.handle_key(k),
            Event::Mouse(m) => self.handle_mouse(m),
            Event::Resize(w, h) => self.area = Rect::new(0, 0, *w, *h),
            _ => {}
        }
    }

    pub fn handle_key(&mut self, k: &KeyEvent) {
        match self.mode.clone() {
            Mode::Input { prompt, mut value, .. } => match k.code {
                KeyCode::Esc => self.mode = Mode::Normal,
                KeyCode::Enter => self.submit(prompt, value),
                KeyCode::Backspace => {
                    value.pop();
                    self.set_input(prompt, value);
                }
                KeyCode::Char(c) => {
                    value.push(c);
                    self.set_input(prompt, value);
                }
                _ => {}
            },
            Mode::Confirm(c) => self.answer(c, k),
            Mode::Pick(mut p) => {
                let n = p.options.len();
                match (k.code, self.keymap.action(k)) {
                    (KeyCode::Esc, _) | (_, Some(Action::Cancel)) => return self.mode = Mode::Normal,
                    (KeyCode::Enter, _) => return self.pick(&p),
                    (_, Some(Action::Up)) => p.selected = p.selected.saturating_sub(1),
                    (_, Some(Action::Down)) => p.selected = (p.selected + 1).min(n.saturating_sub(1)),
                    _ => {}
                }
                self.mode = Mode::Pick(p);
            }
            Mode::Jump(mut j) => {
                let n = self.jump_matches(&j).len();
                match k.code {
                    KeyCode::Esc => return self.mode = Mode::Normal,
                    KeyCode::Enter => {
                        return match self.jump_matches(&j).get(j.selected) {
                            Some(e) => self.jump_to(&e.clone()),
                            None => self.info("nothing matches: keep typing, or backspace"),
                        };
                    }
                    KeyCode::Up => j.selected = j.selected.saturating_sub(1),
                    KeyCode::Down => j.selected = (j.selected + 1).min(n.saturating_sub(1)),
                    KeyCode::PageUp => j.selected = j.selected.saturating_sub(10),
                    KeyCode::PageDown => j.selected = (j.selected + 10).min(n.saturating_sub(1)),
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
            Mode::Help => match self.keymap.action(k) {
                Some(Action::Help | Action::Cancel | Action::Quit) => self.mode = Mode::Normal,
                Some(Action::Down) => self.help_scroll += 1,
                Some(Action::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
                Some(Action::PageDown) => self.help_scroll += ui::page_rows(self.area),
                Some(Action::PageUp) => self.help_scroll = self.help_scroll.saturating_sub(ui::page_rows(self.area)),
                _ if k.code == KeyCode::Esc => self.mode = Mode::Normal,
                _ => {}
            },
            Mode::Normal => {
                if let Some(a) = self.keymap.action(k) {
                    self.act(a);
                }
            }
        }
    }

    fn set_input(&mut self, prompt: Prompt, value: String) {
        // Validate as you type, with the plan loader's rules and messages.
        let error = match &prompt {
            Prompt::Param(i) => match self.param_edit(*i, &value) {
                Ok(t) => self.check(&t).err(),
                Err(e) => Some(e.to_string()),
            },
            Prompt::Energised => value.parse::<Quarter>().err().map(|e| e.to_string()),
            Prompt::RenameRow | Prompt::RenameHall if value.trim().is_empty() => Some("expected a name".into()),
            Prompt::NewPlan => self.new_plan_problem(&value),
            Prompt::AddBrush => self.brush_text(&value).and_then(|t| self.check(&t).map(|_| ())).err(),
            Prompt::FillTargetMw => fill_target_mw(&value).err(),
            _ => None,
        };
        self.mode = Mode::Input { prompt, value, error };
    }

    fn prompt(&mut self, prompt: Prompt, initial: String) {
        self.set_input(prompt, initial);
    }

    pub fn handle_mouse(&mut self, m: &MouseEvent) {
        if self.mode != Mode::Normal {
            return;
        }
        let pos = Position::new(m.column, m.row);
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let l = ui::layout(self.area);
                if l.tabs.contains(pos) {
                    if let Some(t) = ui::tab_at(l.tabs, pos, self.tab) {
                        self.tab = t;
                    }
                    return;
                }
                match self.tab {
                    Tab::Hall => {
                        if let Some((row, slot)) = ui::hall::cell_at(self, l.body, pos) {
                            if (row, slot) == (self.cursor.row, self.cursor.slot) {
                                self.act(Action::Place);
                            } else {
                                self.cursor.row = row;
                                self.cursor.slot = slot;
                            }
                        }
                    }
                    Tab::Site => {
                        if let Some((site, hall)) = ui::site::hall_at(self, l.body, pos) {
                            if (site, hall) == (self.cursor.site, self.cursor.hall) {
                                self.act(Action::Activate);
                            } else {
                                self.select_hall(site, hall);
                            }
                        }
                    }
                    Tab::Parameters => {
                        if let Some(i) = ui::params::field_at(self, l.body, pos) {
                            self.param_cursor = i;
                        }
                    }
                    Tab::Supply | Tab::Inference | Tab::Power | Tab::Compare => {}
                }
            }
            MouseEventKind::ScrollDown => self.act(Action::Down),
            MouseEventKind::ScrollUp => self.act(Action::Up),
            _ => {}
        }
    }

    // ---- navigation --------------------------------------------------------------------------------------------

    fn halls_of(&self, site: usize) -> usize {
        self.eval.plan.sites.get(site).map_or(0, |s| s.halls.len())
    }

    pub fn hall(&self) -> Option<&plan::Hall> {
        self.eval.plan.sites.get(self.cursor.site)?.halls.get(self.cursor.hall)
    }

    /// Number of slot columns in the current hall (its longest row, at least 1).
    pub fn hall_width(&self) -> usize {
        self.hall().map_or(1, |h| h.rows.iter().map(|r| r.slots.len()).max().unwrap_or(0).max(1))
    }

    fn select_hall(&mut self, site: usize, hall: usize) {
        self.cursor = Cursor { site, hall, row: 0, slot: 0 };
        self.anchor = None;
        self.refresh_fields();
    }

    /// The next (`step` 1) or previous (-1) hall in fleet order, across sites, wrapping at the ends.
    fn step_hall(&mut self, step: isize) {
        let flat: Vec<(usize, usize)> =
            (0..self.eval.plan.sites.len()).flat_map(|s| (0..self.halls_of(s)).map(move |h| (s, h))).collect();
        if flat.is_empty() {
            return self.info(format!("no hall: add one with {}", self.keymap.key_of(Action::AddHall)));
        }
        let i = flat.iter().position(|x| *x == (self.cursor.site, self.cursor.hall)).unwrap_or(0) as isize;
        let (s, h) = flat[(i + step).rem_euclid(flat.len() as isize) as usize];
        self.select_hall(s, h);
        let site = &self.eval.plan.sites[s];
        self.info(format!("{} · {} (hall {} of {})", site.name, site.halls[h].name, h + 1, site.halls.len()));
    }

    /// Keeps the cursor on something that exists after an edit.
    fn clamp_cursor(&mut self) {
        let c = &mut self.cursor;
        c.site = c.site.min(self.eval.plan.sites.len().saturating_sub(1));
        let halls = self.eval.plan.sites.get(c.site).map_or(0, |s| s.halls.len());
        c.hall = c.hall.min(halls.saturating_sub(1));
        let rows = self.eval.plan.sites.get(c.site).and_then(|s| s.halls.get(c.hall)).map_or(0, |h| h.rows.len());
        c.row = c.row.min(rows.saturating_sub(1));
        let w = self.hall_width();
        self.cursor.slot = self.cursor.slot.min(w - 1);
        self.param_cursor = self.param_cursor.min(self.fields.len().saturating_sub(1));
    }

    fn move_cursor(&mut self, dr: isize, ds: isize) {
        match self.tab {
            Tab::Hall => {
                let rows = self.hall().map_or(0, |h| h.rows.len());
                let w = self.hall_width();
                self.cursor.row = (self.cursor.row as isize + dr).clamp(0, rows.saturating_sub(1) as isize) as usize;
                self.cursor.slot = (self.cursor.slot as isize + ds).clamp(0, w as isize - 1) as usize;
            }
            Tab::Site => {
                // Halls in fleet order: left/right and up/down both walk the list, up/down by a block row.
                let step = if dr != 0 { dr * ui::site::blocks_per_line(self.area) as isize } else { ds };
                let flat: Vec<(usize, usize)> =
                    (0..self.eval.plan.sites.len()).flat_map(|s| (0..self.halls_of(s)).map(move |h| (s, h))).collect();
                if flat.is_empty() {
                    return;
                }
                let i = flat.iter().position(|x| *x == (self.cursor.site, self.cursor.hall)).unwrap_or(0) as isize;
                let j = (i + step).clamp(0, flat.len() as isize - 1) as usize;
                let (s, h) = flat[j];
                self.select_hall(s, h);
            }
            Tab::Parameters => {
                let n = self.fields.len() as isize;
                self.param_cursor = (self.param_cursor as isize + dr).clamp(0, n - 1) as usize;
            }
            // Left and right switch scenarios on the Supply screen.
            Tab::Supply if ds > 0 => self.act(Action::NextScenario),
            Tab::Supply if ds < 0 => self.act(Action::PrevScenario),
            // Up and down scroll its table's sites.
            Tab::Supply => {
                let n = self.eval.plan.sites.len();
                self.supply_scroll.site = (self.supply_scroll.site as isize + dr).clamp(0, n as isize - 1) as usize;
            }
            // On the Inference screen, left / right pick the model and up / down the platform of the curve.
            Tab::Inference => {
                let models = self.eval.plan.workload.as_ref().map_or(0, |w| w.mix.len());
                let platforms = self.inference().map_or(0, |i| i.comparison.platforms.len());
                if models > 0 && ds != 0 {
                    self.inf_model = (self.inf_model as isize + ds).rem_euclid(models as isize) as usize;
                }
                if platforms > 0 && dr != 0 {
                    self.inf_platform =
                        (self.inf_platform as isize + dr.signum()).clamp(0, platforms as isize - 1) as usize;
                }
                self.refresh_curve();
            }
            Tab::Compare => self.compare_scroll = (self.compare_scroll as isize + dr).max(0) as usize,
            Tab::Power => {}
        }
    }

    // ---- actions -----------------------------------------------------------------------------------------------

    /// Does what an action means on the current screen.
    pub fn act(&mut self, a: Action) {
        let page = ui::page_rows(self.area) as isize;
        match a {
            Action::Quit => {
                if self.dirty() {
                    self.mode = Mode::Confirm(Confirm::Quit);
                } else {
                    self.should_quit = true;
                }
            }
            Action::Help => {
                self.help_scroll = 0;
                self.mode = Mode::Help;
            }
            Action::Cancel => {
                self.anchor = None;
                self.message = None;
            }
            Action::Activate => match self.tab {
                Tab::Site if self.hall().is_some() => self.tab = Tab::Hall,
                Tab::Parameters => self.edit_param(self.param_cursor),
                _ => {}
            },
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
            Action::Search => self.open_jump(false),
            Action::AddBrush => self.prompt(Prompt::AddBrush, String::new()),
            Action::Findings => self.open_jump(true),
            Action::NextScenario | Action::PrevScenario => {
                let n = self.eval.plan.supply.as_ref().map_or(0, |s| s.scenarios.len());
                if n == 0 {
                    return self.error("this plan has no [supply] section");
                }
                self.scenario =
                    if a == Action::NextScenario { (self.scenario + 1) % n } else { (self.scenario + n - 1) % n };
                let name = self.scenario_name().unwrap_or_default();
                self.info(format!("scenario {name}: every screen shows its supply timeline"));
            }
            Action::MonteCarlo => match &self.eval.plan.supply {
                Some(s) => {
                    let mc = model::supply::monte_carlo(&self.eval.plan, &self.eval.outcome, s);
                    let q = |q: Option<u32>| {
                        q.map_or_else(|| "not within horizon".to_string(), |q| s.quarter(q).to_string())
                    };
                    self.info(format!(
                        "Monte Carlo, {} trials (seed {}): fleet complete P10 {} · P50 {} · P90 {}",
                        mc.trials,
                        mc.seed,
                        q(mc.complete[0]),
                        q(mc.complete[1]),
                        q(mc.complete[2])
                    ));
                    self.monte_carlo = Some(mc);
                }
                None => self.error("this plan has no [supply] section"),
            },
            Action::Left => self.move_cursor(0, -1),
            Action::Right => self.move_cursor(0, 1),
            Action::Up => self.move_cursor(-1, 0),
            Action::Down => self.move_cursor(1, 0),
            // On the Inference screen the page keys scroll the table of what each site and hall serves.
            Action::PageUp if self.tab == Tab::Inference => {
                self.inf_scroll = self.inf_scroll.saturating_sub(page as usize)
            }
            Action::PageDown if self.tab == Tab::Inference => {
                let lines: usize = self.eval.plan.sites.iter().map(|s| 1 + s.halls.len()).sum();
                self.inf_scroll = (self.inf_scroll + page as usize).min(lines.saturating_sub(1));
            }
            // On the Supply screen the page keys move the table of what binds by four quarters.
            Action::PageUp if self.tab == Tab::Supply => {
                self.supply_scroll.quarter = self.supply_scroll.quarter.saturating_sub(4)
            }
            Action::PageDown if self.tab == Tab::Supply => {
                let last = ui::supply::last_first_quarter(self, self.area);
                self.supply_scroll.quarter = (self.supply_scroll.quarter + 4).min(last);
            }
            Action::PageUp => self.move_cursor(-page, 0),
            Action::PageDown => self.move_cursor(page, 0),
            Action::RowStart => self.move_cursor(0, -(self.cursor.slot as isize)),
            // The last slot of the current row (rows may differ in length).
            Action::RowEnd => {
                let len = self.row_string(self.cursor.hall, self.cursor.row).map_or(0, |r| r.chars().count());
                self.cursor.slot = len.saturating_sub(1);
            }
            Action::NextHall | Action::PrevHall => self.step_hall(if a == Action::NextHall { 1 } else { -1 }),
            Action::NextSite | Action::PrevSite => {
                let n = self.eval.plan.sites.len();
                if n < 2 {
                    return self.info("this plan has one site");
                }
                let s = if a == Action::NextSite { (self.cursor.site + 1) % n } else { (self.cursor.site + n - 1) % n };
                self.select_hall(s, 0);
                self.info(format!("site {} of {n}: {}", s + 1, self.eval.plan.sites[s].name));
            }
            Action::FirstRow => self.move_cursor(-(1 << 20), 0),
            Action::LastRow => self.move_cursor(1 << 20, 0),
            Action::NextBrush | Action::PrevBrush => {
                let n = self.eval.plan.legend.len().max(1);
                self.brush = if a == Action::NextBrush { (self.brush + 1) % n } else { (self.brush + n - 1) % n };
                if let Some(rt) = self.eval.plan.legend.get(self.brush) {
                    self.info(format!(
                        "brush {}: {} @ {} ({} kW)",
                        rt.symbol, rt.platform.name, rt.profile, rt.rack_kw
                    ));
                }
            }
            Action::Select => {
                self.anchor = match self.anchor {
                    Some(_) => None,
                    None => Some((self.cursor.row, self.cursor.slot)),
                };
            }
            Action::Undo => self.step_history(true),
            Action::Redo => self.step_history(false),
            Action::Save => self.save(false),
            Action::SaveAs => {
                self.prompt(Prompt::SaveAs, self.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default())
            }
            Action::NewPlan => {
                if self.dirty() {
                    self.error("save or undo your changes before starting a new plan");
                } else {
                    self.prompt(Prompt::NewPlan, String::new());
                }
            }
            Action::Reload => {
                if self.dirty() {
                    self.mode = Mode::Confirm(Confirm::Reload);
                } else {
                    self.reload();
                }
            }
            // On the Parameters screen the remove key takes the setting back to its default.
            Action::Remove if self.tab == Tab::Parameters => self.param_reset(self.param_cursor),
            _ if matches!(self.tab, Tab::Parameters | Tab::Supply | Tab::Inference | Tab::Power | Tab::Compare) => {}
            Action::CopyRow => self.copy_row(),
            Action::CopyHall => self.copy_hall(),
            Action::Paste => self.paste(),
            Action::Replace => self.replace_with_brush(),
            Action::Place => self.set_cells(&[(self.cursor.row, self.cursor.slot)], self.brush_symbol(), "place"),
            Action::Remove => self.set_cells(&[(self.cursor.row, self.cursor.slot)], Some(EMPTY_SLOT), "remove"),
            Action::Cycle => self.cycle(),
            Action::Fill => {
                let cells = self.selection_or_row();
                self.anchor = None;
                self.fill(cells, None, "fill");
            }
            Action::Clear => {
                let cells = self.selection_or_row();
                self.anchor = None;
                self.set_cells(&cells, Some(EMPTY_SLOT), "clear");
            }
            Action::FillHall => {
                let cells = self.hall_cells(self.cursor.hall);
                self.fill(cells, None, "fill hall");
            }
            Action::FillSite => {
                self.fill_site(None);
            }
            Action::FillTarget => self.prompt(Prompt::FillTargetMw, String::new()),
            Action::AddHall => self.add_hall(),
            Action::RemoveHall if self.hall().is_some() => self.mode = Mode::Confirm(Confirm::RemoveHall),
            // Hall and row actions need a hall: with none, say how to add one instead of opening a dialog that fails.
            Action::RenameHall
            | Action::SetEnergised
            | Action::HallUp
            | Action::HallDown
            | Action::AddRow
            | Action::RenameRow
            | Action::RowUp
            | Action::RowDown
                if self.hall().is_none() =>
            {
                self.info(format!("this site has no hall: add one with {}", self.keymap.key_of(Action::AddHall)));
            }
            Action::RenameHall => {
                let name = self.hall().map(|h| h.name.clone()).unwrap_or_default();
                self.prompt(Prompt::RenameHall, name);
            }
            Action::HallUp | Action::HallDown => {
                let up = a == Action::HallUp;
                let (s, h) = (self.cursor.site, self.cursor.hall);
                let t = edit::move_hall(&self.eval.text, s, h, up);
                if self.apply(t, "move hall") {
                    self.cursor.hall = if up { h.saturating_sub(1) } else { h + 1 };
                    self.clamp_cursor();
                }
            }
            Action::SetEnergised => {
                let q = self.hall().map(|h| h.energised.to_string()).unwrap_or_default();
                self.prompt(Prompt::Energised, q);
            }
            Action::AddRow => self.add_row(),
            Action::RemoveRow if self.current_row_name().is_some() => self.mode = Mode::Confirm(Confirm::RemoveRow),
            Action::RenameRow => {
                let name = self.current_row_name().unwrap_or_default();
                self.prompt(Prompt::RenameRow, name);
            }
            Action::RowUp | Action::RowDown => {
                let up = a == Action::RowUp;
                let c = self.cursor;
                let t = edit::move_row(&self.eval.text, c.site, c.hall, c.row, up);
                if self.apply(t, "move row") {
                    self.cursor.row = if up { c.row.saturating_sub(1) } else { c.row + 1 };
                    self.clamp_cursor();
                }
            }
            Action::RemoveHall | Action::RemoveRow => {}
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
        match (c, key) {
            (Confirm::Quit, 's') => {
                self.save(false);
                if !self.dirty() {
                    self.should_quit = true;
                }
            }
            (Confirm::Quit, 'd') => self.should_quit = true,
            (Confirm::RemoveHall, 'y') => {
                let t = edit::remove_hall(&self.eval.text, self.cursor.site, self.cursor.hall);
                if self.apply(t, "remove hall") {
                    self.clamp_cursor();
                }
            }
            (Confirm::RemoveRow, 'y') => {
                if let Some(name) = self.current_row_name() {
                    let t = edit::remove_row(&self.eval.text, self.cursor.site, self.cursor.hall, &name);
                    if self.apply(t, "remove row") {
                        self.clamp_cursor();
                    }
                }
            }
            (Confirm::ChangedOnDisk, 'r') | (Confirm::Reload, 'y') => self.reload(),
            (Confirm::ChangedOnDisk, 'a') => self.prompt(Prompt::SaveAs, String::new()),
            (Confirm::ChangedOnDisk, 'o') => self.save(true),
            (Confirm::OverwriteOther, 'y') => {
                if let Some(path) = self.pending_save_as.take() {
                    self.save_as(path);
                }
            }
            (_, 'n' | '\u{1b}' | 'c') => {
                self.pending_save_as = None;
                self.info("cancelled");
            }
            _ => self.mode = Mode::Confirm(c),
        }
    }

    fn submit(&mut self, prompt: Prompt, value: String) {
        self.mode = Mode::Normal;
        let c = self.cursor;
        let v = value.trim();
        match prompt {
            Prompt::RenameHall => {
                let t = edit::set_hall_value(&self.eval.text, c.site, c.hall, "name", &edit::string_literal(v));
                self.apply(t, "rename hall");
            }
            Prompt::Energised => {
                let t = edit::set_hall_value(&self.eval.text, c.site, c.hall, "energised", &edit::string_literal(v));
                self.apply(t, "set energisation quarter");
            }
            Prompt::RenameRow => {
                if v.is_empty() {
                    // Kept open with the message, so the name can be typed.
                    return self.set_input(Prompt::RenameRow, value);
                }
                if let Some(old) = self.current_row_name() {
                    let t = edit::rename_row(&self.eval.text, c.site, c.hall, &old, v);
                    self.apply(t, "rename row");
                }
            }
            Prompt::FillTargetMw => match fill_target_mw(v) {
                Ok(mw) => self.fill_site(Some(mw)),
                Err(e) => self.error(e),
            },
            Prompt::SaveAs => {
                let path = PathBuf::from(v);
                if v.is_empty() {
                    self.error("no file name given; not saved");
                } else if path.exists() && self.path.as_deref() != Some(path.as_path()) {
                    // Another file of that name: asked first, as `new` refuses to overwrite.
                    self.pending_save_as = Some(path);
                    self.mode = Mode::Confirm(Confirm::OverwriteOther);
                } else {
                    self.save_as(path);
                }
            }
            Prompt::NewPlan => {
                if !self.new_plan(v) {
                    // Kept open with the message, so the line can be corrected rather than typed again.
                    let error = self.message.take().map(|m| m.0);
                    self.mode = Mode::Input { prompt: Prompt::NewPlan, value, error };
                }
            }
            Prompt::AddBrush => {
                let t = self.brush_text(v);
                let symbol = v.chars().next().unwrap_or(' ');
                if self.apply(t.map_err(EditError::Invalid), &format!("add brush {v}")) {
                    self.brush = self.eval.plan.legend.iter().position(|r| r.symbol == symbol).unwrap_or(self.brush);
                } else {
                    self.set_input(Prompt::AddBrush, value);
                }
            }
            Prompt::CompareWith => self.compare_with(v),
            Prompt::Param(i) => {
                let t = self.param_edit(i, v);
                let name = self.fields.get(i).map(|f| f.path.join(".")).unwrap_or_default();
                if !self.apply(t, &format!("set {name}")) {
                    // Keep the prompt open with the message, so nothing typed is lost.
                    self.set_input(Prompt::Param(i), value);
                }
            }
        }
    }

    // ---- edits -------------------------------------------------------------------------------------------------

    /// Reads edited text as the open plan would be read: the plan, or the first problem as a message.
    fn check(&self, text: &str) -> Result<Plan, String> {
        plan::parse(text, &self.eval.origin, self.eval.catalog()).map_err(|d| first_problem(&d))
    }

    /// Edited text, read and evaluated: the plan the app would show, or the first problem.
    fn evaluate(&self, text: String) -> Result<Evaluation, String> {
        self.eval.edited(text).map_err(|d| first_problem(&d))
    }

    /// Makes an edit if the result is a valid plan: one undo step, re-evaluated. Returns whether it was made.
    pub fn apply(&mut self, new_text: Result<String, EditError>, what: &str) -> bool {
        let text = match new_text {
            Ok(t) => t,
            Err(e) => {
                self.error(format!("{what}: {e}"));
                return false;
            }
        };
        if text == self.eval.text {
            return false;
        }
        match self.evaluate(text) {
            Ok(eval) => {
                let before = self.eval.outcome.sites.get(self.cursor.site).map(|s| s.it_kw);
                let old = self.set_eval(eval);
                self.undo.push(old.text);
                self.redo.clear();
                let impact = match (before, self.eval.outcome.sites.get(self.cursor.site)) {
                    (Some(b), Some(s)) => format!(
                        " · site IT {}{} kW → {} MW · facility peak {} MW · headroom {} MW",
                        if s.it_kw >= b { "+" } else { "" },
                        crate::tables::number(s.it_kw - b),
                        crate::tables::number(kw_to_mw(s.it_kw)),
                        crate::tables::number(kw_to_mw(s.facility_kw_peak)),
                        crate::tables::number(s.headroom_mw)
                    ),
                    _ => String::new(),
                };
                self.info(format!("{what}{impact}"));
                true
            }
            Err(e) => {
                self.error(format!("{what}: not applied: {e}"));
                false
            }
        }
    }

    /// Shows a newly evaluated plan in place of the open one, which it returns.
    fn set_eval(&mut self, eval: Evaluation) -> Evaluation {
        let old = std::mem::replace(&mut self.eval, eval);
        self.monte_carlo = None;
        let scenarios = self.eval.plan.supply.as_ref().map_or(0, |s| s.scenarios.len());
        self.scenario = self.scenario.min(scenarios.saturating_sub(1));
        self.clamp_cursor();
        self.refresh_fields();
        self.refresh_curve();
        self.refresh_compare();
        old
    }

    /// The throughput-interactivity curve of the selected platform and model (Inference screen).
    fn refresh_curve(&mut self) {
        self.curve.clear();
        let (Some(w), Ok(inf)) = (self.eval.plan.workload.as_ref(), self.eval.comparison()) else { return };
        self.inf_model = self.inf_model.min(w.mix.len().saturating_sub(1));
        self.inf_platform = self.inf_platform.min(inf.platforms.len().saturating_sub(1));
        let (Some(share), Some(c)) = (w.mix.get(self.inf_model), inf.platforms.get(self.inf_platform)) else { return };
        // The comparison served every platform of it, so this does not fail; if it did, the chart stays empty.
        let shape = crate::model::fleet_inference::Request::of(w).shape();
        if let Ok((s, _)) =
            crate::model::fleet_inference::serving(self.eval.catalog(), &c.platform, &share.model, &shape)
        {
            self.curve = s.curve();
        }
    }

    /// The Compare screen's rows: the comparison source against the open plan.
    fn refresh_compare(&mut self) {
        let Some(other) = self.compare_with.as_ref() else { return };
        let scenario = other.scenario.as_ref().and(self.scenario_name());
        let this = Side { eval: &self.eval, scenario: scenario.as_deref() };
        self.compare_rows = crate::compare::diff_rows(other.into(), this);
    }

    /// Loads what to compare with: a plan file, or `@scenario` for this plan in another supply scenario.
    fn compare_with(&mut self, what: &str) {
        let source = if let Some(sc) = what.strip_prefix('@') {
            let Ok(mut other) = self.eval.clone().in_scenario(sc) else {
                return self.error(format!("no supply scenario named \"{sc}\" in this plan"));
            };
            other.shown = format!("{}@{sc}", self.file_label());
            Ok(other)
        } else {
            let path = PathBuf::from(what);
            crate::input::read_text(&path).map_err(|e| format!("{}: {e}", path.display())).and_then(|text| {
                Evaluation::from_text(text, Origin::file(&path), self.eval.catalog_arc()).map_err(|d| d.headline())
            })
        };
        match source {
            Ok(s) => {
                let shown = s.shown.clone();
                self.compare_with = Some(s);
                self.refresh_compare();
                self.tab = Tab::Compare;
                self.info(format!("comparing with {shown}"));
            }
            Err(e) => self.error(format!("compare: {e}")),
        }
    }

    /// Undo (`back`) or redo one step. A step whose text no longer loads (a weather file it names was removed
    /// since) stays where it was, with the loader's message.
    fn step_history(&mut self, back: bool) {
        fn stacks(app: &mut App, back: bool) -> (&mut Vec<String>, &mut Vec<String>) {
            if back { (&mut app.undo, &mut app.redo) } else { (&mut app.redo, &mut app.undo) }
        }
        let Some(text) = stacks(self, back).0.pop() else {
            return self.info(if back { "nothing to undo" } else { "nothing to redo" });
        };
        match self.eval.edited(text.clone()) {
            Ok(eval) => {
                let current = self.set_eval(eval);
                stacks(self, back).1.push(current.text);
                self.info(if back { "undone" } else { "redone" });
            }
            Err(d) => {
                stacks(self, back).0.push(text);
                self.error(first_problem(&d));
            }
        }
    }

    fn brush_symbol(&self) -> Option<char> {
        self.eval.plan.legend.get(self.brush).map(|r| r.symbol)
    }

    pub fn current_row_name(&self) -> Option<String> {
        self.hall()?.rows.get(self.cursor.row).map(|r| r.name.clone())
    }

    /// A row's slots as the characters of the plan file.
    fn row_string(&self, hall: usize, row: usize) -> Option<String> {
        let r = self.eval.plan.sites.get(self.cursor.site)?.halls.get(hall)?.rows.get(row)?;
        Some(r.slots.iter().map(|s| s.map_or(EMPTY_SLOT, |id| self.eval.plan.legend[usize::from(id)].symbol)).collect())
    }

    /// The selected rectangle's cells, or the cursor's whole row.
    fn selection_or_row(&self) -> Vec<(usize, usize)> {
        let (r0, s0) = self.anchor.unwrap_or((self.cursor.row, 0));
        let (r1, s1) = match self.anchor {
            Some(_) => (self.cursor.row, self.cursor.slot),
            None => (self.cursor.row, self.hall_width() - 1),
        };
        let mut v = Vec::new();
        for r in r0.min(r1)..=r0.max(r1) {
            for s in s0.min(s1)..=s0.max(s1) {
                v.push((r, s));
            }
        }
        v
    }

    fn hall_cells(&self, hall: usize) -> Vec<(usize, usize)> {
        let Some(h) = self.eval.plan.sites.get(self.cursor.site).and_then(|s| s.halls.get(hall)) else {
            return Vec::new();
        };
        h.rows.iter().enumerate().flat_map(|(r, row)| (0..row.slots.len()).map(move |s| (r, s))).collect()
    }

    /// Text with the given cells of hall `hall` set to `symbol` (rows grow with empty slots as needed).
    fn cells_text(&self, text: &str, hall: usize, cells: &[(usize, usize)], symbol: char) -> Result<String, EditError> {
        let inside = |&(r, s): &(usize, usize)| self.row_string(hall, r).is_some_and(|row| s < row.chars().count());
        if !cells.iter().any(inside) {
            return Err(EditError::Invalid("no slot there: the row ends before it".into()));
        }
        let mut rows: Vec<(usize, Vec<char>)> = Vec::new();
        for &(r, s) in cells {
            let i = match rows.iter().position(|(row, _)| *row == r) {
                Some(i) => i,
                None => {
                    let chars =
                        self.row_string(hall, r).ok_or_else(|| EditError::NotFound(format!("row {}", r + 1)))?;
                    rows.push((r, chars.chars().collect()));
                    rows.len() - 1
                }
            };
            // A row is as long as the plan says (its rack positions): a cell past its end is not a slot, and no edit
            // lengthens a row.
            if let Some(slot) = rows[i].1.get_mut(s) {
                *slot = symbol;
            }
        }

        let mut t = text.to_string();
        let h = &self.eval.plan.sites[self.cursor.site].halls[hall];
        for (r, chars) in rows {
            let s: String = chars.into_iter().collect();
            t = edit::set_row(&t, self.cursor.site, hall, &h.rows[r].name, &s)?;
        }
        Ok(t)
    }

    fn set_cells(&mut self, cells: &[(usize, usize)], symbol: Option<char>, what: &str) {
        let Some(symbol) = symbol else { return self.error("the legend is empty: nothing to place") };
        if self.hall().is_none_or(|h| h.rows.is_empty()) {
            return self.error("this hall has no rows: add one first");
        }
        let t = self.cells_text(&self.eval.text, self.cursor.hall, cells, symbol);
        self.apply(t, what);
    }

    fn cycle(&mut self) {
        let Some(h) = self.hall() else { return };
        let cur = h.rows.get(self.cursor.row).and_then(|r| r.slots.get(self.cursor.slot).copied().flatten());
        let n = self.eval.plan.legend.len();
        let next = match cur {
            None => self.eval.plan.legend.first().map(|r| r.symbol),
            Some(id) if usize::from(id) + 1 < n => Some(self.eval.plan.legend[usize::from(id) + 1].symbol),
            Some(_) => Some(EMPTY_SLOT),
        };
        self.set_cells(&[(self.cursor.row, self.cursor.slot)], next, "cycle");
    }

    /// Fills empty cells of the current hall with the brush, in reading order, as far as every limit allows: each
    /// row's busway, the hall's IT limit, and the site's grid envelope (or `target_mw` of IT).
    fn fill(&mut self, cells: Vec<(usize, usize)>, target_mw: Option<f64>, what: &str) {
        let hall = self.cursor.hall;
        let result = self.fill_plan(&[(hall, cells)], target_mw);
        self.apply_fill(result, what);
    }

    fn fill_site(&mut self, target_mw: Option<f64>) {
        let halls: Vec<(usize, Vec<(usize, usize)>)> =
            (0..self.halls_of(self.cursor.site)).map(|h| (h, self.hall_cells(h))).collect();
        let what = target_mw.map_or_else(|| "fill site".to_string(), |mw| format!("fill site to {mw} MW IT"));
        let result = self.fill_plan(&halls, target_mw);
        self.apply_fill(result, &what);
    }

    fn apply_fill(&mut self, result: Result<(String, usize), String>, what: &str) {
        match result {
            Ok((t, n)) if n > 0 => {
                self.apply(Ok(t), &format!("{what}: {n} racks placed"));
            }
            Ok(_) => self.info(format!("{what}: no rack fits (no empty slot, or a limit is reached)")),
            Err(e) => self.error(format!("{what}: {e}")),
        }
    }

    /// The fill as text, and how many racks it places. Row and hall limits are linear in rack kW and are applied
    /// slot by slot; the grid envelope (or IT target) is then met by bisection over how many of those racks to place,
    /// evaluating the plan with the model each time.
    fn fill_plan(
        &self,
        halls: &[(usize, Vec<(usize, usize)>)],
        target_mw: Option<f64>,
    ) -> Result<(String, usize), String> {
        let Some(brush) = self.eval.plan.legend.get(self.brush) else { return Err("the legend is empty".into()) };
        let site = &self.eval.plan.sites[self.cursor.site];
        let so = &self.eval.outcome.sites[self.cursor.site];
        let net = 1.0 + site.settings.network_storage_frac;
        let mut chosen: Vec<(usize, usize, usize)> = Vec::new();
        let mut row_offset = 0;
        for (hi, h) in site.halls.iter().enumerate() {
            let mut hall_it_kw = so.halls[hi].it_kw;
            if let Some((_, cells)) = halls.iter().find(|(x, _)| *x == hi) {
                let mut row_kw: Vec<f64> = (0..h.rows.len()).map(|r| so.rows[row_offset + r].it_kw).collect();
                for &(r, s) in cells {
                    let empty = h.rows.get(r).is_some_and(|row| row.slots.get(s).is_none_or(|x| x.is_none()));
                    if !empty {
                        continue;
                    }
                    if h.row_busway_kw.is_some_and(|b| row_kw[r] + brush.rack_kw > b + 1e-9) {
                        continue;
                    }
                    if h.it_mw_max.is_some_and(|m| hall_it_kw + brush.rack_kw * net > mw_to_kw(m) + 1e-9) {
                        continue;
                    }
                    row_kw[r] += brush.rack_kw;
                    hall_it_kw += brush.rack_kw * net;
                    chosen.push((hi, r, s));
                }
            }
            row_offset += h.rows.len();
        }
        let text_with = |k: usize| -> Result<String, String> {
            let mut t = self.eval.text.clone();
            for (hi, _) in halls {
                let cells: Vec<(usize, usize)> =
                    chosen[..k].iter().filter(|(h, ..)| h == hi).map(|(_, r, s)| (*r, *s)).collect();
                if !cells.is_empty() {
                    t = self.cells_text(&t, *hi, &cells, brush.symbol).map_err(|e| e.to_string())?;
                }
            }
            Ok(t)
        };
        let fits = |k: usize| -> Result<bool, String> {
            let t = text_with(k)?;
            let p = self.check(&t)?;
            let o = model::evaluate_site(&p, &p.sites[self.cursor.site]);
            // Every fill respects the grid envelope; a target adds its IT limit.
            let within_grid = o.facility_kw_peak <= mw_to_kw(p.sites[self.cursor.site].grid_mw) + 1e-6;
            Ok(within_grid && target_mw.is_none_or(|mw| o.it_kw <= mw_to_kw(mw) + 1e-6))
        };
        // Largest k in 0..=n that fits; facility power and IT only grow with k.
        let (mut lo, mut hi) = (0, chosen.len());
        if !fits(0)? {
            return Ok((self.eval.text.clone(), 0));
        }
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if fits(mid)? {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Ok((text_with(lo)?, lo))
    }

    fn add_hall(&mut self) {
        let c = self.cursor;
        let Some(site) = self.eval.plan.sites.get(c.site) else { return };
        let mut n = site.halls.len() + 1;
        let name = loop {
            let candidate = format!("Hall {n:02}");
            if !site.halls.iter().any(|h| h.name == candidate) {
                break candidate;
            }
            n += 1;
        };
        let (energised, rows) = match site.halls.get(c.hall) {
            Some(h) => (
                h.energised.to_string(),
                h.rows.iter().map(|r| (r.name.clone(), EMPTY_SLOT.to_string().repeat(r.slots.len().max(1)))).collect(),
            ),
            // No hall to copy: one empty row of the catalogue's row length, energised the quarter after today's.
            None => {
                let width = self.eval.catalog().layout.racks_per_row;
                (
                    crate::propose::next_quarter().to_string(),
                    vec![("R01".to_string(), EMPTY_SLOT.to_string().repeat(width))],
                )
            }
        };
        let after = if site.halls.is_empty() { None } else { Some(c.hall) };
        let t = edit::add_hall(&self.eval.text, c.site, after, &name, &energised, &rows);
        if self.apply(t, &format!("add {name}")) {
            self.cursor.hall = after.map_or(0, |h| h + 1);
            self.cursor.row = 0;
            self.clamp_cursor();
        }
    }

    fn add_row(&mut self) {
        let c = self.cursor;
        let Some(h) = self.hall() else { return self.error("no hall here: add one first") };
        let name = next_row_name(h.rows.iter().map(|r| r.name.as_str()).collect(), self.current_row_name().as_deref());
        let width = self.hall_width();
        let after = if h.rows.is_empty() { None } else { Some(c.row) };
        let t = edit::insert_row(&self.eval.text, c.site, c.hall, after, &name, &EMPTY_SLOT.to_string().repeat(width));
        if self.apply(t, &format!("add row {name}")) {
            self.cursor.row = after.map_or(0, |r| r + 1);
            self.clamp_cursor();
        }
    }

    // ---- files -------------------------------------------------------------------------------------------------

    fn save(&mut self, overwrite: bool) {
        let Some(path) = self.path.clone() else {
            return self.prompt(Prompt::SaveAs, String::new());
        };
        if !overwrite {
            // Compare bytes, not text: a teammate's edit that is not valid UTF-8 is still a change to keep.
            match crate::input::read_bytes(&path) {
                Ok(disk) if disk != self.saved_text.as_bytes() => {
                    self.mode = Mode::Confirm(Confirm::ChangedOnDisk);
                    return;
                }
                Ok(_) => {}
                // Deleted since: writing it again loses nothing.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                // Unreadable: whether it changed cannot be known, so it is not overwritten.
                Err(e) => {
                    return self
                        .error(format!("not saved: cannot read {} to check it is unchanged: {e}", path.display()));
                }
            }
        }
        self.write(&path);
    }

    fn save_as(&mut self, path: PathBuf) {
        // Weather files and a user catalogue named by relative paths are rewritten relative to the new folder, so
        // the saved plan still finds them.
        let new_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let old_dir = self.eval.origin.base_dir.clone();
        let moved = |reference: &str| -> Option<String> {
            let old = old_dir.as_ref()?;
            let p = Path::new(reference);
            (!p.is_absolute() && reference.contains(['/', '\\', '.']))
                .then(|| plan::document::relative_path(&old.join(p), &new_dir).to_string_lossy().replace('\\', "/"))
        };
        let mut text = self.eval.text.clone();
        let mut rewritten = Vec::new();
        for (i, site) in self.eval.plan.sites.iter().enumerate() {
            if Catalog::climate(&site.climate_ref).is_some() {
                continue;
            }
            if let Some(new) = moved(&site.climate_ref).filter(|n| *n != site.climate_ref) {
                match edit::set_site_value(&text, i, &["climate"], &edit::string_literal(&new)) {
                    Ok(t) => {
                        text = t;
                        rewritten.push(new);
                    }
                    Err(e) => return self.error(format!("not saved: {e}")),
                }
            }
        }
        let catalog = toml_edit::Document::parse(text.as_str())
            .ok()
            .and_then(|d| d.get("plan").and_then(|p| p.get("catalog")).and_then(|c| c.as_str().map(str::to_string)));
        if let Some(new) = catalog.as_deref().and_then(|c| moved(c).filter(|n| n != c)) {
            match edit::set_plan_value(&text, "catalog", &edit::string_literal(&new)) {
                Ok(t) => {
                    text = t;
                    rewritten.push(new);
                }
                Err(e) => return self.error(format!("not saved: {e}")),
            }
        }
        // Check the rewritten plan from its new folder, write it, and only then take it as the open plan.
        let eval = match Evaluation::from_text(text, Origin::file(&path), self.eval.catalog_arc()) {
            Ok(e) => e,
            Err(d) => return self.error(format!("not saved: from the new folder the plan does not load: {d}")),
        };
        if let Err(e) = plan::document::write_atomic(&path, eval.text.as_bytes()) {
            return self.error(format!("not saved: {}: {e}", path.display()));
        }
        // The plan now reads from its new folder; its text changed only if paths were rewritten.
        self.path = Some(path.clone());
        let old = self.set_eval(eval);
        if old.text != self.eval.text {
            self.undo.push(old.text);
        }
        self.saved_text = self.eval.text.clone();
        let moved = if rewritten.is_empty() {
            String::new()
        } else {
            format!("; paths rewritten for the new folder: {}", rewritten.join(", "))
        };
        self.info(format!("saved {}{moved}", path.display()));
    }

    fn write(&mut self, path: &Path) -> bool {
        match plan::document::write_atomic(path, self.eval.text.as_bytes()) {
            Ok(()) => {
                self.saved_text = self.eval.text.clone();
                self.info(format!("saved {}", path.display()));
                true
            }
            Err(e) => {
                self.error(format!("not saved: {}: {e}", path.display()));
                false
            }
        }
    }

    /// Writes a proposed plan (never over an existing file) and opens it in place of the current one.
    /// Returns whether the plan was written and opened.
    fn new_plan(&mut self, line: &str) -> bool {
        let layout = self.eval.catalog().layout;
        let request =
            crate::propose::parse_request(line, crate::propose::next_quarter(), layout).map_err(|e| e.to_string());
        let result = request.and_then(|(path, p)| {
            if path.exists() {
                return Err(format!("{} exists; not overwriting it", path.display()));
            }
            let text = crate::propose::propose(&p, self.eval.catalog()).map_err(|e| e.for_the_user("climate"))?;
            plan::document::write_atomic(&path, text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
            let eval =
                Evaluation::from_text(text, Origin::file(&path), self.eval.catalog_arc()).map_err(|d| d.headline())?;
            Ok((path, eval))
        });
        match result {
            Ok((path, eval)) => {
                self.saved_text = eval.text.clone();
                self.undo.clear();
                self.redo.clear();
                self.cursor = Cursor::default();
                self.brush = 0;
                self.tab = Tab::Site;
                self.set_eval(eval);
                let racks = self.eval.outcome.sites.first().map_or(0, |s| s.racks);
                self.info(format!("wrote {} with {racks} racks; it is open", path.display()));
                self.path = Some(path);
                true
            }
            Err(e) => {
                self.error(format!("new plan: {e}"));
                false
            }
        }
    }

    /// What is wrong with a new-plan line as typed: its form, or a platform, profile or climate the catalogue does
    /// not have (a climate may also be a weather file that exists).
    fn new_plan_problem(&self, line: &str) -> Option<String> {
        let catalog = self.eval.catalog();
        let (_, p) = match crate::propose::parse_request(line, crate::propose::next_quarter(), catalog.layout) {
            Ok(r) => r,
            Err(e) => return Some(e.to_string()),
        };
        let Some(platform) = catalog.platform(&p.platform) else {
            let ids: Vec<&str> = catalog.platforms.keys().map(String::as_str).collect();
            return Some(format!("unknown platform \"{}\"; expected one of: {}", p.platform, ids.join(", ")));
        };
        if let Some(profile) = p.profile.as_deref().filter(|x| !platform.profiles.contains_key(*x)) {
            let names: Vec<&str> = platform.profiles.keys().map(String::as_str).collect();
            return Some(format!(
                "{} has no profile \"{profile}\"; expected one of: {}",
                platform.id,
                names.join(", ")
            ));
        }
        if Catalog::climate(&p.climate).is_none() && !Path::new(&p.climate).is_file() {
            let ids: Vec<&str> = Catalog::climate_ids().collect();
            return Some(format!(
                "unknown climate \"{}\"; expected one of {} or a weather file's path",
                p.climate,
                ids.join(", ")
            ));
        }
        None
    }

    /// The plan text with a legend entry added from `SYMBOL PLATFORM[@PROFILE]`.
    fn brush_text(&self, line: &str) -> Result<String, String> {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [symbol, rack] = parts[..] else {
            return Err("expected SYMBOL PLATFORM[@PROFILE], e.g. H gb300-nvl72@max-q".into());
        };
        if symbol.chars().count() != 1 {
            return Err(format!("a symbol is one character, not \"{symbol}\""));
        }
        if self.eval.plan.legend.iter().any(|r| r.symbol.to_string() == symbol) {
            return Err(format!("{symbol} is already in the legend"));
        }
        edit::set_legend_value(&self.eval.text, symbol, &edit::string_literal(rack)).map_err(|e| e.to_string())
    }

    fn reload(&mut self) {
        let Some(path) = self.path.clone() else { return self.error("the bundled plan has no file to reload") };
        match crate::input::read_text(&path) {
            // The file's problem with its place (file:line:col), as the command line would print it.
            Ok(disk) => match self.eval.edited(disk.clone()).map_err(|d| d.headline()) {
                Ok(eval) => {
                    // The file on disk is the new starting point: undoing past it would silently bring back the text
                    // it replaced (and a save would then undo a teammate's change), so history starts again here.
                    self.set_eval(eval);
                    self.undo.clear();
                    self.redo.clear();
                    self.saved_text = disk;
                    self.info(format!("reloaded {}; undo history starts here", path.display()));
                }
                Err(e) => self.error(format!("not reloaded, the file on disk has a problem: {e}")),
            },
            Err(e) => self.error(format!("not reloaded: {e}")),
        }
    }
}

/// What the Inference screen shows: tokens and cost per token of the plan, and the platform comparison.
#[derive(Debug, Clone, Copy)]
pub struct Inference<'a> {
    pub sites: &'a [crate::model::fleet_inference::SiteInference],
    pub comparison: &'a crate::evaluation::Comparison,
}

impl App {
    /// The plan's inference figures, or why there are none (no workload, a model the platforms cannot serve).
    pub fn inference(&self) -> Result<Inference<'_>, String> {
        let sites = self.eval.sites_inference().map_err(ToString::to_string)?;
        let comparison = self.eval.comparison().map_err(ToString::to_string)?;
        Ok(Inference { sites, comparison })
    }
}

/// A fill target as typed: a finite number of MW above 0 (`inf` is no target).
fn fill_target_mw(value: &str) -> Result<f64, String> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
        .ok_or_else(|| "expected a number of MW above 0".to_string())
}

/// The first problem of a plan that does not load, as one line: key and message.
fn first_problem(d: &plan::Diagnostics) -> String {
    match d.0.first() {
        None => "invalid plan".into(),
        Some(e) if e.key.is_empty() => e.message.clone(),
        Some(e) => format!("{}: {}", e.key, e.message),
    }
}

/// A new row name: the current row's name with its trailing number + 1 (keeping its width), unique in the hall.
fn next_row_name(existing: Vec<&str>, current: Option<&str>) -> String {
    let base = current.unwrap_or("R00");
    let digits = base.chars().rev().take_while(char::is_ascii_digit).count();
    let (prefix, num) = base.split_at(base.len() - digits);
    let width = digits.max(2);
    let mut n: u64 = num.parse().unwrap_or(0) + 1;
    loop {
        let candidate = format!("{prefix}{n:0width$}");
        if !existing.contains(&candidate.as_str()) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_row_names_continue_the_numbering() {
        assert_eq!(next_row_name(vec!["A01", "A02"], Some("A02")), "A03");
        assert_eq!(next_row_name(vec!["A01", "A02", "A03"], Some("A02")), "A04");
        assert_eq!(next_row_name(vec![], None), "R01");
        assert_eq!(next_row_name(vec!["Row"], Some("Row")), "Row01");
    }
}
