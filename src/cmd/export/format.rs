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
pub fn write_rows(
    format: ExportFormat,
    rows: impl Iterator<Item = Row>,
    out: &mut impl Write,
) -> io::Result<usize> {
    match format {
        ExportFormat::Json => json(rows, out),
        ExportFormat::Ndjson => ndjson(rows, out),
        ExportFormat::Csv => csv(rows, out),
        ExportFormat::Table => table(rows, out),
    }
}

/// One array, one object per line: `[` and `]` on lines of their own (`[]` when empty).
fn json(rows: impl Iterator<Item = Row>, out: &mut impl Write) -> io::Result<usize> {
    let mut count = 0;
    for row in rows {
        out.write_all(if count == 0 { b"[\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &row)?;
        count += 1;
    }
    out.write_all(if count == 0 { b"[]\n" } else { b"\n]\n" })?;
    Ok(count)
}

/// One object per line.
fn ndjson(rows: impl Iterator<Item = Row>, out: &mut impl Write) -> io::Result<usize> {
    let mut count = 0;
    for row in rows {
        serde_json::to_writer(&mut *out, &row)?;
        out.write_all(b"\n")?;
        count += 1;
    }
    Ok(count)
}

/// A header row, then one record per row; a field with a comma, a quote or a line break is
/// quoted, its quotes doubled. Lines end with `\n`. A group name or description that a
/// spreadsheet would run as a formula is written as text ([`as_text`]).
fn csv(rows: impl Iterator<Item = Row>, out: &mut impl Write) -> io::Result<usize> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS).map_err(io_error)?;
    let mut count = 0;
    for row in rows {
        let mut cells = row.cells().map(Option::unwrap_or_default);
        for column in FREE_TEXT {
            let cell = &mut cells[column];
            if let Some(text) = as_text(cell) {
                *cell = text;
            }
        }
        writer.write_record(cells).map_err(io_error)?;
        count += 1;
    }
    writer.flush()?;
    Ok(count)
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
