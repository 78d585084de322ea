//! The sweep engine: a plan's text made once into a template with a marker where each varied key's value goes, and
//! the variants of a design read or evaluated a chunk at a time in parallel, in variant order, so memory holds one
//! chunk's rows whatever the number of variants. Writing the rows is the caller's (the command line writes CSV or
//! Parquet; a front-end may show them).

use std::ops::Range;

use rayon::prelude::*;

use super::design::Design;
use crate::evaluation::Evaluation;
use crate::input::Diagnostics;
use crate::plan::edit::{self, EditError};
use crate::tables;

/// The plan text with a marker where each varied key's value goes (`legend.X` a legend entry, any other key a
/// setting of every site): made once, with the same text patches as any edit, so each variant is the markers
/// replaced by its values, with no TOML parsed again. A marker is a control character no valid plan holds.
pub struct Template {
    text: String,
    /// Per key: its marker, and whether its values are strings (legend entries) or typed as the user wrote them.
    markers: Vec<(String, bool)>,
}

impl Template {
    /// The template of `text` (a plan of `sites` sites) for `keys`, or why a key cannot be varied.
    pub fn new(text: &str, sites: usize, keys: &[String]) -> Result<Template, EditError> {
        // One batch of patches against the text as read: a marker is not TOML, so nothing is parsed after one is in.
        let mut b = edit::Batch::new(text)?;
        let mut markers = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let marker = format!("\u{1}vary{i}\u{1}");
            match k.strip_prefix("legend.") {
                Some(symbol) => b.set_legend_value(symbol, &marker)?,
                None => {
                    let path: Vec<&str> = k.split('.').collect();
                    for s in 0..sites {
                        b.set_site_value(s, &path, &marker)?;
                    }
                }
            }
            markers.push((marker, k.starts_with("legend.")));
        }
        Ok(Template { text: b.finish(), markers })
    }

    /// The plan text of one variant.
    pub fn with(&self, values: &[String]) -> String {
        let mut t = self.text.clone();
        for ((marker, string), v) in self.markers.iter().zip(values) {
            let literal = if *string { edit::string_literal(v) } else { edit::typed_literal(v) };
            t = t.replace(marker.as_str(), &literal);
        }
        t
    }
}

/// A `legend.X` key must name an entry of the plan: varying one no rack uses would give identical variants.
pub fn legend_keys_exist(base: &Evaluation, keys: &[String]) -> Result<(), Diagnostics> {
    for k in keys {
        if let Some(symbol) = k.strip_prefix("legend.")
            && !base.plan.legend.iter().any(|l| l.symbol.to_string() == symbol)
        {
            let have: Vec<String> = base.plan.legend.iter().map(|l| l.symbol.to_string()).collect();
            return Err(base.problem(
                "",
                format!("--vary {k}: the plan has no legend entry {symbol}; it has: {}", have.join(", ")),
            ));
        }
    }
    Ok(())
}

/// Variants evaluated together: enough to keep every core busy, few enough that memory does not grow with the
/// number of variants. A Parquet sweep writes one row group per chunk.
pub const CHUNK: usize = 1024;

/// A design's variants over one plan, ready to read or evaluate.
pub struct Sweep<'a> {
    base: &'a Evaluation,
    design: &'a Design,
    template: Template,
}

/// One variant evaluated: its rows (one per site), or its values and the loader's message.
type VariantResult = Result<Vec<tables::SweepRow>, (Vec<String>, String)>;

