//! Compare screen: the open plan against another plan file or a supply scenario: every site KPI with the delta
//! and the delta in %, coloured by better or worse, and what changed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::kpi::Better;

use super::num;
use crate::tui::app::App;
use crate::tui::keymap::Action;

pub fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let Some(other) = app.compare_with.as_ref() else {
        let text = format!(
            "Press {} and type a plan file (e.g. plans/campus-100mw.toml, or last week's copy) or @scenario (e.g. @risk) to compare the open plan with it.",
            app.keymap.key_of(Action::CompareWith)
        );
        frame.render_widget(
            Paragraph::new(text).wrap(Wrap { trim: true }).block(Block::bordered().title(" Compare ")),
            body,
        );
        return;
    };
    let inner_h = usize::from(body.height.saturating_sub(2));
    // What changed first, then every KPI.
    let changes: Vec<&crate::compare::DiffRow> = app.compare_rows.iter().filter(|r| r.kind != "kpi").collect();
    let mut lines = vec![Line::styled(format!("Changed ({}):", changes.len()), Style::new().fg(Color::Cyan))];
    for c in changes {
        lines.push(Line::raw(format!("  {} {}: {} -> {}", c.kind, c.name, c.a, c.b)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!("{:<24}{:>14}{:>14}{:>14}{:>9}", "KPI", "other", "this plan", "delta", "%"),
        Style::new().fg(Color::Gray),
    ));
    for r in app.compare_rows.iter().filter(|r| r.kind == "kpi") {
        let show = |x: f64| if r.is_count() { crate::tables::count_or_number(x) } else { num(x) };
        let fmt = |s: &str| s.parse::<f64>().map_or_else(|_| s.to_string(), show);
        let color = match (r.better(), r.delta) {
            (_, d) if d == 0.0 || !d.is_finite() => Color::Gray,
            (Some(Better::Higher), d) if d > 0.0 => Color::Green,
            (Some(Better::Lower), d) if d < 0.0 => Color::Green,
            (Some(_), _) => Color::LightRed,
            (None, _) => Color::White,
        };
        let name = if app.eval.plan.sites.len() > 1 { format!("{} {}", r.site, r.name) } else { r.name.clone() };
        lines.push(Line::from(vec![
            Span::raw(format!("{:<24}{:>14}{:>14}", name.chars().take(23).collect::<String>(), fmt(&r.a), fmt(&r.b))),
            Span::styled(
                format!(
                    "{:>14}{:>9}",
                    show(r.delta),
                    if r.delta_pct.is_finite() { format!("{:.1}", r.delta_pct) } else { String::new() }
                ),
                Style::new().fg(color),
            ),
        ]));
    }
    let scroll = app.compare_scroll.min(lines.len().saturating_sub(inner_h)) as u16;
    let title = format!(" This plan against {} (green: better, red: worse; up/down scroll) ", other.shown);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(Block::bordered().title(title)), body);
}
