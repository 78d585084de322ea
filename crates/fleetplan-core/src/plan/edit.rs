//! Edits to a plan file as text patches at the parser's spans, so that everything the user wrote around them
//! (comments, key order, blank lines, quoting) stays byte for byte: placing a rack changes one line of `git diff`.
//! Each edit takes the current text and returns the new text; the caller re-parses it with the plan loader, which
//! checks the result with the same rules as a file on disk.

use std::ops::Range;

use toml_edit::{Document, Item, Table, TableLike, Value};

/// Why an edit could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the plan is not valid TOML: {0}")]
    Syntax(String),
    #[error("{0} not found in the plan")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
}

type Result<T> = std::result::Result<T, EditError>;

/// One step of a table path: a key, or the n-th table of an array of tables.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// A table header (`[a.b]` or `[[a.b]]`) in text order, with where its block starts (comments above it included).
#[derive(Debug, Clone)]
struct Header {
    start: usize,
    block_start: usize,
    path: Vec<Seg>,
}

fn parse(text: &str) -> Result<Document<&str>> {
    Document::parse(text).map_err(|e| EditError::Syntax(e.message().trim().to_string()))
}

fn headers(doc: &Document<&str>) -> Vec<Header> {
    /// Records a table's header (tables without one, dotted or implicit, have no span) and walks into it.
    fn visit(t: &Table, path: &mut Vec<Seg>, out: &mut Vec<Header>) {
        if let Some(span) = t.span() {
            let prefix = t.decor().prefix().and_then(|p| p.span());
            out.push(Header {
                start: span.start,
                block_start: prefix.map_or(span.start, |p| p.start.min(span.start)),
                path: path.clone(),
            });
        }
        walk(t, path, out);
    }
    fn walk(t: &Table, path: &mut Vec<Seg>, out: &mut Vec<Header>) {
        for (k, item) in t.iter() {
            path.push(Seg::Key(k.to_string()));
            match item {
                Item::Table(sub) => visit(sub, path, out),
                Item::ArrayOfTables(a) => {
                    for (i, sub) in a.iter().enumerate() {
                        path.push(Seg::Index(i));
                        visit(sub, path, out);
                        path.pop();
                    }
                }
                _ => {}
            }
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(doc.as_table(), &mut Vec::new(), &mut out);
    out.sort_by_key(|h| h.start);
    out
}

fn site_path(site: usize) -> Vec<Seg> {
    vec![Seg::Key("site".into()), Seg::Index(site)]
}

fn hall_path(site: usize, hall: usize) -> Vec<Seg> {
    let mut p = site_path(site);
    p.extend([Seg::Key("hall".into()), Seg::Index(hall)]);
    p
}

/// Byte range of the block of the header at `path`: its comments, header, body and sub-tables, up to the next
/// header that is not inside it.
fn block(text: &str, hs: &[Header], path: &[Seg]) -> Option<Range<usize>> {
    let i = hs.iter().position(|h| h.path == path)?;
    let h = &hs[i];
    let end = hs[i + 1..].iter().find(|n| !n.path.starts_with(path)).map_or(text.len(), |n| n.block_start);
    Some(h.block_start..end)
}

/// Where a table's own key lines end: the start of the next header block after it (or the end of the text).
fn body_end(text: &str, hs: &[Header], path: &[Seg]) -> Option<usize> {
    let i = hs.iter().position(|h| h.path == path)?;
    Some(hs.get(i + 1).map_or(text.len(), |n| n.block_start))
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let mut s = String::with_capacity(text.len() + with.len());
    s.push_str(&text[..range.start]);
    s.push_str(with);
    s.push_str(&text[range.end..]);
    s
}

/// Inserts `line` (without newline) at byte `at`, which must be a line start, making sure the text before ends
/// with a newline.
fn insert_line(text: &str, at: usize, line: &str) -> String {
    let needs_nl = at > 0 && !text[..at].ends_with('\n');
    let ins = if needs_nl { format!("\n{line}\n") } else { format!("{line}\n") };
    splice(text, at..at, &ins)
}

/// A TOML key as written: bare when it can be, quoted otherwise.
pub fn key_literal(k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        k.to_string()
    } else {
        Value::from(k).to_string()
    }
}

/// A TOML string literal.
pub fn string_literal(s: &str) -> String {
    Value::from(s).to_string()
}

/// A value typed by a user: a TOML number or boolean as typed, anything else as a string.
pub fn typed_literal(input: &str) -> String {
    let t = input.trim();
    let number =
        t.parse::<i64>().is_ok() || (t.parse::<f64>().is_ok_and(f64::is_finite) && !t.contains(['n', 'N', 'i', 'I']));
    if number || t == "true" || t == "false" { t.to_string() } else { string_literal(t) }
}

fn site_table<'d>(doc: &'d Document<&str>, site: usize) -> Result<&'d Table> {
    doc.get("site")
        .and_then(Item::as_array_of_tables)
        .and_then(|a| a.get(site))
        .ok_or_else(|| EditError::NotFound(format!("site {}", site + 1)))
}

