//! Parameters screen: every setting of the selected site and hall, the plan's economics and its workload, with its
//! value (from the plan, or the default) and its help; editing is validated as you type with the plan loader's rules
//! and messages, and a setting can be taken back to its default.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::scroll;
use crate::tui::app::{App, Scope};
use crate::tui::keymap::Action;

const HELP_H: u16 = 4;

fn list_area(body: Rect) -> Rect {
    let [list, _] = Layout::vertical([Constraint::Min(3), Constraint::Length(HELP_H)]).areas(body);
    Block::bordered().inner(list)
}

/// The field under a click.
pub fn field_at(app: &App, body: Rect, pos: Position) -> Option<usize> {
    let inner = list_area(body);
    if !inner.contains(pos) {
        return None;
    }
    let first = scroll(app.param_cursor, usize::from(inner.height), app.fields.len());
    let i = first + usize::from(pos.y - inner.y);
    (i < app.fields.len()).then_some(i)
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let [list, help] = Layout::vertical([Constraint::Min(3), Constraint::Length(HELP_H)]).areas(body);
    let site = app.eval.plan.sites.get(app.cursor.site).map_or("", |s| s.name.as_str());
    let hall = app.hall().map_or_else(|| "no hall".to_string(), |h| format!("hall {}", h.name));
    let k = |a: Action| app.keymap.key_of(a);
    let block = Block::bordered().title(format!(
        " {site} · {hall} ({} {} for another) · {} edits · {} resets to the default · a key set here is one line in the plan ",
        k(Action::PrevHall),
        k(Action::NextHall),
        k(Action::Activate),
        k(Action::Remove)
    ));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    let key_w = app.fields.iter().map(|f| f.label().len()).max().unwrap_or(10);
    let first = scroll(app.param_cursor, usize::from(inner.height), app.fields.len());
    let lines: Vec<Line> = app
        .fields
        .iter()
        .zip(&app.field_values)
        .enumerate()
        .skip(first)
        .take(usize::from(inner.height))
        .map(|(i, (f, v))| {
            let mut key_style = Style::new();
            let mut val_style =
                if v.from_plan { Style::new().add_modifier(Modifier::BOLD) } else { Style::new().fg(Color::Gray) };
            if i == app.param_cursor {
                key_style = key_style.add_modifier(Modifier::REVERSED);
                val_style = val_style.add_modifier(Modifier::REVERSED);
            }
            let (value, note) = match (v.from_plan, v.literal.is_empty()) {
                (true, _) => (v.literal.as_str(), ""),
                (false, false) => (v.literal.as_str(), " default"),
                (false, true) if f.scope == Scope::Hall && app.hall().is_none() => ("-", " no hall"),
                (false, true) => ("-", " not set"),
            };
            Line::from(vec![
                Span::styled(format!(" {:<key_w$} ", f.label()), key_style),
                Span::styled(format!(" {value} "), val_style),
                Span::styled(note, Style::new().fg(Color::DarkGray)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    let text = app.fields.get(app.param_cursor).map_or(String::new(), |f| f.help.clone());
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(Block::bordered().title(" About ")), help);
}
