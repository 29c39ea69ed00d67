//! What a snapshot that cannot be used says: which answer, and what is wrong with it.

use super::*;

fn groups_error(groups: &str) -> SnapshotError {
    Snapshot::parse(SnapshotTexts {
        groups,
        ..SnapshotTexts::default()
    })
    .unwrap_err()
}

/// The rules fixture changed by `edit`, read with the groups fixture.
fn rules_error(edit: impl FnOnce(&mut Vec<serde_json::Value>)) -> SnapshotError {
    let mut answer: serde_json::Value = serde_json::from_str(RULES).unwrap();
    edit(answer["SecurityGroupRules"].as_array_mut().unwrap());
    let rules = answer.to_string();
    let texts = SnapshotTexts {
        groups: GROUPS,
        rules: Some(&rules),
        interfaces: None,
    };
    Snapshot::parse(texts).unwrap_err()
}

#[test]
fn json_that_is_no_answer_names_the_command_and_the_place() {
    let e = groups_error("{\"SecurityGroups\": [\n  {\"GroupName\": \"x\"}\n]}");
    assert_eq!(e.answer, Answer::Groups);
    assert!(
        e.message.starts_with(
            "not what `aws ec2 describe-security-groups --output json` writes: missing field \
             `GroupId` at line 2"
        ),
        "{}",
        e.message
    );
    let e = groups_error("{\"SecurityGroups\": [");
    assert!(e.message.contains("EOF while parsing"), "{}", e.message);
    let e = groups_error("[]");
    assert!(e.message.starts_with("not what"), "{}", e.message);
}

#[test]
fn another_answer_in_its_place_is_named() {
    let e = groups_error(RULES);
    assert_eq!(
        e.message,
        "it holds SecurityGroupRules, what `aws ec2 describe-security-group-rules --output json` \
         writes, not SecurityGroups"
    );
    let texts = SnapshotTexts {
        groups: GROUPS,
        rules: Some(INTERFACES),
        interfaces: None,
    };
    let e = Snapshot::parse(texts).unwrap_err();
    assert_eq!(e.answer, Answer::Rules);
    assert!(
        e.message.starts_with("it holds NetworkInterfaces"),
        "{}",
        e.message
    );
}

#[test]
fn values_that_cannot_be_read_name_their_group() {
    let bad_cidr = GROUPS.replace("\"198.51.100.0/24\"", "\"198.51.100.0/33\"");
    let e = groups_error(&bad_cidr);
    assert!(
        e.message.starts_with(
            r#"group sg-0a1b2c3d4e5f60001, inbound: "198.51.100.0/33" is not an IPv4 CIDR"#
        ),
        "{}",
        e.message
    );
    let bad_protocol = GROUPS.replace("\"IpProtocol\": \"50\"", "\"IpProtocol\": \"esp\"");
    let e = groups_error(&bad_protocol);
    assert_eq!(
        e.message,
        r#"group sg-0a1b2c3d4e5f60004, inbound: unknown protocol "esp""#
    );
    let twice = r#"{"SecurityGroups": [{"GroupId": "sg-1"}, {"GroupId": "sg-1"}]}"#;
    assert_eq!(groups_error(twice).message, "group sg-1 is listed twice");
}

#[test]
fn rules_that_do_not_match_the_permissions_are_refused_naming_the_first() {
    let e = rules_error(|rules| {
        let i = (rules.iter())
            .position(|r| r["IpProtocol"] == "50")
            .unwrap();
        rules.remove(i);
    });
    assert_eq!(e.answer, Answer::Rules);
    assert_eq!(
        e.message,
        "the rules do not match the groups: 1 peer(s) of the groups' permissions have no rule \
         (first: sg-0a1b2c3d4e5f60004 inbound esp (proto 50) 192.0.2.0/24)"
    );
    let e = rules_error(|rules| {
        let mut extra = rules[0].clone();
        extra["SecurityGroupRuleId"] = "sgr-0ffffffffffffffff".into();
        extra["FromPort"] = 444.into();
        extra["ToPort"] = 444.into();
        rules.push(extra);
    });
    assert!(
        e.message.contains("1 rule(s) match no peer of their group's permissions (first: sgr-0ffffffffffffffff of sg-0a1b2c3d4e5f60001 inbound tcp 444"),
        "{}",
        e.message
    );
    let e = rules_error(|rules| {
        let copy = rules[0].clone();
        rules.push(copy);
    });
    assert!(e.message.ends_with("is listed twice"), "{}", e.message);
    let e = rules_error(|rules| rules[0]["PrefixListId"] = "pl-1".into());
    assert!(
        e.message.ends_with(
            "needs exactly one of CidrIpv4, CidrIpv6, PrefixListId, ReferencedGroupInfo"
        ),
        "{}",
        e.message
    );
}

#[test]
fn rules_of_groups_the_snapshot_lacks_are_left_out_with_a_note() {
    let mut answer: serde_json::Value = serde_json::from_str(RULES).unwrap();
    let mut other = answer["SecurityGroupRules"][0].clone();
    other["GroupId"] = "sg-0eeeeeeeeeeeeeeee".into();
    other["SecurityGroupRuleId"] = "sgr-0eeeeeeeeeeeeeeee".into();
    answer["SecurityGroupRules"]
        .as_array_mut()
        .unwrap()
        .push(other);
    answer["NextToken"] = "eyJ2IjoiMiJ9".into();
    let rules = answer.to_string();
    let texts = SnapshotTexts {
        groups: GROUPS,
        rules: Some(&rules),
        interfaces: None,
    };
    let s = Snapshot::parse(texts).unwrap();
    assert_eq!(s.rules.len(), peers_in_json(GROUPS));
    assert!(s.rules.iter().all(|r| r.id != "sgr-0eeeeeeeeeeeeeeee"));
    assert_eq!(
        s.notes,
        [
            "the SecurityGroupRules answer holds a NextToken: it is one page, not every item",
            "1 rule(s) of the rules answer belong to groups the groups answer does not hold: \
             left out",
        ]
    );
}

#[test]
fn an_interface_address_that_cannot_be_read_names_the_interface() {
    let bad = INTERFACES.replace("\"10.20.3.40\"", "\"10.20.3.400\"");
    let texts = SnapshotTexts {
        groups: GROUPS,
        rules: None,
        interfaces: Some(&bad),
    };
    let e = Snapshot::parse(texts).unwrap_err();
    assert_eq!(e.answer, Answer::Interfaces);
    assert!(
        e.message.starts_with(
            r#"network interface eni-0a1b2c3d4e5f60003: private address "10.20.3.400""#
        ),
        "{}",
        e.message
    );
}
