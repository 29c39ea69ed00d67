use memchr::memmem::Finder;

use super::*;
use crate::inventory::Inventory;
use crate::model::{Direction, Peer, PortRange, Protocol};

fn group(id: &str, name: &str) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: name.into(),
        description: "Web tier".into(),
        vpc_id: Some("vpc-1".into()),
        owner_id: Some("123456789012".into()),
        tags: [("Team".to_string(), "Payments".to_string())].into(),
        listed_rules: None,
    }
}

fn rule(id: &str, group_id: &str, description: &str) -> Rule {
    Rule {
        id: id.into(),
        group_id: group_id.into(),
        direction: Direction::Inbound,
        protocol: Protocol::Tcp,
        ports: PortRange::new(22, 22),
        peer: Peer::Ipv4("10.0.0.0/8".parse().unwrap()),
        description: Some(description.into()),
        tags: Default::default(),
    }
}

fn index(inventory: &Inventory) -> &TextIndex {
    inventory.text().expect("an inventory that keeps its text")
}

/// Every group and every group with rules has its records, in the inventory's order.
fn assert_in_step(inventory: &Inventory) {
    let index = index(inventory);
    let mut ids: Vec<&str> = inventory.tables.rules.keys().map(|id| &**id).collect();
    ids.extend(inventory.groups().iter().map(|g| g.id.as_str()));
    ids.sort();
    ids.dedup();
    let rules = |id: &str| inventory.rules_of(id).all().count();
    let ids: Vec<&str> = (ids.into_iter())
        .filter(|id| inventory.group(id).is_some() || rules(id) > 0)
        .collect();
    assert_eq!(index.segments.len(), ids.len(), "{:?}", index.segments);
    for id in ids {
        let segment = index.segment(id).expect("a segment per group");
        assert_eq!(segment.grouped, inventory.group(id).is_some(), "{id}");
        assert_eq!(segment.rules as usize, rules(id), "{id}");
    }
}

