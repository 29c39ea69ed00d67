//! A fleet-sized account for the benchmarks: 10,000 groups and 160,000 rules (16 per group:
//! CIDRs, the world, group references, prefix lists, IPv6), 20,000 network interfaces (two per
//! group) and the 16 prefix lists the rules name, loaded into an app in pages of 1,000 as EC2
//! sends them.
#![allow(dead_code)]

use std::sync::Arc;

use sgtui::analysis::{Judged, Policy, Signals};
use sgtui::app::{Action, App, Settings, update};
use sgtui::ec2::Page;
use sgtui::model::{
    Direction, GroupRef, NetworkInterface, Peer, PortRange, PrefixList, PrefixListEntry,
    PrefixListWithEntries, Protocol, Rule, SecurityGroup,
};

pub const GROUPS: usize = 10_000;
pub const RULES_PER_GROUP: usize = 16;
pub const INTERFACES_PER_GROUP: usize = 2;
pub const ENTRIES_PER_LIST: usize = 60;

fn group(i: usize) -> SecurityGroup {
    SecurityGroup {
        id: format!("sg-{i:017x}"),
        name: format!("service-{i}"),
        description: format!("Tier {} of product {}", i % 7, i % 113),
        vpc_id: Some(format!("vpc-{:08x}", i % 50)),
        owner_id: Some("123456789012".into()),
        tags: [
            ("Name".to_string(), format!("svc-{i}")),
            ("env".into(), "prod".into()),
        ]
        .into(),
        listed_rules: None,
    }
}

/// A group's rules: ports, office and VPC ranges, the world, other groups and a prefix list.
/// In every third group, one rule admits all tcp from 10.0.0.0/8, which makes the group's
/// narrower tcp rules from 10.x.y.0/24 redundant.
fn rules(i: usize) -> Vec<Rule> {
    (0..RULES_PER_GROUP)
        .map(|j| {
            let n = i * RULES_PER_GROUP + j;
            let peer = match j % 5 {
                0 => Peer::Ipv4(format!("10.{}.{}.0/24", n % 250, j).parse().unwrap()),
                1 => Peer::Ipv4("0.0.0.0/0".parse().unwrap()),
                2 => Peer::Group(GroupRef {
                    group_id: format!("sg-{:017x}", (i + j) % GROUPS),
                    user_id: None,
                    vpc_id: None,
                    peering_status: None,
                }),
                3 => Peer::PrefixList(format!("pl-{:08x}", j)),
                _ => Peer::Ipv6(format!("2001:db8:{:x}::/48", n % 65_000).parse().unwrap()),
            };
            let port = [22, 80, 443, 5432, 6379, 8080, 3306, 9200][j % 8];
            let (peer, ports) = match (i % 3, j) {
                (0, 5) => (
                    Peer::Ipv4("10.0.0.0/8".parse().unwrap()),
                    PortRange::new(0, 65535),
                ),
                (_, 15) => (peer, PortRange::ANY),
                _ => (peer, PortRange::new(port, port)),
            };
            Rule {
                id: format!("sgr-{n:017x}"),
                group_id: format!("sg-{i:017x}"),
                direction: if j < 12 {
                    Direction::Inbound
                } else {
                    Direction::Outbound
                },
                protocol: if j == 15 {
                    Protocol::All
                } else {
                    Protocol::Tcp
                },
                ports,
                peer,
                description: Some(format!("rule {j} of service {i}")),
                tags: Default::default(),
            }
        })
        .collect()
}

