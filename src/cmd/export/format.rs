//! Writing rows in each format. JSON, NDJSON and CSV are written row by row as the rows come
//! (nothing is built whole) and carry text exactly, escaped as their format says; the table,
//! whose columns must fit their widest cell, holds its rows until the end and makes untrusted
//! text inert.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::rows::{COLUMNS, Row};
use crate::cli::ExportFormat;
use crate::present::inert;

/// Writes every row of `rows` to `out` in `format`; answers how many there were.
pub fn write_rows<W: Write>(
    format: ExportFormat,
    rows: impl Iterator<Item = Row>,
    out: &mut W,
) -> io::Result<usize> {
    if format == ExportFormat::Table {
        return table(rows, out);
    }
    let mut writer = RowWriter::new(format, out)?;
    for row in rows {
        writer.write(&row)?;
    }
    writer.finish()
}

/// Writes rows one at a time, as they come, in a format that allows it: JSON (one array, one
/// object per line, `[` and `]` on lines of their own, `[]` when empty), NDJSON (one object per
/// line) or CSV (a header row, then one record per row; a field with a comma, a quote or a line
/// break quoted, its quotes doubled; lines end with `\n`; a group name or description that a
/// spreadsheet would run as a formula written as text ([`as_text`])).
pub struct RowWriter<W: Write> {
    kind: Kind<W>,
    count: usize,
}

enum Kind<W: Write> {
    Json(W),
    Ndjson(W),
    /// Boxed: the writer carries its buffer and state inline.
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> RowWriter<W> {
    /// A writer of `format` (not the table, which must see every row first); CSV's header is
    /// written at once.
    pub fn new(format: ExportFormat, out: W) -> io::Result<Self> {
        let kind = match format {
            ExportFormat::Json => Kind::Json(out),
            ExportFormat::Ndjson => Kind::Ndjson(out),
            ExportFormat::Csv => {
                let mut writer = csv::Writer::from_writer(out);
                writer.write_record(COLUMNS).map_err(io_error)?;
                Kind::Csv(Box::new(writer))
            }
            ExportFormat::Table => {
                return Err(io::Error::other(
                    "the table is written whole, not row by row",
                ));
            }
        };
        Ok(Self { kind, count: 0 })
    }

    pub fn write(&mut self, row: &Row) -> io::Result<()> {
        match &mut self.kind {
            Kind::Json(out) => {
                out.write_all(if self.count == 0 { b"[\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *out, row)?;
            }
            Kind::Ndjson(out) => {
                serde_json::to_writer(&mut *out, row)?;
                out.write_all(b"\n")?;
            }
            Kind::Csv(writer) => {
                let mut cells = row.cells().map(Option::unwrap_or_default);
                for column in FREE_TEXT {
                    let cell = &mut cells[column];
                    if let Some(text) = as_text(cell) {
                        *cell = text;
                    }
                }
                writer.write_record(cells).map_err(io_error)?;
            }
        }
        self.count += 1;
        Ok(())
    }

    /// How many rows were written.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Hands what was written so far on (a pipe's reader sees the rows as they come).
    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.kind {
            Kind::Json(out) | Kind::Ndjson(out) => out.flush(),
            Kind::Csv(writer) => writer.flush(),
        }
    }

    /// Ends the output (JSON's `]`); answers how many rows were written.
    pub fn finish(mut self) -> io::Result<usize> {
        if let Kind::Json(out) = &mut self.kind {
            out.write_all(if self.count == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.flush()?;
        Ok(self.count)
    }
}

/// The columns whose text anyone who may edit a group can choose: its name and a rule's
/// description. (Ids, ports and peers have shapes EC2 checks; the signal marks are sgtui's.)
const FREE_TEXT: [usize; 2] = [2, 12];

/// A cell a spreadsheet would take for a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return: a description `=HYPERLINK(…)` would run when an auditor opens the export),
/// with a `'` before it, which spreadsheets read as "text" and do not show; `None` for any
/// other cell.
fn as_text(cell: &str) -> Option<String> {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
        .then(|| format!("'{cell}"))
}

/// The I/O error under a CSV writer's error, so that a closed pipe is still seen as one.
fn io_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// Aligned columns under an upper-case header, two spaces apart, the last unpadded; every cell
/// made inert (so one line per row), an absent value (VPC, description) shown as `-`.
fn table(rows: impl Iterator<Item = Row>, out: &mut impl Write) -> io::Result<usize> {
    let header = COLUMNS.map(|c| c.to_uppercase());
    let body: Vec<[String; COLUMNS.len()]> = rows
        .map(|row| {
            row.cells().map(|cell| match cell {
                Some(text) => inert(&text).into_owned(),
                None => "-".to_string(),
            })
        })
        .collect();
    let mut widths = header.clone().map(|h| h.width());
    for cells in &body {
        for (width, cell) in widths.iter_mut().zip(cells) {
            *width = (*width).max(cell.width());
        }
    }
    for cells in std::iter::once(&header).chain(&body) {
        let mut line = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == COLUMNS.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', width - cell.width() + 2));
            }
        }
        writeln!(out, "{line}")?;
    }
    Ok(body.len())
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
