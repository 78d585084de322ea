//! `fleetplan fmt`: a canonical layout for plan files that keeps every comment. Keys and values get single spaces
//! around `=` and no indentation; trailing whitespace goes; one blank line at most between lines, and one before
//! each table header (above the comments that belong to it); one newline at the end. The result must hold the
//! same TOML data as the input, or nothing is changed.

use toml_edit::{DocumentMut, Item, Table};

/// Why a file cannot be formatted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("not valid TOML: {0}")]
    Syntax(String),
    #[error("formatting would change the plan's data; left as it is (please report this file)")]
    Changed,
}

fn strip_indentation(prefix: &str) -> String {
    prefix.lines().map(str::trim_start).collect::<Vec<_>>().join("\n") + if prefix.ends_with('\n') { "\n" } else { "" }
}

fn tidy_table(t: &mut Table) {
    for (mut key, item) in t.iter_mut() {
        match item {
            Item::Value(v) => {
                let prefix =
                    key.leaf_decor().prefix().and_then(|p| p.as_str()).map(strip_indentation).unwrap_or_default();
                key.leaf_decor_mut().set_prefix(prefix);
                key.leaf_decor_mut().set_suffix(" ");
                let suffix =
                    v.decor().suffix().and_then(|s| s.as_str()).map(str::trim_end).unwrap_or_default().to_string();
                v.decor_mut().set_prefix(" ");
                v.decor_mut().set_suffix(suffix);
            }
            Item::Table(sub) => tidy_table(sub),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(tidy_table),
            Item::None => {}
        }
    }
}

/// Blank lines and trailing whitespace, line by line.
fn tidy_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let is_header = line.starts_with('[');
        if is_header && !out.is_empty() {
            // The comment lines right above a header belong to it: the blank line goes above them.
            let mut at = out.len();
            while at > 0 && out[at - 1].starts_with('#') {
                at -= 1;
            }
            if at > 0 && !out[at - 1].is_empty() {
                out.insert(at, "");
            }
        }
        if line.is_empty() && (out.is_empty() || out.last().is_some_and(|l| l.is_empty())) {
            continue;
        }
        let _ = i;
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// The canonical form of a plan's text.
pub fn canonical(text: &str) -> Result<String, FormatError> {
    let mut doc: DocumentMut =
        text.parse().map_err(|e: toml_edit::TomlError| FormatError::Syntax(e.message().trim().to_string()))?;
    tidy_table(doc.as_table_mut());
    let out = tidy_lines(&doc.to_string());
    let before: toml::Table = toml::from_str(text).map_err(|e| FormatError::Syntax(e.message().to_string()))?;
    let after: toml::Table = toml::from_str(&out).map_err(|_| FormatError::Changed)?;
    if before != after {
        return Err(FormatError::Changed);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSY: &str = "# A plan   \n[legend]\nV=\"vr-nvl72\"   # Vera Rubin\n\n\n\n   g   =   \"gb300-nvl72\"\n# the site\n[[site]]\nname = \"A\"  \ngrid_mw=10\n";

    #[test]
    fn canonical_form_keeps_comments_and_data() {
        let out = canonical(MESSY).unwrap();
        assert_eq!(
            out,
            "# A plan\n[legend]\nV = \"vr-nvl72\"   # Vera Rubin\n\ng = \"gb300-nvl72\"\n\n# the site\n[[site]]\nname = \"A\"\ngrid_mw = 10\n"
        );
    }

    #[test]
    fn formatting_is_idempotent_and_leaves_the_example_plans_alone() {
        let once = canonical(MESSY).unwrap();
        assert_eq!(canonical(&once).unwrap(), once);
        for f in ["plans/pilot-5mw.toml", "plans/campus-100mw.toml", "plans/ai-factory-1gw.toml"] {
            let text =
                std::fs::read_to_string(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(f))
                    .unwrap();
            assert_eq!(canonical(&text).unwrap(), text, "{f} is not in canonical form");
        }
    }

    #[test]
    fn invalid_toml_is_refused() {
        assert!(matches!(canonical("[site"), Err(FormatError::Syntax(_))));
    }
}
