//! `DescribeSecurityGroups` as the CLI writes it, to and from the model: each permission
//! unfolded into one rule per peer, in the permission's order (IPv4, IPv6, prefix lists,
//! groups); and rules folded back into one permission per protocol and ports, as EC2 folds
//! them. The answer names no rule ids: each rule gets a key of its own ([`Rule::unidentified_key`]).

use std::collections::{HashMap, HashSet};

use ipnet::{Ipv4Net, Ipv6Net};

use super::shapes::{
    GroupPairShape, GroupShape, GroupsAnswer, IpRangeShape, Ipv6RangeShape, PermissionShape,
    PrefixListIdShape, TagShape,
};
use crate::model::{Direction, GroupRef, Peer, PortRange, Protocol, Rule, SecurityGroup, Tags};

/// The groups of the answer and their rules, without ids. A value that cannot be read (a
/// protocol, a CIDR) or a group listed twice is an error naming the group.
pub(super) fn read(answer: &GroupsAnswer) -> Result<(Vec<SecurityGroup>, Vec<Rule>), String> {
    let mut groups = Vec::with_capacity(answer.security_groups.len());
    let mut rules = Vec::new();
    let mut seen = HashSet::new();
    for shape in &answer.security_groups {
        let id = &shape.group_id;
        if !seen.insert(id.as_str()) {
            return Err(format!("group {id} is listed twice"));
        }
        let before = rules.len();
        let mut group = SecurityGroup {
            id: id.clone(),
            name: shape.group_name.clone().unwrap_or_default(),
            description: shape.description.clone().unwrap_or_default(),
            vpc_id: shape.vpc_id.clone(),
            owner_id: shape.owner_id.clone(),
            tags: tags_of(shape.tags.as_deref().unwrap_or_default()),
            listed_rules: None,
        };
        for (direction, permissions) in [
            (Direction::Inbound, &shape.ip_permissions),
            (Direction::Outbound, &shape.ip_permissions_egress),
        ] {
            let mut n = 0;
            let context = |e: String| format!("group {id}, {}: {e}", direction.label());
            for permission in permissions {
                let protocol = protocol_of(&permission.ip_protocol).map_err(context)?;
                let ports = ports_of(permission.from_port, permission.to_port);
                for (peer, description) in peers(permission).map_err(context)? {
                    n += 1;
                    rules.push(Rule {
                        id: Rule::unidentified_key(id, direction, n),
                        group_id: id.clone(),
                        direction,
                        protocol,
                        ports,
                        peer,
                        description: description.filter(|d| !d.is_empty()).cloned(),
                        tags: Tags::new(),
                    });
                }
            }
        }
        group.listed_rules = Some(rules.len() - before);
        groups.push(group);
    }
    Ok((groups, rules))
}

/// Tags as the model holds them; a tag without a value has the empty one, as EC2 reads it.
pub(super) fn tags_of(tags: &[TagShape]) -> Tags {
    tags.iter()
        .map(|t| (t.key.clone(), t.value.clone()))
        .collect()
}

/// The tags of the model as the CLI writes them.
pub(super) fn tag_shapes(tags: &Tags) -> Vec<TagShape> {
    tags.iter()
        .map(|(key, value)| TagShape {
            key: key.clone(),
            value: value.clone(),
        })
        .collect()
}

/// `IpProtocol` read as EC2 names it (`tcp`, `-1`, `50`, …).
pub(super) fn protocol_of(text: &str) -> Result<Protocol, String> {
    Protocol::parse(text).ok_or_else(|| format!("unknown protocol {text:?}"))
}

/// `FromPort`/`ToPort`; a missing one is `-1`, as EC2 reads it.
pub(super) fn ports_of(from: Option<i32>, to: Option<i32>) -> PortRange {
    PortRange::new(from.unwrap_or(-1), to.unwrap_or(-1))
}

/// The ports to write for a rule: none for the protocols that have none, as EC2 answers.
pub(super) fn port_fields(protocol: Protocol, ports: PortRange) -> (Option<i32>, Option<i32>) {
    let portless = matches!(protocol, Protocol::All | Protocol::Number(_));
    if portless && ports == PortRange::ANY {
        (None, None)
    } else {
        (Some(ports.from), Some(ports.to))
    }
}

pub(super) fn ipv4(cidr: &str) -> Result<Peer, String> {
    cidr.parse::<Ipv4Net>()
        .map(Peer::Ipv4)
        .map_err(|e| format!("{cidr:?} is not an IPv4 CIDR: {e}"))
}

pub(super) fn ipv6(cidr: &str) -> Result<Peer, String> {
    cidr.parse::<Ipv6Net>()
        .map(Peer::Ipv6)
        .map_err(|e| format!("{cidr:?} is not an IPv6 CIDR: {e}"))
}

