//! The browse screen, always underneath the others: groups on top, the selected group's inbound
//! and outbound rules below. Its state is the view (focus, cursors, the groups the filter
//! shows); opening the other screens starts here, and marking (`marking.rs`).

use super::action::Command;
use super::cursor::ListCursor;
use super::effect::Effect;
use super::filter::SortKey;
use super::keymap::Key;
use super::keymap::key_table;
use super::keymap::keys::{BACK_TAB, BACKSPACE, ENTER, ESC, SPACE, TAB};
use super::load::refresh;
use super::picker;
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Session};
use super::trail::Place;
use super::{Mode, details, filter, help, history, marking, preview, spec_prompt, trail};
use std::sync::Arc;

use crate::analysis::{Hit, Matcher, Signals};
use crate::inventory::Inventory;
use crate::model::lang::Filter;
use crate::model::{Direction, Rule, SecurityGroup};
use crate::revoke::RevokePlan;

use Command as C;

pub static SCREEN: Screen = Screen {
    kind: ModeKind::Browse,
    title: "Browse",
    typing: false,
    list: true,
    keys: key_table![
        NextPane: [TAB] "next pane";
        PrevPane: [BACK_TAB] "previous pane";
        Enter: [ENTER] "on a group: its rules; on a rule to a group: go there";
        Back: [BACKSPACE, Key::ch('-')] "back to where the last jump started";
        Sort: [Key::ch('s')] "sort groups by name / id / VPC / rule count";
        OpenDetails: [Key::ch('i')] "details of the selected group and rule";
        ToggleMark: [SPACE] "mark/unmark the rule under the cursor";
        MarkAll: [Key::ch('a')] "mark every rule in the focused rules pane (again: unmark)";
        ClearMarks: [Key::ch('c')] "clear all marks";
        OpenPreview: [Key::ch('d')] "revoke preview (dry run) of all marked rules";
        Refresh: [Key::ch('r')] "refresh everything";
        Help: [Key::ch('?')] "help";
        OpenHistory: [Key::ch('h')] "history of revoke batches (journal), to undo one";
        OpenPicker: [Key::ch('p')] "pick another profile and region (the marks here are kept)";
        OpenFilter: [Key::ch('/')] "filter rules and groups (ip: port: dir: risky unused…)";
        ToggleOnlyMatching: [Key::ch('f')] "rule panes: only the rules the filter matches / all";
        MarkMatching: [Key::ch('A')] "mark every rule the filter matches, in every group shown";
        ClearFilter: [ESC] "clear the filter";
        OpenSpecPrompt: [Key::ch('R')] "revoke by rule spec (in tcp 22 0.0.0.0/0) in many groups";
    ],
};

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

    pub fn of(direction: Direction) -> Self {
        match direction {
            Direction::Inbound => Self::Inbound,
            Direction::Outbound => Self::Outbound,
        }
    }
}

/// One row of a rule pane: where the rule stands in its group's rules, and whether the filter
/// matches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRow {
    pub index: usize,
    pub hit: Option<Hit>,
}

/// The browse screen's view of the inventory.
#[derive(Debug, Clone)]
pub struct Browse {
    pub focus: Pane,
    pub groups_cursor: ListCursor,
    pub inbound_cursor: ListCursor,
    pub outbound_cursor: ListCursor,
    /// The filter as typed (`/`); empty shows every group and rule.
    pub filter: String,
    /// The last valid filter: the one in force.
    pub applied: Filter,
    /// The signals the filter's signal words are judged by (those of the session).
    pub signals: Option<Arc<Signals>>,
    /// The rule panes show only the rules the filter matches (`f`).
    pub only_matching: bool,
    /// How many rules of the groups shown the filter matches.
    pub matching_rules: usize,
    /// Positions in the inventory's groups of those that match the filter, in order.
    pub(super) visible: Vec<usize>,
    /// The rows of the selected group's inbound and outbound panes.
    pub(super) rows: [Vec<RuleRow>; 2],
    /// The order of the groups pane.
    pub sort: SortKey,
    /// Where each followed reference started, the last at the end.
    pub trail: Vec<Place>,
}

impl Default for Browse {
    fn default() -> Self {
        Self {
            focus: Pane::Groups,
            groups_cursor: ListCursor::default(),
            inbound_cursor: ListCursor::default(),
            outbound_cursor: ListCursor::default(),
            filter: String::new(),
            applied: Filter::default(),
            signals: None,
            only_matching: false,
            matching_rules: 0,
            visible: Vec::new(),
            rows: Default::default(),
            sort: SortKey::default(),
            trail: Vec::new(),
        }
    }
}

