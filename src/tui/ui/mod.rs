//! Rendering: `draw` paints the whole screen from `&App` and changes nothing: the tab bar, the open screen (each
//! screen draws itself), the status bar and key hints, and the overlays (`dialog`). Where things are comes from
//! `geometry`, shared with mouse hit-testing, so a click lands where the renderer drew.

pub mod dialog;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Mode};
use super::geometry::{layout, tab_labels};
use super::keymap::Action;
use super::shared::Tab;
use super::widgets::{display_width, keep_left, keep_right};
use fleetplan_core::tables;

pub fn draw(frame: &mut Frame, app: &App) {
    let a = layout(frame.area());
    draw_tabs(frame, a.tabs, app);
    app.screens.draw(app.tab, frame, a.body, &app.shared);
    draw_status(frame, a.status, a.hints, app);
    dialog::draw(frame, app);
    // An error the status line cuts is shown whole until the next key.
    if let (Mode::Normal, true, Some((text, true))) = (&app.mode, app.shared.popup, &app.shared.message)
        && status_parts(app, usize::from(a.status.width)).1
    {
        dialog::draw_error_popup(frame, text);
        app.shared.popup_drawn.set(true);
    }
    make_terminal_safe(frame.buffer_mut());
    if no_color() {
        strip_colours(frame.buffer_mut());
    }
}

/// NO_COLOR (no-color.org): when it is set and not empty, the app draws without colours.
fn no_color() -> bool {
    static NO_COLOR: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *NO_COLOR.get_or_init(|| std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
}

/// Every cell in the terminal's own colours; a cell that was highlighted by a background colour (the cursor, a
/// selection, a tab) is shown in reverse video instead, so nothing that was visible disappears.
pub fn strip_colours(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        if cell.bg != Color::Reset {
            cell.modifier.insert(Modifier::REVERSED);
        }
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}

/// Plan data (site, hall and row names, messages) may hold control characters: any cell that would send one to the
/// terminal shows U+FFFD instead, so a name can never move the cursor or change the terminal's modes.
pub fn make_terminal_safe(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        if tables::terminal_safe(cell.symbol()) != cell.symbol() {
            cell.set_symbol("\u{fffd}");
        }
    }
}

fn draw_tabs(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    for (label, tab) in tab_labels(area.width, app.tab).into_iter().zip(Tab::ALL) {
        let style = if tab == app.tab {
            Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::Gray)
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    // The file and whether it is saved live in the status bar, which never loses them; here the plan's name.
    let scenario = app.shared.scenario_name().map_or(String::new(), |n| format!(" · scenario {n}"));
    spans.push(Span::styled(format!(" {}{scenario}", app.shared.doc.title()), Style::new().fg(Color::DarkGray)));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The status bar: the mode (and an open selection's slots, racks and MW) on the left, then the last message, and on
/// the right whether the plan is saved and its file, which is never cut away: when the line is short the message
/// gives way first, then the file's path from its left.
pub fn status_line(app: &App, width: usize) -> Line<'static> {
    status_parts(app, width).0
}

/// The status line, and whether it had to cut the message.
fn status_parts(app: &App, width: usize) -> (Line<'static>, bool) {
    let mode = match &app.mode {
        Mode::Normal => match app.shared.selection_summary() {
            Some((slots, racks, mw)) => format!(" SELECT {slots} slots · {racks} racks · {mw:.2} MW "),
            None => " NORMAL ".to_string(),
        },
        Mode::Help { .. } => " HELP ".to_string(),
        Mode::Messages { .. } => " MESSAGES ".to_string(),
        Mode::Input { .. } => " INPUT ".to_string(),
        Mode::Confirm(_) => " CONFIRM ".to_string(),
        Mode::Jump(j) if j.findings_only => " FINDINGS ".to_string(),
        Mode::Jump(_) => " SEARCH ".to_string(),
        Mode::Pick(_) => " PICK ".to_string(),
        Mode::Merge { .. } => " MERGE ".to_string(),
    };
    let dirty = if app.shared.doc.dirty() { "[modified] " } else { "" };
    let file = app.shared.doc.file_label();
    let mode_w = display_width(&mode);
    let right_w = |f: &str| display_width(dirty) + display_width(f) + 1;
    // The file, from its right end, when even the mode leaves it too little room.
    let room = width.saturating_sub(mode_w + display_width(dirty) + 2);
    let file = if display_width(&file) > room { keep_right(&file, room) } else { file };
    let (message, is_error) = app.shared.message.clone().unwrap_or_default();
    let free = width.saturating_sub(mode_w + right_w(&file) + 1);
    let cut = display_width(&message) > free;
    let message = if cut { keep_left(&message, free) } else { message };
    let pad = width.saturating_sub(mode_w + 1 + display_width(&message) + right_w(&file));
    let message_style = if is_error { Style::new().fg(Color::LightRed) } else { Style::new().fg(Color::Gray) };
    let line = Line::from(vec![
        Span::styled(mode, Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD)),
        Span::raw(" "),
        Span::styled(message, message_style),
        Span::raw(" ".repeat(pad)),
        Span::styled(dirty.to_string(), Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)),
        Span::styled(file, Style::new().fg(Color::Gray)),
        Span::raw(" "),
    ]);
    (line, cut)
}

