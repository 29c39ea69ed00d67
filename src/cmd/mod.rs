//! The subcommands: one file each, all run from [`run`]. Each resolves its settings once
//! ([`settings::resolve`]) and says its failures plainly ([`failure::Failure`]).

pub mod audit;
pub mod calls;
pub mod confirm;
pub mod export;
pub mod failure;
pub mod headless;
pub mod restore;
pub mod revoke;
pub mod settings;
pub mod snapshot;
pub mod tui;

use std::path::Path;
use std::process::ExitCode;

use color_eyre::Result;

pub use self::failure::{Failure, finish, install_hooks};
use crate::cli::{Cli, Command};
use crate::config::{Config, ConfigError};
use settings::{DefaultPaths, Resolved};

/// Runs sgtui as the command line asks.
pub async fn run(cli: Cli) -> Result<ExitCode> {
    let _log_guard = cli.log_file.as_deref().map(init_logging).transpose()?;
    let one_region = match &cli.command {
        // The TUI shows several AWS regions side by side; an account of its own is one.
        None => (cli.demo || cli.account_file.is_some() || cli.snapshot.is_some())
            .then_some("the TUI on the demo, an account file or a snapshot"),
        Some(Command::Restore(_)) => Some("restore"),
        Some(Command::Revoke(_)) => Some("revoke"),
        Some(Command::Snapshot(_)) => Some("snapshot"),
        // A snapshot's answers are of one region.
        Some(Command::Export(_) | Command::Audit(_)) => {
            cli.snapshot.is_some().then_some("--snapshot")
        }
    };
    if let Some(code) = one_region.and_then(|what| many_regions(&cli, what)) {
        return Ok(code);
    }
    match &cli.command {
        None => tui::command(&cli).await,
        Some(Command::Restore(args)) => restore::command(&cli, args).await,
        Some(Command::Export(args)) => export::command(&cli, args).await,
        Some(Command::Audit(args)) => audit::command(&cli, args).await,
        Some(Command::Revoke(args)) => revoke::command(&cli, args).await,
        Some(Command::Snapshot(args)) => snapshot::command(&cli, args).await,
    }
}

/// When `--region` names more than one region (or `all`) for a command that works on one
/// (`what`), says so on one line and answers the usage error's exit code.
fn many_regions(cli: &Cli, what: &str) -> Option<ExitCode> {
    settings::Regions::named(&cli.region).is_many().then(|| {
        eprintln!(
            "sgtui: --region: {what} works on one region at a time: name one \
             (`sgtui export` and `sgtui audit` read several, or all)"
        );
        ExitCode::from(headless::USAGE)
    })
}

/// The settings of this run: the command line, this process's environment and the config file.
fn resolve(cli: &Cli) -> Result<Resolved> {
    let config = Config::load(cli.config.as_deref()).map_err(config_failure)?;
    Ok(settings::resolve(
        cli,
        &config,
        settings::process_env,
        &DefaultPaths::of_this_user(),
    ))
}

fn config_failure(e: ConfigError) -> Failure {
    let advice = match &e {
        ConfigError::Unreadable { .. } => {
            "Check the path given to --config (or SGTUI_CONFIG), or leave both unset."
        }
        ConfigError::Invalid { .. } => {
            "Fix the file: it may set only `read_only = true|false`, `journal = \"PATH\"` and \
             `risky_ports = [PORT, …]`."
        }
    };
    Failure::new(e.to_string(), advice)
}

fn init_logging(path: &Path) -> Result<tracing_appender::non_blocking::WorkerGuard> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| {
            Failure::new(
                format!("cannot open the log file {}: {e}", path.display()),
                "Pass --log-file a path in a folder you can write to.",
            )
        })?;
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
