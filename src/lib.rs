//! sgtui: a terminal UI for browsing, marking, dry-running and revoking EC2 security-group rules.
//!
//! The library holds everything; `main.rs` only parses arguments and calls [`run`]. This split
//! lets tests drive the app, the backends and the renderer directly.

pub mod app;
pub mod cli;
pub mod config;
pub mod ec2;
pub mod journal;
pub mod model;
pub mod present;
pub mod restore;
pub mod revoke;
pub mod runtime;
pub mod ui;

use std::io::BufRead;
use std::process::ExitCode;
use std::sync::Arc;

use color_eyre::{Result, eyre::WrapErr};

use crate::app::Settings;
use crate::cli::Cli;
use crate::ec2::{Account, AwsEc2, AwsOptions, Connection, Ec2, MemoryEc2, ReadOnly};
use crate::journal::{Entry, Journal};
use crate::restore::{RestoreOutcome, RestorePlan};
use crate::ui::text::inert;

/// Runs sgtui as the command line asks.
pub async fn run(cli: Cli) -> Result<ExitCode> {
    let _log_guard = cli.log_file.as_deref().map(init_logging).transpose()?;
    if let Some(cli::Command::Restore(args)) = &cli.command {
        return restore_command(&cli, args).await;
    }
    let config =
        config::Config::load(cli.config.as_deref()).map_err(color_eyre::eyre::Error::msg)?;
    let in_memory = cli.demo || cli.account_file.is_some();
    let journal_path = cli.journal.clone().or_else(|| {
        if in_memory {
            journal::default_demo_path()
        } else {
            config.journal.clone().or_else(journal::default_path)
        }
    });
    let (journal, journal_error) = open_journal(journal_path);
    let mut settings = Settings {
        read_only: cli.read_only || config.read_only,
        session: session_id(),
        journal: journal.as_ref().map(|j| j.path().display().to_string()),
        demo: cli.demo || cli.account_file.is_some(),
        connection: Connection::default(),
        startup_warning: journal_error,
    };
    if let Some(account) = load_account(&cli)? {
        let backend = MemoryEc2::new(account).map_err(color_eyre::eyre::Error::msg)?;
        launch(backend, settings, journal).await?;
        return Ok(ExitCode::SUCCESS);
    }
    settings.connection = Connection {
        profile: cli.profile.clone().or_else(|| env("AWS_PROFILE")),
        region: cli
            .region
            .clone()
            .or_else(|| env("AWS_REGION"))
            .or_else(|| env("AWS_DEFAULT_REGION")),
        endpoint: cli
            .endpoint_url
            .clone()
            .or_else(|| env("AWS_ENDPOINT_URL_EC2"))
            .or_else(|| env("AWS_ENDPOINT_URL")),
        account_id: None,
    };
    let backend = AwsEc2::new(AwsOptions {
        profile: cli.profile,
        region: cli.region,
        endpoint_url: cli.endpoint_url,
    });
    launch(backend, settings, journal).await?;
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

/// The journal at `--journal` or its default place. A journal that cannot be opened is said
/// in the UI, and revokes are then refused; browsing and previews still work.
fn open_journal(path: Option<std::path::PathBuf>) -> (Option<Arc<Journal>>, Option<String>) {
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
fn session_id() -> String {
    let time = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    let compact: String = time.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    format!("{compact}-{:x}", std::process::id())
}

fn load_account(cli: &Cli) -> Result<Option<Account>> {
    if cli.demo {
        return Ok(Some(Account::demo()));
    }
    let Some(path) = &cli.account_file else {
        return Ok(None);
    };
    let json = std::fs::read_to_string(path)
        .wrap_err_with(|| format!("cannot read the account file {}", path.display()))?;
    Account::from_json(&json)
        .map(Some)
        .map_err(color_eyre::eyre::Error::msg)
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn init_logging(path: &std::path::Path) -> Result<tracing_appender::non_blocking::WorkerGuard> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .wrap_err_with(|| format!("cannot open the log file {}", path.display()))?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SGTUI_LOG")
                .unwrap_or_else(|_| "sgtui=info,aws_config=warn,aws_smithy_runtime=warn".into()),
        )
        .init();
    Ok(guard)
}

/// `sgtui restore`: plan from the journal, show the plan, confirm, re-create, report.
async fn restore_command(cli: &Cli, args: &cli::RestoreArgs) -> Result<ExitCode> {
    let config =
        config::Config::load(cli.config.as_deref()).map_err(color_eyre::eyre::Error::msg)?;
    let read_only = cli.read_only || config.read_only;
    let path = cli
        .journal
        .clone()
        .or(config.journal.clone())
        .or_else(journal::default_path)
        .ok_or_else(|| color_eyre::eyre::eyre!("no journal: pass --journal PATH"))?;
    let read = journal::read(&path)
        .wrap_err_with(|| format!("cannot read the journal {}", path.display()))?;
    let mut entries = Vec::new();
    for entry in read {
        match entry {
            Ok(entry) => entries.push(entry),
            Err(e) => eprintln!("skipping an unreadable journal line: {}", inert(&e)),
        }
    }
    if args.list {
        for batch in restore::history(&entries) {
            println!(
                "{}  {}  {} rule(s)",
                inert(&batch.id),
                inert(&batch.time),
                batch.rules
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let plan =
        restore::plan(&entries, args.batch.as_deref()).map_err(color_eyre::eyre::Error::msg)?;
    print_plan(&plan);
    if plan.items.is_empty() {
        println!("Nothing to restore.");
        return Ok(ExitCode::SUCCESS);
    }
    if read_only && !args.dry_run {
        eprintln!("Read-only: nothing is re-created. Use --dry-run to check the calls.");
        return Ok(ExitCode::FAILURE);
    }
    if !args.dry_run && !args.yes && !confirmed(plan.items.len())? {
        println!("Nothing changed.");
        return Ok(ExitCode::SUCCESS);
    }
    let options = AwsOptions {
        profile: cli.profile.clone(),
        region: cli.region.clone().or(plan.region.clone()),
        endpoint_url: cli.endpoint_url.clone(),
    };
    let outcomes = if read_only {
        restore_all(&ReadOnly(AwsEc2::new(options)), &plan, args.dry_run).await
    } else {
        restore_all(&AwsEc2::new(options), &plan, args.dry_run).await
    };
    for (item, outcome) in plan.items.iter().zip(&outcomes) {
        let new_id = match outcome {
            RestoreOutcome::Restored(Some(id)) => format!(" -> {id}"),
            _ => String::new(),
        };
        println!(
            "{:<16} {}{new_id}  {}",
            outcome.label(),
            inert(&item.original_id),
            crate::present::request_line(&item.request)
        );
        if let RestoreOutcome::Failed(e) = outcome {
            println!("{:<16} {} {}", "", inert(&e.to_string()), e.hint());
        }
    }
    if !args.dry_run {
        let outcomes: Vec<(String, RestoreOutcome)> = plan
            .items
            .iter()
            .map(|i| i.original_id.clone())
            .zip(outcomes.iter().cloned())
            .collect();
        let record = restore::journal_record(plan.batch.clone(), &outcomes);
        Journal::open(&path)
            .and_then(|j| j.append(&Entry::Restore(record)))
            .wrap_err_with(|| {
                format!(
                    "the restore was done but not journaled in {}",
                    path.display()
                )
            })?;
    }
    Ok(if outcomes.iter().any(RestoreOutcome::is_failure) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_plan(plan: &RestorePlan) {
    println!(
        "Batch {} ({}, region {}): {} rule(s) to re-create",
        inert(&plan.batch),
        inert(&plan.time),
        plan.region.as_deref().map(inert).unwrap_or("?".into()),
        plan.items.len()
    );
    for item in &plan.items {
        println!(
            "  {}  {}",
            inert(&item.original_id),
            crate::present::request_line(&item.request)
        );
    }
    for (id, why) in &plan.skipped {
        println!("  skipped {}: {}", inert(id), inert(why));
    }
}

/// Re-creates every rule of the plan (or, with `dry_run`, asks whether it would be allowed).
pub async fn restore_all<B: Ec2>(
    backend: &B,
    plan: &RestorePlan,
    dry_run: bool,
) -> Vec<RestoreOutcome> {
    use futures::StreamExt;
    futures::stream::iter(&plan.items)
        .map(|item| async move {
            RestoreOutcome::of(
                dry_run,
                backend.authorize(item.request.clone(), dry_run).await,
            )
        })
        .buffered(4)
        .collect()
        .await
}

/// Asks on the terminal; anything but y/yes (or no answer at all) is a no.
fn confirmed(count: usize) -> Result<bool> {
    eprint!("Re-create {count} rule(s)? [y/N] ");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}
