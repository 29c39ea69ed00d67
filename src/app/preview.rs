//! The revoke preview: the plan, one dry-run verdict per call as they arrive, and the question.
//! `y` sends the calls the dry run allowed (never when read-only or without a journal); `n`
//! changes nothing.

use super::Mode;
use super::action::{Action, Command};
use super::cursor::ListCursor;
use super::effect::{Effect, JournalBatch, numbered};
use super::keymap::Key;
use super::keymap::key_table;
use super::keymap::keys::ESC;
use super::revoking::Revoking;
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Session};
use crate::ec2::DryRunVerdict;
use crate::revoke::{CallResult, RevokePlan};

use Command as C;

pub static SCREEN: Screen = Screen {
    kind: ModeKind::Preview,
    title: "Revoke preview",
    typing: false,
    list: true,
    keys: key_table![
        Confirm: [Key::ch('y')] "confirm: send the revoke calls";
        Cancel: [Key::ch('n'), ESC] "cancel: change nothing";
    ],
};

/// The revoke preview: the plan, and a dry-run verdict per call as they arrive.
#[derive(Debug, Clone)]
pub struct Preview {
    pub batch: u64,
    pub plan: RevokePlan,
    pub verdicts: Vec<Option<DryRunVerdict>>,
    pub cursor: ListCursor,
}

impl Preview {
    pub fn waits_on_io(&self) -> bool {
        self.verdicts.iter().any(Option::is_none)
    }

    /// The calls whose dry run allowed them.
    pub fn allowed(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|v| matches!(v, Some(DryRunVerdict::Allowed)))
            .count()
    }
}

/// Opens the preview of a plan and asks EC2 for a dry run of every call.
pub fn open(session: &mut Session, plan: RevokePlan) -> Step {
    let batch = session.new_batch();
    let calls = numbered(plan.calls.iter().map(|c| &c.request), |_| true);
    let preview = Preview {
        batch,
        verdicts: vec![None; plan.calls.len()],
        plan,
        cursor: ListCursor::default(),
    };
    Step::goto(Mode::Preview(preview)).with(vec![Effect::DryRun { batch, calls }])
}

/// The preview's own I/O: the dry-run verdicts.
pub fn on_answer(preview: &mut Preview, action: Action) -> Step {
    match action {
        Action::DryRunDone {
            batch,
            call,
            verdict,
        } => dry_run_done(preview, batch, call, verdict),
        _ => Step::stay(),
    }
}

fn dry_run_done(preview: &mut Preview, batch: u64, call: usize, verdict: DryRunVerdict) -> Step {
    if preview.batch == batch
        && let Some(slot) = preview.verdicts.get_mut(call)
    {
        *slot = Some(verdict);
    }
    Step::stay()
}

pub fn command(preview: &mut Preview, session: &mut Session, command: Command) -> Step {
    match command {
        C::Cancel => {
            session.say(Level::Info, "Revoke cancelled; nothing was changed.");
            Step::goto(Mode::Browse)
        }
        C::Confirm => confirm(preview, session),
        movement => {
            let len = preview.plan.calls.len() + preview.plan.rule_count();
            preview.cursor.apply(movement, len);
            Step::stay()
        }
    }
}

/// Sends the calls whose dry run was allowed; the others are held back with their verdict.
fn confirm(preview: &Preview, session: &mut Session) -> Step {
    if !session.may_mutate("confirmed") {
        return Step::stay();
    }
    if preview.waits_on_io() {
        session.say(
            Level::Info,
            "Waiting for the dry-run verdicts before anything can be sent.",
        );
        return Step::stay();
    }
    let held: Vec<Option<CallResult>> = preview
        .verdicts
        .iter()
        .map(|v| v.as_ref().and_then(CallResult::held_back))
        .collect();
    let requests = preview.plan.calls.iter().map(|c| &c.request);
    let calls = numbered(requests, |i| held[i].is_none());
    if calls.is_empty() {
        session.say(
            Level::Warn,
            "No call can be sent: every dry run was denied or failed. Esc closes the preview.",
        );
        return Step::stay();
    }
    let batch = preview.batch;
    session.say(
        Level::Info,
        format!("Sending {} revoke calls…", calls.len()),
    );
    let journal = JournalBatch {
        batch_id: session.batch_id(batch),
        plan: preview.plan.clone(),
        connection: session.connection.clone(),
    };
    let revoking = Revoking {
        batch,
        plan: preview.plan.clone(),
        results: held,
        refreshing: false,
    };
    Step::goto(Mode::Revoking(revoking)).with(vec![Effect::Revoke {
        batch,
        calls,
        journal,
    }])
}
