use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    let result = async {
        // color-eyre first: ratatui::init() then wraps its panic hook to restore the terminal.
        sgtui::cmd::install_hooks()?;
        sgtui::run(sgtui::cli::Cli::parse()).await
    };
    sgtui::cmd::finish(result.await)
}
