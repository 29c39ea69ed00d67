//! The JSON account the in-memory backend is loaded from: VPCs, groups with their rules, network
//! interfaces and prefix lists (`network.rs`), the calls IAM denies; and its rules turned into
//! [`Rule`]s.

use ipnet::{Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};

use super::network::{InterfaceSpec, PrefixListSpec};
use crate::model::{Direction, GroupRef, Peer, PortRange, Protocol, Rule, Tags};

/// An account as JSON: VPCs, groups with their rules, network interfaces, prefix lists, and the
/// calls IAM denies.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub account_id: String,
    pub region: String,
    #[serde(default)]
    pub vpcs: Vec<VpcSpec>,
    pub groups: Vec<GroupSpec>,
    /// Who is in each group (`DescribeNetworkInterfaces`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network_interfaces: Vec<InterfaceSpec>,
    /// The managed prefix lists, with their entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefix_lists: Vec<PrefixListSpec>,
    /// Calls that IAM would refuse (`UnauthorizedOperation`), for the demo and tests.
    #[serde(default)]
    pub denied: Vec<DeniedCall>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VpcSpec {
    pub id: String,
    pub cidr: String,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub vpc_id: Option<String>,
    #[serde(default)]
    pub owner_id: Option<String>,
    #[serde(default)]
    pub tags: Tags,
    #[serde(default)]
    pub inbound: Vec<RuleSpec>,
    #[serde(default)]
    pub outbound: Vec<RuleSpec>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    #[serde(default)]
    pub id: Option<String>,
    pub protocol: String,
    #[serde(default = "minus_one")]
    pub from_port: i32,
    #[serde(default = "minus_one")]
    pub to_port: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_list_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_group_id: Option<String>,
    /// The referenced group's account, when another account owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_user_id: Option<String>,
    /// The referenced group's VPC, when it is not the rule's own (a peered VPC). The account's
    /// groups are all the groups there are: one referenced here and missing from them was
    /// deleted, and the rule is stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_vpc_id: Option<String>,
    /// `pcx-…`: the peering connection the reference crosses (needs `referenced_vpc_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_peering_connection_id: Option<String>,
    /// The peering's status (`active` when a peering is named and this is left out); a
    /// `deleted` peering makes the rule stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peering_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

fn minus_one() -> i32 {
    -1
}

/// A call IAM refuses with `UnauthorizedOperation`. `action` is EC2's name for it
/// (`RevokeSecurityGroupIngress`, `DescribeNetworkInterfaces`, `GetManagedPrefixListEntries`,
/// …). `group_id` or `prefix_list_id` narrows the refusal to calls on that group or list;
/// without either it refuses the action on everything, which is how a describe call (one that
/// names no resource) is denied: `{"action": "DescribeNetworkInterfaces"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeniedCall {
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_list_id: Option<String>,
}

impl DeniedCall {
    /// Whether this refuses `action` on `resource` (a group or list id; `None` for a call that
    /// names none).
    pub fn refuses(&self, action: &str, resource: Option<&str>) -> bool {
        self.action == action
            && [&self.group_id, &self.prefix_list_id]
                .into_iter()
                .flatten()
                .all(|id| Some(id.as_str()) == resource)
    }
}

impl Account {
    pub fn from_json(json: &str) -> Result<Self, String> {
        serde_json::from_str(json).map_err(|e| format!("invalid account JSON: {e}"))
    }

    /// The account shipped for `--demo`.
    pub fn demo() -> Self {
        Self::from_json(include_str!("../../../assets/demo-account.json"))
            .expect("the embedded demo account is valid JSON (a unit test proves it)")
    }
}

/// One rule of the JSON as a [`Rule`] of the given group and direction.
pub(super) fn rule_from_spec(
    group_id: &str,
    direction: Direction,
    id: String,
    spec: &RuleSpec,
) -> Result<Rule, String> {
    let protocol = Protocol::parse(&spec.protocol)
        .ok_or_else(|| format!("rule {id}: unknown protocol {:?}", spec.protocol))?;
    let peers = [
        spec.cidr_ipv4.as_ref().map(|c| {
            c.parse::<Ipv4Net>()
                .map(Peer::Ipv4)
                .map_err(|e| format!("rule {id}: {c}: {e}"))
        }),
        spec.cidr_ipv6.as_ref().map(|c| {
            c.parse::<Ipv6Net>()
                .map(Peer::Ipv6)
                .map_err(|e| format!("rule {id}: {c}: {e}"))
        }),
        spec.prefix_list_id.clone().map(|p| Ok(Peer::PrefixList(p))),
        spec.referenced_group_id
            .clone()
            .map(|g| group_peer(&id, g, spec)),
    ];
    let across = [
        &spec.referenced_user_id,
        &spec.referenced_vpc_id,
        &spec.vpc_peering_connection_id,
        &spec.peering_status,
    ];
    if spec.referenced_group_id.is_none() && across.iter().any(|f| f.is_some()) {
        return Err(format!(
            "rule {id}: a referenced account, VPC or peering needs referenced_group_id"
        ));
    }
    let mut peers = peers.into_iter().flatten();
    let peer = match (peers.next(), peers.next()) {
        (Some(p), None) => p?,
        _ => return Err(format!("rule {id}: needs exactly one peer")),
    };
    Ok(Rule {
        id,
        group_id: group_id.to_string(),
        direction,
        protocol,
        ports: PortRange::new(spec.from_port, spec.to_port),
        peer,
        description: spec.description.clone(),
        tags: spec.tags.clone(),
    })
}

