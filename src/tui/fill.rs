//! Fills: empty slots of a hall, a selection or a whole site given the brush, as far as every limit allows (each
//! row's busway, each hall's IT limit, the site's grid envelope or an IT target), saying what stopped them.

use super::shared::Shared;
use crate::tui::widgets::plural;
use fleetplan_core::model;
use fleetplan_core::tables;
use fleetplan_core::units::mw_to_kw;

impl Shared {
    /// Fills empty cells of the current hall with the brush, in reading order, as far as every limit allows: each
    /// row's busway, the hall's IT limit, and the site's grid envelope (or `target_mw` of IT).
    pub fn fill(&mut self, cells: Vec<(usize, usize)>, target_mw: Option<f64>, what: &str) {
        let hall = self.cursor.hall;
        let result = self.fill_plan(&[(hall, cells)], target_mw);
        self.apply_fill(result, what);
    }

    pub fn fill_site(&mut self, target_mw: Option<f64>) {
        let halls: Vec<(usize, Vec<(usize, usize)>)> =
            (0..self.halls_of(self.cursor.site)).map(|h| (h, self.hall_cells(h))).collect();
        let what = target_mw.map_or_else(|| "fill site".to_string(), |mw| format!("fill site to {mw} MW IT"));
        let result = self.fill_plan(&halls, target_mw);
        self.apply_fill(result, &what);
    }

    fn apply_fill(&mut self, result: Result<Fill, String>, what: &str) {
        match result {
            Ok(f) => {
                let stopped = f.stopped_by();
                if f.placed > 0 {
                    let placed = format!("{what}: {} placed{stopped}", plural(f.placed as u64, "rack"));
                    self.apply(Ok(f.text), &placed);
                } else if f.empty == 0 {
                    self.info(format!("{what}: no empty slot"));
                } else {
                    self.error(format!("{what}: no rack placed{stopped}"));
                }
            }
            Err(e) => self.error(format!("{what}: {e}")),
        }
    }

    /// The fill as text, and how many racks it places. Row and hall limits are linear in rack kW and are applied
    /// slot by slot; the grid envelope (or IT target) is then met by bisection over how many of those racks to place
    /// (`propose::largest_fitting`), evaluating the plan with the model each time.
    fn fill_plan(&self, halls: &[(usize, Vec<(usize, usize)>)], target_mw: Option<f64>) -> Result<Fill, String> {
        let eval = &self.doc.eval;
        let Some(brush) = eval.plan.legend.get(self.brush) else { return Err("the legend is empty".into()) };
        let site = &eval.plan.sites[self.cursor.site];
        let so = &eval.outcome.sites[self.cursor.site];
        let net = 1.0 + site.settings.network_storage_frac;
        let mut chosen: Vec<(usize, usize, usize)> = Vec::new();
        let mut f = Fill::default();
        let mut row_offset = 0;
        for (hi, h) in site.halls.iter().enumerate() {
            let mut hall_it_kw = so.halls[hi].it_kw;
            if let Some((_, cells)) = halls.iter().find(|(x, _)| *x == hi) {
                let mut row_kw: Vec<f64> = (0..h.rows.len()).map(|r| so.rows[row_offset + r].it_kw).collect();
                for &(r, s) in cells {
                    let empty = h.rows.get(r).is_some_and(|row| row.slots.get(s).is_none_or(|x| x.is_none()));
                    if !empty {
                        continue;
                    }
                    f.empty += 1;
                    if let Some(b) = h.row_busway_kw.filter(|b| row_kw[r] + brush.rack_kw > b + 1e-9) {
                        let row = format!("{}/{} ({} kW)", h.name, h.rows[r].name, fleetplan_core::units::kw(b));
                        if !f.busway.contains(&row) {
                            f.busway.push(row);
                        }
                        continue;
                    }
                    if let Some(m) = h.it_mw_max.filter(|m| hall_it_kw + brush.rack_kw * net > mw_to_kw(*m) + 1e-9) {
                        let hall = format!("{} ({} MW)", h.name, tables::number(m));
                        if !f.hall_limit.contains(&hall) {
                            f.hall_limit.push(hall);
                        }
                        continue;
                    }
                    row_kw[r] += brush.rack_kw;
                    hall_it_kw += brush.rack_kw * net;
                    chosen.push((hi, r, s));
                }
            }
            row_offset += h.rows.len();
        }
        let text_with = |k: usize| -> Result<String, String> {
            let mut t = eval.text.clone();
            for (hi, _) in halls {
                let cells: Vec<(usize, usize)> =
                    chosen[..k].iter().filter(|(h, ..)| h == hi).map(|(_, r, s)| (*r, *s)).collect();
                if !cells.is_empty() {
                    t = self.cells_text(&t, *hi, &cells, brush.symbol).map_err(|e| e.to_string())?;
                }
            }
            Ok(t)
        };
        let site_i = self.cursor.site;
        let fits = |k: usize| -> Result<bool, String> {
            let p = self.doc.check(&text_with(k)?)?;
            let o = model::evaluate_site(&p, &p.sites[site_i]);
            // Every fill respects the grid envelope; a target adds its IT limit.
            let within_grid = o.facility_kw_peak <= mw_to_kw(p.sites[site_i].grid_mw) + 1e-6;
            Ok(within_grid && target_mw.is_none_or(|mw| o.it_kw <= mw_to_kw(mw) + 1e-6))
        };
        let k = fleetplan_core::propose::largest_fitting(chosen.len(), fits)?.unwrap_or(0);
        if k < chosen.len() {
            f.envelope = Some(match target_mw {
                Some(mw) => format!("the {} MW IT target", tables::number(mw)),
                None => format!("the grid envelope ({} MW facility peak)", tables::number(site.grid_mw)),
            });
        }
        f.text = if k > 0 { text_with(k)? } else { eval.text.clone() };
        f.placed = k;
        Ok(f)
    }
}

/// What a fill did: its text, the racks it placed, the empty slots it looked at, and what stopped it short of them.
#[derive(Debug, Default)]
struct Fill {
    text: String,
    placed: usize,
    empty: usize,
    /// Rows whose busway was full, halls at their IT limit (with the rating), and the grid envelope or IT target.
    busway: Vec<String>,
    hall_limit: Vec<String>,
    envelope: Option<String>,
}

impl Fill {
    /// `; stopped by ...; N empty slots left`, or nothing when every empty slot was filled.
    fn stopped_by(&self) -> String {
        let left = self.empty - self.placed;
        if left == 0 {
            return String::new();
        }
        let mut why = Vec::new();
        let few = |v: &[String]| -> String {
            let shown: Vec<&str> = v.iter().take(3).map(String::as_str).collect();
            let more = if v.len() > 3 { format!(" and {} more", v.len() - 3) } else { String::new() };
            format!("{}{more}", shown.join(", "))
        };
        if !self.busway.is_empty() {
            why.push(format!("row busway {}", few(&self.busway)));
        }
        if !self.hall_limit.is_empty() {
            why.push(format!("hall IT limit {}", few(&self.hall_limit)));
        }
        if let Some(e) = &self.envelope {
            why.push(e.clone());
        }
        format!("; stopped by {}; {} left empty", why.join("; "), plural(left as u64, "slot"))
    }
}
