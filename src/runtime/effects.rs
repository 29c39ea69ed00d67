//! The effect runner: performs each effect on tokio tasks and sends its outcome back as
//! Actions. This file dispatches; the handlers live beside it by what they touch.

use std::future::Future;
use std::sync::{Arc, PoisonError, RwLock};

use tokio::sync::{Semaphore, mpsc};

use crate::app::{Action, Effect};
use crate::ec2::{ApiError, CALL_CONCURRENCY, Ec2, Target, codes};
use crate::journal::{Aborted, BatchOutcome, Entry, Journal};

/// Performs effects on tokio tasks and sends their outcomes back as Actions.
pub struct EffectRunner<B> {
    /// The backend of the target loaded; the picker (`p`) replaces it. Each effect takes the
    /// one in place when it starts.
    backend: Arc<RwLock<Arc<B>>>,
    pub(super) tx: mpsc::UnboundedSender<Action>,
    pub(super) limit: Arc<Semaphore>,
    pub(super) journal: Option<Arc<Journal>>,
    /// Journal writes under way; quitting waits for them.
    pub(super) writes: Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
}

impl<B> Clone for EffectRunner<B> {
    fn clone(&self) -> Self {
        Self {
            backend: self.backend.clone(),
            tx: self.tx.clone(),
            limit: self.limit.clone(),
            journal: self.journal.clone(),
            writes: self.writes.clone(),
        }
    }
}

impl<B: Ec2> EffectRunner<B> {
    pub fn new(backend: Arc<B>, tx: mpsc::UnboundedSender<Action>) -> Self {
        Self {
            backend: Arc::new(RwLock::new(backend)),
            tx,
            limit: Arc::new(Semaphore::new(CALL_CONCURRENCY)),
            journal: None,
            writes: Arc::default(),
        }
    }

    /// Journals every revoke batch there; without a journal nothing is sent.
    pub fn with_journal(mut self, journal: Arc<Journal>) -> Self {
        self.journal = Some(journal);
        self
    }

    /// The backend in place.
    pub(super) fn backend(&self) -> Arc<B> {
        self.backend
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Says the backend's notices (retries while throttled) in the status bar, until the
    /// backend is replaced.
    pub fn forward_notices(&self) {
        let Some(mut notices) = self.backend().notices() else {
            return;
        };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            while let Ok(text) = notices.recv().await {
                if tx.send(Action::Notice(text)).is_err() {
                    break;
                }
            }
        });
    }

    /// Points the backend at another profile and region: the effects that follow use it.
    fn retarget(&self, target: &Target) {
        let Some(next) = self.backend().retarget(target) else {
            let text = format!("This account cannot be switched to {}.", target.label());
            let _ = self.tx.send(Action::Notice(text));
            return;
        };
        *self.backend.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
        self.forward_notices();
    }

    pub fn spawn(&self, effect: Effect) {
        match effect {
            Effect::Retarget { target } => self.retarget(&target),
            Effect::LoadInventory { generation } => self.load(generation),
            Effect::ComputeSignals {
                version,
                inventory,
                policy,
                interfaces_known,
            } => self.compute_signals(version, inventory, policy, interfaces_known),
            Effect::LoadNetwork {
                generation,
                prefix_lists,
                vpcs,
            } => self.load_network(generation, prefix_lists, vpcs),
            Effect::DryRun { batch, calls } => self.dry_run(batch, calls),
            Effect::Revoke {
                batch,
                calls,
                journal,
            } => {
                let runner = self.clone();
                tokio::spawn(async move { runner.revoke(batch, calls, journal).await });
            }
            Effect::RefreshGroups { batch, group_ids } => self.refresh_groups(batch, group_ids),
            Effect::RestoreDryRun { batch, items } => self.restore_calls(batch, items, true),
            Effect::Restore { batch, items } => self.restore_calls(batch, items, false),
            Effect::JournalOutcome { batch_id, outcomes } => {
                self.journal_in_background(Entry::Outcome(BatchOutcome::of(batch_id, &outcomes)));
            }
            Effect::JournalAbort { batch_id, reason } => {
                self.journal_in_background(Entry::Aborted(Aborted::new(batch_id, reason)));
            }
            Effect::JournalRestore { of_batch, outcomes } => {
                let record = crate::restore::journal_record(of_batch, &outcomes);
                self.journal_in_background(Entry::Restore(record));
            }
            Effect::LoadHistory => self.load_history(),
        }
    }

    /// Spawns a task whose result is one Action; if the task panics, `on_panic` is sent instead,
    /// so a broken task never leaves the UI waiting.
    pub(super) fn guarded(
        &self,
        task: impl Future<Output = Action> + Send + 'static,
        on_panic: Action,
    ) {
        let tx = self.tx.clone();
        let handle = tokio::spawn(task);
        tokio::spawn(async move {
            let action = handle.await.unwrap_or_else(|e| {
                tracing::error!(error = %e, "task failed");
                on_panic
            });
            let _ = tx.send(action);
        });
    }
}

/// The error of a task that stopped without answering.
pub(super) fn task_failed(what: &str) -> ApiError {
    ApiError::new(
        codes::TASK_FAILED,
        format!("{what} stopped unexpectedly; see the log file"),
    )
}
