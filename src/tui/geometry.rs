//! Where things are on the screen, apart from drawing them: the screen's regions, the tab bar, and each screen's
//! grid, blocks, lists and columns. The renderer draws with these and the mouse hit-tests with the same ones, so a
//! click lands where the renderer drew; key handling uses them for page sizes and scroll limits.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::widgets::Block;

use super::shared::{Shared, Tab};
use super::widgets::display_width;

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

/// First visible index so that `cursor` is in view, centred when the list scrolls; stateless.
pub fn scroll(cursor: usize, visible: usize, total: usize) -> usize {
    if visible == 0 || total <= visible {
        return 0;
    }
    cursor.saturating_sub(visible / 2).min(total - visible)
}

// ---- tab bar ---------------------------------------------------------------------------------------------------

/// The tab bar's labels for a bar `width` columns wide: full titles when they fit, short ones (`3 Params`) when not
/// (80 columns), and on a narrower terminal the numbers with only the open screen's title.
pub fn tab_labels(width: u16, open: Tab) -> Vec<String> {
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

// ---- Hall screen -----------------------------------------------------------------------------------------------

/// Columns of one slot cell.
pub const CELL_W: u16 = 2;
/// Widest row-name column, in terminal columns; a longer name is cut with an ellipsis so the slots stay in view.
pub const MAX_NAME_W: usize = 16;

/// The hall screen's side panel width: 34 columns on a narrow terminal, a quarter of a wide one (findings then wrap
/// on fewer lines), at most 60.
pub fn panel_width(body_w: u16) -> u16 {
    (body_w / 4).clamp(34, 60)
}

pub struct HallGeometry {
    pub grid: Rect,
    pub panel: Option<Rect>,
    pub name_w: u16,
    pub first_row: usize,
    pub first_slot: usize,
    pub rows_visible: usize,
    pub slots_visible: usize,
}

pub fn hall(sh: &Shared, body: Rect) -> HallGeometry {
    let (grid, panel) = if body.width >= 70 {
        let [g, p] = Layout::horizontal([Constraint::Min(20), Constraint::Length(panel_width(body.width))]).areas(body);
        (g, Some(p))
    } else {
        (body, None)
    };
    let inner = Block::bordered().inner(grid);
    let hall = sh.hall();
    // Row names take their display width (an emoji is two columns), at most MAX_NAME_W: a longer name is cut.
    let name_w =
        hall.map_or(3, |h| h.rows.iter().map(|r| display_width(&r.name)).max().unwrap_or(3)).min(MAX_NAME_W) as u16;
    let rows_visible = usize::from(inner.height.saturating_sub(1));
    let slots_visible = usize::from(inner.width.saturating_sub(name_w + 1) / CELL_W);
    let rows = hall.map_or(0, |h| h.rows.len());
    HallGeometry {
        grid,
        panel,
        name_w,
        first_row: scroll(sh.cursor.row, rows_visible, rows),
        first_slot: scroll(sh.cursor.slot, slots_visible, sh.hall_width()),
        rows_visible,
        slots_visible,
    }
}

/// The (row, slot) under a click on the Hall screen.
pub fn cell_at(sh: &Shared, body: Rect, pos: Position) -> Option<(usize, usize)> {
    let g = hall(sh, body);
    let inner = Block::bordered().inner(g.grid);
    let x0 = inner.x + g.name_w + 1;
    let y0 = inner.y + 1;
    if pos.x < x0 || pos.y < y0 || pos.x >= inner.right() || pos.y >= inner.bottom() {
        return None;
    }
    let row = g.first_row + usize::from(pos.y - y0);
    let slot = g.first_slot + usize::from((pos.x - x0) / CELL_W);
    let rows = sh.hall()?.rows.len();
    (row < rows && slot < sh.hall_width()).then_some((row, slot))
}

// ---- Site screen -----------------------------------------------------------------------------------------------

pub const BLOCK_W: u16 = 26;
pub const BLOCK_H: u16 = 6;

/// Header lines above the findings: the site list, four lines of the site's figures, and for a multi-site plan
/// the fleet's totals.
pub fn site_header_lines(sh: &Shared) -> u16 {
    if sh.doc.eval.plan.sites.len() > 1 { 6 } else { 5 }
}

/// The Site header's height: its figures, and one line per finding up to a third of the screen (at least one line,
/// "No limit exceeded" or the first finding).
pub fn site_header_h(sh: &Shared, body: Rect) -> u16 {
    let findings = sh.doc.eval.outcome.sites.get(sh.cursor.site).map_or(0, |o| o.violations.len()) as u16;
    let head = site_header_lines(sh);
    head + findings.clamp(1, (body.height / 3).saturating_sub(head).max(1))
}

/// Hall blocks per line at this terminal size.
pub fn blocks_per_line(area: Rect) -> usize {
    let body = layout(area).body;
    usize::from((body.width.saturating_sub(2) / BLOCK_W).max(1))
}

pub struct SiteGeometry {
    pub blocks: Rect,
    pub per_line: usize,
    pub lines: usize,
    pub first_line: usize,
}

pub fn site(sh: &Shared, body: Rect) -> SiteGeometry {
    let [_, blocks] = Layout::vertical([Constraint::Length(site_header_h(sh, body)), Constraint::Min(0)]).areas(body);
    let per_line = usize::from((blocks.width / BLOCK_W).max(1));
    let lines = usize::from((blocks.height / BLOCK_H).max(1));
    let halls = sh.doc.eval.plan.sites.get(sh.cursor.site).map_or(0, |s| s.halls.len());
    let total_lines = halls.div_ceil(per_line);
    let first_line = scroll(sh.cursor.hall / per_line, lines, total_lines);
    SiteGeometry { blocks, per_line, lines, first_line }
}

/// The hall block under a click on the Site screen: (site, hall).
pub fn hall_at(sh: &Shared, body: Rect, pos: Position) -> Option<(usize, usize)> {
    let g = site(sh, body);
    if !g.blocks.contains(pos) {
        return None;
    }
    let col = usize::from((pos.x - g.blocks.x) / BLOCK_W);
    let line = usize::from((pos.y - g.blocks.y) / BLOCK_H);
    if col >= g.per_line || line >= g.lines {
        return None;
    }
    let hall = (g.first_line + line) * g.per_line + col;
    (hall < sh.doc.eval.plan.sites.get(sh.cursor.site)?.halls.len()).then_some((sh.cursor.site, hall))
}

// ---- Parameters screen -----------------------------------------------------------------------------------------

/// Rows of the help box under the list.
pub const PARAMS_HELP_H: u16 = 4;

/// The list's area inside its border.
pub fn params_list(body: Rect) -> Rect {
    let [list, _] = Layout::vertical([Constraint::Min(3), Constraint::Length(PARAMS_HELP_H)]).areas(body);
    Block::bordered().inner(list)
}

/// The field under a click, of `total` with the cursor on `cursor`.
pub fn field_at(body: Rect, pos: Position, cursor: usize, total: usize) -> Option<usize> {
    let inner = params_list(body);
    if !inner.contains(pos) {
        return None;
    }
    let first = scroll(cursor, usize::from(inner.height), total);
    let i = first + usize::from(pos.y - inner.y);
    (i < total).then_some(i)
}

// ---- Supply screen ---------------------------------------------------------------------------------------------

/// Columns of a quarter in the table of what binds: the longest label ("integrator") and a space.
pub const QUARTER_W: usize = 11;

/// Columns of the site names in the table of what binds.
pub fn supply_name_width(sh: &Shared) -> usize {
    sh.doc.eval.plan.sites.iter().map(|s| display_width(&s.name)).max().unwrap_or(4).clamp(5, 20)
}

/// Quarters the table of what binds shows in `inner_w` columns.
pub fn quarter_columns(sh: &Shared, inner_w: u16) -> usize {
    (usize::from(inner_w).saturating_sub(supply_name_width(sh) + 1) / QUARTER_W).max(1)
}

/// The first quarter the table can start at on a terminal of this size (so its last page ends at the horizon).
pub fn last_first_quarter(sh: &Shared, area: Rect) -> usize {
    let n = sh.doc.eval.plan.supply.as_ref().map_or(0, |s| s.quarters as usize);
    n.saturating_sub(quarter_columns(sh, layout(area).body.width.saturating_sub(2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hall_side_panel_grows_with_the_terminal() {
        // 80 columns: 80 / 4 = 20, raised to the 34 the figures need; 160: 40; 220: 55; 400: 100, capped at 60.
        assert_eq!(panel_width(80), 34);
        assert_eq!(panel_width(160), 40);
        assert_eq!(panel_width(220), 55);
        assert_eq!(panel_width(400), 60);
    }

    #[test]
    fn a_list_scrolls_to_keep_the_cursor_centred_and_stops_at_its_end() {
        // 10 visible of 100: cursor 3 -> from 0; cursor 50 -> from 45; cursor 99 -> from 90 (the end).
        assert_eq!(scroll(3, 10, 100), 0);
        assert_eq!(scroll(50, 10, 100), 45);
        assert_eq!(scroll(99, 10, 100), 90);
        assert_eq!(scroll(5, 10, 8), 0);
    }
}
