//! The filter prompt (`/`): typing narrows the groups and rules live; Enter keeps, Esc
//! restores. A term that does not parse is said at once, and the last valid filter stays.

use super::action::Command;
use super::browse::{Browse, SortKey};
use super::cursor::ListCursor;
use super::inventory::Inventory;
use super::keymap::key_table;
use super::keymap::keys::{BACKSPACE, ENTER, ESC};
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Session};
use super::{Mode, PROMPT_MAX_CHARS};
use crate::analysis::{Matcher, NoAddresses};
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
    let matcher = Matcher::new(&browse.applied, &NoAddresses);
    let mut matching = 0;
    browse.visible = inventory
        .groups()
        .iter()
        .enumerate()
        .filter_map(|(i, group)| {
            let rules = inventory.rules_of(&group.id);
            let found = matcher.group(group, rules.inbound.iter().chain(&rules.outbound));
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
