//! `sgtui revoke`: rules named by id, by a rule spec in some groups, or by a filter, revoked
//! without the TUI and in the TUI's order. Loaded and judged as `export` loads
//! ([`super::headless`]), planned as the TUI plans ([`select`]); every call dry-run, the plan
//! and the verdicts printed ([`text`]); then, once confirmed, the intent journaled, the calls
//! the dry run allowed sent and the groups described again ([`calls`]), each rule's outcome
//! printed and journaled.

pub mod calls;
pub mod select;
pub mod text;

use std::path::Path;
use std::process::ExitCode;

use color_eyre::Result;

use super::Failure;
use super::confirm::{NOT_SENT, confirmed, refused_read_only};
use super::failure::failing_with;
use super::headless::{self, Judgement, OnBackend, USAGE};
use crate::analysis::Policy;
use crate::cli::{Cli, RevokeArgs};
use crate::ec2::{DryRunVerdict, Ec2};
use crate::journal::{Aborted, BatchOutcome, Entry, Intent, Journal};
use crate::present::{inert, revoke::question};
use crate::revoke::RevokePlan;
use select::{Parsed, Selection};

/// A rule was not revoked; with `--dry-run`, a call would not be allowed.
const NOT_REVOKED: u8 = 1;
/// Ctrl-C while the calls were under way (128 + SIGINT, as shells say it).
const INTERRUPTED: u8 = 130;
/// Any other failure: a config or account file that cannot be used, a journal not written.
const FAILED: u8 = 5;

/// Revokes what `args` names; see `sgtui revoke --help` for the exit codes.
pub async fn command(cli: &Cli, args: &RevokeArgs) -> Result<ExitCode> {
    let Parsed { selection, notes } = match Selection::parse(args) {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("sgtui: {e}");
            return Ok(ExitCode::from(USAGE));
        }
    };
    for note in notes {
        eprintln!("sgtui: note: {}", inert(&note));
    }
    let result = match super::resolve(cli) {
        Ok(resolved) => {
            let revoke = Revoke {
                selection: &selection,
                policy: &resolved.policy,
                journal: resolved.journal.as_deref(),
                read_only: resolved.read_only,
                dry_run: args.dry_run,
                yes: args.yes,
            };
            headless::on_target(resolved.target, resolved.read_only, revoke).await
        }
        Err(report) => Err(report),
    };
    // Exit 1 means a rule was not revoked: every other failure has a code of its own.
    Ok(failing_with(FAILED, result))
}

/// What to revoke, and how far to go.
struct Revoke<'a> {
    selection: &'a Selection,
    policy: &'a Policy,
    journal: Option<&'a Path>,
    read_only: bool,
    dry_run: bool,
    yes: bool,
}

