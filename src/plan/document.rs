//! Writing plan files: atomically (a temporary file in the same folder, flushed, then renamed over the original),
//! and paths rewritten for a new folder. Edits themselves are text patches (`plan::edit`), so the text written is
//! the user's file with only the edited spans changed.

use std::io::Write;
use std::path::{Path, PathBuf};

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