/// The peer of a rule that references a group, perhaps across a peering connection.
fn group_peer(id: &str, group_id: String, spec: &RuleSpec) -> Result<Peer, String> {
    let peering = &spec.vpc_peering_connection_id;
    if peering.is_some() && spec.referenced_vpc_id.is_none() {
        return Err(format!(
            "rule {id}: vpc_peering_connection_id needs referenced_vpc_id"
        ));
    }
    let status = spec.peering_status.clone();
    Ok(Peer::Group(GroupRef {
        group_id,
        user_id: spec.referenced_user_id.clone(),
        vpc_id: spec.referenced_vpc_id.clone(),
        peering_status: status.or_else(|| peering.as_ref().map(|_| "active".to_string())),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_account_parses_and_its_rules_convert() {
        let demo = Account::demo();
        assert!(!demo.groups.is_empty());
        for g in &demo.groups {
            for (direction, specs) in [
                (Direction::Inbound, &g.inbound),
                (Direction::Outbound, &g.outbound),
            ] {
                for spec in specs {
                    let id = spec.id.clone().unwrap_or_else(|| "sgr-test".into());
                    rule_from_spec(&g.id, direction, id, spec).expect("a valid demo rule");
                }
            }
        }
    }

    #[test]
    fn the_demo_account_loads_with_its_interfaces_and_prefix_lists() {
        let demo = Account::demo();
        assert!(demo.network_interfaces.len() > 40);
        let used: Vec<&str> = demo
            .network_interfaces
            .iter()
            .flat_map(|i| i.groups.iter().map(String::as_str))
            .collect();
        let unused = demo
            .groups
            .iter()
            .filter(|g| !used.contains(&g.id.as_str()));
        assert!(unused.count() >= 5, "several groups have no interface");
        let named: Vec<&str> = demo
            .groups
            .iter()
            .flat_map(|g| g.inbound.iter().chain(&g.outbound))
            .filter_map(|r| r.prefix_list_id.as_deref())
            .collect();
        for id in named {
            assert!(
                demo.prefix_lists.iter().any(|p| p.id == id),
                "{id} is described"
            );
        }
        super::super::MemoryEc2::new(demo).expect("the demo account is valid");
    }

    #[test]
    fn an_account_without_interfaces_or_prefix_lists_still_loads() {
        let account = Account::from_json(
            r#"{"account_id": "1", "region": "r", "groups": [],
                "denied": [{"action": "RevokeSecurityGroupEgress", "group_id": "sg-1"}]}"#,
        )
        .unwrap();
        assert!(account.network_interfaces.is_empty() && account.prefix_lists.is_empty());
        assert_eq!(account.denied[0].group_id.as_deref(), Some("sg-1"));
    }

    #[test]
    fn a_denial_refuses_its_action_on_its_resource_or_on_all() {
        let denial = |json: &str| serde_json::from_str::<DeniedCall>(json).unwrap();
        let on_web = denial(r#"{"action": "RevokeSecurityGroupIngress", "group_id": "sg-web"}"#);
        assert!(on_web.refuses("RevokeSecurityGroupIngress", Some("sg-web")));
        assert!(!on_web.refuses("RevokeSecurityGroupIngress", Some("sg-db")));
        assert!(!on_web.refuses("RevokeSecurityGroupEgress", Some("sg-web")));
        assert!(!on_web.refuses("RevokeSecurityGroupIngress", None));
        let all = denial(r#"{"action": "DescribeNetworkInterfaces"}"#);
        assert!(all.refuses("DescribeNetworkInterfaces", None));
        assert!(!all.refuses("DescribeSecurityGroups", None));
        let list = denial(r#"{"action": "GetManagedPrefixListEntries", "prefix_list_id": "pl-1"}"#);
        assert!(list.refuses("GetManagedPrefixListEntries", Some("pl-1")));
        assert!(!list.refuses("GetManagedPrefixListEntries", Some("pl-2")));
    }

    fn spec(json: &str) -> RuleSpec {
        serde_json::from_str(json).expect("a rule spec")
    }

    #[test]
    fn a_rule_needs_exactly_one_peer() {
        let none = spec(r#"{"protocol": "tcp", "from_port": 22, "to_port": 22}"#);
        let two =
            spec(r#"{"protocol": "tcp", "cidr_ipv4": "10.0.0.0/8", "prefix_list_id": "pl-1"}"#);
        for s in [none, two] {
            let err = rule_from_spec("sg-1", Direction::Inbound, "sgr-1".into(), &s).unwrap_err();
            assert_eq!(err, "rule sgr-1: needs exactly one peer");
        }
    }

    #[test]
    fn ports_default_to_minus_one_and_bad_values_name_the_rule() {
        let all = spec(r#"{"protocol": "-1", "cidr_ipv6": "::/0"}"#);
        let rule = rule_from_spec("sg-1", Direction::Outbound, "sgr-2".into(), &all).unwrap();
        assert_eq!(rule.ports, PortRange::new(-1, -1));
        assert_eq!(rule.direction, Direction::Outbound);
        let bad = spec(r#"{"protocol": "tcp", "cidr_ipv4": "10.0.0.300/8"}"#);
        let err = rule_from_spec("sg-1", Direction::Inbound, "sgr-3".into(), &bad).unwrap_err();
        assert!(err.starts_with("rule sgr-3: 10.0.0.300/8: "), "{err}");
        let proto = spec(r#"{"protocol": "bogus", "cidr_ipv4": "10.0.0.0/8"}"#);
        let err = rule_from_spec("sg-1", Direction::Inbound, "sgr-4".into(), &proto).unwrap_err();
        assert_eq!(err, r#"rule sgr-4: unknown protocol "bogus""#);
    }
}
