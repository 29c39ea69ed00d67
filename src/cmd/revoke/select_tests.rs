use super::{Parsed, Selection};
use crate::analysis::{Judged, Policy, Signals};
use crate::cli::RevokeArgs;
use crate::ec2::RevokeTarget;
use crate::inventory::Inventory;
use crate::model::{Direction, Peer, PortRange, Protocol, Rule, SecurityGroup};

fn group(id: &str, name: &str) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: name.into(),
        description: "a group".into(),
        vpc_id: Some("vpc-1".into()),
        owner_id: None,
        tags: Default::default(),
        listed_rules: None,
    }
}

fn rule(id: &str, group: &str, direction: Direction, port: i32, cidr: &str) -> Rule {
    Rule {
        id: id.into(),
        group_id: group.into(),
        direction,
        protocol: Protocol::Tcp,
        ports: PortRange::new(port, port),
        peer: Peer::Ipv4(cidr.parse().unwrap()),
        description: None,
        tags: Default::default(),
    }
}

/// web: in 22 and 443 from anywhere, out 443; db: in 22 from anywhere, in 5432 from 10/8.
fn inventory() -> (Inventory, Signals) {
    let mut inventory = Inventory::default();
    inventory.add_groups(vec![group("sg-1", "web"), group("sg-2", "db")]);
    inventory.add_rules(vec![
        rule("sgr-1", "sg-1", Direction::Inbound, 22, "0.0.0.0/0"),
        rule("sgr-2", "sg-1", Direction::Inbound, 443, "0.0.0.0/0"),
        rule("sgr-3", "sg-1", Direction::Outbound, 443, "0.0.0.0/0"),
        rule("sgr-4", "sg-2", Direction::Inbound, 22, "0.0.0.0/0"),
        rule("sgr-5", "sg-2", Direction::Inbound, 5432, "10.0.0.0/8"),
    ]);
    let judged = Judged {
        policy: &Policy::default(),
        interfaces_known: true,
        stale: &|_| false,
    };
    let signals = Signals::compute(&inventory, &judged);
    (inventory, signals)
}

fn parse(edit: impl FnOnce(&mut RevokeArgs)) -> Result<Parsed, String> {
    let mut args = RevokeArgs::default();
    edit(&mut args);
    Selection::parse(&args)
}

/// Each call of the plan as `group direction [rule ids] [unmatched]`.
fn calls(edit: impl FnOnce(&mut RevokeArgs)) -> Vec<String> {
    let (inventory, signals) = inventory();
    let selection = parse(edit).unwrap().selection;
    let plan = selection.plan(&inventory, &signals).unwrap();
    (plan.calls.iter())
        .map(|c| {
            let ids: Vec<&str> = c.rules.iter().map(|r| r.id.as_str()).collect();
            format!(
                "{} {:?} {ids:?} {:?}",
                c.request.group_id, c.request.direction, c.unmatched
            )
        })
        .collect()
}

fn error(edit: impl FnOnce(&mut RevokeArgs)) -> String {
    let (inventory, signals) = inventory();
    let selection = parse(edit).unwrap().selection;
    let failure = selection.plan(&inventory, &signals).unwrap_err();
    format!("{} / {}", failure.message, failure.advice)
}

#[test]
fn rule_ids_become_one_call_per_group_and_direction() {
    let plan = calls(|a| a.rule_id = vec!["sgr-4".into(), "sgr-3".into(), "sgr-1".into()]);
    assert_eq!(
        plan,
        [
            r#"sg-1 Inbound ["sgr-1"] []"#,
            r#"sg-1 Outbound ["sgr-3"] []"#,
            r#"sg-2 Inbound ["sgr-4"] []"#,
        ]
    );
}

