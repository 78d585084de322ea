//! Writing files: every writer of the program (export, sweep, plot, report, fmt, new, the app's save) goes through
//! [`write_file`] or [`Output`]. A regular file (or a path that does not exist yet) is written atomically: an
//! exclusively created temporary file with an unpredictable name in the same folder, flushed, then renamed over the
//! original. Anything else (a device such as `/dev/null`, a FIFO, a socket, `/dev/stdout`) is opened and written in
//! place, so it stays what it was. Paths are also rewritten here for a new folder. Edits themselves are text patches
//! (`plan::edit`), so the text written is the user's file with only the edited spans changed.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path`: atomically when it is a regular file or new (a reader sees the old file or the new one,
/// never a torn one), in place when it is a device, FIFO or socket. See [`Output::create`].
pub fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = Output::create(path)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Whether `a` and `b` name the same existing file (on Unix the same device and inode, so another spelling, a link
/// or `./` is caught; elsewhere the same canonical path). A path that does not exist is no file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
    }
}

/// Why a checked save did not write.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The file no longer holds what was read from it: someone else's edit, which a save must not overwrite.
    #[error("it changed on disk since it was read (another edit?); not overwritten")]
    ChangedOnDisk,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Writes `bytes` to `path` atomically, unless the file's content just before the rename differs from `read` (what
/// the caller read from it): then nothing is written and the other edit is kept. A file that does not exist (deleted
/// since, or new) is written. The check and the rename are microseconds apart, not a read and a save seconds apart.
pub fn write_file_unless_changed(path: &Path, bytes: &[u8], read: &[u8]) -> Result<(), SaveError> {
    match Output::create(path)? {
        Output::Atomic(mut f) => {
            f.write_all(bytes)?;
            f.commit_if(|now| now.is_none_or(|now| now == read))
        }
        // A device or FIFO has no content to compare: written in place.
        mut o @ Output::InPlace(_) => {
            o.write_all(bytes)?;
            Ok(o.commit()?)
        }
    }
}

/// Where an output goes: a regular file written atomically, or a special file written in place.
pub enum Output {
    Atomic(AtomicFile),
    InPlace(std::fs::File),
}

