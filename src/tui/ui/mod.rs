//! Rendering: `draw` paints the whole screen from `&App` and changes nothing. Geometry functions are shared with
//! mouse hit-testing, so a click lands where the renderer drew.

pub mod compare;
pub mod dialog;
pub mod hall;
pub mod inference;
pub mod params;
pub mod power;
pub mod site;
pub mod supply;

use crate::tables;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::{App, Mode, Tab};
use super::keymap::Action;

/// Where the screen's regions are.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub status: Rect,
    pub hints: Rect,
}

pub fn layout(area: Rect) -> Areas {
    let [tabs, body, status, hints] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    Areas { tabs, body, status, hints }
}

/// Rows a page-up / page-down moves.
pub fn page_rows(area: Rect) -> usize {
    usize::from(layout(area).body.height.saturating_sub(4)).max(1)
}

/// Platform colours by legend index.
pub fn platform_color(i: usize) -> Color {
    const PALETTE: [Color; 8] = [
        Color::Cyan,
        Color::Green,
        Color::Yellow,
        Color::Magenta,
        Color::Blue,
        Color::LightRed,
        Color::LightGreen,
        Color::LightCyan,
    ];
    PALETTE[i % PALETTE.len()]
}

/// First visible index so that `cursor` is in view, centred when the list scrolls; stateless.
pub fn scroll(cursor: usize, visible: usize, total: usize) -> usize {
    if visible == 0 || total <= visible {
        return 0;
    }
    cursor.saturating_sub(visible / 2).min(total - visible)
}

/// Numbers the way the report prints them; a figure that does not exist (PUE of a site without racks) as "n/a".
pub fn num(x: f64) -> String {
    if x.is_nan() { "n/a".to_string() } else { crate::tables::number(x) }
}

/// The tab bar's labels for a bar `width` columns wide: full titles when they fit, short ones (`3 Params`) when not
/// (80 columns), and on a narrower terminal the numbers with only the open screen's title.
fn tab_labels(width: u16, open: Tab) -> Vec<String> {
    let fits = |labels: &[String]| labels.iter().map(|l| display_width(l) + 1).sum::<usize>() <= usize::from(width);
    let full: Vec<String> = Tab::ALL.iter().enumerate().map(|(i, t)| format!(" {} {} ", i + 1, t.title())).collect();
    if fits(&full) {
        return full;
    }
    let short: Vec<String> = Tab::ALL.iter().enumerate().map(|(i, t)| format!(" {} {} ", i + 1, t.short())).collect();
    if fits(&short) {
        return short;
    }
    Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| if *t == open { format!(" {} {} ", i + 1, t.short()) } else { format!(" {} ", i + 1) })
        .collect()
}

/// Which tab a click on the tab bar hits.
pub fn tab_at(tabs: Rect, pos: Position, open: Tab) -> Option<Tab> {
    let mut x = tabs.x;
    for (label, tab) in tab_labels(tabs.width, open).iter().zip(Tab::ALL) {
        let w = display_width(label) as u16;
        if pos.x >= x && pos.x < x + w {
            return Some(tab);
        }
        x += w + 1;
    }
    None
}

