use clap::Parser;

#[tokio::main]
async fn main() -> color_eyre::Result<std::process::ExitCode> {
    // color-eyre first: ratatui::init() then wraps its panic hook to restore the terminal.
    color_eyre::install()?;
    sgtui::run(sgtui::cli::Cli::parse()).await
}
