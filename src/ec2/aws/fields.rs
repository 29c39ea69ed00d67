//! What a rule and a group of the two big listings are made of, as EC2 names their fields:
//! filled from the SDK's types (an answer the SDK decoded) or straight from an answer's text
//! (`decode`), and made into sgtui's types by one function each, so that the two paths cannot
//! differ.

use std::borrow::Cow;

use ipnet::{Ipv4Net, Ipv6Net};

use crate::model::{Direction, GroupRef, Peer, PortRange, Protocol, Rule, SecurityGroup, Tags};

/// The fields of one `SecurityGroupRule`, each as EC2 wrote it (`None` when it was left out).
#[derive(Debug, Default)]
pub(super) struct RuleFields<'a> {
    pub id: Option<Cow<'a, str>>,
    pub group_id: Option<Cow<'a, str>>,
    pub is_egress: Option<bool>,
    pub ip_protocol: Option<Cow<'a, str>>,
    pub from_port: Option<i32>,
    pub to_port: Option<i32>,
    pub cidr_ipv4: Option<Cow<'a, str>>,
    pub cidr_ipv6: Option<Cow<'a, str>>,
    pub prefix_list_id: Option<Cow<'a, str>>,
    pub referenced: Option<GroupRef>,
    pub description: Option<Cow<'a, str>>,
    pub tags: Tags,
}

impl RuleFields<'_> {
    /// The rule: its one peer is the first of an IPv4 CIDR, an IPv6 CIDR, a prefix list and a
    /// group that it names; a CIDR that does not parse is kept verbatim as an unknown peer.
    pub fn into_rule(self) -> Rule {
        let peer = if let Some(c) = self.cidr_ipv4 {
            c.parse::<Ipv4Net>()
                .map(Peer::Ipv4)
                .unwrap_or_else(|_| Peer::Unknown(c.into_owned()))
        } else if let Some(c) = self.cidr_ipv6 {
            c.parse::<Ipv6Net>()
                .map(Peer::Ipv6)
                .unwrap_or_else(|_| Peer::Unknown(c.into_owned()))
        } else if let Some(p) = self.prefix_list_id {
            Peer::PrefixList(p.into_owned())
        } else if let Some(g) = self.referenced {
            Peer::Group(g)
        } else {
            Peer::Unknown("(no peer)".into())
        };
        let protocol = self.ip_protocol.as_deref().unwrap_or("-1");
        Rule {
            id: owned(self.id),
            group_id: owned(self.group_id),
            direction: Direction::from_egress(self.is_egress.unwrap_or(false)),
            protocol: Protocol::parse(protocol).unwrap_or(Protocol::All),
            ports: PortRange::new(self.from_port.unwrap_or(-1), self.to_port.unwrap_or(-1)),
            peer,
            description: self
                .description
                .filter(|d| !d.is_empty())
                .map(Cow::into_owned),
            tags: self.tags,
        }
    }
}

/// The fields of a rule's `ReferencedGroupInfo` that sgtui keeps.
#[derive(Debug, Default)]
pub(super) struct ReferencedFields<'a> {
    pub group_id: Option<Cow<'a, str>>,
    pub user_id: Option<Cow<'a, str>>,
    pub vpc_id: Option<Cow<'a, str>>,
    pub peering_status: Option<Cow<'a, str>>,
}

impl ReferencedFields<'_> {
    pub fn into_group_ref(self) -> GroupRef {
        GroupRef {
            group_id: owned(self.group_id),
            user_id: self.user_id.map(Cow::into_owned),
            vpc_id: self.vpc_id.map(Cow::into_owned),
            peering_status: self.peering_status.map(Cow::into_owned),
        }
    }
}

/// The fields of one `SecurityGroup` that sgtui keeps, and how many rules its permissions list.
#[derive(Debug, Default)]
pub(super) struct GroupFields<'a> {
    pub id: Option<Cow<'a, str>>,
    pub name: Option<Cow<'a, str>>,
    pub description: Option<Cow<'a, str>>,
    pub vpc_id: Option<Cow<'a, str>>,
    pub owner_id: Option<Cow<'a, str>>,
    pub tags: Tags,
    /// One per peer of each permission, both directions.
    pub listed_rules: usize,
}

impl GroupFields<'_> {
    pub fn into_group(self) -> SecurityGroup {
        SecurityGroup {
            id: owned(self.id),
            name: owned(self.name),
            description: owned(self.description),
            vpc_id: self.vpc_id.map(Cow::into_owned),
            owner_id: self.owner_id.map(Cow::into_owned),
            tags: self.tags,
            listed_rules: Some(self.listed_rules),
        }
    }
}

/// A tag as EC2 wrote it, into `tags`: one without a key is left out, one without a value has
/// an empty one, and a key written twice keeps its last value.
pub(super) fn add_tag(tags: &mut Tags, key: Option<Cow<'_, str>>, value: Option<Cow<'_, str>>) {
    if let Some(key) = key {
        tags.insert(
            key.into_owned(),
            value.map(Cow::into_owned).unwrap_or_default(),
        );
    }
}

fn owned(text: Option<Cow<'_, str>>) -> String {
    text.map(Cow::into_owned).unwrap_or_default()
}
