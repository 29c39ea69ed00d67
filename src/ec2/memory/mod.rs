//! An EC2 account held in memory, loaded from JSON: the demo account and test fixtures.
//! It answers as real EC2 does (see `ec2-semantics.md`), not as moto does.

mod account;
mod network;
mod semantics;

use std::sync::Mutex;

use super::{
    ApiError, AuthorizeRequest, Connection, Ec2, Page, RevokeRequest, RevokeResponse, RevokeTarget,
    codes,
};
use crate::model::{
    Direction, NetworkInterface, PrefixList, PrefixListEntry, Rule, SecurityGroup, properties_text,
};
use account::rule_from_spec;
pub use account::{Account, DeniedCall};
use network::HeldPrefixList;
use semantics::{revoke_by_ids, revoke_by_properties};

struct State {
    groups: Vec<SecurityGroup>,
    interfaces: Vec<NetworkInterface>,
    prefix_lists: Vec<HeldPrefixList>,
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
        let items = of(&state);
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
        self.page("DescribeSecurityGroups", |state| &state.groups, next_token)
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
mod tests {
    use super::*;
    use crate::ec2::collect_all;

    /// Two groups, three interfaces, one prefix list; IAM denies what `denied` says.
    fn backend(denied: &str) -> MemoryEc2 {
        let json = format!(
            r#"{{"account_id": "123456789012", "region": "eu-west-1",
                "groups": [{{"id": "sg-1", "name": "web", "description": "web"}},
                           {{"id": "sg-2", "name": "db", "description": "db"}}],
                "network_interfaces": [
                    {{"id": "eni-1", "groups": ["sg-1"], "private_ips": ["10.0.0.1"]}},
                    {{"id": "eni-2", "groups": ["sg-1", "sg-2"], "private_ips": ["10.0.0.2"]}},
                    {{"id": "eni-3", "type": "nat_gateway", "private_ips": ["10.0.0.3"]}}],
                "prefix_lists": [{{"id": "pl-1", "name": "office",
                                   "entries": [{{"cidr": "198.51.100.0/24"}}]}}],
                "denied": [{denied}]}}"#
        );
        MemoryEc2::new(Account::from_json(&json).expect("valid JSON"))
            .expect("a valid account")
            .with_page_size(2)
    }

    fn is_unauthorized<T: std::fmt::Debug>(result: Result<T, ApiError>) -> bool {
        result.is_err_and(|e| e.code == codes::UNAUTHORIZED)
    }

    #[tokio::test]
    async fn interfaces_come_in_pages_of_the_page_size() {
        let b = backend("");
        let first = b.describe_interfaces_page(None).await.unwrap();
        assert_eq!(first.items.len(), 2);
        let second = b.describe_interfaces_page(first.next_token).await.unwrap();
        let ids: Vec<&str> = second.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!((ids, second.next_token), (vec!["eni-3"], None));
        let all = collect_all(|t| b.describe_interfaces_page(t))
            .await
            .unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[2].interface_type, "nat_gateway");
        assert!(all[2].group_ids.is_empty());
    }

    #[tokio::test]
    async fn prefix_lists_are_described_by_id_and_an_unknown_one_has_no_entries() {
        let b = backend("");
        let lists = b
            .describe_prefix_lists(vec!["pl-9".into(), "pl-1".into()])
            .await
            .unwrap();
        assert_eq!(lists.len(), 1);
        assert_eq!(lists[0].owner_id.as_deref(), Some("123456789012"));
        let entries = b.prefix_list_entries("pl-1".into()).await.unwrap();
        assert_eq!(entries[0].cidr.to_string(), "198.51.100.0/24");
        let err = b.prefix_list_entries("pl-9".into()).await.unwrap_err();
        assert_eq!(err.code, codes::PREFIX_LIST_NOT_FOUND);
        assert_eq!(err.message, "The prefix list ID 'pl-9' does not exist");
    }

    #[tokio::test]
    async fn iam_can_deny_the_reads() {
        let b = backend(
            r#"{"action": "DescribeNetworkInterfaces"},
               {"action": "GetManagedPrefixListEntries", "prefix_list_id": "pl-1"}"#,
        );
        assert!(is_unauthorized(b.describe_interfaces_page(None).await));
        // Denied on pl-1, so refused before EC2 looks for it; another list is merely unknown.
        assert!(is_unauthorized(b.prefix_list_entries("pl-1".into()).await));
        let other = b.prefix_list_entries("pl-9".into()).await.unwrap_err();
        assert_eq!(other.code, codes::PREFIX_LIST_NOT_FOUND);
        assert!(b.describe_prefix_lists(vec!["pl-1".into()]).await.is_ok());
        assert!(b.describe_groups_page(None).await.is_ok());

        let b = backend(
            r#"{"action": "DescribeManagedPrefixLists"},
               {"action": "GetManagedPrefixListEntries"},
               {"action": "DescribeSecurityGroups"}"#,
        );
        assert!(is_unauthorized(b.describe_prefix_lists(vec![]).await));
        assert!(is_unauthorized(b.prefix_list_entries("pl-9".into()).await));
        assert!(is_unauthorized(b.describe_groups_page(None).await));
        assert!(b.describe_interfaces_page(None).await.is_ok());
    }

    #[tokio::test]
    async fn a_denial_without_a_group_refuses_the_call_on_every_group() {
        let b = backend(r#"{"action": "RevokeSecurityGroupIngress"}"#);
        for group in ["sg-1", "sg-2"] {
            let request = RevokeRequest::by_ids(group, Direction::Inbound, vec!["sgr-1".into()]);
            assert!(is_unauthorized(b.revoke(request, true).await), "{group}");
        }
    }

    #[test]
    fn a_bad_interface_or_list_fails_the_load_with_its_name() {
        let account = |extra: &str| {
            Account::from_json(&format!(
                r#"{{"account_id": "1", "region": "r", "groups": [], {extra}}}"#
            ))
            .unwrap()
        };
        let err = MemoryEc2::new(account(
            r#""network_interfaces": [{"id": "eni-9", "private_ips": ["10.0.0.256"]}]"#,
        ))
        .err()
        .unwrap();
        assert!(err.starts_with("network interface eni-9: "), "{err}");
        let err = MemoryEc2::new(account(
            r#""prefix_lists": [{"id": "pl-9", "name": "x", "entries": [{"cidr": "nope"}]}]"#,
        ))
        .err()
        .unwrap();
        assert!(err.starts_with("prefix list pl-9: "), "{err}");
    }
}
