//! Our types to and from the SDK's: groups, rules, tags, network interfaces, prefix lists and
//! stale groups read from describe answers; the `IpPermission`s and `TagSpecifications` of a
//! request; what a revoke or authorize answered.

use std::borrow::Cow;
use std::fmt::Display;
use std::str::FromStr;

use aws_sdk_ec2::types::{
    IpPermission, IpRange, Ipv6Range, ManagedPrefixList, PrefixListId, ResourceType,
    RevokedSecurityGroupRule, SecurityGroupRule, StaleIpPermission, StaleSecurityGroup, Tag,
    TagSpecification, UserIdGroupPair, builders::IpPermissionBuilder,
};
use ipnet::IpNet;

use super::fields::{GroupFields, ReferencedFields, RuleFields, add_tag};
use crate::ec2::{Permission, RevokeResponse};
use crate::model::{
    NetworkInterface, Peer, PortRange, PrefixList, PrefixListEntry, Protocol, ProtocolPorts, Rule,
    SecurityGroup, StaleGroup, StaleGroupPair, StaleRule, Tags,
};

fn tags_of(tags: &[Tag]) -> Tags {
    let mut kept = Tags::new();
    for t in tags {
        add_tag(&mut kept, t.key().map(Cow::from), t.value().map(Cow::from));
    }
    kept
}

pub(super) fn group_of(g: &aws_sdk_ec2::types::SecurityGroup) -> SecurityGroup {
    GroupFields {
        id: g.group_id().map(Cow::from),
        name: g.group_name().map(Cow::from),
        description: g.description().map(Cow::from),
        vpc_id: g.vpc_id().map(Cow::from),
        owner_id: g.owner_id().map(Cow::from),
        tags: tags_of(g.tags()),
        listed_rules: (g.ip_permissions().iter())
            .chain(g.ip_permissions_egress())
            .map(peer_count)
            .sum(),
    }
    .into_group()
}

/// How many rules a permission is: one per peer.
fn peer_count(p: &IpPermission) -> usize {
    p.ip_ranges().len()
        + p.ipv6_ranges().len()
        + p.prefix_list_ids().len()
        + p.user_id_group_pairs().len()
}

pub(super) fn rule_of(r: &SecurityGroupRule) -> Rule {
    RuleFields {
        id: r.security_group_rule_id().map(Cow::from),
        group_id: r.group_id().map(Cow::from),
        is_egress: r.is_egress(),
        ip_protocol: r.ip_protocol().map(Cow::from),
        from_port: r.from_port(),
        to_port: r.to_port(),
        cidr_ipv4: r.cidr_ipv4().map(Cow::from),
        cidr_ipv6: r.cidr_ipv6().map(Cow::from),
        prefix_list_id: r.prefix_list_id().map(Cow::from),
        referenced: r.referenced_group_info().map(|g| {
            ReferencedFields {
                group_id: g.group_id().map(Cow::from),
                user_id: g.user_id().map(Cow::from),
                vpc_id: g.vpc_id().map(Cow::from),
                peering_status: g.peering_status().map(Cow::from),
            }
            .into_group_ref()
        }),
        description: r.description().map(Cow::from),
        tags: tags_of(r.tags()),
    }
    .into_rule()
}

pub(super) fn interface_of(n: &aws_sdk_ec2::types::NetworkInterface) -> NetworkInterface {
    let id = n.network_interface_id().unwrap_or_default();
    let private = n.private_ip_addresses();
    // EC2 names the primary addresses both at the top and in the lists; each is kept once.
    let private_ips = private
        .iter()
        .filter_map(|p| p.private_ip_address())
        .chain(n.private_ip_address());
    let public_ips = private
        .iter()
        .filter_map(|p| p.association()?.public_ip())
        .chain(n.association().and_then(|a| a.public_ip()));
    let ipv6 = n
        .ipv6_addresses()
        .iter()
        .filter_map(|a| a.ipv6_address())
        .chain(n.ipv6_address());
    NetworkInterface {
        id: id.to_string(),
        interface_type: n
            .interface_type()
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        description: n.description().unwrap_or_default().to_string(),
        vpc_id: n.vpc_id().map(str::to_string),
        subnet_id: n.subnet_id().map(str::to_string),
        group_ids: n
            .groups()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect(),
        private_ips: parsed_once(private_ips, "private address", id),
        public_ips: parsed_once(public_ips, "public address", id),
        ipv6: parsed_once(ipv6, "IPv6 address", id),
        attachment: n
            .attachment()
            .and_then(|a| a.instance_id())
            .map(str::to_string),
        requester_id: n.requester_id().map(str::to_string),
        status: n.status().map(|s| s.as_str().to_string()),
    }
}