fn hall_table<'d>(doc: &'d Document<&str>, site: usize, hall: usize) -> Result<&'d Table> {
    site_table(doc, site)?
        .get("hall")
        .and_then(Item::as_array_of_tables)
        .and_then(|a| a.get(hall))
        .ok_or_else(|| EditError::NotFound(format!("hall {} of site {}", hall + 1, site + 1)))
}

fn rows_table<'d>(doc: &'d Document<&str>, site: usize, hall: usize) -> Result<Option<&'d dyn TableLike>> {
    Ok(hall_table(doc, site, hall)?.get("rows").and_then(Item::as_table_like))
}

/// Line range of row `row` (key through trailing comment and newline).
fn row_line(text: &str, rows: &dyn TableLike, row: &str) -> Result<Range<usize>> {
    let (k, _) = rows.get_key_value(row).ok_or_else(|| EditError::NotFound(format!("row {row}")))?;
    let span = k.span().ok_or_else(|| EditError::NotFound(format!("row {row}")))?;
    Ok(line_start(text, span.start)..line_end(text, span.start))
}

/// Replaces the slots of a row.
pub fn set_row(text: &str, site: usize, hall: usize, row: &str, slots: &str) -> Result<String> {
    let mut b = Batch::new(text)?;
    b.set_row(site, hall, row, slots)?;
    Ok(b.finish())
}

/// [`set_row`] for a row whose value span in `text` is known from the read of this very text (`Row::value_span`),
/// with `old` its current slots: when the text there is `old`'s literal, that span is replaced by the new literal
/// with no parse (a 50-site plan is 1 MB of TOML, and the app edits rows at every key press). Anything else (no
/// span, a span outside the text, a value written another way) goes through [`set_row`]. The text is the same
/// either way.
pub fn set_row_known(
    text: &str,
    site: usize,
    hall: usize,
    row: &str,
    known: Option<(std::ops::Range<usize>, &str)>,
    slots: &str,
) -> Result<String> {
    if let Some((span, old)) = known
        && text.get(span.clone()) == Some(string_literal(old).as_str())
    {
        let new = string_literal(slots);
        let mut out = String::with_capacity(text.len() + new.len());
        out.push_str(&text[..span.start]);
        out.push_str(&new);
        out.push_str(&text[span.end..]);
        return Ok(out);
    }
    set_row(text, site, hall, row, slots)
}

/// Inserts a row after row `after` (by index), or first when `None`.
pub fn insert_row(
    text: &str,
    site: usize,
    hall: usize,
    after: Option<usize>,
    name: &str,
    slots: &str,
) -> Result<String> {
    let doc = parse(text)?;
    let line = format!("{} = {}", key_literal(name), string_literal(slots));
    let rows = rows_table(&doc, site, hall)?;
    if let Some(rows) = rows {
        if rows.contains_key(name) {
            return Err(EditError::Invalid(format!("a row named {name} already exists in this hall")));
        }
        let names: Vec<&str> = rows.iter().map(|(k, _)| k).collect();
        if !names.is_empty() {
            let at = match after {
                Some(i) => row_line(text, rows, names[i.min(names.len() - 1)])?.end,
                None => row_line(text, rows, names[0])?.start,
            };
            return Ok(insert_line(text, at, &line));
        }
    }
    let hs = headers(&doc);
    let mut rows_path = hall_path(site, hall);
    rows_path.push(Seg::Key("rows".into()));
    if let Some(end) = body_end(text, &hs, &rows_path) {
        return Ok(insert_line(text, end, &line));
    }
    // No [site.hall.rows] yet: add it at the end of the hall's block.
    let b = block(text, &hs, &hall_path(site, hall)).ok_or_else(|| EditError::NotFound("hall".into()))?;
    let at = b.end;
    let sep = if text[..at].ends_with("\n\n") || at == 0 {
        ""
    } else if text[..at].ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    Ok(splice(text, at..at, &format!("{sep}[site.hall.rows]\n{line}\n")))
}

