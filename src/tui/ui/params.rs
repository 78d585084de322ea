//! Parameters screen: every site setting with its value (from the plan, or the default) and its help; editing is
//! validated as you type with the plan loader's rules and messages.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::scroll;
use crate::tui::app::App;

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
    let block = Block::bordered()
        .title(format!(" Parameters of {site} · enter edits · a key set here is one line in the plan "));
    let inner = block.inner(list);
    frame.render_widget(block, list);
    let key_w = app.fields.iter().map(|f| f.path.join(".").len()).max().unwrap_or(10);
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
            Line::from(vec![
                Span::styled(format!(" {:<key_w$} ", f.path.join(".")), key_style),
                Span::styled(format!(" {} ", v.literal), val_style),
                Span::styled(if v.from_plan { "" } else { " default" }, Style::new().fg(Color::DarkGray)),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    let text = app.fields.get(app.param_cursor).map_or(String::new(), |f| f.help.clone());
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(Block::bordered().title(" About ")), help);
}
