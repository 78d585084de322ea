//! Layout edits shared by the Site and Hall screens: slots set and cycled, fills within every limit (one bisection
//! with `fleetplan new`'s), halls and rows added, renamed, moved and removed, copy and paste, the brush replaced over
//! a selection, a brush added to the legend. Each is a text patch through `plan::edit`, checked and re-evaluated by
//! `Shared::apply` as one undo step.

use super::keymap::Action;
use super::shared::{Clip, Confirm, Cursor, Effect, Prompt, Shared};
use fleetplan_core::plan::edit::{self, EditError};
use fleetplan_core::plan::{EMPTY_SLOT, Quarter};

impl Shared {
    /// The hall and site actions both layout screens share. `Effect::Ignored` for any other.
    pub fn layout_action(&mut self, a: Action) -> Effect {
        let needs_hall = matches!(
            a,
            Action::RenameHall
                | Action::SetEnergised
                | Action::HallUp
                | Action::HallDown
                | Action::AddRow
                | Action::RenameRow
                | Action::RowUp
                | Action::RowDown
                | Action::RemoveHall
                | Action::CopyHall
        );
        // Hall and row actions need a hall: with none, say how to add one instead of opening a dialog that fails.
        if needs_hall && self.hall().is_none() {
            self.info(format!("this site has no hall: add one with {}", self.keymap.key_of(Action::AddHall)));
            return Effect::Done;
        }
        match a {
            Action::FillSite => self.fill_site(None),
            Action::FillTarget => return Effect::Prompt(Prompt::FillTargetMw, String::new()),
            Action::AddHall => self.add_hall(),
            Action::RemoveHall => return Effect::Confirm(Confirm::RemoveHall),
            Action::RenameHall => {
                let name = self.hall().map(|h| h.name.clone()).unwrap_or_default();
                return Effect::Prompt(Prompt::RenameHall, name);
            }
            Action::SetEnergised => {
                let q = self.hall().map(|h| h.energised.to_string()).unwrap_or_default();
                return Effect::Prompt(Prompt::Energised, q);
            }
            Action::HallUp | Action::HallDown => {
                let up = a == Action::HallUp;
                let (s, h) = (self.cursor.site, self.cursor.hall);
                let t = edit::move_hall(&self.doc.eval.text, s, h, up);
                if self.apply(t, "move hall") {
                    self.cursor.hall = if up { h.saturating_sub(1) } else { h + 1 };
                    self.clamp_cursor();
                }
            }
            Action::AddRow => self.add_row(),
            Action::RemoveRow if self.current_row_name().is_some() => return Effect::Confirm(Confirm::RemoveRow),
            Action::RenameRow => return Effect::Prompt(Prompt::RenameRow, self.current_row_name().unwrap_or_default()),
            Action::RowUp | Action::RowDown => {
                let up = a == Action::RowUp;
                let c = self.cursor;
                let t = edit::move_row(&self.doc.eval.text, c.site, c.hall, c.row, up);
                if self.apply(t, "move row") {
                    self.cursor.row = if up { c.row.saturating_sub(1) } else { c.row + 1 };
                    self.clamp_cursor();
                }
            }
            Action::CopyHall => self.copy_hall(),
            Action::Paste => self.paste(),
            Action::AddBrush => return Effect::Prompt(Prompt::AddBrush, String::new()),
            _ => return Effect::Ignored,
        }
        Effect::Done
    }

