//! Writing tables: CSV through polars' writer; Parquet through polars' Parquet encoder (`polars-parquet`, without
//! polars' streaming engine or its C codecs); JSON by hand (an array of row objects).

use std::io::Write;

use polars::prelude::*;
use polars_parquet::write as pq;

/// Writes a table as CSV with a header row; floats at full (shortest round-trip) precision; empty cells for
/// values that do not exist (PUE of an empty hall, a limit that is not set).
pub fn write_csv(df: &mut DataFrame, out: &mut dyn Write) -> PolarsResult<()> {
    CsvWriter::new(out).include_header(true).n_threads(1).finish(df)
}

/// The file formats a table is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    /// Apache Parquet (Snappy-compressed pages, column statistics): DuckDB, polars and Spark read it directly.
    Parquet,
    /// A JSON array of row objects.
    Json,
}

/// Whether this build writes Parquet and JSON: every build does (kept for front-ends that ask).
pub const COLUMNAR: bool = true;

/// A table in a file format.
pub fn write_as(df: &mut DataFrame, format: FileFormat, out: &mut dyn Write) -> PolarsResult<()> {
    match format {
        FileFormat::Csv => write_csv(df, out),
        FileFormat::Parquet => {
            let mut rows = ParquetRows::new(out);
            rows.write(df)?;
            rows.finish(df)
        }
        FileFormat::Json => write_json(df, out),
    }
}

/// Parquet pages: Snappy, full statistics (min, max, nulls: DuckDB and polars skip row groups by them), format v2.
fn parquet_options() -> pq::WriteOptions {
    pq::WriteOptions {
        statistics: pq::StatisticsOptions::full(),
        version: pq::Version::V2,
        compression: pq::CompressionOptions::Snappy,
        data_page_size: None,
    }
}

/// Rows written a chunk at a time as one Parquet file (the sweep; a whole table is one chunk): each chunk's record
/// batches are row groups, so memory holds one chunk whatever the number of rows.
pub struct ParquetRows<W: Write> {
    out: Option<W>,
    writer: Option<(pq::FileWriter<W>, ArrowSchema)>,
}

impl<W: Write> ParquetRows<W> {
    pub fn new(out: W) -> Self {
        ParquetRows { out: Some(out), writer: None }
    }

    /// Writes `df`'s rows; the first chunk fixes the file's schema.
    pub fn write(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        if self.writer.is_none()
            && let Some(out) = self.out.take()
        {
            let schema = df.schema().to_arrow(CompatLevel::newest());
            self.writer = Some((pq::FileWriter::try_new(out, schema.clone(), parquet_options())?, schema));
        }
        let Some((writer, schema)) = self.writer.as_mut() else { return Ok(()) };
        let encodings: Vec<Vec<pq::Encoding>> =
            schema.iter_values().map(|f| pq::get_dtype_encoding(&f.dtype)).collect();
        let fields = pq::to_parquet_schema(schema)?.fields().to_vec();
        df.rechunk_mut();
        for batch in df.iter_chunks(CompatLevel::newest(), false) {
            let rows = batch.len() as u64;
            let group =
                pq::row_group_iter(batch, encodings.iter().cloned().collect(), fields.clone(), parquet_options());
            writer.write(rows, group)?;
        }
        Ok(())
    }

    /// Ends the file (its footer); a file with no row still has the table's columns when `empty` is given.
    pub fn finish(mut self, empty: &mut DataFrame) -> PolarsResult<()> {
        if self.writer.is_none() {
            self.write(empty)?;
        }
        match self.writer.as_mut() {
            Some((w, _)) => w.end(None).map(|_| ()),
            None => Ok(()),
        }
    }
}

/// A table as a JSON array of row objects, `[{"column": value, …}, …]`: numbers as numbers (NaN and infinities,
/// which JSON cannot write, as null), text escaped per RFC 8259, missing values null.
pub fn write_json(df: &DataFrame, out: &mut dyn Write) -> PolarsResult<()> {
    let names: Vec<String> = df.get_column_names().iter().map(|n| json_string(n)).collect();
    let columns = df.columns();
    let mut text = String::from("[");
    for row in 0..df.height() {
        text.push_str(if row == 0 { "{" } else { ",{" });
        for (k, column) in columns.iter().enumerate() {
            if k > 0 {
                text.push(',');
            }
            text.push_str(&names[k]);
            text.push(':');
            text.push_str(&json_value(&column.get(row)?));
        }
        text.push('}');
        if text.len() > 1 << 16 {
            out.write_all(text.as_bytes())?;
            text.clear();
        }
    }
    text.push(']');
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// One cell as JSON.
fn json_value(v: &AnyValue) -> String {
    match v {
        AnyValue::Null => "null".into(),
        AnyValue::Boolean(b) => b.to_string(),
        AnyValue::Float64(x) => json_float(*x),
        AnyValue::Float32(x) => json_float(f64::from(*x)),
        AnyValue::String(s) => json_string(s),
        AnyValue::StringOwned(s) => json_string(s),
        other if other.is_integer() => other.to_string(),
        other => json_string(&other.to_string()),
    }
}

fn json_float(x: f64) -> String {
    if x.is_finite() { format!("{x}") } else { "null".into() }
}

/// A JSON string: quotes, backslashes and control characters escaped.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The same CSV, with or without the header row: for output written in pieces (the sweep chunk by chunk, the hourly
/// table a few sites at a time). Polars serialises a piece's rows on all cores and writes them in order, so the bytes
/// are those of one thread: a 50-site hourly table (438,000 rows) takes 0.31 s rather than 0.47 s. A whole table
/// (`write_csv`) stays on one thread: its tables are small, and a second one only added memory.
pub fn write_csv_rows(df: &mut DataFrame, out: &mut dyn Write, header: bool) -> PolarsResult<()> {
    CsvWriter::new(out).include_header(header).finish(df)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_rows_escape_text_and_write_missing_numbers_as_null() {
        let mut df = DataFrame::new(
            2,
            vec![
                Column::new("name".into(), ["a \"quoted\" \\ line\nnext\u{1}", "b"]),
                Column::new("x".into(), [1.5, f64::NAN]),
                Column::new("n".into(), [Some(3u32), None]),
                Column::new("ok".into(), [true, false]),
            ],
        )
        .unwrap();
        let mut out = Vec::new();
        write_as(&mut df, FileFormat::Json, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"[{"name":"a \"quoted\" \\ line\nnext\u0001","x":1.5,"n":3,"ok":true},{"name":"b","x":null,"n":null,"ok":false}]"#
        );
        // No rows: an empty array.
        let mut out = Vec::new();
        write_json(&df.head(Some(0)), &mut out).unwrap();
        assert_eq!(out, b"[]");
    }

    #[test]
    fn a_parquet_file_has_its_magic_and_every_row() {
        let mut df =
            DataFrame::new(1000, vec![Column::new("x".into(), (0..1000).map(f64::from).collect::<Vec<_>>())]).unwrap();
        let mut out = Vec::new();
        write_as(&mut df, FileFormat::Parquet, &mut out).unwrap();
        assert!(out.starts_with(b"PAR1") && out.ends_with(b"PAR1"));
        let meta = polars_parquet::read::read_metadata(&mut std::io::Cursor::new(&out)).unwrap();
        assert_eq!((meta.num_rows, meta.row_groups.len()), (1000, 1));
    }
}