/// The values that parse, each once; one that does not is left out with a warning (EC2's answer
/// is untrusted text, never a reason to fail the whole page).
fn parsed_once<'a, T>(texts: impl Iterator<Item = &'a str>, what: &str, owner: &str) -> Vec<T>
where
    T: FromStr + PartialEq,
    T::Err: Display,
{
    let mut values = Vec::new();
    for text in texts {
        match text.parse::<T>() {
            Ok(value) if !values.contains(&value) => values.push(value),
            Ok(_) => {}
            Err(e) => tracing::warn!(owner, ?text, %e, "skipping an unreadable {what}"),
        }
    }
    values
}

pub(super) fn prefix_list_of(p: &ManagedPrefixList) -> PrefixList {
    PrefixList {
        id: p.prefix_list_id().unwrap_or_default().to_string(),
        name: p.prefix_list_name().unwrap_or_default().to_string(),
        address_family: p.address_family().map(str::to_string),
        max_entries: p.max_entries(),
        owner_id: p.owner_id().map(str::to_string),
    }
}

/// One entry of the prefix list `list_id`, or nothing (with a warning) if its CIDR is unreadable.
pub(super) fn entry_of(
    list_id: &str,
    e: &aws_sdk_ec2::types::PrefixListEntry,
) -> Option<PrefixListEntry> {
    let cidr = parsed_once::<IpNet>(e.cidr().into_iter(), "prefix list entry", list_id);
    Some(PrefixListEntry {
        cidr: cidr.into_iter().next()?,
        description: e
            .description()
            .filter(|d| !d.is_empty())
            .map(str::to_string),
    })
}

/// One group of a `DescribeStaleSecurityGroups` answer, with its stale rules per direction.
pub(super) fn stale_group_of(g: &StaleSecurityGroup) -> StaleGroup {
    StaleGroup {
        id: g.group_id().unwrap_or_default().to_string(),
        name: g.group_name().unwrap_or_default().to_string(),
        vpc_id: g.vpc_id().map(str::to_string),
        description: g.description().unwrap_or_default().to_string(),
        inbound: g.stale_ip_permissions().iter().map(stale_rule_of).collect(),
        outbound: g
            .stale_ip_permissions_egress()
            .iter()
            .map(stale_rule_of)
            .collect(),
    }
}

fn stale_rule_of(p: &StaleIpPermission) -> StaleRule {
    StaleRule {
        protocol: Protocol::parse(p.ip_protocol().unwrap_or("-1")).unwrap_or(Protocol::All),
        ports: PortRange::new(p.from_port().unwrap_or(-1), p.to_port().unwrap_or(-1)),
        groups: p.user_id_group_pairs().iter().map(stale_pair_of).collect(),
        prefix_list_ids: p.prefix_list_ids().to_vec(),
        ip_ranges: p.ip_ranges().to_vec(),
    }
}

fn stale_pair_of(g: &UserIdGroupPair) -> StaleGroupPair {
    let text = |t: Option<&str>| t.filter(|t| !t.is_empty()).map(str::to_string);
    StaleGroupPair {
        group_id: g.group_id().unwrap_or_default().to_string(),
        group_name: text(g.group_name()),
        user_id: text(g.user_id()),
        vpc_id: text(g.vpc_id()),
        vpc_peering_connection_id: text(g.vpc_peering_connection_id()),
        peering_status: text(g.peering_status()),
    }
}

/// A `NextToken` as a page's next token: EC2 may send an empty one on the last page.
pub(super) fn blank_to_none(token: Option<String>) -> Option<String> {
    token.filter(|t| !t.is_empty())
}

