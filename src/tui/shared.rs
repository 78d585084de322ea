//! What every screen shares: the open plan (a `Document`), the key map, the cursor (site, hall, row, slot), the
//! selection and brush of the layout editors, the clipboard, the selected supply scenario, the last message and the
//! terminal's size; and what a screen asks the app to do for it (`Effect`): open a prompt or a question, or go to
//! another screen. Screens take `&mut Shared`, never the app, so no screen reaches into another.

use ratatui::layout::Rect;

use super::document::Document;
use super::keymap::{Action, Keymap};
use fleetplan_core::plan::edit::EditError;
use fleetplan_core::plan::{self, EMPTY_SLOT};
use fleetplan_core::units::kw_to_mw;

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

/// Where the cursor is: a slot of a row of a hall of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cursor {
    pub site: usize,
    pub hall: usize,
    pub row: usize,
    pub slot: usize,
}

/// What was copied: a row's slots, or a whole hall.
#[derive(Debug, Clone, PartialEq)]
pub enum Clip {
    /// A row's slots as the plan file writes them, and the row's name (for messages).
    Row { name: String, slots: String },
    Hall {
        name: String,
        energised: String,
        it_mw_max: Option<f64>,
        row_busway_kw: Option<f64>,
        cdu_kw: Option<f64>,
        rows: Vec<(String, String)>,
    },
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
    /// A setting of the Parameters screen: its index there and its key as shown.
    Param(usize, String),
    /// `SYMBOL PLATFORM[@PROFILE]`: a legend entry (a brush).
    AddBrush,
    /// Words the Parameters screen's settings are filtered by (key or help), as typed.
    ParamFilter,
}

impl Prompt {
    pub fn title(&self) -> String {
        match self {
            Prompt::RenameHall => "New hall name".into(),
            Prompt::RenameRow => "New row name".into(),
            Prompt::Energised => "Quarter the hall is energised (e.g. 2027Q3)".into(),
            Prompt::FillTargetMw => "Fill the site up to this IT load, MW".into(),
            Prompt::SaveAs => "Save as (path)".into(),
            Prompt::NewPlan => "New plan: PATH MW PLATFORM CLIMATE (e.g. mysite.toml 50 vr-nvl72 greensboro-nc)".into(),
            Prompt::CompareWith => "Compare with: a plan file, or @scenario of this plan".into(),
            Prompt::Param(_, label) => label.clone(),
            Prompt::AddBrush => "New brush: SYMBOL PLATFORM[@PROFILE] (e.g. H gb300-nvl72@max-q)".into(),
            Prompt::ParamFilter => "Show the settings whose key or help has (empty: all)".into(),
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
    /// A recovery file of unsaved edits from a session that was stopped: restore, discard, or keep it for later.
    Recover,
}

/// An open list of values for a setting of the Parameters screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// Index into the screen's fields, and the key as shown.
    pub field: usize,
    pub label: String,
    pub options: Vec<String>,
    pub selected: usize,
}

/// What a screen asks the app to do after handling a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Done (or nothing to do).
    Done,
    /// The screen has no use for the key.
    Ignored,
    /// Open a prompt with this text in it.
    Prompt(Prompt, String),
    Confirm(Confirm),
    /// Open a list of values to pick from.
    Pick(Pick),
    Goto(Tab),
}

pub struct Shared {
    pub doc: Document,
    pub keymap: Keymap,
    pub cursor: Cursor,
    /// Other corner of a rectangle selection in the current hall: (row, slot).
    pub anchor: Option<(usize, usize)>,
    /// Legend index placed by `place` and the fills.
    pub brush: usize,
    /// The row or hall last copied, for paste.
    pub clip: Option<Clip>,
    /// Selected supply scenario; every screen shows its completion quarters.
    pub scenario: usize,
    /// The last message, and whether it is an error.
    pub message: Option<(String, bool)>,
    /// Every message of the session, oldest first (the last `LOG_LEN`), for the message log.
    pub log: std::collections::VecDeque<Logged>,
    /// Whether the last message is an error the user has not yet seen whole (a key dismisses it).
    pub popup: bool,
    /// Whether the last frame drew that error in a popup (it did not fit the status line), so the next key only
    /// dismisses it.
    pub popup_drawn: std::cell::Cell<bool>,
    /// The clock messages are stamped with (a fixed one in tests).
    pub clock: fn() -> std::time::SystemTime,
    /// The last frame's size, for mouse hit-testing with the same layout the renderer used.
    pub area: Rect,
}

