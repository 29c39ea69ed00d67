use super::{Finding, Signal, counts, fails, findings};
use crate::analysis::{Judged, Matcher, NoAddresses, Policy, Signals};
use crate::cli::FailOn;
use crate::inventory::Inventory;
use crate::model::lang::Filter;
use crate::model::{Direction, Peer, PortRange, Protocol, Rule, SecurityGroup};

fn group(id: &str, name: &str, vpc: &str) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: name.into(),
        description: "a group".into(),
        vpc_id: Some(vpc.into()),
        owner_id: None,
        tags: Default::default(),
        listed_rules: None,
    }
}

fn inbound(id: &str, group: &str, port: i32, cidr: &str) -> Rule {
    Rule {
        id: id.into(),
        group_id: group.into(),
        direction: Direction::Inbound,
        protocol: Protocol::Tcp,
        ports: PortRange::new(port, port),
        peer: Peer::Ipv4(cidr.parse().unwrap()),
        description: None,
        tags: Default::default(),
    }
}

/// web (vpc-1): ssh from anywhere (risky), ssh from a /24 (redundant), https from a /16 (wide),
/// and a stale rule; app (vpc-2): unused, with one plain rule.
fn inventory() -> Inventory {
    let mut inventory = Inventory::default();
    inventory.add_groups(vec![
        group("sg-1", "web", "vpc-1"),
        group("sg-2", "app", "vpc-2"),
    ]);
    inventory.add_rules(vec![
        inbound("sgr-any", "sg-1", 22, "0.0.0.0/0"),
        inbound("sgr-net", "sg-1", 22, "198.51.100.0/24"),
        inbound("sgr-wide", "sg-1", 443, "8.0.0.0/16"),
        inbound("sgr-stale", "sg-1", 80, "10.0.0.0/8"),
        inbound("sgr-app", "sg-2", 8080, "10.0.0.0/8"),
    ]);
    inventory
}

fn judged(inventory: &Inventory) -> Signals {
    let judged = Judged {
        policy: &Policy::default(),
        interfaces_known: true,
        stale: &|rule| rule.id == "sgr-stale",
    };
    Signals::compute(inventory, &judged)
}

fn found(filter: &str) -> Vec<Finding> {
    let inventory = inventory();
    let signals = judged(&inventory);
    let filter = Filter::parse(filter).unwrap();
    let matcher = Matcher::new(&filter, &NoAddresses).with_signals(Some(&signals));
    findings(&inventory, Some("eu-west-1"), &matcher, &signals)
}

fn kinds(found: &[Finding]) -> Vec<(Signal, String)> {
    (found.iter()).map(|f| (f.signal, f.location())).collect()
}

#[test]
fn one_finding_per_rule_signal_and_per_unused_group() {
    let found = found("");
    assert_eq!(
        kinds(&found),
        [
            (Signal::Unused, "eu-west-1/sg-2".to_string()),
            (Signal::Unused, "eu-west-1/sg-1".into()),
            (Signal::Risky, "eu-west-1/sg-1/sgr-any".into()),
            (Signal::Redundant, "eu-west-1/sg-1/sgr-net".into()),
            (Signal::Stale, "eu-west-1/sg-1/sgr-stale".into()),
            (Signal::Wide, "eu-west-1/sg-1/sgr-wide".into()),
        ],
        "groups by name (app, web), rules in the panes' order"
    );
    let risky = &found[2];
    assert_eq!(risky.group_name, "web");
    assert_eq!(risky.vpc_id.as_deref(), Some("vpc-1"));
    assert_eq!(risky.properties.as_deref(), Some("in tcp 22 0.0.0.0/0"));
    assert!(risky.reason.contains("22"), "{}", risky.reason);
    assert!(
        found[3].reason.starts_with("covered by sgr-any"),
        "{}",
        found[3].reason
    );
    assert_eq!(found[0].rule_id, None);
    assert!(
        found[0].reason.starts_with("unused: "),
        "{}",
        found[0].reason
    );
}

#[test]
fn the_reasons_are_those_the_rule_panes_give_without_their_marks() {
    let inventory = inventory();
    let signals = judged(&inventory);
    let found = found("");
    for finding in found.iter().filter(|f| f.rule_id.is_some()) {
        let reasons = signals.rule(finding.rule_id.as_deref().unwrap()).reasons();
        let line = format!(": {}", finding.reason);
        assert!(reasons.iter().any(|r| r.ends_with(&line)), "{reasons:?}");
    }
}

#[test]
fn a_filter_narrows_the_findings_to_what_it_shows() {
    assert_eq!(
        kinds(&found("vpc:vpc-2")),
        [(Signal::Unused, "eu-west-1/sg-2".to_string())]
    );
    assert_eq!(
        kinds(&found("port:22")),
        [
            (Signal::Unused, "eu-west-1/sg-1".to_string()),
            (Signal::Risky, "eu-west-1/sg-1/sgr-any".into()),
            (Signal::Redundant, "eu-west-1/sg-1/sgr-net".into()),
        ]
    );
    assert!(found("port:9999").is_empty());
}

#[test]
fn counts_are_per_signal_in_a_fixed_order() {
    assert_eq!(
        counts(&found("")),
        [
            (Signal::Risky, 1),
            (Signal::Wide, 1),
            (Signal::Redundant, 1),
            (Signal::Stale, 1),
            (Signal::Unused, 2),
        ]
    );
}

#[test]
fn fail_on_names_the_signals_that_fail() {
    assert!(fails(Signal::Risky, &[FailOn::Risky]));
    assert!(!fails(Signal::Wide, &[FailOn::Risky]));
    assert!(fails(Signal::Wide, &[FailOn::Risky, FailOn::Wide]));
    assert!(fails(Signal::Unused, &[FailOn::Any]));
    assert!(!fails(Signal::Unused, &[]));
    for signal in Signal::ALL {
        assert!(fails(signal, &[FailOn::Any]));
    }
}

#[test]
fn a_location_leaves_out_what_it_lacks() {
    let mut finding = found("").remove(2);
    finding.region = None;
    assert_eq!(finding.location(), "sg-1/sgr-any");
}
