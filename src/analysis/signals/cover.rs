//! Redundancy: a rule that another rule of the same group and direction fully covers.

use crate::model::{Peer, PortRange, Protocol, Rule};

/// Whether `a` admits everything `b` admits: protocol, ports and peer. A rule covers itself;
/// callers skip that.
pub fn covers(a: &Rule, b: &Rule) -> bool {
    protocol_covers(a.protocol, a.ports, b.protocol, b.ports) && peer_covers(&a.peer, &b.peer)
}

fn protocol_covers(p: Protocol, a: PortRange, q: Protocol, b: PortRange) -> bool {
    match (p, q) {
        (Protocol::All, _) => true,
        (_, Protocol::All) => false,
        (p, q) if p != q => false,
        (Protocol::Tcp | Protocol::Udp, _) => {
            let (a, b) = (ports(a), ports(b));
            a.0 <= b.0 && b.1 <= a.1
        }
        // ICMP: the type in `from`, the code in `to`; -1 is every type, or every code.
        (Protocol::Icmp | Protocol::Icmpv6, _) => {
            a.from < 0 || (a.from == b.from && (a.to < 0 || a.to == b.to))
        }
        // Other protocols have no ports.
        _ => true,
    }
}

/// A tcp or udp range; no ports (-1) is every port.
fn ports(range: PortRange) -> (i32, i32) {
    if range.from < 0 || range.to < 0 {
        (0, 65535)
    } else {
        (range.from, range.to)
    }
}

fn peer_covers(a: &Peer, b: &Peer) -> bool {
    match (a, b) {
        (Peer::Ipv4(a), Peer::Ipv4(b)) => a.contains(b),
        (Peer::Ipv6(a), Peer::Ipv6(b)) => a.contains(b),
        (Peer::PrefixList(a), Peer::PrefixList(b)) => a == b,
        (Peer::Group(a), Peer::Group(b)) => a.group_id == b.group_id && a.user_id == b.user_id,
        _ => false,
    }
}

/// For each of `rules` (one group, one direction), the rule that covers it, if any. When two
/// rules cover each other (the same properties twice, which EC2 refuses but an export may
/// hold), only the later id is the redundant one.
pub fn covered(rules: &[Rule]) -> Vec<Option<&Rule>> {
    rules
        .iter()
        .map(|b| {
            rules
                .iter()
                .find(|a| !std::ptr::eq(*a, b) && covers(a, b) && !(a.id > b.id && covers(b, a)))
        })
        .collect()
}
