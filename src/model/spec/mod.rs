//! Rule specs as a user types them for a bulk revoke (`in tcp 22 0.0.0.0/0`), parsed into typed,
//! validated values that match rules the way EC2's revoke-by-properties does.
//! Words, protocols, ports and peers are read by [`lang`](super::lang).

use std::fmt;

use super::lang::{SpecError, parse_peer, parse_ports, parse_protocol, protocol_word, words};
use super::{Direction, GroupRef, Peer, PortRange, Protocol, Rule};

/// What a user types to name rules by their properties, as EC2 matches them.
/// Typed and validated so that a revoke never sends EC2 something it would reject or misread.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuleSpec {
    pub direction: Direction,
    pub protocol: Protocol,
    /// tcp/udp: the port range; icmp/icmpv6: from = type, to = code (-1 = all); else `ANY`.
    pub ports: PortRange,
    pub peer: Peer,
}

/// A spec together with what the parser had to tell the user about it.
/// Parsing never silently changes what was typed: every normalisation leaves a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSpec {
    pub spec: RuleSpec,
    /// Things the user should know, e.g. a CIDR made canonical.
    pub notes: Vec<String>,
}

impl RuleSpec {
    /// Parses `DIRECTION PROTOCOL [PORTS] PEER`; keywords are case-insensitive.
    /// Never panics: the input is whatever the user typed.
    pub fn parse(input: &str) -> Result<ParsedSpec, SpecError> {
        let tokens: Vec<&str> = words(input).map(|w| w.text).collect();
        match tokens.len() {
            n if n < 3 => return Err(SpecError::TooFewTokens { found: n }),
            n if n > 4 => return Err(SpecError::TooManyTokens { found: n }),
            _ => {}
        }
        let direction = parse_direction(tokens[0])?;
        let protocol = parse_protocol(tokens[1])?;
        let mut notes = Vec::new();
        let (ports, peer) = if let [_, _, ports, peer] = tokens[..] {
            let ports = parse_ports(protocol, ports)?;
            (ports, parse_peer(peer, &mut notes)?)
        } else {
            let last = tokens[2];
            let peer = parse_peer(last, &mut notes);
            match (protocol, peer) {
                (Protocol::Tcp | Protocol::Udp, Ok(_)) => {
                    return Err(SpecError::MissingPorts { protocol });
                }
                // Ports without a peer (`in tcp 22`): say what is missing, not that 22 is no peer.
                (_, Err(_)) if parse_ports(protocol, last).is_ok() => {
                    return Err(SpecError::TooFewTokens { found: 3 });
                }
                (Protocol::Tcp | Protocol::Udp, Err(_)) => {
                    return Err(SpecError::MissingPorts { protocol });
                }
                (_, peer) => (PortRange::ANY, peer?),
            }
        };
        Ok(ParsedSpec {
            spec: RuleSpec {
                direction,
                protocol,
                ports,
                peer,
            },
            notes,
        })
    }

    /// EC2's exact match: same direction, protocol, ports and peer (CIDRs compared canonically).
    /// Ports as EC2 stores them: tcp/udp -1 means 0-65535, icmp exact, other protocols ignored.
    pub fn matches(&self, rule: &Rule) -> bool {
        self.direction == rule.direction
            && rule.has_properties(self.protocol, self.ports, &self.peer)
    }
}

fn parse_direction(token: &str) -> Result<Direction, SpecError> {
    match token.to_ascii_lowercase().as_str() {
        "in" | "inbound" | "ingress" => Ok(Direction::Inbound),
        "out" | "outbound" | "egress" => Ok(Direction::Outbound),
        _ => Err(SpecError::UnknownDirection(token.into())),
    }
}

/// The canonical text, which parses back to the same spec: `in tcp 22 0.0.0.0/0`.
impl fmt::Display for RuleSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let direction = match self.direction {
            Direction::Inbound => "in",
            Direction::Outbound => "out",
        };
        write!(f, "{direction} {}", protocol_word(self.protocol))?;
        let PortRange { from, to } = self.ports;
        match self.protocol {
            Protocol::Tcp | Protocol::Udp => {
                if from < 0 || (from == 0 && to == 65535) {
                    f.write_str(" all")?;
                } else if from == to {
                    write!(f, " {from}")?;
                } else {
                    write!(f, " {from}-{to}")?;
                }
            }
            Protocol::Icmp | Protocol::Icmpv6 => {
                if from < 0 {
                    f.write_str(" all")?;
                } else if to < 0 {
                    write!(f, " {from}")?;
                } else {
                    write!(f, " {from}:{to}")?;
                }
            }
            Protocol::All | Protocol::Number(_) => {}
        }
        match &self.peer {
            Peer::Group(GroupRef {
                group_id,
                user_id: Some(account),
                ..
            }) => write!(f, " {account}/{group_id}"),
            peer => write!(f, " {}", peer.short()),
        }
    }
}

#[cfg(test)]
mod tests;
