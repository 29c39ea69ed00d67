//! The event loop and the effect runner: the only place that awaits, touches the terminal or
//! spawns tasks. Keys, ticks and finished I/O all become Actions on one path into `update`.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use color_eyre::Result;
use futures::StreamExt;
use ratatui::{
    DefaultTerminal,
    crossterm::event::{Event, EventStream, KeyEventKind},
};
use tokio::sync::{Semaphore, mpsc};

use crate::app::{Action, App, Effect, JournalBatch, Settings, keymap, update};
use crate::ec2::{
    ApiError, AuthorizeRequest, DryRunVerdict, Ec2, Page, RevokeRequest, Sent, codes,
    revoke_recovering,
};
use crate::journal::{Aborted, BatchOutcome, Entry, Intent, Journal, OutcomeRecord, RestoreRecord};
use crate::restore::{RestoreOutcome, restore_one};
use crate::ui;

/// At most this many revoke or dry-run calls at once: EC2's mutating bucket is 50 burst / 5 per
/// second per account, shared with every other tool.
const CALL_CONCURRENCY: usize = 4;

/// Runs the app on the terminal until the user quits. The terminal is restored on every exit,
/// including a panic (ratatui's hook, installed after color-eyre's).
pub async fn run<B: Ec2>(
    backend: B,
    settings: Settings,
    journal: Option<Arc<Journal>>,
) -> Result<()> {
    let mut terminal = ratatui::try_init().map_err(|e| {
        ratatui::restore();
        color_eyre::eyre::eyre!("sgtui needs an interactive terminal (is this a pipe?): {e}")
    })?;
    let result = event_loop(&mut terminal, Arc::new(backend), settings, journal).await;
    ratatui::restore();
    result
}

async fn event_loop<B: Ec2>(
    terminal: &mut DefaultTerminal,
    backend: Arc<B>,
    settings: Settings,
    journal: Option<Arc<Journal>>,
) -> Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    if let Some(mut notices) = backend.notices() {
        let tx = tx.clone();
        tokio::spawn(async move {
            while let Ok(text) = notices.recv().await {
                if tx.send(Action::Notice(text)).is_err() {
                    break;
                }
            }
        });
    }
    let mut runner = EffectRunner::new(backend, tx);
    if let Some(journal) = journal {
        runner = runner.with_journal(journal);
    }
    let (mut app, effects) = App::new(settings);
    effects.into_iter().for_each(|e| runner.spawn(e));
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    terminal.draw(|f| ui::render(&app, f))?;
    loop {
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                    keymap::action_for(app.mode.kind(), &key)
                }
                Some(Ok(Event::Resize(..))) => Some(Action::Resize),
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            Some(action) = rx.recv() => Some(action),
            _ = tick.tick() => busy(&app).then_some(Action::Tick),
        };
        let Some(action) = action else { continue };
        handle(&mut app, action, &runner);
        // Draw once per batch of finished I/O, not once per page.
        while let Ok(action) = rx.try_recv() {
            handle(&mut app, action, &runner);
        }
        if app.should_quit {
            // The journal must say everything that happened before the process ends.
            runner.finish().await;
            break;
        }
        terminal.draw(|f| ui::render(&app, f))?;
    }
    Ok(())
}

fn busy(app: &App) -> bool {
    use crate::app::Mode;
    app.load.is_running()
        || matches!(&app.mode, Mode::Revoking(_))
        || matches!(&app.mode, Mode::Preview(p) if p.verdicts.iter().any(Option::is_none))
}

fn handle<B: Ec2>(app: &mut App, action: Action, runner: &EffectRunner<B>) {
    tracing::debug!(?action, "action");
    for effect in update(app, action) {
        tracing::info!(?effect, "effect");
        runner.spawn(effect);
    }
}

/// Performs effects on tokio tasks and sends their outcomes back as Actions.
pub struct EffectRunner<B> {
    backend: Arc<B>,
    tx: mpsc::UnboundedSender<Action>,
    limit: Arc<Semaphore>,
    journal: Option<Arc<Journal>>,
    /// Journal writes under way; quitting waits for them.
    writes: Arc<std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>>,
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
            backend,
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

    /// Appends an entry in the background; a failure comes back as `JournalFailed`. Quitting
    /// waits for these writes ([`Self::finish`]).
    fn journal_in_background(&self, entry: Entry) {
        let runner = self.clone();
        let handle = tokio::spawn(async move {
            if let Err(e) = runner.journal(entry).await {
                let _ = runner.tx.send(Action::JournalFailed(e));
            }
        });
        self.writes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(handle);
    }

    /// Waits (at most 10 s) for the journal writes under way, so that quitting loses none.
    pub async fn finish(&self) {
        let writes: Vec<_> =
            std::mem::take(&mut *self.writes.lock().unwrap_or_else(|e| e.into_inner()));
        let all = futures::future::join_all(writes);
        if tokio::time::timeout(Duration::from_secs(10), all)
            .await
            .is_err()
        {
            tracing::error!("journal writes did not finish within 10 s of quitting");
        }
    }