/// Removes a row's line.
pub fn remove_row(text: &str, site: usize, hall: usize, row: &str) -> Result<String> {
    let doc = parse(text)?;
    let rows = rows_table(&doc, site, hall)?.ok_or_else(|| EditError::NotFound(format!("row {row}")))?;
    Ok(splice(text, row_line(text, rows, row)?, ""))
}

/// Renames a row (its key).
pub fn rename_row(text: &str, site: usize, hall: usize, row: &str, new_name: &str) -> Result<String> {
    let doc = parse(text)?;
    let rows = rows_table(&doc, site, hall)?.ok_or_else(|| EditError::NotFound(format!("row {row}")))?;
    if rows.contains_key(new_name) {
        return Err(EditError::Invalid(format!("a row named {new_name} already exists in this hall")));
    }
    let (k, _) = rows.get_key_value(row).ok_or_else(|| EditError::NotFound(format!("row {row}")))?;
    let span = k.span().ok_or_else(|| EditError::NotFound(format!("row {row}")))?;
    Ok(splice(text, span, &key_literal(new_name)))
}

/// Swaps row `row` (by index) with the one above (`up`) or below.
pub fn move_row(text: &str, site: usize, hall: usize, row: usize, up: bool) -> Result<String> {
    let doc = parse(text)?;
    let rows = rows_table(&doc, site, hall)?.ok_or_else(|| EditError::NotFound("rows".into()))?;
    let names: Vec<&str> = rows.iter().map(|(k, _)| k).collect();
    let other = if up { row.checked_sub(1) } else { Some(row + 1) };
    let Some(other) = other.filter(|o| *o < names.len()) else {
        return Err(EditError::Invalid("no row to swap with".into()));
    };
    let (a, b) = (row.min(other), row.max(other));
    swap_ranges(text, row_line(text, rows, names[a])?, row_line(text, rows, names[b])?)
}

/// Swaps the text of two non-overlapping ranges (`a` before `b`), each ending in a newline.
fn swap_ranges(text: &str, a: Range<usize>, b: Range<usize>) -> Result<String> {
    let with_nl = |r: &Range<usize>| {
        let s = &text[r.clone()];
        if s.ends_with('\n') { s.to_string() } else { format!("{s}\n") }
    };
    let (ta, tb) = (with_nl(&a), with_nl(&b));
    let mut s = String::with_capacity(text.len() + 2);
    s.push_str(&text[..a.start]);
    s.push_str(&tb);
    s.push_str(&text[a.end..b.start]);
    s.push_str(&ta);
    s.push_str(&text[b.end..]);
    Ok(s)
}

/// Sets a key of a hall (`name`, `energised`, `it_mw_max` …) to a TOML literal, adding the key when absent.
pub fn set_hall_value(text: &str, site: usize, hall: usize, key: &str, literal: &str) -> Result<String> {
    let mut b = Batch::new(text)?;
    b.set_hall_value(site, hall, key, literal)?;
    Ok(b.finish())
}

/// Sets a key of the table at `path` (names, each with an index when it is an array of tables: `[("supply", None),
/// ("scenario", Some(2)), ("hbm", Some(0))]`) to a TOML literal, adding the key under the table's header when
/// absent.
pub fn set_value_at(text: &str, path: &[(&str, Option<usize>)], key: &str, literal: &str) -> Result<String> {
    let mut b = Batch::new(text)?;
    b.set_value_at(path, key, literal)?;
    Ok(b.finish())
}

