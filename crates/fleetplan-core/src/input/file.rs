//! Reading an input file (plan, catalogue, weather file, key bindings): only regular files, and only up to a size
//! limit, so a FIFO, a device or a runaway file gives a clear error instead of a hang or an exhausted memory.

use std::io::{self, Read};
use std::path::Path;

/// The largest input file fleetplan reads, bytes. A typical-year EPW is about 1.6 MB and a 1 GW plan about 20 kB;
/// this leaves room for plans of many sites.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The bytes of a regular file of at most [`MAX_INPUT_BYTES`]. The file type is checked before the file is opened
/// (opening a FIFO would wait for a writer); the read stops past the limit (a file may grow, and `/proc` files
/// report size 0). Errors keep `NotFound` for a missing file and say what else is wrong.
pub fn read_bytes(path: &Path) -> io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file ({}); fleetplan reads its inputs only from regular files", kind(&meta)),
        ));
    }
    let too_large = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than the {} MiB limit for an input file", MAX_INPUT_BYTES / (1024 * 1024)),
        )
    };
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path)?.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The text of a regular file of at most [`MAX_INPUT_BYTES`], which must be UTF-8.
pub fn read_text(path: &Path) -> io::Result<String> {
    String::from_utf8(read_bytes(path)?)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("not UTF-8 text ({})", e.utf8_error())))
}

/// What a path that is not a regular file is, for the message.
fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_are_read() {
        let dir = std::env::temp_dir().join(format!("fleetplan-input-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("plan.toml");
        std::fs::write(&f, "x = 1\n").unwrap();
        assert_eq!(read_text(&f).unwrap(), "x = 1\n");
        let e = read_text(&dir).unwrap_err();
        assert!(e.to_string().starts_with("not a regular file (a directory)"), "{e}");
        assert_eq!(read_text(&dir.join("missing")).unwrap_err().kind(), io::ErrorKind::NotFound);
        std::fs::write(&f, b"caf\xe9\n").unwrap();
        assert!(read_text(&f).unwrap_err().to_string().starts_with("not UTF-8 text"));
        #[cfg(unix)]
        {
            let e = read_text(Path::new("/dev/zero")).unwrap_err();
            assert_eq!(
                e.to_string(),
                "not a regular file (a character device); fleetplan reads its inputs only from regular files"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