pub fn draw(frame: &mut Frame, app: &App) {
    let a = layout(frame.area());
    draw_tabs(frame, a.tabs, app);
    match app.tab {
        Tab::Site => site::draw(frame, a.body, app),
        Tab::Hall => hall::draw(frame, a.body, app),
        Tab::Parameters => params::draw(frame, a.body, app),
        Tab::Supply => supply::draw(frame, a.body, app),
        Tab::Inference => inference::draw(frame, a.body, app),
        Tab::Power => power::draw(frame, a.body, app),
        Tab::Compare => compare::draw(frame, a.body, app),
    }
    draw_status(frame, a.status, a.hints, app);
    dialog::draw(frame, app);
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
    let scenario = app.scenario_name().map_or(String::new(), |n| format!(" · scenario {n}"));
    spans.push(Span::styled(format!(" {}{scenario}", app.plan_title()), Style::new().fg(Color::DarkGray)));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Columns a string takes on a terminal (an emoji is two).
pub(super) fn display_width(s: &str) -> usize {
    Span::raw(s).width()
}

/// The start of `s` in at most `w` columns, "…" marking the cut.
pub(super) fn keep_left(s: &str, w: usize) -> String {
    if w == 0 {
        return String::new();
    }
    let mut out = String::new();
    for c in s.chars() {
        if display_width(&out) + display_width(c.encode_utf8(&mut [0; 4])) > w - 1 {
            break;
        }
        out.push(c);
    }
    out + "…"
}

/// The end of `s` in at most `w` columns, "…" marking the cut (a path keeps its file name).
fn keep_right(s: &str, w: usize) -> String {
    if w == 0 {
        return String::new();
    }
    let mut out: Vec<char> = Vec::new();
    for c in s.chars().rev() {
        let now: String = out.iter().rev().collect();
        if display_width(&now) + display_width(c.encode_utf8(&mut [0; 4])) > w - 1 {
            break;
        }
        out.push(c);
    }
    let kept: String = out.into_iter().rev().collect();
    format!("…{kept}")
}

/// The status bar: the mode (and an open selection's slots, racks and MW) on the left, then the last message, and on
/// the right whether the plan is saved and its file, which is never cut away: when the line is short the message
/// gives way first, then the file's path from its left.
pub fn status_line(app: &App, width: usize) -> Line<'static> {
    let mode = match &app.mode {
        Mode::Normal => match app.selection_summary() {
            Some((slots, racks, mw)) => format!(" SELECT {slots} slots · {racks} racks · {mw:.2} MW "),
            None => " NORMAL ".to_string(),
        },
        Mode::Help => " HELP ".to_string(),
        Mode::Input { .. } => " INPUT ".to_string(),
        Mode::Confirm(_) => " CONFIRM ".to_string(),
        Mode::Jump(j) if j.findings_only => " FINDINGS ".to_string(),
        Mode::Jump(_) => " SEARCH ".to_string(),
        Mode::Pick(_) => " PICK ".to_string(),
    };
    let dirty = if app.dirty() { "[modified] " } else { "" };
    let file = app.file_label();
    let mode_w = display_width(&mode);
    let right_w = |f: &str| display_width(dirty) + display_width(f) + 1;
    // The file, from its right end, when even the mode leaves it too little room.
    let room = width.saturating_sub(mode_w + display_width(dirty) + 2);
    let file = if display_width(&file) > room { keep_right(&file, room) } else { file };
    let (message, is_error) = app.message.clone().unwrap_or_default();
    let free = width.saturating_sub(mode_w + right_w(&file) + 1);
    let message = if display_width(&message) > free { keep_left(&message, free) } else { message };
    let pad = width.saturating_sub(mode_w + 1 + display_width(&message) + right_w(&file));
    let message_style = if is_error { Style::new().fg(Color::LightRed) } else { Style::new().fg(Color::Gray) };
    Line::from(vec![
        Span::styled(mode, Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD)),
        Span::raw(" "),
        Span::styled(message, message_style),
        Span::raw(" ".repeat(pad)),
        Span::styled(dirty.to_string(), Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)),
        Span::styled(file, Style::new().fg(Color::Gray)),
        Span::raw(" "),
    ])
}

fn draw_status(frame: &mut Frame, status: Rect, hints: Rect, app: &App) {
    frame.render_widget(Paragraph::new(status_line(app, usize::from(status.width))), status);
    let k = |a: Action| app.keymap.key_of(a);
    let items: Vec<(String, &str)> = match app.tab {
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
        Tab::Parameters => vec![(k(Action::Activate), "edit"), (k(Action::Remove), "reset"), (k(Action::Undo), "undo")],
        Tab::Supply => vec![(k(Action::NextScenario), "scenario"), (k(Action::MonteCarlo), "Monte Carlo")],
        Tab::Inference => vec![("←→".to_string(), "model"), ("↑↓".to_string(), "platform")],
        Tab::Power => vec![(k(Action::TabParameters), "parameters")],
        Tab::Compare => vec![(k(Action::CompareWith), "compare with")],
    };
    let mut spans = Vec::new();
    let common = [(k(Action::Save), "save"), (k(Action::Help), "help"), (k(Action::Quit), "quit")];
    for (key, what) in items.into_iter().chain(common) {
        spans.push(Span::styled(format!(" {key} "), Style::new().fg(Color::Black).bg(Color::DarkGray)));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), hints);
}

/// `label value` lines for KPI panels.
pub fn kv(label: &str, value: String) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label:<14}"), Style::new().fg(Color::Gray)), Span::raw(value)])
}

/// A heading line for KPI panels.
pub fn heading(text: String) -> Line<'static> {
    Line::from(Span::styled(text, Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)))
}

/// A text bar of `width` cells filled to `frac` (0..1+), red above 1.
pub fn bar(frac: f64, width: usize) -> Span<'static> {
    let f = if frac.is_finite() { frac.max(0.0) } else { 0.0 };
    let filled = ((f.min(1.0)) * width as f64).round() as usize;
    let color = if f > 1.0 {
        Color::LightRed
    } else if f > 0.9 {
        Color::Yellow
    } else {
        Color::Green
    };
    Span::styled(format!("{}{}", "█".repeat(filled), "░".repeat(width - filled)), Style::new().fg(color))
}
