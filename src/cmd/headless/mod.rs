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
use super::settings::{Regions, Target};
use crate::analysis::{Judged, Policy, Signals};
use crate::ec2::{Account, ApiError, AwsEc2, AwsOptions, Ec2, MemoryEc2, ReadOnly};
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

/// A command that reads one region, or several at once (`export`, `audit`).
pub(crate) trait OnRegions {
    /// `regions` holds a backend per region, in the order `--region` named them.
    async fn run<B: Ec2>(self, regions: &[Regional<'_, B>]) -> Result<ExitCode>;
}

/// One region's backend, and its name when several are read (said before each of its lines on
/// stderr).
pub(crate) struct Regional<'b, B> {
    pub name: Option<String>,
    pub backend: &'b B,
}

/// Runs `command` read-only on the backend `target` names or, for AWS, on one backend per
/// region `--region` names (`all`: each region `DescribeRegions` lists as enabled).
pub(crate) async fn on_regions(target: Target, command: impl OnRegions) -> Result<ExitCode> {
    let (options, names) = match target {
        Target::Aws {
            options,
            regions: Regions::Several(names),
            ..
        } => (options, names),
        Target::Aws {
            options,
            regions: Regions::All,
            ..
        } => match enabled_regions(&options).await {
            Ok(names) => (options, names),
            Err(code) => return Ok(code),
        },
        target => return on_target(target, true, One(command)).await,
    };
    let backends: Vec<ReadOnly<AwsEc2>> = (names.iter())
        .map(|name| {
            ReadOnly(AwsEc2::new(AwsOptions {
                region: Some(name.clone()),
                ..options.clone()
            }))
        })
        .collect();
    let regions: Vec<Regional<'_, _>> = (names.into_iter().zip(&backends))
        .map(|(name, backend)| Regional {
            name: Some(name),
            backend,
        })
        .collect();
    Box::pin(command.run(&regions)).await
}

/// A command of several regions, run on one.
struct One<C>(C);

impl<C: OnRegions> OnBackend for One<C> {
    async fn run<B: Ec2>(self, backend: &B) -> Result<ExitCode> {
        let region = Regional {
            name: None,
            backend,
        };
        self.0.run(std::slice::from_ref(&region)).await
    }
}

/// The regions enabled for the account, by name; said on stderr, with the exit code, when
/// they cannot be listed. With no region set anywhere, they are asked of us-east-1.
pub(crate) async fn enabled_regions(options: &AwsOptions) -> Result<Vec<String>, ExitCode> {
    let listed = match AwsEc2::new(options.clone()).enabled_regions().await {
        Err(e) if e.code == crate::ec2::codes::NO_REGION => {
            let options = AwsOptions {
                region: Some("us-east-1".into()),
                ..options.clone()
            };
            AwsEc2::new(options).enabled_regions().await
        }
        listed => listed,
    };
    match listed {
        Ok(names) if !names.is_empty() => Ok(names),
        Ok(_) => Err(said(Failure::new(
            "DescribeRegions listed no region enabled for the account",
            "Name the regions with --region instead of all.",
        ))),
        Err(error) => Err(said(Failure::new(
            format!(
                "could not list the regions enabled for the account (DescribeRegions: {error})"
            ),
            advice(&error, "command"),
        ))),
    }
}

/// Says `failure` on stderr; answers the exit code of AWS not read.
fn said(failure: Failure) -> ExitCode {
    eprint!("{}", render(&Report::new(failure), wants_full_report()));
    ExitCode::from(UNREADABLE)
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

/// Loads the account and judges it, saying progress and warnings on stderr (after the name of
/// the `region`, when several are read). When the groups and rules cannot be read, says why
/// (and what to do, in `command`'s words: `export`) and answers the exit code.
pub async fn judge<B: Ec2>(
    backend: &B,
    policy: &Policy,
    command: &str,
    region: Option<&str>,
) -> Result<Judgement, ExitCode> {
    let mut say = |line: String| say_in(region, &line);
    let notices = forward_notices(backend, region);
    let loaded = load::load(backend, &mut say).await;
    if let Some(task) = notices {
        task.abort();
    }
    let loaded = loaded.map_err(|failure| said_unreadable(failure, command, region))?;
    let network = loaded.inventory.network();
    let judged = Judged {
        policy,
        interfaces_known: loaded.interfaces_known,
        stale: &|rule| network.is_stale(rule),
    };
    let signals = Signals::compute(&loaded.inventory, &judged);
    Ok(Judgement { loaded, signals })
}

/// Each region loaded and judged, at once. A region that cannot be read is said (in
/// `command`'s words) and left out, and `unread` says so; with one region only, that is the
/// exit code at once.
pub(crate) async fn judge_regions<B: Ec2>(
    regions: &[Regional<'_, B>],
    policy: &Policy,
    command: &str,
) -> Result<ReadRegions, ExitCode> {
    let judged = futures::future::join_all(
        (regions.iter()).map(|r| judge(r.backend, policy, command, r.name.as_deref())),
    )
    .await;
    let unread = judged.iter().any(Result::is_err);
    if unread && judged.len() == 1 {
        return Err(ExitCode::from(UNREADABLE));
    }
    Ok(ReadRegions {
        regions: judged.into_iter().flatten().collect(),
        unread,
    })
}

/// The regions that could be read, judged, in the order they were named.
pub(crate) struct ReadRegions {
    pub regions: Vec<Judgement>,
    /// Whether a region could not be read (said on stderr).
    pub unread: bool,
}

/// One line of progress or warning on stderr, after the region's name when several are read.
pub(super) fn say_in(region: Option<&str>, line: &str) {
    match region {
        Some(region) => eprintln!("sgtui: {region}: {line}"),
        None => eprintln!("sgtui: {line}"),
    }
}

/// Says on stderr why the groups and rules (of `region`, when several are read) could not be
/// read, and what to do (in `command`'s words); answers the exit code that says so.
pub(super) fn said_unreadable(
    failure: LoadFailure,
    command: &str,
    region: Option<&str>,
) -> ExitCode {
    let mut failure = unreadable(failure, command);
    if let Some(region) = region {
        failure.message = format!("{region}: {}", failure.message);
    }
    said(failure)
}

/// Says the SDK's notices (retries while throttled) on stderr while the load is under way,
/// after the region's name when several are read.
pub(super) fn forward_notices<B: Ec2>(
    backend: &B,
    region: Option<&str>,
) -> Option<tokio::task::JoinHandle<()>> {
    let mut notices = backend.notices()?;
    let region = region.map(str::to_string);
    Some(tokio::spawn(async move {
        loop {
            match notices.recv().await {
                Ok(text) => say_in(region.as_deref(), &inert(&text)),
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
