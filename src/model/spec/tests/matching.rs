//! Matching rules as EC2's revoke by properties does.

use super::*;

#[test]
fn matches_every_peer_kind() {
    for text in [
        "in tcp 22 0.0.0.0/0",
        "out all ::/0",
        "in tcp 5432 pl-0123abcd",
        "in tcp 443 sg-0abc1234",
        "in tcp 443 123456789012/sg-0abc1234",
        "in icmp 3:4 10.0.0.0/8",
        "in icmpv6 echo-request ::/0",
        "in 50 10.0.0.0/8",
    ] {
        let s = parse(text).spec;
        assert!(s.matches(&rule_from(&s)), "{text}");
    }
}

#[test]
fn group_peers_match_on_group_id_only() {
    let s = parse("in tcp 443 sg-0abc1234").spec;
    let mut rule = rule_from(&s);
    rule.peer = Peer::Group(GroupRef {
        group_id: "sg-0abc1234".into(),
        user_id: Some("123456789012".into()),
        vpc_id: Some("vpc-0123abcd".into()),
        peering_status: Some("active".into()),
    });
    assert!(s.matches(&rule));
    assert!(
        parse("in tcp 443 210987654321/sg-0abc1234")
            .spec
            .matches(&rule)
    );
    assert!(!parse("in tcp 443 sg-0abc1235").spec.matches(&rule));
}

#[test]
fn matches_as_ec2_stores_ports() {
    // tcp all against a rule stored as -1/-1.
    let s = parse("in tcp all 10.0.0.0/8").spec;
    let mut rule = rule_from(&s);
    rule.ports = PortRange::ANY;
    assert!(s.matches(&rule));
    assert!(!parse("in tcp 22 10.0.0.0/8").spec.matches(&rule));
    // All traffic and protocol numbers ignore whatever ports the rule carries.
    let s = parse("in all 10.0.0.0/8").spec;
    let mut rule = rule_from(&s);
    rule.ports = PortRange::new(0, 65535);
    assert!(s.matches(&rule));
    // icmp compares type and code exactly.
    let s = parse("in icmp 8 10.0.0.0/8").spec;
    let mut rule = rule_from(&s);
    assert!(s.matches(&rule));
    rule.ports = PortRange::new(8, 0);
    assert!(!s.matches(&rule));
    rule.ports = PortRange::ANY;
    assert!(!s.matches(&rule));
    assert!(parse("in icmp all 10.0.0.0/8").spec.matches(&rule));
}

#[test]
fn stored_non_canonical_cidr_still_matches() {
    let s = parse("in tcp 22 10.0.0.0/16").spec;
    let mut rule = rule_from(&s);
    rule.peer = v4("10.0.0.5/16");
    assert!(s.matches(&rule));
    let typed = parse("in tcp 22 10.0.9.9/16");
    assert!(typed.spec.matches(&rule));
    rule.peer = v6("2001:db8::1/32");
    assert!(parse("in tcp 22 2001:db8::/32").spec.matches(&rule));
}

#[test]
fn wrong_direction_port_protocol_or_peer_does_not_match() {
    let rule = rule_from(&parse("in tcp 22 0.0.0.0/0").spec);
    for text in [
        "out tcp 22 0.0.0.0/0",
        "in udp 22 0.0.0.0/0",
        "in tcp 23 0.0.0.0/0",
        "in tcp 22-23 0.0.0.0/0",
        "in tcp all 0.0.0.0/0",
        "in tcp 22 0.0.0.0/1",
        "in tcp 22 ::/0",
        "in tcp 22 pl-0123abcd",
        "in tcp 22 sg-0abc1234",
        "in all 0.0.0.0/0",
    ] {
        assert!(!parse(text).spec.matches(&rule), "{text}");
    }
}
