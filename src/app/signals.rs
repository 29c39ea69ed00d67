//! The session's audit signals: asked for whenever what they judge changes (the inventory, the
//! interfaces, the stale references, a revoke's refresh), computed off the key path by the
//! runtime, and kept only if nothing newer was asked for meanwhile.

use std::sync::Arc;

use super::browse::Browse;
use super::effect::Effect;
use super::session::{Level, Progress, Session};
use crate::analysis::{Policy, Signals};

/// The signals in force and the one being computed.
#[derive(Debug, Clone, Default)]
pub struct Judging {
    /// What the signals judge against (the config file's `risky_ports`).
    pub policy: Policy,
    /// The last signals computed; `None` until the first arrive.
    pub signals: Option<Arc<Signals>>,
    /// The number of the last computation asked for.
    asked: u64,
    /// Whether that computation is under way.
    pub computing: bool,
    /// Whether what the signals judge changed while they were being computed: they are asked
    /// for again once that computation ends, rather than computed twice at once.
    again: bool,
}

impl Judging {
    pub fn new(policy: Policy) -> Self {
        Self {
            policy,
            ..Self::default()
        }
    }

    /// The signals in force, if any have been computed.
    pub fn signals(&self) -> Option<&Signals> {
        self.signals.as_deref()
    }

    /// Forgets the signals, for an inventory loaded from nothing (another target): an answer
    /// to a computation asked for before is dropped.
    pub(super) fn restart(&mut self) {
        self.asked += 1;
        self.signals = None;
        self.computing = false;
        self.again = false;
    }

    /// The number of the computation under way, if one is.
    pub fn under_way(&self) -> Option<u64> {
        self.computing.then_some(self.asked)
    }
}

/// Asks for the signals of the inventory as it stands.
pub(super) fn judge(session: &mut Session) -> Vec<Effect> {
    let judging = &mut session.judging;
    if judging.computing {
        judging.again = true;
        return Vec::new();
    }
    judging.asked += 1;
    judging.computing = true;
    let interfaces_known = matches!(session.load.interfaces, Some(Progress::Done { .. }));
    vec![Effect::ComputeSignals {
        version: judging.asked,
        inventory: session.inventory.clone(),
        policy: judging.policy.clone(),
        interfaces_known,
    }]
}

/// Signals computed: kept if they are the last asked for, and the filter applied again when
/// it asks for a signal. If what they judge changed meanwhile, they are asked for again.
pub(super) fn judged(
    session: &mut Session,
    browse: &mut Browse,
    version: u64,
    result: Result<Arc<Signals>, String>,
) -> Vec<Effect> {
    let judging = &mut session.judging;
    if version != judging.asked {
        return Vec::new();
    }
    judging.computing = false;
    match result {
        Ok(signals) => apply(session, browse, signals),
        Err(why) => session.say(
            Level::Warn,
            format!("The audit signals are not shown: {why}."),
        ),
    }
    if std::mem::take(&mut session.judging.again) {
        judge(session)
    } else {
        Vec::new()
    }
}

/// Puts computed signals in force, for the panes and the filter's signal words.
fn apply(session: &mut Session, browse: &mut Browse, signals: Arc<Signals>) {
    let judging = &mut session.judging;
    judging.signals = Some(signals.clone());
    browse.signals = Some(signals);
    if browse.applied.asks_for_signals() {
        let selected = browse
            .selected_group(&session.inventory)
            .map(|g| g.id.clone());
        browse.reselect(&session.inventory, selected);
    }
}
