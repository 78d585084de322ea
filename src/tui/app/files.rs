//! The app's file actions: save (asking when the file changed on disk, and merging), save as, reload, and a new
//! plan from inside the app.

use std::path::{Path, PathBuf};

use super::{App, Confirm, Mode, Prompt, Tab};
use crate::tui::document::{Merged, Saved};
use crate::tui::shared::Cursor;
use fleetplan_core::catalog::Catalog;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::plan::{self, Origin};

impl App {
    /// Settles every overlap of a merge one way (the rest of both edits kept) and saves it.
    pub(super) fn settle_and_save(&mut self, marked: &str, disk: String, side: crate::tui::document::Side) {
        self.mode = Mode::Normal;
        let merged = crate::tui::document::settle(marked, side);
        match self.shared.doc.take_merge(merged, disk, side) {
            Ok(()) => {
                self.shared.clamp_cursor();
                self.save(false);
                if !self.shared.doc.dirty() {
                    let whose = if side == crate::tui::document::Side::Mine { "yours" } else { "theirs" };
                    let file = self.shared.doc.file_label();
                    self.shared.info(format!(
                        "merged and saved {file}: every change of both kept, {whose} where both changed a line"
                    ));
                }
            }
            Err(e) => self.shared.error(format!("not merged: {e}")),
        }
    }

    /// The name a save-as waits to overwrite, while it asks.
    pub fn pending_save_as(&self) -> Option<&Path> {
        self.pending_save_as.as_deref()
    }

    /// Merges the file on disk with the open plan's edits and saves the merge; overlapping edits are shown.
    pub(super) fn merge_and_save(&mut self) {
        match self.shared.doc.merge_disk() {
            Ok(Merged::Clean) => {
                self.shared.clamp_cursor();
                self.save(false);
                if !self.shared.doc.dirty() {
                    self.shared.info(format!(
                        "merged the changes on disk with yours and saved {}",
                        self.shared.doc.file_label()
                    ));
                }
            }
            Ok(Merged::Conflicts { conflicts, marked, disk }) => {
                self.mode = Mode::Merge { conflicts, marked, disk, scroll: 0 };
            }
            Err(e) => self.shared.error(format!("not merged: {e}")),
        }
    }

    // ---- files -------------------------------------------------------------------------------------------------

    pub(super) fn save(&mut self, overwrite: bool) {
        match self.shared.doc.save(overwrite) {
            Ok(Saved::Written(m)) => self.shared.info(m),
            Ok(Saved::ChangedOnDisk) => self.mode = Mode::Confirm(Confirm::ChangedOnDisk),
            Ok(Saved::NoPath) => self.prompt(Prompt::SaveAs, String::new()),
            Err(e) => self.shared.error(e),
        }
    }

    /// Save as a typed path: another file of that name is asked about first, as `new` refuses to overwrite.
    pub(super) fn save_as_prompted(&mut self, v: &str) {
        let path = PathBuf::from(v);
        if v.is_empty() {
            self.shared.error("no file name given; not saved");
        } else if path.exists() && self.shared.doc.path.as_deref() != Some(path.as_path()) {
            self.pending_save_as = Some(path);
            self.mode = Mode::Confirm(Confirm::OverwriteOther);
        } else {
            self.save_as(path);
        }
    }

    pub(super) fn save_as(&mut self, path: PathBuf) {
        match self.shared.doc.save_as(path) {
            Ok(m) => {
                self.shared.clamp_cursor();
                self.shared.info(m);
            }
            Err(e) => self.shared.error(e),
        }
    }

    pub(super) fn reload(&mut self) {
        match self.shared.doc.reload() {
            Ok(m) => {
                self.shared.clamp_cursor();
                self.shared.info(m);
            }
            Err(e) => self.shared.error(e),
        }
    }

    /// Writes a proposed plan (never over an existing file) and opens it in place of the current one.
    pub(super) fn new_plan(&mut self, line: &str) -> Result<(), String> {
        let catalog = self.shared.doc.eval.catalog_arc();
        let (path, p) =
            fleetplan_core::propose::parse_request(line, fleetplan_core::propose::next_quarter(), catalog.layout)
                .map_err(|e| format!("new plan: {e}"))?;
        if path.exists() {
            return Err(format!("new plan: {} exists; not overwriting it", path.display()));
        }
        let text = fleetplan_core::propose::propose(&p, &catalog)
            .map_err(|e| format!("new plan: {}", e.for_the_user("climate")))?;
        plan::document::write_file(&path, text.as_bytes()).map_err(|e| format!("new plan: {}: {e}", path.display()))?;
        let eval = Evaluation::from_text(text, Origin::file(&path), catalog).map_err(|d| d.headline())?;
        let racks = eval.outcome.sites.first().map_or(0, |s| s.racks);
        self.shared.info(format!("wrote {} with {racks} racks; it is open", path.display()));
        self.shared.doc.open_other(eval, path);
        self.shared.cursor = Cursor::default();
        self.shared.brush = 0;
        self.shared.clamp_cursor();
        self.tab = Tab::Site;
        Ok(())
    }

    /// What is wrong with a new-plan line as typed: its form, or a platform, profile or climate the catalogue does
    /// not have (a climate may also be a weather file that exists).
    pub(super) fn new_plan_problem(&self, line: &str) -> Option<String> {
        let catalog = self.shared.doc.eval.catalog();
        let (_, p) =
            match fleetplan_core::propose::parse_request(line, fleetplan_core::propose::next_quarter(), catalog.layout)
            {
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
}
