//! The house holds: the top-level module graph read from `src/` has no cycle and is the one docs/architecture.md
//! shows; no source file passes ~500 lines without saying why at its top; nothing points outside the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The source without its test code: test files, and everything from a file's `#[cfg(test)]` on.
fn non_test_source(path: &Path) -> String {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return String::new();
    }
    let s = std::fs::read_to_string(path).unwrap();
    match s.find("#[cfg(test)]") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// The modules of the house and the source files of each: the core crate's top-level modules
/// (`crates/fleetplan-core/src`) and the front-ends `cli` and `tui` of the binary crate (`src/`).
fn modules() -> BTreeMap<String, Vec<PathBuf>> {
    let mut out = BTreeMap::new();
    let core = crate::root().join("crates/fleetplan-core/src");
    for e in std::fs::read_dir(&core).unwrap() {
        let p = e.unwrap().path();
        let Some(stem) = p.file_stem().and_then(|s| s.to_str()).map(String::from) else { continue };
        if stem == "lib" || !(p.is_dir() || p.extension().is_some_and(|x| x == "rs")) {
            continue;
        }
        out.entry(stem).or_insert_with(Vec::new).extend(if p.is_dir() { rust_files(&p) } else { vec![p] });
    }
    let src = crate::root().join("src");
    for m in ["cli", "tui"] {
        let mut files = rust_files(&src.join(m));
        files.push(src.join(format!("{m}.rs")));
        out.insert(m.to_string(), files.into_iter().filter(|f| f.exists()).collect());
    }
    out
}

/// The first path segment of every path after `prefix` in `text`: `prefix a::b` gives `a`, and
/// `prefix {a, b::c}` gives `a` and `b`.
fn named_after<'t>(text: &'t str, prefix: &str) -> Vec<&'t str> {
    let mut names = Vec::new();
    for (i, _) in text.match_indices(prefix) {
        // `fleetplan_core::` must not be read inside a longer name, nor `crate::` inside `fleetplan_core::crate`.
        if text[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &text[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            names.extend(group[..end].split(',').map(|item| item.trim().split("::").next().unwrap_or("")));
        } else {
            names.push(rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or(""));
        }
    }
    names
}

/// Each module and the other modules its non-test code names: `crate::x` within its own crate, and
/// `fleetplan_core::x` from the front-ends.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    let mut graph = BTreeMap::new();
    for (m, files) in &modules {
        let mut uses = BTreeSet::new();
        for f in files {
            let text = non_test_source(f);
            let mut names = named_after(&text, "crate::");
            names.extend(named_after(&text, "fleetplan_core::"));
            for n in names {
                if n != m && modules.contains_key(n) {
                    uses.insert(n.to_string());
                }
            }
        }
        graph.insert(m.clone(), uses);
    }
    graph
}

/// The graph as docs/architecture.md shows it, in the block after `<!-- module-graph -->`.
fn documented_graph() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(crate::root().join("docs/architecture.md")).unwrap();
    let marker = "<!-- module-graph -->\n```text\n";
    let start = doc.find(marker).expect("module-graph block in docs/architecture.md") + marker.len();
    let block = &doc[start..start + doc[start..].find("```").unwrap()];
    block
        .lines()
        .map(|l| {
            let (m, deps) = l.split_once("->").unwrap_or_else(|| panic!("not `module -> deps`: {l}"));
            let deps = deps.split(',').map(str::trim).filter(|d| !d.is_empty()).map(String::from).collect();
            (m.trim().to_string(), deps)
        })
        .collect()
}

#[test]
fn the_module_graph_has_no_cycle_and_is_the_documented_one() {
    let graph = module_graph();
    // Depth-first search for a back edge.
    fn visit(
        m: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) {
        state.insert(m.to_string(), 1);
        path.push(m.to_string());
        for d in &g[m] {
            match state.get(d.as_str()) {
                Some(1) => panic!("import cycle: {} -> {d}", path.join(" -> ")),
                Some(_) => {}
                None => visit(d, g, state, path),
            }
        }
        path.pop();
        state.insert(m.to_string(), 2);
    }
    let mut state = BTreeMap::new();
    for m in graph.keys() {
        if !state.contains_key(m) {
            visit(m, &graph, &mut state, &mut Vec::new());
        }
    }
    let shown: Vec<String> =
        graph.iter().map(|(m, d)| format!("{m} -> {}", d.iter().cloned().collect::<Vec<_>>().join(", "))).collect();
    assert_eq!(
        documented_graph(),
        graph,
        "docs/architecture.md's module graph is out of date; from src/:\n{}",
        shown.join("\n")
    );
}

#[test]
fn the_graph_reader_sees_grouped_and_plain_paths() {
    // The reader itself must find edges it is known to have, or the graph comparison above proves nothing.
    let g = module_graph();
    assert!(g["model"].contains("catalog") && g["model"].contains("units"), "{:?}", g["model"]);
    assert!(g["units"].is_empty() && g["input"].is_empty());
    assert!(!g["model"].contains("tables") && !g["model"].contains("tui"), "the core stays free of front-ends");
}

