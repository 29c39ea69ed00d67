//! The demo account shows every audit signal: loaded through the `Ec2` trait as the app loads
//! it (groups, rules, interfaces, stale references per VPC) and judged with the default policy.

mod common;

use std::collections::BTreeMap;

use sgtui::analysis::Usage;
use sgtui::analysis::signals::Risk;
use sgtui::inventory::Inventory;
use sgtui::model::{Direction, Protocol, Rule};

use common::demo::judged_demo;

fn group_name<'a>(inventory: &'a Inventory, rule: &Rule) -> &'a str {
    &inventory.group(&rule.group_id).expect("its group").name
}

/// Every rule of the inventory, with its group's name.
fn rules(inventory: &Inventory) -> Vec<(&str, &Rule)> {
    inventory
        .all_rules()
        .map(|(g, r)| (g.name.as_str(), r))
        .collect()
}

/// `group properties peer` of each rule `pick` keeps, sorted.
fn described(inventory: &Inventory, pick: impl Fn(&Rule) -> bool) -> Vec<(String, String, String)> {
    let mut found: Vec<_> = rules(inventory)
        .into_iter()
        .filter(|(_, r)| pick(r))
        .map(|(g, r)| (g.to_string(), r.protocol_ports(), r.peer.short()))
        .collect();
    found.sort();
    found
}

fn triples(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    items
        .iter()
        .map(|(g, p, peer)| (g.to_string(), p.to_string(), peer.to_string()))
        .collect()
}

#[tokio::test]
async fn the_demo_shows_every_kind_of_risky_rule() {
    let (inventory, signals) = judged_demo().await;
    let risk = |r: &Rule| signals.rule(&r.id).risky.clone();
    let all_traffic = described(&inventory, |r| {
        risk(r) == Some(Risk::AllTraffic) && r.peer.short() == "0.0.0.0/0"
    });
    assert_eq!(
        all_traffic,
        triples(&[("temp-debug-alice", "all traffic", "0.0.0.0/0")])
    );
    let every_port = described(&inventory, |r| {
        risk(r) == Some(Risk::AllPorts(Protocol::Tcp))
    });
    assert_eq!(
        every_port,
        triples(&[
            ("launch-wizard-1", "tcp all", "0.0.0.0/0"),
            ("launch-wizard-7", "tcp all", "0.0.0.0/0"),
        ])
    );
    let rdp = described(&inventory, |r| {
        risk(r) == Some(Risk::Ports(Protocol::Tcp, vec![3389]))
    });
    assert_eq!(
        rdp,
        triples(&[
            ("launch-wizard-7", "tcp 3389", "0.0.0.0/0"),
            ("windows-rdp-jump", "tcp 3389", "0.0.0.0/0"),
        ])
    );
    let ssh_v6 = described(&inventory, |r| {
        risk(r) == Some(Risk::Ports(Protocol::Tcp, vec![22])) && r.peer.short() == "::/0"
    });
    assert_eq!(ssh_v6, triples(&[("launch-wizard-7", "tcp 22", "::/0")]));
    // Outbound rules to the world are never risky.
    assert!(
        described(&inventory, |r| r.direction == Direction::Outbound
            && risk(r).is_some())
        .is_empty()
    );
}

#[tokio::test]
async fn the_demo_shows_wide_redundant_and_stale_rules() {
    let (inventory, signals) = judged_demo().await;
    let wide = described(&inventory, |r| signals.rule(&r.id).wide.is_some());
    assert_eq!(
        wide,
        triples(&[
            ("mail-relay", "tcp 25", "40.107.0.0/16"),
            ("mail-relay", "tcp 25", "52.100.0.0/14"),
        ])
    );

    // Covered by a wider internal range, and by a wider rule of the same prefix list.
    let covered_by = |group: &str, properties: &str| {
        described(&inventory, |r| {
            group_name(&inventory, r) == group
                && signals
                    .rule(&r.id)
                    .redundant
                    .as_ref()
                    .is_some_and(|c| c.properties == properties)
        })
    };
    assert_eq!(
        covered_by("api-internal", "tcp all 10.0.0.0/8"),
        triples(&[
            ("api-internal", "tcp 443", "10.20.0.0/16"),
            ("api-internal", "tcp 8000-8999", "10.20.0.0/16"),
            ("api-internal", "tcp 8443", "10.30.0.0/16"),
        ])
    );
    assert_eq!(
        covered_by(
            "monitoring-prometheus",
            "tcp 9090-9094 pl-0a1b2c3d4e5f60718"
        ),
        triples(&[
            ("monitoring-prometheus", "tcp 9090", "pl-0a1b2c3d4e5f60718"),
            ("monitoring-prometheus", "tcp 9093", "pl-0a1b2c3d4e5f60718"),
        ])
    );

    let stale = described(&inventory, |r| signals.rule(&r.id).stale);
    assert_eq!(
        stale,
        triples(&[
            ("payments-api", "tcp 8443", "sg-07c3e9a1b5d2f4c86"),
            ("staging-db", "tcp 5432", "sg-0e5b1c9d7a3f24e68"),
        ])
    );
    let totals = signals.totals();
    assert!(
        totals.risky > 0 && totals.wide > 0 && totals.redundant > 0 && totals.stale > 0,
        "{totals:?}"
    );
}

#[tokio::test]
async fn the_demo_has_groups_in_use_referenced_unused_and_default() {
    let (inventory, signals) = judged_demo().await;
    let mut by_usage: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for g in inventory.groups() {
        let usage = match signals.group(&g.id).usage {
            Usage::InUse(_) => "in use",
            Usage::Default => "default",
            Usage::Referenced(1) => "referenced once",
            Usage::Referenced(_) => "referenced more",
            Usage::Unused => "unused",
            Usage::Unknown => "unknown",
        };
        by_usage.entry(usage).or_default().push(&g.name);
    }
    for names in by_usage.values_mut() {
        names.sort();
    }
    assert_eq!(
        by_usage["unused"],
        [
            "launch-wizard-1",
            "launch-wizard-3",
            "launch-wizard-7",
            "nat-instance",
            "old-bastion"
        ]
    );
    assert_eq!(by_usage["referenced once"], ["memcached-old"]);
    // The default VPC's and staging's default groups hold no interface; prod's does.
    assert_eq!(by_usage["default"], ["default", "default"]);
    assert!(by_usage["in use"].contains(&"default"));
    assert_eq!(by_usage["in use"].len(), inventory.groups().len() - 8);
    assert!(!by_usage.contains_key("unknown") && !by_usage.contains_key("referenced more"));
    assert_eq!(signals.totals().unused, 5);
}
