//! Application state and the one place it changes: [`update`], synchronous and free of I/O.

mod action;
mod inventory;
pub mod keymap;
mod update;

use std::cell::Cell;
use std::collections::BTreeSet;

pub use action::{Action, Command, Effect, JournalBatch};
pub use inventory::{GroupRules, Inventory};
pub use update::update;

use crate::ec2::{ApiError, Connection, DryRunVerdict};
use crate::journal::Entry;
use crate::model::{Direction, Rule, SecurityGroup};
use crate::restore::{RestoreOutcome, RestorePlan};
use crate::revoke::{CallResult, RevokePlan, RuleOutcome};

/// The three panes of the browse screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Groups,
    Inbound,
    Outbound,
}

impl Pane {
    pub fn direction(self) -> Option<Direction> {
        match self {
            Self::Groups => None,
            Self::Inbound => Some(Direction::Inbound),
            Self::Outbound => Some(Direction::Outbound),
        }
    }
}

/// A cursor in a list. The renderer keeps the scroll offset and the last viewport height in
/// cells: they are view state, not domain state, and only the renderer knows the height.
#[derive(Debug, Clone, Default)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: Cell<usize>,
    pub viewport: Cell<usize>,
}

impl ListCursor {
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// Moves by `delta` rows within a list of `len`.
    pub fn step(&mut self, delta: isize, len: usize) {
        let last = len.saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    pub fn page(&self) -> isize {
        self.viewport.get().max(1) as isize
    }

    /// The first visible row once `selected` is scrolled into a viewport of `height` rows.
    pub fn scroll_into_view(&self, height: usize, len: usize) -> usize {
        self.viewport.set(height);
        let mut offset = self.offset.get().min(len.saturating_sub(height));
        if self.selected < offset {
            offset = self.selected;
        } else if height > 0 && self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        offset
    }
}

/// How far one stream of describe pages has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Loading { pages: usize, items: usize },
    Done { pages: usize, items: usize },
    Failed(ApiError),
}

impl Progress {
    fn start() -> Self {
        Self::Loading { pages: 0, items: 0 }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading { .. })
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
}

impl Load {
    pub fn is_running(&self) -> bool {
        self.connecting || self.groups.is_loading() || self.rules.is_loading()
    }
}

/// The revoke preview: the plan, and a dry-run verdict per call as they arrive.
#[derive(Debug, Clone)]
pub struct Preview {
    pub batch: u64,
    pub plan: RevokePlan,
    pub verdicts: Vec<Option<DryRunVerdict>>,
    pub cursor: ListCursor,
}

/// Calls under way, then the refresh that judges them.
#[derive(Debug, Clone)]
pub struct Revoking {
    pub batch: u64,
    pub plan: RevokePlan,
    pub results: Vec<Option<CallResult>>,
    pub refreshing: bool,
}

/// Per-rule outcome of a finished batch.
#[derive(Debug, Clone)]
pub struct Results {
    pub plan: RevokePlan,
    pub outcomes: Vec<RuleOutcome>,
    pub refresh_error: Option<ApiError>,
    pub cursor: ListCursor,
}

/// Which groups a revoke by rule spec applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    SelectedGroup,
    MarkedGroups,
    AllGroups,
}

impl Scope {
    pub fn next(self) -> Self {
        match self {
            Self::SelectedGroup => Self::MarkedGroups,
            Self::MarkedGroups => Self::AllGroups,
            Self::AllGroups => Self::SelectedGroup,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SelectedGroup => "the selected group",
            Self::MarkedGroups => "every group with marked rules",
            Self::AllGroups => "every group shown (matching the filter)",
        }
    }
}

/// The prompt where a rule spec is typed (`in tcp 22 0.0.0.0/0`).
#[derive(Debug, Clone)]
pub struct SpecPrompt {
    pub input: String,
    pub scope: Scope,
    pub error: Option<String>,
}

