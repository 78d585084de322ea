//! Hall layout screen: the rows × slots grid of the selected hall, coloured by platform, with the cursor, the
//! selection and over-limit rows marked, and a side panel of live figures for the rack, row, hall and site.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::tui::geometry::{self, CELL_W};
use crate::tui::keymap::Action;
use crate::tui::shared::{Effect, Shared};
use crate::tui::widgets::{display_width, heading, kv, num, platform_color};
use fleetplan_core::model::{SiteOutcome, ViolationKind};
use fleetplan_core::plan::{EMPTY_SLOT, Hall};
use fleetplan_core::units::{kw, kw_to_mw, lpm_to_m3h};

/// The Hall screen edits the cursor's hall; the cursor, selection and brush are shared with the Site screen's
/// fills, so it keeps no state of its own.
#[derive(Debug, Default)]
pub struct HallScreen;

impl HallScreen {
    pub fn handle(&mut self, a: Action, sh: &mut Shared) -> Effect {
        let page = geometry::page_rows(sh.area) as isize;
        let c = sh.cursor;
        match a {
            Action::Left => move_cursor(sh, 0, -1),
            Action::Right => move_cursor(sh, 0, 1),
            Action::Up => move_cursor(sh, -1, 0),
            Action::Down => move_cursor(sh, 1, 0),
            Action::PageUp => move_cursor(sh, -page, 0),
            Action::PageDown => move_cursor(sh, page, 0),
            Action::RowStart => move_cursor(sh, 0, -(c.slot as isize)),
            // The last slot of the current row (rows may differ in length).
            Action::RowEnd => {
                let len = sh.row_string(c.hall, c.row).map_or(0, |r| r.chars().count());
                sh.cursor.slot = len.saturating_sub(1);
            }
            Action::FirstRow => move_cursor(sh, -(1 << 20), 0),
            Action::LastRow => move_cursor(sh, 1 << 20, 0),
            Action::Select => sh.anchor = if sh.anchor.is_some() { None } else { Some((c.row, c.slot)) },
            Action::Place => sh.set_cells(&[(c.row, c.slot)], sh.brush_symbol(), "place"),
            Action::Remove => sh.set_cells(&[(c.row, c.slot)], Some(EMPTY_SLOT), "remove"),
            Action::Cycle => sh.cycle(),
            Action::Fill => {
                let cells = sh.selection_or_row();
                sh.anchor = None;
                sh.fill(cells, None, "fill");
            }
            Action::Clear => {
                let cells = sh.selection_or_row();
                sh.anchor = None;
                sh.set_cells(&cells, Some(EMPTY_SLOT), "clear");
            }
            Action::FillHall => {
                let cells = sh.hall_cells(c.hall);
                sh.fill(cells, None, "fill hall");
            }
            Action::Replace => sh.replace_with_brush(),
            Action::CopyRow => sh.copy_row(),
            _ => return sh.layout_action(a),
        }
        Effect::Done
    }

    /// A click moves the cursor to a slot; a second click on it places the brush.
    pub fn click(&mut self, body: Rect, pos: Position, sh: &mut Shared) -> Effect {
        match geometry::cell_at(sh, body, pos) {
            Some((row, slot)) if (row, slot) == (sh.cursor.row, sh.cursor.slot) => self.handle(Action::Place, sh),
            Some((row, slot)) => {
                sh.cursor.row = row;
                sh.cursor.slot = slot;
                Effect::Done
            }
            None => Effect::Ignored,
        }
    }
}

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

