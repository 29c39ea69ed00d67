use std::fmt;

/// An IP protocol as EC2 names it (`tcp`, `udp`, `icmp`, `icmpv6`, `-1` or a number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    /// `-1`: every protocol, every port.
    All,
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
    /// Any other IP protocol number; EC2 ignores ports for these.
    Number(u8),
}

impl Protocol {
    /// Parses the protocol the way EC2 accepts it: a name or a number.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Some(match s.to_ascii_lowercase().as_str() {
            "-1" | "all" => Self::All,
            "tcp" => Self::Tcp,
            "udp" => Self::Udp,
            "icmp" => Self::Icmp,
            "icmpv6" => Self::Icmpv6,
            digits if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                match digits.parse::<u8>().ok()? {
                    6 => Self::Tcp,
                    17 => Self::Udp,
                    1 => Self::Icmp,
                    58 => Self::Icmpv6,
                    n => Self::Number(n),
                }
            }
            _ => return None,
        })
    }

    /// The value to send as `IpProtocol`.
    pub fn api_name(self) -> String {
        match self {
            Self::All => "-1".into(),
            Self::Tcp => "tcp".into(),
            Self::Udp => "udp".into(),
            Self::Icmp => "icmp".into(),
            Self::Icmpv6 => "icmpv6".into(),
            Self::Number(n) => n.to_string(),
        }
    }

    /// Whether `FromPort`/`ToPort` mean ports for this protocol.
    pub fn has_ports(self) -> bool {
        matches!(self, Self::Tcp | Self::Udp)
    }

    fn number_name(n: u8) -> Option<&'static str> {
        Some(match n {
            2 => "igmp",
            4 => "ipip",
            41 => "ipv6",
            47 => "gre",
            50 => "esp",
            51 => "ah",
            89 => "ospf",
            112 => "vrrp",
            132 => "sctp",
            _ => return None,
        })
    }
}

/// `FromPort`/`ToPort` as EC2 returns them; their meaning depends on the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PortRange {
    pub from: i32,
    pub to: i32,
}

impl PortRange {
    pub const ANY: Self = Self { from: -1, to: -1 };

    pub fn new(from: i32, to: i32) -> Self {
        Self { from, to }
    }
}

/// Protocol and ports together, rendered as a person reads them: `tcp 22`, `all traffic`,
/// `icmp echo-request`, `udp 1024-65535`.
pub struct ProtocolPorts(pub Protocol, pub PortRange);

impl fmt::Display for ProtocolPorts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self(protocol, PortRange { from, to }) = *self;
        match protocol {
            Protocol::All => f.write_str("all traffic"),
            Protocol::Tcp | Protocol::Udp => {
                let name = protocol.api_name();
                if from < 0 || (from == 0 && to == 65535) {
                    write!(f, "{name} all")
                } else if from == to {
                    write!(f, "{name} {from}")
                } else {
                    write!(f, "{name} {from}-{to}")
                }
            }
            Protocol::Icmp | Protocol::Icmpv6 => {
                let v6 = protocol == Protocol::Icmpv6;
                let name = if v6 { "icmpv6" } else { "icmp" };
                if from < 0 {
                    return write!(f, "{name} all");
                }
                match icmp_type_name(v6, from) {
                    Some(t) if to < 0 => write!(f, "{name} {t}"),
                    Some(t) => write!(f, "{name} {t} code {to}"),
                    None if to < 0 => write!(f, "{name} type {from}"),
                    None => write!(f, "{name} type {from} code {to}"),
                }
            }
            Protocol::Number(n) => match Protocol::number_name(n) {
                Some(name) => write!(f, "{name} (proto {n})"),
                None => write!(f, "proto {n}"),
            },
        }
    }
}

/// ICMP types people name, as (type, name).
const ICMP_TYPES: &[(i32, &str)] = &[
    (0, "echo-reply"),
    (3, "destination-unreachable"),
    (5, "redirect"),
    (8, "echo-request"),
    (9, "router-advertisement"),
    (10, "router-solicitation"),
    (11, "time-exceeded"),
    (12, "parameter-problem"),
    (13, "timestamp-request"),
    (14, "timestamp-reply"),
];

/// ICMPv6 types people name, as (type, name).
const ICMPV6_TYPES: &[(i32, &str)] = &[
    (1, "destination-unreachable"),
    (2, "packet-too-big"),
    (3, "time-exceeded"),
    (4, "parameter-problem"),
    (128, "echo-request"),
    (129, "echo-reply"),
    (133, "router-solicitation"),
    (134, "router-advertisement"),
    (135, "neighbor-solicitation"),
    (136, "neighbor-advertisement"),
];

fn icmp_types(v6: bool) -> &'static [(i32, &'static str)] {
    if v6 { ICMPV6_TYPES } else { ICMP_TYPES }
}

/// The name of an ICMP (or ICMPv6) type, where it has one.
pub(crate) fn icmp_type_name(v6: bool, t: i32) -> Option<&'static str> {
    icmp_types(v6)
        .iter()
        .find(|(n, _)| *n == t)
        .map(|(_, name)| *name)
}

/// The ICMP (or ICMPv6) type of a name, case-insensitively.
pub(crate) fn icmp_type_by_name(v6: bool, name: &str) -> Option<i32> {
    icmp_types(v6)
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(name))
        .map(|(t, _)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(p: &str, from: i32, to: i32) -> String {
        ProtocolPorts(Protocol::parse(p).unwrap(), PortRange::new(from, to)).to_string()
    }

    #[test]
    fn reads_like_a_person_would() {
        assert_eq!(show("-1", -1, -1), "all traffic");
        assert_eq!(show("tcp", 22, 22), "tcp 22");
        assert_eq!(show("6", 1024, 65535), "tcp 1024-65535");
        assert_eq!(show("tcp", 0, 65535), "tcp all");
        assert_eq!(show("udp", -1, -1), "udp all");
        assert_eq!(show("icmp", 8, -1), "icmp echo-request");
        assert_eq!(show("icmp", 3, 4), "icmp destination-unreachable code 4");
        assert_eq!(show("icmp", -1, -1), "icmp all");
        assert_eq!(show("icmpv6", 128, -1), "icmpv6 echo-request");
        assert_eq!(show("icmp", 42, -1), "icmp type 42");
        assert_eq!(show("50", -1, -1), "esp (proto 50)");
        assert_eq!(show("253", -1, -1), "proto 253");
    }

    #[test]
    fn parses_names_and_numbers() {
        assert_eq!(Protocol::parse("TCP"), Some(Protocol::Tcp));
        assert_eq!(Protocol::parse("17"), Some(Protocol::Udp));
        assert_eq!(Protocol::parse("58"), Some(Protocol::Icmpv6));
        assert_eq!(Protocol::parse("-1"), Some(Protocol::All));
        assert_eq!(Protocol::parse("300"), None);
        assert_eq!(Protocol::parse("tcpx"), None);
        assert_eq!(Protocol::Number(50).api_name(), "50");
        assert_eq!(Protocol::parse("006"), Some(Protocol::Tcp));
        assert_eq!(Protocol::parse("+6"), None);
        assert_eq!(Protocol::parse(""), None);
    }
}