    /// Appends to the journal off the async threads (it waits for the disk).
    async fn journal(&self, entry: Entry) -> Result<(), String> {
        let Some(journal) = self.journal.clone() else {
            return Err("there is no journal".into());
        };
        let path = journal.path().display().to_string();
        tokio::task::spawn_blocking(move || journal.append(&entry))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("{path}: {e}"))
    }

    /// Spawns a task whose result is one Action; if the task panics, `on_panic` is sent instead,
    /// so a broken task never leaves the UI waiting.
    fn guarded(&self, task: impl Future<Output = Action> + Send + 'static, on_panic: Action) {
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

    pub fn spawn(&self, effect: Effect) {
        match effect {
            Effect::LoadInventory { generation } => self.load(generation),
            Effect::DryRun { batch, calls } => {
                for (call, request) in calls {
                    let (backend, limit) = (self.backend.clone(), self.limit.clone());
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
            Effect::Revoke {
                batch,
                calls,
                journal,
            } => {
                let runner = self.clone();
                tokio::spawn(async move { runner.revoke(batch, calls, journal).await });
            }
            Effect::JournalOutcome { batch_id, outcomes } => {
                self.journal_in_background(Entry::Outcome(BatchOutcome::of(batch_id, &outcomes)));
            }
            Effect::JournalAbort { batch_id, reason } => {
                self.journal_in_background(Entry::Aborted(Aborted::new(batch_id, reason)));
            }
            Effect::LoadHistory => {
                let (tx, journal) = (self.tx.clone(), self.journal.clone());
                tokio::task::spawn_blocking(move || {
                    let entries = match journal {
                        None => Err("there is no journal (--journal PATH)".to_string()),
                        Some(j) => crate::journal::read(j.path())
                            .map(|lines| lines.into_iter().filter_map(Result::ok).collect())
                            .map_err(|e| format!("{}: {e}", j.path().display())),
                    };
                    let _ = tx.send(Action::HistoryLoaded(entries));
                });
            }
            Effect::RestoreDryRun { batch, items } => self.restore_calls(batch, items, true),
            Effect::Restore { batch, items } => self.restore_calls(batch, items, false),
            Effect::JournalRestore { of_batch, outcomes } => {
                let records = outcomes
                    .iter()
                    .enumerate()
                    .map(|(i, (id, outcome))| restore_record(i, id, outcome))
                    .collect();
                self.journal_in_background(Entry::Restore(RestoreRecord::new(of_batch, records)));
            }
            Effect::RefreshGroups { batch, group_ids } => {
                let backend = self.backend.clone();
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
        }
    }

    /// Journals a batch's intent, then sends its calls; if the journal cannot be written,
    /// nothing is sent and every call says why.
    async fn revoke(self, batch: u64, calls: Vec<(usize, RevokeRequest)>, journal: JournalBatch) {
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
            let (backend, limit) = (self.backend.clone(), self.limit.clone());
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

    /// Authorize calls of a restore (or their dry runs), bounded like every mutating call.
    fn restore_calls(&self, batch: u64, items: Vec<(usize, AuthorizeRequest)>, dry_run: bool) {
        for (index, request) in items {
            let (backend, limit) = (self.backend.clone(), self.limit.clone());
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
                    action(restore_one(backend.as_ref(), request, dry_run).await)
                },
                failed,
            );
        }
    }

    /// Connects, then streams both describe calls page by page, concurrently.
    fn load(&self, generation: u64) {
        let backend = self.backend.clone();
        let tx = self.tx.clone();
        self.guarded(
            async move {
                let result = backend.connect().await;
                let ok = result.is_ok();
                let _ = tx.send(Action::Connected { generation, result });
                if !ok {
                    return Action::Tick;
                }
                let groups = stream_pages(
                    |token| backend.describe_groups_page(token),
                    |result| Action::GroupsPage { generation, result },
                    &tx,
                );
                let rules = stream_pages(
                    |token| backend.describe_rules_page(token),
                    |result| Action::RulesPage { generation, result },
                    &tx,
                );
                futures::join!(groups, rules);
                Action::Tick
            },
            Action::GroupsPage {
                generation,
                result: Err(task_failed("loading")),
            },
        );
    }
}

/// Fetches every page of a describe call, sending each as an Action as soon as it arrives; an
/// error is sent like a page and ends the stream.
async fn stream_pages<T, Fut>(
    mut fetch: impl FnMut(Option<String>) -> Fut,
    action: impl Fn(Result<Page<T>, ApiError>) -> Action,
    tx: &mpsc::UnboundedSender<Action>,
) where
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut token = None;
    loop {
        let result = fetch(token).await;
        token = result.as_ref().ok().and_then(|p| p.next_token.clone());
        let last = token.is_none();
        let _ = tx.send(action(result));
        if last {
            break;
        }
    }
}

/// A restore outcome as a journal line.
fn restore_record(call: usize, id: &str, outcome: &RestoreOutcome) -> OutcomeRecord {
    let error = match outcome {
        RestoreOutcome::Failed(e) => Some(e),
        _ => None,
    };
    OutcomeRecord {
        call,
        subject: id.to_string(),
        outcome: outcome.label().to_string(),
        code: error.map(|e| e.code.clone()),
        message: error.map(|e| e.message.clone()),
    }
}

fn task_failed(what: &str) -> ApiError {
    ApiError::new(
        codes::TASK_FAILED,
        format!("{what} stopped unexpectedly; see the log file"),
    )
}
