//! The I/O that `update` asks for; the runtime performs it and answers with Actions.

use crate::analysis::Policy;
use crate::ec2::{AuthorizeRequest, Connection, RevokeRequest, Target};
use crate::inventory::Inventory;
use crate::restore::RestoreOutcome;
use crate::revoke::{RevokePlan, RuleOutcome};

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
    /// Point the backend at another profile and region (the picker): the effects that follow
    /// go there.
    Retarget { target: Target },
    /// Connect, then load every group and rule, page by page, both concurrently.
    LoadInventory { generation: u64 },
    /// Once the inventory is in: every network interface, page by page, and the prefix lists
    /// named here with their entries; `InterfacesPage`s and one `PrefixLists`.
    LoadNetwork {
        generation: u64,
        prefix_lists: Vec<String>,
        /// The VPCs whose stale groups to describe; one `StaleGroups`.
        vpcs: Vec<String>,
    },
    /// Judge this snapshot of the inventory off the key path; one `SignalsComputed`.
    ComputeSignals {
        version: u64,
        inventory: Inventory,
        policy: Policy,
        /// Whether every network interface is loaded, so that "unused" can be said.
        interfaces_known: bool,
    },
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

/// Requests numbered by their place in a plan, keeping those whose number `keep` accepts: each
/// answer comes back with its number, so that it lands on the right line of the screen.
pub(super) fn numbered<'a, T: Clone + 'a>(
    requests: impl IntoIterator<Item = &'a T>,
    keep: impl Fn(usize) -> bool,
) -> Vec<(usize, T)> {
    requests
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(i, r)| (i, r.clone()))
        .collect()
}
