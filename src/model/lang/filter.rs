//! The filter language of the `/` prompt: words that all must hold (`ip:198.51.100.7 port:22
//! dir:in`), `-word` to negate one, free text for anything else. Parsed into typed terms; a
//! malformed term is an error naming it, so the last valid filter can stay in force.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;

use super::{SpecError, hex_id, parse_port_range, parse_protocol, shown, words};
use crate::model::{Direction, Protocol, Signal};

/// A parsed filter: every term must hold. The empty filter shows everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub terms: Vec<Term>,
}

/// One word of a filter, perhaps negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub negated: bool,
    pub kind: TermKind,
}

/// What a term asks of a rule or of its group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermKind {
    /// Free text, lower-cased: in the group's id, name, description, VPC, tags, or the rule's id
    /// or description.
    Text(String),
    /// `ip:ADDR`: the rule's peer admits the address.
    Ip(IpAddr),
    /// `cidr:NET`: the rule's CIDR overlaps the network.
    Cidr(IpNet),
    /// `port:N` or `port:N-M`: the rule's ports cover N, or overlap N-M.
    Port { from: u16, to: u16 },
    /// `proto:…`: the rule is of this protocol (all-traffic rules admit every protocol).
    Proto(Protocol),
    /// `dir:in|out`.
    Dir(Direction),
    /// `vpc:ID`: the group is in this VPC.
    Vpc(String),
    /// `sg:ID`: the rule references this group.
    Group(String),
    /// `pl:ID`: the rule's peer is this prefix list.
    PrefixList(String),
    /// `tag:KEY` or `tag:KEY=VALUE`, on the group or the rule; lower-cased.
    Tag { key: String, value: Option<String> },
    /// `desc:TEXT`: the rule's description holds the text; lower-cased.
    Desc(String),
    /// `open`: the peer is 0.0.0.0/0 or ::/0.
    Open,
    /// `risky`, `wide`, `redundant`, `stale` (rules), `unused` (groups): an audit signal.
    Signal(Signal),
}

/// A term that is not valid, and why; the message names the term as typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {why}", shown(.term))]
pub struct FilterError {
    pub term: String,
    pub why: String,
}

/// The keys a term may have, for the message about an unknown one.
const KEYS: &str = "ip: cidr: port: proto: dir: vpc: sg: pl: tag: desc:";

impl Filter {
    /// Parses a filter; keys are case-insensitive. Never panics: the input is typed.
    pub fn parse(input: &str) -> Result<Self, FilterError> {
        let terms = words(input)
            .map(|word| parse_term(word.text))
            .collect::<Result<_, _>>()?;
        Ok(Self { terms })
    }

