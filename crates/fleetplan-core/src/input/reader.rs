//! A strict reader over a parsed TOML document that keeps going after an error, so that a plan's every problem is
//! reported at once. Each getter marks its key as known; `finish` reports the keys nobody asked for.

use std::ops::Range;

use toml_edit::{Item, TableLike, Value};

use crate::input::Collector;

/// Allowed range of a number, with the words used in messages.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub min: f64,
    pub min_inclusive: bool,
    pub max: f64,
    pub max_inclusive: bool,
    /// Only whole numbers (a count of racks, CDUs, stacks or wafers).
    pub whole: bool,
}

impl Bounds {
    /// Greater than zero.
    pub const POSITIVE: Bounds =
        Bounds { min: 0.0, min_inclusive: false, max: f64::INFINITY, max_inclusive: true, whole: false };
    /// Zero or more.
    pub const NON_NEGATIVE: Bounds =
        Bounds { min: 0.0, min_inclusive: true, max: f64::INFINITY, max_inclusive: true, whole: false };
    /// A fraction from 0 to 1.
    pub const FRACTION: Bounds = Bounds { min: 0.0, min_inclusive: true, max: 1.0, max_inclusive: true, whole: false };
    /// An efficiency or power factor: above 0, at most 1.
    pub const EFFICIENCY: Bounds =
        Bounds { min: 0.0, min_inclusive: false, max: 1.0, max_inclusive: true, whole: false };

    /// From `min` to `max`, both included.
    pub const fn closed(min: f64, max: f64) -> Bounds {
        Bounds { min, min_inclusive: true, max, max_inclusive: true, whole: false }
    }

    /// Above 0, at most `max`.
    pub const fn positive_up_to(max: f64) -> Bounds {
        Bounds { min: 0.0, min_inclusive: false, max, max_inclusive: true, whole: false }
    }

    /// Greater than `min`, with no upper limit.
    pub const fn above(min: f64) -> Bounds {
        Bounds { min, min_inclusive: false, max: f64::INFINITY, max_inclusive: true, whole: false }
    }

    /// The same range of whole numbers only: a count.
    pub const fn whole(self) -> Bounds {
        Bounds { whole: true, ..self }
    }

    /// Whether `x` is a finite number within the bounds (and whole, for a count). Negative zero is outside a range
    /// that starts at zero or above: its sign says the writer meant a negative number, or a sign slipped in.
    pub fn contains(&self, x: f64) -> bool {
        let lo = if self.min_inclusive { x >= self.min } else { x > self.min };
        let hi = if self.max_inclusive { x <= self.max } else { x < self.max };
        let signed_zero = x == 0.0 && x.is_sign_negative() && self.min >= 0.0;
        x.is_finite() && lo && hi && !signed_zero && (!self.whole || x.fract() == 0.0)
    }

    /// The bounds in words, for messages: `a number from 5 to 70`, `a number greater than 0`.
    pub fn describe(&self) -> String {
        let lo = if self.min_inclusive { "at least" } else { "greater than" };
        let hi = if self.max_inclusive { "at most" } else { "less than" };
        let a = if self.whole { "a whole number" } else { "a number" };
        match (self.min.is_finite(), self.max.is_finite()) {
            (true, true) if self.min_inclusive && self.max_inclusive => {
                format!("{a} from {} to {}", self.min, self.max)
            }
            (true, true) => format!("{a} {lo} {} and {hi} {}", self.min, self.max),
            (true, false) => format!("{a} {lo} {}", self.min),
            (false, true) => format!("{a} {hi} {}", self.max),
            (false, false) => a.to_string(),
        }
    }
}

/// A number as a message shows it: as written for everyday magnitudes, in scientific notation for the extremes
/// (`1e300`, not three hundred digits; `1e-300`, not `0.000…`).
pub fn show_number(x: f64) -> String {
    if x.is_finite() && x != 0.0 && !(1e-6..1e15).contains(&x.abs()) { format!("{x:e}") } else { format!("{x}") }
}

/// The dotted path of `key` in the table at `path` (`key` alone when `path` is empty).
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Reads one table (standard or inline), tracking which keys were read.
pub struct TableReader<'t> {
    table: &'t dyn TableLike,
    span: Option<Range<usize>>,
    path: String,
    known: Vec<&'static str>,
    /// Keys an earlier plan format had, already reported with what replaced them.
    retired: Vec<&'static str>,
}

