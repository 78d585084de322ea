//! Writing tables: CSV (every build), and Parquet and JSON through polars' own writers in a build with the
//! `parquet` feature.

use std::io::Write;

use polars::prelude::*;

/// Writes a table as CSV with a header row; floats at full (shortest round-trip) precision; empty cells for
/// values that do not exist (PUE of an empty hall, a limit that is not set).
pub fn write_csv(df: &mut DataFrame, out: &mut dyn Write) -> PolarsResult<()> {
    CsvWriter::new(out).include_header(true).n_threads(1).finish(df)
}

/// The file formats a table is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    /// Apache Parquet, as polars writes it (zstd-compressed columns): DuckDB, polars and Spark read it directly.
    Parquet,
    /// A JSON array of row objects.
    Json,
}

/// Whether this build writes Parquet and JSON (the `parquet` cargo feature).
pub const COLUMNAR: bool = cfg!(feature = "parquet");

/// A table in a file format. Without the `parquet` feature, only CSV (the command line refuses the others first).
pub fn write_as(df: &mut DataFrame, format: FileFormat, out: &mut dyn Write) -> PolarsResult<()> {
    match format {
        FileFormat::Csv => write_csv(df, out),
        #[cfg(feature = "parquet")]
        FileFormat::Parquet => ParquetWriter::new(out).finish(df).map(|_| ()),
        #[cfg(feature = "parquet")]
        FileFormat::Json => JsonWriter::new(out).with_json_format(JsonFormat::Json).finish(df),
        #[cfg(not(feature = "parquet"))]
        FileFormat::Parquet | FileFormat::Json => {
            Err(PolarsError::ComputeError("this fleetplan was built without the parquet feature".into()))
        }
    }
}

#[cfg(feature = "parquet")]
/// Rows written a chunk at a time as one Parquet file (the sweep): each chunk is a row group, so memory holds one
/// chunk whatever the number of rows.
pub struct ParquetRows<W: Write> {
    out: Option<W>,
    writer: Option<polars::io::parquet::write::BatchedWriter<W>>,
}

#[cfg(feature = "parquet")]
impl<W: Write> ParquetRows<W> {
    pub fn new(out: W) -> Self {
        ParquetRows { out: Some(out), writer: None }
    }

    pub fn write(&mut self, df: &mut DataFrame) -> PolarsResult<()> {
        if self.writer.is_none()
            && let Some(out) = self.out.take()
        {
            self.writer = Some(ParquetWriter::new(out).batched(df.schema())?);
        }
        match self.writer.as_mut() {
            Some(w) => w.write_batch(df),
            None => Ok(()),
        }
    }

    /// Ends the file (its footer); a file with no row still has the table's columns when `empty` is given.
    pub fn finish(mut self, empty: &mut DataFrame) -> PolarsResult<()> {
        if self.writer.is_none() {
            self.write(empty)?;
        }
        match self.writer.as_mut() {
            Some(w) => w.finish().map(|_| ()),
            None => Ok(()),
        }
    }
}

/// The same CSV, with or without the header row: for output written in pieces (the sweep chunk by chunk, the hourly
/// table a few sites at a time). Polars serialises a piece's rows on all cores and writes them in order, so the bytes
/// are those of one thread: a 50-site hourly table (438,000 rows) takes 0.31 s rather than 0.47 s. A whole table
/// (`write_csv`) stays on one thread: its tables are small, and a second one only added memory.
pub fn write_csv_rows(df: &mut DataFrame, out: &mut dyn Write, header: bool) -> PolarsResult<()> {
    CsvWriter::new(out).include_header(header).finish(df)
}
