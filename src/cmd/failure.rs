//! Failures said to people: what went wrong and what to do, in plain lines on stderr. With
//! `RUST_BACKTRACE` set, developers get color-eyre's full report instead.

use std::io::IsTerminal;
use std::process::ExitCode;

use color_eyre::config::{HookBuilder, Theme};
use color_eyre::{Report, Result};

use crate::present::inert;

/// A failure the user can act on: the message names what went wrong (and the file), the advice
/// says what to do.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub message: String,
    pub advice: String,
}

impl Failure {
    pub fn new(message: impl Into<String>, advice: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            advice: advice.into(),
        }
    }
}

/// Installs color-eyre's report and panic hooks, without colours unless stderr is a terminal.
/// Install it first: `ratatui::init()` then wraps the panic hook to restore the terminal.
pub fn install_hooks() -> Result<()> {
    let theme = if std::io::stderr().is_terminal() {
        Theme::dark()
    } else {
        Theme::new()
    };
    HookBuilder::default().theme(theme).install()
}

/// Whether `RUST_BACKTRACE` asks for developers' reports (set, and not `0`).
pub fn wants_full_report() -> bool {
    std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0")
}

/// The exit code of a command's result; a failure is first said on stderr.
pub fn finish(result: Result<ExitCode>) -> ExitCode {
    failing_with(1, result)
}

/// The exit code of a command's result, `code` for a failure, which is first said on stderr:
/// for the commands whose exit 1 means something else.
pub fn failing_with(code: u8, result: Result<ExitCode>) -> ExitCode {
    match result {
        Ok(exit) => exit,
        Err(report) => {
            eprint!("{}", render(&report, wants_full_report()));
            ExitCode::from(code)
        }
    }
}

/// What stderr says of a failure: `sgtui: <message>` and an indented advice line, with every
/// untrusted part made inert; or, when `full`, the whole report.
pub fn render(report: &Report, full: bool) -> String {
    if full {
        return format!("Error: {report:?}\n");
    }
    match report.chain().find_map(|e| e.downcast_ref::<Failure>()) {
        Some(f) => format!("sgtui: {}\n  {}\n", inert(&f.message), inert(&f.advice)),
        None => {
            let causes: Vec<String> = report.chain().map(|e| e.to_string()).collect();
            format!("sgtui: {}\n", inert(&causes.join(": ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use color_eyre::eyre::{WrapErr, eyre};

    use super::{Failure, render};

    #[test]
    fn a_failure_is_its_message_and_its_advice() {
        let report = color_eyre::Report::new(Failure::new(
            "cannot read the account file /x.json: not found",
            "Pass --account-file an existing file.",
        ));
        assert_eq!(
            render(&report, false),
            "sgtui: cannot read the account file /x.json: not found\n  \
             Pass --account-file an existing file.\n"
        );
    }

    #[test]
    fn a_failure_under_context_is_still_found() {
        let report: color_eyre::Result<()> =
            Err(Failure::new("inner", "do this")).wrap_err("outer");
        assert_eq!(
            render(&report.unwrap_err(), false),
            "sgtui: inner\n  do this\n"
        );
    }

    #[test]
    fn other_errors_are_one_line_of_their_causes_made_inert() {
        let report: color_eyre::Result<()> =
            Err(eyre!("bad\x1b[31m\nthing")).wrap_err("while doing it");
        let text = render(&report.unwrap_err(), false);
        assert_eq!(text, "sgtui: while doing it: bad\\x1b[31m\\nthing\n");
    }

    #[test]
    fn the_full_report_is_the_debug_report() {
        let report = color_eyre::Report::new(Failure::new("what", "advice"));
        let text = render(&report, true);
        assert!(text.starts_with("Error: "), "{text}");
        assert!(text.contains("what"), "{text}");
    }
}
