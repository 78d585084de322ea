//! Text-patch edits: each keeps every other byte of the plan.

use super::*;

const PLAN: &str = r#"# A plan
[legend]
V = "vr-nvl72"

[[site]]
name = "A"
grid_mw = 10 # MW
climate = "greensboro-nc"

[site.cooling]
supply_c = 45

# first hall
[[site.hall]]
name = "H1"
energised = "2027Q1"

[site.hall.rows]
R1 = "VV.." # door side
R2 = "...."

# second hall
[[site.hall]]
name = "H2"
energised = "2027Q2"

[site.hall.rows]
S1 = "VVVV"
"#;

fn diff(a: &str, b: &str) -> Vec<String> {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut out: Vec<String> = la.iter().filter(|l| !lb.contains(l)).map(|l| format!("-{l}")).collect();
    out.extend(lb.iter().filter(|l| !la.contains(l)).map(|l| format!("+{l}")));
    out
}

#[test]
fn set_row_changes_one_line_and_keeps_its_comment() {
    let t = set_row(PLAN, 0, 0, "R1", "VVV.").unwrap();
    assert_eq!(diff(PLAN, &t), vec!["-R1 = \"VV..\" # door side", "+R1 = \"VVV.\" # door side"]);
}

#[test]
fn a_row_replaced_at_its_known_span_is_the_row_set_by_parsing() {
    // The span the read found for R1 (the value `"VV.."`), found here by hand: the fast path's text is set_row's.
    let at = PLAN.find("\"VV..\"").unwrap();
    let span = at..at + 6;
    let want = set_row(PLAN, 0, 0, "R1", "VVV.").unwrap();
    assert_eq!(set_row_known(PLAN, 0, 0, "R1", Some((span.clone(), "VV..")), "VVV.").unwrap(), want);
    // A span that does not hold the row's literal (stale, shifted, or the row written another way) is not trusted:
    // the row is found by parsing, and the text is still set_row's.
    for wrong in [at + 1..at + 7, 0..6, at..PLAN.len() + 10, PLAN.find("\"....\"").unwrap()..at] {
        assert_eq!(set_row_known(PLAN, 0, 0, "R1", Some((wrong, "VV..")), "VVV.").unwrap(), want);
    }
    assert_eq!(set_row_known(PLAN, 0, 0, "R1", Some((span, "VVVV")), "VVV.").unwrap(), want);
    assert_eq!(set_row_known(PLAN, 0, 0, "R1", None, "VVV.").unwrap(), want);
    let literal = PLAN.replace("R1 = \"VV..\"", "R1 = 'VV..'");
    let at = literal.find("'VV..'").unwrap();
    assert_eq!(
        set_row_known(&literal, 0, 0, "R1", Some((at..at + 6, "VV..")), "VVV.").unwrap(),
        set_row(&literal, 0, 0, "R1", "VVV.").unwrap()
    );
}

#[test]
fn rows_are_inserted_renamed_moved_and_removed_as_lines() {
    let t = insert_row(PLAN, 0, 0, Some(0), "R1b", "V...").unwrap();
    assert!(t.contains("R1 = \"VV..\" # door side\nR1b = \"V...\"\nR2"), "{t}");
    let t = insert_row(PLAN, 0, 0, None, "R0", "....").unwrap();
    assert!(t.contains("[site.hall.rows]\nR0 = \"....\"\nR1 ="), "{t}");
    let t = rename_row(PLAN, 0, 1, "S1", "S 1").unwrap();
    assert!(t.contains("\"S 1\" = \"VVVV\""), "{t}");
    let t = move_row(PLAN, 0, 0, 1, true).unwrap();
    assert!(t.contains("[site.hall.rows]\nR2 = \"....\"\nR1 = \"VV..\" # door side\n\n# second hall"), "{t}");
    let t = remove_row(PLAN, 0, 0, "R1").unwrap();
    assert_eq!(diff(PLAN, &t), vec!["-R1 = \"VV..\" # door side"]);
    assert!(insert_row(PLAN, 0, 0, None, "R2", "").is_err());
    assert!(move_row(PLAN, 0, 0, 0, true).is_err());
}

#[test]
fn halls_are_added_moved_and_removed_as_blocks() {
    let rows = vec![("T1".to_string(), "....".to_string())];
    let t = add_hall(PLAN, 0, None, "H3", "2028Q1", &rows).unwrap();
    assert!(
        t.ends_with(
            "S1 = \"VVVV\"\n\n[[site.hall]]\nname = \"H3\"\nenergised = \"2028Q1\"\n\n[site.hall.rows]\nT1 = \"....\"\n"
        ),
        "{t}"
    );
    let t = add_hall(PLAN, 0, Some(0), "H1b", "2027Q1", &rows).unwrap();
    let i1 = t.find("name = \"H1\"").unwrap();
    let ib = t.find("name = \"H1b\"").unwrap();
    let i2 = t.find("name = \"H2\"").unwrap();
    assert!(i1 < ib && ib < i2, "{t}");
    let t = move_hall(PLAN, 0, 1, true).unwrap();
    let i1 = t.find("name = \"H1\"").unwrap();
    let i2 = t.find("name = \"H2\"").unwrap();
    assert!(i2 < i1, "{t}");
    assert!(t.contains("# second hall\n[[site.hall]]\nname = \"H2\""), "comments move with their hall: {t}");
    assert_eq!(t.len(), PLAN.len());
    let t = remove_hall(PLAN, 0, 0).unwrap();
    assert!(!t.contains("H1") && !t.contains("first hall") && t.contains("name = \"H2\""), "{t}");
}

