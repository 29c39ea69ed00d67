//! `sgtui export`: every rule of the account (one peer each), or those a filter matches, as
//! JSON, NDJSON, CSV or a table on stdout, without the TUI. Loaded as the TUI loads
//! ([`super::headless`]), judged by the same signals, matched by the same filter; the rows are built
//! ([`rows`]) and written ([`format`]) one at a time. Progress and warnings go to stderr as
//! plain lines.

pub mod format;
pub mod rows;

use std::io::{BufWriter, ErrorKind, Write};
use std::process::ExitCode;

use color_eyre::Result;

use super::Failure;
use super::headless::{self, Judgement, OnBackend, USAGE};
use crate::analysis::{Matcher, Policy};
use crate::cli::{Cli, ExportArgs, ExportFormat};
use crate::ec2::Ec2;
use crate::model::lang::Filter;

/// Writes the rows `args` asks for; see `sgtui export --help` for the exit codes.
pub async fn command(cli: &Cli, args: &ExportArgs) -> Result<ExitCode> {
    let filter = match args.filter.as_deref().map(Filter::parse).transpose() {
        Ok(filter) => filter.unwrap_or_default(),
        Err(e) => {
            eprintln!("sgtui: --filter: {e}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    let resolved = super::resolve(cli)?;
    let export = Export {
        filter: &filter,
        policy: &resolved.policy,
        format: args.format,
    };
    // It never mutates: read-only whatever the settings say.
    headless::on_target(resolved.target, true, export).await
}

/// What to export, and how.
struct Export<'a> {
    filter: &'a Filter,
    policy: &'a Policy,
    format: ExportFormat,
}

impl OnBackend for Export<'_> {
    /// Loads, judges, filters and writes.
    async fn run<B: Ec2>(self, backend: &B) -> Result<ExitCode> {
        let Judgement { loaded, signals } =
            match headless::judge(backend, self.policy, "export").await {
                Ok(judgement) => judgement,
                Err(code) => return Ok(code),
            };
        let inventory = &loaded.inventory;
        let matcher = Matcher::new(self.filter, inventory.network()).with_signals(Some(&signals));
        let region = loaded.connection.region.as_deref();
        let rows = rows::rows(inventory, region, &matcher, &signals);
        let mut out = BufWriter::new(std::io::stdout().lock());
        let written =
            format::write_rows(self.format, rows, &mut out).and_then(|n| out.flush().map(|()| n));
        match written {
            Ok(n) => {
                eprintln!("sgtui: wrote {n} row(s)");
                Ok(ExitCode::SUCCESS)
            }
            // The reader has all it wanted (`sgtui export | head`).
            Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
            Err(e) => Err(Failure::new(
                format!("cannot write the rows: {e}"),
                "Check where standard output goes (a full disk, a closed file).",
            )
            .into()),
        }
    }
}