impl Browse {
    /// The groups the groups pane shows: those matching the filter.
    pub fn visible_groups<'a>(
        &'a self,
        inventory: &'a Inventory,
    ) -> impl Iterator<Item = &'a SecurityGroup> {
        let groups = inventory.groups();
        self.visible.iter().map(move |&i| &groups[i])
    }

    /// The `i`th group shown (callers stay below [`Self::visible_group_count`]).
    pub fn visible_group<'a>(&self, inventory: &'a Inventory, i: usize) -> &'a SecurityGroup {
        &inventory.groups()[self.visible[i]]
    }

    pub fn visible_group_count(&self) -> usize {
        self.visible.len()
    }

    /// Where a group stands in the groups pane, if the filter shows it.
    pub(super) fn visible_position(&self, inventory: &Inventory, group_id: &str) -> Option<usize> {
        let index = inventory.position_of(group_id)?;
        self.visible.iter().position(|&i| i == index)
    }

    pub fn selected_group<'a>(&self, inventory: &'a Inventory) -> Option<&'a SecurityGroup> {
        let i = *self.visible.get(self.groups_cursor.selected)?;
        inventory.groups().get(i)
    }

    /// The rules a pane of the selected group shows: all of them, or those the filter matches.
    pub fn visible_rules<'a>(
        &self,
        inventory: &'a Inventory,
        direction: Direction,
    ) -> Vec<&'a Rule> {
        let Some(group) = self.selected_group(inventory) else {
            return Vec::new();
        };
        let rules = inventory.rules_of(&group.id).of(direction);
        self.rows(direction)
            .iter()
            .filter_map(|row| rules.get(row.index))
            .collect()
    }

    /// The rows of a rule pane, in the order shown.
    pub fn rows(&self, direction: Direction) -> &[RuleRow] {
        &self.rows[direction as usize]
    }

    /// Whether a filter is in force.
    pub fn filtering(&self) -> bool {
        !self.applied.is_empty()
    }

    /// Rebuilds the selected group's rule rows from the inventory and the filter.
    fn build_rows(&mut self, inventory: &Inventory) {
        let rows = match self.selected_group(inventory) {
            None => Default::default(),
            Some(group) => {
                let matcher = Matcher::new(&self.applied, inventory.network())
                    .with_signals(self.signals.as_deref());
                let filtering = self.filtering();
                let rules = inventory.rules_of(&group.id);
                [Direction::Inbound, Direction::Outbound].map(|direction| {
                    rules
                        .of(direction)
                        .iter()
                        .enumerate()
                        .filter_map(|(index, rule)| {
                            let hit = filtering.then(|| matcher.rule(group, rule)).flatten();
                            let shown = !(filtering && self.only_matching) || hit.is_some();
                            shown.then_some(RuleRow { index, hit })
                        })
                        .collect()
                })
            }
        };
        self.rows = rows;
    }

    pub fn cursor(&self, pane: Pane) -> &ListCursor {
        match pane {
            Pane::Groups => &self.groups_cursor,
            Pane::Inbound => &self.inbound_cursor,
            Pane::Outbound => &self.outbound_cursor,
        }
    }

    pub(super) fn cursor_mut(&mut self, pane: Pane) -> &mut ListCursor {
        match pane {
            Pane::Groups => &mut self.groups_cursor,
            Pane::Inbound => &mut self.inbound_cursor,
            Pane::Outbound => &mut self.outbound_cursor,
        }
    }

    /// The rule under the cursor of the focused rules pane.
    pub fn rule_under_cursor<'a>(&self, inventory: &'a Inventory) -> Option<&'a Rule> {
        let direction = self.focus.direction()?;
        self.visible_rules(inventory, direction)
            .get(self.cursor(self.focus).selected)
            .copied()
    }

    /// How the filter matched the rule under the cursor, if it did.
    pub fn hit_under_cursor(&self) -> Option<&Hit> {
        let direction = self.focus.direction()?;
        self.rows(direction)
            .get(self.cursor(self.focus).selected)?
            .hit
            .as_ref()
    }

    /// Keeps the same group selected across a change of groups, where it is still shown.
    /// Back to the top of a new inventory (another target): the filter, its mode and the sort
    /// stay; cursors, the trail and the signals go.
    pub(super) fn restart(&mut self, inventory: &Inventory) {
        *self = Self {
            filter: std::mem::take(&mut self.filter),
            applied: std::mem::take(&mut self.applied),
            only_matching: self.only_matching,
            sort: self.sort,
            ..Self::default()
        };
        filter::refilter(self, inventory);
    }

    pub(super) fn reselect(&mut self, inventory: &Inventory, group_id: Option<String>) {
        filter::refilter(self, inventory);
        if let Some(pos) = group_id.and_then(|id| self.visible_position(inventory, &id)) {
            self.groups_cursor.selected = pos;
        }
        self.clamp_cursors(inventory);
    }

    /// After any change to the inventory, the filter or the selection: the rule rows rebuilt and
    /// every cursor inside its list.
    pub(super) fn clamp_cursors(&mut self, inventory: &Inventory) {
        self.groups_cursor.clamp(self.visible_group_count());
        self.build_rows(inventory);
        let inbound = self.visible_rules(inventory, Direction::Inbound).len();
        let outbound = self.visible_rules(inventory, Direction::Outbound).len();
        self.inbound_cursor.clamp(inbound);
        self.outbound_cursor.clamp(outbound);
    }
}

