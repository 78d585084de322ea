//! Overlays: help (generated from the key map), prompts with live validation, and questions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::app::{App, Confirm, Mode, Prompt};
use crate::tui::jump::Jump;
use crate::tui::jump::JumpKind;
use crate::tui::keymap::ACTIONS;
use crate::tui::shared::Pick;

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))]).flex(Flex::Center).areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))]).flex(Flex::Center).areas(v);
    r
}

/// One key of the help and the group it belongs to.
struct HelpEntry {
    group: &'static str,
    line: Line<'static>,
}

/// A column of the help: its lines, and how many keys (entries) it shows.
struct HelpColumn {
    lines: Vec<Line<'static>>,
    keys: usize,
}

fn group_heading(text: String) -> Line<'static> {
    Line::styled(text, Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD))
}

/// Up to `cols` columns of `height` lines from entry `start` on. A group's heading is never the last line of a
/// column (it moves to the next, with its keys), and a column that starts inside a group repeats the group's
/// heading, marked "(cont.)".
fn help_columns(entries: &[HelpEntry], start: usize, height: usize, cols: usize) -> Vec<HelpColumn> {
    let mut out = Vec::new();
    let mut i = start;
    let height = height.max(2);
    while out.len() < cols && i < entries.len() {
        let mut col = HelpColumn { lines: Vec::new(), keys: 0 };
        if i > 0 && entries[i - 1].group == entries[i].group {
            col.lines.push(group_heading(format!("{} (cont.)", entries[i].group)));
        }
        while i < entries.len() {
            let opens_group = i == 0 || entries[i - 1].group != entries[i].group;
            // A heading takes its line and at least one key's.
            if col.lines.len() + if opens_group { 2 } else { 1 } > height {
                break;
            }
            if opens_group {
                col.lines.push(group_heading(entries[i].group.to_string()));
            }
            col.lines.push(entries[i].line.clone());
            col.keys += 1;
            i += 1;
        }
        out.push(col);
    }
    out
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    match &app.mode {
        Mode::Normal => {}
        Mode::Help => draw_help(frame, app, area),
        Mode::Input { prompt, value, error } => draw_input(frame, area, prompt, value, error.as_deref()),
        Mode::Jump(j) => draw_jump(frame, app, area, j),
        Mode::Pick(p) => draw_pick(frame, area, p),
        Mode::Confirm(c) => draw_confirm(frame, area, c),
    }
}

/// The help overlay: every key of the key map with what it does.
fn draw_help(frame: &mut Frame, app: &App, area: Rect) {
    // Entries flow into as many 76-column columns as fit; what does not fit scrolls with up/down.
    let keys_w = ACTIONS.iter().map(|(a, ..)| app.shared.keymap.keys_of(*a).chars().count()).max().unwrap_or(8) + 2;
    let entries: Vec<HelpEntry> = ACTIONS
        .iter()
        .map(|(action, _, g, what)| HelpEntry {
            group: g,
            line: Line::from(vec![
                Span::styled(
                    format!("  {:<keys_w$}", app.shared.keymap.keys_of(*action)),
                    Style::new().fg(Color::Yellow),
                ),
                Span::raw(what.to_string()),
            ]),
        })
        .collect();
    let r = Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2));
    frame.render_widget(Clear, r);
    let title =
        " Keys, from the key map (override: ~/.config/fleetplan/keybindings.toml) · up/down scroll · esc closes ";
    let block = Block::bordered().title(title).border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let cols = usize::from((inner.width / 76).max(1));
    let col_w = inner.width / cols as u16;
    let height = usize::from(inner.height.max(1));
    let all = help_columns(&entries, 0, height, cols);
    let start = if all.iter().map(|c| c.keys).sum::<usize>() == entries.len() {
        0
    } else {
        app.help_scroll.min(entries.len().saturating_sub(1))
    };
    for (c, column) in help_columns(&entries, start, height, cols).into_iter().enumerate() {
        let x = inner.x + c as u16 * col_w;
        let w = col_w.min(inner.right().saturating_sub(x));
        frame.render_widget(Paragraph::new(column.lines), Rect::new(x, inner.y, w, inner.height));
    }
}

/// A prompt with its value, the cursor and the live validation's message.
fn draw_input(frame: &mut Frame, area: Rect, prompt: &Prompt, value: &str, error: Option<&str>) {
    let r = centered(area, 70, 6);
    frame.render_widget(Clear, r);
    let mut lines =
        vec![Line::from(vec![Span::raw(value.to_string()), Span::styled("█", Style::new().fg(Color::Cyan))])];
    match error {
        Some(e) => lines.push(Line::styled(e.to_string(), Style::new().fg(Color::LightRed))),
        None => lines.push(Line::styled("enter applies · esc cancels", Style::new().fg(Color::DarkGray))),
    }
    let block = Block::bordered().title(format!(" {} ", prompt.title())).border_style(Style::new().fg(Color::Cyan));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), r);
}

