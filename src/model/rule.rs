use std::fmt;

use ipnet::{Ipv4Net, Ipv6Net};

use super::{PortRange, Protocol, Tags, protocol::ProtocolPorts};

/// Inbound (ingress) or outbound (egress).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

impl Direction {
    pub fn from_egress(is_egress: bool) -> Self {
        if is_egress {
            Self::Outbound
        } else {
            Self::Inbound
        }
    }

    /// The EC2 action that re-creates rules of this direction.
    pub fn authorize_action(self) -> &'static str {
        match self {
            Self::Inbound => "AuthorizeSecurityGroupIngress",
            Self::Outbound => "AuthorizeSecurityGroupEgress",
        }
    }

    /// The EC2 action that revokes rules of this direction.
    pub fn revoke_action(self) -> &'static str {
        match self {
            Self::Inbound => "RevokeSecurityGroupIngress",
            Self::Outbound => "RevokeSecurityGroupEgress",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Inbound => "inbound",
            Self::Outbound => "outbound",
        }
    }
}

/// A reference to another security group as the peer of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupRef {
    pub group_id: String,
    pub user_id: Option<String>,
    pub vpc_id: Option<String>,
    pub peering_status: Option<String>,
}

/// The one peer of a rule: where traffic comes from (inbound) or goes to (outbound).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Peer {
    Ipv4(Ipv4Net),
    Ipv6(Ipv6Net),
    PrefixList(String),
    Group(GroupRef),
    /// A peer this version cannot parse, kept verbatim so that nothing is hidden.
    Unknown(String),
}

impl Peer {
    /// Open to every address of its family.
    pub fn is_world(&self) -> bool {
        match self {
            Self::Ipv4(net) => net.prefix_len() == 0,
            Self::Ipv6(net) => net.prefix_len() == 0,
            _ => false,
        }
    }

    /// The short text of the peer: a CIDR, a prefix-list id or a group id.
    pub fn short(&self) -> String {
        match self {
            Self::Ipv4(net) => net.to_string(),
            Self::Ipv6(net) => net.to_string(),
            Self::PrefixList(id) => id.clone(),
            Self::Group(g) => g.group_id.clone(),
            Self::Unknown(s) => s.clone(),
        }
    }
}

/// One rule of one security group: exactly one peer, as `DescribeSecurityGroupRules` returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `sgr-…`, unique within a region; the unit a user marks.
    pub id: String,
    pub group_id: String,
    pub direction: Direction,
    pub protocol: Protocol,
    pub ports: PortRange,
    pub peer: Peer,
    pub description: Option<String>,
    pub tags: Tags,
}

/// What a rule's `id` starts with when EC2's id is not known: a snapshot of
/// `DescribeSecurityGroups` alone names no rule ids. Such a key is unique within the load (it
/// names the group, the direction and the rule's place), and is never shown or written as an id.
const UNIDENTIFIED: &str = "unidentified:";

/// A rule's `id` as EC2's id, or `None` when it is only a key ([`Rule::unidentified_key`]).
pub fn ec2_rule_id(id: &str) -> Option<&str> {
    (!id.starts_with(UNIDENTIFIED)).then_some(id)
}

impl Rule {
    /// The key of a rule EC2 gave no id for: the `n`th rule of a group in one direction.
    pub fn unidentified_key(group_id: &str, direction: Direction, n: usize) -> String {
        format!("{UNIDENTIFIED}{group_id}:{}:{n}", direction.label())
    }

    /// EC2's id of the rule (`sgr-…`), or `None` when the source named none (a snapshot
    /// without `DescribeSecurityGroupRules`); `id` is then only a key for sgtui itself.
    pub fn ec2_id(&self) -> Option<&str> {
        ec2_rule_id(&self.id)
    }

    /// The id as a person reads it: EC2's, or `-` when there is none.
    pub fn id_text(&self) -> &str {
        self.ec2_id().unwrap_or("-")
    }

    /// Protocol and ports as a person reads them (`tcp 22`, `all traffic`).
    pub fn protocol_ports(&self) -> String {
        ProtocolPorts(self.protocol, self.ports).to_string()
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} {}",
            self.id_text(),
            self.direction.label(),
            self.protocol_ports(),
            if self.direction == Direction::Inbound {
                "from"
            } else {
                "to"
            },
            self.peer.short()
        )
    }
}

impl Peer {
    /// The peer as EC2 stores it: CIDRs with their host bits cleared.
    pub fn canonical(&self) -> Peer {
        match self {
            Self::Ipv4(net) => Self::Ipv4(net.trunc()),
            Self::Ipv6(net) => Self::Ipv6(net.trunc()),
            other => other.clone(),
        }
    }

    /// EC2's peer match: CIDRs compared canonically, group references by group id.
    pub fn same_as(&self, other: &Peer) -> bool {
        match (self, other) {
            (Self::Group(a), Self::Group(b)) => a.group_id == b.group_id,
            (a, b) => a.canonical() == b.canonical(),
        }
    }
}

/// Protocol, ports and peer as one text, the peer as EC2 stores it (`tcp 22 10.0.0.0/8`): how
/// sgtui names properties that match no rule, in plans, in EC2's answers and in the journal.
pub fn properties_text(protocol: Protocol, ports: PortRange, peer: &Peer) -> String {
    format!(
        "{} {}",
        ProtocolPorts(protocol, ports),
        peer.canonical().short()
    )
}

/// Whether two port ranges are the same for a protocol, as EC2 stores them: tcp/udp `-1` means
/// 0-65535, icmp compares type and code, and other protocols have no ports.
pub fn same_ports(protocol: Protocol, a: PortRange, b: PortRange) -> bool {
    let widen = |p: PortRange| {
        if p.from < 0 {
            PortRange::new(0, 65535)
        } else {
            p
        }
    };
    match protocol {
        Protocol::Tcp | Protocol::Udp => widen(a) == widen(b),
        Protocol::Icmp | Protocol::Icmpv6 => a == b,
        Protocol::All | Protocol::Number(_) => true,
    }
}

impl Rule {
    /// EC2's exact match of a revoke by properties against this rule (direction aside).
    pub fn has_properties(&self, protocol: Protocol, ports: PortRange, peer: &Peer) -> bool {
        self.protocol == protocol
            && same_ports(protocol, self.ports, ports)
            && self.peer.same_as(peer)
    }
}