/// What the index finds `needle` in: a group id for a group's own fields, a rule id for a
/// rule's.
fn found(inventory: &Inventory, needle: &str) -> Vec<String> {
    assert_in_step(inventory);
    let index = index(inventory);
    let hits = index.search(&Finder::new(needle));
    let mut found = Vec::new();
    for (id, segment) in &index.segments {
        if hits.contains(segment.first) {
            found.push(id.clone());
        }
        let records = segment.first + 1..;
        for (rule, record) in inventory.rules_of(id).all().zip(records) {
            if hits.contains(record) {
                found.push(rule.id.clone());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn groups_then_their_rules_are_found_by_any_field_without_regard_to_case() {
    let mut inventory = Inventory::with_text_index();
    inventory.add_groups(vec![group("sg-1", "Web-Frontend"), group("sg-2", "db")]);
    inventory.add_rules(vec![
        rule("sgr-1", "sg-1", "Office Berlin"),
        rule("sgr-2", "sg-2", "Office Paris"),
        rule("sgr-3", "sg-2", "VPN"),
    ]);
    assert_eq!(found(&inventory, "web-front"), ["sg-1"]);
    assert_eq!(found(&inventory, "web tier"), ["sg-1", "sg-2"]);
    assert_eq!(
        found(&inventory, "payments"),
        ["sg-1", "sg-2"],
        "tag values"
    );
    assert_eq!(found(&inventory, "team"), ["sg-1", "sg-2"], "tag keys");
    assert_eq!(found(&inventory, "vpc-1"), ["sg-1", "sg-2"]);
    assert_eq!(found(&inventory, "office"), ["sgr-1", "sgr-2"]);
    assert_eq!(found(&inventory, "sgr-3"), ["sgr-3"]);
    assert_eq!(
        found(&inventory, "sg"),
        ["sg-1", "sg-2", "sgr-1", "sgr-2", "sgr-3"]
    );
    assert_eq!(
        found(&inventory, "123456789012"),
        Vec::<String>::new(),
        "the owner is not searched"
    );
}

#[test]
fn rules_before_their_group_wait_for_its_fields() {
    let mut inventory = Inventory::with_text_index();
    inventory.add_rules(vec![rule("sgr-1", "sg-1", "Office")]);
    assert_eq!(
        index(&inventory).segment("sg-1").map(|s| s.grouped),
        Some(false)
    );
    assert_eq!(found(&inventory, "office"), ["sgr-1"]);
    assert_eq!(found(&inventory, "web"), Vec::<String>::new());
    inventory.add_groups(vec![group("sg-1", "web")]);
    assert_eq!(
        index(&inventory).segment("sg-1").map(|s| s.grouped),
        Some(true)
    );
    assert_eq!(found(&inventory, "web"), ["sg-1"]);
    assert_eq!(found(&inventory, "office"), ["sgr-1"]);
}

#[test]
fn what_changes_is_found_by_its_new_text_only() {
    let mut inventory = Inventory::with_text_index();
    inventory.add_groups(vec![group("sg-1", "alpha"), group("sg-2", "beta")]);
    inventory.add_rules(vec![
        rule("sgr-1", "sg-1", "old words"),
        rule("sgr-2", "sg-1", "kept"),
    ]);
    inventory.add_groups(vec![group("sg-1", "gamma")]);
    assert_eq!(found(&inventory, "alpha"), Vec::<String>::new());
    assert_eq!(found(&inventory, "gamma"), ["sg-1"]);

    inventory.add_rules(vec![rule("sgr-1", "sg-1", "new words")]);
    assert_eq!(found(&inventory, "old"), Vec::<String>::new());
    assert_eq!(found(&inventory, "words"), ["sgr-1"]);

    // A rule seen again under another group leaves the first.
    inventory.add_rules(vec![rule("sgr-1", "sg-2", "moved")]);
    assert_eq!(found(&inventory, "moved"), ["sgr-1"]);
    assert_eq!(index(&inventory).segment("sg-1").map(|s| s.rules), Some(1));
    assert_eq!(index(&inventory).segment("sg-2").map(|s| s.rules), Some(1));

    // Replaced by nothing: the group keeps its own record.
    inventory.replace_rules_of(&["sg-1".into()], vec![]);
    assert_eq!(found(&inventory, "kept"), Vec::<String>::new());
    assert_eq!(found(&inventory, "gamma"), ["sg-1"]);
    assert_eq!(index(&inventory).segment("sg-1").map(|s| s.rules), Some(0));
}

#[test]
fn rules_of_a_group_that_never_came_are_forgotten_when_replaced_by_none() {
    let mut inventory = Inventory::with_text_index();
    inventory.add_rules(vec![rule("sgr-1", "sg-9", "orphan")]);
    inventory.replace_rules_of(&["sg-9".into()], vec![]);
    assert_eq!(index(&inventory).segment("sg-9"), None);
    assert_eq!(found(&inventory, "orphan"), Vec::<String>::new());
}

#[test]
fn dropped_copies_are_compacted_away_in_place_and_records_numbered_again() {
    let mut inventory = Inventory::with_text_index();
    inventory.add_groups(vec![group("sg-1", "first"), group("sg-2", "Café")]);
    inventory.add_rules(vec![
        rule("sgr-1", "sg-2", "Zürich office"),
        rule("sgr-2", "sg-2", "plain"),
    ]);
    let live = index(&inventory).bytes.len();
    // sg-1 written again and again: its old copies are dropped, then compacted away.
    for n in 0..50 {
        inventory.add_groups(vec![group("sg-1", &format!("first {n}"))]);
        let index = index(&inventory);
        assert!(index.dropped * 4 <= index.bytes.len() - index.dropped || index.dropped <= 16);
    }
    let index = index(&inventory);
    assert!(
        index.bytes.len() < live + 200,
        "{} bytes, {live} live at first",
        index.bytes.len()
    );
    assert_eq!(found(&inventory, "first 49"), ["sg-1"]);
    assert_eq!(found(&inventory, "first 48"), Vec::<String>::new());
    assert_eq!(found(&inventory, "caf"), ["sg-2"]);
    assert_eq!(found(&inventory, "office"), ["sgr-1"]);
    // The non-ASCII records are sg-2's own and its first rule's, wherever they moved.
    let sg2 = index.segment("sg-2").unwrap();
    let non_ascii = index.non_ascii();
    let records: Vec<u32> = (0..index.starts.len() as u32)
        .filter(|&r| non_ascii.contains(r))
        .collect();
    assert_eq!(records, [sg2.first, sg2.first + 1]);
}

#[test]
fn only_ascii_is_folded_byte_for_byte() {
    let mut inventory = Inventory::with_text_index();
    inventory.add_groups(vec![group("sg-1", "CAFÉ Zürich"), group("sg-2", "caf")]);
    assert_eq!(
        found(&inventory, "café"),
        Vec::<String>::new(),
        "É is not folded"
    );
    assert_eq!(found(&inventory, "cafÉ"), ["sg-1"]);
    assert_eq!(found(&inventory, "zü"), ["sg-1"]);
    assert!(
        !TextIndex::searchable("é"),
        "a non-ASCII needle asks the fields"
    );
    let index = index(&inventory);
    let non_ascii = index.non_ascii();
    assert!(non_ascii.contains(index.segment("sg-1").unwrap().first));
    assert!(!non_ascii.contains(index.segment("sg-2").unwrap().first));
}

#[test]
fn a_needle_never_runs_from_one_field_or_record_into_the_next() {
    let mut inventory = Inventory::with_text_index();
    let mut g = group("sg-1", "ab");
    g.description = "cd".into();
    g.tags = [("k".to_string(), "zz".to_string())].into();
    inventory.add_groups(vec![g]);
    inventory.add_rules(vec![
        rule("sgr-1", "sg-1", "end"),
        rule("sgr-2", "sg-1", "x"),
    ]);
    assert_eq!(found(&inventory, "ab"), ["sg-1"]);
    assert_eq!(
        found(&inventory, "bc"),
        Vec::<String>::new(),
        "name into description"
    );
    assert_eq!(
        found(&inventory, "kzz"),
        Vec::<String>::new(),
        "a tag's key into its value"
    );
    assert_eq!(
        found(&inventory, "zzsgr"),
        Vec::<String>::new(),
        "a group into its rule"
    );
    assert_eq!(
        found(&inventory, "1end"),
        Vec::<String>::new(),
        "a rule's id into its description"
    );
    assert_eq!(
        found(&inventory, "endsgr"),
        Vec::<String>::new(),
        "a rule into the next"
    );
    assert!(!TextIndex::searchable("b\0c"));
    assert!(!TextIndex::searchable(""));
    assert!(!TextIndex::searchable("Ab"));
    assert!(TextIndex::searchable("a b-c"));
}

#[test]
fn a_rule_without_an_ec2_id_is_found_by_its_description_only() {
    let mut inventory = Inventory::with_text_index();
    inventory.add_groups(vec![group("sg-1", "web")]);
    let key = Rule::unidentified_key("sg-1", Direction::Inbound, 0);
    inventory.add_rules(vec![rule(&key, "sg-1", "office")]);
    assert_eq!(found(&inventory, "office"), [key]);
    assert_eq!(found(&inventory, "unidentified"), Vec::<String>::new());
}

#[test]
fn an_inventory_keeps_no_index_unless_asked() {
    let mut inventory = Inventory::default();
    inventory.add_groups(vec![group("sg-1", "web")]);
    inventory.add_rules(vec![rule("sgr-1", "sg-1", "office")]);
    assert!(inventory.text().is_none());
    assert_eq!(inventory, {
        let mut indexed = Inventory::with_text_index();
        indexed.add_groups(vec![group("sg-1", "web")]);
        indexed.add_rules(vec![rule("sgr-1", "sg-1", "office")]);
        indexed
    });
}