fn draw_status(frame: &mut Frame, status: Rect, hints: Rect, app: &App) {
    frame.render_widget(Paragraph::new(status_line(app, usize::from(status.width))), status);
    let k = |a: Action| app.shared.keymap.key_of(a);
    // In a dialog the hints are the dialog's keys; the screen's come back with it closed.
    let modal: Option<Vec<(String, &str)>> = match &app.mode {
        Mode::Normal => None,
        Mode::Input { .. } => Some(vec![("enter".into(), "apply"), ("esc".into(), "cancel")]),
        Mode::Confirm(c) => Some(dialog::confirm_keys(c)),
        Mode::Help { .. } => Some(vec![("a-z".into(), "filter"), ("↑↓".into(), "scroll"), ("esc".into(), "close")]),
        Mode::Messages { .. } => Some(vec![("↑↓".into(), "scroll"), ("esc".into(), "close")]),
        Mode::Jump(_) => Some(vec![
            ("a-z".into(), "filter"),
            ("↑↓".into(), "select"),
            ("enter".into(), "jump there"),
            ("esc".into(), "close"),
        ]),
        Mode::Pick(_) => Some(vec![("↑↓".into(), "select"), ("enter".into(), "set"), ("esc".into(), "cancel")]),
        Mode::Merge { .. } => Some(vec![
            ("m".into(), "mine there"),
            ("t".into(), "theirs there"),
            ("o".into(), "all mine"),
            ("r".into(), "all theirs"),
            ("a".into(), "save as"),
            ("esc".into(), "cancel"),
        ]),
    };
    if let Some(items) = modal {
        let spans: Vec<Span> = items
            .into_iter()
            .flat_map(|(key, what)| {
                [
                    Span::styled(format!(" {key} "), Style::new().fg(Color::Black).bg(Color::DarkGray)),
                    Span::raw(format!(" {what}  ")),
                ]
            })
            .collect();
        frame.render_widget(Paragraph::new(Line::from(spans)), hints);
        return;
    }
    let selecting = app.shared.anchor.is_some() && app.tab == Tab::Hall;
    let items: Vec<(String, &str)> = match app.tab {
        // A selection is open: what acts on it.
        Tab::Hall if selecting => vec![
            (k(Action::Fill), "fill it"),
            (k(Action::Clear), "empty it"),
            (k(Action::Replace), "replace its racks"),
            (k(Action::Select), "end it"),
            (k(Action::Cancel), "drop it"),
        ],
        Tab::Site => vec![
            (k(Action::Activate), "open hall"),
            (k(Action::Search), "search"),
            (k(Action::AddHall), "add hall"),
            (k(Action::FillSite), "fill site"),
        ],
        Tab::Hall => vec![
            (k(Action::Place), "place"),
            (k(Action::Remove), "remove"),
            (k(Action::NextBrush), "brush"),
            (k(Action::Select), "select"),
            (k(Action::Fill), "fill"),
            (k(Action::Undo), "undo"),
        ],
        Tab::Parameters => vec![
            (k(Action::Activate), "edit"),
            (k(Action::Search), "filter"),
            (k(Action::Remove), "reset"),
            (k(Action::Undo), "undo"),
        ],
        Tab::Supply => vec![(k(Action::NextScenario), "scenario"), (k(Action::MonteCarlo), "Monte Carlo")],
        Tab::Inference => vec![("←→".to_string(), "model"), ("↑↓".to_string(), "platform")],
        Tab::Power => vec![(k(Action::TabParameters), "parameters")],
        Tab::Compare => vec![(k(Action::CompareWith), "compare with")],
    };
    // Help is always shown (it lists everything); the others as long as they fit whole, the screen's own first.
    let common = [(k(Action::Save), "save"), (k(Action::Messages), "messages"), (k(Action::Quit), "quit")];
    let help = (k(Action::Help), "help");
    let width = |key: &str, what: &str| display_width(key) + display_width(what) + 5;
    let mut room = usize::from(hints.width).saturating_sub(width(&help.0, help.1));
    let mut spans = Vec::new();
    for (key, what) in items.into_iter().chain(common).chain([help.clone()]) {
        let w = width(&key, what);
        if (key.as_str(), what) != (help.0.as_str(), help.1) {
            if w > room {
                continue;
            }
            room -= w;
        }
        spans.push(Span::styled(format!(" {key} "), Style::new().fg(Color::Black).bg(Color::DarkGray)));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), hints);
}
