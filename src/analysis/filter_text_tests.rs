use proptest::prelude::*;

use super::*;
use crate::analysis::NoAddresses;
use crate::inventory::Inventory;
use crate::model::lang::{Filter, Term};
use crate::model::{Direction, Peer, PortRange, Protocol};

/// Pieces of text: both cases, a field's end byte, and non-ASCII that folds (É, ß), that
/// folds to ASCII (the Kelvin sign to k) or to two characters (İ).
const PIECES: [&str; 12] = [
    "a", "A", "b", "B", "k", "-", " ", "é", "É", "\u{212A}", "İ", "\0",
];

fn text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..=max).prop_map(|p| p.concat())
}

fn group() -> impl Strategy<Value = SecurityGroup> {
    let tags = prop::collection::btree_map(text(2), text(3), 0..3);
    (0..4u8, text(4), text(4), prop::option::of(text(3)), tags).prop_map(
        |(id, name, description, vpc_id, tags)| SecurityGroup {
            id: format!("sg-{id}"),
            name,
            description,
            vpc_id,
            owner_id: None,
            tags,
            listed_rules: None,
        },
    )
}

fn rule() -> impl Strategy<Value = Rule> {
    let fields = (0..4u8, 0..12u8, any::<bool>(), any::<bool>());
    (fields, prop::option::of(text(5))).prop_map(|((group, n, inbound, ec2), description)| {
        let group_id = format!("sg-{group}");
        let direction = if inbound {
            Direction::Inbound
        } else {
            Direction::Outbound
        };
        let id = match ec2 {
            true => format!("sgr-{n}aB"),
            false => Rule::unidentified_key(&group_id, direction, n.into()),
        };
        Rule {
            id,
            group_id,
            direction,
            protocol: Protocol::Tcp,
            ports: PortRange::new(i32::from(n), i32::from(n)),
            peer: Peer::Ipv4("10.0.0.0/8".parse().unwrap()),
            description,
            tags: Default::default(),
        }
    })
}

/// What changes an inventory, as the load and a revoke's refresh do.
#[derive(Debug, Clone)]
enum Change {
    Groups(Vec<SecurityGroup>),
    Rules(Vec<Rule>),
    Replace(Vec<String>, Vec<Rule>),
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        prop::collection::vec(group(), 0..4).prop_map(Change::Groups),
        prop::collection::vec(rule(), 0..8).prop_map(Change::Rules),
        (
            prop::collection::vec((0..4u8).prop_map(|g| format!("sg-{g}")), 0..3),
            prop::collection::vec(rule(), 0..3)
        )
            .prop_map(|(ids, rules)| Change::Replace(ids, rules)),
    ]
}

/// Free text as the filter keeps it: lower-cased, once in a while not (a filter built in code).
fn needle() -> impl Strategy<Value = String> {
    (text(3), prop::bool::weighted(0.9))
        .prop_map(|(t, lower)| if lower { t.to_lowercase() } else { t })
}

fn term() -> impl Strategy<Value = Term> {
    let dir = prop::sample::select(vec![Direction::Inbound, Direction::Outbound]);
    let kind = prop_oneof![
        4 => needle().prop_map(TermKind::Text),
        1 => dir.prop_map(TermKind::Dir),
    ];
    (any::<bool>(), kind).prop_map(|(negated, kind)| Term { negated, kind })
}

