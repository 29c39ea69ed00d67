//! Matching a [`Filter`] against groups and their rules. Terms combine per rule: a group is
//! shown when its group terms hold and at least one of its rules satisfies every other term;
//! those rules are its hits. All CIDR logic is ipnet's.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;

use self::text::{Searched, contains_folded, group_has_text, rule_has_text};
use super::signals::{Signals, Usage};
use crate::model::lang::{Filter, Term, TermKind};
use crate::model::scope::{is_named, plain};
use crate::model::{Peer, Protocol, Rule, SecurityGroup, Signal};

/// Where the addresses behind a rule's peer are looked up: the network interfaces in a
/// referenced group, and the entries of a prefix list. What is not loaded is not found. Asked
/// once per `ip:` term of a filter, not once per rule.
pub trait Addresses {
    /// The groups with an interface that holds `addr` (a private or IPv6 address), each with
    /// that interface's id.
    fn groups_holding(&self, addr: IpAddr) -> HashMap<String, String>;
    /// The prefix lists with an entry that contains `addr`, each with that entry.
    fn lists_containing(&self, addr: IpAddr) -> HashMap<String, IpNet>;
}

/// Nothing loaded: `ip:` matches CIDR peers only.
pub struct NoAddresses;

impl Addresses for NoAddresses {
    fn groups_holding(&self, _: IpAddr) -> HashMap<String, String> {
        HashMap::new()
    }

    fn lists_containing(&self, _: IpAddr) -> HashMap<String, IpNet> {
        HashMap::new()
    }
}

/// What stands behind one address: the groups and prefix lists that admit it.
struct Behind {
    addr: IpAddr,
    groups: HashMap<String, String>,
    lists: HashMap<String, IpNet>,
}

/// A rule the filter matches, and how, when it is not plain to see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hit {
    /// For `ip:` through a referenced group or a prefix list.
    pub via: Option<Via>,
}

/// What stood between an `ip:` address and a rule's peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// An interface in the referenced group holds the address.
    Interface { interface: String, group: String },
    /// An entry of the prefix list contains the address.
    Entry { list: String, cidr: IpNet },
}

impl Via {
    /// Beside the peer, which already names the group or the list: `via eni-…`,
    /// `via entry 198.51.100.64/26`.
    pub fn beside_peer(&self) -> String {
        match self {
            Self::Interface { interface, .. } => format!("via {}", plain(interface)),
            Self::Entry { cidr, .. } => format!("via entry {cidr}"),
        }
    }
}

/// `via eni-… in sg-…`, `via pl-… entry 198.51.100.64/26`.
impl fmt::Display for Via {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Interface { interface, group } => {
                write!(f, "via {} in {}", plain(interface), plain(group))
            }
            Self::Entry { list, cidr } => write!(f, "via {} entry {cidr}", plain(list)),
        }
    }
}

/// What a filter makes of one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GroupMatch {
    pub shown: bool,
    /// How many of its rules match (all of them when no term concerns rules).
    pub rules: usize,
}

/// A filter, with what stands behind each of its `ip:` addresses looked up, and the signals
/// its signal words ask for.
pub struct Matcher<'a> {
    filter: &'a Filter,
    behind: Vec<Behind>,
    /// `None` until they are computed: then no rule is risky, wide, redundant or stale, and no
    /// group unused.
    signals: Option<&'a Signals>,
    /// Where free text is read when the inventory's text index is given: `None` reads each
    /// group's and rule's fields.
    text: Option<Searched<'a>>,
}

impl<'a> Matcher<'a> {
    pub fn new(filter: &'a Filter, addresses: &dyn Addresses) -> Self {
        let behind = filter
            .terms
            .iter()
            .filter_map(|t| match t.kind {
                TermKind::Ip(addr) => Some(Behind {
                    addr,
                    groups: addresses.groups_holding(addr),
                    lists: addresses.lists_containing(addr),
                }),
                _ => None,
            })
            .collect();
        Self {
            filter,
            behind,
            signals: None,
            text: None,
        }
    }

    /// Judges signal words (`risky`, `unused`, …) by these signals.
    pub fn with_signals(mut self, signals: Option<&'a Signals>) -> Self {
        self.signals = signals;
        self
    }