/// The jump list: the query, and the halls, rows and findings that match it.
fn draw_jump(frame: &mut Frame, app: &App, area: Rect, j: &Jump) {
    let matches = app.shared.jump_matches(j);
    let r = centered(area, area.width.saturating_sub(2).min(140), area.height.saturating_sub(4).max(6));
    frame.render_widget(Clear, r);
    let title = if j.findings_only {
        format!(" Findings ({}) · type to filter · ↑↓ · enter jumps · esc closes ", matches.len())
    } else {
        format!(" Search halls, rows and findings ({}) · ↑↓ · enter jumps · esc closes ", matches.len())
    };
    let block = Block::bordered().title(title).border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let mut lines =
        vec![Line::from(vec![Span::raw(format!("/{}", j.query)), Span::styled("█", Style::new().fg(Color::Cyan))])];
    let visible = usize::from(inner.height.saturating_sub(1));
    let first = crate::tui::geometry::scroll(j.selected, visible, matches.len());
    for (i, e) in matches.iter().enumerate().skip(first).take(visible) {
        let kind_style = match e.kind {
            JumpKind::Finding => Style::new().fg(Color::LightRed),
            _ => Style::new().fg(Color::Gray),
        };
        // A text longer than the list is cut with an ellipsis, never mid-cell.
        let room = usize::from(inner.width).saturating_sub(8);
        let text = if crate::tui::widgets::display_width(&e.text) > room {
            crate::tui::widgets::keep_left(&e.text, room)
        } else {
            e.text.clone()
        };
        let mut line = Line::from(vec![Span::styled(format!("{:<8}", e.kind.label()), kind_style), Span::raw(text)]);
        if i == j.selected {
            line = line.style(Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD));
        }
        lines.push(line);
    }
    if matches.is_empty() {
        lines.push(Line::styled("nothing matches", Style::new().fg(Color::DarkGray)));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A setting's list of values.
fn draw_pick(frame: &mut Frame, area: Rect, p: &Pick) {
    let name = p.label.clone();
    let w = p.options.iter().map(|o| crate::tui::widgets::display_width(o)).max().unwrap_or(10).max(name.len() + 30)
        as u16
        + 6;
    let r = centered(area, w, p.options.len() as u16 + 2);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .title(format!(" {name} · ↑↓ · enter sets · esc cancels "))
        .border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let visible = usize::from(inner.height);
    let first = crate::tui::geometry::scroll(p.selected, visible, p.options.len());
    let lines: Vec<Line> = p
        .options
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, o)| {
            let style = if i == p.selected {
                Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
            } else {
                Style::new()
            };
            Line::styled(format!(" {o} "), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A question before something that cannot be undone.
fn draw_confirm(frame: &mut Frame, area: Rect, c: &Confirm) {
    let (title, text) = match c {
        Confirm::Quit => ("Unsaved changes", "(s) save and quit · (d) discard and quit · (esc) stay"),
        Confirm::RemoveHall => ("Remove hall", "Remove this hall and all its rows? (y) yes · (n) no"),
        Confirm::RemoveRow => ("Remove row", "Remove this row? (y) yes · (n) no"),
        Confirm::ChangedOnDisk => (
            "File changed on disk",
            "The file changed since it was opened (a git pull?). (r) reload it · (a) save as another name · (o) overwrite · (esc) cancel",
        ),
        Confirm::Reload => ("Reload", "Reload from disk and lose unsaved changes? (y) yes · (n) no"),
        Confirm::Recover => (
            "Unsaved edits recovered",
            "A session of this plan was stopped before its edits were saved; they were kept in PLAN.recovery. (r) restore them · (d) discard them · (k) keep the file for later",
        ),
        Confirm::OverwriteOther => {
            ("File exists", "Another file has that name. Overwrite it with this plan? (y) overwrite · (n) cancel")
        }
    };
    let r = centered(area, 64, 6);
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(format!(" {title} ")).border_style(Style::new().fg(Color::Yellow));
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(block), r);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(groups: &[(&'static str, usize)]) -> Vec<HelpEntry> {
        groups
            .iter()
            .flat_map(|(g, n)| (0..*n).map(move |k| HelpEntry { group: g, line: Line::raw(format!("  {g}{k}")) }))
            .collect()
    }

    fn text(c: &HelpColumn) -> Vec<String> {
        c.lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_group_heading_never_ends_a_column_and_a_continued_group_repeats_it() {
        // A (3 keys) and B (2 keys) in columns of 4 lines: "A, A0, A1, A2" fills the first; B's heading would be the
        // first column's 5th line, so B starts the second whole: "B, B0, B1".
        let e = entries(&[("A", 3), ("B", 2)]);
        let cols = help_columns(&e, 0, 4, 3);
        assert_eq!(text(&cols[0]), ["A", "  A0", "  A1", "  A2"]);
        assert_eq!(text(&cols[1]), ["B", "  B0", "  B1"]);
        // Columns of 5: A takes 4 lines, B's heading would be the 5th and last with no key under it, so it moves.
        let cols = help_columns(&e, 0, 5, 3);
        assert_eq!(text(&cols[0]), ["A", "  A0", "  A1", "  A2"]);
        // Columns of 3: A is split; its second column says so.
        let cols = help_columns(&e, 0, 3, 3);
        assert_eq!(text(&cols[0]), ["A", "  A0", "  A1"]);
        assert_eq!(text(&cols[1]), ["A (cont.)", "  A2"]);
        assert_eq!(text(&cols[2]), ["B", "  B0", "  B1"]);
        // Scrolled to the middle of a group: the heading is repeated on top.
        let cols = help_columns(&e, 1, 3, 1);
        assert_eq!(text(&cols[0]), ["A (cont.)", "  A1", "  A2"]);
        // Every key is shown exactly once over the columns.
        assert_eq!(help_columns(&e, 0, 3, 9).iter().map(|c| c.keys).sum::<usize>(), 5);
    }
}
