//! Overlays: help (generated from the key map), prompts with live validation, and questions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::app::{App, Confirm, Mode};
use crate::tui::keymap::ACTIONS;

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))]).flex(Flex::Center).areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))]).flex(Flex::Center).areas(v);
    r
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    match &app.mode {
        Mode::Normal => {}
        Mode::Help => {
            // Entries flow into as many 76-column columns as fit; what does not fit scrolls with up/down.
            let keys_w = ACTIONS.iter().map(|(a, ..)| app.keymap.keys_of(*a).chars().count()).max().unwrap_or(8) + 2;
            let mut lines = Vec::new();
            let mut group = "";
            for (action, _, g, what) in ACTIONS {
                if *g != group {
                    group = g;
                    lines.push(Line::styled(g.to_string(), Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)));
                }
                lines.push(Line::from(vec![
                    Span::styled(format!("  {:<keys_w$}", app.keymap.keys_of(*action)), Style::new().fg(Color::Yellow)),
                    Span::raw(what.to_string()),
                ]));
            }
            let r = Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2));
            frame.render_widget(Clear, r);
            let title = " Keys, from the key map (override: ~/.config/fleetplan/keybindings.toml) · up/down scroll · esc closes ";
            let block = Block::bordered().title(title).border_style(Style::new().fg(Color::Cyan));
            let inner = block.inner(r);
            frame.render_widget(block, r);
            let cols = usize::from((inner.width / 76).max(1));
            let col_w = inner.width / cols as u16;
            let height = usize::from(inner.height.max(1));
            let per_col = lines.len().div_ceil(cols).max(height.min(lines.len()));
            let scroll =
                if cols * height >= lines.len() { 0 } else { app.help_scroll.min(lines.len().saturating_sub(height)) };
            for c in 0..cols {
                let start = scroll + c * per_col;
                let chunk: Vec<Line> = lines.iter().skip(start).take(per_col.min(height)).cloned().collect();
                let x = inner.x + c as u16 * col_w;
                let w = col_w.min(inner.right().saturating_sub(x));
                frame.render_widget(Paragraph::new(chunk), Rect::new(x, inner.y, w, inner.height));
            }
        }
        Mode::Input { prompt, value, error } => {
            let r = centered(area, 70, 6);
            frame.render_widget(Clear, r);
            let mut lines =
                vec![Line::from(vec![Span::raw(value.clone()), Span::styled("█", Style::new().fg(Color::Cyan))])];
            match error {
                Some(e) => lines.push(Line::styled(e.clone(), Style::new().fg(Color::LightRed))),
                None => lines.push(Line::styled("enter applies · esc cancels", Style::new().fg(Color::DarkGray))),
            }
            let block =
                Block::bordered().title(format!(" {} ", prompt.title(app))).border_style(Style::new().fg(Color::Cyan));
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), r);
        }
        Mode::Confirm(c) => {
            let (title, text) = match c {
                Confirm::Quit => ("Unsaved changes", "(s) save and quit · (d) discard and quit · (esc) stay"),
                Confirm::RemoveHall => ("Remove hall", "Remove this hall and all its rows? (y) yes · (n) no"),
                Confirm::RemoveRow => ("Remove row", "Remove this row? (y) yes · (n) no"),
                Confirm::ChangedOnDisk => (
                    "File changed on disk",
                    "The file changed since it was opened (a git pull?). (r) reload it · (a) save as another name · (o) overwrite · (esc) cancel",
                ),
                Confirm::Reload => ("Reload", "Reload from disk and lose unsaved changes? (y) yes · (n) no"),
                Confirm::OverwriteOther => (
                    "File exists",
                    "Another file has that name. Overwrite it with this plan? (y) overwrite · (n) cancel",
                ),
            };
            let r = centered(area, 64, 6);
            frame.render_widget(Clear, r);
            let block = Block::bordered().title(format!(" {title} ")).border_style(Style::new().fg(Color::Yellow));
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(block), r);
        }
    }
}