    /// Whether `group` is shown, and how many of `rules` (its rules, both directions) match.
    pub fn group<'r>(
        &self,
        group: &SecurityGroup,
        rules: impl IntoIterator<Item = &'r Rule>,
    ) -> GroupMatch {
        self.judge(group, None, rules.into_iter().map(|r| (r, None)))
    }

    /// [`Matcher::group`], with the group's record in the text index and each rule's when
    /// there is one.
    fn judge<'r>(
        &self,
        group: &SecurityGroup,
        record: Option<u32>,
        rules: impl Iterator<Item = (&'r Rule, Option<u32>)>,
    ) -> GroupMatch {
        let mut per_rule = Vec::new();
        for (i, term) in self.filter.terms.iter().enumerate() {
            match self.on_group(i, term, group, record) {
                Some(true) => {}
                Some(false) => return GroupMatch::hidden(),
                None => per_rule.push((i, term)),
            }
        }
        // The group's own fields were read above: per rule, only the rule's are.
        let total_and_hits = rules.fold((0, 0), |(n, hits), (rule, record)| {
            let hit = per_rule
                .iter()
                .all(|&(i, t)| self.on_rule(i, t, rule, record));
            (n + 1, hits + usize::from(hit))
        });
        match total_and_hits {
            (n, _) if per_rule.is_empty() => GroupMatch {
                shown: true,
                rules: n,
            },
            (_, 0) => GroupMatch::hidden(),
            (_, hits) => GroupMatch {
                shown: true,
                rules: hits,
            },
        }
    }

    /// Whether one rule of `group` matches every term, and how.
    pub fn rule(&self, group: &SecurityGroup, rule: &Rule) -> Option<Hit> {
        let mut hit = Hit::default();
        for term in &self.filter.terms {
            let via = self.term(term, group, rule)?;
            hit.via = hit.via.or(via);
        }
        Some(hit)
    }

    /// Whether term number `i`, which its group left undecided, holds for one of the group's
    /// rules (`record` its text's in the index, if any).
    fn on_rule(&self, i: usize, term: &Term, rule: &Rule, record: Option<u32>) -> bool {
        let holds = match &term.kind {
            TermKind::Text(text) => self.has_text(i, record, || rule_has_text(rule, text)),
            TermKind::Ip(addr) => self.admits(&rule.peer, *addr).is_some(),
            TermKind::Signal(word) => self.signalled(*word, rule),
            kind => rule_holds(kind, rule),
        };
        holds != term.negated
    }

    /// Whether `term` holds for `rule` of `group`: `Some` (with how, for `ip:` through a
    /// reference) or `None`.
    fn term(&self, term: &Term, group: &SecurityGroup, rule: &Rule) -> Option<Option<Via>> {
        let (holds, via) = match &term.kind {
            TermKind::Ip(addr) => match self.admits(&rule.peer, *addr) {
                Some(via) => (true, via),
                None => (false, None),
            },
            TermKind::Signal(Signal::Unused) => (self.unused(group), None),
            TermKind::Signal(word) => (self.signalled(*word, rule), None),
            kind => (holds(kind, group, rule), None),
        };
        (holds != term.negated).then_some(via)
    }

    /// Term number `i` decided by the group alone (`Some`), or one that needs a rule (`None`).
    /// Free text and tags that the group itself holds hold for every rule.
    fn on_group(
        &self,
        i: usize,
        term: &Term,
        group: &SecurityGroup,
        record: Option<u32>,
    ) -> Option<bool> {
        let holds = match &term.kind {
            TermKind::Vpc(id) => in_vpc(group, id),
            TermKind::Text(text) if self.has_text(i, record, || group_has_text(group, text)) => {
                true
            }
            TermKind::Tag { key, value } if has_tag(&group.tags, key, value.as_deref()) => true,
            TermKind::Signal(Signal::Unused) => self.unused(group),
            _ => return None,
        };
        Some(holds != term.negated)
    }

    /// Whether no network interface uses the group and no other group references it.
    fn unused(&self, group: &SecurityGroup) -> bool {
        self.signals
            .is_some_and(|s| s.group(&group.id).usage == Usage::Unused)
    }

    /// Whether a rule carries the signal `word` names.
    fn signalled(&self, word: Signal, rule: &Rule) -> bool {
        let Some(signals) = self.signals else {
            return false;
        };
        let found = signals.rule(&rule.id);
        match word {
            Signal::Risky => found.risky.is_some(),
            Signal::Wide => found.wide.is_some(),
            Signal::Redundant => found.redundant.is_some(),
            Signal::Stale => found.stale,
            Signal::Unused => unreachable!("unused is the group's, decided before its rules"),
        }
    }

    fn behind(&self, addr: IpAddr) -> Option<&Behind> {
        self.behind.iter().find(|b| b.addr == addr)
    }

    /// Whether `peer` admits `addr`: directly, through an interface of a referenced group, or
    /// through a prefix list's entry (then saying which).
    fn admits(&self, peer: &Peer, addr: IpAddr) -> Option<Option<Via>> {
        match (peer, addr) {
            (Peer::Ipv4(net), IpAddr::V4(a)) => net.contains(&a).then_some(None),
            (Peer::Ipv6(net), IpAddr::V6(a)) => net.contains(&a).then_some(None),
            (Peer::Group(g), _) => {
                let eni = self.behind(addr)?.groups.get(&g.group_id)?;
                Some(Some(Via::Interface {
                    interface: eni.clone(),
                    group: g.group_id.clone(),
                }))
            }
            (Peer::PrefixList(id), _) => {
                let cidr = self.behind(addr)?.lists.get(id)?;
                Some(Some(Via::Entry {
                    list: id.clone(),
                    cidr: *cidr,
                }))
            }
            _ => None,
        }
    }
}

