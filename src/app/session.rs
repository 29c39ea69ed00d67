//! The session: what every screen reads. The inventory and its load, the marks, where calls go,
//! the status message and the way out. Screens own everything else.

use std::collections::{BTreeMap, BTreeSet};

use super::signals::Judging;
use crate::analysis::Policy;
use crate::ec2::{ApiError, Connection, Target};
use crate::inventory::Inventory;
use crate::model::{NetworkInterface, Rule};

/// How the app was started; shown in the status bar.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub read_only: bool,
    /// This run's id, the prefix of its journal batch ids.
    pub session: String,
    /// Where batches are journaled, for showing; `None` when there is no journal.
    pub journal: Option<String>,
    /// Something to say as soon as the app starts (e.g. the journal cannot be opened).
    pub startup_warning: Option<String>,
    pub demo: bool,
    /// The snapshot file the account is read from (`--snapshot`): nothing can be revoked.
    pub snapshot: Option<String>,
    /// What the command line and environment say, until the backend has connected.
    pub connection: Connection,
    /// What the audit signals judge against (the config file's `risky_ports`).
    pub policy: Policy,
    /// The profiles and regions the picker (`p`) offers; `None` for an account of its own.
    pub targets: Option<super::picker::Choices>,
    /// The regions shown side by side, when there are several: every id is then scoped to its
    /// region (`ID@REGION`). Empty for one region.
    pub regions: Vec<String>,
}

/// How far one stream of describe pages has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Loading { pages: usize, items: usize },
    Done { pages: usize, items: usize },
    Failed(ApiError),
}

impl Progress {
    pub(super) fn start() -> Self {
        Self::Loading { pages: 0, items: 0 }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading { .. })
    }

    pub fn is_done(&self) -> bool {
        matches!(self, Self::Done { .. })
    }
}

/// A load of the whole inventory. A refresh loads into `staging` and swaps it in when complete,
/// so the screen stays still; the first load streams straight into the live inventory.
#[derive(Debug, Clone)]
pub struct Load {
    pub generation: u64,
    pub connecting: bool,
    pub groups: Progress,
    pub rules: Progress,
    pub staging: Option<Inventory>,
    /// The background loads that follow the inventory: network interfaces and the prefix lists
    /// the rules use. `None` until they start.
    pub interfaces: Option<Progress>,
    pub prefix_lists: Option<Progress>,
    /// `DescribeStaleSecurityGroups` of every VPC.
    pub stale: Option<Progress>,
    /// A refresh's interfaces, swapped in when complete (the old ones stay meanwhile); `None`
    /// when pages go straight in.
    pub interfaces_staging: Option<Vec<NetworkInterface>>,
    /// The regions, among several loaded at once, whose groups or rules could not be read:
    /// what failed (call and error). Their groups are left out; the others are shown.
    pub failed_regions: BTreeMap<String, (&'static str, ApiError)>,
}

impl Load {
    pub(super) fn start(generation: u64, staging: Option<Inventory>) -> Self {
        Self {
            generation,
            connecting: true,
            groups: Progress::start(),
            rules: Progress::start(),
            staging,
            interfaces: None,
            prefix_lists: None,
            stale: None,
            interfaces_staging: None,
            failed_regions: BTreeMap::new(),
        }
    }

    /// Whether the inventory is loading.
    pub fn is_running(&self) -> bool {
        self.connecting || self.groups.is_loading() || self.rules.is_loading()
    }

    /// Whether the interfaces or prefix lists are loading.
    pub fn network_loading(&self) -> bool {
        [&self.interfaces, &self.prefix_lists, &self.stale]
            .into_iter()
            .any(|p| p.as_ref().is_some_and(Progress::is_loading))
    }

    /// Whether anything is loading: the inventory or the loads after it.
    pub fn network_pending(&self) -> bool {
        self.is_running() || self.network_loading()
    }

    /// Whether what `ip:` looks through may still change: the inventory, the interfaces or
    /// the prefix lists are loading.
    pub fn addresses_pending(&self) -> bool {
        self.is_running()
            || [&self.interfaces, &self.prefix_lists]
                .into_iter()
                .any(|p| p.as_ref().is_some_and(Progress::is_loading))
    }