#[test]
fn long_source_files_say_why() {
    let mut unexplained = Vec::new();
    let mut files = rust_files(&crate::root().join("src"));
    files.extend(rust_files(&crate::root().join("crates")));
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let lines = text.lines().count();
        let head: String = text.lines().take_while(|l| l.starts_with("//!")).collect::<Vec<_>>().join("\n");
        if lines > 550 && !head.contains("Why this file is long") {
            unexplained.push(format!("{} ({lines} lines)", f.strip_prefix(crate::root()).unwrap().display()));
        }
    }
    assert!(unexplained.is_empty(), "over ~500 lines without a reason at the top: {unexplained:?}");
}

#[test]
fn nothing_points_outside_the_repository() {
    let root = crate::root();
    let mut files = rust_files(&root.join("src"));
    files.extend(rust_files(&root.join("crates")));
    files.extend(rust_files(&root.join("tests/it")));
    files.extend(rust_files(&root.join("benches")));
    for dir in ["assets", "docs", "plans"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml" || x == "md" || x == "py") {
                files.push(p);
            }
        }
    }
    files.push(root.join("README.md"));
    // Spelled in two pieces so this file does not match itself.
    let outside = ["../".to_string() + "shared", "shared/".to_string() + "reference"];
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if outside.iter().any(|o| line.contains(o.as_str())) {
                found.push(format!("{}:{}: {line}", f.strip_prefix(&root).unwrap().display(), i + 1));
            }
        }
    }
    assert!(found.is_empty(), "files outside the repository referred to:\n{}", found.join("\n"));
}

#[test]
fn the_terminal_app_imports_run_one_way() {
    // ui -> app -> screens -> shared -> document: a screen, what screens share, the document, the geometry and the
    // layout edits never name the app or the frame drawing, so no screen can reach into another through them.
    let tui = crate::root().join("src/tui");
    let mut lower = rust_files(&tui.join("screens"));
    for f in ["shared.rs", "document.rs", "geometry.rs", "layout_edit.rs", "widgets.rs", "jump.rs"] {
        lower.push(tui.join(f));
    }
    for f in &lower {
        let text = non_test_source(f);
        for higher in ["tui::app", "tui::ui", "super::app", "super::ui", "crate::tui::App"] {
            assert!(!text.contains(higher), "{} names {higher}", f.display());
        }
    }
    // And a screen never names another screen.
    for f in rust_files(&tui.join("screens")) {
        let text = non_test_source(&f);
        let own = f.file_stem().unwrap().to_str().unwrap().to_string();
        for other in ["site", "hall", "params", "supply", "inference", "power", "compare"] {
            if own != other && own != "mod" {
                assert!(!text.contains(&format!("screens::{other}")), "{} names screens::{other}", f.display());
            }
        }
    }
    assert!(lower.len() >= 13, "{lower:?}");
}

/// Non-test source files below `dir`, with their text and their path from the repository's root.
fn sources(dir: &str) -> Vec<(String, String)> {
    rust_files(&crate::root().join(dir))
        .into_iter()
        .map(|f| (f.strip_prefix(crate::root()).unwrap().display().to_string(), non_test_source(&f)))
        .collect()
}

#[test]
fn polars_is_named_only_in_the_table_and_writer_room() {
    let mut found = Vec::new();
    for dir in ["src", "crates/fleetplan-core/src"] {
        for (path, text) in sources(dir) {
            if path.starts_with("crates/fleetplan-core/src/tables/") {
                continue;
            }
            // Code that names the crate; prose that mentions it (a help text naming the tools that read Parquet) is
            // fine.
            if text.lines().any(|l| {
                let code = l.split("//").next().unwrap_or("");
                code.contains("polars::") || code.trim_start().starts_with("use polars")
            }) {
                found.push(path);
            }
        }
    }
    assert!(found.is_empty(), "polars named outside crates/fleetplan-core/src/tables/: {found:?}");
    // The rule can fail: the tables room itself names it.
    assert!(sources("crates/fleetplan-core/src/tables").iter().any(|(_, t)| t.contains("use polars::")));
}

#[test]
fn the_model_does_no_io() {
    let io =
        ["std::fs", "std::io", "std::net", "std::process", "std::env", "println!", "eprintln!", "print!(", "dbg!("];
    let mut found = Vec::new();
    for (path, text) in sources("crates/fleetplan-core/src/model") {
        for i in io {
            if text.contains(i) {
                found.push(format!("{path}: {i}"));
            }
        }
    }
    assert!(found.is_empty(), "I/O in the planning model: {found:?}");
    assert!(sources("crates/fleetplan-core/src/model").len() >= 10, "the model's files were read");
}

