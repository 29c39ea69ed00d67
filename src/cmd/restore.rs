//! `sgtui restore`: plan from the journal, show the plan, confirm, re-create, report. The
//! planning is pure ([`crate::restore`]); the calls and the printing are here.

use std::path::Path;
use std::process::ExitCode;

use color_eyre::Result;

use super::Failure;
use super::calls::bounded;
use super::confirm::{NOT_SENT, confirmed, refused_read_only};
use super::settings::Target;
use crate::cli::{Cli, RestoreArgs};
use crate::ec2::{AwsEc2, AwsOptions, Ec2, Fleet, ReadOnly};
use crate::journal::{self, Entry, Journal};
use crate::model::scope::plain;
use crate::present::inert;
use crate::present::request_line;
use crate::restore::{RestoreOutcome, RestorePlan};

/// Restores the batch `args` names (or the last one), or lists the batches; see
/// `sgtui restore --help` for the exit codes.
pub async fn command(cli: &Cli, args: &RestoreArgs) -> Result<ExitCode> {
    let resolved = super::resolve(cli)?;
    let Target::Aws { options, .. } = resolved.target else {
        return Err(Failure::new(
            "restore re-creates rules in AWS, so --demo, --account-file and --snapshot do not apply to it",
            "Run `sgtui restore` without them: the demo's batches are not restored.",
        )
        .into());
    };
    let path = resolved.journal.ok_or_else(|| {
        Failure::new(
            "no place for the journal: the state folder is unknown",
            "Pass --journal PATH.",
        )
    })?;
    let read = journal::read(&path).map_err(|e| {
        Failure::new(
            format!("cannot read the journal {}: {e}", path.display()),
            "Pass --journal the journal the revokes were written to (the UI shows its path).",
        )
    })?;
    let mut entries = Vec::new();
    for entry in read {
        match entry {
            Ok(entry) => entries.push(entry),
            Err(e) => eprintln!("skipping an unreadable journal line: {}", inert(&e)),
        }
    }
    if args.list {
        for batch in crate::restore::history(&entries) {
            println!(
                "{}  {}  {} rule(s)",
                inert(&batch.id),
                inert(&batch.time),
                batch.rules
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let plan = crate::restore::plan(&entries, args.batch.as_deref()).map_err(|e| {
        Failure::new(
            format!("{e} (in {})", path.display()),
            "List its batches with `sgtui restore --list`.",
        )
    })?;
    print_plan(&plan);
    if plan.items.is_empty() {
        println!("Nothing to restore.");
        return Ok(ExitCode::SUCCESS);
    }
    if resolved.read_only && !args.dry_run {
        return Ok(refused_read_only("nothing is re-created"));
    }
    let question = format!("Re-create {} rule(s)?", plan.items.len());
    if !args.dry_run && !confirmed(&question, args.yes)? {
        return Ok(ExitCode::from(NOT_SENT));
    }
    let regions = plan.regions();
    let outcomes = if regions.len() > 1 {
        // A batch of several regions goes back to each of them, each rule to its own.
        let fleet = Fleet::on_aws(&options, regions);
        let scoped = plan.clone().scoped();
        if resolved.read_only {
            run(&ReadOnly(fleet), &scoped, args.dry_run).await
        } else {
            run(&fleet, &scoped, args.dry_run).await
        }
    } else {
        let options = AwsOptions {
            region: options.region.or_else(|| regions.into_iter().next()),
            ..options
        };
        if resolved.read_only {
            run(&ReadOnly(AwsEc2::new(options)), &plan, args.dry_run).await
        } else {
            run(&AwsEc2::new(options), &plan, args.dry_run).await
        }
    };
    print_outcomes(&plan, &outcomes);
    if !args.dry_run {
        record(&path, &plan, &outcomes)?;
    }
    Ok(if outcomes.iter().any(RestoreOutcome::is_failure) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Re-creates every rule of the plan (or, with `dry_run`, asks whether it would be allowed), a
/// few calls at once; the outcomes are in the plan's order.
pub async fn run<B: Ec2>(backend: &B, plan: &RestorePlan, dry_run: bool) -> Vec<RestoreOutcome> {
    bounded(&plan.items, |item| async move {
        let answer = backend.authorize(item.request.clone(), dry_run).await;
        RestoreOutcome::of(dry_run, answer)
    })
    .await
}

fn print_plan(plan: &RestorePlan) {
    let regions = plan.regions();
    let region = match regions.as_slice() {
        [] => "region ?".to_string(),
        [one] => format!("region {}", inert(one)),
        several => format!("regions {}", inert(&several.join(", "))),
    };
    println!(
        "Batch {} ({}, {region}): {} rule(s) to re-create",
        inert(&plan.batch),
        inert(&plan.time),
        plan.items.len()
    );
    for item in &plan.items {
        let region = match (&item.region, regions.len() > 1) {
            (Some(region), true) => format!("{}  ", inert(region)),
            _ => String::new(),
        };
        println!(
            "  {region}{}  {}",
            inert(&item.original_id),
            request_line(&item.request)
        );
    }
    for (id, why) in &plan.skipped {
        println!("  skipped {}: {}", inert(id), inert(why));
    }
}

fn print_outcomes(plan: &RestorePlan, outcomes: &[RestoreOutcome]) {
    for (item, outcome) in plan.items.iter().zip(outcomes) {
        let new_id = match outcome {
            RestoreOutcome::Restored(Some(id)) => format!(" -> {}", inert(plain(id))),
            _ => String::new(),
        };
        println!(
            "{:<16} {}{new_id}  {}",
            outcome.label(),
            inert(&item.original_id),
            request_line(&item.request)
        );
        if let RestoreOutcome::Failed(e) = outcome {
            println!("{:<16} {} {}", "", inert(&e.to_string()), e.hint());
        }
    }
}

/// Journals what the restore did, so that the history shows it.
fn record(path: &Path, plan: &RestorePlan, outcomes: &[RestoreOutcome]) -> Result<()> {
    let outcomes: Vec<(String, RestoreOutcome)> = plan
        .items
        .iter()
        .map(|item| item.original_id.clone())
        .zip(outcomes.iter().cloned())
        .collect();
    let record = crate::restore::journal_record(plan.batch.clone(), &outcomes);
    Journal::open(path)
        .and_then(|j| j.append(&Entry::Restore(record)))
        .map_err(|e| {
            Failure::new(
                format!(
                    "the restore was done but not journaled in {}: {e}",
                    path.display()
                ),
                "The outcomes above are what happened; check that the journal can be written.",
            )
            .into()
        })
}