/// The history of batches, read from the journal.
#[derive(Debug, Clone)]
pub struct History {
    /// `None` while the journal is being read.
    pub entries: Option<Result<Vec<Entry>, String>>,
    /// (batch id, time, rules), newest first.
    pub batches: Vec<(String, String, usize)>,
    pub cursor: ListCursor,
}

/// Where a restore (undo) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestorePhase {
    /// Dry runs under way.
    Checking,
    /// Waiting for y or n.
    Ready,
    Restoring,
    Done,
}

/// The restore of one batch: its plan and an outcome per rule as they arrive.
#[derive(Debug, Clone)]
pub struct RestoreView {
    pub batch: u64,
    pub plan: RestorePlan,
    pub outcomes: Vec<Option<RestoreOutcome>>,
    pub phase: RestorePhase,
    pub cursor: ListCursor,
}

#[derive(Debug, Clone)]
pub enum Mode {
    Browse,
    History(History),
    Restore(RestoreView),
    /// Typing the groups filter; `previous` comes back on Esc.
    Filter {
        previous: String,
    },
    SpecPrompt(SpecPrompt),
    Help {
        cursor: ListCursor,
    },
    Preview(Preview),
    Revoking(Revoking),
    Results(Results),
}

/// The kind of a mode, for the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeKind {
    Browse,
    History,
    Restore,
    Filter,
    SpecPrompt,
    Help,
    Preview,
    Revoking,
    Results,
}

impl Mode {
    pub fn kind(&self) -> ModeKind {
        match self {
            Self::Browse => ModeKind::Browse,
            Self::History(_) => ModeKind::History,
            Self::Restore(_) => ModeKind::Restore,
            Self::Filter { .. } => ModeKind::Filter,
            Self::SpecPrompt(_) => ModeKind::SpecPrompt,
            Self::Help { .. } => ModeKind::Help,
            Self::Preview(_) => ModeKind::Preview,
            Self::Revoking(_) => ModeKind::Revoking,
            Self::Results(_) => ModeKind::Results,
        }
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
    /// What the command line and environment say, until the backend has connected.
    pub connection: Connection,
}

/// All state of the running app. Rendered by `ui`, changed only by [`update`].
#[derive(Debug, Clone)]
pub struct App {
    pub settings: Settings,
    pub connection: Connection,
    pub inventory: Inventory,
    pub load: Load,
    pub focus: Pane,
    pub groups_cursor: ListCursor,
    /// The groups filter as typed (`/`); empty shows every group.
    pub filter: String,
    /// Positions in `inventory.groups()` of the groups that match the filter, in order.
    visible: Vec<usize>,
    pub inbound_cursor: ListCursor,
    pub outbound_cursor: ListCursor,
    /// Marked rule ids; they survive moving between groups and refreshing.
    pub marks: BTreeSet<String>,
    pub mode: Mode,
    pub message: Option<Message>,
    pub spinner: usize,
    pub should_quit: bool,
    /// Quit once the batch under way has answered and is journaled (a first Ctrl-C or q).
    pub quit_when_done: bool,
    next_batch: u64,
}

impl App {
    /// A new app and the effects to start with (the first load).
    pub fn new(settings: Settings) -> (Self, Vec<Effect>) {
        let message = settings.startup_warning.clone().map(|text| Message {
            level: Level::Warn,
            text,
        });
        let app = Self {
            connection: settings.connection.clone(),
            settings,
            inventory: Inventory::default(),
            load: Load {
                generation: 1,
                connecting: true,
                groups: Progress::start(),
                rules: Progress::start(),
                staging: None,
            },
            focus: Pane::Groups,
            groups_cursor: ListCursor::default(),
            filter: String::new(),
            visible: Vec::new(),
            inbound_cursor: ListCursor::default(),
            outbound_cursor: ListCursor::default(),
            marks: BTreeSet::new(),
            mode: Mode::Browse,
            message,
            spinner: 0,
            should_quit: false,
            quit_when_done: false,
            next_batch: 1,
        };
        (app, vec![Effect::LoadInventory { generation: 1 }])
    }

