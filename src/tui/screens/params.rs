//! Parameters screen: every setting of the selected site and hall, the plan's economics and its workload, with its
//! value (from the plan, or the default) and its help; editing is validated as you type with the plan loader's rules
//! and messages, and a setting can be taken back to its default.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::geometry::{self, PARAMS_HELP_H, scroll};
use crate::tui::keymap::Action;
use crate::tui::shared::{Effect, Pick, Prompt, Shared};
use fleetplan_core::catalog::Catalog;
use fleetplan_core::plan::edit::{self, EditError};
use fleetplan_core::plan::fields::{self, Field, FieldValue, Scope};

/// The settings shown, their values for the cursor's site and hall, and the selected one.
pub struct ParamsScreen {
    pub fields: Vec<Field>,
    pub values: Vec<FieldValue>,
    pub cursor: usize,
    /// What `values` were read for: the plan's version, the cursor's site and hall, and the supply scenario.
    read_for: Option<(u64, usize, usize, usize)>,
    /// Words the list is filtered by (each in the key or its help), and the settings that match, in order.
    pub filter: String,
    shown: Vec<usize>,
}

/// The last entry of a value list: type a value instead (a weather file's path for a climate).
pub const TYPE_A_VALUE: &str = "type a value…";

impl ParamsScreen {
    pub fn new(sh: &Shared) -> ParamsScreen {
        let mut p = ParamsScreen {
            fields: Self::fields_of(sh),
            values: Vec::new(),
            cursor: 0,
            read_for: None,
            filter: String::new(),
            shown: Vec::new(),
        };
        p.sync(sh);
        p
    }

    /// Every key the screen edits: the site's, the hall's, the economics (with a rack price per platform of the
    /// catalogue) and the workload's.
    fn fields_of(sh: &Shared) -> Vec<Field> {
        let mut out = fields::app_fields(sh.doc.eval.plan.workload.is_some());
        out.extend(fields::plan_fields());
        if sh.doc.eval.plan.supply.is_some() {
            out.extend(fields::supply_fields());
        }
        let at = out.iter().rposition(|f| f.scope == Scope::Economics).map_or(out.len(), |i| i + 1);
        let prices: Vec<Field> = sh
            .doc
            .eval
            .catalog()
            .platforms
            .values()
            .map(|p| Field {
                scope: Scope::Economics,
                path: vec!["rack_capex_usd".into(), p.id.clone()],
                help: format!(
                    "Price of one {} rack, USD, for cost per token. Not set: the catalogue's{}.",
                    p.name,
                    p.capex_usd_per_rack.map_or(" (none: no cost per token)".to_string(), |c| format!(
                        " {}",
                        fleetplan_core::tables::number(c)
                    ))
                ),
                default: p.capex_usd_per_rack.map_or_else(String::new, |c| format!("{c}")),
                required: false,
            })
            .collect();
        out.splice(at..at, prices);
        out
    }

    /// Filters the list by words (every one in the key or its help, any case); the cursor stays on its setting
    /// when it still shows, else goes to the first that does.
    pub fn set_filter(&mut self, words: &str) {
        self.filter = words.trim().to_string();
        self.refilter();
    }

    fn refilter(&mut self) {
        let words: Vec<String> = self.filter.to_lowercase().split_whitespace().map(str::to_string).collect();
        self.shown = (0..self.fields.len())
            .filter(|&i| {
                let f = &self.fields[i];
                let text = format!("{} {}", f.label(), f.help).to_lowercase();
                words.iter().all(|w| text.contains(w))
            })
            .collect();
        if !self.shown.contains(&self.cursor) {
            self.cursor = self.shown.first().copied().unwrap_or(0);
        }
    }

