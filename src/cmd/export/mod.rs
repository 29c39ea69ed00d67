//! `sgtui export`: every rule of the account (one peer each), or those a filter matches, as
//! JSON, NDJSON, CSV or a table on stdout, without the TUI. Loaded as the TUI loads
//! ([`super::headless`]), judged by the same signals, matched by the same filter; the rows are
//! built ([`rows`]) and written ([`format`]) one at a time. JSON, NDJSON and CSV rows stream out
//! group by group as the pages arrive ([`stream`]); the table, `--sorted` and a filter that
//! needs the whole account wait for it. Progress and warnings go to stderr as plain lines.

pub mod format;
pub mod rows;
pub mod stream;

use std::io::{self, BufWriter, ErrorKind, Write};
use std::process::ExitCode;

use color_eyre::Result;

use super::Failure;
use super::headless::load::{Reach, load_watched};
use super::headless::{self, Judgement, OnBackend, USAGE};
use crate::analysis::{Matcher, Policy};
use crate::cli::{Cli, ExportArgs, ExportFormat};
use crate::ec2::Ec2;
use crate::model::lang::Filter;
use format::RowWriter;
use stream::Streamer;

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
        sorted: args.sorted,
    };
    // It never mutates: read-only whatever the settings say.
    headless::on_target(resolved.target, true, export).await
}

/// What to export, and how.
struct Export<'a> {
    filter: &'a Filter,
    policy: &'a Policy,
    format: ExportFormat,
    sorted: bool,
}

impl OnBackend for Export<'_> {
    /// Loads, judges, filters and writes: as the pages arrive when the format and the filter
    /// allow it, after the whole account otherwise.
    async fn run<B: Ec2>(self, backend: &B) -> Result<ExitCode> {
        if self.sorted || self.format == ExportFormat::Table || !stream::streams(self.filter) {
            self.held(backend).await
        } else {
            self.streamed(backend).await
        }
    }
}

impl Export<'_> {
    /// Every row once the account is loaded and judged whole, in the panes' order.
    async fn held<B: Ec2>(self, backend: &B) -> Result<ExitCode> {
        let Judgement { loaded, signals } =
            match headless::judge(backend, self.policy, "export").await {
                Ok(judgement) => judgement,
                Err(code) => return Ok(code),
            };
        let inventory = &loaded.inventory;
        let matcher = Matcher::new(self.filter, inventory.network()).with_signals(Some(&signals));
        let region = loaded.connection.region.as_deref();
        let rows = rows::rows(inventory, region, &matcher, &signals);
        let mut out = BufWriter::new(io::stdout().lock());
        let written =
            format::write_rows(self.format, rows, &mut out).and_then(|n| out.flush().map(|()| n));
        said(written)
    }

    /// Each group's rows as soon as it is whole. A load that fails midway leaves the rows
    /// written (JSON without its closing `]`, so that no reader takes it for the whole) and
    /// exits 3.
    async fn streamed<B: Ec2>(self, backend: &B) -> Result<ExitCode> {
        let writer = match RowWriter::new(self.format, BufWriter::new(io::stdout())) {
            Ok(writer) => writer,
            Err(e) => return said(Err(e)),
        };
        let mut streamer = Streamer::new(writer, self.filter, self.policy);
        let mut say = |line: String| eprintln!("sgtui: {line}");
        let notices = headless::forward_notices(backend);
        let reach = Reach { network: false };
        let loaded = load_watched(backend, reach, &mut say, &mut streamer).await;
        if let Some(task) = notices {
            task.abort();
        }
        match loaded {
            Ok(loaded) => {
                let finished = streamer.finish(&loaded.inventory);
                if let Ok(stream::Finished { late, .. }) = finished
                    && late > 0
                {
                    eprintln!(
                        "sgtui: warning: {late} rule(s) were listed after their group's rows \
                         were written (the group changed while it was read): they follow the \
                         other rows"
                    );
                }
                said(finished.map(|f| f.rows))
            }
            Err(failure) => {
                if let Err(e) = streamer.abandon()
                    && e.kind() != ErrorKind::BrokenPipe
                {
                    eprintln!("sgtui: cannot write the rows: {e}");
                }
                Ok(headless::said_unreadable(failure, "export"))
            }
        }
    }
}

/// The exit code of a write: its count said on stderr, or why it failed.
fn said(written: io::Result<usize>) -> Result<ExitCode> {
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
