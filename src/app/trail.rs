//! Following references: Enter on a rule whose peer is a group jumps to that group, and Back
//! returns along a short trail, with a filter that had to be set aside.

use super::browse::{Browse, Pane};
use super::cursor::ListCursor;
use super::filter;
use super::session::{Level, Session};
use crate::inventory::Inventory;
use crate::model::Peer;
use crate::model::lang::Filter;
use crate::present::{self, inert};

/// Where the user was before following a reference: enough to come back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub group_id: String,
    pub focus: Pane,
    pub rule_rows: [usize; 2],
    /// The filter, when it had to be set aside to show the referenced group.
    pub filter: Option<(String, Filter)>,
}

/// How many jumps the trail remembers.
const TRAIL: usize = 20;

/// Enter on a rule whose peer is a group: select that group (setting aside a filter that hides
/// it) and remember where this started, for Back.
pub(super) fn follow(browse: &mut Browse, session: &mut Session) {
    let inventory = &session.inventory;
    let Some(rule) = browse.rule_under_cursor(inventory) else {
        return;
    };
    let Peer::Group(reference) = &rule.peer else {
        session.say(
            Level::Info,
            "Enter follows a rule whose peer is a group; this one's peer is not.",
        );
        return;
    };
    let Some(target) = inventory.group(&reference.group_id) else {
        let text = format!(
            "{} is not among this region's groups (another account's, or across a peering); nothing to jump to.",
            inert(&reference.group_id)
        );
        session.say(Level::Info, text);
        return;
    };
    let target = target.id.clone();
    let mut place = Place {
        group_id: rule.group_id.clone(),
        focus: browse.focus,
        rule_rows: [
            browse.inbound_cursor.selected,
            browse.outbound_cursor.selected,
        ],
        filter: None,
    };
    let hidden = browse.visible_position(inventory, &target).is_none();
    if hidden {
        place.filter = Some((
            std::mem::take(&mut browse.filter),
            std::mem::take(&mut browse.applied),
        ));
    }
    if browse.trail.len() == TRAIL {
        browse.trail.remove(0);
    }
    browse.trail.push(place);
    go_to(browse, inventory, &target, Pane::Inbound, [0, 0]);
    let name = present::group_label(&target, inventory);
    let aside = if hidden {
        " The filter hid it and is set aside until you go back."
    } else {
        ""
    };
    let text = format!("Jumped to {name}.{aside} Backspace or - goes back.");
    session.say(Level::Info, text);
}

/// Back to where the last jump started, with its filter if it was set aside.
pub(super) fn back(browse: &mut Browse, session: &mut Session) {
    let Some(place) = browse.trail.pop() else {
        session.say(
            Level::Info,
            "Nothing to go back to: Enter on a rule to a group jumps there.",
        );
        return;
    };
    if let Some((text, applied)) = place.filter {
        browse.filter = text;
        browse.applied = applied;
    }
    let inventory = &session.inventory;
    go_to(
        browse,
        inventory,
        &place.group_id,
        place.focus,
        place.rule_rows,
    );
    let text = format!(
        "Back at {}{}.",
        present::group_label(&place.group_id, inventory),
        match browse.trail.len() {
            0 => String::new(),
            n => format!(" ({n} more step{} back)", if n == 1 { "" } else { "s" }),
        }
    );
    session.say(Level::Info, text);
}

/// Selects a group (it must be shown), focuses a pane and puts the rule cursors back.
fn go_to(
    browse: &mut Browse,
    inventory: &Inventory,
    group_id: &str,
    focus: Pane,
    rows: [usize; 2],
) {
    filter::refilter(browse, inventory);
    if let Some(pos) = browse.visible_position(inventory, group_id) {
        browse.groups_cursor.selected = pos;
    }
    browse.focus = focus;
    browse.inbound_cursor = ListCursor::default();
    browse.outbound_cursor = ListCursor::default();
    browse.inbound_cursor.selected = rows[0];
    browse.outbound_cursor.selected = rows[1];
    browse.clamp_cursors(inventory);
}