    /// Reads the values again when the plan or the cursor's site or hall changed since they were read.
    pub fn sync(&mut self, sh: &Shared) {
        let key = (sh.doc.version, sh.cursor.site, sh.cursor.hall, sh.scenario);
        if self.read_for == Some(key) {
            return;
        }
        let has_workload = sh.doc.eval.plan.workload.is_some();
        let has_supply = sh.doc.eval.plan.supply.is_some();
        if self.fields.iter().any(|f| f.scope == Scope::Workload) != has_workload
            || self.fields.iter().any(|f| f.scope == Scope::Supply) != has_supply
        {
            self.fields = Self::fields_of(sh);
        }
        let hall = sh.hall().map(|_| sh.cursor.hall);
        let doc = toml_edit::Document::parse(sh.doc.eval.text.as_str()).ok();
        self.values = fields::values_in_scenario(doc.as_ref(), sh.cursor.site, hall, sh.scenario, &self.fields);
        self.cursor = self.cursor.min(self.fields.len().saturating_sub(1));
        self.read_for = Some(key);
        self.refilter();
    }

    pub fn handle(&mut self, a: Action, sh: &mut Shared) -> Effect {
        // The cursor moves among the settings the filter shows.
        let n = self.shown.len() as isize;
        let page = geometry::page_rows(sh.area) as isize;
        let at = self.shown.iter().position(|&i| i == self.cursor).unwrap_or(0) as isize;
        let step = |by: isize| self.shown.get((at + by).clamp(0, (n - 1).max(0)) as usize).copied().unwrap_or(0);
        if n == 0 && matches!(a, Action::Activate | Action::Remove) {
            sh.info(format!(
                "no setting matches \"{}\": {} to change the filter",
                self.filter,
                sh.keymap.key_of(Action::Search)
            ));
            return Effect::Done;
        }
        match a {
            Action::Up => self.cursor = step(-1),
            Action::Down => self.cursor = step(1),
            Action::PageUp => self.cursor = step(-page),
            Action::PageDown => self.cursor = step(page),
            Action::FirstRow => self.cursor = step(-n),
            Action::LastRow => self.cursor = step(n),
            Action::Activate => return self.edit(self.cursor, sh),
            // The remove key takes the setting back to its default.
            Action::Remove => self.reset(self.cursor, sh),
            _ => return Effect::Ignored,
        }
        Effect::Done
    }

    /// A click selects a setting.
    pub fn click(&mut self, body: Rect, pos: Position) -> Effect {
        let at = self.shown.iter().position(|&i| i == self.cursor).unwrap_or(0);
        match geometry::field_at(body, pos, at, self.shown.len()).and_then(|i| self.shown.get(i)) {
            Some(&i) => {
                self.cursor = i;
                Effect::Done
            }
            None => Effect::Ignored,
        }
    }

    fn label(&self, i: usize) -> String {
        self.fields.get(i).map_or(String::new(), |f| match f.scope {
            Scope::Site => format!("site.{}", f.label()),
            _ => f.label(),
        })
    }

    /// The plan text with setting `i` set to `value` as typed.
    fn edited(&self, i: usize, value: &str, sh: &Shared) -> Result<String, EditError> {
        let f = self.fields.get(i).ok_or_else(|| EditError::NotFound("field".into()))?;
        let path: Vec<&str> = f.path.iter().map(String::as_str).collect();
        let literal = edit::typed_literal(value);
        let (c, text) = (sh.cursor, &sh.doc.eval.text);
        match f.scope {
            Scope::Site => edit::set_site_value(text, c.site, &path, &literal),
            Scope::Hall => match sh.hall() {
                // A name or quarter is text even when it looks like a number.
                Some(_) if matches!(path[..], ["name"] | ["energised"]) => {
                    edit::set_hall_value(text, c.site, c.hall, path[0], &edit::string_literal(value.trim()))
                }
                Some(_) => edit::set_hall_value(text, c.site, c.hall, path[0], &literal),
                None => Err(EditError::Invalid("this site has no hall".into())),
            },
            Scope::Economics => edit::set_table_path(text, "economics", &path, &literal),
            Scope::Workload => edit::set_table_value(text, "workload", path[0], &literal),
            // A name, a file or a quarter is text even when it looks like a number.
            Scope::Plan => edit::set_plan_value(text, path[0], &edit::string_literal(value.trim())),
            Scope::Supply if path[0] == "start" => {
                edit::set_table_value(text, "supply", path[0], &edit::string_literal(value.trim()))
            }
            Scope::Supply => edit::set_table_value(text, "supply", path[0], &literal),
            Scope::Scenario => {
                edit::set_value_at(text, &[("supply", None), ("scenario", Some(sh.scenario))], path[0], &literal)
            }
        }
    }

