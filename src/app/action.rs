use crate::ec2::{
    ApiError, AuthorizeRequest, Connection, DryRunVerdict, Page, RevokeRequest, Sent,
};
use crate::journal::Entry;
use crate::model::{Rule, SecurityGroup};
use crate::restore::RestoreOutcome;
use crate::revoke::{RevokePlan, RuleOutcome};

/// What the user asks for; keys map to these through the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Quit,
    NextPane,
    PrevPane,
    Down,
    Up,
    First,
    Last,
    PageDown,
    PageUp,
    Enter,
    ToggleMark,
    MarkAll,
    ClearMarks,
    OpenPreview,
    Confirm,
    Cancel,
    Close,
    Refresh,
    Help,
    /// Open the history of batches from the journal.
    OpenHistory,
    /// In the history: preview the restore (undo) of the selected batch.
    Undo,
    /// Start typing the groups filter.
    OpenFilter,
    /// Show every group again.
    ClearFilter,
    /// Open the prompt for a revoke by rule spec.
    OpenSpecPrompt,
    /// In the prompt: preview the typed spec.
    Submit,
    /// In the prompt: next scope (selected group, groups with marks, every group).
    NextScope,
    /// In the prompt: delete the last character.
    DeleteChar,
}

/// Everything that can happen: a command, or a finished piece of I/O. Results carry the
/// generation or batch they belong to, so that late answers to an abandoned request are dropped.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Command(Command),
    /// A character typed into the spec prompt.
    Input(char),
    /// The terminal was resized; nothing to change but a redraw.
    Resize,
    /// A timer tick, for the loading spinner.
    Tick,
    Connected {
        generation: u64,
        result: Result<Connection, ApiError>,
    },
    GroupsPage {
        generation: u64,
        result: Result<Page<SecurityGroup>, ApiError>,
    },
    RulesPage {
        generation: u64,
        result: Result<Page<Rule>, ApiError>,
    },
    DryRunDone {
        batch: u64,
        call: usize,
        verdict: DryRunVerdict,
    },
    RevokeDone {
        batch: u64,
        call: usize,
        sent: Sent,
    },
    GroupsRefreshed {
        batch: u64,
        result: Result<Vec<Rule>, ApiError>,
    },
    /// The journal could not be written.
    JournalFailed(String),
    /// Something the backend tells while calls are under way (a retry).
    Notice(String),
    /// The journal, read for the history view.
    HistoryLoaded(Result<Vec<Entry>, String>),
    /// The dry run of one rule of a restore.
    RestoreChecked {
        batch: u64,
        index: usize,
        outcome: RestoreOutcome,
    },
    /// One rule of a restore, re-created or not.
    Restored {
        batch: u64,
        index: usize,
        outcome: RestoreOutcome,
    },
}

/// What the journal needs to record a batch's intent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalBatch {
    /// Unique across sessions: the session's id and the batch number.
    pub batch_id: String,
    pub plan: RevokePlan,
    pub connection: Connection,
}

/// I/O that `update` asks for; the runtime performs it and answers with Actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Connect, then load every group and rule, page by page, both concurrently.
    LoadInventory { generation: u64 },
    /// Dry-run every call; one `DryRunDone` per call.
    DryRun {
        batch: u64,
        calls: Vec<(usize, RevokeRequest)>,
    },
    /// Journal the intent, then send the calls (bounded concurrency); one `RevokeDone` per
    /// call. If the intent cannot be journaled, nothing is sent.
    Revoke {
        batch: u64,
        calls: Vec<(usize, RevokeRequest)>,
        journal: JournalBatch,
    },
    /// Journal what became of a batch.
    JournalOutcome {
        batch_id: String,
        outcomes: Vec<RuleOutcome>,
    },
    /// Read the journal; one `HistoryLoaded`.
    LoadHistory,
    /// Dry-run the authorize calls of a restore; one `RestoreChecked` per rule.
    RestoreDryRun {
        batch: u64,
        items: Vec<(usize, AuthorizeRequest)>,
    },
    /// Re-create rules; one `Restored` per rule.
    Restore {
        batch: u64,
        items: Vec<(usize, AuthorizeRequest)>,
    },
    /// Journal that the user quit before a batch's calls all answered.
    JournalAbort { batch_id: String, reason: String },
    /// Journal what a restore of `of_batch` did (rule's old id and outcome).
    JournalRestore {
        of_batch: String,
        outcomes: Vec<(String, RestoreOutcome)>,
    },
    /// Describe the rules of these groups again; one `GroupsRefreshed`.
    RefreshGroups { batch: u64, group_ids: Vec<String> },
}
