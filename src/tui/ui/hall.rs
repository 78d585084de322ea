//! Hall layout screen: the rows × slots grid of the selected hall, coloured by platform, with the cursor, the
//! selection and over-limit rows marked, and a side panel of live figures for the rack, row, hall and site.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::display_width;
use super::{heading, kv, num, platform_color, scroll};
use crate::model::ViolationKind;
use crate::tui::app::App;
use crate::units::{kw_to_mw, lpm_to_m3h};

/// The side panel's width: 34 columns on a narrow terminal, a quarter of a wide one (findings then wrap on fewer
/// lines), at most 60.
fn panel_width(body_w: u16) -> u16 {
    (body_w / 4).clamp(34, 60)
}
const CELL_W: u16 = 2;

struct Geometry {
    grid: Rect,
    panel: Option<Rect>,
    name_w: u16,
    first_row: usize,
    first_slot: usize,
    rows_visible: usize,
    slots_visible: usize,
}

fn geometry(app: &App, body: Rect) -> Geometry {
    let (grid, panel) = if body.width >= 70 {
        let [g, p] = Layout::horizontal([Constraint::Min(20), Constraint::Length(panel_width(body.width))]).areas(body);
        (g, Some(p))
    } else {
        (body, None)
    };
    let inner = Block::bordered().inner(grid);
    let hall = app.hall();
    // Row names take their display width (an emoji is two columns), at most MAX_NAME_W: a longer name is cut.
    let name_w =
        hall.map_or(3, |h| h.rows.iter().map(|r| display_width(&r.name)).max().unwrap_or(3)).min(MAX_NAME_W) as u16;
    let rows_visible = usize::from(inner.height.saturating_sub(1));
    let slots_visible = usize::from(inner.width.saturating_sub(name_w + 1) / CELL_W);
    let rows = hall.map_or(0, |h| h.rows.len());
    Geometry {
        grid,
        panel,
        name_w,
        first_row: scroll(app.cursor.row, rows_visible, rows),
        first_slot: scroll(app.cursor.slot, slots_visible, app.hall_width()),
        rows_visible,
        slots_visible,
    }
}

/// The (row, slot) under a click.
pub fn cell_at(app: &App, body: Rect, pos: Position) -> Option<(usize, usize)> {
    let g = geometry(app, body);
    let inner = Block::bordered().inner(g.grid);
    let x0 = inner.x + g.name_w + 1;
    let y0 = inner.y + 1;
    if pos.x < x0 || pos.y < y0 || pos.x >= inner.right() || pos.y >= inner.bottom() {
        return None;
    }
    let row = g.first_row + usize::from(pos.y - y0);
    let slot = g.first_slot + usize::from((pos.x - x0) / CELL_W);
    let rows = app.hall()?.rows.len();
    (row < rows && slot < app.hall_width()).then_some((row, slot))
}

/// Widest row-name column, in terminal columns; a longer name is cut with an ellipsis so the slots stay in view.
const MAX_NAME_W: usize = 16;

/// `s` right-aligned in `w` terminal columns: padded on the left, or cut to `w - 1` columns plus "…".
fn fit_right(s: &str, w: usize) -> String {
    let width = display_width(s);
    if width <= w {
        return format!("{}{s}", " ".repeat(w - width));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = display_width(c.encode_utf8(&mut [0; 4]));
        if used + cw > w.saturating_sub(1) {
            break;
        }
        out.push(c);
        used += cw;
    }
    format!("{}{out}…", " ".repeat(w.saturating_sub(1) - used))
}

