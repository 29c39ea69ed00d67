//! Judging the inventory: the audit signals, computed on a blocking thread so that keys are
//! handled meanwhile.

use std::sync::Arc;

use super::effects::EffectRunner;
use crate::analysis::{Judged, Policy, Signals};
use crate::app::Action;
use crate::ec2::Ec2;
use crate::inventory::Inventory;

impl<B: Ec2> EffectRunner<B> {
    /// Computes every signal of a snapshot of the inventory; one `SignalsComputed`.
    pub(super) fn compute_signals(
        &self,
        version: u64,
        inventory: Inventory,
        policy: Policy,
        interfaces_known: bool,
    ) {
        let failed = Action::SignalsComputed {
            version,
            result: Err("their computation stopped unexpectedly; see the log file".into()),
        };
        self.guarded(
            async move {
                let signals = tokio::task::spawn_blocking(move || {
                    let network = inventory.network();
                    let judged = Judged {
                        policy: &policy,
                        interfaces_known,
                        stale: &|rule| network.is_stale(rule),
                    };
                    Signals::compute(&inventory, &judged)
                })
                .await;
                let result = signals.map(Arc::new).map_err(|e| {
                    tracing::error!(error = %e, "computing the signals failed");
                    "their computation stopped unexpectedly; see the log file".to_string()
                });
                Action::SignalsComputed { version, result }
            },
            failed,
        );
    }
}