/// An `IpPermission` as text, one line per peer (for `UnknownIpPermissions`).
fn permission_texts(p: &IpPermission) -> Vec<String> {
    let protocol = Protocol::parse(p.ip_protocol().unwrap_or("-1")).unwrap_or(Protocol::All);
    let ports = PortRange::new(p.from_port().unwrap_or(-1), p.to_port().unwrap_or(-1));
    let what = ProtocolPorts(protocol, ports).to_string();
    let peers = p
        .ip_ranges()
        .iter()
        .filter_map(|r| r.cidr_ip())
        .chain(p.ipv6_ranges().iter().filter_map(|r| r.cidr_ipv6()))
        .chain(
            p.prefix_list_ids()
                .iter()
                .filter_map(|r| r.prefix_list_id()),
        )
        .chain(p.user_id_group_pairs().iter().filter_map(|r| r.group_id()));
    let texts: Vec<String> = peers.map(|peer| format!("{what} {peer}")).collect();
    if texts.is_empty() { vec![what] } else { texts }
}

/// What a revoke call answered, from the fields both directions' outputs have.
pub(super) fn response_of(
    returned: Option<bool>,
    unknown: Option<&[IpPermission]>,
    revoked: Option<&[RevokedSecurityGroupRule]>,
) -> RevokeResponse {
    RevokeResponse {
        returned: returned.unwrap_or(false),
        revoked_rule_ids: revoked.map(|rules| {
            rules
                .iter()
                .filter_map(|r| r.security_group_rule_id().map(str::to_string))
                .collect()
        }),
        unknown_permissions: unknown
            .unwrap_or_default()
            .iter()
            .flat_map(permission_texts)
            .collect(),
    }
}

/// The id of the rule an authorize call created, when EC2 says.
pub(super) fn first_rule_id(rules: &[SecurityGroupRule]) -> Option<String> {
    rules
        .first()
        .and_then(|r| r.security_group_rule_id())
        .map(str::to_string)
}

/// A typed permission as the SDK's `IpPermission`.
pub(super) fn ip_permission(p: &Permission) -> IpPermission {
    let out = permission_builder(p.protocol, p.ports);
    p.peers
        .iter()
        .fold(out, |out, peer| with_peer(out, peer, None))
        .build()
}

/// The one-peer `IpPermission` of an authorize call, with the rule's description.
pub(super) fn authorize_permission(
    protocol: Protocol,
    ports: PortRange,
    peer: &Peer,
    description: Option<String>,
) -> IpPermission {
    with_peer(permission_builder(protocol, ports), peer, description).build()
}

fn permission_builder(protocol: Protocol, ports: PortRange) -> IpPermissionBuilder {
    let out = IpPermission::builder().ip_protocol(protocol.api_name());
    if protocol == Protocol::All {
        out
    } else {
        out.from_port(ports.from).to_port(ports.to)
    }
}

/// Adds one peer, in the list EC2 keeps for its kind, with an optional description.
fn with_peer(
    out: IpPermissionBuilder,
    peer: &Peer,
    description: Option<String>,
) -> IpPermissionBuilder {
    match peer {
        Peer::Ipv4(net) => out.ip_ranges(
            IpRange::builder()
                .cidr_ip(net.to_string())
                .set_description(description)
                .build(),
        ),
        Peer::Ipv6(net) => out.ipv6_ranges(
            Ipv6Range::builder()
                .cidr_ipv6(net.to_string())
                .set_description(description)
                .build(),
        ),
        Peer::PrefixList(id) => out.prefix_list_ids(
            PrefixListId::builder()
                .prefix_list_id(id)
                .set_description(description)
                .build(),
        ),
        Peer::Group(g) => out.user_id_group_pairs(
            UserIdGroupPair::builder()
                .group_id(&g.group_id)
                .set_user_id(g.user_id.clone())
                .set_description(description)
                .build(),
        ),
        Peer::Unknown(_) => out,
    }
}

/// The tags of a rule to create, as EC2's `TagSpecifications`.
pub(super) fn rule_tags(tags: &Tags) -> Option<Vec<TagSpecification>> {
    (!tags.is_empty()).then(|| {
        vec![
            TagSpecification::builder()
                .resource_type(ResourceType::SecurityGroupRule)
                .set_tags(Some(
                    tags.iter()
                        .map(|(k, v)| Tag::builder().key(k).value(v).build())
                        .collect(),
                ))
                .build(),
        ]
    })
}
