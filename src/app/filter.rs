//! The filter prompt (`/`): typing narrows the groups and rules live; Enter keeps, Esc
//! restores. A term that does not parse is said at once, and the last valid filter stays.

use super::action::Command;
use super::browse::Browse;
use super::cursor::ListCursor;
use super::keymap::key_table;
use super::keymap::keys::{BACKSPACE, ENTER, ESC};
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Session};
use super::{Mode, PROMPT_MAX_CHARS};
use crate::analysis::Matcher;
use crate::inventory::Inventory;
use crate::model::lang::Filter;

use Command as C;

pub static SCREEN: Screen = Screen {
    kind: ModeKind::Filter,
    title: "Filter (/)",
    typing: true,
    list: false,
    keys: key_table![
        Submit: [ENTER] "keep the filter";
        Cancel: [ESC] "back to the filter as it was";
        DeleteChar: [BACKSPACE] "delete a character";
    ],
};

/// The filter being typed; the filter itself lives in the browse screen, which shows it live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterPrompt {
    /// The filter as it was, for Esc.
    pub previous: String,
    /// Why the text typed is not a valid filter, naming the term.
    pub error: Option<String>,
}

impl FilterPrompt {
    pub fn over(browse: &Browse) -> Self {
        Self {
            previous: browse.filter.clone(),
            error: None,
        }
    }
}

pub fn input(prompt: &mut FilterPrompt, browse: &mut Browse, session: &mut Session, c: char) {
    if !c.is_control() && browse.filter.chars().count() < PROMPT_MAX_CHARS {
        browse.filter.push(c);
        typed(prompt, browse, session);
    }
}

pub fn command(
    prompt: &mut FilterPrompt,
    browse: &mut Browse,
    session: &mut Session,
    command: Command,
) -> Step {
    match command {
        C::DeleteChar => {
            browse.filter.pop();
            typed(prompt, browse, session);
            Step::stay()
        }
        C::Submit if prompt.error.is_some() => {
            session.say(
                Level::Warn,
                "Fix the term (or Esc for the filter as it was): the filter in force is the last valid one.",
            );
            Step::stay()
        }
        C::Submit => Step::goto(Mode::Browse),
        C::Cancel => {
            browse.filter = std::mem::take(&mut prompt.previous);
            prompt.error = None;
            typed(prompt, browse, session);
            Step::goto(Mode::Browse)
        }
        _ => Step::stay(),
    }
}

/// The text changed: its valid terms are applied at once; a term that does not parse is left
/// out of the filter in force, and the status bar names it and says what is expected.
fn typed(prompt: &mut FilterPrompt, browse: &mut Browse, session: &mut Session) {
    let (filter, error) = Filter::parse_valid(&browse.filter);
    browse.applied = filter;
    filter_changed(browse, &session.inventory);
    match error {
        None => {
            if prompt.error.take().is_some() {
                session.message = None;
            }
        }
        Some(e) => {
            let text = format!("{e}. The filter in force leaves this term out.");
            prompt.error = Some(e.to_string());
            session.say(Level::Warn, text);
        }
    }
}

/// Recomputes which groups the filter shows and how many rules it matches; after every change
/// to the inventory or the filter.
pub(super) fn refilter(browse: &mut Browse, inventory: &Inventory) {
    if !browse.filtering() {
        browse.visible = (0..inventory.groups().len()).collect();
        browse.matching_rules = inventory.rule_count();
        sort(browse, inventory);
        return;
    }
    let matcher = Matcher::new(&browse.applied, inventory.network())
        .with_signals(browse.signals.as_deref())
        .with_text(inventory.text());
    let mut matching = 0;
    browse.visible = inventory
        .groups()
        .iter()
        .enumerate()
        .filter_map(|(i, group)| {
            let found = matcher.group_in(group, inventory.rules_of(&group.id));
            matching += found.rules;
            found.shown.then_some(i)
        })
        .collect();
    browse.matching_rules = matching;
    sort(browse, inventory);
}

/// Orders the groups shown by the browse screen's sort key; the inventory keeps them by name.
fn sort(browse: &mut Browse, inventory: &Inventory) {
    let groups = inventory.groups();
    match browse.sort {
        SortKey::Name => {}
        SortKey::Id => browse
            .visible
            .sort_by(|&a, &b| groups[a].id.cmp(&groups[b].id)),
        SortKey::Vpc => browse
            .visible
            .sort_by(|&a, &b| groups[a].vpc_id.cmp(&groups[b].vpc_id)),
        SortKey::Rules => browse.visible.sort_by_key(|&i| {
            let rules = inventory.rules_of(&groups[i].id);
            std::cmp::Reverse(rules.inbound.len() + rules.outbound.len())
        }),
    }
}

/// After the filter changed: the same group stays selected where it is still shown.
pub(super) fn filter_changed(browse: &mut Browse, inventory: &Inventory) {
    let selected = browse.selected_group(inventory).map(|g| g.id.clone());
    refilter(browse, inventory);
    match selected.and_then(|id| browse.visible_position(inventory, &id)) {
        Some(pos) => browse.groups_cursor.selected = pos,
        None => {
            browse.groups_cursor = ListCursor::default();
            browse.inbound_cursor = ListCursor::default();
            browse.outbound_cursor = ListCursor::default();
        }
    }
    browse.clamp_cursors(inventory);
}

/// How the groups pane is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Name,
    Id,
    Vpc,
    /// Most rules first.
    Rules,
}

impl SortKey {
    pub fn next(self) -> Self {
        match self {
            Self::Name => Self::Id,
            Self::Id => Self::Vpc,
            Self::Vpc => Self::Rules,
            Self::Rules => Self::Name,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Id => "id",
            Self::Vpc => "VPC",
            Self::Rules => "rule count",
        }
    }
}

pub(super) fn toggle_only_matching(browse: &mut Browse, session: &mut Session) {
    if !browse.filtering() {
        session.say(
            Level::Info,
            "f shows only the rules a filter matches: type one with / first.",
        );
        return;
    }
    browse.only_matching = !browse.only_matching;
    browse.clamp_cursors(&session.inventory);
    let text = if browse.only_matching {
        "The rule panes show only the rules the filter matches (f: all)."
    } else {
        "The rule panes show every rule; the filter's matches are marked » (f: only those)."
    };
    session.say(Level::Info, text);
}

/// Marks every rule the filter matches in every group shown; never without a filter.
pub(super) fn mark_matching(browse: &Browse, session: &mut Session) {
    if !browse.filtering() {
        session.say(
            Level::Info,
            "A marks the rules a filter matches: type one with / first.",
        );
        return;
    }
    let inventory = &session.inventory;
    let matcher =
        Matcher::new(&browse.applied, inventory.network()).with_signals(browse.signals.as_deref());
    let mut ids = Vec::new();
    let mut groups = 0;
    for group in browse.visible_groups(inventory) {
        let rules = inventory.rules_of(&group.id);
        let before = ids.len();
        ids.extend(
            rules
                .all()
                .filter(|r| matcher.rule(group, r).is_some())
                .map(|r| r.id.clone()),
        );
        groups += usize::from(ids.len() > before);
    }
    let n = ids.len();
    session.marks.extend(ids);
    let text = format!(
        "Marked {n} rules matching the filter across {groups} groups; {} marked in all. d previews.",
        session.marks.len()
    );
    session.say(Level::Info, text);
}
