//! Overlays: help (generated from the key map), prompts with live validation, and questions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::app::{App, Confirm, Mode, Prompt, Tab};
use crate::tui::jump::Jump;
use crate::tui::jump::JumpKind;
use crate::tui::keymap::ACTIONS;
use crate::tui::keymap::Action;
use crate::tui::shared::Pick;
use crate::tui::widgets::plural;
use fleetplan_core::tables;

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
        Mode::Help { filter } => draw_help(frame, app, area, filter),
        Mode::Messages { scroll } => draw_messages(frame, app, area, *scroll),
        Mode::Input { prompt, value, error } => {
            // A prompt about a hall or row names it.
            let about = match prompt {
                Prompt::RenameHall | Prompt::Energised => app.shared.hall().map(|h| format!("hall {}", h.name)),
                Prompt::RenameRow => app
                    .shared
                    .hall()
                    .and_then(|h| h.rows.get(app.shared.cursor.row).map(|r| format!("row {}/{}", h.name, r.name))),
                _ => None,
            };
            draw_input(frame, area, prompt, about.as_deref(), value, error.as_deref());
        }
        Mode::Jump(j) => draw_jump(frame, app, area, j),
        Mode::Pick(p) => draw_pick(frame, area, p),
        Mode::Confirm(c) => draw_confirm(frame, app, area, c),
        Mode::Merge { conflicts, scroll, .. } => draw_merge(frame, area, conflicts, *scroll),
    }
}

/// The open screen's keys, with what each does there: the help's first group.
fn screen_keys(tab: Tab) -> (&'static str, Vec<(Action, &'static str)>) {
    use Action as A;
    match tab {
        Tab::Site => (
            "Site screen",
            vec![
                (A::Activate, "open the selected hall's layout"),
                (A::Up, "select a hall (arrows move by block)"),
                (A::AddHall, "add a hall after the selected one"),
                (A::RemoveHall, "remove the selected hall"),
                (A::RenameHall, "rename it"),
                (A::SetEnergised, "set the quarter it is energised"),
                (A::HallUp, "move it up"),
                (A::HallDown, "move it down"),
                (A::CopyHall, "copy it"),
                (A::Paste, "paste the copied hall after it"),
                (A::FillSite, "fill every hall's empty slots up to the grid envelope"),
                (A::FillTarget, "fill up to an IT target in MW"),
                (A::Cycle, "sort the halls table (headroom, use, busway, findings)"),
                (A::Findings, "the findings, to jump to a hall or row"),
                (A::NextSite, "next site"),
            ],
        ),
        Tab::Hall => (
            "Hall screen",
            vec![
                (A::Left, "move in the layout (with up, down, right)"),
                (A::Place, "place the brush in the slot"),
                (A::Remove, "empty the slot"),
                (A::Cycle, "cycle the slot through the legend"),
                (A::NextBrush, "next brush"),
                (A::AddBrush, "add a brush (legend entry)"),
                (A::Select, "start / end a selection"),
                (A::Fill, "fill the selection (or row) within every limit"),
                (A::FillHall, "fill the hall's empty slots"),
                (A::Clear, "empty the selection (or row)"),
                (A::Replace, "replace the selection's racks with the brush"),
                (A::CopyRow, "copy the row"),
                (A::Paste, "paste the copied row onto this one"),
                (A::AddRow, "add an empty row below"),
                (A::RemoveRow, "remove the row"),
                (A::RenameRow, "rename the row"),
                (A::NextHall, "next hall"),
                (A::Undo, "undo (the message names the edit)"),
            ],
        ),
        Tab::Parameters => (
            "Parameters screen",
            vec![
                (A::Up, "select a setting (with down, page keys)"),
                (A::Activate, "edit it (a list for a choice)"),
                (A::Remove, "reset it to its default"),
                (A::Search, "filter the settings by words (in the key or its help)"),
                (A::NextHall, "show the next hall's keys"),
                (A::PrevHall, "show the previous hall's keys"),
                (A::Undo, "undo"),
            ],
        ),
        Tab::Supply => (
            "Supply screen",
            vec![
                (A::NextScenario, "next supply scenario (also right)"),
                (A::PrevScenario, "previous scenario (also left)"),
                (A::MonteCarlo, "run the Monte Carlo (P10 / P50 / P90)"),
                (A::Up, "scroll the sites (with down)"),
                (A::PageDown, "scroll the quarters"),
            ],
        ),
        Tab::Inference => (
            "Inference screen",
            vec![
                (A::Left, "previous model of the mix (right: next)"),
                (A::Up, "previous platform (down: next)"),
                (A::PageDown, "scroll what each site and hall serves"),
            ],
        ),
        Tab::Power => ("Power screen", vec![(A::TabParameters, "the settings behind these figures")]),
        Tab::Compare => (
            "Compare screen",
            vec![
                (A::CompareWith, "compare with another plan file or a supply scenario (@name)"),
                (A::Down, "scroll (with up, page keys)"),
            ],
        ),
    }
}