#[test]
fn hall_keys_are_replaced_or_added() {
    let t = set_hall_value(PLAN, 0, 1, "energised", "\"2027Q4\"").unwrap();
    assert_eq!(diff(PLAN, &t), vec!["-energised = \"2027Q2\"", "+energised = \"2027Q4\""]);
    let t = set_hall_value(PLAN, 0, 0, "it_mw_max", "12.5").unwrap();
    assert_eq!(diff(PLAN, &t), vec!["+it_mw_max = 12.5"]);
}

#[test]
fn site_values_are_replaced_in_place_or_added_as_one_line() {
    let t = set_site_value(PLAN, 0, &["grid_mw"], "12").unwrap();
    assert_eq!(diff(PLAN, &t), vec!["-grid_mw = 10 # MW", "+grid_mw = 12 # MW"]);
    let t = set_site_value(PLAN, 0, &["cooling", "supply_c"], "40").unwrap();
    assert_eq!(diff(PLAN, &t), vec!["-supply_c = 45", "+supply_c = 40"]);
    // Missing key in an existing [site.cooling]: one line in that table.
    let t = set_site_value(PLAN, 0, &["cooling", "rack_delta_t_k"], "12").unwrap();
    assert!(t.contains("[site.cooling]\nsupply_c = 45\nrack_delta_t_k = 12\n"), "{t}");
    // Missing table: a dotted key in the nearest table with a header.
    let t = set_site_value(PLAN, 0, &["electrical", "ups", "eff"], "0.97").unwrap();
    assert!(t.contains("climate = \"greensboro-nc\"\nelectrical.ups.eff = 0.97\n"), "{t}");
    let t = set_site_value(PLAN, 0, &["cooling", "dry_cooler", "approach_k"], "6").unwrap();
    assert!(t.contains("supply_c = 45\ndry_cooler.approach_k = 6\n"), "{t}");
    assert!(toml_edit::Document::parse(t.as_str()).is_ok());
}

#[test]
fn typed_values_become_numbers_or_strings() {
    assert_eq!(typed_literal("42"), "42");
    assert_eq!(typed_literal(" 4.5 "), "4.5");
    assert_eq!(typed_literal("N+1"), "\"N+1\"");
    assert_eq!(typed_literal("nan"), "\"nan\"");
    assert_eq!(typed_literal("dry-cooler"), "\"dry-cooler\"");
    assert_eq!(key_literal("A01"), "A01");
    assert_eq!(key_literal("Row 1"), "\"Row 1\"");
}

#[test]
fn keys_are_reset_by_removing_their_line_and_nothing_else() {
    // A site key with a comment after it: its whole line goes.
    let t = remove_site_value(PLAN, 0, &["grid_mw"]).unwrap();
    assert_eq!(diff(PLAN, &t), vec!["-grid_mw = 10 # MW"]);
    let t = remove_site_value(PLAN, 0, &["cooling", "supply_c"]).unwrap();
    assert_eq!(diff(PLAN, &t), vec!["-supply_c = 45"]);
    // A dotted key (written when its table had no header) is removed the same way.
    let dotted = set_site_value(PLAN, 0, &["electrical", "ups", "eff"], "0.97").unwrap();
    assert_eq!(remove_site_value(&dotted, 0, &["electrical", "ups", "eff"]).unwrap(), PLAN);
    // A key that is not there: no change.
    assert_eq!(remove_site_value(PLAN, 0, &["cooling", "rack_delta_t_k"]).unwrap(), PLAN);
    assert_eq!(remove_site_value(PLAN, 0, &["electrical", "redundancy"]).unwrap(), PLAN);
    // A hall key.
    let limited = set_hall_value(PLAN, 0, 1, "it_mw_max", "12.5").unwrap();
    assert_eq!(remove_hall_value(&limited, 0, 1, "it_mw_max").unwrap(), PLAN);
    // Inside an inline table: refused, the file is left to its author.
    let inline = PLAN.replace("supply_c = 45", "supply_c = 45\ndry_cooler = { approach_k = 6, fan_kw_per_mw = 20 }");
    let e = remove_site_value(&inline, 0, &["cooling", "dry_cooler", "approach_k"]).unwrap_err();
    assert!(e.to_string().contains("inline table"), "{e}");
}