#[test]
fn unknown_rule_ids_are_named_each_once_and_inert() {
    let text = error(|a| {
        a.rule_id = ["sgr-1", "sgr-9", "sgr-\u{1b}[2J", "sgr-9"]
            .map(String::from)
            .into()
    });
    assert_eq!(
        text,
        "--rule-id: no rule sgr-9, sgr-\\x1b[2J here; nothing was sent / List the rules with \
         their ids: sgtui export --format table"
    );
}

#[test]
fn a_spec_is_one_call_per_group_with_what_it_matches_there() {
    let plan = calls(|a| {
        a.spec = Some("in tcp 22 0.0.0.0/0".into());
        a.group = ["sg-2", "sg-1", "sg-2"].map(String::from).into();
    });
    assert_eq!(
        plan,
        [
            r#"sg-2 Inbound ["sgr-4"] []"#,
            r#"sg-1 Inbound ["sgr-1"] []"#,
        ],
        "each group once, in the order given"
    );
    let plan = calls(|a| {
        a.spec = Some("in tcp 5432 10.0.0.0/8".into());
        a.group = vec!["sg-1".into(), "sg-2".into()];
    });
    assert_eq!(
        plan,
        [
            r#"sg-1 Inbound [] ["tcp 5432 10.0.0.0/8"]"#,
            r#"sg-2 Inbound ["sgr-5"] []"#,
        ]
    );
    let (inventory, signals) = inventory();
    let selection = parse(|a| {
        a.spec = Some("in tcp 22 0.0.0.0/0".into());
        a.group = vec!["sg-1".into()];
    })
    .unwrap()
    .selection;
    let plan = selection.plan(&inventory, &signals).unwrap();
    assert!(matches!(
        &plan.calls[0].request.target,
        RevokeTarget::Permissions(p) if p[0].texts() == ["tcp 22 0.0.0.0/0"]
    ));
}

#[test]
fn a_spec_names_the_groups_the_account_lacks() {
    let text = error(|a| {
        a.spec = Some("in tcp 22 0.0.0.0/0".into());
        a.group = vec!["sg-1".into(), "sg-7".into()];
    });
    assert!(
        text.starts_with("--group: no group sg-7 here; nothing was sent"),
        "{text}"
    );
}

#[test]
fn a_spec_that_does_not_parse_is_named_with_its_flag_and_a_cidr_made_canonical_is_noted() {
    let e = parse(|a| a.spec = Some("in tcp 0.0.0.0/0".into())).unwrap_err();
    assert!(e.starts_with("--spec: "), "{e}");
    let parsed = parse(|a| {
        a.spec = Some("in tcp 22 10.1.2.3/8".into());
        a.group = vec!["sg-1".into()];
    })
    .unwrap();
    assert_eq!(parsed.notes.len(), 1, "{:?}", parsed.notes);
    assert!(matches!(
        parsed.selection,
        Selection::Spec { ref spec, .. } if spec.peer.short() == "10.0.0.0/8"
    ));
}

#[test]
fn a_filter_selects_exactly_the_rules_it_matches() {
    let plan = calls(|a| a.filter = Some("port:22 dir:in".into()));
    assert_eq!(
        plan,
        [
            r#"sg-1 Inbound ["sgr-1"] []"#,
            r#"sg-2 Inbound ["sgr-4"] []"#
        ]
    );
    let plan = calls(|a| a.filter = Some("risky".into()));
    assert_eq!(
        plan,
        [
            r#"sg-1 Inbound ["sgr-1"] []"#,
            r#"sg-2 Inbound ["sgr-4"] []"#
        ],
        "the signal words judge as export judges"
    );
    assert!(calls(|a| a.filter = Some("port:8080".into())).is_empty());
}

#[test]
fn a_filter_must_parse_and_name_something() {
    let e = parse(|a| a.filter = Some("port:99999".into())).unwrap_err();
    assert!(e.starts_with("--filter: `port:99999`"), "{e}");
    for empty in ["", "   "] {
        let e = parse(|a| a.filter = Some(empty.into())).unwrap_err();
        assert!(e.contains("an empty filter matches every rule"), "{e}");
    }
}