impl GroupMatch {
    fn hidden() -> Self {
        Self {
            shown: false,
            rules: 0,
        }
    }
}

/// Whether a term other than `ip:` holds for a rule of a group, before negation.
fn holds(kind: &TermKind, group: &SecurityGroup, rule: &Rule) -> bool {
    match kind {
        TermKind::Text(text) => group_has_text(group, text) || rule_has_text(rule, text),
        TermKind::Vpc(id) => in_vpc(group, id),
        TermKind::Tag { key, value } => {
            has_tag(&group.tags, key, value.as_deref()) || rule_holds(kind, rule)
        }
        kind => rule_holds(kind, rule),
    }
}

/// Whether a term holds for the rule alone, before negation; the group's own fields are not
/// read (text and tags: the group already said it does not hold them).
fn rule_holds(kind: &TermKind, rule: &Rule) -> bool {
    match kind {
        TermKind::Text(text) => rule_has_text(rule, text),
        TermKind::Tag { key, value } => has_tag(&rule.tags, key, value.as_deref()),
        TermKind::Cidr(net) => match (&rule.peer, net) {
            (Peer::Ipv4(p), IpNet::V4(n)) => p.contains(&n.network()) || n.contains(&p.network()),
            (Peer::Ipv6(p), IpNet::V6(n)) => p.contains(&n.network()) || n.contains(&p.network()),
            _ => false,
        },
        TermKind::Port { from, to } => covers_ports(rule, *from, *to),
        TermKind::Proto(p) => rule.protocol == *p || rule.protocol == Protocol::All,
        TermKind::Dir(d) => rule.direction == *d,
        TermKind::Group(id) => matches!(&rule.peer, Peer::Group(g) if is_named(&g.group_id, id)),
        TermKind::PrefixList(id) => matches!(&rule.peer, Peer::PrefixList(p) if is_named(p, id)),
        TermKind::Desc(text) => rule
            .description
            .as_deref()
            .is_some_and(|d| contains_folded(d, text)),
        TermKind::Open => rule.peer.is_world(),
        TermKind::Vpc(_) | TermKind::Ip(_) | TermKind::Signal(_) => {
            unreachable!(
                "vpc: is the group's, ip: is matched with the addresses behind the peer, and \
                 signals with the signals"
            )
        }
    }
}

fn in_vpc(group: &SecurityGroup, id: &str) -> bool {
    group
        .vpc_id
        .as_deref()
        .is_some_and(|v| v.eq_ignore_ascii_case(id) || plain(v).eq_ignore_ascii_case(id))
}

/// Whether the rule's ports cover `from`-`to` (overlap it). All traffic and protocols without
/// ports cover every port; ICMP has types, not ports, and covers none.
fn covers_ports(rule: &Rule, from: u16, to: u16) -> bool {
    match rule.protocol {
        Protocol::All | Protocol::Number(_) => true,
        Protocol::Icmp | Protocol::Icmpv6 => false,
        Protocol::Tcp | Protocol::Udp => {
            let (low, high) = if rule.ports.from < 0 {
                (0, 65535)
            } else {
                (rule.ports.from, rule.ports.to)
            };
            low <= i32::from(to) && i32::from(from) <= high
        }
    }
}

/// A tag by key, and value if given; both compared without case (`key` and `value` are lower).
fn has_tag(tags: &crate::model::Tags, key: &str, value: Option<&str>) -> bool {
    tags.iter().any(|(k, v)| {
        k.to_lowercase() == key && value.is_none_or(|value| v.to_lowercase() == value)
    })
}

#[path = "filter_text.rs"]
mod text;

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
