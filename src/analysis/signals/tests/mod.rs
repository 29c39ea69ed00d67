//! The signals, judged on plain values: risky and wide, redundancy, usage and stale.

use super::*;
use crate::model::{GroupRef, PortRange, Protocol, Tags};

pub(super) fn rule(
    id: &str,
    direction: Direction,
    protocol: Protocol,
    ports: (i32, i32),
    peer: &str,
) -> Rule {
    Rule {
        id: id.into(),
        group_id: "sg-1".into(),
        direction,
        protocol,
        ports: PortRange::new(ports.0, ports.1),
        peer: peer_of(peer),
        description: None,
        tags: Tags::default(),
    }
}

fn peer_of(text: &str) -> Peer {
    if let Some(id) = text.strip_prefix("pl:") {
        return Peer::PrefixList(id.into());
    }
    if text.starts_with("sg-") {
        return Peer::Group(GroupRef {
            group_id: text.into(),
            user_id: None,
            vpc_id: None,
            peering_status: None,
        });
    }
    match text.parse().unwrap() {
        IpNet::V4(n) => Peer::Ipv4(n),
        IpNet::V6(n) => Peer::Ipv6(n),
    }
}

pub(super) fn inbound(protocol: Protocol, ports: (i32, i32), peer: &str) -> Rule {
    rule("sgr-1", Direction::Inbound, protocol, ports, peer)
}

pub(super) fn risk(r: &Rule) -> Option<Risk> {
    Risk::of(r, &Policy::default())
}

mod redundant;
mod risky;
mod usage;