#[test]
fn top_level_tables_get_keys_and_are_added_when_missing() {
    // No [economics] yet: the table is added at the end with the key.
    let t = set_table_value(PLAN, "economics", "cost_of_capital", "0.08").unwrap();
    assert_eq!(diff(PLAN, &t), vec!["+[economics]", "+cost_of_capital = 0.08"]);
    assert!(t.ends_with("S1 = \"VVVV\"\n\n[economics]\ncost_of_capital = 0.08\n"), "one blank line before it: {t}");
    assert!(toml_edit::Document::parse(t.as_str()).is_ok());
    // Then replaced in place, or another key added under the header.
    let t2 = set_table_value(&t, "economics", "cost_of_capital", "0.12").unwrap();
    assert_eq!(diff(&t, &t2), vec!["-cost_of_capital = 0.08", "+cost_of_capital = 0.12"]);
    // A new key goes after the table's own keys, in the order the file has them (not above them).
    let t3 = set_table_value(&t, "economics", "depreciation_years", "4").unwrap();
    assert!(t3.ends_with("[economics]\ncost_of_capital = 0.08\ndepreciation_years = 4\n"), "{t3}");
    // And removed again.
    assert_eq!(remove_table_value(&t3, "economics", "depreciation_years").unwrap(), t);
    assert_eq!(remove_table_value(PLAN, "economics", "cost_of_capital").unwrap(), PLAN);
}

#[test]
fn a_key_below_a_sub_table_is_set_in_place_or_in_a_new_sub_table() {
    // No [economics.rack_capex_usd] yet: a new sub-table at the end; the file's own lines untouched.
    let text = "[plan]\nname = \"x\"\n\n[economics]\ncost_of_capital = 0.09   # ours\n";
    let t = set_table_path(text, "economics", &["rack_capex_usd", "vr-nvl72"], "4500000.0").unwrap();
    assert!(t.starts_with(text), "{t}");
    let doc: toml_edit::DocumentMut = t.parse().unwrap_or_else(|e| panic!("{e}\n{t}"));
    assert_eq!(doc["economics"]["rack_capex_usd"]["vr-nvl72"].as_float(), Some(4_500_000.0));
    // Set again: replaced where it is, not a second table.
    let t2 = set_table_path(&t, "economics", &["rack_capex_usd", "vr-nvl72"], "5000000.0").unwrap();
    assert_eq!(t2.matches("[economics.rack_capex_usd]").count(), 1, "{t2}");
    assert!(t2.contains("vr-nvl72 = 5000000.0"), "{t2}");
    // Another platform goes under the same header.
    let t3 = set_table_path(&t2, "economics", &["rack_capex_usd", "gb300-nvl72"], "3900000.0").unwrap();
    assert_eq!(t3.matches("[economics.rack_capex_usd]").count(), 1, "{t3}");
    // Removed, the catalogue's price applies again; the comment of the other key stays.
    let t4 = remove_table_path(&t3, "economics", &["rack_capex_usd", "vr-nvl72"]).unwrap();
    assert!(!t4.contains("vr-nvl72") && t4.contains("gb300-nvl72 = 3900000.0") && t4.contains("# ours"), "{t4}");
    // A single key is the plain table's.
    let t5 = set_table_path(text, "economics", &["depreciation_years"], "4.0").unwrap();
    assert!(t5.contains("depreciation_years = 4.0"), "{t5}");
}

#[test]
fn a_set_value_keeps_its_comment_column_and_the_files_number_style() {
    let text = "[[site]]\nname = \"A\"\ngrid_mw = 100.0                  # two interconnects\nclimate = \"miami-fl\"\n";
    // 100.0 -> 1250.5: the comment stays at its column, 33 (0-based: 10 for "grid_mw = ", 5 for the value, 18
    // spaces); the spaces before it give way (17).
    let column = |t: &str| t.lines().nth(2).unwrap().find('#');
    assert_eq!(column(text), Some(33));
    let t = set_site_value(text, 0, &["grid_mw"], "1250.5").unwrap();
    assert_eq!(column(&t), Some(33));
    assert_eq!(t.lines().nth(2).unwrap(), format!("grid_mw = 1250.5{}# two interconnects", " ".repeat(17)));
    // A whole number typed over a float keeps the file's decimal point: 80 -> 80.0, the comment still at 33.
    let t = set_site_value(text, 0, &["grid_mw"], "80").unwrap();
    assert_eq!(t.lines().nth(2).unwrap(), format!("grid_mw = 80.0{}# two interconnects", " ".repeat(19)));
    // A value longer than the gap leaves one space before the comment, never none.
    let long = "123456789012345678901234567890.5";
    let t = set_site_value(text, 0, &["grid_mw"], long).unwrap();
    assert_eq!(t.lines().nth(2).unwrap(), format!("grid_mw = {long} # two interconnects"));
    // A new key of a table goes after its keys, in the file's order.
    let t = set_site_value(text, 0, &["electricity_usd_per_mwh"], "95.0").unwrap();
    assert!(t.ends_with("climate = \"miami-fl\"\nelectricity_usd_per_mwh = 95.0\n"), "{t}");
}