/// The help overlay: the open screen's keys, then every key of the key map; typing filters both.
fn draw_help(frame: &mut Frame, app: &App, area: Rect, filter: &str) {
    // Entries flow into as many 76-column columns as fit; what does not fit scrolls with up/down.
    let keys_w = ACTIONS.iter().map(|(a, ..)| app.shared.keymap.keys_of(*a).chars().count()).max().unwrap_or(8) + 2;
    let (screen, own) = screen_keys(app.tab);
    let wanted = filter.to_lowercase();
    let entry = |group: &'static str, action: Action, what: &str| -> Option<HelpEntry> {
        let keys = app.shared.keymap.keys_of(action);
        let shows = wanted.is_empty()
            || what.to_lowercase().contains(&wanted)
            || keys.to_lowercase().contains(&wanted)
            || group.to_lowercase().contains(&wanted);
        shows.then(|| HelpEntry {
            group,
            line: Line::from(vec![
                Span::styled(format!("  {keys:<keys_w$}"), Style::new().fg(Color::Yellow)),
                Span::raw(what.to_string()),
            ]),
        })
    };
    let entries: Vec<HelpEntry> = own
        .iter()
        .filter_map(|(a, what)| entry(screen, *a, what))
        .chain(ACTIONS.iter().filter_map(|(action, _, g, what)| entry(g, *action, what)))
        .collect();
    let r = Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2));
    frame.render_widget(Clear, r);
    let title = if filter.is_empty() {
        format!(" Keys: {screen} first · type to filter · ↑↓ scroll · esc closes ")
    } else {
        format!(" Keys matching \"{filter}\" ({}) · backspace · esc closes ", entries.len())
    };
    let block = Block::bordered().title(title).border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if entries.is_empty() {
        frame.render_widget(Paragraph::new(format!("  no key matches \"{filter}\"")), inner);
        return;
    }
    let cols = usize::from((inner.width / 76).max(1));
    let col_w = inner.width / cols as u16;
    let height = usize::from(inner.height.saturating_sub(1).max(1));
    // Scrolled no further than the start that shows the last key at the bottom: never into a blank page.
    let fits_from =
        |s: usize| help_columns(&entries, s, height, cols).iter().map(|c| c.keys).sum::<usize>() == entries.len() - s;
    let last_start = (0..entries.len()).find(|&s| fits_from(s)).unwrap_or(0);
    let start = app.help_scroll.min(last_start);
    let shown = help_columns(&entries, start, height, cols);
    let last = start + shown.iter().map(|c| c.keys).sum::<usize>();
    for (c, column) in shown.into_iter().enumerate() {
        let x = inner.x + c as u16 * col_w;
        let w = col_w.min(inner.right().saturating_sub(x));
        frame.render_widget(Paragraph::new(column.lines), Rect::new(x, inner.y, w, inner.height.saturating_sub(1)));
    }
    // Where the view is in the list, and where the override file is.
    let foot =
        format!("  keys {}-{} of {} · override: ~/.config/fleetplan/keybindings.toml", start + 1, last, entries.len());
    let foot_area = Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1);
    frame.render_widget(Paragraph::new(Line::styled(foot, Style::new().fg(Color::DarkGray))), foot_area);
}