impl OnBackend for Revoke<'_> {
    /// Loads, plans, dry-runs and prints; then asks, journals, sends, judges and prints.
    async fn run<B: Ec2>(self, backend: &B) -> Result<ExitCode> {
        let Judgement { loaded, signals } =
            match headless::judge(backend, self.policy, "revoke", None).await {
                Ok(judgement) => judgement,
                Err(code) => return Ok(code),
            };
        let inventory = &loaded.inventory;
        let plan = match self.selection.plan(inventory, &signals) {
            Ok(plan) => plan,
            Err(Failure { message, advice }) => {
                eprintln!("sgtui: {message}\n  {advice}");
                return Ok(ExitCode::from(USAGE));
            }
        };
        println!("{}", text::where_line(&loaded.connection));
        if plan.rule_count() == 0 {
            if !plan.calls.is_empty() {
                print(text::plan(&plan, &[], inventory, &signals));
            }
            println!("Nothing to revoke: no rule is selected; nothing was sent.");
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "sgtui: asking EC2 for {} dry-run verdict(s)",
            plan.calls.len()
        );
        let verdicts = calls::dry_run(backend, &plan).await;
        print(text::plan(&plan, &verdicts, inventory, &signals));
        let allowed = text::allowed(&verdicts);
        if self.dry_run {
            println!("Dry run only: nothing was changed.");
            return Ok(code(allowed < plan.calls.len()));
        }
        if allowed == 0 {
            println!("No call is allowed by its dry run: nothing was sent.");
            return Ok(ExitCode::from(NOT_REVOKED));
        }
        if self.read_only {
            return Ok(refused_read_only("nothing is revoked"));
        }
        let (journal, path) = self.open_journal()?;
        let question = question(allowed_rules(&plan, &verdicts), allowed);
        if !confirmed(&question, self.yes)? {
            return Ok(ExitCode::from(NOT_SENT));
        }
        let batch = format!("{}-1", super::tui::session_id());
        let sent: Vec<usize> = (verdicts.iter().enumerate())
            .filter(|(_, v)| matches!(v, DryRunVerdict::Allowed))
            .map(|(i, _)| i)
            .collect();
        let intent = Intent::of(batch.clone(), &loaded.connection, &plan, &sent);
        journal.append(&Entry::Intent(intent)).map_err(|e| {
            Failure::new(
                format!("cannot write the journal {}: {e}", path.display()),
                "Nothing was sent. Pass --journal a file you can write to.",
            )
        })?;
        eprintln!(
            "sgtui: journaled as batch {batch} in {}; sending {allowed} call(s)",
            path.display()
        );
        let sending = async {
            let results = calls::send(backend, &plan, &verdicts).await;
            eprintln!("sgtui: calls answered; describing the groups again");
            calls::judged(backend, &plan, &results).await
        };
        let (outcomes, refresh_error) = tokio::select! {
            done = sending => done,
            () = interrupted() => return aborted(&journal, path, batch),
        };
        if let Some(e) = refresh_error {
            eprintln!(
                "sgtui: warning: the groups could not be described again ({}): the outcomes are \
                 unverified",
                inert(&e.to_string())
            );
        }
        print(text::outcomes(&plan, &outcomes, inventory));
        journal
            .append(&Entry::Outcome(BatchOutcome::of(batch, &outcomes)))
            .map_err(|e| {
                Failure::new(
                    format!(
                        "the revoke was done but its outcome not journaled in {}: {e}",
                        path.display()
                    ),
                    "The outcomes above are what happened; check that the journal can be written.",
                )
            })?;
        Ok(code(outcomes.iter().any(|o| o.outcome.is_failure())))
    }
}

impl Revoke<'_> {
    /// The journal, opened before anything is asked or sent.
    fn open_journal(&self) -> Result<(Journal, &Path), Failure> {
        let path = self.journal.ok_or_else(|| {
            Failure::new(
                "no place for the journal: the state folder is unknown; nothing was sent",
                "Pass --journal PATH.",
            )
        })?;
        let journal = Journal::open(path).map_err(|e| {
            Failure::new(
                format!(
                    "cannot open the journal {}: {e}; nothing was sent",
                    path.display()
                ),
                "Pass --journal a file you can write to.",
            )
        })?;
        Ok((journal, path))
    }
}

/// Resolves on Ctrl-C (SIGINT); never, where it cannot be listened for.
async fn interrupted() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Ctrl-C while the calls were under way: the batch is journaled as aborted (what was sent
/// may or may not have happened), which is said, with how to know what did.
fn aborted(journal: &Journal, path: &Path, batch: String) -> Result<ExitCode> {
    let reason = "interrupted (Ctrl-C) while the calls were under way: what was sent may or \
                  may not have happened; describe the groups to know";
    let written = journal.append(&Entry::Aborted(Aborted::new(batch.clone(), reason.into())));
    match written {
        Ok(()) => eprintln!(
            "sgtui: interrupted: batch {batch} is journaled as aborted in {}; what was sent may \
             or may not have happened (`sgtui export --filter sg:GROUP` shows what is left, \
             `sgtui restore --batch {batch}` re-creates what went)",
            path.display()
        ),
        Err(e) => eprintln!(
            "sgtui: interrupted: batch {batch} could not be journaled as aborted in {} ({e}); \
             what was sent may or may not have happened",
            path.display()
        ),
    }
    Ok(ExitCode::from(INTERRUPTED))
}

/// The rules named by the calls the dry run allowed.
fn allowed_rules(plan: &RevokePlan, verdicts: &[DryRunVerdict]) -> usize {
    (plan.calls.iter().zip(verdicts))
        .filter(|(_, v)| matches!(v, DryRunVerdict::Allowed))
        .map(|(c, _)| c.rules.len())
        .sum()
}

fn code(not_revoked: bool) -> ExitCode {
    if not_revoked {
        ExitCode::from(NOT_REVOKED)
    } else {
        ExitCode::SUCCESS
    }
}

fn print(lines: Vec<String>) {
    for line in lines {
        println!("{line}");
    }
}