    /// What is wrong with a layout prompt's text as typed, if anything.
    pub fn layout_problem(&self, prompt: &Prompt, value: &str) -> Option<String> {
        match prompt {
            Prompt::Energised => value.parse::<Quarter>().err().map(|e| e.to_string()),
            Prompt::RenameRow | Prompt::RenameHall if value.trim().is_empty() => Some("expected a name".into()),
            // Said in the planner's words, before the loader would name the key by its index in the file.
            Prompt::RenameHall => {
                let site = self.doc.eval.plan.sites.get(self.cursor.site)?;
                let taken = site.halls.iter().enumerate().any(|(i, h)| i != self.cursor.hall && h.name == value.trim());
                taken.then(|| {
                    format!("{} already has a hall called {}: hall names are unique in a site", site.name, value.trim())
                })
            }
            Prompt::RenameRow => {
                let hall = self.hall()?;
                let taken = hall.rows.iter().enumerate().any(|(i, r)| i != self.cursor.row && r.name == value.trim());
                taken.then(|| {
                    format!("{} already has a row called {}: row names are unique in a hall", hall.name, value.trim())
                })
            }
            Prompt::FillTargetMw if value.trim().is_empty() => None,
            Prompt::FillTargetMw => fill_target_mw(value).err(),
            // Nothing typed yet is not a mistake: the prompt's title says the format.
            Prompt::AddBrush if value.trim().is_empty() => None,
            Prompt::AddBrush => self.brush_text(value).and_then(|t| self.brush_placeable(value, &t)).err(),
            _ => None,
        }
    }

    /// Applies a layout prompt's text; `Err` keeps the prompt open with the message.
    pub fn layout_submit(&mut self, prompt: &Prompt, value: &str) -> Result<(), String> {
        let c = self.cursor;
        let v = value.trim();
        if let Some(problem) = self.layout_problem(prompt, value) {
            return Err(problem);
        }
        // A refused edit keeps the prompt open with what was typed and why (the app shows it there).
        let refused = |sh: &mut Self| Err(sh.message.take().map(|m| m.0).unwrap_or_default());
        let hall_name = self.hall().map(|h| h.name.clone()).unwrap_or_default();
        match prompt {
            Prompt::RenameHall => {
                let t = edit::set_hall_value(&self.doc.eval.text, c.site, c.hall, "name", &edit::string_literal(v));
                if !self.apply(t, &format!("rename hall {hall_name} to {v}")) {
                    return refused(self);
                }
            }
            Prompt::Energised => {
                let t =
                    edit::set_hall_value(&self.doc.eval.text, c.site, c.hall, "energised", &edit::string_literal(v));
                if !self.apply(t, &format!("energise {hall_name} in {v}")) {
                    return refused(self);
                }
            }
            Prompt::RenameRow => {
                if let Some(old) = self.current_row_name() {
                    let t = edit::rename_row(&self.doc.eval.text, c.site, c.hall, &old, v);
                    if !self.apply(t, &format!("rename row {old} to {v}")) {
                        return refused(self);
                    }
                }
            }
            Prompt::FillTargetMw => self.fill_site(fill_target_mw(v).ok()),
            Prompt::AddBrush => {
                let t = self
                    .brush_text(v)
                    .and_then(|t| self.brush_placeable(v, &t).map(|()| t))
                    .map_err(EditError::Invalid);
                let symbol = v.chars().next().unwrap_or(' ');
                if !self.apply(t, &format!("add brush {v}")) {
                    return Err(self.message.take().map(|m| m.0).unwrap_or_default());
                }
                self.brush = self.doc.eval.plan.legend.iter().position(|r| r.symbol == symbol).unwrap_or(self.brush);
            }
            _ => {}
        }
        Ok(())
    }

    /// Removes the hall or row a question was about, once answered yes.
    pub fn layout_confirmed(&mut self, c: Confirm) {
        let (s, h) = (self.cursor.site, self.cursor.hall);
        let t = match c {
            Confirm::RemoveHall => edit::remove_hall(&self.doc.eval.text, s, h),
            Confirm::RemoveRow => match self.current_row_name() {
                Some(name) => edit::remove_row(&self.doc.eval.text, s, h, &name),
                None => return,
            },
            _ => return,
        };
        let what = if c == Confirm::RemoveHall { "remove hall" } else { "remove row" };
        if self.apply(t, what) {
            self.clamp_cursor();
        }
    }

