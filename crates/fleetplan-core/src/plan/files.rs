//! The files a plan names beside itself (a catalogue laid over the bundled one, weather files), read through the
//! plan's [`Origin`](super::Origin). The loader asks for them here and does no I/O of its own: [`Disk`] reads them
//! from the file system, [`InMemory`] from a map (tests, tools that hold plans in memory).

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Where a plan's neighbouring files are read from.
pub trait Files: fmt::Debug + Send + Sync {
    /// The text of the file at `path`; `io::ErrorKind::NotFound` when there is none.
    fn read_to_string(&self, path: &Path) -> io::Result<String>;

    /// The bytes of the file at `path` (weather files, which may not be UTF-8).
    fn read_bytes(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.read_to_string(path).map(String::into_bytes)
    }
}

/// The file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Files for Disk {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        crate::input::read_text(path)
    }

    fn read_bytes(&self, path: &Path) -> io::Result<Vec<u8>> {
        crate::input::read_bytes(path)
    }
}

/// Files held in memory, by path.
#[derive(Debug, Clone, Default)]
pub struct InMemory(pub BTreeMap<PathBuf, String>);

impl Files for InMemory {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        self.0.get(path).cloned().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "not in memory"))
    }
}
