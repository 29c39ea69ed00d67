use super::*;
use crate::model::NetworkInterface;

fn group(id: &str, name: &str) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: name.into(),
        description: String::new(),
        vpc_id: Some("vpc-1".into()),
        owner_id: None,
        tags: Tags::default(),
        listed_rules: None,
    }
}

fn eni(id: &str, group: &str) -> NetworkInterface {
    NetworkInterface::sample(id, &[group], "10.0.0.1")
}

/// web (used by an interface), db (referenced by web, and by itself), default, lonely.
fn inventory() -> Inventory {
    let mut inventory = Inventory::default();
    inventory.add_groups(vec![
        group("sg-web", "web"),
        group("sg-db", "db"),
        group("sg-def", "default"),
        group("sg-lonely", "lonely"),
    ]);
    let mut to_db = rule(
        "sgr-1",
        Direction::Outbound,
        Protocol::Tcp,
        (5432, 5432),
        "sg-db",
    );
    to_db.group_id = "sg-web".into();
    let mut self_ref = rule(
        "sgr-2",
        Direction::Inbound,
        Protocol::All,
        (-1, -1),
        "sg-db",
    );
    self_ref.group_id = "sg-db".into();
    let mut lonely_self = rule(
        "sgr-3",
        Direction::Inbound,
        Protocol::All,
        (-1, -1),
        "sg-lonely",
    );
    lonely_self.group_id = "sg-lonely".into();
    inventory.add_rules(vec![to_db, self_ref, lonely_self]);
    inventory
        .network_mut()
        .add_interfaces(vec![eni("eni-1", "sg-web")]);
    inventory
}

fn judged(interfaces_known: bool) -> Signals {
    let policy = Policy::default();
    let judged = Judged {
        policy: &policy,
        interfaces_known,
        stale: &|r: &Rule| r.id == "sgr-1",
    };
    Signals::compute(&inventory(), &judged)
}

#[test]
fn usage_tells_in_use_referenced_default_and_unused_apart() {
    let s = judged(true);
    assert_eq!(s.group("sg-web").usage, Usage::InUse(1));
    assert_eq!(
        s.group("sg-db").usage,
        Usage::Referenced(1),
        "its own reference does not count"
    );
    assert_eq!(s.group("sg-def").usage, Usage::Default);
    assert_eq!(s.group("sg-lonely").usage, Usage::Unused);
    assert_eq!(s.totals().unused, 1);
    assert!(
        s.group("sg-lonely")
            .usage
            .reason()
            .contains("no network interface in this region")
    );
}

#[test]
fn without_the_interfaces_usage_is_unknown() {
    let s = judged(false);
    for g in ["sg-web", "sg-db", "sg-def", "sg-lonely"] {
        assert_eq!(s.group(g).usage, Usage::Unknown, "{g}");
    }
    assert_eq!(s.totals().unused, 0);
}

#[test]
fn stale_rules_are_counted_per_group_and_marked() {
    let s = judged(true);
    assert!(s.rule("sgr-1").stale);
    assert_eq!(s.rule("sgr-1").marks(), "?");
    assert_eq!(s.group("sg-web").stale, 1);
    assert_eq!(s.totals().stale, 1);
    assert!(s.rule("sgr-2").is_empty());
}

#[test]
fn marks_and_reasons_name_every_signal() {
    let signals = RuleSignals {
        risky: Some(Risk::AllTraffic),
        wide: None,
        redundant: Some(Cover {
            rule_id: "sgr-9".into(),
            properties: "all traffic 0.0.0.0/0".into(),
        }),
        stale: true,
    };
    assert_eq!(signals.marks(), "!=?");
    let reasons = signals.reasons();
    assert_eq!(reasons.len(), 3);
    assert_eq!(reasons[0], "! risky: all traffic from anywhere");
    assert_eq!(
        reasons[1],
        "= redundant: covered by sgr-9 (all traffic 0.0.0.0/0)"
    );
    let wide = RuleSignals {
        wide: Some("52.0.0.0/8".parse().unwrap()),
        ..RuleSignals::default()
    };
    assert_eq!(wide.marks(), "~");
}