pub fn draw(frame: &mut Frame, body: Rect, app: &App) {
    let g = geometry(app, body);
    let Some(hall) = app.hall() else {
        frame.render_widget(
            Paragraph::new("This site has no hall. Add one with the add-hall key (see help).").block(Block::bordered()),
            body,
        );
        return;
    };
    let c = app.cursor;
    let so = &app.eval.outcome.sites[c.site];
    let row_offset: usize = app.eval.plan.sites[c.site].halls[..c.hall].iter().map(|h| h.rows.len()).sum();
    let brush = app.eval.plan.legend.get(app.brush);
    let title = format!(
        " {} · {} · {} rows · brush {} ",
        hall.name,
        hall.energised,
        hall.rows.len(),
        brush.map_or("-".into(), |b| format!("{} {}@{} {} kW", b.symbol, b.platform.id, b.profile, num(b.rack_kw)))
    );
    let block = Block::bordered().title(title).border_style(Style::new().fg(Color::Cyan));
    let inner = block.inner(g.grid);
    frame.render_widget(block, g.grid);

    let sel = app.anchor.map(|(r, s)| (r.min(c.row), r.max(c.row), s.min(c.slot), s.max(c.slot)));
    let width = app.hall_width();
    let last_slot = (g.first_slot + g.slots_visible).min(width);
    let mut lines = Vec::with_capacity(g.rows_visible + 1);
    // Ruler: the number of the first visible slot and of every 5th slot, above its cell.
    let cells = (last_slot - g.first_slot) * usize::from(CELL_W);
    let mut buf = vec![' '; cells];
    for s in g.first_slot..last_slot {
        if s == g.first_slot || (s + 1).is_multiple_of(5) {
            let at = (s - g.first_slot) * usize::from(CELL_W);
            for (i, ch) in (s + 1).to_string().chars().enumerate() {
                if let Some(b) = buf.get_mut(at + i) {
                    *b = ch;
                }
            }
        }
    }
    let ruler = format!("{}{}", " ".repeat(usize::from(g.name_w) + 1), buf.into_iter().collect::<String>());
    lines.push(Line::styled(ruler, Style::new().fg(Color::DarkGray)));
    for (r, row) in hall.rows.iter().enumerate().skip(g.first_row).take(g.rows_visible) {
        let over = so
            .violations
            .iter()
            .any(|v| v.kind == ViolationKind::RowBusway && v.hall == Some(c.hall as u32) && v.row == Some(r as u32));
        let name_style = if over {
            Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD)
        } else if r == c.row {
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(Color::Gray)
        };
        let mut spans = vec![Span::styled(fit_right(&row.name, usize::from(g.name_w)), name_style)];
        spans.push(Span::styled(if over { "!" } else { " " }, Style::new().fg(Color::LightRed)));
        for s in g.first_slot..last_slot {
            let slot = row.slots.get(s).copied();
            let (text, mut style) = match slot {
                Some(Some(id)) => {
                    let i = usize::from(id);
                    (
                        format!("{} ", app.eval.plan.legend[i].symbol),
                        Style::new().fg(Color::Black).bg(platform_color(i)),
                    )
                }
                Some(None) => ("· ".to_string(), Style::new().fg(Color::DarkGray)),
                None => ("  ".to_string(), Style::new()),
            };
            if sel.is_some_and(|(r0, r1, s0, s1)| (r0..=r1).contains(&r) && (s0..=s1).contains(&s)) {
                style = style.add_modifier(Modifier::UNDERLINED).bg(Color::DarkGray).fg(Color::White);
            }
            if (r, s) == (c.row, c.slot) {
                style = style.add_modifier(Modifier::REVERSED | Modifier::BOLD);
            }
            spans.push(Span::styled(text, style));
        }
        lines.push(Line::from(spans));
    }
    frame.render_widget(Paragraph::new(lines), inner);

    let Some(panel) = g.panel else { return };
    let ho = &so.halls[c.hall];
    let site = &app.eval.plan.sites[c.site];
    let mut p = Vec::new();
    let rack = so
        .racks_detail
        .iter()
        .find(|k| k.hall as usize == c.hall && k.row as usize == c.row && k.slot as usize == c.slot);
    let row_name = hall.rows.get(c.row).map_or("-", |r| r.name.as_str());
    p.push(heading(format!("Rack {row_name}/{}", c.slot + 1)));
    match rack {
        Some(k) => {
            let rt = &app.eval.plan.legend[usize::from(k.rack_type)];
            p.push(kv("platform", format!("{} @{}", rt.platform.id, rt.profile)));
            p.push(kv("IT", format!("{} kW", num(k.it_kw))));
            p.push(kv("coolant", format!("{} L/min", num(k.flow_lpm))));
        }
        None => p.push(kv("slot", "empty".into())),
    }
    if let Some(ro) = so.rows.get(row_offset + c.row) {
        p.push(heading(format!("Row {row_name}")));
        p.push(kv("racks", format!("{} · {} GPUs", ro.racks, crate::tables::integer(u64::from(ro.gpus)))));
        p.push(kv(
            "IT",
            match hall.row_busway_kw {
                Some(b) => format!("{} / {} kW", num(ro.it_kw), num(b)),
                None => format!("{} kW", num(ro.it_kw)),
            },
        ));
        p.push(kv("coolant", format!("{} m³/h", num(lpm_to_m3h(ro.flow_lpm)))));
    }
    p.push(heading(hall.name.clone()));
    p.push(kv(
        "IT",
        match hall.it_mw_max {
            Some(m) => format!("{} / {} MW", num(kw_to_mw(ho.it_kw)), num(m)),
            None => format!("{} MW", num(kw_to_mw(ho.it_kw))),
        },
    ));
    p.push(kv("racks", format!("{} · {} CDUs", ho.racks, ho.cdus)));
    p.push(kv("pPUE", num(ho.ppue_annual)));
    if let (Some(q), Some(name)) = (app.hall_complete(c.site, c.hall), app.scenario_name()) {
        p.push(kv("complete", format!("{q} ({name})")));
    }
    p.push(heading(site.name.clone()));
    p.push(kv("IT", format!("{} MW", num(kw_to_mw(so.it_kw)))));
    p.push(kv("facility peak", format!("{} MW", num(kw_to_mw(so.facility_kw_peak)))));
    let headroom_style = if so.headroom_mw < 0.0 { Style::new().fg(Color::LightRed) } else { Style::new() };
    p.push(Line::from(vec![
        Span::styled(format!("{:<14}", "headroom"), Style::new().fg(Color::Gray)),
        Span::styled(format!("{} MW", num(so.headroom_mw)), headroom_style),
    ]));
    p.push(kv("PUE design", num(so.pue_design)));
    p.push(kv("PUE annual", num(so.pue_annual)));
    p.push(kv("trim", format!("{} h/yr", so.trim_hours)));
    let here: Vec<&crate::model::Violation> =
        so.violations.iter().filter(|v| v.hall.is_none() || v.hall == Some(c.hall as u32)).collect();
    if !here.is_empty() {
        p.push(heading(format!("Over limit ({})", here.len())));
        for v in here {
            p.push(Line::styled(format!("• {}", v.message), Style::new().fg(Color::LightRed)));
        }
    }
    // Findings wrap at word boundaries rather than being cut at the panel's edge.
    frame
        .render_widget(Paragraph::new(p).wrap(Wrap { trim: false }).block(Block::bordered().title(" Figures ")), panel);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_side_panel_grows_with_the_terminal() {
        // 80 columns: 80 / 4 = 20, raised to the 34 the figures need; 160: 40; 220: 55; 400: 100, capped at 60.
        assert_eq!(panel_width(80), 34);
        assert_eq!(panel_width(160), 40);
        assert_eq!(panel_width(220), 55);
        assert_eq!(panel_width(400), 60);
    }

    #[test]
    fn row_names_fit_their_column_by_display_width() {
        assert_eq!(fit_right("A01", 5), "  A01");
        // An emoji is two columns: "🚀1" is 3 columns wide, padded to 5 with 2 spaces (not 3 by characters).
        assert_eq!(fit_right("🚀1", 5), "  🚀1");
        assert_eq!(display_width(&fit_right("🚀1", 5)), 5);
        // Too long: cut to 4 columns plus the ellipsis.
        assert_eq!(fit_right("ABCDEFGH", 5), "ABCD…");
        assert_eq!(display_width(&fit_right(&"R".repeat(150), MAX_NAME_W)), MAX_NAME_W);
    }
}
