//! Asking before a command changes anything, and saying why nothing was sent. A question is
//! asked on a terminal only: with standard input a pipe or a file there is no one to answer,
//! so the command refuses unless `--yes` was given.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use color_eyre::{Result, eyre::WrapErr};

/// The exit code when nothing was sent: not confirmed, or read-only.
pub const NOT_SENT: u8 = 4;

/// Whether to go on: `yes` (`--yes`), or `y`/`yes` typed on the terminal after `question`.
/// Otherwise says on stderr why nothing was changed; the caller then exits [`NOT_SENT`].
pub fn confirmed(question: &str, yes: bool) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        eprintln!(
            "sgtui: not confirmed: standard input is not a terminal, so no one can be asked; \
             nothing was changed."
        );
        eprintln!("  Pass --yes to confirm on the command line, or --dry-run to only check.");
        return Ok(false);
    }
    eprint!("{question} [y/N] ");
    let mut answer = String::new();
    stdin
        .lock()
        .read_line(&mut answer)
        .wrap_err("cannot read the answer")?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        return Ok(true);
    }
    if answer.is_empty() {
        // End of input (Ctrl-D): end the prompt's line.
        eprintln!();
    }
    eprintln!("sgtui: not confirmed; nothing was changed.");
    Ok(false)
}

/// Says that read-only forbids sending what `nothing` names, and answers [`NOT_SENT`].
pub fn refused_read_only(nothing: &str) -> ExitCode {
    eprintln!("sgtui: read-only (--read-only, SGTUI_READ_ONLY or the config file): {nothing}.");
    eprintln!("  Use --dry-run to check the calls, or leave read-only to send them.");
    ExitCode::from(NOT_SENT)
}
