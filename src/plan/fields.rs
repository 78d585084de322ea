//! The settings a site may state, with their help text and default, and the value each has in a plan: what the
//! app's Parameters screen edits and what `fleetplan diff` compares.

const DEFAULTS: &str = include_str!("../../assets/defaults.toml");

/// One site setting: its key path under `[[site]]`, the help text from the defaults file, and the default.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub path: Vec<String>,
    pub help: String,
    /// The bundled default as a TOML literal; empty for keys without one (grid, climate).
    pub default: String,
}

/// The value a field has for a site: as written in the plan, or the default.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldValue {
    pub literal: String,
    pub from_plan: bool,
}

/// The site's own keys, then every key of the defaults' `[site]` table, with its comment as help.
pub fn site_fields() -> Vec<Field> {
    let mut out = vec![
        Field { path: vec!["grid_mw".into()], help: "Grid connection envelope, MW.".into(), default: String::new() },
        Field {
            path: vec!["climate".into()],
            help: format!(
                "Catalogue climate ({}) or a weather file path.",
                crate::catalog::Catalog::climate_ids().collect::<Vec<_>>().join(", ")
            ),
            default: String::new(),
        },
    ];
    fn walk(t: &toml_edit::Table, path: &mut Vec<String>, out: &mut Vec<Field>) {
        for (k, item) in t.iter() {
            path.push(k.to_string());
            match item {
                toml_edit::Item::Table(sub) => walk(sub, path, out),
                toml_edit::Item::Value(v) => {
                    let help = t
                        .key(k)
                        .and_then(|key| key.leaf_decor().prefix())
                        .and_then(|p| p.as_str())
                        .map(|p| {
                            p.lines()
                                .map(|l| l.trim().trim_start_matches('#').trim())
                                .filter(|l| !l.is_empty())
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .unwrap_or_default();
                    out.push(Field { path: path.clone(), help, default: v.to_string().trim().to_string() });
                }
                _ => {}
            }
            path.pop();
        }
    }
    if let Ok(doc) = DEFAULTS.parse::<toml_edit::DocumentMut>()
        && let Some(site) = doc.get("site").and_then(toml_edit::Item::as_table)
    {
        walk(site, &mut Vec::new(), &mut out);
    }
    out
}

/// The value of each field for site `site` of a plan's text: as written there, else the default.
pub fn site_values(text: &str, site: usize, fields: &[Field]) -> Vec<FieldValue> {
    let doc = toml_edit::Document::parse(text).ok();
    let site = doc.as_ref().and_then(|d| d.get("site")).and_then(|s| s.as_array_of_tables()).and_then(|a| a.get(site));
    fields
        .iter()
        .map(|f| {
            let lookup = || {
                let mut cur: &dyn toml_edit::TableLike = site?;
                let (last, parents) = f.path.split_last()?;
                for p in parents {
                    cur = cur.get(p)?.as_table_like()?;
                }
                cur.get(last)?.as_value().map(|v| v.to_string().trim().to_string())
            };
            match lookup() {
                Some(literal) => FieldValue { literal, from_plan: true },
                None => FieldValue { literal: f.default.clone(), from_plan: false },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_site_default_is_a_field_and_nothing_else_is() {
        let f = site_fields();
        let supply = f.iter().find(|f| f.path == ["cooling", "supply_c"]).unwrap();
        assert!(supply.help.contains("45"), "{}", supply.help);
        assert_eq!(supply.default, "45.0");
        assert!(f.iter().any(|f| f.path == ["electrical", "redundancy"]));
        // [economics] is plan-level, not a site setting.
        assert!(!f.iter().any(|f| f.path.iter().any(|k| k.contains("capital"))), "{:?}", f.last());
    }

    #[test]
    fn values_come_from_the_plan_or_the_default() {
        let text = "[[site]]\nname = \"A\"\ngrid_mw = 10\n\n[site.cooling]\nsupply_c = 40\n";
        let f = site_fields();
        let v = site_values(text, 0, &f);
        let at = |p: &[&str]| &v[f.iter().position(|x| x.path == p).unwrap()];
        assert_eq!(at(&["grid_mw"]), &FieldValue { literal: "10".into(), from_plan: true });
        assert_eq!(at(&["cooling", "supply_c"]), &FieldValue { literal: "40".into(), from_plan: true });
        assert_eq!(at(&["cooling", "rack_delta_t_k"]), &FieldValue { literal: "10.0".into(), from_plan: false });
    }
}
