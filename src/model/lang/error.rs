//! Why typed input was rejected, and how untrusted words are shown in the messages.

use crate::model::Protocol;

/// The shape every spec has, shown in errors about the number of words.
const SHAPE: &str = "in|out PROTOCOL [PORTS] PEER, e.g. in tcp 22 0.0.0.0/0";

/// Why a typed spec was rejected: one variant per kind of mistake, each saying what is expected.
/// Tokens are kept as typed; messages show them escaped and shortened, since input is untrusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    /// Fewer words than `DIRECTION PROTOCOL PEER`.
    #[error("too few words ({found}): expected {SHAPE}")]
    TooFewTokens { found: usize },
    /// More words than `DIRECTION PROTOCOL PORTS PEER`.
    #[error("too many words ({found}): expected {SHAPE}")]
    TooManyTokens { found: usize },
    /// The first word is not a direction.
    #[error(
        "{} is not a direction: expected in or out (also inbound, ingress, outbound, egress), \
         e.g. in tcp 22 0.0.0.0/0",
        shown(.0)
    )]
    UnknownDirection(String),
    /// The second word is not a protocol EC2 knows.
    #[error(
        "{} is not a protocol: expected tcp, udp, icmp, icmpv6, all (or -1) or a protocol \
         number 0-255",
        shown(.0)
    )]
    UnknownProtocol(String),
    /// tcp or udp without ports.
    #[error("{p} needs ports: {p} 22, {p} 1024-65535 or {p} all", p = protocol_word(*.protocol))]
    MissingPorts { protocol: Protocol },
    /// A tcp/udp port that is not a number 0-65535.
    #[error(
        "{} is not a port: ports are whole numbers 0-65535, e.g. {p} 22, {p} 1024-65535 or {p} all",
        shown(.value),
        p = protocol_word(*.protocol)
    )]
    BadPort { protocol: Protocol, value: String },
    /// A tcp/udp port range whose first port is above its last.
    #[error(
        "port range {from}-{to} is backwards: put the lower port first, e.g. {p} {to}-{from}",
        p = protocol_word(*.protocol)
    )]
    ReversedPortRange {
        protocol: Protocol,
        from: u16,
        to: u16,
    },
    /// An ICMP type that is neither a number 0-255 nor a known name.
    #[error(
        "ICMP type must be 0-255 or one of echo-request, echo-reply, destination-unreachable, \
         time-exceeded; got {}: e.g. {p} 8, {p} 3:4, {p} echo-request or {p} all",
        shown(.value),
        p = protocol_word(*.protocol)
    )]
    BadIcmpType { protocol: Protocol, value: String },
    /// An ICMP code that is not a number 0-255.
    #[error(
        "ICMP code must be 0-255; got {}: e.g. {p} 3:4 (type 3, code 4)",
        shown(.value),
        p = protocol_word(*.protocol)
    )]
    BadIcmpCode { protocol: Protocol, value: String },
    /// Ports given for all traffic or a protocol number, which have none.
    #[error(
        "{} has no ports, so {} cannot follow it: write e.g. in {p} 10.0.0.0/8",
        no_ports_name(*.protocol),
        shown(.value),
        p = protocol_word(*.protocol)
    )]
    PortsNotAllowed { protocol: Protocol, value: String },
    /// Looks like an address or CIDR but is not a valid one.
    #[error(
        "{} is not a valid CIDR: expected e.g. 10.0.0.0/8, 203.0.113.7, ::/0 or 2001:db8::/32",
        shown(.0)
    )]
    InvalidCidr(String),
    /// `pl-` not followed by hex digits.
    #[error("{} is not a prefix list id: expected pl- and hex digits, e.g. pl-0123abcd", shown(.0))]
    InvalidPrefixList(String),
    /// `sg-` not followed by hex digits.
    #[error(
        "{} is not a security group id: expected sg- and hex digits, e.g. sg-0abc1234",
        shown(.0)
    )]
    InvalidGroup(String),
    /// `ACCOUNT/sg-…` whose account is not 12 digits.
    #[error(
        "{} does not start with an AWS account: expected 12 digits, e.g. 123456789012/sg-0abc1234",
        shown(.0)
    )]
    InvalidAccount(String),
    /// A peer of no kind EC2 knows.
    #[error(
        "{} is not a peer: expected a CIDR or address (e.g. 10.0.0.0/8, ::/0, 203.0.113.7), \
         a prefix list (e.g. pl-0123abcd), a group (e.g. sg-0abc1234) or ACCOUNT/sg-0abc1234",
        shown(.0)
    )]
    UnknownPeer(String),
}

/// An untrusted token as it appears in a message: escaped, shortened and in backticks.
pub fn shown(token: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::from("`");
    for (i, c) in token.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        out.extend(c.escape_debug());
    }
    out.push('`');
    out
}

/// The protocol as the user types it: `all` for all traffic, else the API name (`tcp`, `50`).
pub fn protocol_word(protocol: Protocol) -> String {
    match protocol {
        Protocol::All => "all".into(),
        other => other.api_name(),
    }
}

fn no_ports_name(protocol: Protocol) -> String {
    match protocol {
        Protocol::All => "all traffic".into(),
        other => format!("protocol {}", other.api_name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_escapes_and_shortens() {
        assert_eq!(shown("sg-1"), "`sg-1`");
        assert_eq!(shown("a\u{1b}[2J\u{202e}"), "`a\\u{1b}[2J\\u{202e}`");
        let long = shown(&"é".repeat(100));
        assert_eq!(long, format!("`{}…`", "é".repeat(40)));
    }

    #[test]
    fn protocols_are_named_as_typed() {
        assert_eq!(protocol_word(Protocol::All), "all");
        assert_eq!(protocol_word(Protocol::Icmpv6), "icmpv6");
        assert_eq!(protocol_word(Protocol::Number(50)), "50");
    }
}