/// Every peer of a permission with its description, in EC2's order.
fn peers(p: &PermissionShape) -> Result<Vec<(Peer, Option<&String>)>, String> {
    let mut out = Vec::new();
    for r in &p.ip_ranges {
        out.push((ipv4(&r.cidr_ip)?, r.description.as_ref()));
    }
    for r in &p.ipv6_ranges {
        out.push((ipv6(&r.cidr_ipv6)?, r.description.as_ref()));
    }
    for r in &p.prefix_list_ids {
        out.push((
            Peer::PrefixList(r.prefix_list_id.clone()),
            r.description.as_ref(),
        ));
    }
    for g in &p.user_id_group_pairs {
        let peer = Peer::Group(GroupRef {
            group_id: g.group_id.clone(),
            user_id: g.user_id.clone(),
            vpc_id: g.vpc_id.clone(),
            peering_status: g.peering_status.clone(),
        });
        out.push((peer, g.description.as_ref()));
    }
    Ok(out)
}

/// The answer the CLI would have written for `groups` and `rules`: one permission per
/// protocol and ports, each with its peers. A peer sgtui could not read is left out; answers
/// how many were.
pub(super) fn write(groups: &[SecurityGroup], rules: &[Rule]) -> (GroupsAnswer, usize) {
    let mut by_group: HashMap<&str, Vec<&Rule>> = HashMap::new();
    for rule in rules {
        by_group.entry(&rule.group_id).or_default().push(rule);
    }
    let mut left_out = 0;
    let security_groups = groups
        .iter()
        .map(|g| {
            let rules = by_group.get(g.id.as_str()).map(Vec::as_slice);
            let rules = rules.unwrap_or_default();
            let mut fold = |direction| {
                let (permissions, skipped) = fold(rules, direction);
                left_out += skipped;
                permissions
            };
            GroupShape {
                description: Some(g.description.clone()),
                group_name: Some(g.name.clone()),
                ip_permissions: fold(Direction::Inbound),
                owner_id: g.owner_id.clone(),
                group_id: g.id.clone(),
                ip_permissions_egress: fold(Direction::Outbound),
                tags: (!g.tags.is_empty()).then(|| tag_shapes(&g.tags)),
                vpc_id: g.vpc_id.clone(),
            }
        })
        .collect();
    let answer = GroupsAnswer {
        security_groups,
        next_token: None,
    };
    (answer, left_out)
}

/// The permissions of one direction, in the order their first rule comes; and how many peers
/// were left out.
fn fold(rules: &[&Rule], direction: Direction) -> (Vec<PermissionShape>, usize) {
    let mut keys: Vec<(Protocol, PortRange)> = Vec::new();
    let mut permissions: Vec<PermissionShape> = Vec::new();
    let mut left_out = 0;
    for rule in rules.iter().filter(|r| r.direction == direction) {
        let key = (rule.protocol, rule.ports);
        let at = keys.iter().position(|k| *k == key).unwrap_or_else(|| {
            let (from_port, to_port) = port_fields(rule.protocol, rule.ports);
            keys.push(key);
            permissions.push(PermissionShape {
                from_port,
                ip_protocol: rule.protocol.api_name(),
                to_port,
                ..PermissionShape::default()
            });
            keys.len() - 1
        });
        let p = &mut permissions[at];
        let description = rule.description.clone();
        match &rule.peer {
            Peer::Ipv4(net) => p.ip_ranges.push(IpRangeShape {
                cidr_ip: net.to_string(),
                description,
            }),
            Peer::Ipv6(net) => p.ipv6_ranges.push(Ipv6RangeShape {
                cidr_ipv6: net.to_string(),
                description,
            }),
            Peer::PrefixList(id) => p.prefix_list_ids.push(PrefixListIdShape {
                prefix_list_id: id.clone(),
                description,
            }),
            Peer::Group(g) => p.user_id_group_pairs.push(GroupPairShape {
                description,
                group_id: g.group_id.clone(),
                group_name: None,
                peering_status: g.peering_status.clone(),
                user_id: g.user_id.clone(),
                vpc_id: g.vpc_id.clone(),
                vpc_peering_connection_id: None,
            }),
            Peer::Unknown(_) => left_out += 1,
        }
    }
    // A permission whose only peers were left out says nothing.
    let permissions = permissions
        .into_iter()
        .filter(|p| {
            !(p.ip_ranges.is_empty()
                && p.ipv6_ranges.is_empty()
                && p.prefix_list_ids.is_empty()
                && p.user_id_group_pairs.is_empty())
        })
        .collect();
    (permissions, left_out)
}
