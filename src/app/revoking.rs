//! A batch under way: its calls answer one by one, then the affected groups are described
//! again and the results screen judges every rule. Quitting waits for the calls (a second
//! quit aborts, and the journal says so).

use super::action::Action;
use super::browse::Browse;
use super::effect::Effect;
use super::results::Results;
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Session};
use super::{Mode, cursor::ListCursor};
use crate::ec2::{ApiError, Sent};
use crate::model::{OutcomeKind as K, Rule, Tally};
use crate::revoke::{CallResult, RevokePlan, report};

pub static SCREEN: Screen = Screen {
    kind: ModeKind::Revoking,
    title: "Revoking",
    typing: false,
    list: false,
    keys: &[],
};

/// Calls under way, then the refresh that judges them.
#[derive(Debug, Clone)]
pub struct Revoking {
    pub batch: u64,
    pub plan: RevokePlan,
    pub results: Vec<Option<CallResult>>,
    pub refreshing: bool,
}

impl Revoking {
    pub fn answered(&self) -> usize {
        self.results.iter().filter(|r| r.is_some()).count()
    }
}

/// Quit during a batch: the first time, once the calls have answered and are journaled; the
/// second time at once, journaling the abort.
pub fn quit(revoking: &Revoking, session: &mut Session) -> Step {
    if session.quit_when_done {
        let reason = format!(
            "quit by the user with {} of {} calls answered; describe the groups to see what happened",
            revoking.answered(),
            revoking.results.len()
        );
        session.should_quit = true;
        let batch_id = session.batch_id(revoking.batch);
        return Step::effects(vec![Effect::JournalAbort { batch_id, reason }]);
    }
    session.quit_when_done = true;
    session.say(
        Level::Warn,
        "Quitting once the calls under way have answered and are journaled. Press again to abort now.",
    );
    Step::stay()
}

/// The batch's own I/O: each call's answer, then the refresh.
pub fn on_answer(
    revoking: &mut Revoking,
    session: &mut Session,
    browse: &mut Browse,
    action: Action,
) -> Step {
    match action {
        Action::RevokeDone { batch, call, sent } => {
            revoke_done(revoking, session, batch, call, sent)
        }
        Action::GroupsRefreshed { batch, result } => {
            groups_refreshed(revoking, session, browse, batch, result)
        }
        _ => Step::stay(),
    }
}

fn revoke_done(
    revoking: &mut Revoking,
    session: &mut Session,
    batch: u64,
    call: usize,
    sent: Sent,
) -> Step {
    if revoking.batch != batch || revoking.refreshing {
        return Step::stay();
    }
    if let Some(slot) = revoking.results.get_mut(call) {
        *slot = Some(CallResult::Sent(sent));
    }
    if revoking.results.iter().any(Option::is_none) {
        return Step::stay();
    }
    revoking.refreshing = true;
    session.say(
        Level::Info,
        "Calls answered; describing the affected groups again…",
    );
    let group_ids = revoking.plan.group_ids();
    Step::effects(vec![Effect::RefreshGroups { batch, group_ids }])
}

/// The refresh after the calls: every rule judged, the inventory updated, the outcome journaled.
fn groups_refreshed(
    revoking: &Revoking,
    session: &mut Session,
    browse: &mut Browse,
    batch: u64,
    result: Result<Vec<Rule>, ApiError>,
) -> Step {
    if revoking.batch != batch || !revoking.refreshing {
        return Step::stay();
    }
    let results: Vec<CallResult> = revoking.results.iter().flatten().cloned().collect();
    let plan = revoking.plan.clone();
    let outcomes = report(&plan, &results, result.as_deref());
    let refresh_error = result.as_ref().err().cloned();
    if let Ok(rules) = result {
        session.inventory.replace_rules_of(&plan.group_ids(), rules);
        session.drop_stale_marks();
    }
    let tally = Tally::of(outcomes.iter().map(|o| o.outcome.kind()));
    let summary = crate::present::revoke::summary(&tally);
    let level = if tally.get(K::Revoked) == outcomes.len() {
        Level::Info
    } else {
        Level::Warn
    };
    session.say(level, summary);
    let journal = Effect::JournalOutcome {
        batch_id: session.batch_id(batch),
        outcomes: outcomes.clone(),
    };
    browse.clamp_cursors(&session.inventory);
    let judge = super::signals::judge(session);
    if session.quit_when_done {
        session.should_quit = true;
    }
    let results = Results {
        plan,
        outcomes,
        refresh_error,
        cursor: ListCursor::default(),
    };
    Step::goto(Mode::Results(results))
        .with(vec![journal])
        .with(judge)
}
