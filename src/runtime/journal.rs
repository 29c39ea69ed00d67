//! Effect handlers that touch the journal: appending off the async threads, waiting for the
//! writes before quitting, and reading the history.

use std::time::Duration;

use super::effects::EffectRunner;
use crate::app::Action;
use crate::ec2::Ec2;
use crate::journal::Entry;

impl<B: Ec2> EffectRunner<B> {
    /// Appends an entry in the background; a failure comes back as `JournalFailed`. Quitting
    /// waits for these writes ([`Self::finish`]).
    pub(super) fn journal_in_background(&self, entry: Entry) {
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
    pub(super) async fn journal(&self, entry: Entry) -> Result<(), String> {
        let Some(journal) = self.journal.clone() else {
            return Err("there is no journal".into());
        };
        let path = journal.path().display().to_string();
        tokio::task::spawn_blocking(move || journal.append(&entry))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("{path}: {e}"))
    }

    /// Reads the journal's batches for the history; one `HistoryLoaded`.
    pub(super) fn load_history(&self) {
        let (tx, journal) = (self.tx.clone(), self.journal.clone());
        tokio::task::spawn_blocking(move || {
            let batches = match journal {
                None => Err("there is no journal (--journal PATH)".to_string()),
                Some(j) => crate::journal::read(j.path())
                    .map(|lines| {
                        let entries: Vec<Entry> =
                            lines.into_iter().filter_map(Result::ok).collect();
                        crate::restore::history(&entries)
                    })
                    .map_err(|e| format!("{}: {e}", j.path().display())),
            };
            let _ = tx.send(Action::HistoryLoaded(batches));
        });
    }
}
