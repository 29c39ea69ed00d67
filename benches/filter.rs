//! What one keystroke in the filter prompt costs with 10,000 groups and 160,000 rules loaded,
//! with 20,000 network interfaces and the prefix lists the rules use (`ip:` looks through
//! both): the filter is parsed, every group judged against it, and the selected group's rows
//! rebuilt.
//! Run with `cargo bench --bench filter`. Each iteration is two keystrokes (the filter's last
//! character typed, then deleted), each a full re-filter: halve the time for one.

use divan::Bencher;
use sgtui::app::{Action, App, Command, Settings, update};
use sgtui::ec2::Page;
use sgtui::model::{
    Direction, GroupRef, NetworkInterface, Peer, PortRange, PrefixList, PrefixListEntry,
    PrefixListWithEntries, Protocol, Rule, SecurityGroup,
};

const GROUPS: usize = 10_000;
const RULES_PER_GROUP: usize = 16;
const INTERFACES_PER_GROUP: usize = 2;
const ENTRIES_PER_LIST: usize = 60;

fn main() {
    divan::main();
}

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
    }
}

/// A group's rules: ports, office and VPC ranges, the world, other groups and a prefix list.
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
                ports: if j == 15 {
                    PortRange::ANY
                } else {
                    PortRange::new(port, port)
                },
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

/// An app with the whole inventory loaded, then the interfaces and prefix lists.
fn loaded() -> App {
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

#[divan::bench(args = ["ip:10.20.0.7 port:22", "ip:10.6.4.10 port:443", "ip:198.21.40.9", "port:5432 dir:in open", "ip:2001:db8:14::9 -proto:all", "service-42"])]
fn keystroke_pair(bencher: Bencher, filter: &str) {
    let mut app = loaded();
    update(&mut app, Action::Command(Command::OpenFilter));
    let (head, last) = filter.split_at(filter.len() - 1);
    for c in head.chars() {
        update(&mut app, Action::Input(c));
    }
    let last = last.chars().next().unwrap();
    update(&mut app, Action::Input(last));
    // Each filter finds something; the first finds it through an interface of a referenced
    // group.
    assert!(app.browse.matching_rules > 0, "{filter} matches nothing");
    if filter.starts_with("ip:10.6.4.10") {
        assert_eq!(through(&app), 1, "{filter}");
    }
    update(&mut app, Action::Command(Command::DeleteChar));
    bencher.bench_local(|| {
        update(&mut app, Action::Input(last));
        update(&mut app, Action::Command(Command::DeleteChar));
    });
}

/// How many matches of the selected group went through an interface or a prefix-list entry.
fn through(app: &App) -> usize {
    [Direction::Inbound, Direction::Outbound]
        .iter()
        .flat_map(|&d| app.browse.rows(d))
        .filter(|r| r.hit.as_ref().is_some_and(|h| h.via.is_some()))
        .count()
}