impl HallScreen {
    pub fn draw(&self, frame: &mut Frame, body: Rect, sh: &Shared) {
        let g = geometry::hall(sh, body);
        let Some(hall) = sh.hall() else {
            frame.render_widget(
                Paragraph::new("This site has no hall. Add one with the add-hall key (see help).")
                    .block(Block::bordered()),
                body,
            );
            return;
        };
        let c = sh.cursor;
        let so = &sh.doc.eval.outcome.sites[c.site];
        let brush = sh.doc.eval.plan.legend.get(sh.brush);
        let title = format!(
            " {} · {} · {} rows · brush {} ",
            hall.name,
            hall.energised,
            hall.rows.len(),
            brush.map_or("-".into(), |b| format!("{} {}@{} {} kW", b.symbol, b.platform.id, b.profile, kw(b.rack_kw)))
        );
        let block = Block::bordered().title(title).border_style(Style::new().fg(Color::Cyan));
        let inner = block.inner(g.grid);
        frame.render_widget(block, g.grid);

        draw_grid(frame, inner, sh, &g, hall, so);
        if let Some(panel) = g.panel {
            draw_figures(frame, panel, sh, hall, so);
        }
    }
}

/// The slot ruler and the rows of slots, with the cursor, the selection and rows over their busway marked.
fn draw_grid(frame: &mut Frame, inner: Rect, sh: &Shared, g: &geometry::HallGeometry, hall: &Hall, so: &SiteOutcome) {
    let c = sh.cursor;
    let sel = sh.anchor.map(|(r, s)| (r.min(c.row), r.max(c.row), s.min(c.slot), s.max(c.slot)));
    let width = sh.hall_width();
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
                        format!("{} ", sh.doc.eval.plan.legend[i].symbol),
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
}

/// The figures panel: the rack under the cursor, its row, the hall and the site, and the findings that concern them.
fn draw_figures(frame: &mut Frame, panel: Rect, sh: &Shared, hall: &Hall, so: &SiteOutcome) {
    let c = sh.cursor;
    let row_offset: usize = sh.doc.eval.plan.sites[c.site].halls[..c.hall].iter().map(|h| h.rows.len()).sum();
    let ho = &so.halls[c.hall];
    let site = &sh.doc.eval.plan.sites[c.site];
    let mut p = Vec::new();
    let rack = so
        .racks_detail
        .iter()
        .find(|k| k.hall as usize == c.hall && k.row as usize == c.row && k.slot as usize == c.slot);
    let row_name = hall.rows.get(c.row).map_or("-", |r| r.name.as_str());
    p.push(heading(format!("Rack {row_name}/{}", c.slot + 1)));
    match rack {
        Some(k) => {
            let rt = &sh.doc.eval.plan.legend[usize::from(k.rack_type)];
            p.push(kv("platform", format!("{} @{}", rt.platform.id, rt.profile)));
            p.push(kv("IT", format!("{} kW", kw(k.it_kw))));
            p.push(kv("coolant", format!("{} L/min", num(k.flow_lpm))));
        }
        None => p.push(kv("slot", "empty".into())),
    }
    if let Some(ro) = so.rows.get(row_offset + c.row) {
        p.push(heading(format!("Row {row_name}")));
        p.push(kv("racks", format!("{} · {} GPUs", ro.racks, fleetplan_core::tables::integer(u64::from(ro.gpus)))));
        p.push(kv(
            "IT",
            match hall.row_busway_kw {
                Some(b) => format!("{} / {} kW", kw(ro.it_kw), kw(b)),
                None => format!("{} kW", kw(ro.it_kw)),
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
    if let (Some(q), Some(name)) = (sh.hall_complete(c.site, c.hall), sh.scenario_name()) {
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
    let here: Vec<&fleetplan_core::model::Violation> =
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

/// Moves the cursor by rows and slots within the hall.
fn move_cursor(sh: &mut Shared, dr: isize, ds: isize) {
    let rows = sh.hall().map_or(0, |h| h.rows.len());
    let w = sh.hall_width();
    sh.cursor.row = (sh.cursor.row as isize + dr).clamp(0, rows.saturating_sub(1) as isize) as usize;
    sh.cursor.slot = (sh.cursor.slot as isize + ds).clamp(0, w as isize - 1) as usize;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::geometry::MAX_NAME_W;

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
