//! The history of revoke batches, read from the journal, newest first; `u` previews the undo of
//! the selected one.

use super::action::{Action, Command};
use super::cursor::ListCursor;
use super::keymap::Key;
use super::keymap::key_table;
use super::keymap::keys::ESC;
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Session};
use super::{Mode, undo};
use crate::restore::PastBatch;

use Command as C;

pub static SCREEN: Screen = Screen {
    kind: ModeKind::History,
    title: "History (h)",
    typing: false,
    list: true,
    keys: key_table![
        Undo: [Key::ch('u')] "undo the selected batch: preview (dry run) its restore";
        Close: [ESC] "close";
    ],
};

/// Where reading the journal stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalRead {
    Reading,
    Read,
    Failed(String),
}

/// The history of batches, read from the journal.
#[derive(Debug, Clone)]
pub struct History {
    pub journal: JournalRead,
    /// The journal's batches, newest first.
    pub batches: Vec<PastBatch>,
    pub cursor: ListCursor,
}

impl History {
    /// The history while the journal is being read.
    pub fn reading() -> Self {
        Self {
            journal: JournalRead::Reading,
            batches: Vec::new(),
            cursor: ListCursor::default(),
        }
    }

    pub fn waits_on_io(&self) -> bool {
        self.journal == JournalRead::Reading
    }

    /// The journal's batches (oldest first, as read) or why it could not be read.
    pub fn loaded(&mut self, read: Result<Vec<PastBatch>, String>) -> Step {
        match read {
            Ok(batches) => {
                self.batches = batches.into_iter().rev().collect();
                self.journal = JournalRead::Read;
            }
            Err(e) => {
                self.batches.clear();
                self.journal = JournalRead::Failed(e);
            }
        }
        Step::stay()
    }
}

/// The history's own I/O: the journal, read.
pub fn on_answer(history: &mut History, action: Action) -> Step {
    match action {
        Action::HistoryLoaded(read) => history.loaded(read),
        _ => Step::stay(),
    }
}

pub fn command(history: &mut History, session: &mut Session, command: Command) -> Step {
    match command {
        C::Close => Step::goto(Mode::Browse),
        C::Undo => undo_selected(history, session),
        movement => {
            history.cursor.apply(movement, history.batches.len());
            Step::stay()
        }
    }
}

/// Previews the undo of the batch under the cursor.
fn undo_selected(history: &History, session: &mut Session) -> Step {
    if history.journal != JournalRead::Read || !session.may_preview() {
        return Step::stay();
    }
    let Some(batch) = history.batches.get(history.cursor.selected) else {
        session.say(Level::Info, "The journal has no batch to undo.");
        return Step::stay();
    };
    // Its calls go to the regions on screen: a batch of another region is undone there.
    let regions = batch.restore.regions();
    if let Some(away) = regions.iter().find(|r| !session.has_region(r)) {
        let here = (session.connection.region.clone()).unwrap_or_else(|| "no region".into());
        let text = format!(
            "Batch {} was sent in {}, and {here} is on screen: pick {away} with p (or run \
             sgtui --region {}) to undo it.",
            batch.id,
            regions.join(", "),
            regions.join(" --region "),
        );
        session.say(Level::Warn, text);
        return Step::stay();
    }
    if batch.restore.items.is_empty() {
        session.say(
            Level::Info,
            "Nothing to restore: this batch revoked no rule.",
        );
        return Step::stay();
    }
    let plan = if session.several_regions() {
        batch.restore.clone().scoped()
    } else {
        batch.restore.clone()
    };
    undo::open(session, plan)
}
