//! Writing plan files: atomically (a temporary file in the same folder, flushed, then renamed over the original),
//! and paths rewritten for a new folder. Edits themselves are text patches (`plan::edit`), so the text written is
//! the user's file with only the edited spans changed.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` so that a reader sees either the old file or the new one, never a torn one: a
/// temporary file in the same folder is written, flushed to disk and renamed over the file.
///
/// - A symbolic link is written through: its target gets the new bytes and the link stays a link.
/// - An existing file keeps its permissions (a 0600 plan stays 0600), set before any byte is written.
/// - Temporary files of this naming (`.NAME.PID.tmp`) left beside the file by a process that no longer runs (a
///   `kill -9` mid-write) are removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// A file written piece by piece that appears at its path only when committed, whole (`write_atomic` for output
/// that streams). Dropped without `commit`, it leaves the path as it was and removes its temporary file.
pub struct AtomicFile {
    target: PathBuf,
    dir: PathBuf,
    tmp: PathBuf,
    file: Option<std::fs::File>,
}

impl AtomicFile {
    /// Starts writing `path` (through a symbolic link, its target): a temporary file in the same folder, given the
    /// existing file's permissions; stale temporary files of this naming are removed first.
    pub fn create(path: &Path) -> std::io::Result<AtomicFile> {
        let target = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => path.to_path_buf(),
            Err(e) => return Err(e),
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("plan").to_string();
        remove_stale_temp_files(&dir, &name);
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let file = std::fs::File::create(&tmp)?;
        let mut f = AtomicFile { target, dir, tmp, file: Some(file) };
        // The existing file's permissions before any byte is written: a private plan is never readable in between.
        if let Ok(p) = std::fs::metadata(&f.target).map(|m| m.permissions()) {
            f.handle()?.set_permissions(p)?;
        }
        Ok(f)
    }

    fn handle(&mut self) -> std::io::Result<&mut std::fs::File> {
        self.file.as_mut().ok_or_else(|| std::io::Error::other("already committed"))
    }

    /// Flushes to disk and renames over the path.
    pub fn commit(mut self) -> std::io::Result<()> {
        let file = self.file.take().ok_or_else(|| std::io::Error::other("already committed"))?;
        let result = (|| {
            file.sync_all()?;
            drop(file);
            std::fs::rename(&self.tmp, &self.target)?;
            // The rename itself reaches the disk with the folder's entry.
            #[cfg(unix)]
            std::fs::File::open(&self.dir)?.sync_all()?;
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        result
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.handle()?.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.handle()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Removes `.NAME.PID.tmp` files in `dir` whose process is gone: on systems with `/proc`, a PID that is not running
/// (or is this process, which is not writing it now); elsewhere, a file untouched for an hour.
fn remove_stale_temp_files(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let prefix = format!(".{name}.");
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let proc = Path::new("/proc");
        let stale = if pid == std::process::id() {
            true
        } else if proc.is_dir() {
            !proc.join(pid.to_string()).exists()
        } else {
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600)
        };
        if stale && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
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

    fn temp_dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("fleetplan-doc-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[cfg(unix)]
    #[test]
    fn a_save_keeps_permissions_and_writes_through_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let d = temp_dir("perms");
        let real = d.join("real.toml");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&real, b"new").unwrap();
        assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o600);
        let link = d.join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomic(&link, b"through the link").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "still a link");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "through the link");
        // A new file gets the usual permissions (the umask's), not a copy of another file's.
        let fresh = d.join("fresh.toml");
        write_atomic(&fresh, b"x").unwrap();
        let plain = d.join("plain.toml");
        std::fs::write(&plain, "x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), mode(&plain));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn an_uncommitted_file_leaves_nothing_behind() {
        let d = temp_dir("uncommitted");
        let path = d.join("sweep.csv");
        std::fs::write(&path, "old").unwrap();
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"half a result").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old", "dropped without commit: the path is as it was");
        assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "and no temporary file is left");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"new").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn temp_files_of_dead_processes_are_cleaned_up() {
        let d = temp_dir("stale");
        let plan = d.join("plan.toml");
        // PID 4194304 is above Linux's pid_max ceiling: no such process. PID 1 always runs.
        let dead = d.join(".plan.toml.4194304.tmp");
        let alive = d.join(".plan.toml.1.tmp");
        let other = d.join(".other.toml.4194304.tmp");
        for f in [&dead, &alive, &other] {
            std::fs::write(f, "partial").unwrap();
        }
        write_atomic(&plan, b"saved").unwrap();
        assert!(!dead.exists(), "left by a process that is gone");
        assert!(alive.exists(), "a running process may still be writing it");
        assert!(other.exists(), "another file's temp is not ours to judge here");
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), "saved");
        let _ = std::fs::remove_dir_all(&d);
    }

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
