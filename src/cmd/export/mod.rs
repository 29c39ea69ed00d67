//! `sgtui export`: every rule of the account (one peer each), or those a filter matches, as
//! JSON, NDJSON, CSV or a table on stdout, without the TUI. Loaded as the TUI loads
//! ([`load`]), judged by the same signals, matched by the same filter; the rows are built
//! ([`rows`]) and written ([`format`]) one at a time. Progress and warnings go to stderr as
//! plain lines.

pub mod format;
pub mod load;
pub mod rows;

use std::io::{BufWriter, ErrorKind, Write};
use std::process::ExitCode;

use color_eyre::{Report, Result, eyre};
use tokio::sync::broadcast::error::RecvError;

use super::Failure;
use super::failure::{render, wants_full_report};
use super::settings::Target;
use crate::analysis::{Judged, Matcher, Policy, Signals};
use crate::cli::{Cli, ExportArgs, ExportFormat};
use crate::ec2::{Account, ApiError, AwsEc2, Ec2, MemoryEc2};
use crate::model::lang::Filter;
use crate::present::inert;
use load::LoadFailure;

/// A usage error: the command line cannot be used (clap exits with it too).
const USAGE: u8 = 2;
/// The groups and rules could not be read.
const UNREADABLE: u8 = 3;

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
    let policy = &resolved.policy;
    match resolved.target {
        Target::Demo => {
            let backend = MemoryEc2::new(Account::demo()).map_err(eyre::Error::msg)?;
            export(&backend, &filter, policy, args.format).await
        }
        Target::AccountFile(path) => {
            let backend = super::tui::load_account(&path)?;
            export(&backend, &filter, policy, args.format).await
        }
        Target::Aws { options, .. } => {
            export(&AwsEc2::new(options), &filter, policy, args.format).await
        }
    }
}

/// Loads, judges, filters and writes.
async fn export<B: Ec2>(
    backend: &B,
    filter: &Filter,
    policy: &Policy,
    format: ExportFormat,
) -> Result<ExitCode> {
    let mut say = |line: String| eprintln!("sgtui: {line}");
    let notices = forward_notices(backend);
    let loaded = load::load(backend, &mut say).await;
    if let Some(task) = notices {
        task.abort();
    }
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(failure) => {
            let report = Report::new(unreadable(failure));
            eprint!("{}", render(&report, wants_full_report()));
            return Ok(ExitCode::from(UNREADABLE));
        }
    };
    let (inventory, network) = (&loaded.inventory, loaded.inventory.network());
    let judged = Judged {
        policy,
        interfaces_known: loaded.interfaces_known,
        stale: &|rule| network.is_stale(rule),
    };
    let signals = Signals::compute(inventory, &judged);
    let matcher = Matcher::new(filter, network).with_signals(Some(&signals));
    let region = loaded.connection.region.as_deref();
    let rows = rows::rows(inventory, region, &matcher, &signals);
    let mut out = BufWriter::new(std::io::stdout().lock());
    let written = format::write_rows(format, rows, &mut out).and_then(|n| out.flush().map(|()| n));
    match written {
        Ok(n) => {
            say(format!("wrote {n} row(s)"));
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

/// Says the SDK's notices (retries while throttled) on stderr while the load is under way.
fn forward_notices<B: Ec2>(backend: &B) -> Option<tokio::task::JoinHandle<()>> {
    let mut notices = backend.notices()?;
    Some(tokio::spawn(async move {
        loop {
            match notices.recv().await {
                Ok(text) => eprintln!("sgtui: {}", inert(&text)),
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => break,
            }
        }
    }))
}

/// The failure said when the groups and rules could not be read.
fn unreadable(LoadFailure { call, error }: LoadFailure) -> Failure {
    let message = match call {
        "connecting" => format!("could not connect to EC2: {error}"),
        call => format!("could not list the security groups ({call}: {error})"),
    };
    Failure::new(message, advice(&error))
}

/// What to do about `error`, for a command that is run again rather than refreshed.
fn advice(error: &ApiError) -> String {
    error
        .hint()
        .replace("then press r", "then run the export again")
        .replace("press r to refresh", "run the export again")
}

#[cfg(test)]
mod tests {
    use super::{advice, unreadable};
    use crate::ec2::{ApiError, codes};

    use super::load::LoadFailure;

    #[test]
    fn the_advice_says_to_run_the_export_again_not_to_press_r() {
        for code in [codes::THROTTLED, codes::EXPIRED_TOKEN, "Other"] {
            let text = advice(&ApiError::new(code, "x"));
            assert!(!text.contains("press r"), "{text}");
            assert!(text.contains("run the export again"), "{text}");
        }
    }

    #[test]
    fn a_failed_listing_names_its_call() {
        let failure = unreadable(LoadFailure {
            call: "DescribeSecurityGroupRules",
            error: ApiError::new(codes::UNAUTHORIZED, "no"),
        });
        assert_eq!(
            failure.message,
            "could not list the security groups \
             (DescribeSecurityGroupRules: UnauthorizedOperation: no)"
        );
        let failure = unreadable(LoadFailure {
            call: "connecting",
            error: ApiError::new(codes::NO_REGION, "no region"),
        });
        assert!(failure.message.starts_with("could not connect to EC2: "));
        assert!(failure.advice.contains("--region"), "{}", failure.advice);
    }
}
