//! The answers written for a snapshot read back as the same groups, rules and interfaces.

use super::*;

/// Rules in a stable order, to compare.
fn sorted(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    rules
}

#[test]
fn a_snapshot_written_and_read_again_is_the_same() {
    let s = whole();
    let interfaces = s.interfaces.clone().unwrap();
    let (groups, rules, written_interfaces, left_out) =
        Snapshot::answers(&s.groups, &s.rules, &interfaces);
    assert_eq!(left_out, 0);
    let [groups, rules, written_interfaces] = [
        serde_json::to_string(&groups).unwrap(),
        serde_json::to_string(&rules).unwrap(),
        serde_json::to_string(&written_interfaces).unwrap(),
    ];
    let again = Snapshot::parse(SnapshotTexts {
        groups: &groups,
        rules: Some(&rules),
        interfaces: Some(&written_interfaces),
    })
    .unwrap();
    assert_eq!(again.groups, s.groups);
    assert_eq!(sorted(again.rules.clone()), sorted(s.rules.clone()));
    assert_eq!(again.interfaces, s.interfaces);
    assert_eq!(peers_in_json(&groups), s.rules.len());
}

#[test]
fn permissions_are_folded_as_ec2_folds_them() {
    let s = whole();
    let (groups, rules, _, _) = Snapshot::answers(&s.groups, &s.rules, &[]);
    let web = &groups.security_groups[0];
    assert_eq!(web.group_id, WEB);
    let https = &web.ip_permissions[0];
    assert_eq!((https.from_port, https.to_port), (Some(443), Some(443)));
    let counts = [
        https.ip_ranges.len(),
        https.ipv6_ranges.len(),
        https.prefix_list_ids.len(),
        https.user_id_group_pairs.len(),
    ];
    assert_eq!(counts, [3, 2, 1, 2]);
    let all = &web.ip_permissions_egress[0];
    assert_eq!(
        (all.ip_protocol.as_str(), all.from_port, all.to_port),
        ("-1", None, None)
    );
    let esp = &groups.security_groups[3].ip_permissions[0];
    assert_eq!((esp.ip_protocol.as_str(), esp.from_port), ("50", None));
    assert_eq!(rules.security_group_rules.len(), s.rules.len());
    let any = &rules.security_group_rules[0];
    assert_eq!(any.group_owner_id.as_deref(), Some("123456789012"));
}

#[test]
fn rules_without_ids_are_not_written_as_rules() {
    let s = groups_only();
    let (groups, rules, _, _) = Snapshot::answers(&s.groups, &s.rules, &[]);
    assert!(rules.security_group_rules.is_empty(), "no id is made up");
    assert_eq!(
        peers_in_json(&serde_json::to_string(&groups).unwrap()),
        s.rules.len()
    );
}

#[test]
fn a_peer_sgtui_cannot_read_is_left_out_and_counted() {
    let mut s = whole();
    s.rules[0].peer = Peer::Unknown("(no peer)".into());
    let (groups, rules, _, left_out) = Snapshot::answers(&s.groups, &s.rules, &[]);
    assert_eq!(left_out, 1);
    let groups = serde_json::to_string(&groups).unwrap();
    assert_eq!(peers_in_json(&groups), s.rules.len() - 1);
    assert_eq!(rules.security_group_rules.len(), s.rules.len() - 1);
}
