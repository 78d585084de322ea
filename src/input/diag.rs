//! Diagnostics: every problem in an input file, with file, line, column, key and what was expected.

use std::fmt;
use std::ops::Range;

/// One problem found in a plan, catalogue or weather file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (or `<bundled ...>` for embedded files).
    pub file: String,
    /// 1-based line; 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when the problem is about the whole file.
    pub column: usize,
    /// Dotted path of the key, e.g. `site[1].cooling.supply_c`; empty for syntax errors.
    pub key: String,
    /// What was expected, and what was found.
    pub message: String,
}

impl Diagnostic {
    /// A problem with a whole file (it cannot be read, it lacks a section a command needs), under `key` when the
    /// problem belongs to one (empty otherwise).
    pub fn whole_file(file: impl Into<String>, key: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { file: file.into(), line: 0, column: 0, key: key.into(), message: message.into() }
    }

    /// A file that cannot be read: `what` says what it was to be (`the plan`, `the catalogue file`).
    pub fn unreadable(file: impl Into<String>, what: &str, error: &std::io::Error) -> Diagnostic {
        Diagnostic::whole_file(file, "", format!("cannot read {what}: {error}"))
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if !self.key.is_empty() {
            write!(f, ": {}", self.key)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// All problems found in one load, in file order. Loading fails when it is not empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl Diagnostics {
    /// One line for a status bar: the first problem in full, and how many more there are.
    pub fn headline(&self) -> String {
        match self.0.as_slice() {
            [] => "no problem recorded".to_string(),
            [d] => d.to_string(),
            [d, rest @ ..] => format!("{d} (and {} more)", rest.len()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// Collects diagnostics for one source text, turning byte spans into line and column.
pub struct Collector<'s> {
    file: String,
    src: &'s str,
    found: Vec<(usize, Diagnostic)>,
}

impl<'s> Collector<'s> {
    pub fn new(file: impl Into<String>, src: &'s str) -> Self {
        Collector { file: file.into(), src, found: Vec::new() }
    }

    pub fn file(&self) -> &str {
        &self.file
    }

    /// Records a problem at a byte span (its start is reported); `None` reports the whole file.
    pub fn error(&mut self, span: Option<Range<usize>>, key: &str, message: impl Into<String>) {
        let (offset, line, column) = match span {
            Some(r) => {
                let (l, c) = line_column(self.src, r.start);
                (r.start, l, c)
            }
            None => (0, 0, 0),
        };
        self.found.push((
            offset,
            Diagnostic { file: self.file.clone(), line, column, key: key.to_string(), message: message.into() },
        ));
    }

    /// Records a problem at a known line and column (weather files, which are not TOML).
    pub fn error_at(&mut self, line: usize, column: usize, key: &str, message: impl Into<String>) {
        let offset = line_start_offset(self.src, line);
        self.found.push((
            offset,
            Diagnostic { file: self.file.clone(), line, column, key: key.to_string(), message: message.into() },
        ));
    }

    pub fn has_errors(&self) -> bool {
        !self.found.is_empty()
    }

    /// Diagnostics in file order (stable for equal positions).
    pub fn finish(mut self) -> Diagnostics {
        self.found.sort_by_key(|(offset, _)| *offset);
        Diagnostics(self.found.into_iter().map(|(_, d)| d).collect())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

fn line_start_offset(src: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    src.match_indices('\n').nth(line - 2).map_or(src.len(), |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let src = "a = 1\nb = \"°C\" x\n";
        // 'x' is on line 2 after `b = "°C" `: 9 characters before it, so column 10; '°' is 2 bytes.
        let offset = src.find('x').unwrap();
        assert_eq!(line_column(src, offset), (2, 10));
        assert_eq!(line_column(src, 0), (1, 1));
    }

    #[test]
    fn diagnostics_sort_by_position_and_print_like_a_compiler() {
        let src = "one\ntwo\nthree\n";
        let mut c = Collector::new("p.toml", src);
        c.error(Some(8..9), "b", "second");
        c.error(Some(0..1), "a", "first");
        let d = c.finish();
        assert_eq!(d.to_string(), "error: p.toml:1:1: a: first\nerror: p.toml:3:1: b: second");
        assert_eq!(d.headline(), "p.toml:1:1: a: first (and 1 more)");
        assert_eq!(Diagnostics(d.0[1..].to_vec()).headline(), "p.toml:3:1: b: second");
    }
}
