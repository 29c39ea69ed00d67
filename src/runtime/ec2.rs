//! Effect handlers that talk to EC2: the inventory load (both describe calls streamed page by
//! page, concurrently), dry runs, revokes (journaled first), refreshes and restores.

use futures::StreamExt;

use super::effects::{EffectRunner, task_failed};
use crate::app::{Action, JournalBatch};
use crate::ec2::{
    ApiError, AuthorizeRequest, DryRunVerdict, Ec2, RevokeRequest, Sent, codes,
    prefix_lists_with_entries, revoke_recovering, stale_groups,
};
use crate::journal::{Entry, Intent};
use crate::restore::RestoreOutcome;

impl<B: Ec2> EffectRunner<B> {
    /// Connects, then streams both describe calls page by page, concurrently.
    pub(super) fn load(&self, generation: u64) {
        let backend = self.backend();
        let tx = self.tx.clone();
        self.guarded(
            async move {
                let result = backend.connect().await;
                let ok = result.is_ok();
                let _ = tx.send(Action::Connected { generation, result });
                if !ok {
                    return Action::Tick;
                }
                // Each page is on screen as soon as it arrives; an error ends its stream.
                let groups = backend.groups_pages().for_each(|result| {
                    let _ = tx.send(Action::GroupsPage { generation, result });
                    async {}
                });
                let rules = backend.rules_pages().for_each(|result| {
                    let _ = tx.send(Action::RulesPage { generation, result });
                    async {}
                });
                futures::join!(groups, rules);
                Action::Tick
            },
            Action::GroupsPage {
                generation,
                result: Err(task_failed("loading")),
            },
        );
    }

    /// Streams every network interface page by page and, alongside, describes the prefix
    /// lists the rules use and reads their entries, and the stale groups of every VPC (a few
    /// calls at a time).
    pub(super) fn load_network(&self, generation: u64, ids: Vec<String>, vpcs: Vec<String>) {
        let backend = self.backend();
        let tx = self.tx.clone();
        self.guarded(
            async move {
                let interfaces = backend.interfaces_pages().for_each(|result| {
                    let _ = tx.send(Action::InterfacesPage { generation, result });
                    async {}
                });
                let lists = async {
                    let result = prefix_lists_with_entries(backend.as_ref(), ids).await;
                    let _ = tx.send(Action::PrefixLists { generation, result });
                };
                let stale = async {
                    let result = stale_groups(backend.as_ref(), vpcs).await;
                    let _ = tx.send(Action::StaleGroups { generation, result });
                };
                futures::join!(interfaces, lists, stale);
                Action::Tick
            },
            Action::InterfacesPage {
                generation,
                result: Err(task_failed("loading interfaces")),
            },
        );
    }

    /// Dry-runs every call; one `DryRunDone` per call.
    pub(super) fn dry_run(&self, batch: u64, calls: Vec<(usize, RevokeRequest)>) {
        for (call, request) in calls {
            let (backend, limit) = (self.backend(), self.limit.clone());
            let failed = DryRunVerdict::Failed(task_failed("the dry run"));
            self.guarded(
                async move {
                    let _permit = limit.acquire_owned().await;
                    let result = backend.revoke(request, true).await;
                    Action::DryRunDone {
                        batch,
                        call,
                        verdict: DryRunVerdict::from_result(result),
                    }
                },
                Action::DryRunDone {
                    batch,
                    call,
                    verdict: failed,
                },
            );
        }
    }

    /// Journals a batch's intent, then sends its calls; if the journal cannot be written,
    /// nothing is sent and every call says why.
    pub(super) async fn revoke(
        self,
        batch: u64,
        calls: Vec<(usize, RevokeRequest)>,
        journal: JournalBatch,
    ) {
        let sent: Vec<usize> = calls.iter().map(|(i, _)| *i).collect();
        let intent = Intent::of(journal.batch_id, &journal.connection, &journal.plan, &sent);
        if let Err(e) = self.journal(Entry::Intent(intent)).await {
            let _ = self.tx.send(Action::JournalFailed(e.clone()));
            for (call, _) in calls {
                let error = ApiError::new(
                    codes::NOT_SENT,
                    format!("not sent: the journal could not be written ({e})"),
                );
                let sent = Sent::plain(Err(error));
                let _ = self.tx.send(Action::RevokeDone { batch, call, sent });
            }
            return;
        }
        for (call, request) in calls {
            let (backend, limit) = (self.backend(), self.limit.clone());
            self.guarded(
                async move {
                    let _permit = limit.acquire_owned().await;
                    tracing::info!(?request, "revoke call");
                    let sent = revoke_recovering(backend.as_ref(), request).await;
                    tracing::info!(?sent, "revoke answer");
                    Action::RevokeDone { batch, call, sent }
                },
                Action::RevokeDone {
                    batch,
                    call,
                    sent: Sent::plain(Err(task_failed("the revoke call"))),
                },
            );
        }
    }

    /// Describes the rules of these groups again; one `GroupsRefreshed`.
    pub(super) fn refresh_groups(&self, batch: u64, group_ids: Vec<String>) {
        let backend = self.backend();
        self.guarded(
            async move {
                let result = backend.describe_rules_of_groups(group_ids).await;
                Action::GroupsRefreshed { batch, result }
            },
            Action::GroupsRefreshed {
                batch,
                result: Err(task_failed("the refresh")),
            },
        );
    }

    /// Authorize calls of a restore (or their dry runs), bounded like every mutating call.
    pub(super) fn restore_calls(
        &self,
        batch: u64,
        items: Vec<(usize, AuthorizeRequest)>,
        dry_run: bool,
    ) {
        for (index, request) in items {
            let (backend, limit) = (self.backend(), self.limit.clone());
            let action = move |outcome| {
                if dry_run {
                    Action::RestoreChecked {
                        batch,
                        index,
                        outcome,
                    }
                } else {
                    Action::Restored {
                        batch,
                        index,
                        outcome,
                    }
                }
            };
            let failed = action(RestoreOutcome::Failed(task_failed("the restore call")));
            self.guarded(
                async move {
                    let _permit = limit.acquire_owned().await;
                    let answer = backend.authorize(request, dry_run).await;
                    action(RestoreOutcome::of(dry_run, answer))
                },
                failed,
            );
        }
    }
}
