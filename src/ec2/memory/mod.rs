//! An EC2 account held in memory, loaded from JSON: the demo account and test fixtures.
//! It answers as real EC2 does (see `ec2-semantics.md`), not as moto does.

mod account;
mod network;
mod semantics;
mod stale;

use std::collections::HashMap;
use std::sync::Mutex;

use super::{
    ApiError, AuthorizeRequest, Connection, Ec2, Page, RevokeRequest, RevokeResponse, RevokeTarget,
    codes,
};
use crate::model::{
    Direction, NetworkInterface, PrefixList, PrefixListEntry, Rule, SecurityGroup, StaleGroup,
    properties_text,
};
use account::rule_from_spec;
pub use account::{Account, DeniedCall};
use network::HeldPrefixList;
use semantics::{revoke_by_ids, revoke_by_properties};
use stale::Peering;

struct State {
    groups: Vec<SecurityGroup>,
    interfaces: Vec<NetworkInterface>,
    prefix_lists: Vec<HeldPrefixList>,
    /// For the ids of rules created here.
    next_id: u64,
    /// VPCs where unmatched peers of a revoke by properties are no error.
    default_vpcs: Vec<String>,
    /// Every VPC of the account: those listed and those its groups are in.
    vpcs: Vec<String>,
    /// The peering connections the rules' group references cross.
    peerings: Vec<Peering>,
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
                listed_rules: None,
            });
        }
        let interfaces = account
            .network_interfaces
            .iter()
            .map(|i| i.to_model(&account.groups))
            .collect::<Result<_, _>>()?;
        let prefix_lists = account
            .prefix_lists
            .iter()
            .map(|p| p.to_model(&account.account_id))
            .collect::<Result<_, _>>()?;
        let peerings = Peering::of_account(&account)?;
        let mut vpcs: Vec<String> = account.vpcs.iter().map(|v| v.id.clone()).collect();
        vpcs.extend(groups.iter().filter_map(|g| g.vpc_id.clone()));
        vpcs.sort();
        vpcs.dedup();
        Ok(Self {
            state: Mutex::new(State {
                groups,
                interfaces,
                prefix_lists,
                next_id,
                default_vpcs: account
                    .vpcs
                    .iter()
                    .filter(|v| v.is_default)
                    .map(|v| v.id.clone())
                    .collect(),
                vpcs,
                peerings,
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

    /// One page of the describe call `action`, of the items `of` picks from the state.
    fn page<T: Clone>(
        &self,
        action: &str,
        of: impl FnOnce(&State) -> &[T],
        token: Option<String>,
    ) -> Result<Page<T>, ApiError> {
        let state = self.lock();
        state.check_iam(action, None)?;
        page_of(of(&state), token, self.page_size)
    }
}

/// The page of `items` that starts at `token` (an offset), `page_size` long.
fn page_of<T: Clone>(
    items: &[T],
    token: Option<String>,
    page_size: usize,
) -> Result<Page<T>, ApiError> {
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
    let end = (start + page_size).min(items.len());
    Ok(Page {
        items: items[start..end].to_vec(),
        next_token: (end < items.len()).then(|| end.to_string()),
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
        let mut page = self.page("DescribeSecurityGroups", |state| &state.groups, next_token)?;
        // As EC2 lists each group's permissions, with one peer per rule, at the time of the call.
        let state = self.lock();
        let mut counts = HashMap::<&str, usize>::new();
        for rule in &state.rules {
            *counts.entry(&rule.group_id).or_default() += 1;
        }
        for group in &mut page.items {
            group.listed_rules = Some(counts.get(group.id.as_str()).copied().unwrap_or(0));
        }
        Ok(page)
    }

    async fn describe_rules_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<Rule>, ApiError> {
        self.page(
            "DescribeSecurityGroupRules",
            |state| &state.rules,
            next_token,
        )
    }

    async fn describe_rules_of_groups(
        &self,
        group_ids: Vec<String>,
    ) -> Result<Vec<Rule>, ApiError> {
        let state = self.lock();
        state.check_iam("DescribeSecurityGroupRules", None)?;
        Ok(state
            .rules
            .iter()
            .filter(|r| group_ids.contains(&r.group_id))
            .cloned()
            .collect())
    }

    async fn describe_interfaces_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<NetworkInterface>, ApiError> {
        self.page(
            "DescribeNetworkInterfaces",
            |state| &state.interfaces,
            next_token,
        )
    }

    async fn describe_prefix_lists(&self, ids: Vec<String>) -> Result<Vec<PrefixList>, ApiError> {
        let state = self.lock();
        state.check_iam("DescribeManagedPrefixLists", None)?;
        Ok(state
            .prefix_lists
            .iter()
            .filter(|p| ids.contains(&p.list.id))
            .map(|p| p.list.clone())
            .collect())
    }

    async fn prefix_list_entries(&self, id: String) -> Result<Vec<PrefixListEntry>, ApiError> {
        let state = self.lock();
        state.check_iam("GetManagedPrefixListEntries", Some(&id))?;
        let list = state.prefix_lists.iter().find(|p| p.list.id == id);
        list.map(|p| p.entries.clone()).ok_or_else(|| {
            ApiError::new(
                codes::PREFIX_LIST_NOT_FOUND,
                format!("The prefix list ID '{id}' does not exist"),
            )
        })
    }

    async fn describe_stale_groups_page(
        &self,
        vpc_id: String,
        next_token: Option<String>,
    ) -> Result<Page<StaleGroup>, ApiError> {
        let state = self.lock();
        state.check_iam("DescribeStaleSecurityGroups", None)?;
        let stale = state.stale_groups(&vpc_id, &self.account_id)?;
        page_of(&stale, next_token, self.page_size)
    }

    async fn authorize(
        &self,
        request: AuthorizeRequest,
        dry_run: bool,
    ) -> Result<Option<String>, ApiError> {
        let mut state = self.lock();
        state.check_call(&request.group_id, request.action(), dry_run)?;
        state.check_referenced_group(&request.peer)?;
        let exists = state.rules.iter().any(|r| {
            r.group_id == request.group_id
                && r.direction == request.direction
                && r.has_properties(request.protocol, request.ports, &request.peer)
        });
        if exists {
            return Err(ApiError::new(
                codes::PERMISSION_DUPLICATE,
                format!(
                    "the specified rule \"{}\" already exists",
                    properties_text(request.protocol, request.ports, &request.peer)
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
        state.check_call(&request.group_id, request.action(), dry_run)?;
        match &request.target {
            RevokeTarget::RuleIds(ids) => revoke_by_ids(&mut state, &request, ids.clone()),
            RevokeTarget::Permissions(permissions) => {
                revoke_by_properties(&mut state, &request, permissions)
            }
        }
    }
}

#[cfg(test)]
mod tests;
