use super::*;
use Direction::{Inbound as In, Outbound as Out};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use proptest::prelude::*;
use std::net::{Ipv4Addr, Ipv6Addr};

fn parse(s: &str) -> ParsedSpec {
    RuleSpec::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

fn err(s: &str) -> SpecError {
    match RuleSpec::parse(s) {
        Ok(p) => panic!("{s:?} should not parse, got {p:?}"),
        Err(e) => e,
    }
}

fn v4(s: &str) -> Peer {
    Peer::Ipv4(s.parse().unwrap())
}

fn v6(s: &str) -> Peer {
    Peer::Ipv6(s.parse().unwrap())
}

fn group(id: &str, user: Option<&str>) -> Peer {
    Peer::Group(GroupRef {
        group_id: id.into(),
        user_id: user.map(Into::into),
        vpc_id: None,
        peering_status: None,
    })
}

fn spec(direction: Direction, protocol: Protocol, ports: (i32, i32), peer: Peer) -> RuleSpec {
    RuleSpec {
        direction,
        protocol,
        ports: PortRange::new(ports.0, ports.1),
        peer,
    }
}

fn rule_from(spec: &RuleSpec) -> Rule {
    Rule {
        id: "sgr-0123456789abcdef0".into(),
        group_id: "sg-0fedcba9".into(),
        direction: spec.direction,
        protocol: spec.protocol,
        ports: spec.ports,
        peer: spec.peer.clone(),
        description: Some("from the spec".into()),
        tags: Default::default(),
    }
}

mod accepts;
mod matching;
mod properties;
mod rejects;
