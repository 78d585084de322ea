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

    /// The problems as printed for a person: at most `per_file` of each file, in order, then a line with how many
    /// more that file has. (The full list stays available: `Display` prints every one.)
    pub fn report(&self, per_file: usize) -> String {
        let mut out = String::new();
        let mut i = 0;
        while i < self.0.len() {
            let file = &self.0[i].file;
            let n = self.0[i..].iter().take_while(|d| d.file == *file).count();
            for d in &self.0[i..i + n.min(per_file)] {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&format!("error: {d}"));
            }
            if n > per_file {
                out.push_str(&format!("\nerror: {file}: and {} more problems like these", n - per_file));
            }
            i += n;
        }
        out
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// Where a recorded problem is: a byte offset still to be turned into line and column, a known line and column,
/// or the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    WholeFile,
    Offset(usize),
    LineColumn(usize, usize),
}

/// Collects diagnostics for one source text, turning byte spans into line and column. Lines and columns are
/// computed once, in one pass over the text when the collection is finished, so any number of problems costs time
/// linear in the text and their count.
pub struct Collector<'s> {
    file: String,
    src: &'s str,
    found: Vec<(Place, Diagnostic)>,
}

impl<'s> Collector<'s> {
    /// A collector for the source text `src` of `file`, as messages name it.
    pub fn new(file: impl Into<String>, src: &'s str) -> Self {
        Collector { file: file.into(), src, found: Vec::new() }
    }

    /// The file as messages name it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The source text of a span, as written (quotes and escapes included).
    pub fn source(&self, span: Range<usize>) -> Option<&'s str> {
        self.src.get(span)
    }

    /// Records a problem at a byte span (its start is reported); `None` reports the whole file.
    pub fn error(&mut self, span: Option<Range<usize>>, key: &str, message: impl Into<String>) {
        let place = span.map_or(Place::WholeFile, |r| Place::Offset(r.start.min(self.src.len())));
        self.push(place, key, message.into());
    }

    /// Records a TOML syntax error as `invalid TOML: …`, located by [`Collector::toml_error`].
    pub fn syntax(&mut self, span: Option<Range<usize>>, message: &str) {
        self.located(span, message, "invalid TOML: ");
    }

    /// Records an error of the TOML reader as it words it. The reader reports a dotted key deeper than it reads
    /// without a place; it is located here, so every such error has its line and column.
    pub fn toml_error(&mut self, span: Option<Range<usize>>, message: &str) {
        self.located(span, message, "");
    }

    fn located(&mut self, span: Option<Range<usize>>, message: &str, prefix: &str) {
        let message = message.trim();
        match (span, deep_key(self.src)) {
            (None, Some((offset, depth))) if message.contains("recursion") => self.error(
                Some(offset..offset),
                "",
                format!("{prefix}a dotted key {depth} levels deep; keys nest at most {TOML_KEY_DEPTH} levels"),
            ),
            (span, _) => self.error(span, "", format!("{prefix}{message}")),
        }
    }

    /// Records a problem at a known line and column (weather files, which are not TOML).
    pub fn error_at(&mut self, line: usize, column: usize, key: &str, message: impl Into<String>) {
        self.push(Place::LineColumn(line, column), key, message.into());
    }

    fn push(&mut self, place: Place, key: &str, message: String) {
        let d = Diagnostic { file: self.file.clone(), line: 0, column: 0, key: key.to_string(), message };
        self.found.push((place, d));
    }

    /// Whether any problem has been recorded.
    pub fn has_errors(&self) -> bool {
        !self.found.is_empty()
    }

    /// Diagnostics in file order (stable for equal positions): whole-file problems first.
    pub fn finish(mut self) -> Diagnostics {
        // Offsets in increasing order, then one walk over the text gives every line and column.
        self.found.sort_by_key(|(place, _)| match place {
            Place::WholeFile => (0, 0),
            Place::Offset(o) => (1, *o),
            Place::LineColumn(..) => (2, 0),
        });
        let mut walk = LineWalk::new(self.src);
        for (place, d) in &mut self.found {
            match *place {
                Place::WholeFile => {}
                Place::Offset(o) => (d.line, d.column) = walk.to(o),
                Place::LineColumn(l, c) => (d.line, d.column) = (l, c),
            }
        }
        self.found.sort_by_key(|(_, d)| (d.line, d.column));
        Diagnostics(self.found.into_iter().map(|(_, d)| d).collect())
    }
}

/// How many levels a dotted key may have before the TOML reader (toml_edit's parser) stops with a recursion limit.
pub const TOML_KEY_DEPTH: usize = 80;

