//! Strict reading of TOML input, shared by plans, catalogues and site defaults: a reader over `toml_edit` tables
//! that knows where every value stands, and diagnostics that carry file, line, column, key and what was expected.
//! Below `catalog` and `plan`; it knows nothing of either.

pub mod diag;
pub mod file;
pub mod reader;

pub use diag::{Collector, Diagnostic, Diagnostics};
pub use file::{MAX_INPUT_BYTES, Utf16, decode_lenient, read_bytes, read_text, utf16};
pub use reader::{Bounds, TableReader, join, show_number};