impl<'a> Sweep<'a> {
    /// The sweep of `design` over `base`, or why a key cannot be varied (a table, not a value), before anything is
    /// evaluated.
    pub fn new(base: &'a Evaluation, design: &'a Design) -> Result<Sweep<'a>, Diagnostics> {
        legend_keys_exist(base, &design.keys())?;
        let template = Template::new(&base.text, base.plan.sites.len(), &design.keys())
            .map_err(|e| base.problem("", format!("--vary: {e}")))?;
        Ok(Sweep { base, design, template })
    }

    /// The varied keys, in `--vary` order.
    pub fn keys(&self) -> Vec<String> {
        self.design.keys()
    }

    /// The sweep's error for a variant: its values and the loader's message.
    fn problem(&self, values: &[String], message: &str) -> Diagnostics {
        let what: Vec<String> = self.design.varies.iter().zip(values).map(|(v, x)| format!("{}={x}", v.key)).collect();
        self.base.problem("", format!("variant {}: {message}", what.join(" ")))
    }

    /// Reads every variant of `range` (without evaluating it), a chunk at a time in parallel; the first refused, in
    /// variant order, is the error. For output that cannot be taken back once written.
    pub fn check(&self, range: Range<usize>) -> Result<(), Diagnostics> {
        for start in range.clone().step_by(CHUNK) {
            let problems: Vec<Option<(Vec<String>, String)>> = (start..(start + CHUNK).min(range.end))
                .into_par_iter()
                .map(|i| {
                    let values = self.design.values(i);
                    let read = crate::plan::parse(&self.template.with(&values), &self.base.origin, self.base.catalog());
                    read.err().map(|d| (values, d.to_string()))
                })
                .collect();
            if let Some((values, e)) = problems.into_iter().flatten().next() {
                return Err(self.problem(&values, &e));
            }
        }
        Ok(())
    }

    /// The sweep table's rows of variants `range`, evaluated in parallel, in variant order.
    pub fn rows(&self, range: Range<usize>) -> Result<Vec<tables::SweepRow>, Diagnostics> {
        let evaluated: Vec<VariantResult> = range
            .into_par_iter()
            .map(|i| {
                let values = self.design.values(i);
                // Its text, plan and hourly outcome are dropped as soon as its KPI values are read.
                match self.base.edited(self.template.with(&values)) {
                    Ok(e) => Ok(tables::SweepRow::of(values, &e.plan, &e.outcome)),
                    Err(d) => Err((values, d.to_string())),
                }
            })
            .collect();
        let mut rows = Vec::with_capacity(evaluated.len());
        for r in evaluated {
            rows.extend(r.map_err(|(values, e)| self.problem(&values, &e))?);
        }
        Ok(rows)
    }

    /// `range` cut into chunks of at most `chunk` variants, in order: each is one call of [`Sweep::rows`].
    pub fn chunks(range: Range<usize>, chunk: usize) -> impl Iterator<Item = Range<usize>> {
        let end = range.end;
        range.step_by(chunk.max(1)).map(move |start| start..(start + chunk.max(1)).min(end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn a_variant_from_the_template_is_the_text_the_edits_make() {
        // Two sites, a nested key that one plan writes and the other does not, and a legend entry: the template with
        // values equals the same edits made one by one.
        let text = "[legend]\nV = \"vr-nvl72\"\n\n[[site]]\nname = \"A\"\ngrid_mw = 10\nclimate = \"greensboro-nc\"\n\n[site.cooling]\nsupply_c = 45\n\n[[site]]\nname = \"B\"\ngrid_mw = 5\nclimate = \"miami-fl\"\n";
        let keys = ["cooling.supply_c".to_string(), "legend.V".to_string(), "misc_frac".to_string()];
        let t = Template::new(text, 2, &keys).unwrap();
        let values = ["40".to_string(), "gb300-nvl72".to_string(), "0.01".to_string()];
        let mut want = text.to_string();
        for s in 0..2 {
            want = edit::set_site_value(&want, s, &["cooling", "supply_c"], "40").unwrap();
        }
        want = edit::set_legend_value(&want, "V", "\"gb300-nvl72\"").unwrap();
        for s in 0..2 {
            want = edit::set_site_value(&want, s, &["misc_frac"], "0.01").unwrap();
        }
        // The same plan (two lines inserted at one place may come in either order).
        let cat = Catalog::builtin().unwrap();
        let origin = crate::plan::Origin::bundled();
        let read = |x: &str| crate::plan::parse(x, &origin, cat).unwrap();
        assert_eq!(read(&t.with(&values)), read(&want));
        let mut lines: Vec<String> = t.with(&values).lines().map(str::to_string).collect();
        let mut want_lines: Vec<String> = want.lines().map(str::to_string).collect();
        lines.sort();
        want_lines.sort();
        assert_eq!(lines, want_lines);
        // A key that is a table, not a value, is refused when the template is made.
        assert!(Template::new(text, 2, &["cooling".to_string()]).is_err());
    }

    #[test]
    fn chunks_cover_the_range_in_order() {
        let all: Vec<Range<usize>> = Sweep::chunks(3..10, 3).collect();
        assert_eq!(all, [3..6, 6..9, 9..10]);
        assert_eq!(Sweep::chunks(0..0, 3).count(), 0);
        // A chunk of 0 is taken as 1, never an endless loop.
        assert_eq!(Sweep::chunks(0..2, 0).collect::<Vec<_>>(), [0..1, 1..2]);
    }
}
