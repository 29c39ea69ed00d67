//! Undo: re-create the rules a journaled batch revoked. A dry run of every rule first, then `y`
//! re-creates those allowed (never when read-only or without a journal); `n` changes nothing.

use super::Mode;
use super::action::{Action, Command};
use super::cursor::ListCursor;
use super::effect::{Effect, numbered};
use super::keymap::Key;
use super::keymap::key_table;
use super::keymap::keys::ESC;
use super::load::refresh;
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Session};
use crate::model::{OutcomeKind as K, Tally};
use crate::restore::{RestoreOutcome, RestorePlan};

use Command as C;

pub static SCREEN: Screen = Screen {
    kind: ModeKind::Restore,
    title: "Undo (u)",
    typing: false,
    list: true,
    keys: key_table![
        Confirm: [Key::ch('y')] "confirm: re-create the rules";
        Cancel: [Key::ch('n'), ESC] "cancel, or close when done";
    ],
};

/// Where a restore (undo) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestorePhase {
    /// Dry runs under way.
    Checking,
    /// Waiting for y or n.
    Ready,
    Restoring,
    Done,
}

/// The restore of one batch: its plan and an outcome per rule as they arrive.
#[derive(Debug, Clone)]
pub struct RestoreView {
    pub batch: u64,
    pub plan: RestorePlan,
    pub outcomes: Vec<Option<RestoreOutcome>>,
    pub phase: RestorePhase,
    pub cursor: ListCursor,
}

impl RestoreView {
    pub fn waits_on_io(&self) -> bool {
        matches!(self.phase, RestorePhase::Checking | RestorePhase::Restoring)
    }
}

/// Opens the undo of a planned restore and asks EC2 for a dry run of each rule.
pub fn open(session: &mut Session, plan: RestorePlan) -> Step {
    let batch = session.new_batch();
    let items = numbered(plan.items.iter().map(|item| &item.request), |_| true);
    let view = RestoreView {
        batch,
        outcomes: vec![None; plan.items.len()],
        plan,
        phase: RestorePhase::Checking,
        cursor: ListCursor::default(),
    };
    Step::goto(Mode::Restore(view)).with(vec![Effect::RestoreDryRun { batch, items }])
}

pub fn command(view: &mut RestoreView, session: &mut Session, command: Command) -> Step {
    match command {
        C::Cancel => match view.phase {
            RestorePhase::Restoring => {
                session.say(
                    Level::Warn,
                    "The restore is under way; wait for its answers.",
                );
                Step::stay()
            }
            RestorePhase::Done => Step::goto(Mode::Browse).with(refresh(session)),
            RestorePhase::Checking | RestorePhase::Ready => {
                session.say(Level::Info, "Undo cancelled; nothing was changed.");
                Step::goto(Mode::Browse)
            }
        },
        C::Confirm => confirm(view, session),
        movement => {
            view.cursor.apply(movement, view.plan.items.len());
            Step::stay()
        }
    }
}

/// The undo's own I/O: each rule's dry run, then each re-creation.
pub fn on_answer(view: &mut RestoreView, session: &mut Session, action: Action) -> Step {
    match action {
        Action::RestoreChecked {
            batch,
            index,
            outcome,
        } => checked(view, batch, index, outcome),
        Action::Restored {
            batch,
            index,
            outcome,
        } => restored(view, session, batch, index, outcome),
        _ => Step::stay(),
    }
}

/// The dry run of one rule.
pub fn checked(view: &mut RestoreView, batch: u64, index: usize, outcome: RestoreOutcome) -> Step {
    if view.batch == batch
        && view.phase == RestorePhase::Checking
        && let Some(slot) = view.outcomes.get_mut(index)
    {
        *slot = Some(outcome);
        if view.outcomes.iter().all(Option::is_some) {
            view.phase = RestorePhase::Ready;
        }
    }
    Step::stay()
}

/// Sends the authorize calls whose dry run was allowed; the others keep their verdict.
fn confirm(view: &mut RestoreView, session: &mut Session) -> Step {
    if view.phase != RestorePhase::Ready || !session.may_mutate("re-created") {
        return Step::stay();
    }
    let allowed = |i: usize| matches!(view.outcomes[i], Some(RestoreOutcome::WouldBeAllowed));
    let items = numbered(view.plan.items.iter().map(|item| &item.request), allowed);
    if items.is_empty() {
        session.say(
            Level::Warn,
            "No rule can be re-created: every dry run failed. Esc closes.",
        );
        return Step::stay();
    }
    for (i, _) in &items {
        view.outcomes[*i] = None;
    }
    view.phase = RestorePhase::Restoring;
    session.say(Level::Info, format!("Re-creating {} rules…", items.len()));
    Step::effects(vec![Effect::Restore {
        batch: view.batch,
        items,
    }])
}

/// One rule re-created (or not); once all have answered, the restore is journaled.
pub fn restored(
    view: &mut RestoreView,
    session: &mut Session,
    batch: u64,
    index: usize,
    outcome: RestoreOutcome,
) -> Step {
    if view.batch != batch || view.phase != RestorePhase::Restoring {
        return Step::stay();
    }
    if let Some(slot) = view.outcomes.get_mut(index) {
        *slot = Some(outcome);
    }
    if view.outcomes.iter().any(Option::is_none) {
        return Step::stay();
    }
    view.phase = RestorePhase::Done;
    let outcomes: Vec<(String, RestoreOutcome)> = view
        .plan
        .items
        .iter()
        .zip(view.outcomes.iter().flatten())
        .map(|(item, o)| (item.original_id.clone(), o.clone()))
        .collect();
    let tally = Tally::of(outcomes.iter().map(|(_, o)| o.kind()));
    let failed = tally.get(K::Failed);
    session.say(
        if failed == 0 {
            Level::Info
        } else {
            Level::Warn
        },
        format!(
            "Undo finished: {} restored, {} already present, {failed} failed. Esc refreshes.",
            tally.get(K::Restored),
            tally.get(K::AlreadyPresent),
        ),
    );
    let of_batch = view.plan.batch.clone();
    Step::effects(vec![Effect::JournalRestore { of_batch, outcomes }])
}
