//! The filter prompt (`/`): typing narrows the groups pane live; Enter keeps, Esc restores.

use super::action::Command;
use super::browse::Browse;
use super::cursor::ListCursor;
use super::inventory::Inventory;
use super::keymap::key_table;
use super::keymap::keys::{BACKSPACE, ENTER, ESC};
use super::screen::{ModeKind, Screen, Step};
use super::{Mode, PROMPT_MAX_CHARS};
use crate::model::SecurityGroup;

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
}

impl FilterPrompt {
    pub fn over(browse: &Browse) -> Self {
        Self {
            previous: browse.filter.clone(),
        }
    }
}

pub fn input(browse: &mut Browse, inventory: &Inventory, c: char) {
    if !c.is_control() && browse.filter.chars().count() < PROMPT_MAX_CHARS {
        browse.filter.push(c);
        filter_changed(browse, inventory);
    }
}

pub fn command(
    prompt: &mut FilterPrompt,
    browse: &mut Browse,
    inventory: &Inventory,
    command: Command,
) -> Step {
    match command {
        C::DeleteChar => {
            browse.filter.pop();
            filter_changed(browse, inventory);
            Step::stay()
        }
        C::Submit => Step::goto(Mode::Browse),
        C::Cancel => {
            browse.filter = std::mem::take(&mut prompt.previous);
            filter_changed(browse, inventory);
            Step::goto(Mode::Browse)
        }
        _ => Step::stay(),
    }
}

/// Recomputes which groups match the filter; after every change to groups or filter.
pub(super) fn refilter(browse: &mut Browse, inventory: &Inventory) {
    let needle = browse.filter.to_lowercase();
    browse.visible = inventory
        .groups()
        .iter()
        .enumerate()
        .filter(|(_, g)| needle.is_empty() || group_matches(g, &needle))
        .map(|(i, _)| i)
        .collect();
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

/// Whether a group matches a lower-cased filter: in its id, name, description, VPC or tags.
fn group_matches(group: &SecurityGroup, needle: &str) -> bool {
    let has = |s: &str| s.to_lowercase().contains(needle);
    has(&group.id)
        || has(&group.name)
        || has(&group.description)
        || group.vpc_id.as_deref().is_some_and(has)
        || group.tags.iter().any(|(k, v)| has(k) || has(v))
}
