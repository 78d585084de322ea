//! Reading an input file (plan, catalogue, weather file, key bindings): only regular files, and only up to a size
//! limit, so a FIFO, a device or a runaway file gives a clear error instead of a hang or an exhausted memory; and
//! their text, told from its encoding (UTF-8, UTF-16, Windows-1252).

use std::io::{self, Read};
use std::path::Path;

/// The largest input file fleetplan reads, bytes. A typical-year EPW is about 1.6 MB, a 1 GW plan about 20 kB and a
/// plan of 10,000 small sites 11 MB. The limit also bounds memory: the TOML document that keeps a plan's comments
/// and layout takes up to about 25 times a key-dense file's size (2 times a file of comments), so a plan at the
/// limit stays near 0.4 GB.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

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

/// The text of a regular file of at most [`MAX_INPUT_BYTES`], which must be UTF-8 (a UTF-8 byte-order mark is
/// kept: the TOML reader skips it and saving writes it back). UTF-16, which Windows editors call "Unicode", is named
/// in the error, so the fix is plain.
pub fn read_text(path: &Path) -> io::Result<String> {
    let bytes = read_bytes(path)?;
    if let Some(order) = utf16(&bytes) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("UTF-16 text ({}), not UTF-8; save the file as UTF-8", order.describe()),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("not UTF-8 text ({})", e.utf8_error())))
}

/// The byte order of UTF-16 text, and whether the text starts with a byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf16 {
    pub little_endian: bool,
    pub marked: bool,
}

impl Utf16 {
    /// In words: `little-endian, with a byte-order mark`.
    pub fn describe(self) -> String {
        let order = if self.little_endian { "little-endian" } else { "big-endian" };
        let mark = if self.marked { "with a byte-order mark" } else { "without a byte-order mark" };
        format!("{order}, {mark}")
    }

    /// The text after the mark, decoded; an unpaired surrogate becomes U+FFFD and an odd last byte is dropped.
    pub fn decode(self, bytes: &[u8]) -> String {
        let body = if self.marked { &bytes[2..] } else { bytes };
        let units = body.chunks_exact(2).map(|p| {
            let pair = [p[0], p[1]];
            if self.little_endian { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
        });
        char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
    }
}

/// Whether `bytes` are UTF-16 text: a byte-order mark (FF FE, FE FF), or an ASCII first character with a NUL byte
/// beside it, which no UTF-8 or single-byte text file has.
pub fn utf16(bytes: &[u8]) -> Option<Utf16> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(Utf16 { little_endian: true, marked: true }),
        [0xFE, 0xFF, ..] => Some(Utf16 { little_endian: false, marked: true }),
        [a, 0, ..] if *a != 0 && a.is_ascii() => Some(Utf16 { little_endian: true, marked: false }),
        [0, b, ..] if *b != 0 && b.is_ascii() => Some(Utf16 { little_endian: false, marked: false }),
        _ => None,
    }
}

/// A data file's bytes (weather, hourly load) as text: UTF-16 when they are (a spreadsheet's "Unicode text" export, told by its
/// byte-order mark or NUL bytes), UTF-8 when they are (without its byte-order mark, which a spreadsheet's "CSV UTF-8"
/// export writes), otherwise Windows-1252 (the superset of Latin-1 in which EnergyPlus and ASHRAE IWEC files write
/// station names and comments, "São Paulo" as one byte 0xE3). The hourly data are ASCII in every one.
pub fn decode_lenient(mut bytes: Vec<u8>) -> String {
    if let Some(order) = utf16(&bytes) {
        return order.decode(&bytes);
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => e.into_bytes().into_iter().map(windows_1252).collect(),
    }
}

/// One Windows-1252 byte as a character: 0x80-0x9F hold typographic characters, every other byte is the Latin-1
/// code point of the same number (the five bytes 1252 leaves undefined pass through likewise).
fn windows_1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
        0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x009D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(b - 0x80)])).unwrap_or('\u{fffd}'),
        _ => char::from(b),
    }
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
    fn windows_1252_bytes_decode_to_their_characters() {
        // 0x80 euro, 0x96 en dash, 0xE9 e acute (the Latin-1 range), 0x81 undefined in 1252: passed through.
        assert_eq!(decode_lenient(vec![0x80, 0x96, 0xE9, 0x81]), "\u{20ac}\u{2013}\u{e9}\u{81}");
        assert_eq!(decode_lenient("already UTF-8: é".as_bytes().to_vec()), "already UTF-8: é");
        assert_eq!(decode_lenient(b"\xEF\xBB\xBFLOCATION,X".to_vec()), "LOCATION,X", "the UTF-8 mark is dropped");
        assert_eq!(decode_lenient(b"\xFF\xFEL\0,\0\xE3\0".to_vec()), "L,ã", "UTF-16 is decoded");
    }

    #[test]
    fn utf16_is_told_by_its_mark_or_its_nul_bytes_and_decoded() {
        let le = Utf16 { little_endian: true, marked: true };
        assert_eq!(utf16(b"\xFF\xFEA\0"), Some(le));
        assert_eq!(le.decode(b"\xFF\xFEA\0\xE9\0"), "Aé");
        let be = Utf16 { little_endian: false, marked: false };
        assert_eq!(utf16(b"\0A\0B"), Some(be));
        // U+1F600 as the surrogate pair D83D DE00, then a lone high surrogate and an odd byte.
        assert_eq!(be.decode(b"\xD8\x3D\xDE\x00\xD8\x3D\x00"), "\u{1F600}\u{FFFD}");
        assert_eq!(utf16(b"A,B"), None);
        assert_eq!(utf16("São".as_bytes()), None);
        assert_eq!(utf16(b"\xEF\xBB\xBFA"), None, "a UTF-8 mark is UTF-8");
        assert_eq!(utf16(b""), None);
    }

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
        // "x = 1" saved by a Windows editor as "Unicode": FF FE, then each character and a NUL.
        std::fs::write(&f, b"\xFF\xFEx\0 \0=\0 \x001\0").unwrap();
        let e = read_text(&f).unwrap_err().to_string();
        assert_eq!(e, "UTF-16 text (little-endian, with a byte-order mark), not UTF-8; save the file as UTF-8");
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