    /// Text with the given cells of hall `hall` set to `symbol`. A row is as long as the plan says (its rack
    /// positions): a cell past its end is not a slot, and no edit lengthens a row.
    pub fn cells_text(
        &self,
        text: &str,
        hall: usize,
        cells: &[(usize, usize)],
        symbol: char,
    ) -> Result<String, EditError> {
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
            if let Some(slot) = rows[i].1.get_mut(s) {
                *slot = symbol;
            }
        }
        let h = &self.doc.eval.plan.sites[self.cursor.site].halls[hall];
        // Rows are replaced from the end of the text back at the spans the read of `text` found (when `text` is the
        // text read): a replacement leaves every span before it where it was. A row found no other way (and so
        // everything after one) goes through a parse.
        rows.sort_by_key(|(r, _)| std::cmp::Reverse(h.rows[*r].value_span.as_ref().map_or(0, |s| s.start)));
        // The text read is the one passed in (the same string, not a 1 MB comparison of an equal copy).
        let as_read = std::ptr::eq(text, self.doc.eval.text.as_str());
        let mut unchanged_below = if as_read { text.len() } else { 0 };
        let mut t = text.to_string();
        for (r, chars) in rows {
            let s: String = chars.into_iter().collect();
            let old = self.row_string(hall, r).unwrap_or_default();
            let span = h.rows[r].value_span.clone().filter(|span| span.end <= unchanged_below);
            unchanged_below = span.as_ref().map_or(0, |span| span.start);
            let known = span.map(|span| (span, old.as_str()));
            t = edit::set_row_known(&t, self.cursor.site, hall, &h.rows[r].name, known, &s)?;
        }
        Ok(t)
    }

    pub fn set_cells(&mut self, cells: &[(usize, usize)], symbol: Option<char>, what: &str) {
        let Some(symbol) = symbol else { return self.error("the legend is empty: nothing to place") };
        if self.hall().is_none_or(|h| h.rows.is_empty()) {
            return self.error("this hall has no rows: add one first");
        }
        let t = self.cells_text(&self.doc.eval.text, self.cursor.hall, cells, symbol);
        // Named with where, so the message log and undo say which slots.
        let hall = self.hall().map(|h| h.name.clone()).unwrap_or_default();
        let label = match cells {
            [(r, s)] => {
                let row = self.hall().and_then(|h| h.rows.get(*r)).map(|x| x.name.clone()).unwrap_or_default();
                let brush = if symbol == EMPTY_SLOT { String::new() } else { format!(" {symbol}") };
                format!("{what}{brush} at {hall}/{row} slot {}", s + 1)
            }
            _ => format!("{what}: {} slots of {hall}", cells.len()),
        };
        self.apply(t, &label);
    }

    /// The slot under the cursor to the next legend entry, then empty.
    pub fn cycle(&mut self) {
        let Some(h) = self.hall() else { return };
        let cur = h.rows.get(self.cursor.row).and_then(|r| r.slots.get(self.cursor.slot).copied().flatten());
        let legend = &self.doc.eval.plan.legend;
        let next = match cur {
            None => legend.first().map(|r| r.symbol),
            Some(id) if usize::from(id) + 1 < legend.len() => Some(legend[usize::from(id) + 1].symbol),
            Some(_) => Some(EMPTY_SLOT),
        };
        self.set_cells(&[(self.cursor.row, self.cursor.slot)], next, "cycle");
    }

    pub fn add_hall(&mut self) {
        let c = self.cursor;
        let Some(site) = self.doc.eval.plan.sites.get(c.site) else { return };
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
                let width = self.doc.eval.catalog().layout.racks_per_row;
                (
                    fleetplan_core::propose::next_quarter().to_string(),
                    vec![("R01".to_string(), EMPTY_SLOT.to_string().repeat(width))],
                )
            }
        };
        let limits: Vec<(&str, Option<f64>)> = site.halls.get(c.hall).map_or_else(Vec::new, |h| {
            vec![("it_mw_max", h.it_mw_max), ("row_busway_kw", h.row_busway_kw), ("cdu_kw", h.cdu_kw)]
        });
        let after = if site.halls.is_empty() { None } else { Some(c.hall) };
        let at = after.map_or(0, |h| h + 1);
        let mut t = edit::add_hall(&self.doc.eval.text, c.site, after, &name, &energised, &rows);
        // The hall it copies' limits too (its IT limit, busways and CDU size): a new hall is built like its neighbour.
        for (key, v) in limits {
            if let Some(v) = v {
                t = t.and_then(|t| edit::set_hall_value(&t, c.site, at, key, &format!("{v:?}")));
            }
        }
        if self.apply(t, &format!("add {name}")) {
            self.cursor.hall = after.map_or(0, |h| h + 1);
            self.cursor.row = 0;
            self.clamp_cursor();
        }
    }

    pub fn add_row(&mut self) {
        let c = self.cursor;
        let Some(h) = self.hall() else { return self.error("no hall here: add one first") };
        let name = next_row_name(h.rows.iter().map(|r| r.name.as_str()).collect(), self.current_row_name().as_deref());
        let width = self.hall_width();
        let after = if h.rows.is_empty() { None } else { Some(c.row) };
        let empty = EMPTY_SLOT.to_string().repeat(width);
        let t = edit::insert_row(&self.doc.eval.text, c.site, c.hall, after, &name, &empty);
        if self.apply(t, &format!("add row {name}")) {
            self.cursor.row = after.map_or(0, |r| r + 1);
            self.clamp_cursor();
        }
    }

    /// Copies the cursor's row.
    pub fn copy_row(&mut self) {
        let (Some(name), Some(slots)) = (self.current_row_name(), self.row_string(self.cursor.hall, self.cursor.row))
        else {
            return self.error("no row here to copy");
        };
        let racks = slots.chars().filter(|c| *c != EMPTY_SLOT).count();
        self.info(format!("copied row {name} ({racks} racks of {} slots); paste it on a row", slots.chars().count()));
        self.clip = Some(Clip::Row { name, slots });
    }

    /// Copies the cursor's hall: its rows, energisation quarter and limits.
    pub fn copy_hall(&mut self) {
        let Some(h) = self.hall() else { return self.error("no hall here to copy") };
        let rows: Vec<(String, String)> = (0..h.rows.len())
            .filter_map(|r| Some((h.rows[r].name.clone(), self.row_string(self.cursor.hall, r)?)))
            .collect();
        let clip = Clip::Hall {
            name: h.name.clone(),
            energised: h.energised.to_string(),
            it_mw_max: h.it_mw_max,
            row_busway_kw: h.row_busway_kw,
            cdu_kw: h.cdu_kw,
            rows,
        };
        self.info(format!("copied {} ({} rows); paste adds it after the hall you are on", h.name, h.rows.len()));
        self.clip = Some(clip);
    }

    /// Pastes what was copied: a row onto the cursor's row (which keeps its length: a longer copy is cut, a shorter
    /// one leaves the rest empty), a hall as a new hall after the cursor's (in any site).
    pub fn paste(&mut self) {
        match self.clip.clone() {
            None => self.info("nothing copied yet: copy a row or a hall first"),
            Some(Clip::Row { name, slots }) => {
                let c = self.cursor;
                let (Some(target), Some(current)) = (self.current_row_name(), self.row_string(c.hall, c.row)) else {
                    return self.error("no row here to paste on");
                };
                let len = current.chars().count();
                let copied = slots.chars().count();
                let new: String = slots.chars().chain(std::iter::repeat(EMPTY_SLOT)).take(len).collect();
                let cut = if copied > len {
                    format!("; {} slots past its end left out", copied - len)
                } else {
                    String::new()
                };
                let t = edit::set_row(&self.doc.eval.text, c.site, c.hall, &target, &new);
                self.apply(t, &format!("paste row {name} onto {target}{cut}"));
            }
            Some(Clip::Hall { name, energised, it_mw_max, row_busway_kw, cdu_kw, rows }) => {
                let c = self.cursor;
                let Some(site) = self.doc.eval.plan.sites.get(c.site) else { return };
                let taken = |n: &str| site.halls.iter().any(|h| h.name == n);
                let mut new_name = format!("{name} copy");
                let mut k = 2;
                while taken(&new_name) {
                    new_name = format!("{name} copy {k}");
                    k += 1;
                }
                let after = if site.halls.is_empty() { None } else { Some(c.hall) };
                let at = after.map_or(0, |h| h + 1);
                let mut t = edit::add_hall(&self.doc.eval.text, c.site, after, &new_name, &energised, &rows);
                // In the copied hall's order, as floats the way plans write them (22.0, not 22).
                for (key, v) in [("it_mw_max", it_mw_max), ("row_busway_kw", row_busway_kw), ("cdu_kw", cdu_kw)] {
                    if let Some(v) = v {
                        let literal = format!("{v:?}");
                        t = t.and_then(|t| edit::set_hall_value(&t, c.site, at, key, &literal));
                    }
                }
                if self.apply(t, &format!("paste {name} as {new_name}")) {
                    self.cursor = Cursor { site: c.site, hall: at, row: 0, slot: 0 };
                    self.clamp_cursor();
                }
            }
        }
    }

    /// Every rack in the selection (or the cursor's row) becomes the brush: switch a profile (max-p to max-q) or a
    /// platform over an area. Empty slots stay empty.
    pub fn replace_with_brush(&mut self) {
        let Some(brush) = self.doc.eval.plan.legend.get(self.brush).cloned() else {
            return self.error("the legend is empty: nothing to replace with");
        };
        let Some(h) = self.hall() else { return self.error("no hall here") };
        let other = |x: &Option<fleetplan_core::plan::RackTypeId>| x.is_some_and(|id| usize::from(id) != self.brush);
        let racks: Vec<(usize, usize)> = self
            .selection_or_row()
            .into_iter()
            .filter(|&(r, s)| h.rows.get(r).and_then(|row| row.slots.get(s)).is_some_and(other))
            .collect();
        self.anchor = None;
        if racks.is_empty() {
            return self.info(format!("no rack to replace: every rack here is already {}", brush.symbol));
        }
        let t = self.cells_text(&self.doc.eval.text, self.cursor.hall, &racks, brush.symbol);
        let what =
            format!("replace {} racks with {} {}@{}", racks.len(), brush.symbol, brush.platform.id, brush.profile);
        self.apply(t, &what);
    }

    /// The plan text with a legend entry added from `SYMBOL PLATFORM[@PROFILE]`.
    /// Whether a rack of a new brush could be placed: the plan with it in the legend loads, and so does the plan
    /// with one of its racks in the hall's first slot (a platform no supply scenario can serve, its HBM generation
    /// unsupplied, is refused here rather than after it is in the legend).
    fn brush_placeable(&self, line: &str, with_brush: &str) -> Result<(), String> {
        self.doc.check(with_brush)?;
        let Some(symbol) = line.split_whitespace().next().and_then(|s| s.chars().next()) else { return Ok(()) };
        if self.hall().is_none_or(|h| h.rows.is_empty()) {
            return Ok(());
        }
        let placed = self.cells_text(with_brush, self.cursor.hall, &[(0, 0)], symbol).map_err(|e| e.to_string())?;
        self.doc.check(&placed).map(|_| ()).map_err(|e| format!("a rack of it could not be placed: {e}"))
    }

    pub fn brush_text(&self, line: &str) -> Result<String, String> {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [symbol, rack] = parts[..] else {
            return Err("expected SYMBOL PLATFORM[@PROFILE], e.g. H gb300-nvl72@max-q".into());
        };
        if symbol.chars().count() != 1 {
            return Err(format!("a symbol is one character, not \"{symbol}\""));
        }
        if self.doc.eval.plan.legend.iter().any(|r| r.symbol.to_string() == symbol) {
            return Err(format!("{symbol} is already in the legend"));
        }
        edit::set_legend_value(&self.doc.eval.text, symbol, &edit::string_literal(rack)).map_err(|e| e.to_string())
    }
}

/// A fill target as typed: a finite number of MW above 0 (`inf` is no target).
pub fn fill_target_mw(value: &str) -> Result<f64, String> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v > 0.0)
        .ok_or_else(|| "expected a number of MW above 0".to_string())
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

    #[test]
    fn a_fill_target_is_a_finite_number_of_mw_above_zero() {
        assert_eq!(fill_target_mw(" 65 "), Ok(65.0));
        for bad in ["inf", "-1", "0", "NaN", "sixty"] {
            assert!(fill_target_mw(bad).is_err(), "{bad}");
        }
    }
}
