//! `sgtui export`: every rule of the account (one peer each), or those a filter matches, as
//! JSON, NDJSON, CSV or a table on stdout, without the TUI. Loaded as the TUI loads
//! ([`super::headless`]), judged by the same signals, matched by the same filter; the rows are
//! built ([`rows`]) and written ([`format`]) one at a time. JSON, NDJSON and CSV rows stream out
//! group by group as the pages arrive ([`stream`]); the table, `--sorted` and a filter that
//! needs the whole account wait for it. Progress and warnings go to stderr as plain lines.

pub mod format;
pub mod rows;
pub mod stream;

use std::cell::RefCell;
use std::io::{self, BufWriter, ErrorKind, Write};

use futures::future::join_all;
use std::process::ExitCode;

use color_eyre::Result;

use super::Failure;
use super::headless::load::{Reach, load_watched};
use super::headless::{self, OnRegions, Regional, UNREADABLE, USAGE};
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
    headless::on_regions(resolved.target, export).await
}

/// What to export, and how.
struct Export<'a> {
    filter: &'a Filter,
    policy: &'a Policy,
    format: ExportFormat,
    sorted: bool,
}

impl OnRegions for Export<'_> {
    /// Loads, judges, filters and writes: as the pages arrive when the format and the filter
    /// allow it, after the whole account otherwise. Several regions load at once.
    async fn run<B: Ec2>(self, regions: &[Regional<'_, B>]) -> Result<ExitCode> {
        if self.sorted || self.format == ExportFormat::Table || !stream::streams(self.filter) {
            self.held(regions).await
        } else {
            self.streamed(regions).await
        }
    }
}

impl Export<'_> {
    /// Every row once each region is loaded and judged whole: the regions in the order they
    /// were named, each in the panes' order. A region that cannot be read is said, the others'
    /// rows are written, and the exit code is 3.
    async fn held<B: Ec2>(self, regions: &[Regional<'_, B>]) -> Result<ExitCode> {
        let (judged, unread) = match headless::judge_regions(regions, self.policy, "export").await {
            Ok(headless::ReadRegions { regions, unread }) => (regions, unread),
            Err(code) => return Ok(code),
        };
        let matchers: Vec<Matcher> = (judged.iter())
            .map(|j| {
                Matcher::new(self.filter, j.loaded.inventory.network())
                    .with_signals(Some(&j.signals))
            })
            .collect();
        let rows = judged.iter().zip(&matchers).flat_map(|(j, matcher)| {
            let region = j.loaded.connection.region.as_deref();
            rows::rows(&j.loaded.inventory, region, matcher, &j.signals)
        });
        let mut out = BufWriter::new(io::stdout().lock());
        let written =
            format::write_rows(self.format, rows, &mut out).and_then(|n| out.flush().map(|()| n));
        let code = said(written)?;
        Ok(if unread {
            ExitCode::from(UNREADABLE)
        } else {
            code
        })
    }

    /// Each group's rows as soon as it is whole, the regions' rows side by side as their pages
    /// come. A load that fails midway leaves the rows written (JSON without its closing `]`,
    /// so that no reader takes it for the whole: the other regions' loads go on) and exits 3.
    async fn streamed<B: Ec2>(self, regions: &[Regional<'_, B>]) -> Result<ExitCode> {
        let writer = match RowWriter::new(self.format, BufWriter::new(io::stdout())) {
            Ok(writer) => RefCell::new(writer),
            Err(e) => return said(Err(e)),
        };
        let mut streamers: Vec<Streamer<'_, _>> = (regions.iter())
            .map(|_| Streamer::new(&writer, self.filter, self.policy))
            .collect();
        let loads = regions
            .iter()
            .zip(&mut streamers)
            .map(|(region, streamer)| {
                let name = region.name.as_deref();
                async move {
                    let mut say = |line: String| headless::say_in(name, &line);
                    let notices = headless::forward_notices(region.backend, name);
                    let reach = Reach { network: false };
                    let loaded = load_watched(region.backend, reach, &mut say, streamer).await;
                    if let Some(task) = notices {
                        task.abort();
                    }
                    loaded
                }
            });
        let loaded = join_all(loads).await;
        let (mut late, mut unread) = (0, false);
        let mut failed_write = None;
        for ((streamer, loaded), region) in streamers.into_iter().zip(loaded).zip(regions) {
            let written = match loaded {
                Ok(loaded) => (streamer.finish(&loaded.inventory)).map(|f| late += f.late),
                Err(failure) => {
                    headless::said_unreadable(failure, "export", region.name.as_deref());
                    unread = true;
                    streamer.abandon()
                }
            };
            if let Err(e) = written {
                failed_write.get_or_insert(e);
            }
        }
        if late > 0 {
            eprintln!(
                "sgtui: warning: {late} rule(s) were listed after their group's rows were \
                 written (the group changed while it was read): they follow the other rows"
            );
        }
        let mut writer = writer.into_inner();
        if let Some(e) = failed_write {
            return said(Err(e));
        }
        if unread {
            // The output stays open: what was read of the failed region is not all of it.
            let rows = writer.count();
            match writer.flush() {
                Err(e) if e.kind() != ErrorKind::BrokenPipe => {
                    eprintln!("sgtui: cannot write the rows: {e}");
                }
                _ if rows > 0 => eprintln!("sgtui: wrote {rows} row(s) of what could be read"),
                _ => {}
            }
            return Ok(ExitCode::from(UNREADABLE));
        }
        said(writer.finish())
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