    /// Whether loading the interfaces or the prefix lists failed.
    pub fn network_failed(&self) -> bool {
        [&self.interfaces, &self.prefix_lists]
            .into_iter()
            .any(|p| matches!(p, Some(Progress::Failed(_))))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// The last message of the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
}

/// State every screen shares.
#[derive(Debug, Clone)]
pub struct Session {
    pub settings: Settings,
    pub connection: Connection,
    pub inventory: Inventory,
    pub load: Load,
    /// The audit signals of the inventory.
    pub judging: Judging,
    /// Marked rule ids; they survive moving between groups and refreshing.
    pub marks: BTreeSet<String>,
    /// The marks of the targets left for another in the picker, by target (`PROFILE/REGION`):
    /// they come back with their target.
    pub kept_marks: BTreeMap<String, BTreeSet<String>>,
    pub message: Option<Message>,
    pub spinner: usize,
    pub should_quit: bool,
    /// Quit once the batch under way has answered and is journaled (a first Ctrl-C or q).
    pub quit_when_done: bool,
    next_batch: u64,
}

impl Session {
    /// A session whose first load (generation 1) is about to start.
    pub fn new(settings: Settings) -> Self {
        let message = settings.startup_warning.clone().map(|text| Message {
            level: Level::Warn,
            text,
        });
        let judging = Judging::new(settings.policy.clone());
        Self {
            connection: settings.connection.clone(),
            settings,
            inventory: Inventory::with_text_index(),
            load: Load::start(1, None),
            judging,
            marks: BTreeSet::new(),
            kept_marks: BTreeMap::new(),
            message,
            spinner: 0,
            should_quit: false,
            quit_when_done: false,
            next_batch: 1,
        }
    }

    /// The profile and region on screen, once a region is known.
    pub fn target(&self) -> Option<Target> {
        Some(Target {
            profile: self.connection.profile.clone(),
            region: self.connection.region.clone()?,
        })
    }

    /// Whether several regions are on screen side by side.
    pub fn several_regions(&self) -> bool {
        self.settings.regions.len() > 1
    }

    /// Whether a call of `region` can be sent from here: one of the regions on screen.
    pub fn has_region(&self, region: &str) -> bool {
        if self.several_regions() {
            self.settings.regions.iter().any(|r| r == region)
        } else {
            self.connection
                .region
                .as_deref()
                .is_none_or(|here| here == region)
        }
    }

    pub fn is_marked(&self, rule_id: &str) -> bool {
        self.marks.contains(rule_id)
    }

    /// The marked rules as currently loaded.
    pub fn marked_rules(&self) -> impl Iterator<Item = &Rule> {
        self.marks.iter().filter_map(|id| self.inventory.rule(id))
    }

    /// Drops the marks of rules that are no longer loaded; says how many.
    pub(super) fn drop_stale_marks(&mut self) -> usize {
        let before = self.marks.len();
        let inventory = &self.inventory;
        self.marks.retain(|id| inventory.has_rule(id));
        before - self.marks.len()
    }

    /// A new batch number, for a preview, a revoke or a restore; answers to older batches are
    /// dropped.
    pub(super) fn new_batch(&mut self) -> u64 {
        let batch = self.next_batch;
        self.next_batch += 1;
        batch
    }

    /// A batch's id in the journal: unique across sessions.
    pub fn batch_id(&self, batch: u64) -> String {
        format!("{}-{batch}", self.settings.session)
    }

    pub fn say(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some(Message {
            level,
            text: text.into(),
        });
    }

    /// Whether revokes may even be previewed: not on a snapshot, which can answer no dry run.
    /// Says why not.
    pub fn may_preview(&mut self) -> bool {
        let Some(file) = &self.settings.snapshot else {
            return true;
        };
        let text = format!(
            "A snapshot ({file}) is read-only: nothing can be revoked or dry-run. Run sgtui on \
             the account to revoke."
        );
        self.say(Level::Warn, text);
        false
    }

    /// Whether a mutating call may go out: never read-only, never without a journal. Says why
    /// not.
    pub fn may_mutate(&mut self, what: &str) -> bool {
        if self.settings.read_only {
            self.say(
                Level::Warn,
                format!("Read-only: nothing can be {what}. Esc closes."),
            );
            false
        } else if self.settings.journal.is_none() {
            self.say(
                Level::Error,
                "No journal: nothing is sent without one. Restart with --journal PATH.",
            );
            false
        } else {
            true
        }
    }
}