/// Adds a hall after hall `after` (or as the site's first hall when it has none, or last when `after` is `None`).
pub fn add_hall(
    text: &str,
    site: usize,
    after: Option<usize>,
    name: &str,
    energised: &str,
    rows: &[(String, String)],
) -> Result<String> {
    let doc = parse(text)?;
    let hs = headers(&doc);
    let halls = site_table(&doc, site)?.get("hall").and_then(Item::as_array_of_tables).map_or(0, |a| a.len());
    let at = if halls == 0 {
        block(text, &hs, &site_path(site)).ok_or_else(|| EditError::NotFound("site".into()))?.end
    } else {
        let i = after.unwrap_or(halls - 1).min(halls - 1);
        block(text, &hs, &hall_path(site, i)).ok_or_else(|| EditError::NotFound("hall".into()))?.end
    };
    let mut b = format!("[[site.hall]]\nname = {}\nenergised = {}\n", string_literal(name), string_literal(energised));
    b.push_str("\n[site.hall.rows]\n");
    for (n, s) in rows {
        b.push_str(&format!("{} = {}\n", key_literal(n), string_literal(s)));
    }
    let before = &text[..at];
    let sep = if before.is_empty() || before.ends_with("\n\n") {
        ""
    } else if before.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    // Keep one blank line between this block and what follows.
    let after_sep = if text[at..].is_empty() || text[at..].starts_with('\n') { "" } else { "\n" };
    Ok(splice(text, at..at, &format!("{sep}{b}{after_sep}")))
}

/// Removes a hall with its rows and the comments above it.
pub fn remove_hall(text: &str, site: usize, hall: usize) -> Result<String> {
    let doc = parse(text)?;
    let hs = headers(&doc);
    let b = block(text, &hs, &hall_path(site, hall)).ok_or_else(|| EditError::NotFound("hall".into()))?;
    Ok(splice(text, b, ""))
}

/// Swaps hall `hall` with the one above (`up`) or below, comments and rows included.
pub fn move_hall(text: &str, site: usize, hall: usize, up: bool) -> Result<String> {
    let doc = parse(text)?;
    let hs = headers(&doc);
    let other = if up { hall.checked_sub(1) } else { Some(hall + 1) };
    let Some(other) = other else { return Err(EditError::Invalid("no hall to swap with".into())) };
    let (a, b) = (hall.min(other), hall.max(other));
    let ra = block(text, &hs, &hall_path(site, a)).ok_or_else(|| EditError::Invalid("no hall to swap with".into()))?;
    let rb = block(text, &hs, &hall_path(site, b)).ok_or_else(|| EditError::Invalid("no hall to swap with".into()))?;
    // A block's text starts with the blank line and comments above its header; give the first block the same
    // leading separation the second had so that blank lines stay where they were.
    swap_ranges(text, ra, rb)
}

/// Sets a site key at `path` (e.g. `["cooling", "supply_c"]`) to a TOML literal. An existing value is replaced in
/// place; a missing one is added as one line (a dotted key when its table has no header of its own) in the nearest
/// table that has a header.
pub fn set_site_value(text: &str, site: usize, path: &[&str], literal: &str) -> Result<String> {
    let mut b = Batch::new(text)?;
    b.set_site_value(site, path, literal)?;
    Ok(b.finish())
}

/// Sets a key of the `[plan]` table (`name`, `catalog` …), replacing it in place or adding it as one line.
pub fn set_plan_value(text: &str, key: &str, literal: &str) -> Result<String> {
    let doc = parse(text)?;
    if doc.get("plan").and_then(Item::as_table).is_none() {
        return Err(EditError::NotFound("[plan]".into()));
    }
    set_table_value(text, "plan", key, literal)
}

/// Sets a key of a top-level table (`[economics]`, `[workload]` …), replacing it in place, adding it as one line
/// under the table's header, or adding the table at the end of the file when the plan has none.
pub fn set_table_value(text: &str, table: &str, key: &str, literal: &str) -> Result<String> {
    let mut b = Batch::new(text)?;
    b.set_table_value(table, key, literal)?;
    Ok(b.finish())
}

