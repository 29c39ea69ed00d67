//! `DescribeSecurityGroupRules` as the CLI writes it: what brings rule ids (and rule tags) to a
//! snapshot. Each rule is matched to exactly one peer of its group's permissions by EC2's
//! match (group, direction, protocol, ports, peer); anything left over on either side means the
//! two answers do not describe the same moment, and the snapshot is refused.

use std::collections::{HashMap, HashSet};

use super::groups::{ipv4, ipv6, ports_of, protocol_of, tag_shapes, tags_of};
use super::shapes::{ReferencedGroupShape, RuleShape, RulesAnswer};
use crate::model::{Direction, GroupRef, Peer, Rule, SecurityGroup, properties_text};

/// A rule of the answer as the model holds it, or an error naming it.
fn rule_of(shape: &RuleShape) -> Result<Rule, String> {
    let id = &shape.security_group_rule_id;
    let context = |e: String| format!("rule {id}: {e}");
    let peers = [
        shape.cidr_ipv4.as_deref().map(ipv4),
        shape.cidr_ipv6.as_deref().map(ipv6),
        (shape.prefix_list_id.clone()).map(|p| Ok(Peer::PrefixList(p))),
        shape.referenced_group_info.as_ref().map(|g| {
            Ok(Peer::Group(GroupRef {
                group_id: g.group_id.clone(),
                user_id: g.user_id.clone(),
                vpc_id: g.vpc_id.clone(),
                peering_status: g.peering_status.clone(),
            }))
        }),
    ];
    let mut peers = peers.into_iter().flatten();
    let peer = match (peers.next(), peers.next()) {
        (Some(peer), None) => peer.map_err(context)?,
        _ => {
            return Err(context(
                "needs exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo".into(),
            ));
        }
    };
    Ok(Rule {
        id: id.clone(),
        group_id: shape.group_id.clone(),
        direction: Direction::from_egress(shape.is_egress),
        protocol: protocol_of(&shape.ip_protocol).map_err(context)?,
        ports: ports_of(shape.from_port, shape.to_port),
        peer,
        description: shape.description.clone().filter(|d| !d.is_empty()),
        tags: tags_of(&shape.tags),
    })
}

/// Gives each rule (read from the groups' permissions) the id and tags of the one rule of the
/// answer that matches it. Rules of groups the snapshot does not hold are left out; answers how
/// many. Fails, naming the first of each, when a peer has no rule or a rule no peer.
pub(super) fn attach_ids(
    rules: &mut [Rule],
    answer: &RulesAnswer,
    groups: &[SecurityGroup],
) -> Result<usize, String> {
    let known: HashSet<&str> = groups.iter().map(|g| g.id.as_str()).collect();
    let mut ids = HashSet::new();
    let mut outside = 0;
    let mut by_home: HashMap<(&str, Direction), Vec<(Rule, bool)>> = HashMap::new();
    for shape in &answer.security_group_rules {
        if !ids.insert(shape.security_group_rule_id.as_str()) {
            return Err(format!(
                "rule {} is listed twice",
                shape.security_group_rule_id
            ));
        }
        let Some(&group) = known.get(shape.group_id.as_str()) else {
            outside += 1;
            continue;
        };
        let rule = rule_of(shape)?;
        by_home
            .entry((group, rule.direction))
            .or_default()
            .push((rule, false));
    }
    let mut unmatched = Vec::new();
    for rule in rules.iter_mut() {
        let candidates = by_home.get_mut(&(rule.group_id.as_str(), rule.direction));
        let found = candidates.and_then(|c| {
            c.iter_mut()
                .find(|(r, used)| !used && r.has_properties(rule.protocol, rule.ports, &rule.peer))
        });
        match found {
            Some((with_id, used)) => {
                *used = true;
                rule.id = with_id.id.clone();
                rule.tags = with_id.tags.clone();
                if rule.description.is_none() {
                    rule.description = with_id.description.clone();
                }
            }
            None => unmatched.push(&*rule),
        }
    }
    let mut left: Vec<&Rule> = (by_home.values())
        .flatten()
        .filter(|(_, used)| !used)
        .map(|(r, _)| r)
        .collect();
    left.sort_by(|a, b| a.id.cmp(&b.id));
    if unmatched.is_empty() && left.is_empty() {
        return Ok(outside);
    }
    let mut parts = Vec::new();
    if let Some(first) = unmatched.first() {
        parts.push(format!(
            "{} peer(s) of the groups' permissions have no rule (first: {})",
            unmatched.len(),
            described(first, None)
        ));
    }
    if let Some(first) = left.first() {
        parts.push(format!(
            "{} rule(s) match no peer of their group's permissions (first: {})",
            left.len(),
            described(first, Some(&first.id))
        ));
    }
    Err(format!(
        "the rules do not match the groups: {}",
        parts.join("; ")
    ))
}

/// `sg-… inbound tcp 22 10.0.0.0/8`, after the rule's id when it has one.
fn described(rule: &Rule, id: Option<&str>) -> String {
    let what = format!(
        "{} {} {}",
        rule.group_id,
        rule.direction.label(),
        properties_text(rule.protocol, rule.ports, &rule.peer)
    );
    match id {
        Some(id) => format!("{id} of {what}"),
        None => what,
    }
}

/// The answer the CLI would have written for the rules that have EC2 ids; a peer sgtui could
/// not read is left out.
pub(super) fn write(groups: &[SecurityGroup], rules: &[Rule]) -> RulesAnswer {
    let owners: HashMap<&str, Option<&String>> = groups
        .iter()
        .map(|g| (g.id.as_str(), g.owner_id.as_ref()))
        .collect();
    let security_group_rules = rules
        .iter()
        .filter_map(|rule| {
            let id = rule.ec2_id()?;
            let mut shape = RuleShape {
                security_group_rule_id: id.to_string(),
                group_id: rule.group_id.clone(),
                group_owner_id: owners
                    .get(rule.group_id.as_str())
                    .copied()
                    .flatten()
                    .cloned(),
                is_egress: rule.direction == Direction::Outbound,
                ip_protocol: rule.protocol.api_name(),
                from_port: Some(rule.ports.from),
                to_port: Some(rule.ports.to),
                description: rule.description.clone(),
                tags: tag_shapes(&rule.tags),
                ..RuleShape::default()
            };
            match &rule.peer {
                Peer::Ipv4(net) => shape.cidr_ipv4 = Some(net.to_string()),
                Peer::Ipv6(net) => shape.cidr_ipv6 = Some(net.to_string()),
                Peer::PrefixList(id) => shape.prefix_list_id = Some(id.clone()),
                Peer::Group(g) => {
                    shape.referenced_group_info = Some(ReferencedGroupShape {
                        group_id: g.group_id.clone(),
                        peering_status: g.peering_status.clone(),
                        user_id: g.user_id.clone(),
                        vpc_id: g.vpc_id.clone(),
                        vpc_peering_connection_id: None,
                    })
                }
                Peer::Unknown(_) => return None,
            }
            Some(shape)
        })
        .collect();
    RulesAnswer {
        security_group_rules,
        next_token: None,
    }
}
