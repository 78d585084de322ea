//! Compare screen: the open plan against another plan file or a supply scenario: every site KPI with the delta
//! and the delta in %, coloured by better or worse, and what changed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use std::path::PathBuf;

use crate::tui::geometry;
use crate::tui::keymap::Action;
use crate::tui::shared::{Effect, Shared};
use crate::tui::widgets::num;
use fleetplan_core::compare::Side;
use fleetplan_core::evaluation::Evaluation;
use fleetplan_core::kpi::Better;
use fleetplan_core::plan::Origin;

/// The Compare screen's state: what the open plan is compared with, the rows (KPIs and changes), and the first
/// line shown.
#[derive(Default)]
pub struct CompareScreen {
    pub with: Option<Evaluation>,
    pub rows: Vec<fleetplan_core::compare::DiffRow>,
    pub scroll: usize,
    /// What the rows were computed for: the open plan's version and its scenario.
    rows_for: Option<(u64, usize)>,
    /// The supply scenario of an `@scenario` comparison: the other side is the open plan in it, so it follows every
    /// edit (not a copy taken when the comparison began).
    follow: Option<String>,
}

impl CompareScreen {
    /// Recomputes the rows when the open plan or its scenario changed. An `@scenario` comparison is the open plan
    /// against itself seen in that scenario (no copy of it is kept, so it follows every edit).
    pub fn sync(&mut self, sh: &Shared) {
        if !self.active() || self.rows_for == Some((sh.doc.version, sh.scenario)) {
            return;
        }
        let other = match (&self.follow, &self.with) {
            (Some(sc), _) => Side { eval: &sh.doc.eval, scenario: Some(sc.as_str()) },
            (None, Some(w)) => w.into(),
            (None, None) => return,
        };
        let scenario = other.scenario.and(sh.scenario_name());
        let this = Side { eval: &sh.doc.eval, scenario: scenario.as_deref() };
        self.rows = fleetplan_core::compare::diff_rows(other, this);
        self.rows_for = Some((sh.doc.version, sh.scenario));
    }

    /// Whether a comparison was asked for.
    fn active(&self) -> bool {
        self.follow.is_some() || self.with.is_some()
    }

    /// The supply scenario the other side is seen in, if any.
    pub fn scenario(&self) -> Option<&str> {
        self.follow.as_deref().or_else(|| self.with.as_ref().and_then(|w| w.scenario.as_deref()))
    }

    /// What the open plan is compared with, as the title names it.
    fn shown(&self, sh: &Shared) -> String {
        match (&self.follow, &self.with) {
            (Some(sc), _) => format!("{}@{sc}", sh.doc.file_label()),
            (None, Some(w)) => w.shown.clone(),
            (None, None) => String::new(),
        }
    }

    pub fn handle(&mut self, a: Action, sh: &mut Shared) -> Effect {
        let page = geometry::page_rows(sh.area);
        match a {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll += 1,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(page),
            Action::PageDown => self.scroll += page,
            Action::FirstRow => self.scroll = 0,
            _ => return Effect::Ignored,
        }
        // Never past the last line.
        self.scroll = self.scroll.min(self.rows.len() + 4);
        Effect::Done
    }

    /// Loads what to compare with: a plan file, or `@scenario` for this plan in another supply scenario. `Err`
    /// keeps the prompt open with the reason.
    pub fn start(&mut self, what: &str, sh: &mut Shared) -> Result<(), String> {
        if let Some(sc) = what.strip_prefix('@') {
            let known = sh.doc.eval.plan.supply.as_ref().is_some_and(|s| s.scenarios.iter().any(|x| x.name == sc));
            if !known {
                return Err(format!("no supply scenario named \"{sc}\" in this plan"));
            }
            self.follow = Some(sc.to_string());
            self.with = None;
        } else {
            let path = PathBuf::from(what);
            let text = fleetplan_core::input::read_text(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let other = Evaluation::from_text(text, Origin::file(&path), sh.doc.eval.catalog_arc())
                .map_err(|d| d.headline())?;
            self.follow = None;
            self.with = Some(other);
        }
        sh.info(format!("comparing with {}", self.shown(sh)));
        self.rows_for = None;
        self.scroll = 0;
        self.sync(sh);
        Ok(())
    }

    pub fn draw(&self, frame: &mut Frame, body: Rect, sh: &Shared) {
        if !self.active() {
            let text = format!(
                "Press {} and type a plan file (e.g. plans/campus-100mw.toml, or last week's copy) or @scenario (e.g. @risk) to compare the open plan with it.",
                sh.keymap.key_of(Action::CompareWith)
            );
            frame.render_widget(
                Paragraph::new(text).wrap(Wrap { trim: true }).block(Block::bordered().title(" Compare ")),
                body,
            );
            return;
        };
        let inner_h = usize::from(body.height.saturating_sub(2));
        // What changed first, then every KPI.
        let changes: Vec<&fleetplan_core::compare::DiffRow> = self.rows.iter().filter(|r| r.kind != "kpi").collect();
        let mut lines = vec![Line::styled(format!("Changed ({}):", changes.len()), Style::new().fg(Color::Cyan))];
        for c in changes {
            // A side that has nothing there (a hall only one plan has, a key only one states) says so.
            let side = |v: &str| if v.is_empty() { "(none)".to_string() } else { v.to_string() };
            lines.push(Line::raw(format!("  {} {}: {} -> {}", c.kind, c.name, side(&c.a), side(&c.b))));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!("{:<24}{:>14}{:>14}{:>14}{:>9}", "KPI", "other", "this plan", "delta", "%"),
            Style::new().fg(Color::Gray),
        ));
        for r in self.rows.iter().filter(|r| r.kind == "kpi") {
            let show = |x: f64| if r.is_count() { fleetplan_core::tables::count_or_number(x) } else { num(x) };
            let fmt = |s: &str| s.parse::<f64>().map_or_else(|_| s.to_string(), show);
            let color = match (r.better(), r.delta) {
                (_, d) if d == 0.0 || !d.is_finite() => Color::Gray,
                (Some(Better::Higher), d) if d > 0.0 => Color::Green,
                (Some(Better::Lower), d) if d < 0.0 => Color::Green,
                (Some(_), _) => Color::LightRed,
                (None, _) => Color::White,
            };
            let name = if sh.doc.eval.plan.sites.len() > 1 { format!("{} {}", r.site, r.name) } else { r.name.clone() };
            lines.push(Line::from(vec![
                Span::raw(format!(
                    "{:<24}{:>14}{:>14}",
                    name.chars().take(23).collect::<String>(),
                    fmt(&r.a),
                    fmt(&r.b)
                )),
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
        let scroll = self.scroll.min(lines.len().saturating_sub(inner_h)) as u16;
        let title = format!(" This plan against {} (green: better, red: worse; up/down scroll) ", self.shown(sh));
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(Block::bordered().title(title)), body);
    }
}