    /// The terms that parse, and the first that does not: what a live prompt applies while one
    /// word is still wrong.
    pub fn parse_valid(input: &str) -> (Self, Option<FilterError>) {
        let mut terms = Vec::new();
        let mut first_error = None;
        for word in words(input) {
            match parse_term(word.text) {
                Ok(term) => terms.push(term),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        (Self { terms }, first_error)
    }

    /// Whether a term looks up the addresses behind peers (`ip:`), whose answers grow as the
    /// interfaces and prefix lists load.
    pub fn looks_up_addresses(&self) -> bool {
        self.terms.iter().any(|t| matches!(t.kind, TermKind::Ip(_)))
    }

    /// Whether a term asks for an audit signal, whose answers come once the signals are
    /// computed.
    pub fn asks_for_signals(&self) -> bool {
        self.terms
            .iter()
            .any(|t| matches!(t.kind, TermKind::Signal(_)))
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

fn parse_term(word: &str) -> Result<Term, FilterError> {
    let (negated, body) = match word.strip_prefix('-') {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, word),
    };
    let fail = |why: String| FilterError {
        term: word.to_string(),
        why,
    };
    let kind = match body.split_once(':') {
        Some((key, value)) if is_key(key) => {
            parse_keyed(&key.to_ascii_lowercase(), value).map_err(fail)?
        }
        Some((key, _)) if looks_like_key(key) => {
            return Err(fail(format!(
                "unknown key {}, expected one of {KEYS}",
                shown(&format!("{key}:"))
            )));
        }
        _ if body.eq_ignore_ascii_case("open") => TermKind::Open,
        _ => match Signal::ALL
            .into_iter()
            .find(|w| body.eq_ignore_ascii_case(w.name()))
        {
            Some(w) => TermKind::Signal(w),
            None => TermKind::Text(body.to_lowercase()),
        },
    };
    Ok(Term { negated, kind })
}

fn is_key(key: &str) -> bool {
    KEYS.split(' ')
        .any(|k| k.trim_end_matches(':').eq_ignore_ascii_case(key))
}

/// A word before a colon that reads as a key (`port:`, `foo:`), not as an IPv6 address or a
/// time of day in free text.
fn looks_like_key(key: &str) -> bool {
    key.len() > 1 && key.chars().all(|c| c.is_ascii_alphabetic())
}

fn parse_keyed(key: &str, value: &str) -> Result<TermKind, String> {
    if value.is_empty() {
        return Err(format!("{key}: needs a value, e.g. {}", example(key)));
    }
    let v = shown(value);
    Ok(match key {
        "ip" => TermKind::Ip(value.parse().map_err(|_| {
            format!("{v} is not an IPv4 or IPv6 address, e.g. ip:198.51.100.7 or ip:2001:db8::1")
        })?),
        "cidr" => TermKind::Cidr(parse_net(value)?),
        "port" => parse_ports(value)?,
        "proto" => TermKind::Proto(parse_protocol(value).map_err(|_| {
            format!("{v} is not a protocol: expected tcp, udp, icmp, icmpv6, all or a number 0-255")
        })?),
        "dir" => TermKind::Dir(match value.to_ascii_lowercase().as_str() {
            "in" | "inbound" | "ingress" => Direction::Inbound,
            "out" | "outbound" | "egress" => Direction::Outbound,
            _ => {
                return Err(format!(
                    "{v} is not a direction: expected dir:in or dir:out"
                ));
            }
        }),
        "vpc" => TermKind::Vpc(id(value, "vpc-")?),
        "sg" => TermKind::Group(id(value, "sg-")?),
        "pl" => TermKind::PrefixList(id(value, "pl-")?),
        "tag" => match value.split_once('=') {
            Some((k, v)) => TermKind::Tag {
                key: k.to_lowercase(),
                value: Some(v.to_lowercase()),
            },
            None => TermKind::Tag {
                key: value.to_lowercase(),
                value: None,
            },
        },
        "desc" => TermKind::Desc(value.to_lowercase()),
        _ => unreachable!("is_key admits only the keys above"),
    })
}

fn example(key: &str) -> &'static str {
    match key {
        "ip" => "ip:198.51.100.7",
        "cidr" => "cidr:10.0.0.0/8",
        "port" => "port:22 or port:1024-2048",
        "proto" => "proto:tcp",
        "dir" => "dir:in",
        "vpc" => "vpc:vpc-0abc1234",
        "sg" => "sg:sg-0abc1234",
        "pl" => "pl:pl-0123abcd",
        "tag" => "tag:env or tag:env=prod",
        _ => "desc:office",
    }
}

/// A network, or an address as its own /32 or /128.
fn parse_net(value: &str) -> Result<IpNet, String> {
    value
        .parse::<IpNet>()
        .or_else(|_| value.parse::<IpAddr>().map(IpNet::from))
        .map(|net| net.trunc())
        .map_err(|_| {
            format!(
                "{} is not a CIDR, e.g. cidr:10.0.0.0/8 or cidr:2001:db8::/32",
                shown(value)
            )
        })
}

/// `N`, `N-M` or `all`, read by the same parser as a rule spec's ports.
fn parse_ports(value: &str) -> Result<TermKind, String> {
    match parse_port_range(Protocol::Tcp, value) {
        // The parser keeps ports within 0-65535.
        Ok(range) => Ok(TermKind::Port {
            from: range.from as u16,
            to: range.to as u16,
        }),
        Err(SpecError::ReversedPortRange { from, to, .. }) => Err(format!(
            "port range {from}-{to} is backwards: write port:{to}-{from}"
        )),
        Err(_) => Err(format!(
            "{} is not a port: ports are whole numbers 0-65535, e.g. port:22 or port:1024-2048",
            shown(value)
        )),
    }
}

/// An EC2 id of the given prefix, lower-cased.
fn id(value: &str, prefix: &str) -> Result<String, String> {
    hex_id(value, prefix).ok_or_else(|| {
        format!(
            "{} is not an id: expected {prefix} and hex digits, e.g. {prefix}0abc1234",
            shown(value)
        )
    })
}

/// The canonical text of a term, which parses back to it.
impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negated {
            f.write_str("-")?;
        }
        match &self.kind {
            TermKind::Text(t) => f.write_str(t),
            TermKind::Ip(a) => write!(f, "ip:{a}"),
            TermKind::Cidr(n) => write!(f, "cidr:{n}"),
            TermKind::Port { from, to } if from == to => write!(f, "port:{from}"),
            TermKind::Port { from, to } => write!(f, "port:{from}-{to}"),
            TermKind::Proto(p) => write!(f, "proto:{}", super::protocol_word(*p)),
            TermKind::Dir(Direction::Inbound) => f.write_str("dir:in"),
            TermKind::Dir(Direction::Outbound) => f.write_str("dir:out"),
            TermKind::Vpc(id) => write!(f, "vpc:{id}"),
            TermKind::Group(id) => write!(f, "sg:{id}"),
            TermKind::PrefixList(id) => write!(f, "pl:{id}"),
            TermKind::Tag { key, value: None } => write!(f, "tag:{key}"),
            TermKind::Tag {
                key,
                value: Some(v),
            } => write!(f, "tag:{key}={v}"),
            TermKind::Desc(d) => write!(f, "desc:{d}"),
            TermKind::Open => f.write_str("open"),
            TermKind::Signal(w) => f.write_str(w.name()),
        }
    }
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
