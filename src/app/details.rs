//! Details (`i`): everything known of the selected group and of the rule under the cursor, and
//! the groups whose rules reference this one.

use super::Mode;
use super::action::Command;
use super::browse::Browse;
use super::cursor::ListCursor;
use super::keymap::Key;
use super::keymap::key_table;
use super::keymap::keys::{ENTER, ESC};
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Progress, Session};
use crate::model::scope::{plain, region_of};
use crate::model::{Peer, Rule};
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
    pub title: String,
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
    pub fn of_selection(browse: &Browse, session: &Session) -> Option<Self> {
        let inventory = &session.inventory;
        let group = browse.selected_group(inventory)?;
        let mut sections = vec![Section {
            title: match region_of(&group.id) {
                Some(region) => format!("Security group in {region}"),
                None => "Security group".into(),
            },
            lines: vec![
                line("id", plain(&group.id)),
                line("name", &group.name),
                line(
                    "VPC",
                    group.vpc_id.as_deref().map_or("(none: EC2-Classic)", plain),
                ),
                line("owner", group.owner_id.as_deref().unwrap_or("(not said)")),
                line("description", &group.description),
            ],
        }];
        sections[0].lines.extend(group_signals(&group.id, session));
        sections.push(Section {
            title: "Tags".into(),
            lines: group.tags.iter().map(|(k, v)| line(k, v)).collect(),
        });
        if let Some(rule) = browse.rule_under_cursor(inventory) {
            let mut lines = vec![
                line(
                    "id",
                    rule.ec2_id()
                        .map_or("(none: a snapshot without its rules file)", plain),
                ),
                line("direction", rule.direction.label()),
                line("protocol / ports", &rule.protocol_ports()),
                line(
                    present::towards(rule.direction),
                    &present::peer(&rule.peer, &rule.group_id, inventory),
                ),
                line("description", rule.description.as_deref().unwrap_or("")),
            ];
            lines.extend(rule.tags.iter().map(|(k, v)| line(&format!("tag {k}"), v)));
            if let Some(via) = browse.hit_under_cursor().and_then(|h| h.via.as_ref()) {
                lines.push(line("filter matched", &via.to_string()));
            }
            lines.extend(rule_signals(rule, session));
            sections.push(Section {
                title: "Rule under the cursor".into(),
                lines,
            });
            if let Peer::PrefixList(id) = &rule.peer {
                sections.push(prefix_list(id, session));
            }
        }
        sections.push(interfaces(&group.id, session));
        let referenced_by = inventory
            .groups()
            .iter()
            .filter_map(|other| {
                let rules = inventory.rules_of(&other.id);
                let n = rules
                    .all()
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
            title: "Referenced by the rules of".into(),
            lines: referenced_by,
        });
        for section in &mut sections {
            section.lines = wrapped(std::mem::take(&mut section.lines));
        }
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

/// A group's usage and how many of its rules carry each signal, each saying what it proves.
fn group_signals(group_id: &str, session: &Session) -> Vec<(String, String)> {
    let Some(signals) = session.judging.signals() else {
        return vec![line("signals", "being computed…")];
    };
    let found = signals.group(group_id);
    let counts: Vec<String> = [
        (found.risky, "risky"),
        (found.wide, "wide"),
        (found.redundant, "redundant"),
        (found.stale, "stale"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    let counts = if counts.is_empty() {
        "no rule carries a signal".to_string()
    } else {
        format!("rules: {}", counts.join(", "))
    };
    vec![
        line("usage", &found.usage.reason()),
        line("signals", &counts),
    ]
}

/// Why the rule carries each of its signals; for a stale one, the reference that went stale.
fn rule_signals(rule: &Rule, session: &Session) -> Vec<(String, String)> {
    let Some(signals) = session.judging.signals() else {
        return Vec::new();
    };
    let mut lines: Vec<_> = signals
        .rule(&rule.id)
        .reasons()
        .iter()
        .map(|reason| line("signal", reason))
        .collect();
    if let Some(pair) = session.inventory.network().stale_pair(rule) {
        let mut gone = pair.group_id.clone();
        if let Some(name) = &pair.group_name {
            gone.push_str(&format!(" ({name})"));
        }
        for (what, value) in [
            ("in", &pair.vpc_id),
            ("of account", &pair.user_id),
            ("over", &pair.vpc_peering_connection_id),
            ("peering", &pair.peering_status),
        ] {
            if let Some(value) = value {
                gone.push_str(&format!(" {what} {value}"));
            }
        }
        lines.push(line("stale reference", &gone));
    }
    lines
}

/// The widest a value is shown on one line; a longer one goes on under its label.
const VALUE_WIDTH: usize = 64;

/// Long values broken into lines, the continuations without a label.
fn wrapped(lines: Vec<(String, String)>) -> Vec<(String, String)> {
    lines
        .into_iter()
        .flat_map(|(label, value)| {
            present::wrap(&value, VALUE_WIDTH)
                .into_iter()
                .enumerate()
                .map(move |(i, part)| (if i == 0 { label.clone() } else { String::new() }, part))
        })
        .collect()
}

fn line(label: &str, value: &str) -> (String, String) {
    (label.to_string(), value.to_string())
}

/// What a background load that has not brought `what` says instead.
fn not_loaded(progress: Option<&Progress>) -> Option<(String, String)> {
    match progress {
        Some(Progress::Done { .. }) => None,
        Some(Progress::Failed(e)) => Some(line("not loaded", &e.to_string())),
        Some(Progress::Loading { .. }) | None => Some(line("loading…", "")),
    }
}

/// The interfaces in a group, each on up to three lines: id, type and attachment; addresses;
/// description.
fn interfaces(group_id: &str, session: &Session) -> Section {
    let network = session.inventory.network();
    let mut lines = Vec::new();
    let mut count = 0;
    for eni in network.interfaces_in(group_id) {
        count += 1;
        let attachment = match (&eni.attachment, &eni.status) {
            (Some(instance), _) => format!("attached to {instance}"),
            (None, Some(status)) => status.clone(),
            (None, None) => "not attached".into(),
        };
        lines.push(line(
            plain(&eni.id),
            &format!("{} · {attachment}", eni.interface_type),
        ));
        let mut addresses: Vec<String> = eni.private_ips.iter().map(|a| a.to_string()).collect();
        addresses.extend(eni.ipv6.iter().map(|a| a.to_string()));
        addresses.extend(eni.public_ips.iter().map(|a| format!("public {a}")));
        if !addresses.is_empty() {
            lines.push(line("  addresses", &addresses.join(" ")));
        }
        if !eni.description.is_empty() {
            lines.push(line("  description", &eni.description));
        }
    }
    lines.extend(not_loaded(session.load.interfaces.as_ref()));
    Section {
        title: format!("Network interfaces in this group ({count})"),
        lines,
    }
}

/// The prefix list a rule names: its name, owner and size, and every entry.
fn prefix_list(id: &str, session: &Session) -> Section {
    let title = format!("Prefix list {id}");
    let Some(loaded) = session.inventory.network().prefix_list(id) else {
        let lines = not_loaded(session.load.prefix_lists.as_ref())
            .unwrap_or_else(|| line("not found", "EC2 does not describe this list"));
        return Section {
            title,
            lines: vec![lines],
        };
    };
    let list = &loaded.list;
    let mut lines = vec![
        line("name", &list.name),
        line("owner", list.owner_id.as_deref().unwrap_or("(not said)")),
        line(
            "max entries",
            &list
                .max_entries
                .map_or("(not said)".into(), |n| n.to_string()),
        ),
    ];
    lines.extend(loaded.entries.iter().map(|e| {
        line(
            &format!("entry {}", e.cidr),
            e.description.as_deref().unwrap_or(""),
        )
    }));
    Section { title, lines }
}

/// Opens the details of the selection, or says why not.
pub fn open(browse: &Browse, session: &mut Session) -> Step {
    match Details::of_selection(browse, session) {
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