/// The byte offset and depth of the first dotted key of more than [`TOML_KEY_DEPTH`] levels: a run of bare or quoted
/// key parts joined by dots. Comments and strings are skipped; any other character ends a run, and a run that ended
/// too deep is the key.
fn deep_key(src: &str) -> Option<(usize, usize)> {
    let b = src.as_bytes();
    let too_deep =
        |start: Option<usize>, dots: usize| start.filter(|_| dots + 1 > TOML_KEY_DEPTH).map(|s| (s, dots + 1));
    let (mut i, mut start, mut dots) = (0, None::<usize>, 0);
    while i < b.len() {
        let c = b[i];
        let ends_run = match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                true
            }
            b'"' | b'\'' => {
                // A quoted key part belongs to the run; a multi-line string is a value, never a key.
                let triple = b[i..].starts_with(&[c, c, c]);
                start.get_or_insert(i);
                i += if triple { 3 } else { 1 };
                while i < b.len() {
                    if c == b'"' && b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    let closes = if triple { b[i..].starts_with(&[c, c, c]) } else { b[i] == c || b[i] == b'\n' };
                    i += 1;
                    if closes {
                        i += if triple { 2 } else { 0 };
                        break;
                    }
                }
                triple
            }
            b'.' => {
                dots += 1;
                i += 1;
                false
            }
            b' ' | b'\t' => {
                i += 1;
                false
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' => {
                start.get_or_insert(i);
                i += 1;
                false
            }
            _ => {
                i += 1;
                true
            }
        };
        if ends_run {
            if let Some(key) = too_deep(start, dots) {
                return Some(key);
            }
            (start, dots) = (None, 0);
        }
    }
    too_deep(start, dots)
}

/// Line and column of increasing byte offsets, each found by continuing from the last.
struct LineWalk<'s> {
    src: &'s str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'s> LineWalk<'s> {
    fn new(src: &'s str) -> Self {
        LineWalk { src, offset: 0, line: 1, column: 1 }
    }

    /// 1-based line and column (in characters) of `offset`, which is at least the last one asked for.
    fn to(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        if offset < self.offset {
            *self = LineWalk::new(self.src);
        }
        for c in self.src[self.offset..offset].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(src: &str, offset: usize) -> (usize, usize) {
    LineWalk::new(src).to(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_too_deep_for_the_toml_reader_is_found_past_comments_and_strings() {
        let deep = |n: usize| vec!["k"; n].join(".");
        // 80 parts read; 81 do not. Dots in a comment, a basic string, a literal string and a multi-line string
        // before the key are not part of it; a quoted part inside the key is.
        assert_eq!(deep_key(&format!("{} = 1", deep(80))), None);
        let noise = format!(
            "# {}\nx = \"{}\"\ny = '{}'\nz = \"\"\"\n{}\n\"\"\"\n",
            ".".repeat(99),
            "a.".repeat(99),
            ".".repeat(99),
            "b.".repeat(99)
        );
        let key = format!("  {}.\"q.q\".{} = 1", deep(40), deep(40));
        let text = format!("{noise}{key}\n");
        let at = noise.len() + 2;
        assert_eq!(deep_key(&text), Some((at, 81)));
        assert_eq!(deep_key(&format!("[{}]", deep(120))), Some((1, 120)));
        assert_eq!(deep_key("x = [1.5, 2.5]\n"), None);
    }

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let src = "a = 1\nb = \"°C\" x\n";
        // 'x' is on line 2 after `b = "°C" `: 9 characters before it, so column 10; '°' is 2 bytes.
        let offset = src.find('x').unwrap();
        assert_eq!(line_column(src, offset), (2, 10));
        assert_eq!(line_column(src, 0), (1, 1));
    }

    #[test]
    fn a_report_shows_at_most_so_many_problems_per_file() {
        let d =
            |file: &str, line| Diagnostic { file: file.into(), line, column: 1, key: "k".into(), message: "m".into() };
        let all = Diagnostics(vec![d("a.toml", 1), d("a.toml", 2), d("a.toml", 3), d("b.toml", 9)]);
        assert_eq!(
            all.report(2),
            "error: a.toml:1:1: k: m\nerror: a.toml:2:1: k: m\nerror: a.toml: and 1 more problems like these\n\
             error: b.toml:9:1: k: m"
        );
        assert_eq!(all.report(50), all.to_string());
    }

    #[test]
    fn many_problems_on_one_long_line_cost_linear_time() {
        // 200,000 problems, one per character of a single 200,000-character line: each column found by continuing
        // from the last (the old scan from the start of the text was quadratic: minutes).
        let src = "x".repeat(200_000);
        let mut c = Collector::new("p.toml", &src);
        for o in (0..src.len()).rev() {
            c.error(Some(o..o + 1), "k", "m");
        }
        let d = c.finish();
        assert_eq!((d.0[0].line, d.0[0].column), (1, 1));
        assert_eq!((d.0[199_999].line, d.0[199_999].column), (1, 200_000));
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
