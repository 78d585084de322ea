//! A readable text rendering of a table for the terminal: numbers right-aligned with thousands separators and
//! sensible decimals; narrow tables (one row per site) are shown transposed, one line per column.

use std::borrow::Cow;

use polars::prelude::*;

use crate::units::{integer, number};

/// Renders a table; tables of at most `transpose_up_to` rows are shown one line per column.
pub fn render(df: &DataFrame, transpose_up_to: usize) -> String {
    let names: Vec<String> = df.columns().iter().map(|c| c.name().to_string()).collect();
    let cells: Vec<Vec<String>> = df
        .columns()
        .iter()
        .map(|c| (0..df.height()).map(|i| c.get(i).map(|v| cell(&v)).unwrap_or_default()).collect())
        .collect();
    let numeric: Vec<bool> = df.columns().iter().map(|c| c.dtype().is_primitive_numeric()).collect();
    if df.height() <= transpose_up_to && df.height() > 0 {
        // First column (the site name) becomes the header; each other column a line.
        let mut lines = Vec::new();
        let key_w = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        let widths: Vec<usize> =
            (0..df.height()).map(|r| cells.iter().map(|c| c[r].chars().count()).max().unwrap_or(0)).collect();
        for (ci, name) in names.iter().enumerate() {
            let mut line = pad(name, key_w, false);
            for (r, w) in widths.iter().enumerate() {
                let v = &cells[ci][r];
                line.push_str("  ");
                line.push_str(&pad(v, *w, ci != 0 && numeric[ci]));
            }
            lines.push(line.trim_end().to_string());
            if ci == 0 {
                lines.push("-".repeat(key_w + widths.iter().map(|w| w + 2).sum::<usize>()));
            }
        }
        return lines.join("\n") + "\n";
    }
    let widths: Vec<usize> = names
        .iter()
        .zip(&cells)
        .map(|(n, c)| c.iter().map(|v| v.chars().count()).max().unwrap_or(0).max(n.chars().count()))
        .collect();
    let mut out = String::new();
    let row = |vals: Vec<&str>, out: &mut String| {
        let mut line = String::new();
        for (i, v) in vals.iter().enumerate() {
            let w = widths[i];
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(&pad(v, w, numeric[i]));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    row(names.iter().map(String::as_str).collect(), &mut out);
    out.push_str(&widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
    out.push('\n');
    for r in 0..df.height() {
        row(cells.iter().map(|c| c[r].as_str()).collect(), &mut out);
    }
    out
}

/// `v` padded with spaces to `w` characters, on the left when `right` (numbers) or on the right. Unlike `format!`'s
/// `{v:w$}`, any width works: a site name of 70,000 characters made that panic (widths above 65,535).
fn pad(v: &str, w: usize, right: bool) -> String {
    let fill = " ".repeat(w.saturating_sub(v.chars().count()));
    if right { fill + v } else { format!("{v}{fill}") }
}

fn cell(v: &AnyValue) -> String {
    match v {
        AnyValue::Null => String::new(),
        AnyValue::Boolean(b) => b.to_string(),
        AnyValue::String(s) => (*s).to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::UInt32(x) => integer(u64::from(*x)),
        AnyValue::UInt64(x) => integer(*x),
        AnyValue::Int64(x) if *x < 0 => format!("-{}", integer(x.unsigned_abs())),
        AnyValue::Int64(x) => integer(x.unsigned_abs()),
        AnyValue::Float64(x) => number(*x),
        other => other.to_string(),
    }
}

/// Text as a terminal may show it: control characters (escape sequences, carriage returns, bells) and the Unicode
/// controls that reorder text are written as visible escapes (`\u{1b}`), so plan data can neither move the cursor,
/// retitle the window nor disguise itself. Newlines and tabs stay. CSV output keeps the data exact and does not use
/// this.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_width_renders() {
        // A 70,000-character site name panicked in `format!` (widths above 65,535), in both layouts.
        let long = "x".repeat(70_000);
        let df = df!("site" => [long.as_str(), "b"], "racks" => [1u32, 2]).unwrap();
        for transpose in [0, 5] {
            let out = render(&df, transpose);
            assert!(out.contains(&long), "the name is shown whole");
        }
        // Short cells pad as before: the number right-aligned under its header.
        let df = df!("name" => ["a", "bb"], "racks" => [1u32, 20]).unwrap();
        assert_eq!(render(&df, 0), "name  racks\n----  -----\na         1\nbb       20\n");
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert!(matches!(terminal_safe("Hall 01\tA\n"), Cow::Borrowed(_)));
        assert_eq!(terminal_safe("A\u{1b}[2JB\u{7}"), "A\\u{1b}[2JB\\u{7}");
        assert_eq!(terminal_safe("x\u{202e}y\r"), "x\\u{202e}y\\u{d}");
    }
}