/// Removes the line of the key at `path` below `table` (so the default applies again). The key must be on a line of
/// its own (`a = 1` or a dotted `x.a = 1`, with or without a comment after it): one written inside an inline table
/// is left for the file's author. A key that is not there is no change.
fn remove_key(text: &str, table: &dyn TableLike, path: &[&str]) -> Result<String> {
    let (last, parents) = path.split_last().ok_or_else(|| EditError::Invalid("empty key".into()))?;
    let mut cur = table;
    for p in parents {
        match cur.get(p).and_then(Item::as_table_like) {
            Some(t) => cur = t,
            None => return Ok(text.to_string()),
        }
    }
    let Some((k, item)) = cur.get_key_value(last) else { return Ok(text.to_string()) };
    let (Some(ks), Some(vs)) = (k.span(), item.span()) else {
        return Err(EditError::Invalid(format!("{} has no place in the file to remove", path.join("."))));
    };
    let start = line_start(text, ks.start);
    let end = line_end(text, vs.end);
    let before = &text[start..ks.start];
    let after = text[vs.end..end].trim();
    let own_line = before.chars().all(|c| c.is_ascii_alphanumeric() || "_-.\"' \t".contains(c))
        && (after.is_empty() || after.starts_with('#'));
    if !own_line {
        return Err(EditError::Invalid(format!(
            "{} is written inside an inline table; remove it in the file",
            path.join(".")
        )));
    }
    Ok(splice(text, start..end, ""))
}

/// Removes a site key (`["cooling", "supply_c"]`), so the site takes the default again.
pub fn remove_site_value(text: &str, site: usize, path: &[&str]) -> Result<String> {
    let doc = parse(text)?;
    remove_key(text, site_table(&doc, site)?, path)
}

/// Removes a hall key (`it_mw_max` …): no limit, or the site's value, again.
pub fn remove_hall_value(text: &str, site: usize, hall: usize, key: &str) -> Result<String> {
    let doc = parse(text)?;
    remove_key(text, hall_table(&doc, site, hall)?, &[key])
}

/// Removes a key of a top-level table (`[economics]`, `[workload]`), so its default applies again.
pub fn remove_table_value(text: &str, table: &str, key: &str) -> Result<String> {
    let doc = parse(text)?;
    match doc.get(table).and_then(Item::as_table_like) {
        Some(t) => remove_key(text, t, &[key]),
        None => Ok(text.to_string()),
    }
}

/// Sets the key at `path` below a top-level table (`["rack_capex_usd", "vr-nvl72"]` of `[economics]`): in place,
/// under its sub-table's header, or in a new `[table.sub]` table at the end of the file.
pub fn set_table_path(text: &str, table: &str, path: &[&str], literal: &str) -> Result<String> {
    match path {
        [key] => set_table_value(text, table, key, literal),
        [sub, key] => {
            let doc = parse(text)?;
            let exists = doc.get(table).and_then(Item::as_table).and_then(|t| t.get(sub)).is_some();
            if exists {
                set_value_at(text, &[(table, None), (sub, None)], key, literal)
            } else {
                set_table_value(text, &format!("{table}.{sub}"), key, literal)
            }
        }
        _ => Err(EditError::Invalid(format!("{table}.{} is too deep to set here", path.join(".")))),
    }
}

/// Removes a key of the table at `path` (names, each with an index when it is an array of tables), so its default
/// applies again. A key that is not there is no change.
pub fn remove_value_at(text: &str, path: &[(&str, Option<usize>)], key: &str) -> Result<String> {
    let doc = parse(text)?;
    let mut cur: &dyn TableLike = doc.as_table();
    for (name, index) in path {
        let Some(item) = cur.get(name) else { return Ok(text.to_string()) };
        let next: Option<&dyn TableLike> = match index {
            Some(i) => item.as_array_of_tables().and_then(|a| a.get(*i)).map(|t| t as &dyn TableLike),
            None => item.as_table_like(),
        };
        match next {
            Some(t) => cur = t,
            None => return Ok(text.to_string()),
        }
    }
    remove_key(text, cur, &[key])
}

/// Removes the key at `path` below a top-level table, so its default applies again.
pub fn remove_table_path(text: &str, table: &str, path: &[&str]) -> Result<String> {
    let doc = parse(text)?;
    match doc.get(table).and_then(Item::as_table_like) {
        Some(t) => remove_key(text, t, path),
        None => Ok(text.to_string()),
    }
}

/// Sets a `[legend]` entry (`symbol = literal`), replacing it in place or adding it as one line.
pub fn set_legend_value(text: &str, symbol: &str, literal: &str) -> Result<String> {
    let mut b = Batch::new(text)?;
    b.set_legend_value(symbol, literal)?;
    Ok(b.finish())
}

mod batch;

pub use batch::Batch;

#[cfg(test)]
mod tests;
