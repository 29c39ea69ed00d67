//! Marking rules from the browse screen: the rule under the cursor, every rule of a pane, or
//! none. (Every rule a filter matches is marked by the filter, `filter::mark_matching`.)

use super::browse::{Browse, Pane};
use super::session::{Level, Session};

/// Marks the rule under the cursor, or unmarks it, and moves down.
pub(super) fn toggle(browse: &mut Browse, session: &mut Session) {
    let inventory = &session.inventory;
    match browse.rule_under_cursor(inventory).map(|r| r.id.clone()) {
        Some(id) => {
            if !session.marks.remove(&id) {
                session.marks.insert(id);
            }
            let focus = browse.focus;
            let len = focus
                .direction()
                .map_or(0, |d| browse.visible_rules(inventory, d).len());
            browse.cursor_mut(focus).step(1, len);
        }
        None if browse.focus == Pane::Groups => session.say(
            Level::Info,
            "Space marks a rule: press Enter or Tab to reach the group's rules.",
        ),
        None => session.say(Level::Info, "No rule here to mark."),
    }
}

/// Marks every rule of the focused rules pane; when all are marked already, unmarks them.
pub(super) fn all_in_pane(browse: &Browse, session: &mut Session) {
    let Some(direction) = browse.focus.direction() else {
        session.say(
            Level::Info,
            "a marks every rule of the focused rules pane: press Tab to reach one.",
        );
        return;
    };
    let ids: Vec<String> = browse
        .visible_rules(&session.inventory, direction)
        .iter()
        .map(|r| r.id.clone())
        .collect();
    if !ids.is_empty() && ids.iter().all(|id| session.marks.contains(id)) {
        for id in &ids {
            session.marks.remove(id);
        }
        let text = format!("Unmarked {} {} rules.", ids.len(), direction.label());
        session.say(Level::Info, text);
    } else {
        let n = ids.len();
        session.marks.extend(ids);
        session.say(
            Level::Info,
            format!("Marked {n} {} rules.", direction.label()),
        );
    }
}

/// Clears every mark.
pub(super) fn clear(session: &mut Session) {
    let n = session.marks.len();
    session.marks.clear();
    session.say(Level::Info, format!("Cleared {n} marks."));
}