/// How many messages the log keeps.
pub const LOG_LEN: usize = 500;

/// A message of the log: when it was given, its text, whether it was an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Logged {
    pub at: std::time::SystemTime,
    pub text: String,
    pub error: bool,
}

impl Logged {
    /// The time of day it was given, UTC: `14:03:27`.
    pub fn clock(&self) -> String {
        let s = self.at.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()) % 86_400;
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

impl Shared {
    pub fn info(&mut self, m: impl Into<String>) {
        self.say(m.into(), false);
    }

    pub fn error(&mut self, m: impl Into<String>) {
        self.say(m.into(), true);
    }

    fn say(&mut self, text: String, error: bool) {
        if self.log.len() == LOG_LEN {
            self.log.pop_front();
        }
        self.log.push_back(Logged { at: (self.clock)(), text: text.clone(), error });
        self.popup = error;
        self.message = Some((text, error));
    }

    /// Name of the selected supply scenario.
    pub fn scenario_name(&self) -> Option<String> {
        self.doc.eval.plan.supply.as_ref()?.scenarios.get(self.scenario).map(|s| s.name.clone())
    }

    /// The quarter a hall is complete in the selected scenario, or `not by <last quarter>`.
    pub fn hall_complete(&self, site: usize, hall: usize) -> Option<String> {
        let s = self.doc.eval.plan.supply.as_ref()?;
        let t = &self.doc.eval.supply()?.scenarios.get(self.scenario)?.timeline;
        let q = *t.hall_complete.get(site)?.get(hall)?;
        Some(q.map_or_else(|| format!("not by {}", s.quarter(s.quarters - 1)), |q| s.quarter(q).to_string()))
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
                kw += self.doc.eval.plan.legend[usize::from(*id)].rack_kw;
            }
        }
        Some((cells.len(), racks, kw_to_mw(kw)))
    }

    pub fn halls_of(&self, site: usize) -> usize {
        self.doc.eval.plan.sites.get(site).map_or(0, |s| s.halls.len())
    }

    pub fn hall(&self) -> Option<&plan::Hall> {
        self.doc.eval.plan.sites.get(self.cursor.site)?.halls.get(self.cursor.hall)
    }

    /// Number of slot columns in the current hall (its longest row, at least 1).
    pub fn hall_width(&self) -> usize {
        self.hall().map_or(1, |h| h.rows.iter().map(|r| r.slots.len()).max().unwrap_or(0).max(1))
    }

    pub fn select_hall(&mut self, site: usize, hall: usize) {
        self.cursor = Cursor { site, hall, row: 0, slot: 0 };
        self.anchor = None;
    }

    /// Every hall of the fleet in order: (site, hall).
    pub fn fleet_halls(&self) -> Vec<(usize, usize)> {
        (0..self.doc.eval.plan.sites.len()).flat_map(|s| (0..self.halls_of(s)).map(move |h| (s, h))).collect()
    }

    /// The next (`step` 1) or previous (-1) hall in fleet order, across sites, wrapping at the ends.
    pub fn step_hall(&mut self, step: isize) {
        let flat = self.fleet_halls();
        if flat.is_empty() {
            return self.info(format!("no hall: add one with {}", self.keymap.key_of(Action::AddHall)));
        }
        let i = flat.iter().position(|x| *x == (self.cursor.site, self.cursor.hall)).unwrap_or(0) as isize;
        let (s, h) = flat[(i + step).rem_euclid(flat.len() as isize) as usize];
        self.select_hall(s, h);
        let site = &self.doc.eval.plan.sites[s];
        self.info(format!("{} · {} (hall {} of {})", site.name, site.halls[h].name, h + 1, site.halls.len()));
    }

    /// The next or previous site, on its first hall.
    pub fn step_site(&mut self, next: bool) {
        let n = self.doc.eval.plan.sites.len();
        if n < 2 {
            return self.info("this plan has one site");
        }
        let s = if next { (self.cursor.site + 1) % n } else { (self.cursor.site + n - 1) % n };
        self.select_hall(s, 0);
        self.info(format!("site {} of {n}: {}", s + 1, self.doc.eval.plan.sites[s].name));
    }

    /// The next or previous supply scenario; every screen follows it.
    pub fn step_scenario(&mut self, next: bool) {
        let n = self.doc.eval.plan.supply.as_ref().map_or(0, |s| s.scenarios.len());
        if n == 0 {
            return self.error("this plan has no [supply] section");
        }
        self.scenario = if next { (self.scenario + 1) % n } else { (self.scenario + n - 1) % n };
        let name = self.scenario_name().unwrap_or_default();
        self.info(format!("scenario {name}: every screen shows its supply timeline"));
    }

    /// Keeps the cursor on something that exists after an edit.
    pub fn clamp_cursor(&mut self) {
        let sites = &self.doc.eval.plan.sites;
        let c = &mut self.cursor;
        c.site = c.site.min(sites.len().saturating_sub(1));
        let halls = sites.get(c.site).map_or(0, |s| s.halls.len());
        c.hall = c.hall.min(halls.saturating_sub(1));
        let rows = sites.get(c.site).and_then(|s| s.halls.get(c.hall)).map_or(0, |h| h.rows.len());
        c.row = c.row.min(rows.saturating_sub(1));
        let w = self.hall_width();
        self.cursor.slot = self.cursor.slot.min(w - 1);
        let scenarios = self.doc.eval.plan.supply.as_ref().map_or(0, |s| s.scenarios.len());
        self.scenario = self.scenario.min(scenarios.saturating_sub(1));
    }

    /// Makes an edit if the result is a valid plan: one undo step, re-evaluated, and a message saying what it did
    /// to the site's IT, facility peak and headroom. Returns whether it was made.
    pub fn apply(&mut self, new_text: Result<String, EditError>, what: &str) -> bool {
        let text = match new_text {
            Ok(t) => t,
            Err(e) => {
                self.error(format!("{what}: {e}"));
                return false;
            }
        };
        if text == self.doc.eval.text {
            return false;
        }
        match self.doc.evaluate(text) {
            Ok(eval) => {
                let site = self.cursor.site;
                let before = self.doc.eval.outcome.sites.get(site).map(|s| (s.rack_it_kw, s.it_kw, s.facility_kw_peak));
                // Findings by site, kind and place (not by message: a finding whose overrun moved is not new).
                let keys = |o: &fleetplan_core::model::Outcome| -> Vec<(usize, fleetplan_core::model::FindingKey)> {
                    o.sites
                        .iter()
                        .enumerate()
                        .flat_map(|(i, s)| s.violations.iter().map(move |v| (i, v.key())))
                        .collect()
                };
                let findings_before = keys(&self.doc.eval.outcome);
                if let Err(e) = self.doc.commit(eval, what) {
                    self.error(format!("{what}: not applied: {e}"));
                    return false;
                }
                self.clamp_cursor();
                let impact = match (before, self.doc.eval.outcome.sites.get(site)) {
                    // What the edit did to the site: rack IT, and IT with network and storage on top, when it
                    // moved; else the facility peak (a setting that changes losses or cooling).
                    (Some((rack, it, _)), Some(s)) if (s.it_kw - it).abs() > 1e-6 => format!(
                        " · IT {} kW racks, {} kW with network → {} MW · facility peak {} MW · headroom {} MW",
                        signed_kw(s.rack_it_kw - rack),
                        signed_kw(s.it_kw - it),
                        fleetplan_core::tables::number(kw_to_mw(s.it_kw)),
                        fleetplan_core::tables::number(kw_to_mw(s.facility_kw_peak)),
                        fleetplan_core::tables::number(s.headroom_mw)
                    ),
                    (Some((_, _, peak)), Some(s)) => format!(
                        " · facility peak {} kW → {} MW · headroom {} MW",
                        signed_kw(s.facility_kw_peak - peak),
                        fleetplan_core::tables::number(kw_to_mw(s.facility_kw_peak)),
                        fleetplan_core::tables::number(s.headroom_mw)
                    ),
                    _ => String::new(),
                };
                // A limit the edit crossed is said with it (a fill stops at limits; a replace or paste may not).
                let new: Vec<String> = self
                    .doc
                    .eval
                    .outcome
                    .sites
                    .iter()
                    .enumerate()
                    .flat_map(|(i, s)| s.violations.iter().map(move |v| (i, v)))
                    .filter(|(i, v)| !findings_before.contains(&(*i, v.key())))
                    .map(|(_, v)| v.message.clone())
                    .collect();
                if new.is_empty() {
                    self.info(format!("{what}{impact}"));
                } else {
                    let more = if new.len() > 1 {
                        format!(" (and {} more: ! lists them)", new.len() - 1)
                    } else {
                        String::new()
                    };
                    self.error(format!("{what}{impact} · now over a limit: {}{more}", new[0]));
                }
                true
            }
            Err(e) => {
                self.error(format!("{what}: not applied: {e}"));
                false
            }
        }
    }

    /// Undo (`back`) or redo one step.
    pub fn step_history(&mut self, back: bool) {
        match self.doc.step(back) {
            Ok(Some(what)) => {
                self.clamp_cursor();
                let left = if back { self.doc.undo.len() } else { self.doc.redo.len() };
                let more = if left == 0 { String::new() } else { format!(" ({left} more)") };
                self.info(format!("{}: {what}{more}", if back { "undone" } else { "redone" }));
            }
            Ok(None) => self.info(if back { "nothing to undo" } else { "nothing to redo" }),
            Err(e) => self.error(format!("{} failed: {e}", if back { "undo" } else { "redo" })),
        }
    }

    pub fn brush_symbol(&self) -> Option<char> {
        self.doc.eval.plan.legend.get(self.brush).map(|r| r.symbol)
    }

    pub fn current_row_name(&self) -> Option<String> {
        self.hall()?.rows.get(self.cursor.row).map(|r| r.name.clone())
    }

    /// A row's slots as the characters of the plan file.
    pub fn row_string(&self, hall: usize, row: usize) -> Option<String> {
        let plan = &self.doc.eval.plan;
        let r = plan.sites.get(self.cursor.site)?.halls.get(hall)?.rows.get(row)?;
        Some(r.slots.iter().map(|s| s.map_or(EMPTY_SLOT, |id| plan.legend[usize::from(id)].symbol)).collect())
    }

    /// The selected rectangle's cells, or the cursor's whole row.
    pub fn selection_or_row(&self) -> Vec<(usize, usize)> {
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

    /// Every slot of hall `hall` of the cursor's site.
    pub fn hall_cells(&self, hall: usize) -> Vec<(usize, usize)> {
        let Some(h) = self.doc.eval.plan.sites.get(self.cursor.site).and_then(|s| s.halls.get(hall)) else {
            return Vec::new();
        };
        h.rows.iter().enumerate().flat_map(|(r, row)| (0..row.slots.len()).map(move |s| (r, s))).collect()
    }
}

/// What the Inference screen shows: tokens and cost per token of the plan, and the platform comparison.
#[derive(Debug, Clone, Copy)]
pub struct Inference<'a> {
    pub sites: &'a [fleetplan_core::model::fleet_inference::SiteInference],
    pub comparison: &'a fleetplan_core::evaluation::Comparison,
}

impl Shared {
    /// The plan's inference figures, or why there are none (no workload, a model the platforms cannot serve).
    pub fn inference(&self) -> Result<Inference<'_>, String> {
        let sites = self.doc.eval.sites_inference().map_err(ToString::to_string)?;
        let comparison = self.doc.eval.comparison().map_err(ToString::to_string)?;
        Ok(Inference { sites, comparison })
    }
}

/// A change in kW with its sign: `+147`, `-140`, `0`.
fn signed_kw(x: f64) -> String {
    let k = fleetplan_core::units::kw(x);
    if x.round() > 0.0 { format!("+{k}") } else { k }
}
