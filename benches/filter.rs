//! What one keystroke in the filter prompt costs with 10,000 groups and 160,000 rules loaded:
//! the filter is parsed, every group judged against it, and the selected group's rows rebuilt.
//! Run with `cargo bench --bench filter`. Each iteration is two keystrokes (the filter's last
//! character typed, then deleted), each a full re-filter: halve the time for one.

use divan::Bencher;
use sgtui::app::{Action, App, Command, Settings, update};
use sgtui::ec2::Page;
use sgtui::model::{Direction, GroupRef, Peer, PortRange, Protocol, Rule, SecurityGroup};

const GROUPS: usize = 10_000;
const RULES_PER_GROUP: usize = 16;

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

/// An app with the whole inventory loaded, in pages of 1,000 as EC2 sends them.
fn loaded() -> App {
    let (mut app, _) = App::new(Settings::default());
    let connected = Action::Connected {
        generation: 1,
        result: Ok(Default::default()),
    };
    update(&mut app, connected);
    let groups: Vec<SecurityGroup> = (0..GROUPS).map(group).collect();
    let rules: Vec<Rule> = (0..GROUPS).flat_map(rules).collect();
    for (k, chunk) in groups.chunks(1000).enumerate() {
        let next_token = (k + 1 < GROUPS / 1000).then(|| k.to_string());
        let result = Ok(Page {
            items: chunk.to_vec(),
            next_token,
        });
        update(
            &mut app,
            Action::GroupsPage {
                generation: 1,
                result,
            },
        );
    }
    let pages = rules.len() / 1000;
    for (k, chunk) in rules.chunks(1000).enumerate() {
        let next_token = (k + 1 < pages).then(|| k.to_string());
        let result = Ok(Page {
            items: chunk.to_vec(),
            next_token,
        });
        update(
            &mut app,
            Action::RulesPage {
                generation: 1,
                result,
            },
        );
    }
    assert_eq!(app.session.inventory.rule_count(), GROUPS * RULES_PER_GROUP);
    app
}

#[divan::bench(args = ["ip:10.20.3.7 port:22", "port:5432 dir:in open", "ip:2001:db8:1f::9 -proto:all", "service-42"])]
fn keystroke_pair(bencher: Bencher, filter: &str) {
    let mut app = loaded();
    update(&mut app, Action::Command(Command::OpenFilter));
    let (head, last) = filter.split_at(filter.len() - 1);
    for c in head.chars() {
        update(&mut app, Action::Input(c));
    }
    let last = last.chars().next().unwrap();
    bencher.bench_local(|| {
        update(&mut app, Action::Input(last));
        update(&mut app, Action::Command(Command::DeleteChar));
    });
}