#[test]
fn the_core_has_no_terminal_or_command_line_crate() {
    let terminal = ["ratatui", "crossterm", "clap", "signal-hook", "anyhow"];
    // Its manifest: not a dependency at all, so the compiler keeps the rule.
    let manifest = std::fs::read_to_string(crate::root().join("crates/fleetplan-core/Cargo.toml")).unwrap();
    let deps = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    for t in terminal {
        assert!(!deps.lines().any(|l| l.trim_start().starts_with(t)), "fleetplan-core depends on {t}");
    }
    // Its source (a crate could come in through a re-export of another): never named.
    for (path, text) in sources("crates/fleetplan-core/src") {
        for t in ["ratatui", "crossterm", "clap::", "anyhow"] {
            assert!(!text.contains(t), "{path} names {t}");
        }
    }
    // And the front-end's manifest has them, so the check reads the right sections.
    let front = std::fs::read_to_string(crate::root().join("Cargo.toml")).unwrap();
    assert!(front.contains("\nratatui = ") && front.contains("\nclap = "));
}

/// Names of the `fn`s in the repository's Rust source, tests included.
fn function_names() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let root = crate::root();
    let mut files = rust_files(&root.join("src"));
    files.extend(rust_files(&root.join("crates")));
    files.extend(rust_files(&root.join("tests/it")));
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, _) in text.match_indices("fn ") {
            if text[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = text[i + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names
}

/// The test names a docs/model.md table row cites: in its last column, every `code span` that looks like a Rust
/// function name (lower case, with underscores), as opposed to a key, a file or a value.
fn cited_tests(page: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in page.lines().enumerate() {
        let Some(row) = line.strip_prefix('|') else { continue };
        let cells: Vec<&str> = row.trim_end().trim_end_matches('|').split('|').collect();
        let Some(last) = cells.last() else { continue };
        for (k, span) in last.split('`').enumerate() {
            let is_name = span.len() > 12
                && span.contains('_')
                && span.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if k % 2 == 1 && is_name {
                out.push((n + 1, span.to_string()));
            }
        }
    }
    out
}

#[test]
fn every_test_docs_model_cites_exists() {
    let page = std::fs::read_to_string(crate::root().join("docs/model.md")).unwrap();
    let cited = cited_tests(&page);
    assert!(cited.len() >= 40, "the page's test column was read: {} names", cited.len());
    let names = function_names();
    let missing: Vec<String> =
        cited.iter().filter(|(_, t)| !names.contains(t)).map(|(n, t)| format!("docs/model.md:{n}: {t}")).collect();
    assert!(missing.is_empty(), "tests docs/model.md cites that do not exist:\n{}", missing.join("\n"));
    // The reader finds a name in a row and skips keys and files.
    let row = "| F1 | x | y | z | `a_test_of_some_length` (model/tests.rs); `site.grid_mw`; `pue_design` |";
    assert_eq!(cited_tests(row), [(1, "a_test_of_some_length".to_string())]);
}
/// Each function outside test code longer than `limit` lines: where it starts, its name and its length, unless a
/// comment at its top (in its first lines, or the doc comment above it) says why it is long.
fn long_functions(text: &str, limit: usize) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let at = t.find("fn ").filter(|&k| {
            let before = &t[..k];
            before.is_empty() || before.ends_with(' ') && !before.contains("//") && !before.contains('"')
        });
        let Some(k) = at else { continue };
        if !(t.starts_with("fn ") || t.starts_with("pub") || t.starts_with("async") || t.starts_with("const")) {
            continue;
        }
        let name: String = t[k + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let indent = line.len() - t.len();
        // Its body ends at the first closing brace at its own indent; a declaration without a body has none.
        let end = lines[i + 1..]
            .iter()
            .position(|l| l.len() > indent && l.as_bytes()[indent] == b'}' && l[..indent].trim().is_empty());
        let Some(end) = end else { continue };
        let len = end + 2;
        if t.ends_with(';') || len <= limit {
            continue;
        }
        let doc_above = lines[..i]
            .iter()
            .rev()
            .take_while(|l| l.trim_start().starts_with("///") || l.trim_start().starts_with("#["));
        let said =
            doc_above.chain(lines[i..(i + 8).min(lines.len())].iter()).any(|l| l.contains("Why this function is long"));
        if !said {
            out.push((i + 1, name, len));
        }
    }
    out
}

#[test]
fn long_functions_say_why() {
    let mut found = Vec::new();
    for dir in ["src", "crates/fleetplan-core/src"] {
        for (path, text) in sources(dir) {
            for (line, name, len) in long_functions(&text, 120) {
                found.push(format!("{path}:{line}: {name} ({len} lines)"));
            }
        }
    }
    assert!(found.is_empty(), "functions over ~120 lines without a reason at their top:\n{}", found.join("\n"));
    // The finder sees a long function, and its reason.
    let body = "    let x = 1;\n".repeat(130);
    assert_eq!(long_functions(&format!("fn big() {{\n{body}}}\n"), 120), [(1, "big".to_string(), 132)]);
    assert!(
        long_functions(&format!("/// Why this function is long: a table.\nfn big() {{\n{body}}}\n"), 120).is_empty()
    );
}
