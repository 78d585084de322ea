//! A measured IT load year (`it_load_file`): 8,760 hourly fractions of nameplate, one per line, the hour starting
//! 01-01 00:00 first, 29 February left out as in typical-year weather files. Blank lines and `#` comments are
//! skipped, one header line is allowed, and a line with commas (`hour,load`) gives its last field.

use crate::input::{Collector, Diagnostics};
use crate::units::HOURS_PER_YEAR;

/// Parses a load file's text; `shown_as` names it in messages. Problems carry line and column; at most 20 are
/// kept, since a file with more is the wrong file.
pub fn parse(shown_as: &str, text: &str) -> Result<Vec<f64>, Diagnostics> {
    let mut cx = Collector::new(shown_as, text);
    let mut hours = Vec::with_capacity(HOURS_PER_YEAR);
    let mut header_allowed = true;
    let mut problems = 0;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let start = line.rfind(',').map_or(0, |c| c + 1);
        let field = line[start..].trim();
        let column =
            line[..start].chars().count() + line[start..].chars().take_while(|c| c.is_whitespace()).count() + 1;
        let first = std::mem::replace(&mut header_allowed, false);
        match field.parse::<f64>() {
            Ok(v) if (0.0..=1.0).contains(&v) => hours.push(v),
            Ok(v) => {
                cx.error_at(i + 1, column, "", format!("expected a fraction of nameplate from 0 to 1, found {v}"));
                problems += 1;
            }
            Err(_) if first => {} // a header line
            Err(_) => {
                cx.error_at(
                    i + 1,
                    column,
                    "",
                    format!("expected a fraction of nameplate from 0 to 1, found \"{field}\""),
                );
                problems += 1;
            }
        }
        if problems >= 20 {
            break;
        }
    }
    if problems == 0 && hours.len() != HOURS_PER_YEAR {
        let leap = if hours.len() == HOURS_PER_YEAR + 24 {
            "; a leap year has 8,784: leave out 29 February (the 24 values after the 1,416th) as typical years do"
        } else {
            ""
        };
        cx.error(None, "", format!("expected 8,760 hourly values, found {}{leap}", hours.len()));
    }
    let d = cx.finish();
    if d.is_empty() { Ok(hours) } else { Err(d) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(value: &str) -> String {
        std::iter::repeat_n(value, HOURS_PER_YEAR).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_year_with_header_comments_and_two_columns_is_read() {
        let text = format!(
            "# measured 2025\nhour,load\n{}",
            (0..HOURS_PER_YEAR).map(|h| format!("{h},0.{}", h % 10)).collect::<Vec<_>>().join("\n")
        );
        let v = parse("load.csv", &text).unwrap();
        assert_eq!(v.len(), 8760);
        assert_eq!((v[0], v[13], v[8759]), (0.0, 0.3, 0.9));
        assert_eq!(parse("load.csv", &year("0.85")).unwrap()[100], 0.85);
    }

    #[test]
    fn bad_values_and_wrong_lengths_say_where_and_what() {
        let mut lines: Vec<String> = year("0.8").lines().map(str::to_string).collect();
        lines[4] = "4, 1.3".into();
        lines[9] = "oops".into();
        let e = parse("load.csv", &lines.join("\n")).unwrap_err().report(10);
        assert!(e.contains("load.csv:5:4: expected a fraction of nameplate from 0 to 1, found 1.3"), "{e}");
        assert!(e.contains("load.csv:10:1: expected a fraction of nameplate from 0 to 1, found \"oops\""), "{e}");
        // NaN is no load.
        let e = parse("load.csv", &year("NaN")).unwrap_err().report(1);
        assert!(e.contains("found NaN"), "{e}");
        // A leap year is named as such.
        let leap = format!("{}\n{}", year("0.5"), vec!["0.5"; 24].join("\n"));
        let e = parse("load.csv", &leap).unwrap_err().report(1);
        assert!(e.contains("found 8784; a leap year"), "{e}");
        assert!(parse("load.csv", "").unwrap_err().report(1).contains("found 0"));
    }
}
