//! An EC2 account held in memory, loaded from JSON: the demo account and test fixtures.
//! It answers as real EC2 does (see `ec2-semantics.md`), not as moto does.

use std::sync::Mutex;

use ipnet::{Ipv4Net, Ipv6Net};
use serde::{Deserialize, Serialize};

use super::{
    ApiError, AuthorizeRequest, Connection, Ec2, Page, Permission, RevokeRequest, RevokeResponse,
    RevokeTarget, codes,
};
use crate::model::{
    Direction, GroupRef, Peer, PortRange, Protocol, ProtocolPorts, Rule, SecurityGroup, Tags,
};

/// An account as JSON: VPCs, groups with their rules, and the calls IAM denies.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    pub account_id: String,
    pub region: String,
    #[serde(default)]
    pub vpcs: Vec<VpcSpec>,
    pub groups: Vec<GroupSpec>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

fn minus_one() -> i32 {
    -1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeniedCall {
    pub action: String,
    pub group_id: String,
}

impl Account {
    pub fn from_json(json: &str) -> Result<Self, String> {
        serde_json::from_str(json).map_err(|e| format!("invalid account JSON: {e}"))
    }

    /// The account shipped for `--demo`.
    pub fn demo() -> Self {
        Self::from_json(include_str!("../../assets/demo-account.json"))
            .expect("the embedded demo account is valid JSON (a unit test proves it)")
    }
}

struct State {
    groups: Vec<SecurityGroup>,
    /// For the ids of rules created here.
    next_id: u64,
    /// VPCs where unmatched peers of a revoke by properties are no error.
    default_vpcs: Vec<String>,
    rules: Vec<Rule>,
    denied: Vec<DeniedCall>,
}

/// The in-memory backend. Page sizes are small so that streaming shows in the demo too.
pub struct MemoryEc2 {
    state: Mutex<State>,
    account_id: String,
    region: String,
    page_size: usize,
}

impl MemoryEc2 {
    pub fn new(account: Account) -> Result<Self, String> {
        let mut rules = Vec::new();
        let mut groups = Vec::new();
        let mut next_id = 1;
        for g in &account.groups {
            for (direction, specs) in [
                (Direction::Inbound, &g.inbound),
                (Direction::Outbound, &g.outbound),
            ] {
                for spec in specs {
                    let id = spec.id.clone().unwrap_or_else(|| {
                        next_id += 1;
                        format!("sgr-{:017x}", next_id)
                    });
                    rules.push(rule_from_spec(&g.id, direction, id, spec)?);
                }
            }
            groups.push(SecurityGroup {
                id: g.id.clone(),
                name: g.name.clone(),
                description: g.description.clone(),
                vpc_id: g.vpc_id.clone(),
                owner_id: g
                    .owner_id
                    .clone()
                    .or_else(|| Some(account.account_id.clone())),
                tags: g.tags.clone(),
            });
        }
        Ok(Self {
            state: Mutex::new(State {
                groups,
                next_id,
                default_vpcs: account
                    .vpcs
                    .iter()
                    .filter(|v| v.is_default)
                    .map(|v| v.id.clone())
                    .collect(),
                rules,
                denied: account.denied.clone(),
            }),
            account_id: account.account_id,
            region: account.region,
            page_size: 25,
        })
    }

    /// Sets how many items a describe page holds.
    pub fn with_page_size(mut self, page_size: usize) -> Self {
        self.page_size = page_size.max(1);
        self
    }

    /// Removes a rule as someone else (the console, another tool) would; for tests.
    pub fn delete_rule_out_of_band(&self, rule_id: &str) -> bool {
        let mut state = self.lock();
        let before = state.rules.len();
        state.rules.retain(|r| r.id != rule_id);
        state.rules.len() != before
    }

    /// Every rule now held, for tests.
    pub fn rules(&self) -> Vec<Rule> {
        self.lock().rules.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means a test thread panicked; the data is still whole.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn page<T: Clone>(&self, items: &[T], token: Option<String>) -> Result<Page<T>, ApiError> {
        let start = match token {
            None => 0,
            Some(t) => t
                .parse::<usize>()
                .ok()
                .filter(|&s| s <= items.len())
                .ok_or_else(|| {
                    ApiError::new("InvalidNextToken", "The specified NextToken is not valid.")
                })?,
        };
        let end = (start + self.page_size).min(items.len());
        Ok(Page {
            items: items[start..end].to_vec(),
            next_token: (end < items.len()).then(|| end.to_string()),
        })
    }
}

impl State {
    /// What EC2 checks before a mutating call: the group id, the group, IAM, then DryRun.
    fn check_call(&self, group_id: &str, action: &str, dry_run: bool) -> Result<(), ApiError> {
        if !group_id.starts_with("sg-") {
            return Err(ApiError::new(
                codes::GROUP_ID_MALFORMED,
                format!("Invalid id: \"{group_id}\" (expecting \"sg-...\")"),
            ));
        }
        if !self.groups.iter().any(|g| g.id == group_id) {
            return Err(ApiError::new(
                codes::GROUP_NOT_FOUND,
                format!("The security group '{group_id}' does not exist"),
            ));
        }
        if self
            .denied
            .iter()
            .any(|d| d.action == action && d.group_id == group_id)
        {
            return Err(ApiError::new(
                codes::UNAUTHORIZED,
                "You are not authorized to perform this operation.",
            ));
        }
        if dry_run {
            return Err(ApiError::new(
                codes::DRY_RUN_OPERATION,
                "Request would have succeeded, but DryRun flag is set.",
            ));
        }
        Ok(())
    }
}

fn rule_from_spec(
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
        spec.referenced_group_id.clone().map(|g| {
            Ok(Peer::Group(GroupRef {
                group_id: g,
                user_id: None,
                vpc_id: None,
                peering_status: None,
            }))
        }),
    ];
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

impl Ec2 for MemoryEc2 {
    async fn connect(&self) -> Result<Connection, ApiError> {
        Ok(Connection {
            profile: None,
            region: Some(self.region.clone()),
            endpoint: Some("in-memory demo account".into()),
            account_id: Some(self.account_id.clone()),
        })
    }

    async fn describe_groups_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<SecurityGroup>, ApiError> {
        let state = self.lock();
        self.page(&state.groups, next_token)
    }

    async fn describe_rules_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<Rule>, ApiError> {
        let state = self.lock();
        self.page(&state.rules, next_token)
    }

    async fn describe_rules_of_groups(
        &self,
        group_ids: Vec<String>,
    ) -> Result<Vec<Rule>, ApiError> {
        let state = self.lock();
        Ok(state
            .rules
            .iter()
            .filter(|r| group_ids.contains(&r.group_id))
            .cloned()
            .collect())
    }

    async fn authorize(
        &self,
        request: AuthorizeRequest,
        dry_run: bool,
    ) -> Result<Option<String>, ApiError> {
        let mut state = self.lock();
        state.check_call(&request.group_id, request.action(), dry_run)?;
        let exists = state.rules.iter().any(|r| {
            r.group_id == request.group_id
                && r.direction == request.direction
                && r.has_properties(request.protocol, request.ports, &request.peer)
        });
        if exists {
            return Err(ApiError::new(
                codes::PERMISSION_DUPLICATE,
                format!(
                    "the specified rule \"{} {}\" already exists",
                    ProtocolPorts(request.protocol, request.ports),
                    request.peer.canonical().short()
                ),
            ));
        }
        state.next_id += 1;
        let id = format!("sgr-{:017x}", 0xa000_0000 + state.next_id);
        state.rules.push(Rule {
            id: id.clone(),
            group_id: request.group_id,
            direction: request.direction,
            protocol: request.protocol,
            ports: request.ports,
            peer: request.peer.canonical(),
            description: request.description,
            tags: request.tags,
        });
        Ok(Some(id))
    }

    async fn revoke(
        &self,
        request: RevokeRequest,
        dry_run: bool,
    ) -> Result<RevokeResponse, ApiError> {
        let mut state = self.lock();
        let group_id = &request.group_id;
        state.check_call(group_id, request.action(), dry_run)?;
        let ids = match &request.target {
            RevokeTarget::RuleIds(ids) => ids.clone(),
            RevokeTarget::Permissions(permissions) => {
                let default_vpc = state
                    .groups
                    .iter()
                    .find(|g| &g.id == group_id)
                    .is_none_or(|g| {
                        g.vpc_id
                            .as_ref()
                            .is_none_or(|v| state.default_vpcs.contains(v))
                    });
                return revoke_by_properties(&mut state, &request, permissions, default_vpc);
            }
        };
        if ids.is_empty() {
            return Err(ApiError::new(
                codes::MISSING_PARAMETER,
                "Either 'ipPermissions' or 'securityGroupRuleIds' should be provided.",
            ));
        }
        // All or nothing: one unknown id (wrong group, wrong direction, already gone) fails the call.
        for id in &ids {
            let exists = state.rules.iter().any(|r| {
                &r.id == id && &r.group_id == group_id && r.direction == request.direction
            });
            if !exists {
                return Err(ApiError::new(
                    codes::RULE_ID_NOT_FOUND,
                    format!("The security group rule ID '{id}' does not exist"),
                ));
            }
        }
        state
            .rules
            .retain(|r| !(&r.group_id == group_id && ids.contains(&r.id)));
        Ok(RevokeResponse {
            returned: true,
            revoked_rule_ids: Some(ids),
            unknown_permissions: Vec::new(),
        })
    }
}

/// A revoke by properties as EC2 does it: each named peer must match a rule exactly. In a
/// default VPC the peers that match nothing are answered in `UnknownIpPermissions` and the others
/// revoked; in any other VPC one mismatch fails the call and nothing is revoked.
fn revoke_by_properties(
    state: &mut State,
    request: &RevokeRequest,
    permissions: &[Permission],
    default_vpc: bool,
) -> Result<RevokeResponse, ApiError> {
    if permissions.iter().all(|p| p.peers.is_empty()) {
        return Err(ApiError::new(
            codes::MISSING_PARAMETER,
            "Either 'ipPermissions' or 'securityGroupRuleIds' should be provided.",
        ));
    }
    let mut matched: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for permission in permissions {
        for peer in &permission.peers {
            let rule = state.rules.iter().find(|r| {
                r.group_id == request.group_id
                    && r.direction == request.direction
                    && r.has_properties(permission.protocol, permission.ports, peer)
            });
            match rule {
                Some(rule) if !matched.contains(&rule.id) => matched.push(rule.id.clone()),
                Some(_) => {}
                None => unknown.push(format!(
                    "{} {}",
                    ProtocolPorts(permission.protocol, permission.ports),
                    peer.canonical().short()
                )),
            }
        }
    }
    if !unknown.is_empty() && !default_vpc {
        return Err(ApiError::new(
            codes::PERMISSION_NOT_FOUND,
            "The specified rule does not exist in this security group.",
        ));
    }
    state.rules.retain(|r| !matched.contains(&r.id));
    Ok(RevokeResponse {
        returned: true,
        revoked_rule_ids: Some(matched),
        unknown_permissions: unknown,
    })
}