    /// What is wrong with `value` for setting `i`, by the plan loader's rules and in its words.
    pub fn problem(&self, i: usize, value: &str, sh: &Shared) -> Option<String> {
        match self.edited(i, value, sh) {
            Ok(t) => sh.doc.check(&t).err(),
            Err(e) => Some(e.to_string()),
        }
    }

    /// Sets setting `i` to `value`; `Err` (with the loader's message) keeps the prompt open.
    pub fn submit(&mut self, i: usize, value: &str, sh: &mut Shared) -> Result<(), String> {
        let t = self.edited(i, value.trim(), sh);
        let name = self.fields.get(i).map(Field::label).unwrap_or_default();
        if sh.apply(t, &format!("set {name}")) {
            Ok(())
        } else {
            Err(sh.message.take().map(|m| m.0).unwrap_or_default())
        }
    }

    /// Takes a setting back to its default by removing its line from the plan.
    fn reset(&mut self, i: usize, sh: &mut Shared) {
        let Some(f) = self.fields.get(i).cloned() else { return };
        let label = f.label();
        if f.required {
            return sh.error(format!("{label} has no default: every plan states it"));
        }
        if !self.values.get(i).is_some_and(|v| v.from_plan) {
            return sh.info(format!("{label} is already the default"));
        }
        let path: Vec<&str> = f.path.iter().map(String::as_str).collect();
        let (c, text) = (sh.cursor, &sh.doc.eval.text);
        let t = match f.scope {
            Scope::Site => edit::remove_site_value(text, c.site, &path),
            Scope::Hall => edit::remove_hall_value(text, c.site, c.hall, path[0]),
            Scope::Economics => edit::remove_table_path(text, "economics", &path),
            Scope::Workload => edit::remove_table_value(text, "workload", path[0]),
            Scope::Plan => edit::remove_table_value(text, "plan", path[0]),
            Scope::Supply => edit::remove_table_value(text, "supply", path[0]),
            Scope::Scenario => {
                edit::remove_value_at(text, &[("supply", None), ("scenario", Some(sh.scenario))], path[0])
            }
        };
        let to = if f.default.is_empty() { "not set".to_string() } else { format!("default {}", f.default) };
        sh.apply(t, &format!("reset {label} ({to})"));
    }

    /// The values a setting may take, when it is a choice: the loader's own list, read from its message for a value
    /// no list holds (so it can never disagree with the reader), the catalogue's climates, or true / false.
    pub fn choices(&self, i: usize, sh: &Shared) -> Option<Vec<String>> {
        let f = self.fields.get(i)?;
        let v = self.values.get(i)?;
        let literal = if v.literal.is_empty() { f.default.as_str() } else { v.literal.as_str() };
        if f.scope == Scope::Site && f.path == ["climate"] {
            return Some(Catalog::climate_ids().map(str::to_string).chain([TYPE_A_VALUE.to_string()]).collect());
        }
        if literal == "true" || literal == "false" {
            return Some(vec!["true".into(), "false".into()]);
        }
        let calibration = f.path == ["calibration"];
        if !(literal.starts_with('"') || calibration) || f.scope == Scope::Hall {
            return None;
        }
        let message = sh.doc.check(&self.edited(i, "\u{1}no such value", sh).ok()?).err()?;
        let list = message.split("one of").nth(1)?;
        let list = list.split(", found").next().unwrap_or(list).trim_start_matches(':');
        let options: Vec<String> =
            list.split(',').map(|o| o.trim().trim_matches('"').to_string()).filter(|o| !o.is_empty()).collect();
        (options.len() > 1).then_some(options)
    }

    /// Opens the value list of setting `i` on its current value, or the text prompt when it is not a choice.
    fn edit(&mut self, i: usize, sh: &Shared) -> Effect {
        let current = self.values.get(i).map(|v| v.literal.trim_matches('"').to_string()).unwrap_or_default();
        match self.choices(i, sh) {
            Some(options) => {
                let selected = options.iter().position(|o| *o == current).unwrap_or(0);
                Effect::Pick(Pick { field: i, label: self.label(i), options, selected })
            }
            None => Effect::Prompt(Prompt::Param(i, self.label(i)), current),
        }
    }

