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
}

/// Asks for the signals of the inventory as it stands.
pub(super) fn judge(session: &mut Session) -> Vec<Effect> {
    let judging = &mut session.judging;
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
/// it asks for a signal.
pub(super) fn judged(
    session: &mut Session,
    browse: &mut Browse,
    version: u64,
    result: Result<Arc<Signals>, String>,
) {
    let judging = &mut session.judging;
    if version != judging.asked {
        return;
    }
    judging.computing = false;
    let signals = match result {
        Ok(signals) => signals,
        Err(why) => {
            session.say(
                Level::Warn,
                format!("The audit signals are not shown: {why}."),
            );
            return;
        }
    };
    judging.signals = Some(signals.clone());
    browse.signals = Some(signals);
    if browse.applied.asks_for_signals() {
        let selected = browse
            .selected_group(&session.inventory)
            .map(|g| g.id.clone());
        browse.reselect(&session.inventory, selected);
    }
}
