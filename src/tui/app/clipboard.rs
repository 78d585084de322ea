//! Copy and paste of rows and halls, and replacing the racks of a selection with the brush (a profile switch).

use super::{App, Cursor};
use crate::plan::EMPTY_SLOT;
use crate::plan::edit;

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
        rows: Vec<(String, String)>,
    },
}

impl App {
    /// Copies the cursor's row.
    pub(super) fn copy_row(&mut self) {
        let (Some(name), Some(slots)) = (self.current_row_name(), self.row_string(self.cursor.hall, self.cursor.row))
        else {
            return self.error("no row here to copy");
        };
        let racks = slots.chars().filter(|c| *c != EMPTY_SLOT).count();
        self.info(format!("copied row {name} ({racks} racks of {} slots); paste it on a row", slots.chars().count()));
        self.clip = Some(Clip::Row { name, slots });
    }

    /// Copies the cursor's hall: its rows, energisation quarter and limits.
    pub(super) fn copy_hall(&mut self) {
        let Some(h) = self.hall() else { return self.error("no hall here to copy") };
        let rows: Vec<(String, String)> = (0..h.rows.len())
            .filter_map(|r| Some((h.rows[r].name.clone(), self.row_string(self.cursor.hall, r)?)))
            .collect();
        let clip = Clip::Hall {
            name: h.name.clone(),
            energised: h.energised.to_string(),
            it_mw_max: h.it_mw_max,
            row_busway_kw: h.row_busway_kw,
            rows,
        };
        self.info(format!("copied {} ({} rows); paste adds it after the hall you are on", h.name, h.rows.len()));
        self.clip = Some(clip);
    }

    /// Pastes what was copied: a row onto the cursor's row (which keeps its length: a longer copy is cut, a shorter
    /// one leaves the rest empty), a hall as a new hall after the cursor's (in any site).
    pub(super) fn paste(&mut self) {
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
                let t = edit::set_row(&self.eval.text, c.site, c.hall, &target, &new);
                self.apply(t, &format!("paste row {name} onto {target}{cut}"));
            }
            Some(Clip::Hall { name, energised, it_mw_max, row_busway_kw, rows }) => {
                let c = self.cursor;
                let Some(site) = self.eval.plan.sites.get(c.site) else { return };
                let taken = |n: &str| site.halls.iter().any(|h| h.name == n);
                let mut new_name = format!("{name} copy");
                let mut k = 2;
                while taken(&new_name) {
                    new_name = format!("{name} copy {k}");
                    k += 1;
                }
                let after = if site.halls.is_empty() { None } else { Some(c.hall) };
                let at = after.map_or(0, |h| h + 1);
                let mut t = edit::add_hall(&self.eval.text, c.site, after, &new_name, &energised, &rows);
                for (key, v) in [("it_mw_max", it_mw_max), ("row_busway_kw", row_busway_kw)] {
                    if let Some(v) = v {
                        t = t.and_then(|t| {
                            edit::set_hall_value(&t, c.site, at, key, &edit::typed_literal(&v.to_string()))
                        });
                    }
                }
                if self.apply(t, &format!("paste {name} as {new_name}")) {
                    self.cursor = Cursor { site: c.site, hall: at, row: 0, slot: 0 };
                    self.clamp_cursor();
                    self.refresh_fields();
                }
            }
        }
    }

    /// Every rack in the selection (or the cursor's row) becomes the brush: switch a profile (max-p to max-q) or a
    /// platform over an area. Empty slots stay empty.
    pub(super) fn replace_with_brush(&mut self) {
        let Some(brush) = self.eval.plan.legend.get(self.brush).cloned() else {
            return self.error("the legend is empty: nothing to replace with");
        };
        let Some(h) = self.hall() else { return self.error("no hall here") };
        let racks: Vec<(usize, usize)> = self
            .selection_or_row()
            .into_iter()
            .filter(|&(r, s)| {
                h.rows
                    .get(r)
                    .and_then(|row| row.slots.get(s))
                    .is_some_and(|x| x.is_some_and(|id| usize::from(id) != self.brush))
            })
            .collect();
        self.anchor = None;
        if racks.is_empty() {
            return self.info(format!("no rack to replace: every rack here is already {}", brush.symbol));
        }
        let t = self.cells_text(&self.eval.text, self.cursor.hall, &racks, brush.symbol);
        self.apply(
            t,
            &format!("replace {} racks with {} {}@{}", racks.len(), brush.symbol, brush.platform.id, brush.profile),
        );
    }
}
