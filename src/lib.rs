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
pub mod revoke;
pub mod runtime;
pub mod ui;

use std::sync::Arc;

use color_eyre::{Result, eyre::WrapErr};

use crate::app::Settings;
use crate::cli::Cli;
use crate::ec2::{Account, AwsEc2, AwsOptions, Connection, Ec2, MemoryEc2, ReadOnly};
use crate::journal::Journal;

/// Runs sgtui as the command line asks.
pub async fn run(cli: Cli) -> Result<()> {
    let _log_guard = cli.log_file.as_deref().map(init_logging).transpose()?;
    let config =
        config::Config::load(cli.config.as_deref()).map_err(color_eyre::eyre::Error::msg)?;
    let (journal, journal_error) = open_journal(cli.journal.clone().or(config.journal.clone()));
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
        return launch(backend, settings, journal).await;
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
    launch(backend, settings, journal).await
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
    let Some(path) = path.or_else(journal::default_path) else {
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
