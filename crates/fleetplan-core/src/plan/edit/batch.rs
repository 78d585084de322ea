//! Edits as patches against one parse of the text, so many can be made at once (a scenario file's overrides): each
//! patch replaces a value's span or inserts a line; `Batch::finish` applies them from the end of the text back, so
//! every span stays valid. The single-edit functions of `edit` are one patch applied.

use std::cell::OnceCell;
use std::ops::Range;

use toml_edit::{Document, Item, TableLike};

use super::{EditError, Header, Result, headers, key_literal, line_end, parse, site_table};

/// One change to the text.
#[derive(Debug, Clone, PartialEq)]
enum Patch {
    /// The value at a span, replaced by a literal.
    Replace(Range<usize>, String),
    /// A `key = value` line inserted at a line start.
    Insert { at: usize, key: String, line: String },
    /// A key of a top-level table the text lacks: the table is added at the end with its keys.
    Append { table: String, line: String },
}

/// The parsed text and the patches made against it.
pub struct Batch<'t> {
    text: &'t str,
    doc: Document<&'t str>,
    headers: OnceCell<Vec<Header>>,
    patches: Vec<Patch>,
}

impl<'t> Batch<'t> {
    /// The parsed `text`, with no patches yet; an error when it is not valid TOML.
    pub fn new(text: &'t str) -> Result<Batch<'t>> {
        Ok(Batch { text, doc: parse(text)?, headers: OnceCell::new(), patches: Vec::new() })
    }

    /// The text as parsed.
    pub fn doc(&self) -> &Document<&'t str> {
        &self.doc
    }

    fn headers(&self) -> &[Header] {
        self.headers.get_or_init(|| headers(&self.doc))
    }

    /// A patch that replaces an earlier one of the same place (the same value, or the same key inserted at the same
    /// line) takes its place: the later override wins.
    fn push(&mut self, p: Patch) {
        let same = |q: &Patch| match (q, &p) {
            (Patch::Replace(a, _), Patch::Replace(b, _)) => a == b,
            (Patch::Insert { at: a, key: ka, .. }, Patch::Insert { at: b, key: kb, .. }) => a == b && ka == kb,
            (Patch::Append { table: ta, line: la }, Patch::Append { table: tb, line: lb }) => {
                ta == tb && la.split(" = ").next() == lb.split(" = ").next()
            }
            _ => false,
        };
        self.patches.retain(|q| !same(q));
        self.patches.push(p);
    }

    /// A site key at `path` (e.g. `["cooling", "supply_c"]`): replaced in place, or added as one line (a dotted key
    /// when its table has no header of its own) in the nearest table that has a header.
    pub fn set_site_value(&mut self, site: usize, path: &[&str], literal: &str) -> Result<()> {
        let site_t = site_table(&self.doc, site)?;
        let (last, parents) = path.split_last().ok_or_else(|| EditError::Invalid("empty key".into()))?;
        // Walk down as far as the tables exist, remembering the deepest one with a header.
        let mut table: &dyn TableLike = site_t;
        let mut anchor_span = site_t.span();
        let mut anchor_depth = 0;
        let mut depth = 0;
        for p in parents {
            let Some(item) = table.get(p) else { break };
            let Some(t) = item.as_table_like() else { break };
            table = t;
            depth += 1;
            // Only a standard table written as `[a.b]` has a header; inline, dotted and implicit tables do not.
            if let Item::Table(std) = item
                && !std.is_dotted()
                && !std.is_implicit()
                && let Some(span) = std.span()
            {
                anchor_span = Some(span);
                anchor_depth = depth;
            }
        }
        if depth == parents.len() {
            match table.get(last) {
                Some(item) if item.is_value() => {
                    let span = item.span().ok_or_else(|| EditError::NotFound(path.join(".")))?;
                    let (range, with) = keep_style(self.text, span, literal);
                    self.push(Patch::Replace(range, with));
                    return Ok(());
                }
                Some(_) => return Err(EditError::Invalid(format!("{} is a table, not a value", path.join(".")))),
                None => {}
            }
        }
        let rel: Vec<String> = path[anchor_depth..].iter().map(|k| key_literal(k)).collect();
        let header = anchor_span.ok_or_else(|| EditError::NotFound("site header".into()))?;
        // Insert after the anchor table's own key lines.
        let hs = self.headers();
        let at = hs
            .iter()
            .position(|h| h.start == header.start)
            .map_or(line_end(self.text, header.start), |i| hs.get(i + 1).map_or(self.text.len(), |n| n.block_start));
        let key = rel.join(".");
        self.push(Patch::Insert { at, line: format!("{key} = {literal}"), key });
        Ok(())
    }

    /// A key of a table with a header: replaced, or inserted right under the header.
    fn set_in(
        &mut self,
        t: &dyn TableLike,
        header: Option<Range<usize>>,
        what: &str,
        key: &str,
        literal: &str,
    ) -> Result<()> {
        if let Some(span) = t.get(key).and_then(Item::span) {
            let (range, with) = keep_style(self.text, span, literal);
            self.push(Patch::Replace(range, with));
            return Ok(());
        }
        let header = header.ok_or_else(|| EditError::NotFound(format!("{what} header")))?;
        // After the table's own keys, so a new key follows the file's order (not above the keys already there).
        let last_key_end = t
            .iter()
            .filter(|(_, item)| item.is_value())
            .filter_map(|(_, item)| item.span())
            .map(|s| s.end)
            .filter(|&end| end > header.start)
            .max();
        let at = line_end(self.text, last_key_end.unwrap_or(header.start));
        let key = key_literal(key);
        self.push(Patch::Insert { at, line: format!("{key} = {literal}"), key });
        Ok(())
    }