/// A command on the browse screen.
pub fn command(browse: &mut Browse, session: &mut Session, command: Command) -> Step {
    let inventory = &session.inventory;
    match command {
        C::NextPane | C::PrevPane => {
            let order = [Pane::Groups, Pane::Inbound, Pane::Outbound];
            let i = order.iter().position(|p| *p == browse.focus).unwrap_or(0);
            let step = if command == C::NextPane { 1 } else { 2 };
            browse.focus = order[(i + step) % 3];
        }
        C::Down | C::Up | C::First | C::Last | C::PageDown | C::PageUp => {
            let len = match browse.focus.direction() {
                None => browse.visible_group_count(),
                Some(d) => browse.visible_rules(inventory, d).len(),
            };
            let before = browse.groups_cursor.selected;
            let focus = browse.focus;
            browse.cursor_mut(focus).apply(command, len);
            if focus == Pane::Groups && browse.groups_cursor.selected != before {
                browse.inbound_cursor = ListCursor::default();
                browse.outbound_cursor = ListCursor::default();
                browse.clamp_cursors(inventory);
            }
        }
        C::Enter if browse.focus == Pane::Groups && browse.selected_group(inventory).is_some() => {
            browse.focus = Pane::Inbound;
        }
        C::Enter if browse.focus != Pane::Groups => trail::follow(browse, session),
        C::Back => trail::back(browse, session),
        C::Sort => {
            browse.sort = browse.sort.next();
            let selected = browse.selected_group(inventory).map(|g| g.id.clone());
            browse.reselect(inventory, selected);
            let text = format!("Groups sorted by {}.", browse.sort.label());
            session.say(Level::Info, text);
        }
        C::ToggleMark => marking::toggle(browse, session),
        C::MarkAll => marking::all_in_pane(browse, session),
        C::ClearMarks => marking::clear(session),
        // A snapshot answers no dry run: say so instead.
        C::OpenPreview | C::OpenSpecPrompt if session.settings.snapshot.is_some() => {
            session.may_preview();
        }
        C::OpenPreview => {
            let plan = RevokePlan::by_rule_ids(session.marked_rules());
            if plan.calls.is_empty() {
                session.say(
                    Level::Info,
                    "Nothing is marked: Space marks the rule under the cursor.",
                );
                return Step::stay();
            }
            return preview::open(session, plan);
        }
        C::OpenPicker => return picker::open(session),
        C::OpenHistory => {
            return Step::goto(Mode::History(history::History::reading()))
                .with(vec![Effect::LoadHistory]);
        }
        C::OpenFilter => return Step::goto(Mode::Filter(filter::FilterPrompt::over(browse))),
        C::ClearFilter if !browse.filter.is_empty() || browse.filtering() => {
            browse.filter.clear();
            browse.applied = Filter::default();
            filter::filter_changed(browse, inventory);
        }
        C::ToggleOnlyMatching => filter::toggle_only_matching(browse, session),
        C::MarkMatching => filter::mark_matching(browse, session),
        C::OpenSpecPrompt => {
            let prompt = spec_prompt::SpecPrompt::new(!session.marks.is_empty());
            return Step::goto(Mode::SpecPrompt(prompt));
        }
        C::Refresh => return Step::effects(refresh(session)),
        C::Help => return Step::goto(Mode::Help(help::Help::default())),
        C::OpenDetails => return details::open(browse, session),
        _ => {}
    }
    Step::stay()
}