/// The interfaces of group `i`, each with two private addresses and one IPv6.
fn interfaces(i: usize) -> Vec<NetworkInterface> {
    (0..INTERFACES_PER_GROUP)
        .map(|k| {
            let n = i * INTERFACES_PER_GROUP + k;
            NetworkInterface {
                id: format!("eni-{n:017x}"),
                interface_type: "interface".into(),
                description: format!("service {i} host {k}"),
                vpc_id: Some(format!("vpc-{:08x}", i % 50)),
                subnet_id: Some(format!("subnet-{:08x}", i % 200)),
                group_ids: vec![format!("sg-{i:017x}")],
                private_ips: vec![
                    format!("10.{}.{}.{}", n % 250, (n / 250) % 250, 10 + k)
                        .parse()
                        .unwrap(),
                    format!("10.{}.{}.{}", n % 250, (n / 250) % 250, 100 + k)
                        .parse()
                        .unwrap(),
                ],
                public_ips: vec![],
                ipv6: vec![format!("2001:db8:{:x}::{k:x}", n % 65_000).parse().unwrap()],
                attachment: Some(format!("i-{n:017x}")),
                requester_id: None,
                status: Some("in-use".into()),
            }
        })
        .collect()
}

/// The prefix lists the rules name (`pl-…` of each rule number), each with its entries.
fn prefix_lists() -> Vec<PrefixListWithEntries> {
    (0..RULES_PER_GROUP)
        .map(|j| PrefixListWithEntries {
            list: PrefixList {
                id: format!("pl-{j:08x}"),
                name: format!("list {j}"),
                address_family: Some("IPv4".into()),
                max_entries: Some(ENTRIES_PER_LIST as i32),
                owner_id: Some("123456789012".into()),
            },
            entries: (0..ENTRIES_PER_LIST)
                .map(|e| PrefixListEntry {
                    cidr: format!("198.{}.{e}.0/24", 18 + j).parse().unwrap(),
                    description: None,
                })
                .collect(),
        })
        .collect()
}

/// Hands `items` to `update` in pages of 1,000 as EC2 sends them.
fn in_pages<T: Clone>(app: &mut App, items: &[T], action: impl Fn(Page<T>) -> Action) {
    let pages = items.len().div_ceil(1000);
    for (k, chunk) in items.chunks(1000).enumerate() {
        let next_token = (k + 1 < pages).then(|| k.to_string());
        let page = Page {
            items: chunk.to_vec(),
            next_token,
        };
        update(app, action(page));
    }
}

/// An app loaded as [`loaded`] and judged: every computation of the signals it asks for done
/// and handed back, as the runtime does, so the panes show their signal columns.
pub fn judged() -> App {
    let mut app = loaded();
    let policy = Policy::default();
    while let Some(version) = app.session.judging.under_way() {
        let judged = Judged {
            policy: &policy,
            interfaces_known: true,
            stale: &|_| false,
        };
        let result = Ok(Arc::new(Signals::compute(&app.session.inventory, &judged)));
        update(&mut app, Action::SignalsComputed { version, result });
    }
    assert!(app.session.judging.signals().is_some());
    app
}

/// An app with the whole inventory loaded, then the interfaces and prefix lists.
pub fn loaded() -> App {
    let (mut app, _) = App::new(Settings::default());
    let connected = Action::Connected {
        generation: 1,
        result: Ok(Default::default()),
    };
    update(&mut app, connected);
    let groups: Vec<SecurityGroup> = (0..GROUPS).map(group).collect();
    let rules: Vec<Rule> = (0..GROUPS).flat_map(rules).collect();
    let interfaces: Vec<NetworkInterface> = (0..GROUPS).flat_map(interfaces).collect();
    let generation = 1;
    in_pages(&mut app, &groups, |page| Action::GroupsPage {
        generation,
        result: Ok(page),
    });
    in_pages(&mut app, &rules, |page| Action::RulesPage {
        generation,
        result: Ok(page),
    });
    in_pages(&mut app, &interfaces, |page| Action::InterfacesPage {
        generation,
        result: Ok(page),
    });
    let result = Ok(prefix_lists());
    update(&mut app, Action::PrefixLists { generation, result });
    let network = app.session.inventory.network();
    assert_eq!(network.interface_count(), GROUPS * INTERFACES_PER_GROUP);
    assert_eq!(network.prefix_list_count(), RULES_PER_GROUP);
    assert_eq!(app.session.inventory.rule_count(), GROUPS * RULES_PER_GROUP);
    app
}
