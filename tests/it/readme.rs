//! The README stays true: every plan key of the defaults is documented, and its commands exist.

#[test]
fn readme_documents_every_default_key() {
    let readme = std::fs::read_to_string(crate::root().join("README.md")).unwrap();
    let defaults = std::fs::read_to_string(crate::root().join("assets/defaults.toml")).unwrap();
    let doc: toml_edit::DocumentMut = defaults.parse().unwrap();
    let mut missing = Vec::new();
    fn walk(t: &dyn toml_edit::TableLike, path: &str, readme: &str, missing: &mut Vec<String>) {
        for (k, v) in t.iter() {
            let p = if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
            match v.as_table_like() {
                Some(sub) => walk(sub, &p, readme, missing),
                None if !readme.contains(&format!("`{p}`")) => missing.push(p),
                None => {}
            }
        }
    }
    walk(doc.as_table(), "", &readme, &mut missing);
    assert!(missing.is_empty(), "README lacks these plan keys (as `site.x.y`): {missing:#?}");
}

#[test]
fn readme_names_the_two_setup_commands() {
    let readme = std::fs::read_to_string(crate::root().join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("cargo test"));
    let ci = std::fs::read_to_string(crate::root().join(".ci/run")).unwrap();
    assert!(ci.contains("cargo test"), "CI runs the README's test command");
}

#[test]
fn readme_quick_start_output_is_what_the_program_prints() {
    let readme = std::fs::read_to_string(crate::root().join("README.md")).unwrap();
    let marker = "<!-- quickstart-output: fleetplan report plans/pilot-5mw.toml -->\n```text\n";
    let start = readme.find(marker).expect("quick-start marker") + marker.len();
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fleetplan"))
        .args(["report", "plans/pilot-5mw.toml"])
        .current_dir(crate::root())
        .output()
        .unwrap();
    assert_eq!(block, String::from_utf8(out.stdout).unwrap(), "update the README's quick-start output");
}
