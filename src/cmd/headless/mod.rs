//! What the commands without the TUI (`export`, `audit`, `revoke`) share: the backend a target
//! names, the account loaded as the TUI loads it ([`load`]) and judged by the same signals, the
//! SDK's notices and a load that failed said on stderr as plain lines.

pub mod load;
mod stale;

use std::process::ExitCode;

use color_eyre::{Report, Result, eyre};
use tokio::sync::broadcast::error::RecvError;

use super::Failure;
use super::failure::{render, wants_full_report};
use super::settings::Target;
use crate::analysis::{Judged, Policy, Signals};
use crate::ec2::{Account, ApiError, AwsEc2, Ec2, MemoryEc2, ReadOnly};
use crate::present::inert;
use load::{LoadFailure, Loaded};

/// A usage error: the command line cannot be used (clap exits with it too).
pub const USAGE: u8 = 2;
/// The groups and rules could not be read.
pub const UNREADABLE: u8 = 3;

/// A command run on whichever backend the target names.
pub(crate) trait OnBackend {
    async fn run<B: Ec2>(self, backend: &B) -> Result<ExitCode>;
}

/// Runs `command` on the backend `target` names: the demo, an account file, a snapshot (its
/// notes said on stderr first) or AWS; behind [`ReadOnly`] when `read_only`, so that no
/// mutating call can leave it.
pub(crate) async fn on_target(
    target: Target,
    read_only: bool,
    command: impl OnBackend,
) -> Result<ExitCode> {
    match target {
        Target::Demo => {
            let backend = MemoryEc2::new(Account::demo()).map_err(eyre::Error::msg)?;
            guarded(backend, read_only, command).await
        }
        Target::AccountFile(path) => {
            guarded(super::tui::load_account(&path)?, read_only, command).await
        }
        Target::Snapshot(files) => {
            let opened = super::snapshot::open::open(&files)?;
            for note in &opened.notes {
                eprintln!("sgtui: {}", inert(note));
            }
            guarded(opened.backend, read_only, command).await
        }
        Target::Aws { options, .. } => guarded(AwsEc2::new(options), read_only, command).await,
    }
}

/// The command's future is boxed: a command's state is deep, and the compiler lays out every
/// backend's at once otherwise.
async fn guarded<B: Ec2>(backend: B, read_only: bool, command: impl OnBackend) -> Result<ExitCode> {
    if read_only {
        Box::pin(command.run(&ReadOnly(backend))).await
    } else {
        Box::pin(command.run(&backend)).await
    }
}

/// An account as loaded, and what the signals say of it.
pub struct Judgement {
    pub loaded: Loaded,
    pub signals: Signals,
}

/// Loads the account and judges it, saying progress and warnings on stderr. When the groups
/// and rules cannot be read, says why (and what to do, in `command`'s words: `export`) and
/// answers the exit code.
pub async fn judge<B: Ec2>(
    backend: &B,
    policy: &Policy,
    command: &str,
) -> Result<Judgement, ExitCode> {
    let mut say = |line: String| eprintln!("sgtui: {line}");
    let notices = forward_notices(backend);
    let loaded = load::load(backend, &mut say).await;
    if let Some(task) = notices {
        task.abort();
    }
    let loaded = loaded.map_err(|failure| said_unreadable(failure, command))?;
    let network = loaded.inventory.network();
    let judged = Judged {
        policy,
        interfaces_known: loaded.interfaces_known,
        stale: &|rule| network.is_stale(rule),
    };
    let signals = Signals::compute(&loaded.inventory, &judged);
    Ok(Judgement { loaded, signals })
}

/// Says on stderr why the groups and rules could not be read, and what to do (in `command`'s
/// words); answers the exit code that says so.
pub(super) fn said_unreadable(failure: LoadFailure, command: &str) -> ExitCode {
    let report = Report::new(unreadable(failure, command));
    eprint!("{}", render(&report, wants_full_report()));
    ExitCode::from(UNREADABLE)
}

/// Says the SDK's notices (retries while throttled) on stderr while the load is under way.
pub(super) fn forward_notices<B: Ec2>(backend: &B) -> Option<tokio::task::JoinHandle<()>> {
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
pub(super) fn unreadable(LoadFailure { call, error }: LoadFailure, command: &str) -> Failure {
    let message = match call {
        "connecting" => format!("could not connect to EC2: {error}"),
        call => format!("could not list the security groups ({call}: {error})"),
    };
    Failure::new(message, advice(&error, command))
}

/// What to do about `error`, for a command that is run again rather than refreshed.
fn advice(error: &ApiError, command: &str) -> String {
    let again = format!("run the {command} again");
    error
        .hint()
        .replace("then press r", &format!("then {again}"))
        .replace("press r to refresh", &again)
}

#[cfg(test)]
mod tests {
    use super::load::LoadFailure;
    use super::{advice, unreadable};
    use crate::ec2::{ApiError, codes};

    #[test]
    fn the_advice_says_to_run_the_command_again_not_to_press_r() {
        for code in [codes::THROTTLED, codes::EXPIRED_TOKEN, "Other"] {
            let text = advice(&ApiError::new(code, "x"), "export");
            assert!(!text.contains("press r"), "{text}");
            assert!(text.contains("run the export again"), "{text}");
            let text = advice(&ApiError::new(code, "x"), "audit");
            assert!(text.contains("run the audit again"), "{text}");
        }
    }

    #[test]
    fn a_failed_listing_names_its_call() {
        let failure = unreadable(
            LoadFailure {
                call: "DescribeSecurityGroupRules",
                error: ApiError::new(codes::UNAUTHORIZED, "no"),
            },
            "export",
        );
        assert_eq!(
            failure.message,
            "could not list the security groups \
             (DescribeSecurityGroupRules: UnauthorizedOperation: no)"
        );
        let failure = unreadable(
            LoadFailure {
                call: "connecting",
                error: ApiError::new(codes::NO_REGION, "no region"),
            },
            "export",
        );
        assert!(failure.message.starts_with("could not connect to EC2: "));
        assert!(failure.advice.contains("--region"), "{}", failure.advice);
    }
}
