//! Shared test support: the moto server, SDK clients for it, seeding an account fixture into
//! moto through the SDK, and looking rules up by their properties (ids differ per backend).
#![allow(dead_code)]

pub mod binary;
pub mod demo;
pub mod faulty;
pub mod harness;
pub mod moto;
pub mod network;

use std::collections::HashMap;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{
    Filter, IpPermission, IpRange, Ipv6Range, PrefixListId, Tag, UserIdGroupPair,
};
use sgtui::ec2::{Account, AwsEc2, Ec2, MemoryEc2, collect_all};
use sgtui::model::{Direction, Peer, PrefixList, Rule, SecurityGroup};

/// The fixture most tests share.
pub fn contract_account() -> Account {
    Account::from_json(include_str!("../fixtures/contract.json")).expect("fixture parses")
}

/// An SDK configuration aimed at the shared moto server, in a region no other test uses.
pub async fn moto_config() -> SdkConfig {
    moto_config_in(moto::moto().fresh_region()).await
}

/// An SDK configuration aimed at `region` of the shared moto server.
pub async fn moto_config_in(region: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .test_credentials()
        .region(Region::new(region.to_string()))
        .endpoint_url(&moto::moto().endpoint)
        .load()
        .await
}

/// A backend and an SDK client on `region` of the shared moto server, as it stands.
pub async fn moto_in(region: &str) -> (AwsEc2, Client) {
    let config = moto_config_in(region).await;
    (AwsEc2::from_sdk_config(&config), Client::new(&config))
}

pub fn memory_backend(account: Account) -> MemoryEc2 {
    MemoryEc2::new(account)
        .expect("fixture is valid")
        .with_page_size(3)
}

/// A moto region holding exactly the fixture's groups and rules, and a backend over it.
pub async fn moto_backend(account: &Account) -> (AwsEc2, Client) {
    let config = moto_config().await;
    let client = Client::new(&config);
    seed(&client, account).await;
    (AwsEc2::from_sdk_config(&config), client)
}

/// Creates the fixture's VPCs, prefix lists, groups, rules and network interfaces in moto, and
/// answers fixture group id → moto's. The groups' automatic egress rule is removed so that each
/// group holds exactly the fixture's rules, as in the in-memory backend.
pub async fn seed(client: &Client, account: &Account) -> HashMap<String, String> {
    let mut vpcs = HashMap::new();
    for vpc in &account.vpcs {
        let id = if vpc.is_default {
            let out = client
                .describe_vpcs()
                .filters(Filter::builder().name("is-default").values("true").build())
                .send()
                .await
                .expect("describe default vpc");
            out.vpcs()[0].vpc_id().unwrap().to_string()
        } else {
            let out = client
                .create_vpc()
                .cidr_block(&vpc.cidr)
                .send()
                .await
                .expect("create vpc");
            out.vpc().unwrap().vpc_id().unwrap().to_string()
        };
        vpcs.insert(vpc.id.clone(), id);
    }
    let prefix_lists = network::seed_prefix_lists(client, account).await;
    let mut groups = HashMap::new();
    for g in &account.groups {
        let vpc = g.vpc_id.as_ref().map(|v| vpcs[v].clone());
        let out = client
            .create_security_group()
            .group_name(&g.name)
            .description(&g.description)
            .set_vpc_id(vpc)
            .send()
            .await
            .expect("create group");
        let id = out.group_id().unwrap().to_string();
        if !g.tags.is_empty() {
            let tags = g
                .tags
                .iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build());
            client
                .create_tags()
                .resources(&id)
                .set_tags(Some(tags.collect()))
                .send()
                .await
                .expect("tag group");
        }
        let automatic: Vec<String> = describe_rules(client, &id)
            .await
            .into_iter()
            .filter(|r| r.is_egress() == Some(true))
            .filter_map(|r| r.security_group_rule_id().map(str::to_string))
            .collect();
        if !automatic.is_empty() {
            client
                .revoke_security_group_egress()
                .group_id(&id)
                .set_security_group_rule_ids(Some(automatic))
                .send()
                .await
                .expect("remove the automatic egress rule");
        }
        groups.insert(g.id.clone(), id);
    }
    for g in &account.groups {
        let id = &groups[&g.id];
        for (direction, rules) in [
            (Direction::Inbound, &g.inbound),
            (Direction::Outbound, &g.outbound),
        ] {
            for r in rules {
                let mut p = IpPermission::builder()
                    .ip_protocol(&r.protocol)
                    .from_port(r.from_port)
                    .to_port(r.to_port);
                let d = r.description.clone();
                if let Some(c) = &r.cidr_ipv4 {
                    p = p.ip_ranges(IpRange::builder().cidr_ip(c).set_description(d).build());
                } else if let Some(c) = &r.cidr_ipv6 {
                    p = p.ipv6_ranges(Ipv6Range::builder().cidr_ipv6(c).set_description(d).build());
                } else if let Some(pl) = &r.prefix_list_id {
                    p = p.prefix_list_ids(
                        PrefixListId::builder()
                            .prefix_list_id(prefix_lists.get(pl).unwrap_or(pl))
                            .set_description(d)
                            .build(),
                    );
                } else if let Some(other) = &r.referenced_group_id {
                    p = p.user_id_group_pairs(
                        UserIdGroupPair::builder()
                            .group_id(&groups[other])
                            .set_description(d)
                            .build(),
                    );
                }
                let p = p.build();
                match direction {
                    Direction::Inbound => {
                        client
                            .authorize_security_group_ingress()
                            .group_id(id)
                            .ip_permissions(p)
                            .send()
                            .await
                            .expect("authorize ingress");
                    }
                    Direction::Outbound => {
                        client
                            .authorize_security_group_egress()
                            .group_id(id)
                            .ip_permissions(p)
                            .send()
                            .await
                            .expect("authorize egress");
                    }
                }
            }
        }
    }
    network::seed_interfaces(client, account, &vpcs, &groups).await;
    groups
}

