//! The Parameters screen's edits: a setting set (validated as typed), picked from the values the plan loader
//! accepts, or taken back to its default.

use super::{App, Mode, Prompt, Scope};
use crate::catalog::Catalog;
use crate::plan::edit::{self, EditError};

/// The open list of values for a setting.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// Index into `App::fields`.
    pub field: usize,
    pub options: Vec<String>,
    pub selected: usize,
}

/// The last entry of a value list: type a value instead (a weather file's path for a climate).
pub const TYPE_A_VALUE: &str = "type a value…";

impl App {
    // ---- parameters --------------------------------------------------------------------------------------------

    pub(super) fn param_edit(&self, i: usize, value: &str) -> Result<String, EditError> {
        let f = self.fields.get(i).ok_or_else(|| EditError::NotFound("field".into()))?;
        let path: Vec<&str> = f.path.iter().map(String::as_str).collect();
        let literal = edit::typed_literal(value);
        let c = self.cursor;
        match f.scope {
            Scope::Site => edit::set_site_value(&self.eval.text, c.site, &path, &literal),
            Scope::Hall => match self.hall() {
                // A name or quarter is text even when it looks like a number.
                Some(_) if matches!(path[..], ["name"] | ["energised"]) => {
                    edit::set_hall_value(&self.eval.text, c.site, c.hall, path[0], &edit::string_literal(value.trim()))
                }
                Some(_) => edit::set_hall_value(&self.eval.text, c.site, c.hall, path[0], &literal),
                None => Err(EditError::Invalid("this site has no hall".into())),
            },
            Scope::Economics => edit::set_table_value(&self.eval.text, "economics", path[0], &literal),
            Scope::Workload => edit::set_table_value(&self.eval.text, "workload", path[0], &literal),
        }
    }

    /// Takes a setting back to its default by removing its line from the plan.
    pub(super) fn param_reset(&mut self, i: usize) {
        let Some(f) = self.fields.get(i).cloned() else { return };
        let label = f.label();
        if f.required {
            return self.error(format!("{label} has no default: every plan states it"));
        }
        if !self.field_values.get(i).is_some_and(|v| v.from_plan) {
            return self.info(format!("{label} is already the default"));
        }
        let path: Vec<&str> = f.path.iter().map(String::as_str).collect();
        let c = self.cursor;
        let t = match f.scope {
            Scope::Site => edit::remove_site_value(&self.eval.text, c.site, &path),
            Scope::Hall => edit::remove_hall_value(&self.eval.text, c.site, c.hall, path[0]),
            Scope::Economics => edit::remove_table_value(&self.eval.text, "economics", path[0]),
            Scope::Workload => edit::remove_table_value(&self.eval.text, "workload", path[0]),
        };
        let to = if f.default.is_empty() { "not set".to_string() } else { format!("default {}", f.default) };
        self.apply(t, &format!("reset {label} ({to})"));
    }

    /// The value of each field for the selected site and hall: from the plan text when written there, else the
    /// default.
    pub(super) fn refresh_fields(&mut self) {
        let has_workload = self.eval.plan.workload.is_some();
        if self.fields.iter().any(|f| f.scope == Scope::Workload) != has_workload {
            self.fields = crate::plan::fields::app_fields(has_workload);
        }
        let hall = self.hall().map(|_| self.cursor.hall);
        self.field_values = crate::plan::fields::values(&self.eval.text, self.cursor.site, hall, &self.fields);
    }

    /// The values a setting may take, when it is a choice: the loader's own list, read from its message for a value
    /// no list holds (so it can never disagree with the reader), the catalogue's climates, or true / false.
    pub(super) fn choices(&self, i: usize) -> Option<Vec<String>> {
        let f = self.fields.get(i)?;
        let v = self.field_values.get(i)?;
        let literal = if v.literal.is_empty() { f.default.as_str() } else { v.literal.as_str() };
        if f.scope == Scope::Site && f.path == ["climate"] {
            return Some(Catalog::climate_ids().map(str::to_string).chain([TYPE_A_VALUE.to_string()]).collect());
        }
        if literal == "true" || literal == "false" {
            return Some(vec!["true".into(), "false".into()]);
        }
        let quoted =
            literal.starts_with('"') || (literal.is_empty() && matches!(f.path[..], [ref k] if k == "calibration"));
        if !quoted || matches!(f.scope, Scope::Hall) {
            return None;
        }
        let probe = self.param_edit(i, "\u{1}no such value").ok()?;
        let message = match self.check(&probe) {
            Err(m) => m,
            Ok(_) => return None,
        };
        let list = message.split("one of").nth(1)?;
        let list = list.split(", found").next().unwrap_or(list).trim_start_matches(':');
        let options: Vec<String> =
            list.split(',').map(|o| o.trim().trim_matches('"').to_string()).filter(|o| !o.is_empty()).collect();
        (options.len() > 1).then_some(options)
    }

    /// Opens the value list of setting `i` on its current value, or the text prompt when it is not a choice.
    pub(super) fn edit_param(&mut self, i: usize) {
        let current = self.field_values.get(i).map(|v| v.literal.trim_matches('"').to_string()).unwrap_or_default();
        match self.choices(i) {
            Some(options) => {
                let selected = options.iter().position(|o| *o == current).unwrap_or(0);
                self.mode = Mode::Pick(Pick { field: i, options, selected });
            }
            None => self.prompt(Prompt::Param(i), current),
        }
    }

    /// Applies the picked value (or opens the prompt for "type a value").
    pub(super) fn pick(&mut self, p: &Pick) {
        self.mode = Mode::Normal;
        let Some(value) = p.options.get(p.selected) else { return };
        if value == TYPE_A_VALUE {
            let current = self.field_values.get(p.field).map(|v| v.literal.trim_matches('"').to_string());
            return self.prompt(Prompt::Param(p.field), current.unwrap_or_default());
        }
        let t = self.param_edit(p.field, value);
        let name = self.fields.get(p.field).map(|f| f.label()).unwrap_or_default();
        self.apply(t, &format!("set {name} = {value}"));
    }
}
