//! Text as a person reads it: rules and peers for the panes, the preview, the results, the
//! history and the command line (a revoke's plan, verdicts and outcomes in [`revoke`]), and
//! untrusted text (names, descriptions, tags) made inert wherever it is shown.

pub mod revoke;
mod text;

pub use text::{inert, wrap};

use crate::ec2::AuthorizeRequest;
use crate::model::{Direction, Peer, ProtocolPorts, Rule};

/// What the presenter may look up about groups: their names and owners (the TUI knows them
/// from the inventory).
pub trait Names {
    fn group_name(&self, group_id: &str) -> Option<&str>;
    fn group_owner(&self, group_id: &str) -> Option<&str>;
}

/// An id as EC2 knows it, inert: a key scoped to its region (several regions side by side)
/// shows without it, as the region has a column of its own.
pub fn id(key: &str) -> std::borrow::Cow<'_, str> {
    inert(crate::model::scope::plain(key))
}

/// "from" for inbound rules, "to" for outbound ones.
pub fn towards(direction: Direction) -> &'static str {
    match direction {
        Direction::Inbound => "from",
        Direction::Outbound => "to",
    }
}

/// The peer as [`peer`] writes it in at most `width` columns where it can: a group reference
/// leaves out the group's name, and a prefix list its label, rather than have an id cut.
pub fn peer_within(peer: &Peer, group_id: &str, names: &impl Names, width: usize) -> String {
    match peer {
        Peer::Group(g) => {
            let (id, name) = group_peer(g, group_id, names);
            match name {
                Some(name) if id.chars().count() + name.chars().count() + 3 <= width => {
                    format!("{id} ({name})")
                }
                _ => id,
            }
        }
        Peer::PrefixList(list)
            if self::id(list).chars().count() + " (prefix list)".len() > width =>
        {
            self::id(list).into_owned()
        }
        _ => self::peer(peer, group_id, names),
    }
}

/// The peer of a rule in group `group_id`: CIDRs flagged when open to the world, prefix lists
/// named so, group references with the group's name (and account, when it is another's).
pub fn peer(peer: &Peer, group_id: &str, names: &impl Names) -> String {
    match peer {
        Peer::Ipv4(_) | Peer::Ipv6(_) if peer.is_world() => format!("{} (anywhere)", peer.short()),
        Peer::PrefixList(list) => format!("{} (prefix list)", id(list)),
        Peer::Group(g) => match group_peer(g, group_id, names) {
            (id, Some(name)) => format!("{id} ({name})"),
            (id, None) => id,
        },
        other => inert(&other.short()).into_owned(),
    }
}

/// A referenced group as `ACCOUNT/sg-…` (the account when it is not the rule's owner) and its
/// name, when known; both inert.
fn group_peer(
    g: &crate::model::GroupRef,
    group_id: &str,
    names: &impl Names,
) -> (String, Option<String>) {
    let account = match (&g.user_id, names.group_owner(group_id)) {
        (Some(user), Some(owner)) if user != owner => format!("{}/", inert(user)),
        _ => String::new(),
    };
    let id = format!("{account}{}", self::id(&g.group_id));
    let name = names.group_name(&g.group_id).map(|n| inert(n).into_owned());
    (id, name)
}

/// A rule on one line, as the preview and the results show it:
/// `sgr-… tcp 22 from 0.0.0.0/0 (anywhere)  "description"`.
pub fn rule_line(rule: &Rule, names: &impl Names) -> String {
    let mut s = format!(
        "{} {} {} {}",
        id(rule.id_text()),
        rule.protocol_ports(),
        towards(rule.direction),
        peer(&rule.peer, &rule.group_id, names)
    );
    push_description(&mut s, rule.description.as_deref());
    s
}

/// A rule to re-create, on one line: `sg-… inbound tcp 22 from 0.0.0.0/0  "description"`.
pub fn request_line(r: &AuthorizeRequest) -> String {
    let mut s = format!(
        "{} {} {} {} {}",
        id(&r.group_id),
        r.direction.label(),
        ProtocolPorts(r.protocol, r.ports),
        towards(r.direction),
        id(&r.peer.short())
    );
    push_description(&mut s, r.description.as_deref());
    s
}

/// A group as `sg-… (name)`.
pub fn group_label(group_id: &str, names: &impl Names) -> String {
    match names.group_name(group_id) {
        Some(name) => format!("{} ({})", id(group_id), inert(name)),
        None => id(group_id).into_owned(),
    }
}

fn push_description(s: &mut String, description: Option<&str>) {
    if let Some(d) = description {
        s.push_str(&format!("  \"{}\"", inert(d)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GroupRef, PortRange, Protocol};

    /// Knows no group: peers show as ids.
    struct NoNames;

    impl Names for NoNames {
        fn group_name(&self, _: &str) -> Option<&str> {
            None
        }

        fn group_owner(&self, _: &str) -> Option<&str> {
            None
        }
    }

    struct Two;

    impl Names for Two {
        fn group_name(&self, id: &str) -> Option<&str> {
            (id == "sg-2").then_some("db\u{1b}[2J")
        }

        fn group_owner(&self, _: &str) -> Option<&str> {
            Some("111111111111")
        }
    }

    fn rule(peer: Peer, direction: Direction) -> Rule {
        Rule {
            id: "sgr-1".into(),
            group_id: "sg-1".into(),
            direction,
            protocol: Protocol::Tcp,
            ports: PortRange::new(22, 22),
            peer,
            description: Some("ssh\u{202e}".into()),
            tags: Default::default(),
        }
    }

    #[test]
    fn rules_read_as_a_person_reads_them() {
        let world = rule(Peer::Ipv4("0.0.0.0/0".parse().unwrap()), Direction::Inbound);
        assert_eq!(
            rule_line(&world, &NoNames),
            "sgr-1 tcp 22 from 0.0.0.0/0 (anywhere)  \"ssh\\u{202e}\""
        );
        let group = rule(
            Peer::Group(GroupRef {
                group_id: "sg-2".into(),
                user_id: Some("222222222222".into()),
                vpc_id: None,
                peering_status: None,
            }),
            Direction::Outbound,
        );
        assert_eq!(
            peer(&group.peer, &group.group_id, &Two),
            "222222222222/sg-2 (db\\x1b[2J)"
        );
        assert!(rule_line(&group, &NoNames).starts_with("sgr-1 tcp 22 to sg-2  "));
        assert_eq!(group_label("sg-2", &Two), "sg-2 (db\\x1b[2J)");
        assert_eq!(
            peer_within(&group.peer, &group.group_id, &Two, 20),
            "222222222222/sg-2",
            "the name goes before the id is cut"
        );
        assert_eq!(
            peer_within(&group.peer, &group.group_id, &Two, 40),
            "222222222222/sg-2 (db\\x1b[2J)"
        );
    }
}
