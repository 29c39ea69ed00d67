//! Details (`i`): everything known of the selected group and of the rule under the cursor, and
//! the groups whose rules reference this one.

use super::Mode;
use super::action::Command;
use super::browse::Browse;
use super::cursor::ListCursor;
use super::inventory::Inventory;
use super::keymap::Key;
use super::keymap::key_table;
use super::keymap::keys::{ENTER, ESC};
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Session};
use crate::model::Peer;
use crate::present;

use Command as C;

pub static SCREEN: Screen = Screen {
    kind: ModeKind::Details,
    title: "Details (i)",
    typing: false,
    list: true,
    keys: key_table![
        Close: [ESC, ENTER, Key::ch('i')] "close";
    ],
};

/// One part of the details: a title and its lines, each a label and a value (untrusted values
/// are made inert when drawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: &'static str,
    pub lines: Vec<(String, String)>,
}

/// What the details view shows, taken when it opened: the selected group, the rule under the
/// cursor, and the groups whose rules reference this one.
#[derive(Debug, Clone)]
pub struct Details {
    pub sections: Vec<Section>,
    pub cursor: ListCursor,
}

impl Details {
    /// The details of the selected group (and the rule under the cursor), if a group is
    /// selected.
    pub fn of_selection(browse: &Browse, inventory: &Inventory) -> Option<Self> {
        let group = browse.selected_group(inventory)?;
        let line = |label: &str, value: &str| (label.to_string(), value.to_string());
        let mut sections = vec![Section {
            title: "Security group",
            lines: vec![
                line("id", &group.id),
                line("name", &group.name),
                line(
                    "VPC",
                    group.vpc_id.as_deref().unwrap_or("(none: EC2-Classic)"),
                ),
                line("owner", group.owner_id.as_deref().unwrap_or("(not said)")),
                line("description", &group.description),
            ],
        }];
        sections.push(Section {
            title: "Tags",
            lines: group.tags.iter().map(|(k, v)| line(k, v)).collect(),
        });
        if let Some(rule) = browse.rule_under_cursor(inventory) {
            let mut lines = vec![
                line("id", &rule.id),
                line("direction", rule.direction.label()),
                line("protocol / ports", &rule.protocol_ports()),
                line(
                    present::towards(rule.direction),
                    &present::peer(&rule.peer, &rule.group_id, inventory),
                ),
                line("description", rule.description.as_deref().unwrap_or("")),
            ];
            lines.extend(rule.tags.iter().map(|(k, v)| line(&format!("tag {k}"), v)));
            sections.push(Section {
                title: "Rule under the cursor",
                lines,
            });
        }
        let referenced_by = inventory
            .groups()
            .iter()
            .filter_map(|other| {
                let rules = inventory.rules_of(&other.id);
                let n = rules
                    .inbound
                    .iter()
                    .chain(&rules.outbound)
                    .filter(|r| matches!(&r.peer, Peer::Group(g) if g.group_id == group.id))
                    .count();
                (n > 0).then(|| {
                    line(
                        &present::group_label(&other.id, inventory),
                        &format!("{n} rule(s)"),
                    )
                })
            })
            .collect();
        sections.push(Section {
            title: "Referenced by the rules of",
            lines: referenced_by,
        });
        Some(Self {
            sections,
            cursor: ListCursor::default(),
        })
    }

    /// How many lines the view has: each section's title and lines, a blank line between.
    pub fn line_count(&self) -> usize {
        let lines: usize = self.sections.iter().map(|s| 1 + s.lines.len().max(1)).sum();
        lines + self.sections.len().saturating_sub(1)
    }
}

/// Opens the details of the selection, or says why not.
pub fn open(browse: &Browse, session: &mut Session) -> Step {
    match Details::of_selection(browse, &session.inventory) {
        Some(details) => Step::goto(Mode::Details(details)),
        None => {
            session.say(
                Level::Info,
                "No group is selected: i shows the selected group's details.",
            );
            Step::stay()
        }
    }
}

pub fn command(details: &mut Details, command: Command) -> Step {
    match command {
        C::Close => Step::goto(Mode::Browse),
        movement => {
            details.cursor.apply(movement, details.line_count());
            Step::stay()
        }
    }
}
