//! `sgtui audit`: the audit signals as findings (one per signal a rule carries, one per unused
//! group), as text, JSON or SARIF 2.1.0 on stdout, without the TUI; the exit code says whether
//! any is of a kind `--fail-on` names. Loaded and judged as `export` is
//! ([`super::headless`]), narrowed by the same filter; the findings are built ([`findings`])
//! and written ([`format`], [`sarif`]).

pub mod findings;
pub mod format;
pub mod sarif;

use std::io::{BufWriter, ErrorKind, Write};
use std::process::ExitCode;

use color_eyre::Result;

use super::Failure;
use super::failure::failing_with;
use super::headless::{self, Judgement, OnRegions, Regional, UNREADABLE, USAGE};
use crate::analysis::{Matcher, Policy};
use crate::cli::{AuditArgs, AuditFormat, Cli, FailOn};
use crate::ec2::Ec2;
use crate::model::lang::Filter;
use findings::counts;

/// A finding is of a kind `--fail-on` names.
const FOUND: u8 = 1;
/// Any other failure: a config or account file that cannot be used, output not written.
const FAILED: u8 = 4;

/// Writes the findings `args` asks for; see `sgtui audit --help` for the exit codes.
pub async fn command(cli: &Cli, args: &AuditArgs) -> Result<ExitCode> {
    let filter = match args.filter.as_deref().map(Filter::parse).transpose() {
        Ok(filter) => filter.unwrap_or_default(),
        Err(e) => {
            eprintln!("sgtui: --filter: {e}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    let result = match super::resolve(cli) {
        Ok(resolved) => {
            let audit = Audit {
                filter: &filter,
                policy: &resolved.policy,
                format: args.format,
                fail_on: &args.fail_on,
            };
            // It never mutates: read-only whatever the settings say.
            headless::on_regions(resolved.target, audit).await
        }
        Err(report) => Err(report),
    };
    // Exit 1 means findings: every other failure has a code of its own.
    Ok(failing_with(FAILED, result))
}

/// What to report, and when to fail.
struct Audit<'a> {
    filter: &'a Filter,
    policy: &'a Policy,
    format: AuditFormat,
    fail_on: &'a [FailOn],
}

impl OnRegions for Audit<'_> {
    /// Loads and judges each region (several at once), finds, writes and answers whether a
    /// finding fails the audit. A region that cannot be read is said, the others' findings are
    /// written, and the exit code is 3, whatever they hold.
    async fn run<B: Ec2>(self, regions: &[Regional<'_, B>]) -> Result<ExitCode> {
        let (judged, unread) = match headless::judge_regions(regions, self.policy, "audit").await {
            Ok(headless::ReadRegions { regions, unread }) => (regions, unread),
            Err(code) => return Ok(code),
        };
        let mut found = Vec::new();
        for Judgement { loaded, signals } in judged {
            let inventory = &loaded.inventory;
            let matcher =
                Matcher::new(self.filter, inventory.network()).with_signals(Some(&signals));
            let region = loaded.connection.region.as_deref();
            found.extend(findings::findings(inventory, region, &matcher, &signals));
        }
        let mut out = BufWriter::new(std::io::stdout().lock());
        match format::write(self.format, &found, &mut out).and_then(|()| out.flush()) {
            // The reader has all it wanted (`sgtui audit | head`): the exit code still counts.
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {}
            Err(e) => {
                return Err(Failure::new(
                    format!("cannot write the findings: {e}"),
                    "Check where standard output goes (a full disk, a closed file).",
                )
                .into());
            }
        }
        let failing: usize = (counts(&found).into_iter())
            .filter(|(signal, _)| findings::fails(*signal, self.fail_on))
            .map(|(_, n)| n)
            .sum();
        eprintln!(
            "sgtui: {} finding(s), {failing} of a kind --fail-on names",
            found.len()
        );
        Ok(if unread {
            ExitCode::from(UNREADABLE)
        } else if failing > 0 {
            ExitCode::from(FOUND)
        } else {
            ExitCode::SUCCESS
        })
    }
}
