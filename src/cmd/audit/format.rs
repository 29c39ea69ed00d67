//! Writing the findings as text for people or as one JSON object; SARIF is in [`super::sarif`].

use std::io::{self, Write};

use serde::Serialize;

use super::findings::{Finding, Signal, counted, counts};
use super::sarif;
use crate::cli::AuditFormat;
use crate::present::inert;

/// Writes `findings` to `out` in `format`.
pub fn write(format: AuditFormat, findings: &[Finding], out: &mut impl Write) -> io::Result<()> {
    match format {
        AuditFormat::Text => text(findings, out),
        AuditFormat::Json => json(findings, out),
        AuditFormat::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif::log(findings))?;
            out.write_all(b"\n")
        }
    }
}

/// One line per finding, `SIGNAL  REGION/GROUP/RULE  (GROUP NAME)  PROPERTIES: REASON`, every
/// untrusted part made inert; then one count per signal.
fn text(findings: &[Finding], out: &mut impl Write) -> io::Result<()> {
    let width = Signal::ALL
        .map(|s| s.name().len())
        .into_iter()
        .max()
        .unwrap_or(0);
    for finding in findings {
        let what = match &finding.properties {
            Some(properties) => format!(" {properties}"),
            None => String::new(),
        };
        writeln!(
            out,
            "{:<width$}  {} ({}){}: {}",
            finding.signal.name(),
            inert(&finding.location()),
            inert(&finding.group_name),
            inert(&what),
            inert(&finding.reason),
        )?;
    }
    for (signal, n) in counts(findings) {
        writeln!(out, "{n} {} {}", signal.name(), counted(signal))?;
    }
    Ok(())
}

/// The JSON document: every finding, then the count of each signal.
#[derive(Serialize)]
struct Document<'a> {
    findings: &'a [Finding],
    counts: Counts,
}

#[derive(Serialize)]
struct Counts {
    risky: usize,
    wide: usize,
    redundant: usize,
    stale: usize,
    unused: usize,
    total: usize,
}

fn json(findings: &[Finding], out: &mut impl Write) -> io::Result<()> {
    let [risky, wide, redundant, stale, unused] = counts(findings).map(|(_, n)| n);
    let document = Document {
        findings,
        counts: Counts {
            risky,
            wide,
            redundant,
            stale,
            unused,
            total: findings.len(),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    out.write_all(b"\n")
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
