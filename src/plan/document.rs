//! The plan file as text and as an editable TOML document that keeps the user's comments, key order and layout.
//! Saving is atomic: a temporary file in the same folder, flushed, then renamed over the original.

use std::io::Write;
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

/// An opened plan file, ready for edits that keep its formatting.
#[derive(Debug, Clone)]
pub struct PlanDocument {
    pub path: Option<PathBuf>,
    /// The text as read, to tell whether the file changed on disk since.
    pub original: String,
    pub doc: DocumentMut,
}

impl PlanDocument {
    /// Parses text for editing; syntax errors are reported by the plan loader, which reads the same text.
    pub fn parse(text: &str, path: Option<PathBuf>) -> Result<PlanDocument, toml_edit::TomlError> {
        let doc: DocumentMut = text.parse()?;
        Ok(PlanDocument { path, original: text.to_string(), doc })
    }

    /// The document as text; without edits, byte for byte the text it was read from.
    pub fn render(&self) -> String {
        self.doc.to_string()
    }

    /// Replaces the slots of one layout row, keeping the value's surrounding spaces and trailing comment, so the
    /// change is one line of `git diff`. Returns false when the site, hall or row does not exist.
    pub fn set_row(&mut self, site: usize, hall: usize, row: &str, slots: &str) -> bool {
        let Some(rows) = self
            .doc
            .get_mut("site")
            .and_then(|s| s.as_array_of_tables_mut())
            .and_then(|a| a.get_mut(site))
            .and_then(|s| s.get_mut("hall"))
            .and_then(|h| h.as_array_of_tables_mut())
            .and_then(|a| a.get_mut(hall))
            .and_then(|h| h.get_mut("rows"))
            .and_then(|r| r.as_table_like_mut())
        else {
            return false;
        };
        let Some(value) = rows.get_mut(row).and_then(|v| v.as_value_mut()) else {
            return false;
        };
        let decor = value.decor().clone();
        *value = toml_edit::Value::from(slots);
        *value.decor_mut() = decor;
        true
    }

    /// Writes the document to `path` atomically.
    pub fn save_as(&self, path: &Path) -> std::io::Result<()> {
        write_atomic(path, self.render().as_bytes())
    }
}

/// Writes `bytes` to `path` so that a reader sees either the old file or the new one, never a torn one: a
/// temporary file in the same folder is written, flushed to disk and renamed over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("plan");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `target` written relative to the folder `from` (both made absolute against the current folder first), or
/// absolute when they share no root.
pub fn relative_path(target: &Path, from: &Path) -> PathBuf {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
        // Resolve `.` and `..` lexically, so files that do not exist yet still work.
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    };
    let (t, f) = (abs(target), abs(from));
    let (tc, fc): (Vec<_>, Vec<_>) = (t.components().collect(), f.components().collect());
    let common = tc.iter().zip(&fc).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return t;
    }
    let mut rel = PathBuf::new();
    for _ in common..fc.len() {
        rel.push("..");
    }
    for c in &tc[common..] {
        rel.push(c);
    }
    rel
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_rewritten_relative_to_the_new_folder() {
        assert_eq!(
            relative_path(Path::new("/a/plans/weather/x.epw"), Path::new("/a/plans")),
            PathBuf::from("weather/x.epw")
        );
        assert_eq!(
            relative_path(Path::new("/a/plans/weather/x.epw"), Path::new("/a/copies/2027")),
            PathBuf::from("../../plans/weather/x.epw")
        );
        assert_eq!(relative_path(Path::new("/a/plans/./w/../x.epw"), Path::new("/a")), PathBuf::from("plans/x.epw"));
    }
}
