//! Risky and wide: what an inbound rule opens to the internet. Outbound rules are never
//! flagged (all-traffic egress is EC2's default).

use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::model::{Direction, Peer, Protocol, Rule};

/// The ports an inbound rule open to the world must not reach, unless the config file's
/// `risky_ports` says otherwise.
pub const DEFAULT_RISKY_PORTS: [u16; 22] = [
    20, 21, 22, 23, 25, 53, 110, 135, 143, 445, 1433, 1434, 1521, 2049, 3306, 3389, 5432, 5601,
    6379, 9200, 11211, 27017,
];

/// What the signals judge against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Sorted, each once.
    risky_ports: Vec<u16>,
}

impl Default for Policy {
    fn default() -> Self {
        Self::with_risky_ports(DEFAULT_RISKY_PORTS.to_vec())
    }
}

impl Policy {
    /// A policy whose sensitive ports are exactly `ports` (the config file's `risky_ports`).
    pub fn with_risky_ports(mut ports: Vec<u16>) -> Self {
        ports.sort_unstable();
        ports.dedup();
        Self { risky_ports: ports }
    }

    pub fn risky_ports(&self) -> &[u16] {
        &self.risky_ports
    }

    /// The sensitive ports within `from`-`to`.
    fn ports_within(&self, from: u16, to: u16) -> &[u16] {
        let start = self.risky_ports.partition_point(|&p| p < from);
        let end = self.risky_ports.partition_point(|&p| p <= to);
        &self.risky_ports[start..end]
    }
}

/// Why an inbound rule open to the world (`0.0.0.0/0`, `::/0`) is risky.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Risk {
    /// Protocol -1: every protocol and port.
    AllTraffic,
    /// Every port of tcp or udp.
    AllPorts(Protocol),
    /// A port range that includes these sensitive ports.
    Ports(Protocol, Vec<u16>),
}

impl Risk {
    /// Whether, and why, `rule` is risky.
    pub fn of(rule: &Rule, policy: &Policy) -> Option<Self> {
        if rule.direction != Direction::Inbound || !rule.peer.is_world() {
            return None;
        }
        match rule.protocol {
            Protocol::All => Some(Self::AllTraffic),
            p @ (Protocol::Tcp | Protocol::Udp) => {
                let (from, to) = tcp_udp_ports(rule);
                if from == 0 && to == 65535 {
                    return Some(Self::AllPorts(p));
                }
                let hit = policy.ports_within(from, to);
                (!hit.is_empty()).then(|| Self::Ports(p, hit.to_vec()))
            }
            _ => None,
        }
    }

    /// Why, in a few words.
    pub fn reason(&self) -> String {
        match self {
            Self::AllTraffic => "all traffic from anywhere".into(),
            Self::AllPorts(p) => format!("every {} port from anywhere", p.api_name()),
            Self::Ports(p, ports) => {
                let named: Vec<String> = ports
                    .iter()
                    .take(6)
                    .map(|&n| match port_name(n) {
                        Some(name) => format!("{n} ({name})"),
                        None => n.to_string(),
                    })
                    .collect();
                let more = ports.len().saturating_sub(6);
                let tail = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                let s = if ports.len() == 1 { "" } else { "s" };
                format!(
                    "sensitive {} port{s} {}{tail} from anywhere",
                    p.api_name(),
                    named.join(", ")
                )
            }
        }
    }
}

/// A tcp or udp rule's ports; EC2 may give none (-1) for every port.
fn tcp_udp_ports(rule: &Rule) -> (u16, u16) {
    let (from, to) = (rule.ports.from, rule.ports.to);
    if from < 0 || to < 0 {
        return (0, 65535);
    }
    let clamp = |p: i32| p.clamp(0, 65535) as u16;
    (clamp(from), clamp(to))
}

/// The service usually behind a sensitive port.
fn port_name(port: u16) -> Option<&'static str> {
    Some(match port {
        20 | 21 => "ftp",
        22 => "ssh",
        23 => "telnet",
        25 => "smtp",
        53 => "dns",
        110 => "pop3",
        135 => "msrpc",
        143 => "imap",
        445 => "smb",
        1433 | 1434 => "sql server",
        1521 => "oracle",
        2049 => "nfs",
        3306 => "mysql",
        3389 => "rdp",
        5432 => "postgres",
        5601 => "kibana",
        6379 => "redis",
        9200 => "elasticsearch",
        11211 => "memcached",
        27017 => "mongodb",
        _ => return None,
    })
}

/// The inbound peer, when it is a public range of /1–/23 (IPv4) or /1–/47 (IPv6): wide, short
/// of the whole world.
pub fn wide(rule: &Rule) -> Option<IpNet> {
    if rule.direction != Direction::Inbound {
        return None;
    }
    match &rule.peer {
        Peer::Ipv4(net) if (1..=23).contains(&net.prefix_len()) && public_v4(net) => {
            Some(IpNet::V4(*net))
        }
        Peer::Ipv6(net) if (1..=47).contains(&net.prefix_len()) && public_v6(net) => {
            Some(IpNet::V6(*net))
        }
        _ => None,
    }
}

/// Not inside a private, shared, loopback, link-local, benchmarking, multicast or reserved
/// block.
fn public_v4(net: &Ipv4Net) -> bool {
    const NOT_PUBLIC: [(Ipv4Addr, u8); 10] = [
        (Ipv4Addr::new(0, 0, 0, 0), 8),
        (Ipv4Addr::new(10, 0, 0, 0), 8),
        (Ipv4Addr::new(100, 64, 0, 0), 10),
        (Ipv4Addr::new(127, 0, 0, 0), 8),
        (Ipv4Addr::new(169, 254, 0, 0), 16),
        (Ipv4Addr::new(172, 16, 0, 0), 12),
        (Ipv4Addr::new(192, 168, 0, 0), 16),
        (Ipv4Addr::new(198, 18, 0, 0), 15),
        (Ipv4Addr::new(224, 0, 0, 0), 4),
        (Ipv4Addr::new(240, 0, 0, 0), 4),
    ];
    !NOT_PUBLIC
        .iter()
        .any(|&(addr, len)| Ipv4Net::new(addr, len).is_ok_and(|block| block.contains(net)))
}

/// Not inside unique-local, link-local, multicast or the unspecified/loopback block.
fn public_v6(net: &Ipv6Net) -> bool {
    const NOT_PUBLIC: [(Ipv6Addr, u8); 4] = [
        (Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0), 7),
        (Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0), 10),
        (Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0), 8),
        (Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0), 96),
    ];
    !NOT_PUBLIC
        .iter()
        .any(|&(addr, len)| Ipv6Net::new(addr, len).is_ok_and(|block| block.contains(net)))
}