/// The message log: every message of the session, newest first, each whole (wrapped) with its time.
fn draw_messages(frame: &mut Frame, app: &App, area: Rect, scroll: usize) {
    let r = Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2));
    frame.render_widget(Clear, r);
    let log = &app.shared.log;
    let title = format!(
        " Messages ({}, newest first, times UTC) · up/down scroll · esc closes ",
        tables::count_or_number(log.len() as f64)
    );
    let block = Block::bordered().title(title).border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if log.is_empty() {
        frame.render_widget(Paragraph::new("  no messages yet"), inner);
        return;
    }
    let lines: Vec<Line> = log
        .iter()
        .rev()
        .skip(scroll)
        .map(|m| {
            let style = if m.error { Style::new().fg(Color::LightRed) } else { Style::new() };
            Line::from(vec![
                Span::styled(format!("{} ", m.clock()), Style::new().fg(Color::DarkGray)),
                Span::styled(m.text.clone(), style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// The last error, whole, when the status line cuts it: a key dismisses it (and the log keeps it).
pub fn draw_error_popup(frame: &mut Frame, text: &str) {
    let area = frame.area();
    let w = area.width.saturating_sub(4).min(100);
    // Lines the text wraps to at that width, plus the border and the hint.
    let inner_w = usize::from(w.saturating_sub(2)).max(1);
    let lines = crate::tui::widgets::display_width(text).div_ceil(inner_w) as u16 + 1;
    let r = centered(area, w, (lines + 2).min(area.height.saturating_sub(2)));
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(" Not done ").border_style(Style::new().fg(Color::LightRed));
    let body = vec![
        Line::styled(text.to_string(), Style::new().fg(Color::LightRed)),
        Line::styled("any key closes · the message log (M) keeps it", Style::new().fg(Color::DarkGray)),
    ];
    frame.render_widget(Paragraph::new(body).wrap(Wrap { trim: false }).block(block), r);
}

/// A prompt with its value, the cursor and the live validation's message.
fn draw_input(frame: &mut Frame, area: Rect, prompt: &Prompt, about: Option<&str>, value: &str, error: Option<&str>) {
    let r = centered(area, 70, 6);
    frame.render_widget(Clear, r);
    let mut lines =
        vec![Line::from(vec![Span::raw(value.to_string()), Span::styled("█", Style::new().fg(Color::Cyan))])];
    match error {
        Some(e) => lines.push(Line::styled(e.to_string(), Style::new().fg(Color::LightRed))),
        None => lines.push(Line::styled("enter applies · esc cancels", Style::new().fg(Color::DarkGray))),
    }
    let title = about.map_or_else(|| prompt.title(), |a| format!("{}: {a}", prompt.title()));
    let block = Block::bordered().title(format!(" {title} ")).border_style(Style::new().fg(Color::Cyan));
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

/// Each question's keys, the one enter gives first: one convention for every dialog (enter does what the title
/// asks, esc leaves everything as it was; a letter picks another answer).
pub fn confirm_keys(c: &Confirm) -> Vec<(String, &'static str)> {
    let k = |key: &str, what: &'static str| (key.to_string(), what);
    match c {
        Confirm::Quit => vec![k("enter", "save and quit"), k("d", "discard and quit"), k("esc", "stay")],
        Confirm::RemoveHall | Confirm::RemoveRow => vec![k("enter", "remove"), k("esc", "keep it")],
        Confirm::ChangedOnDisk => vec![
            k("enter", "merge both and save"),
            k("r", "reload theirs"),
            k("o", "overwrite with mine"),
            k("a", "save as"),
            k("esc", "cancel"),
        ],
        Confirm::Reload => vec![k("enter", "reload"), k("esc", "keep editing")],
        Confirm::Recover => vec![k("enter", "restore"), k("d", "discard"), k("esc", "keep the file for later")],
        Confirm::OverwriteOther => vec![k("enter", "overwrite"), k("esc", "cancel")],
    }
}

/// A question before something that cannot be undone, naming what it acts on.
fn draw_confirm(frame: &mut Frame, app: &App, area: Rect, c: &Confirm) {
    let sh = &app.shared;
    let file = sh.doc.file_label();
    let edits = |n: usize| plural(n as u64, "edit");
    let unsaved = edits(sh.doc.unsaved_edits());
    let hall = sh.hall();
    let racks = |rows: &mut dyn Iterator<Item = &fleetplan_core::plan::Row>| -> usize {
        rows.map(|r| r.slots.iter().flatten().count()).sum()
    };
    let (title, text) = match c {
        Confirm::Quit => (format!("Unsaved changes in {file}"), format!("{unsaved} not saved. Save them before quitting?")),
        Confirm::RemoveHall => {
            let (name, rows, n) =
                hall.map_or((String::new(), 0, 0), |h| (h.name.clone(), h.rows.len(), racks(&mut h.rows.iter())));
            (
                format!("Remove hall {name}"),
                format!(
                    "Remove hall {name}, its {} and {}? Undo brings them back.",
                    plural(rows as u64, "row"),
                    plural(n as u64, "rack")
                ),
            )
        }
        Confirm::RemoveRow => {
            let row = hall.and_then(|h| h.rows.get(sh.cursor.row).map(|r| (h.name.clone(), r)));
            let (h, name, n) =
                row.map_or((String::new(), String::new(), 0), |(h, r)| (h, r.name.clone(), racks(&mut std::iter::once(r))));
            (
                format!("Remove row {h}/{name}"),
                format!("Remove row {name} of {h} and its {}? Undo brings them back.", plural(n as u64, "rack")),
            )
        }
        Confirm::ChangedOnDisk => (
            format!("{file} changed on disk"),
            format!(
                "The file changed since it was last read or saved (a git pull, a teammate's edit), and you have \
                 {unsaved} not saved. Merge both? Edits to different lines combine; lines both changed are shown side \
                 by side for you to choose, and nothing is written until you do."
            ),
        ),
        Confirm::Reload => {
            (format!("Reload {file}"), format!("Reload it from disk and drop {unsaved} not saved? Undo cannot bring them back."))
        }
        Confirm::Recover => (
            format!("Unsaved edits of {file} recovered"),
            "A session of this plan was stopped before its edits were saved; they were kept in PLAN.recovery beside it. \
             Restore them?"
                .to_string(),
        ),
        Confirm::OverwriteOther => {
            let other = app.pending_save_as().map_or_else(String::new, |p| p.display().to_string());
            (format!("{other} exists"), format!("Another file is called {other}. Overwrite it with this plan?"))
        }
    };
    let keys: Vec<String> = confirm_keys(c).into_iter().map(|(k, w)| format!("{k}: {w}")).collect();
    let w = 72.min(area.width);
    let inner_w = usize::from(w.saturating_sub(2)).max(1);
    let h = (crate::tui::widgets::display_width(&text).div_ceil(inner_w) + keys.join(" · ").len().div_ceil(inner_w) + 3)
        as u16;
    let r = centered(area, w, h.max(5));
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(format!(" {title} ")).border_style(Style::new().fg(Color::Yellow));
    let body = vec![Line::raw(text), Line::raw(""), Line::styled(keys.join(" · "), Style::new().fg(Color::Cyan))];
    frame.render_widget(Paragraph::new(body).wrap(Wrap { trim: true }).block(block), r);
}

/// The edits that overlap, side by side: yours on the left, the file's on the right, with where they are.
fn draw_merge(frame: &mut Frame, area: Rect, conflicts: &[crate::tui::document::Conflict], scroll: usize) {
    let r = Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(2));
    frame.render_widget(Clear, r);
    let n = conflicts.len();
    let title = format!(
        " {} of both · m: mine there, t: theirs there (all else of both kept) · o: all mine · r: all theirs · esc ",
        if n == 1 { "One line changed on".to_string() } else { format!("{n} places changed on") }
    );
    let block = Block::bordered().title(title).border_style(Style::new().fg(Color::Yellow));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let half = inner.width / 2;
    let (mut left, mut right): (Vec<Line>, Vec<Line>) = (Vec::new(), Vec::new());
    let head = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
    for c in conflicts {
        left.push(Line::styled(format!("line {}: yours", c.line), head));
        right.push(Line::styled(format!("line {}: on disk", c.line), head));
        for i in 0..c.ours.len().max(c.theirs.len()) {
            left.push(Line::raw(c.ours.get(i).cloned().unwrap_or_default()));
            right.push(Line::raw(c.theirs.get(i).cloned().unwrap_or_default()));
        }
        left.push(Line::raw(""));
        right.push(Line::raw(""));
    }
    let scroll = scroll.min(left.len().saturating_sub(1)) as u16;
    frame.render_widget(Paragraph::new(left).scroll((scroll, 0)), Rect::new(inner.x, inner.y, half, inner.height));
    frame.render_widget(
        Paragraph::new(right).scroll((scroll, 0)).block(Block::new().borders(ratatui::widgets::Borders::LEFT)),
        Rect::new(inner.x + half, inner.y, inner.width - half, inner.height),
    );
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