async fn describe_rules(
    client: &Client,
    group_id: &str,
) -> Vec<aws_sdk_ec2::types::SecurityGroupRule> {
    client
        .describe_security_group_rules()
        .filters(Filter::builder().name("group-id").values(group_id).build())
        .send()
        .await
        .expect("describe rules")
        .security_group_rules()
        .to_vec()
}

/// Everything a backend holds, read through the `Ec2` trait, all pages; with the prefix lists
/// its rules name.
pub struct Snapshot {
    pub groups: Vec<SecurityGroup>,
    pub rules: Vec<Rule>,
    pub prefix_lists: Vec<PrefixList>,
}

pub async fn snapshot<B: Ec2>(backend: &B) -> Snapshot {
    let groups = collect_all(|token| backend.describe_groups_page(token))
        .await
        .expect("describe groups");
    let rules = collect_all(|token| backend.describe_rules_page(token))
        .await
        .expect("describe rules");
    let mut used: Vec<String> = rules
        .iter()
        .filter_map(|r| match &r.peer {
            Peer::PrefixList(id) => Some(id.clone()),
            _ => None,
        })
        .collect();
    used.sort();
    used.dedup();
    let prefix_lists = backend
        .describe_prefix_lists(used)
        .await
        .expect("describe prefix lists");
    Snapshot {
        groups,
        rules,
        prefix_lists,
    }
}

impl Snapshot {
    pub fn group(&self, name: &str) -> &SecurityGroup {
        let mut found = self.groups.iter().filter(|g| g.name == name);
        let g = found
            .next()
            .unwrap_or_else(|| panic!("no group named {name}"));
        assert!(found.next().is_none(), "two groups named {name}");
        g
    }

    pub fn rules_of(&self, name: &str, direction: Direction) -> Vec<&Rule> {
        let id = &self.group(name).id;
        self.rules
            .iter()
            .filter(|r| &r.group_id == id && r.direction == direction)
            .collect()
    }

    /// The prefix list of that name.
    pub fn prefix_list(&self, name: &str) -> Option<&PrefixList> {
        self.prefix_lists.iter().find(|p| p.name == name)
    }

    /// The rule of a group by direction, protocol text, and peer text (a CIDR, a group name or a
    /// prefix list name).
    pub fn rule(&self, group: &str, direction: Direction, what: &str, peer: &str) -> &Rule {
        let peer_id = self
            .groups
            .iter()
            .find(|g| g.name == peer)
            .map(|g| g.id.clone())
            .or_else(|| self.prefix_list(peer).map(|p| p.id.clone()))
            .unwrap_or_else(|| peer.to_string());
        let matches: Vec<_> = self
            .rules_of(group, direction)
            .into_iter()
            .filter(|r| r.protocol_ports() == what && peer_key(&r.peer) == peer_id)
            .collect();
        assert_eq!(
            matches.len(),
            1,
            "{group} {direction:?} {what} {peer}: {matches:?}"
        );
        matches[0]
    }
}

fn peer_key(peer: &Peer) -> String {
    peer.short()
}