    /// Applies the picked value, or opens the prompt for "type a value".
    pub fn pick(&mut self, p: &Pick, sh: &mut Shared) -> Effect {
        let Some(value) = p.options.get(p.selected) else { return Effect::Done };
        if value == TYPE_A_VALUE {
            let current = self.values.get(p.field).map(|v| v.literal.trim_matches('"').to_string());
            return Effect::Prompt(Prompt::Param(p.field, p.label.clone()), current.unwrap_or_default());
        }
        let t = self.edited(p.field, value, sh);
        let name = self.fields.get(p.field).map(Field::label).unwrap_or_default();
        sh.apply(t, &format!("set {name} = {value}"));
        Effect::Done
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, sh: &Shared) {
        let [list, help] = Layout::vertical([Constraint::Min(3), Constraint::Length(PARAMS_HELP_H)]).areas(body);
        let site = sh.doc.eval.plan.sites.get(sh.cursor.site).map_or("", |s| s.name.as_str());
        let hall = sh.hall().map_or_else(|| "no hall".to_string(), |h| format!("hall {}", h.name));
        let k = |a: Action| sh.keymap.key_of(a);
        let at = self.shown.iter().position(|&i| i == self.cursor).unwrap_or(0);
        let count = if self.filter.is_empty() {
            format!("{} of {}", at + 1, self.fields.len())
        } else {
            format!("{} of {} match \"{}\"", self.shown.len(), self.fields.len(), self.filter)
        };
        let block = Block::bordered().title(format!(
            " {count} · {site} · {hall} ({} {} for another) · {} filters · {} edits · {} resets to the default ",
            k(Action::PrevHall),
            k(Action::NextHall),
            k(Action::Search),
            k(Action::Activate),
            k(Action::Remove)
        ));
        let inner = block.inner(list);
        frame.render_widget(block, list);
        let key_w = self.fields.iter().map(|f| f.label().len()).max().unwrap_or(10);
        let first = scroll(at, usize::from(inner.height), self.shown.len());
        let lines: Vec<Line> = self
            .shown
            .iter()
            .map(|&i| (i, (&self.fields[i], &self.values[i])))
            .skip(first)
            .take(usize::from(inner.height))
            .map(|(i, (f, v))| {
                let mut key_style = Style::new();
                let mut val_style =
                    if v.from_plan { Style::new().add_modifier(Modifier::BOLD) } else { Style::new().fg(Color::Gray) };
                if i == self.cursor {
                    key_style = key_style.add_modifier(Modifier::REVERSED);
                    val_style = val_style.add_modifier(Modifier::REVERSED);
                }
                let (value, note) = match (v.from_plan, v.literal.is_empty()) {
                    (true, _) => (v.literal.as_str(), ""),
                    (false, false) => (v.literal.as_str(), " default"),
                    (false, true) if f.scope == Scope::Hall && sh.hall().is_none() => ("-", " no hall"),
                    (false, true) => ("-", " not set"),
                };
                let unit = fields::unit(&f.path);
                let unit = if unit.is_empty() || value == "-" { String::new() } else { format!("{unit} ") };
                Line::from(vec![
                    Span::styled(format!(" {:<key_w$} ", shown_label(f, sh)), key_style),
                    Span::styled(format!(" {value} "), val_style),
                    Span::styled(unit, Style::new().fg(Color::Gray)),
                    Span::styled(note, Style::new().fg(Color::DarkGray)),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
        let text = self.fields.get(self.cursor).map_or(String::new(), |f| f.help.clone());
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(Block::bordered().title(" About ")),
            help,
        );
    }
}

/// A key as the list shows it: a scenario's keys name the selected scenario (`supply.scenario[risk].cdus_per_quarter`).
fn shown_label(f: &Field, sh: &Shared) -> String {
    match (f.scope, sh.scenario_name()) {
        (Scope::Scenario, Some(name)) => format!("supply.scenario[{name}].{}", f.path.join(".")),
        _ => f.label(),
    }
}
