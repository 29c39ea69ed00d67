//! `sgtui` without a subcommand: the terminal UI, on the demo, an account file or AWS.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use color_eyre::{Result, eyre};

use super::Failure;
use super::settings::{Regions, Target};
use crate::app::{Choices, Settings};
use crate::cli::Cli;
use crate::ec2::{
    Account, AwsEc2, AwsOptions, Connection, Ec2, Fleet, KNOWN_REGIONS, MemoryEc2, ReadOnly,
    SnapshotEc2,
};
use crate::journal::Journal;
use crate::runtime;

/// The UI's backend, chosen (and an account file read) before the terminal is touched.
enum Backend {
    Memory(MemoryEc2),
    Snapshot(SnapshotEc2),
    Aws(AwsEc2),
    /// Several regions side by side.
    Fleet(Fleet<AwsEc2>),
}

/// Runs the UI until the user quits.
pub async fn command(cli: &Cli) -> Result<ExitCode> {
    let resolved = super::resolve(cli)?;
    let in_memory = resolved.target.in_memory();
    let mut snapshot = None;
    let mut side_by_side = Vec::new();
    let (backend, connection) = match resolved.target {
        Target::Demo => (
            Backend::Memory(MemoryEc2::new(Account::demo()).map_err(eyre::Error::msg)?),
            Connection::default(),
        ),
        Target::AccountFile(path) => (Backend::Memory(load_account(&path)?), Connection::default()),
        Target::Snapshot(files) => {
            let opened = super::snapshot::open::open(&files)?;
            let mut notes = opened.notes;
            if !opened.interfaces {
                notes.push(
                    "it holds no network interfaces: who uses a group is unknown \
                     (--snapshot-interfaces)"
                        .into(),
                );
            }
            snapshot = Some((opened.name, notes));
            (Backend::Snapshot(opened.backend), Connection::default())
        }
        Target::Aws {
            options,
            shown,
            regions,
        } => {
            let names = match regions {
                Regions::One => None,
                Regions::Several(names) => Some(names),
                Regions::All => match super::headless::enabled_regions(&options).await {
                    Ok(names) => Some(names),
                    Err(code) => return Ok(code),
                },
            };
            match names {
                Some(names) if names.len() > 1 => {
                    let shown = Connection {
                        region: Some(names.join(", ")),
                        ..shown
                    };
                    side_by_side.clone_from(&names);
                    (Backend::Fleet(Fleet::on_aws(&options, names)), shown)
                }
                Some(names) => {
                    let options = AwsOptions {
                        region: names.into_iter().next(),
                        ..options
                    };
                    (Backend::Aws(AwsEc2::new(options)), shown)
                }
                None => (Backend::Aws(AwsEc2::new(options)), shown),
            }
        }
    };
    interactive_terminal()?;
    // What the picker (`p`) offers: only AWS has other profiles and regions, and several
    // regions are all on screen already.
    let targets = match backend {
        Backend::Aws(_) => Some(Choices {
            profiles: crate::ec2::profiles().await,
            regions: KNOWN_REGIONS.iter().map(|r| r.to_string()).collect(),
        }),
        Backend::Memory(_) | Backend::Snapshot(_) | Backend::Fleet(_) => None,
    };
    let (journal, journal_error) = open_journal(resolved.journal);
    // A snapshot's notes (what it lacks) come first: its journal is never written.
    let (snapshot, startup_warning) = match snapshot {
        Some((name, notes)) => (Some(name), Some(snapshot_warning(&notes))),
        None => (None, journal_error),
    };
    let settings = Settings {
        read_only: resolved.read_only,
        session: session_id(),
        journal: journal.as_ref().map(|j| j.path().display().to_string()),
        demo: in_memory,
        snapshot,
        connection,
        startup_warning,
        policy: resolved.policy,
        targets,
        regions: side_by_side,
    };
    match backend {
        Backend::Memory(backend) => launch(backend, settings, journal).await?,
        Backend::Snapshot(backend) => launch(backend, settings, journal).await?,
        Backend::Aws(backend) => launch(backend, settings, journal).await?,
        Backend::Fleet(backend) => launch(backend, settings, journal).await?,
    }
    Ok(ExitCode::SUCCESS)
}

async fn launch<B: Ec2>(
    backend: B,
    settings: Settings,
    journal: Option<Arc<Journal>>,
) -> Result<()> {
    if settings.read_only {
        runtime::run(ReadOnly(backend), settings, journal).await
    } else {
        runtime::run(backend, settings, journal).await
    }
}

/// What the status line says first on a snapshot: its notes, as sentences.
fn snapshot_warning(notes: &[String]) -> String {
    let sentences: Vec<String> = notes
        .iter()
        .map(|n| {
            let mut chars = n.chars();
            let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
            format!("{}{}.", first.unwrap_or_default(), chars.as_str())
        })
        .collect();
    sentences.join(" ")
}

/// The in-memory account described by the JSON file at `path`.
pub(super) fn load_account(path: &Path) -> Result<MemoryEc2, Failure> {
    let advice = "Pass --account-file a JSON account in the demo's format, or run sgtui --demo.";
    let json = std::fs::read_to_string(path).map_err(|e| {
        Failure::new(
            format!("cannot read the account file {}: {e}", path.display()),
            advice,
        )
    })?;
    Account::from_json(&json)
        .and_then(MemoryEc2::new)
        .map_err(|e| {
            Failure::new(
                format!("the account file {} cannot be used: {e}", path.display()),
                advice,
            )
        })
}

/// The UI draws on stdout and reads keys from stdin: both must be a terminal. Checked before
/// the terminal is touched, so that nothing is written to a pipe or a file.
fn interactive_terminal() -> Result<(), Failure> {
    let not_one = match (
        std::io::stdin().is_terminal(),
        std::io::stdout().is_terminal(),
    ) {
        (true, true) => return Ok(()),
        (false, false) => "neither standard input nor standard output is one",
        (false, true) => "standard input is not one",
        (true, false) => "standard output is not one",
    };
    Err(Failure::new(
        format!("the terminal UI needs an interactive terminal, but {not_one}"),
        "Run sgtui in a terminal; `sgtui --help` lists what works without one, such as `sgtui export` and `sgtui restore`.",
    ))
}

/// The journal at `--journal` or its default place. A journal that cannot be opened is said
/// in the UI, and revokes are then refused; browsing and previews still work.
fn open_journal(path: Option<PathBuf>) -> (Option<Arc<Journal>>, Option<String>) {
    let Some(path) = path else {
        return (
            None,
            Some("No place for the journal: pass --journal PATH to revoke.".into()),
        );
    };
    match Journal::open(&path) {
        Ok(journal) => (Some(Arc::new(journal)), None),
        Err(e) => (
            None,
            Some(format!(
                "The journal {} cannot be opened ({e}): pass --journal PATH to revoke.",
                path.display()
            )),
        ),
    }
}

/// An id for this run, the prefix of its batches in the journal: the start time and the pid.
pub(super) fn session_id() -> String {
    let time = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let compact: String = time.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    format!("{compact}-{:x}", std::process::id())
}