fn changed(changes: Vec<Change>) -> Inventory {
    let mut inventory = Inventory::with_text_index();
    for change in changes {
        match change {
            Change::Groups(groups) => inventory.add_groups(groups),
            Change::Rules(rules) => inventory.add_rules(rules),
            Change::Replace(ids, rules) => inventory.replace_rules_of(&ids, rules),
        }
    }
    inventory
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Matching through the index is matching by reading the fields: the same groups shown
    /// with the same number of rules, whatever order the groups and rules came in.
    #[test]
    fn the_index_answers_as_the_fields_do(
        changes in prop::collection::vec(change(), 0..10),
        terms in prop::collection::vec(term(), 1..3),
    ) {
        let inventory = changed(changes);
        let filter = Filter { terms };
        let fields = Matcher::new(&filter, &NoAddresses);
        let index = Matcher::new(&filter, &NoAddresses).with_text(inventory.text());
        for group in inventory.groups() {
            let rules = inventory.rules_of(&group.id);
            let segment = inventory.text().and_then(|t| t.segment(&group.id));
            prop_assert!(segment.is_some_and(|s| s.grouped && s.rules as usize == rules.all().count()));
            prop_assert_eq!(
                index.group_in(group, rules),
                fields.group(group, rules.all()),
                "{:?} in {:?} with {:?}", filter, group, rules
            );
        }
    }

    /// Each record the index finds a needle in is one whose fields hold it.
    #[test]
    fn a_search_finds_the_records_whose_fields_hold_the_needle(
        changes in prop::collection::vec(change(), 0..10),
        needle in "[abk -]{1,3}",
    ) {
        let inventory = changed(changes);
        let index = inventory.text().unwrap();
        let found = index.search(&Finder::new(&needle));
        for group in inventory.groups() {
            let segment = index.segment(&group.id).unwrap();
            prop_assert_eq!(found.contains(segment.first), group_has_text(group, &needle));
            let records = segment.first + 1..;
            for (rule, record) in inventory.rules_of(&group.id).all().zip(records) {
                prop_assert_eq!(found.contains(record), rule_has_text(rule, &needle), "{:?}", rule);
            }
        }
    }
}

fn group_named(name: &str) -> SecurityGroup {
    SecurityGroup {
        id: "sg-1".into(),
        name: name.into(),
        description: String::new(),
        vpc_id: None,
        owner_id: None,
        tags: Default::default(),
        listed_rules: None,
    }
}

fn described(id: &str, description: &str) -> Rule {
    Rule {
        id: id.into(),
        group_id: "sg-1".into(),
        direction: Direction::Inbound,
        protocol: Protocol::Tcp,
        ports: PortRange::new(22, 22),
        peer: Peer::Ipv4("10.0.0.0/8".parse().unwrap()),
        description: Some(description.into()),
        tags: Default::default(),
    }
}

fn judged(inventory: &Inventory, filter: &str) -> GroupMatch {
    let filter = Filter::parse(filter).unwrap();
    let matcher = Matcher::new(&filter, &NoAddresses).with_text(inventory.text());
    let group = &inventory.groups()[0];
    matcher.group_in(group, inventory.rules_of(&group.id))
}

#[test]
fn free_text_through_the_index_holds_for_the_group_or_its_rules_and_negates() {
    let mut inventory = Inventory::with_text_index();
    inventory.add_groups(vec![group_named("Web")]);
    inventory.add_rules(vec![
        described("sgr-1", "Office Berlin"),
        described("sgr-2", "VPN"),
    ]);
    let shown = |rules| GroupMatch { shown: true, rules };
    assert_eq!(
        judged(&inventory, "WEB"),
        shown(2),
        "the group's text holds for all"
    );
    assert_eq!(judged(&inventory, "berlin"), shown(1));
    assert_eq!(judged(&inventory, "-berlin"), shown(1));
    assert_eq!(judged(&inventory, "-web"), GroupMatch::hidden());
    assert_eq!(judged(&inventory, "sgr"), shown(2));
    assert_eq!(judged(&inventory, "office vpn"), GroupMatch::hidden());
    assert_eq!(judged(&inventory, "nowhere"), GroupMatch::hidden());
}

#[test]
fn a_non_ascii_needle_reads_the_fields_of_non_ascii_records() {
    let mut inventory = Inventory::with_text_index();
    inventory.add_groups(vec![group_named("web")]);
    inventory.add_rules(vec![
        described("sgr-1", "Büro ZÜRICH"),
        described("sgr-2", "office"),
    ]);
    let shown = |rules| GroupMatch { shown: true, rules };
    assert_eq!(
        judged(&inventory, "zürich"),
        shown(1),
        "lower-cased as before"
    );
    assert_eq!(judged(&inventory, "-büro"), shown(1));
}

#[test]
fn a_filter_without_free_text_or_an_inventory_without_an_index_reads_the_fields() {
    let filter = Filter::parse("dir:in").unwrap();
    let inventory = Inventory::with_text_index();
    let matcher = Matcher::new(&filter, &NoAddresses).with_text(inventory.text());
    assert!(matcher.text.is_none());
    let filter = Filter::parse("web").unwrap();
    let matcher = Matcher::new(&filter, &NoAddresses).with_text(None);
    assert!(matcher.text.is_none());
}