    /// The groups the groups pane shows: those matching the filter.
    pub fn visible_groups(&self) -> impl Iterator<Item = &SecurityGroup> {
        let groups = self.inventory.groups();
        self.visible.iter().map(move |&i| &groups[i])
    }

    /// The `i`th group shown (callers stay below [`Self::visible_group_count`]).
    pub fn visible_group(&self, i: usize) -> &SecurityGroup {
        &self.inventory.groups()[self.visible[i]]
    }

    pub fn visible_group_count(&self) -> usize {
        self.visible.len()
    }

    /// Recomputes which groups match the filter; after every change to groups or filter.
    fn refilter(&mut self) {
        let needle = self.filter.to_lowercase();
        self.visible = self
            .inventory
            .groups()
            .iter()
            .enumerate()
            .filter(|(_, g)| needle.is_empty() || group_matches(g, &needle))
            .map(|(i, _)| i)
            .collect();
    }

    /// Where a group stands in the groups pane, if the filter shows it.
    fn visible_position(&self, group_id: &str) -> Option<usize> {
        let index = self.inventory.position_of(group_id)?;
        self.visible.iter().position(|&i| i == index)
    }

    pub fn selected_group(&self) -> Option<&SecurityGroup> {
        self.visible_groups().nth(self.groups_cursor.selected)
    }

    /// The rules of the selected group in one direction.
    pub fn visible_rules(&self, direction: Direction) -> &[Rule] {
        match self.selected_group() {
            Some(g) => self.inventory.rules_of(&g.id).of(direction),
            None => &[],
        }
    }

    pub fn cursor(&self, pane: Pane) -> &ListCursor {
        match pane {
            Pane::Groups => &self.groups_cursor,
            Pane::Inbound => &self.inbound_cursor,
            Pane::Outbound => &self.outbound_cursor,
        }
    }

    /// The rule under the cursor of the focused rules pane.
    pub fn rule_under_cursor(&self) -> Option<&Rule> {
        let direction = self.focus.direction()?;
        self.visible_rules(direction)
            .get(self.cursor(self.focus).selected)
    }

    pub fn is_marked(&self, rule_id: &str) -> bool {
        self.marks.contains(rule_id)
    }

    /// The marked rules as currently loaded.
    pub fn marked_rules(&self) -> impl Iterator<Item = &Rule> {
        self.marks.iter().filter_map(|id| self.inventory.rule(id))
    }

    /// The groups a revoke by rule spec applies to, in the order shown.
    pub fn groups_in_scope(&self, scope: Scope) -> Vec<&SecurityGroup> {
        match scope {
            Scope::SelectedGroup => self.selected_group().into_iter().collect(),
            Scope::MarkedGroups => self
                .inventory
                .groups()
                .iter()
                .filter(|g| {
                    let rules = self.inventory.rules_of(&g.id);
                    rules
                        .inbound
                        .iter()
                        .chain(&rules.outbound)
                        .any(|r| self.is_marked(&r.id))
                })
                .collect(),
            Scope::AllGroups => self.visible_groups().collect(),
        }
    }

    /// The name of a group, for showing group references.
    pub fn group_name(&self, group_id: &str) -> Option<&str> {
        self.inventory.group(group_id).map(|g| g.name.as_str())
    }

    fn new_batch(&mut self) -> u64 {
        let batch = self.next_batch;
        self.next_batch += 1;
        batch
    }

    fn say(&mut self, level: Level, text: impl Into<String>) {
        self.message = Some(Message {
            level,
            text: text.into(),
        });
    }
}

/// Whether a group matches a lower-cased filter: in its id, name, description, VPC or tags.
fn group_matches(group: &SecurityGroup, needle: &str) -> bool {
    let has = |s: &str| s.to_lowercase().contains(needle);
    has(&group.id)
        || has(&group.name)
        || has(&group.description)
        || group.vpc_id.as_deref().is_some_and(has)
        || group.tags.iter().any(|(k, v)| has(k) || has(v))
}
