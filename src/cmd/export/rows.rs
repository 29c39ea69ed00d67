//! The rows of an export: one per rule (one peer each), in the order the panes list them,
//! with the signals' marks and reasons. Pure: plain values in, plain values out.

use serde::Serialize;

use crate::analysis::{Matcher, RuleSignals, Signals, matching};
use crate::inventory::Inventory;
use crate::model::{Direction, Peer, Rule, SecurityGroup};

/// The columns of CSV and of the table, in their order; JSON adds `reasons`.
pub const COLUMNS: [&str; 13] = [
    "region",
    "group_id",
    "group_name",
    "vpc_id",
    "rule_id",
    "direction",
    "protocol",
    "from_port",
    "to_port",
    "peer_kind",
    "peer",
    "signals",
    "description",
];

/// One rule as exported. Text is carried exactly as EC2 gave it (untrusted): each format
/// escapes it its own way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub region: Option<String>,
    pub group_id: String,
    pub group_name: String,
    pub vpc_id: Option<String>,
    /// EC2's id; none in a snapshot without its rules (`DescribeSecurityGroups` names none).
    pub rule_id: Option<String>,
    /// `in` or `out`.
    pub direction: &'static str,
    /// As EC2 names it: `tcp`, `udp`, `icmp`, `icmpv6`, `-1` or a number.
    pub protocol: String,
    /// `FromPort` as EC2 gives it (for ICMP, the type; `-1` when there is none).
    pub from_port: i32,
    /// `ToPort` as EC2 gives it (for ICMP, the code; `-1` when there is none).
    pub to_port: i32,
    /// `cidr4`, `cidr6`, `prefix-list`, `group` (or `unknown`, for a peer this version cannot
    /// read).
    pub peer_kind: &'static str,
    /// The CIDR, prefix-list id or group id.
    pub peer: String,
    /// The signals' marks, as the rule panes show them: `!` risky or `~` wide, `=` redundant,
    /// `?` stale (empty when none).
    pub signals: String,
    /// Why each signal was raised, one line each, mark first.
    pub reasons: Vec<String>,
    pub description: Option<String>,
}

impl Row {
    /// The row of `rule` of `group`, in `region`, with what the signals say of it.
    pub fn of(
        region: Option<&str>,
        group: &SecurityGroup,
        rule: &Rule,
        signals: &RuleSignals,
    ) -> Self {
        let (peer_kind, peer) = peer(&rule.peer);
        Self {
            region: region.map(str::to_string),
            group_id: group.id.clone(),
            group_name: group.name.clone(),
            vpc_id: group.vpc_id.clone(),
            rule_id: rule.ec2_id().map(str::to_string),
            direction: match rule.direction {
                Direction::Inbound => "in",
                Direction::Outbound => "out",
            },
            protocol: rule.protocol.api_name(),
            from_port: rule.ports.from,
            to_port: rule.ports.to,
            peer_kind,
            peer,
            signals: signals.marks(),
            reasons: signals.reasons(),
            description: rule.description.clone(),
        }
    }

    /// The cells of [`COLUMNS`]; `None` for an absent value.
    pub fn cells(&self) -> [Option<String>; COLUMNS.len()] {
        [
            self.region.clone(),
            Some(self.group_id.clone()),
            Some(self.group_name.clone()),
            self.vpc_id.clone(),
            self.rule_id.clone(),
            Some(self.direction.to_string()),
            Some(self.protocol.clone()),
            Some(self.from_port.to_string()),
            Some(self.to_port.to_string()),
            Some(self.peer_kind.to_string()),
            Some(self.peer.clone()),
            Some(self.signals.clone()),
            self.description.clone(),
        ]
    }
}

/// The kind of a peer and its value.
fn peer(peer: &Peer) -> (&'static str, String) {
    let kind = match peer {
        Peer::Ipv4(_) => "cidr4",
        Peer::Ipv6(_) => "cidr6",
        Peer::PrefixList(_) => "prefix-list",
        Peer::Group(_) => "group",
        Peer::Unknown(_) => "unknown",
    };
    (kind, peer.short())
}

/// The rows of every rule `matcher` matches ([`matching`]'s order). Built one at a time, as
/// they are written.
pub fn rows<'a>(
    inventory: &'a Inventory,
    region: Option<&'a str>,
    matcher: &'a Matcher<'a>,
    signals: &'a Signals,
) -> impl Iterator<Item = Row> + 'a {
    matching(inventory, matcher)
        .map(move |(group, rule)| Row::of(region, group, rule, signals.rule(&rule.id)))
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