impl Output {
    /// Opens `path` for output. A path that exists and is not a regular file (following symbolic links: a device,
    /// FIFO, socket, terminal, or `/dev/stdout` to a pipe) is opened for writing as it is, never replaced; a folder
    /// is refused; anything else is written atomically through an [`AtomicFile`].
    pub fn create(path: &Path) -> std::io::Result<Output> {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "is a folder; give a file name to write"))
            }
            Ok(m) if !m.is_file() => Ok(Output::InPlace(std::fs::OpenOptions::new().write(true).open(path)?)),
            _ => Ok(Output::Atomic(AtomicFile::create(path)?)),
        }
    }

    /// Makes the output whole: the atomic file renamed into place, the special file flushed. A write error such as
    /// ENOSPC (`/dev/full`) has already been returned by `write`.
    pub fn commit(self) -> std::io::Result<()> {
        match self {
            Output::Atomic(f) => f.commit(),
            Output::InPlace(mut f) => f.flush(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Atomic(f) => f.write(buf),
            Output::InPlace(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Atomic(f) => f.flush(),
            Output::InPlace(f) => f.flush(),
        }
    }
}

/// A regular file written piece by piece that appears at its path only when committed, whole. Dropped without
/// `commit`, it leaves the path as it was and removes its temporary file.
///
/// - A symbolic link is written through: its target gets the new bytes and the link stays a link.
/// - An existing file keeps its permissions (a 0600 plan stays 0600), set before any byte is written.
/// - The temporary file, `.NAME.PID.RANDOM.tmp`, is created exclusively (an existing file or a planted symbolic link
///   of that name makes the creation fail and another name is tried), so nothing can redirect the write.
/// - Temporary files of this naming left beside the file by a process that no longer runs (a `kill -9` mid-write)
///   are removed.
pub struct AtomicFile {
    target: PathBuf,
    dir: PathBuf,
    tmp: PathBuf,
    file: Option<std::fs::File>,
}

/// Attempts at an unused temporary name before giving up (each name is 64 random bits: a clash is someone else's
/// file planted under every name tried).
const TEMP_ATTEMPTS: usize = 16;

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
        let mut rng = fastrand::Rng::new();
        let mut last = None;
        for _ in 0..TEMP_ATTEMPTS {
            let tmp = dir.join(format!(".{name}.{}.{:016x}.tmp", std::process::id(), rng.u64(..)));
            // `create_new` is O_CREAT | O_EXCL: it never opens an existing file and never follows a link.
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(file) => {
                    let mut f = AtomicFile { target, dir, tmp, file: Some(file) };
                    // The existing file's permissions before any byte is written: a private plan is never readable
                    // in between.
                    if let Ok(p) = std::fs::metadata(&f.target).map(|m| m.permissions()) {
                        f.handle()?.set_permissions(p)?;
                    }
                    return Ok(f);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::other("no free temporary file name")))
    }

    /// Gives the file-to-be the permissions of `like` (another file), before any byte is written: a recovery file
    /// of a private plan is as private as the plan.
    pub fn permissions_of(&mut self, like: &Path) -> std::io::Result<()> {
        let p = std::fs::metadata(like)?.permissions();
        self.handle()?.set_permissions(p)
    }

    fn handle(&mut self) -> std::io::Result<&mut std::fs::File> {
        self.file.as_mut().ok_or_else(|| std::io::Error::other("already committed"))
    }

    /// Flushes to disk and renames over the path.
    pub fn commit(self) -> std::io::Result<()> {
        self.commit_if(|_| true).map_err(|e| match e {
            SaveError::Io(e) => e,
            SaveError::ChangedOnDisk => std::io::Error::other(e.to_string()),
        })
    }

    /// Flushes to disk and, if `keep` accepts the target's content as it is now (`None`: there is no file), renames
    /// over the path; otherwise removes the temporary file and leaves the target as it is.
    pub fn commit_if(mut self, keep: impl FnOnce(Option<&[u8]>) -> bool) -> Result<(), SaveError> {
        let file = self.file.take().ok_or_else(|| std::io::Error::other("already committed"))?;
        let result = (|| {
            file.sync_all()?;
            drop(file);
            let now = match std::fs::read(&self.target) {
                Ok(b) => Some(b),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(SaveError::Io(e)),
            };
            if !keep(now.as_deref()) {
                return Err(SaveError::ChangedOnDisk);
            }
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

/// Removes `.NAME.PID.RANDOM.tmp` (and the older `.NAME.PID.tmp`) files in `dir` whose process is gone: on systems with `/proc`, a PID that is not running
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
            .and_then(|rest| rest.split('.').next())
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
        write_file(&real, b"new").unwrap();
        assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o600);
        let link = d.join("link.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_file(&link, b"through the link").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "still a link");
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "through the link");
        // A new file gets the usual permissions (the umask's), not a copy of another file's.
        let fresh = d.join("fresh.toml");
        write_file(&fresh, b"x").unwrap();
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
        let dead_new = d.join(".plan.toml.4194304.00000000deadbeef.tmp");
        for f in [&dead, &alive, &other, &dead_new] {
            std::fs::write(f, "partial").unwrap();
        }
        write_file(&plan, b"saved").unwrap();
        assert!(!dead.exists(), "left by a process that is gone");
        assert!(!dead_new.exists(), "in today's naming too");
        assert!(alive.exists(), "a running process may still be writing it");
        assert!(other.exists(), "another file's temp is not ours to judge here");
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), "saved");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_link_at_a_temporary_name_redirects_nothing() {
        let d = temp_dir("planted");
        let plan = d.join("plan.toml");
        let victim = d.join("victim.txt");
        std::fs::write(&plan, "old").unwrap();
        std::fs::write(&victim, "precious").unwrap();
        // The name this program's temporary file once had (`.NAME.PID.tmp`), planted as a link to another file.
        let planted = d.join(format!(".plan.toml.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_file(&plan, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious", "the link's target is untouched");
        assert!(std::fs::symlink_metadata(&plan).unwrap().file_type().is_file(), "the plan is a file, not a link");
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), "new");
        // Two writers of one path at once get two temporary files: names are random, created exclusively.
        let a = AtomicFile::create(&plan).unwrap();
        let b = AtomicFile::create(&plan).unwrap();
        assert_ne!(a.tmp, b.tmp);
        assert!(a.tmp.to_str().unwrap().ends_with(".tmp") && a.tmp.to_str().unwrap().contains(".plan.toml."));
        drop((a, b));
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_checked_save_keeps_an_edit_made_since_the_file_was_read() {
        let d = temp_dir("concurrent");
        let plan = d.join("plan.toml");
        std::fs::write(&plan, "as read").unwrap();
        // Unchanged since read: written.
        write_file_unless_changed(&plan, b"formatted", b"as read").unwrap();
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), "formatted");
        // A teammate's edit landed after the read: refused, the edit kept, no temporary file left.
        std::fs::write(&plan, "teammate").unwrap();
        let e = write_file_unless_changed(&plan, b"mine", b"formatted").unwrap_err();
        assert!(matches!(e, SaveError::ChangedOnDisk), "{e}");
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), "teammate");
        assert_eq!(
            std::fs::read_dir(&d).unwrap().count(),
            1,
            "{:?}",
            std::fs::read_dir(&d).unwrap().collect::<Vec<_>>()
        );
        // Deleted since: nothing to lose, written.
        std::fs::remove_file(&plan).unwrap();
        write_file_unless_changed(&plan, b"again", b"teammate").unwrap();
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), "again");
        // The edit can land between the write and the rename: the check runs at commit, not at create.
        let mut f = AtomicFile::create(&plan).unwrap();
        f.write_all(b"late").unwrap();
        std::fs::write(&plan, "landed meanwhile").unwrap();
        assert!(matches!(f.commit_if(|now| now == Some(b"again".as_slice())), Err(SaveError::ChangedOnDisk)));
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), "landed meanwhile");
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
