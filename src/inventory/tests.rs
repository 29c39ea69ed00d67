use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::model::{PortRange, Protocol, Tags};

fn group(id: &str, name: &str, vpc: &str) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        vpc_id: Some(vpc.into()),
        owner_id: None,
        tags: Tags::default(),
        listed_rules: None,
    }
}

/// A TCP rule to 10.0.0.0/8 on one port.
fn rule(id: &str, group: &str, direction: Direction, port: i32) -> Rule {
    Rule {
        id: id.into(),
        group_id: group.into(),
        direction,
        protocol: Protocol::Tcp,
        ports: PortRange::new(port, port),
        peer: Peer::Ipv4("10.0.0.0/8".parse().unwrap()),
        description: None,
        tags: Tags::default(),
    }
}

fn names(inventory: &Inventory) -> Vec<&str> {
    inventory.groups().iter().map(|g| g.name.as_str()).collect()
}

#[test]
fn pages_of_groups_come_out_by_name_without_regard_to_case_then_vpc_then_id() {
    let mut inventory = Inventory::default();
    inventory.add_groups(vec![
        group("sg-3", "web", "vpc-1"),
        group("sg-1", "App", "vpc-2"),
    ]);
    inventory.add_groups(vec![
        group("sg-2", "app", "vpc-1"),
        group("sg-4", "db", "vpc-1"),
    ]);
    assert_eq!(names(&inventory), ["app", "App", "db", "web"]);
    for (i, g) in inventory.groups().iter().enumerate() {
        assert_eq!(inventory.position_of(&g.id), Some(i));
    }
}

#[test]
fn a_group_seen_again_is_replaced_and_moves_when_renamed() {
    let mut inventory = Inventory::default();
    inventory.add_groups(vec![
        group("sg-1", "alpha", "vpc-1"),
        group("sg-2", "beta", "vpc-1"),
    ]);
    inventory.add_groups(vec![group("sg-1", "zeta", "vpc-1")]);
    assert_eq!(names(&inventory), ["beta", "zeta"]);
    assert_eq!(inventory.position_of("sg-1"), Some(1));
    inventory.add_groups(vec![
        group("sg-3", "mid", "vpc-1"),
        group("sg-3", "omega", "vpc-1"),
    ]);
    assert_eq!(
        names(&inventory),
        ["beta", "omega", "zeta"],
        "the later copy wins"
    );
}

#[test]
fn rules_are_filed_by_group_and_direction_and_replaced_by_a_refresh() {
    let inbound = |id: &str, group: &str, port: i32| rule(id, group, Direction::Inbound, port);
    let mut inventory = Inventory::default();
    inventory.add_rules(vec![
        inbound("sgr-2", "sg-1", 443),
        inbound("sgr-1", "sg-1", 22),
    ]);
    let ids = |inv: &Inventory| -> Vec<String> {
        inv.rules_of("sg-1")
            .inbound
            .iter()
            .map(|r| r.id.clone())
            .collect()
    };
    assert_eq!(ids(&inventory), ["sgr-1", "sgr-2"], "by port");
    let snapshot = inventory.clone();
    inventory.replace_rules_of(&["sg-1".into()], vec![inbound("sgr-3", "sg-1", 80)]);
    assert_eq!(ids(&inventory), ["sgr-3"]);
    assert!(!inventory.has_rule("sgr-1"));
    assert_eq!(
        ids(&snapshot),
        ["sgr-1", "sgr-2"],
        "a snapshot taken before is unchanged"
    );
}

proptest! {
    /// However the groups arrive, page by page and again renamed, the inventory holds the last
    /// copy of each, in order, and finds each at its place.
    #[test]
    fn any_pages_give_the_order_of_a_full_sort(
        pages in proptest::collection::vec(
            proptest::collection::vec((0u8..30, "[aAbB]{1,3}", 0u8..3), 0..12),
            1..6,
        )
    ) {
        let mut inventory = Inventory::default();
        let mut model = BTreeMap::new();
        for page in &pages {
            let page: Vec<SecurityGroup> = page
                .iter()
                .map(|(id, name, vpc)| group(&format!("sg-{id:02}"), name, &format!("vpc-{vpc}")))
                .collect();
            for g in &page {
                model.insert(g.id.clone(), g.clone());
            }
            inventory.add_groups(page);
        }
        let mut expected: Vec<SecurityGroup> = model.into_values().collect();
        expected.sort_by(|a, b| {
            (a.name.to_lowercase(), &a.vpc_id, &a.id).cmp(&(b.name.to_lowercase(), &b.vpc_id, &b.id))
        });
        prop_assert_eq!(inventory.groups(), &expected[..]);
        for (i, g) in expected.iter().enumerate() {
            prop_assert_eq!(inventory.position_of(&g.id), Some(i));
        }
    }
}

proptest! {
    /// However rules arrive, page by page, a rule listed again (in a later page or the same
    /// one, in its group or moved to another group or direction) replaces the copy it was:
    /// each group holds the last copy of each of its rules, once, in the order people scan.
    #[test]
    fn any_pages_of_rules_hold_the_last_copy_of_each_once(
        pages in proptest::collection::vec(
            proptest::collection::vec((0u8..12, 0u8..4, any::<bool>(), 0i32..4), 0..10),
            1..5,
        )
    ) {
        let mut inventory = Inventory::default();
        let mut model = BTreeMap::new();
        for page in &pages {
            let page: Vec<Rule> = page
                .iter()
                .map(|&(id, group, egress, port)| {
                    let direction = Direction::from_egress(egress);
                    rule(&format!("sgr-{id:02}"), &format!("sg-{group}"), direction, port)
                })
                .collect();
            for rule in &page {
                model.insert(rule.id.clone(), rule.clone());
            }
            inventory.add_rules(page);
        }
        prop_assert_eq!(inventory.rule_count(), model.len());
        for group in 0..4 {
            let group = format!("sg-{group}");
            for direction in [Direction::Inbound, Direction::Outbound] {
                let mut expected: Vec<&Rule> = (model.values())
                    .filter(|r| r.group_id == group && r.direction == direction)
                    .collect();
                expected.sort_by(|a, b| rule_order(a, b));
                let held: Vec<&Rule> = inventory.rules_of(&group).of(direction).iter().collect();
                prop_assert_eq!(held, expected);
            }
        }
        for (id, rule) in &model {
            prop_assert_eq!(inventory.rule(id), Some(rule));
        }
    }
}

#[test]
fn its_debug_form_gives_sizes_not_contents() {
    let mut inventory = Inventory::default();
    inventory.add_groups(vec![
        group("sg-1", "web", "vpc-1"),
        group("sg-2", "db", "vpc-1"),
    ]);
    let logged = format!("{inventory:?}");
    assert_eq!(
        logged,
        "Inventory { groups: 2, rules: 0, interfaces: 0, prefix_lists: 0 }"
    );
}
