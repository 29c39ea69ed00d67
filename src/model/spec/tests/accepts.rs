//! Specs that parse: the canonical form, synonyms, ICMP, every peer kind, canonical CIDRs.

use super::*;

#[test]
fn canonical_examples_parse_and_print_back() {
    let cases = [
        (
            "in tcp 22 0.0.0.0/0",
            spec(In, Protocol::Tcp, (22, 22), v4("0.0.0.0/0")),
        ),
        (
            "out all ::/0",
            spec(Out, Protocol::All, (-1, -1), v6("::/0")),
        ),
        (
            "in icmp 3:4 10.0.0.0/8",
            spec(In, Protocol::Icmp, (3, 4), v4("10.0.0.0/8")),
        ),
        (
            "in icmp 8 10.0.0.0/8",
            spec(In, Protocol::Icmp, (8, -1), v4("10.0.0.0/8")),
        ),
        (
            "in icmp all 10.0.0.0/8",
            spec(In, Protocol::Icmp, (-1, -1), v4("10.0.0.0/8")),
        ),
        (
            "in udp 1024-65535 10.0.0.0/8",
            spec(In, Protocol::Udp, (1024, 65535), v4("10.0.0.0/8")),
        ),
        (
            "in tcp 5432 pl-0123abcd",
            spec(
                In,
                Protocol::Tcp,
                (5432, 5432),
                Peer::PrefixList("pl-0123abcd".into()),
            ),
        ),
        (
            "in tcp 443 sg-0abc1234",
            spec(In, Protocol::Tcp, (443, 443), group("sg-0abc1234", None)),
        ),
        (
            "in tcp 443 123456789012/sg-0abc1234",
            spec(
                In,
                Protocol::Tcp,
                (443, 443),
                group("sg-0abc1234", Some("123456789012")),
            ),
        ),
        (
            "out 50 192.168.0.0/16",
            spec(Out, Protocol::Number(50), (-1, -1), v4("192.168.0.0/16")),
        ),
        (
            "in tcp all 10.0.0.0/8",
            spec(In, Protocol::Tcp, (0, 65535), v4("10.0.0.0/8")),
        ),
    ];
    for (text, expected) in cases {
        let parsed = parse(text);
        assert_eq!(parsed.spec, expected, "{text}");
        assert!(parsed.notes.is_empty(), "{text}: {:?}", parsed.notes);
        assert_eq!(expected.to_string(), text);
    }
}

#[test]
fn accepts_synonyms_case_and_spacing() {
    let a = parse("  INGRESS\tTCP  22   0.0.0.0/0 ").spec;
    assert_eq!(a, parse("in tcp 22 0.0.0.0/0").spec);
    assert_eq!(parse("Inbound 6 22 0.0.0.0/0").spec, a);
    assert_eq!(parse("egress -1 ::/0").spec.direction, Out);
    assert_eq!(parse("OUTBOUND ALL ::/0").spec, parse("out all ::/0").spec);
    assert_eq!(parse("out 17 53 10.0.0.0/8").spec.protocol, Protocol::Udp);
    assert_eq!(parse("out 1 10.0.0.0/8").spec.protocol, Protocol::Icmp);
    assert_eq!(parse("out 58 ::/0").spec.protocol, Protocol::Icmpv6);
    assert_eq!(parse("in 0 ::/0").spec.protocol, Protocol::Number(0));
    assert_eq!(parse("in 255 ::/0").spec.protocol, Protocol::Number(255));
    assert_eq!(parse("in 006 22 ::/0").spec.protocol, Protocol::Tcp);
    assert_eq!(parse("in 050 ::/0").spec.protocol, Protocol::Number(50));
}

#[test]
fn icmp_ports_are_optional_and_names_follow_the_family() {
    assert_eq!(
        parse("in icmp 10.0.0.0/8").spec,
        parse("in icmp all 10.0.0.0/8").spec
    );
    let ports = |s: &str| parse(s).spec.ports;
    assert_eq!(ports("in icmp echo-request ::/0"), PortRange::new(8, -1));
    assert_eq!(ports("in icmp echo-reply ::/0"), PortRange::new(0, -1));
    assert_eq!(
        ports("in icmp destination-unreachable ::/0"),
        PortRange::new(3, -1)
    );
    assert_eq!(ports("in icmp Time-Exceeded ::/0"), PortRange::new(11, -1));
    assert_eq!(
        ports("in icmpv6 echo-request ::/0"),
        PortRange::new(128, -1)
    );
    assert_eq!(ports("in icmpv6 echo-reply ::/0"), PortRange::new(129, -1));
    assert_eq!(
        ports("in icmpv6 destination-unreachable ::/0"),
        PortRange::new(1, -1)
    );
    assert_eq!(ports("in icmpv6 time-exceeded ::/0"), PortRange::new(3, -1));
    assert_eq!(ports("in icmp 0:0 ::/0"), PortRange::new(0, 0));
    assert_eq!(ports("in icmp 255:255 ::/0"), PortRange::new(255, 255));
    assert_eq!(
        ports("in icmp destination-unreachable:4 ::/0"),
        PortRange::new(3, 4)
    );
}

#[test]
fn peers_of_every_kind() {
    assert_eq!(parse("in all 203.0.113.7").spec.peer, v4("203.0.113.7/32"));
    assert_eq!(parse("in all 2001:db8::1").spec.peer, v6("2001:db8::1/128"));
    assert_eq!(parse("in all 2001:DB8::/32").spec.peer, v6("2001:db8::/32"));
    let p = parse("in all SG-0ABC1234");
    assert_eq!(p.spec.peer, group("sg-0abc1234", None));
    assert_eq!(p.notes, ["SG-0ABC1234 is written sg-0abc1234 by EC2"]);
    let p = parse("in all PL-0123ABCD");
    assert_eq!(p.spec.peer, Peer::PrefixList("pl-0123abcd".into()));
    assert_eq!(p.notes.len(), 1);
}

#[test]
fn non_canonical_cidr_is_made_canonical_with_a_note() {
    let p = parse("in tcp 22 10.0.0.5/16");
    assert_eq!(p.spec.peer, v4("10.0.0.0/16"));
    assert_eq!(
        p.notes,
        ["10.0.0.5/16 is not canonical; EC2 stores it as 10.0.0.0/16"]
    );
    let p = parse("in tcp 22 100.68.0.18/18");
    assert_eq!(p.spec.peer, v4("100.68.0.0/18"));
    let p = parse("out all 2001:db8::1/32");
    assert_eq!(p.spec.peer, v6("2001:db8::/32"));
    assert_eq!(
        p.notes,
        ["2001:db8::1/32 is not canonical; EC2 stores it as 2001:db8::/32"]
    );
}