impl<'t> TableReader<'t> {
    /// A reader over `table`, named `path` in messages; its missing keys are reported at `span`.
    pub fn new(table: &'t dyn TableLike, span: Option<Range<usize>>, path: impl Into<String>) -> Self {
        TableReader { table, span, path: path.into(), known: Vec::new(), retired: Vec::new() }
    }

    /// The table's dotted path, for messages: `site[0].cooling`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The table itself, for tables whose keys are data (legend symbols, row names).
    pub fn table_like(&self) -> &'t dyn TableLike {
        self.table
    }

    /// Span of the table, where its missing keys are reported.
    pub fn span(&self) -> Option<Range<usize>> {
        self.span.clone()
    }

    /// The dotted path of `key` in this table, for messages.
    pub fn key_path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// The raw item under `key`, if present; marks the key known.
    pub fn item(&mut self, key: &'static str) -> Option<&'t Item> {
        self.known.push(key);
        self.table.get(key).filter(|i| !i.is_none())
    }

    /// Span of the key itself (for "unknown key" and "missing" messages on the key line).
    pub fn key_span(&self, key: &str) -> Option<Range<usize>> {
        self.table.get_key_value(key).and_then(|(k, i)| k.span().or_else(|| i.span()))
    }

    /// A number (integer or float) within bounds. Missing: `default`, or an error when there is none.
    pub fn num(&mut self, cx: &mut Collector, key: &'static str, default: Option<f64>, bounds: Bounds) -> f64 {
        match self.opt_num(cx, key, bounds) {
            Some(v) => v,
            None if self.table.contains_key(key) => 0.0,
            None => self.missing(cx, key, default, &bounds.describe()),
        }
    }

    /// An optional number within bounds.
    pub fn opt_num(&mut self, cx: &mut Collector, key: &'static str, bounds: Bounds) -> Option<f64> {
        let item = self.item(key)?;
        let path = self.key_path(key);
        let found = match item.as_value() {
            Some(Value::Float(f)) => Some(*f.value()),
            Some(Value::Integer(i)) => Some(*i.value() as f64),
            _ => None,
        };
        match found {
            Some(v) if bounds.contains(v) => Some(v),
            Some(v) => {
                cx.error(item.span(), &path, format!("expected {}, found {}", bounds.describe(), show_number(v)));
                None
            }
            None => {
                cx.error(item.span(), &path, format!("expected {}, found {}", bounds.describe(), describe(item)));
                None
            }
        }
    }

    /// A whole number within `min..=max`.
    pub fn int(&mut self, cx: &mut Collector, key: &'static str, default: Option<i64>, min: i64, max: i64) -> i64 {
        let expected = format!("a whole number from {min} to {max}");
        let Some(item) = self.item(key) else {
            return self.missing(cx, key, default, &expected);
        };
        let path = self.key_path(key);
        match item.as_integer() {
            Some(v) if (min..=max).contains(&v) => v,
            _ => {
                cx.error(item.span(), &path, format!("expected {expected}, found {}", describe_value(item)));
                min
            }
        }
    }

    /// A non-empty string. Missing: `default`, or an error.
    pub fn string(&mut self, cx: &mut Collector, key: &'static str, default: Option<&str>) -> String {
        match self.opt_string(cx, key) {
            Some(s) => s,
            None if self.table.contains_key(key) => String::new(),
            None => self.missing(cx, key, default.map(str::to_string), "a string"),
        }
    }

    /// A list of numbers, as many as `len` allows, each within bounds. Missing: `default`, or an error when there is
    /// none.
    pub fn num_list(
        &mut self,
        cx: &mut Collector,
        key: &'static str,
        default: Option<Vec<f64>>,
        len: std::ops::RangeInclusive<usize>,
        bounds: Bounds,
    ) -> Vec<f64> {
        let path = self.key_path(key);
        let count = if len.start() == len.end() {
            format!("{}", len.start())
        } else {
            format!("{} to {}", len.start(), len.end())
        };
        let Some(item) = self.item(key) else {
            return self.missing(cx, key, default, &format!("a list of {count} numbers"));
        };
        let expected = format!("a list of {count} values, each {}", bounds.describe());
        let numbers: Option<Vec<f64>> = item
            .as_array()
            .and_then(|a| a.iter().map(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64))).collect());
        let fallback = vec![0.0; *len.start()];
        match numbers {
            Some(v) if len.contains(&v.len()) && v.iter().all(|x| bounds.contains(*x)) => v,
            Some(v) if !len.contains(&v.len()) => {
                cx.error(item.span(), &path, format!("expected {expected}, found a list of {}", v.len()));
                fallback
            }
            Some(v) => {
                let (i, x) = v.iter().enumerate().find(|(_, x)| !bounds.contains(**x)).unwrap_or((0, &0.0));
                cx.error(
                    item.span(),
                    &path,
                    format!("expected {expected}, found {} at position {}", show_number(*x), i + 1),
                );
                fallback
            }
            None => {
                cx.error(item.span(), &path, format!("expected {expected}, found {}", describe(item)));
                fallback
            }
        }
    }

    /// A non-empty list of non-empty strings. Missing: an error.
    pub fn string_list(&mut self, cx: &mut Collector, key: &'static str) -> Vec<String> {
        let path = self.key_path(key);
        let Some(item) = self.item(key) else {
            return self.missing(cx, key, None, "a list of strings");
        };
        let strings: Option<Vec<String>> = item
            .as_array()
            .and_then(|a| a.iter().map(|v| v.as_str().filter(|s| !s.trim().is_empty()).map(str::to_string)).collect());
        match strings {
            Some(v) if !v.is_empty() => v,
            _ => {
                cx.error(item.span(), &path, format!("expected a non-empty list of strings, found {}", describe(item)));
                Vec::new()
            }
        }
    }

    /// An optional non-empty string; an empty string or another type is reported and gives `None`.
    pub fn opt_string(&mut self, cx: &mut Collector, key: &'static str) -> Option<String> {
        let item = self.item(key)?;
        let path = self.key_path(key);
        match item.as_str() {
            Some(s) if !s.trim().is_empty() => Some(s.to_string()),
            Some(_) => {
                cx.error(item.span(), &path, "expected a non-empty string");
                None
            }
            None => {
                cx.error(item.span(), &path, format!("expected a string, found {}", describe(item)));
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub fn choice<T: Copy>(
        &mut self,
        cx: &mut Collector,
        key: &'static str,
        default: Option<T>,
        options: &[(&str, T)],
    ) -> Option<T> {
        let names: Vec<String> = options.iter().map(|(n, _)| format!("\"{n}\"")).collect();
        let expected = format!("one of {}", names.join(", "));
        let Some(item) = self.item(key) else {
            if default.is_none() {
                cx.error(self.span.clone(), &self.key_path(key), format!("missing key: expected {expected}"));
            }
            return default;
        };
        let path = self.key_path(key);
        let word = item.as_str();
        match options.iter().find(|(n, _)| Some(*n) == word) {
            Some((_, v)) => Some(*v),
            None => {
                cx.error(item.span(), &path, format!("expected {expected}, found {}", describe_value(item)));
                None
            }
        }
    }

    /// A sub-table (standard `[a.b]` or inline `{ … }`); `None` when absent or of the wrong type (reported).
    pub fn table(&mut self, cx: &mut Collector, key: &'static str) -> Option<TableReader<'t>> {
        let item = self.item(key)?;
        let path = self.key_path(key);
        match item.as_table_like() {
            Some(t) => Some(TableReader::new(t, item.span().or_else(|| self.key_span(key)), path)),
            None => {
                cx.error(item.span(), &path, format!("expected a table, found {}", describe(item)));
                None
            }
        }
    }

    /// A key an earlier plan format had: when present, reports what replaced it (`instead`), so a teammate's older
    /// plan gets a migration message rather than "unknown key".
    pub fn retired(&mut self, cx: &mut Collector, key: &'static str, instead: &str) {
        if let Some(item) = self.table.get(key) {
            let span = self.key_span(key).or_else(|| item.span());
            cx.error(span, &self.key_path(key), format!("retired key: {instead}"));
            self.retired.push(key);
        }
    }

    /// Reports every key that no getter asked for.
    pub fn finish(self, cx: &mut Collector) {
        for (key, item) in self.table.iter() {
            if !self.known.contains(&key) && !self.retired.contains(&key) {
                let span = self.key_span(key).or_else(|| item.span());
                let mut known: Vec<&str> = Vec::with_capacity(self.known.len());
                for k in &self.known {
                    if !known.contains(k) {
                        known.push(k);
                    }
                }
                let hint = closest(key, &known).map(|k| format!(" (did you mean `{k}`?)")).unwrap_or_default();
                cx.error(
                    span,
                    &self.key_path(key),
                    format!("unknown key{hint}; expected one of: {}", known.join(", ")),
                );
            }
        }
    }

    fn missing<T>(&self, cx: &mut Collector, key: &str, default: Option<T>, expected: &str) -> T
    where
        T: Default,
    {
        match default {
            Some(v) => v,
            None => {
                cx.error(self.span.clone(), &self.key_path(key), format!("missing key: expected {expected}"));
                T::default()
            }
        }
    }
}

/// "a string", "an integer (3)", … for messages.
pub fn describe(item: &Item) -> String {
    match item {
        Item::None => "nothing".to_string(),
        Item::Value(_) => describe_value(item),
        Item::Table(_) => "a table".to_string(),
        Item::ArrayOfTables(_) => "an array of tables".to_string(),
    }
}

fn describe_value(item: &Item) -> String {
    match item.as_value() {
        Some(Value::String(s)) => format!("the string \"{}\"", s.value()),
        Some(Value::Integer(i)) => format!("the integer {}", i.value()),
        Some(Value::Float(f)) => format!("the number {}", f.value()),
        Some(Value::Boolean(b)) => format!("{}", b.value()),
        Some(Value::Datetime(_)) => "a date-time".to_string(),
        Some(Value::Array(_)) => "an array".to_string(),
        Some(Value::InlineTable(_)) => "a table".to_string(),
        None => describe(item),
    }
}

/// The known key closest to a misspelt one (edit distance at most 2), for "did you mean".
fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known.iter().map(|k| (edit_distance(key, k), *k)).filter(|(d, _)| *d <= 2).min_by_key(|(d, _)| *d).map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_numbers_are_shown_short() {
        assert_eq!(show_number(1e300), "1e300");
        assert_eq!(show_number(-2.5e-300), "-2.5e-300");
        assert_eq!(show_number(45.5), "45.5");
        assert_eq!(show_number(-10.0), "-10");
        assert_eq!(show_number(0.0), "0");
        assert_eq!(show_number(f64::NAN), "NaN");
    }

    #[test]
    fn bounds_describe_and_contain() {
        assert!(Bounds::POSITIVE.contains(0.1));
        assert!(!Bounds::POSITIVE.contains(0.0));
        assert!(!Bounds::EFFICIENCY.contains(1.01));
        assert!(!Bounds::FRACTION.contains(f64::NAN));
        assert_eq!(Bounds::POSITIVE.describe(), "a number greater than 0");
        assert_eq!(Bounds::closed(5.0, 70.0).describe(), "a number from 5 to 70");
    }

    #[test]
    fn counts_are_whole_and_negative_zero_is_not_zero_or_more() {
        let count = Bounds::closed(0.0, 1e12).whole();
        assert!(count.contains(0.0) && count.contains(450.0) && count.contains(1e12));
        assert!(!count.contains(450.5) && !count.contains(1e-9) && !count.contains(f64::INFINITY));
        assert_eq!(count.describe(), "a whole number from 0 to 1000000000000");
        // -0.0 == 0.0, so only its sign bit tells it from zero; a range that starts at zero refuses it, one that
        // takes negatives keeps it.
        assert!(!Bounds::NON_NEGATIVE.contains(-0.0) && !Bounds::FRACTION.contains(-0.0));
        assert!(!count.contains(-0.0));
        assert!(Bounds::closed(-10.0, 10.0).contains(-0.0));
        assert!(Bounds::NON_NEGATIVE.contains(0.0));
    }

    #[test]
    fn misspelt_keys_get_a_suggestion() {
        assert_eq!(closest("suply_c", &["supply_c", "rack_delta_t_k"]), Some("supply_c"));
        assert_eq!(closest("zzz", &["supply_c"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
