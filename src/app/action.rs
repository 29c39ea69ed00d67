//! Everything that can happen: commands from keys, and finished I/O.

use std::sync::Arc;

use crate::analysis::Signals;
use crate::ec2::{ApiError, Connection, DryRunVerdict, Page, Sent};
use crate::model::{NetworkInterface, PrefixListWithEntries, Rule, SecurityGroup, StaleGroup};
use crate::restore::{PastBatch, RestoreOutcome};

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
    /// Open the picker of profiles and regions.
    OpenPicker,
    /// In the history: preview the restore (undo) of the selected batch.
    Undo,
    /// Start typing the filter.
    OpenFilter,
    /// Show only the rules the filter matches, or every rule again.
    ToggleOnlyMatching,
    /// Mark every rule the filter matches in every group shown.
    MarkMatching,
    /// Back to where the last followed reference was (the trail).
    Back,
    /// Sort the groups pane by the next key (name, id, VPC, rule count).
    Sort,
    /// Show the details of the selected group and rule.
    OpenDetails,
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
    /// A page of `DescribeNetworkInterfaces`, loaded after the inventory.
    InterfacesPage {
        generation: u64,
        result: Result<Page<NetworkInterface>, ApiError>,
    },
    /// The prefix lists the rules use, with their entries.
    PrefixLists {
        generation: u64,
        result: Result<Vec<PrefixListWithEntries>, ApiError>,
    },
    /// The groups of every VPC that hold stale rules.
    StaleGroups {
        generation: u64,
        result: Result<Vec<StaleGroup>, ApiError>,
    },
    /// The signals of the inventory as it stood when they were asked for.
    SignalsComputed {
        version: u64,
        result: Result<Arc<Signals>, String>,
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
    /// The journal's batches, oldest first, read for the history view.
    HistoryLoaded(Result<Vec<PastBatch>, String>),
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