    /// A key of a hall (`name`, `energised`, `it_mw_max` …).
    pub fn set_hall_value(&mut self, site: usize, hall: usize, key: &str, literal: &str) -> Result<()> {
        let h = super::hall_table(&self.doc, site, hall)?.clone();
        self.set_in(&h, h.span(), "hall", key, literal)
    }

    /// The slots of an existing row.
    pub fn set_row(&mut self, site: usize, hall: usize, row: &str, slots: &str) -> Result<()> {
        let rows =
            super::rows_table(&self.doc, site, hall)?.ok_or_else(|| EditError::NotFound(format!("row {row}")))?;
        let span = rows.get(row).and_then(Item::span).ok_or_else(|| EditError::NotFound(format!("row {row}")))?;
        self.push(Patch::Replace(span, super::string_literal(slots)));
        Ok(())
    }

    /// A `[legend]` entry.
    pub fn set_legend_value(&mut self, symbol: &str, literal: &str) -> Result<()> {
        let legend = self
            .doc
            .get("legend")
            .and_then(Item::as_table)
            .ok_or_else(|| EditError::NotFound("[legend]".into()))?
            .clone();
        self.set_in(&legend, legend.span(), "[legend]", symbol, literal)
    }

    /// A key of a top-level table (`[economics]`, `[workload]`), the table added at the end when missing.
    pub fn set_table_value(&mut self, table: &str, key: &str, literal: &str) -> Result<()> {
        match self.doc.get(table).and_then(Item::as_table).cloned() {
            Some(t) => self.set_in(&t, t.span(), &format!("[{table}]"), key, literal),
            None => {
                self.push(Patch::Append {
                    table: table.to_string(),
                    line: format!("{} = {literal}", key_literal(key)),
                });
                Ok(())
            }
        }
    }

    /// A key of the table at `path` (names, each with an index when it is an array of tables).
    pub fn set_value_at(&mut self, path: &[(&str, Option<usize>)], key: &str, literal: &str) -> Result<()> {
        let shown =
            || path.iter().map(|(k, i)| i.map_or(k.to_string(), |i| format!("{k}[{i}]"))).collect::<Vec<_>>().join(".");
        let mut cur: &toml_edit::Table = self.doc.as_table();
        for (name, index) in path {
            let item = cur.get(name).ok_or_else(|| EditError::NotFound(shown()))?;
            cur = match index {
                Some(i) => item.as_array_of_tables().and_then(|a| a.get(*i)),
                None => item.as_table(),
            }
            .ok_or_else(|| EditError::NotFound(shown()))?;
        }
        let t = cur.clone();
        self.set_in(&t, t.span(), &format!("[{}]", shown()), key, literal)
    }

    /// The text with every patch applied.
    pub fn finish(self) -> String {
        let Batch { text, patches, .. } = self;
        let mut appended: Vec<(String, Vec<String>)> = Vec::new();
        let mut at: Vec<(usize, usize, usize, String)> = Vec::new();
        for (seq, p) in patches.into_iter().enumerate() {
            match p {
                Patch::Replace(r, lit) => at.push((r.start, r.end, seq, lit)),
                Patch::Insert { at: pos, line, .. } => {
                    let needs_nl = pos > 0 && !text[..pos].ends_with('\n');
                    let ins = if needs_nl { format!("\n{line}\n") } else { format!("{line}\n") };
                    at.push((pos, pos, seq, ins));
                }
                Patch::Append { table, line } => match appended.iter_mut().find(|(t, _)| *t == table) {
                    Some((_, lines)) => lines.push(line),
                    None => appended.push((table, vec![line])),
                },
            }
        }
        // From the end back; lines inserted at one place keep the order they were made in.
        at.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.cmp(&a.2)));
        let mut s = text.to_string();
        for (start, end, _, with) in at {
            s.replace_range(start..end, &with);
        }
        for (table, lines) in appended {
            let sep = if s.is_empty() || s.ends_with("\n\n") {
                ""
            } else if s.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            // A sub-table (`economics.rack_capex_usd`) is written as a dotted header, each name quoted as needed.
            let header: Vec<String> = table.split('.').map(key_literal).collect();
            s.push_str(&format!("{sep}[{}]\n{}\n", header.join("."), lines.join("\n")));
        }
        s
    }
}

/// A value replaced the way the file writes it: a comment after it on the line keeps its column (the spaces before
/// it take up the difference, at least one left), and a whole number typed where the file wrote a float keeps its
/// decimal point (`3500` over `3000.0` is written `3500.0`).
fn keep_style(text: &str, span: Range<usize>, literal: &str) -> (Range<usize>, String) {
    let old = &text[span.clone()];
    let float_style = old.contains('.') && !old.starts_with(['"', '[', '{']) && old.parse::<f64>().is_ok();
    let mut with = literal.to_string();
    if float_style && literal.parse::<i64>().is_ok() {
        with.push_str(".0");
    }
    let rest = &text[span.end..line_end(text, span.end)];
    let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    if gap > 0 && rest[gap..].starts_with('#') && !rest[..gap].contains('\t') {
        let column = old.chars().count() + gap;
        let pad = column.saturating_sub(with.chars().count()).max(1);
        with.push_str(&" ".repeat(pad));
        return (span.start..span.end + gap, with);
    }
    (span, with)
}
