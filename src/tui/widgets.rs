//! Small drawing helpers every screen uses: display widths and cuts, numbers as the report prints them, label-value
//! lines, headings, bars and platform colours.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

/// Columns a string takes on a terminal (an emoji is two).
pub fn display_width(s: &str) -> usize {
    Span::raw(s).width()
}

/// The start of `s` in at most `w` columns, "…" marking the cut.
pub fn keep_left(s: &str, w: usize) -> String {
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
pub fn keep_right(s: &str, w: usize) -> String {
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

/// `s` in at most `w` columns: whole when it fits, else cut with "…".
pub fn fit(s: &str, w: usize) -> String {
    if display_width(s) > w { keep_left(s, w) } else { s.to_string() }
}

/// Numbers the way the report prints them; a figure that does not exist (PUE of a site without racks) as "n/a".
pub fn num(x: f64) -> String {
    if x.is_nan() { "n/a".to_string() } else { fleetplan_core::tables::number(x) }
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

pub use fleetplan_core::units::plural;
