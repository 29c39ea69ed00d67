//! sgtui: a terminal UI for browsing, marking, dry-running and revoking EC2 security-group rules.
//!
//! The library holds everything; `main.rs` only parses arguments and calls [`run`]. This split
//! lets tests drive the app, the backends and the renderer directly.

pub mod app;
pub mod cli;
pub mod ec2;
pub mod model;
pub mod revoke;
pub mod runtime;
pub mod ui;

use color_eyre::{Result, eyre::WrapErr};

use crate::app::Settings;
use crate::cli::Cli;
use crate::ec2::{Account, AwsEc2, AwsOptions, Connection, Ec2, MemoryEc2, ReadOnly};

/// Runs sgtui as the command line asks.
pub async fn run(cli: Cli) -> Result<()> {
    let _log_guard = cli.log_file.as_deref().map(init_logging).transpose()?;
    let mut settings = Settings {
        read_only: cli.read_only,
        demo: cli.demo || cli.account_file.is_some(),
        connection: Connection::default(),
    };
    if let Some(account) = load_account(&cli)? {
        let backend = MemoryEc2::new(account).map_err(color_eyre::eyre::Error::msg)?;
        return launch(backend, settings).await;
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
    launch(backend, settings).await
}

async fn launch<B: Ec2>(backend: B, settings: Settings) -> Result<()> {
    if settings.read_only {
        runtime::run(ReadOnly(backend), settings).await
    } else {
        runtime::run(backend, settings).await
    }
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
