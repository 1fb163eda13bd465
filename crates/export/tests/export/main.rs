//! Integration tests of every export format on one fixed data set.
//!
//! Golden files live in `tests/golden/`; regenerate them after an intended
//! change with `UPDATE_GOLDEN=1 cargo test -p roundtable-export` and review
//! the diff.

mod csv_rows;
mod docx_package;
mod fixture;
mod golden;
mod json_schema;
mod markdown_text;
