use super::*;
use Direction::{Inbound as In, Outbound as Out};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use proptest::prelude::*;
use std::net::{Ipv4Addr, Ipv6Addr};

fn parse(s: &str) -> ParsedSpec {
    RuleSpec::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
}

fn err(s: &str) -> SpecError {
    match RuleSpec::parse(s) {
        Ok(p) => panic!("{s:?} should not parse, got {p:?}"),
        Err(e) => e,
    }
}

fn v4(s: &str) -> Peer {
    Peer::Ipv4(s.parse().unwrap())
}

fn v6(s: &str) -> Peer {
    Peer::Ipv6(s.parse().unwrap())
}

fn group(id: &str, user: Option<&str>) -> Peer {
    Peer::Group(GroupRef {
        group_id: id.into(),
        user_id: user.map(Into::into),
        vpc_id: None,
        peering_status: None,
    })
}

fn spec(direction: Direction, protocol: Protocol, ports: (i32, i32), peer: Peer) -> RuleSpec {
    RuleSpec {
        direction,
        protocol,
        ports: PortRange::new(ports.0, ports.1),
        peer,
    }
}

fn rule_from(spec: &RuleSpec) -> Rule {
    Rule {
        id: "sgr-0123456789abcdef0".into(),
        group_id: "sg-0fedcba9".into(),
        direction: spec.direction,
        protocol: spec.protocol,
        ports: spec.ports,
        peer: spec.peer.clone(),
        description: Some("from the spec".into()),
        tags: Default::default(),
    }
}

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

/// Asserts the message mentions each of `needles`, so that it says what is expected.
fn says(e: &SpecError, needles: &[&str]) {
    let msg = e.to_string();
    for n in needles {
        assert!(msg.contains(n), "{msg:?} should mention {n:?}");
    }
}

#[test]
fn word_count_errors_show_the_shape() {
    for s in ["", "   ", "in", "in tcp", "in tcp 22"] {
        let e = err(s);
        assert!(matches!(e, SpecError::TooFewTokens { .. }), "{s:?}: {e:?}");
        says(&e, &["in|out PROTOCOL [PORTS] PEER", "in tcp 22 0.0.0.0/0"]);
    }
    assert_eq!(err("in icmp 8"), SpecError::TooFewTokens { found: 3 });
    let e = err("in tcp 22 0.0.0.0/0 extra");
    assert_eq!(e, SpecError::TooManyTokens { found: 5 });
    says(&e, &["too many", "in|out PROTOCOL [PORTS] PEER"]);
}

#[test]
fn direction_and_protocol_errors() {
    let e = err("up tcp 22 0.0.0.0/0");
    assert_eq!(e, SpecError::UnknownDirection("up".into()));
    says(&e, &["`up`", "in or out"]);
    for p in ["tcpx", "256", "-2", "+6", "+50", "0x6", "icmp6", "-0"] {
        let e = err(&format!("in {p} 0.0.0.0/0"));
        assert_eq!(e, SpecError::UnknownProtocol(p.into()));
        says(&e, &[p, "tcp, udp, icmp", "0-255"]);
    }
}

#[test]
fn tcp_and_udp_need_ports() {
    let e = err("in tcp 0.0.0.0/0");
    assert_eq!(
        e,
        SpecError::MissingPorts {
            protocol: Protocol::Tcp
        }
    );
    assert_eq!(
        e.to_string(),
        "tcp needs ports: tcp 22, tcp 1024-65535 or tcp all"
    );
    let e = err("out udp sg-0abc1234");
    says(&e, &["udp needs ports", "udp 1024-65535"]);
    assert!(matches!(
        err("in tcp nonsense"),
        SpecError::MissingPorts { .. }
    ));
}

#[test]
fn bad_ports_name_the_bad_value() {
    for (ports, bad) in [
        ("65536", "65536"),
        ("http", "http"),
        ("22-99999", "99999"),
        ("-5", "-5"),
        ("22-", "22-"),
        ("+22", "+22"),
        ("1-2-3", "2-3"),
        ("99999999999999999999", "99999999999999999999"),
    ] {
        let e = err(&format!("in tcp {ports} 0.0.0.0/0"));
        assert_eq!(
            e,
            SpecError::BadPort {
                protocol: Protocol::Tcp,
                value: bad.into()
            },
            "{ports}"
        );
        says(&e, &[&format!("`{bad}`"), "0-65535", "tcp 1024-65535"]);
    }
}

#[test]
fn reversed_range_is_its_own_error() {
    let e = err("in udp 443-80 0.0.0.0/0");
    assert_eq!(
        e,
        SpecError::ReversedPortRange {
            protocol: Protocol::Udp,
            from: 443,
            to: 80
        }
    );
    says(&e, &["443-80", "backwards", "udp 80-443"]);
    assert_eq!(
        parse("in udp 80-80 0.0.0.0/0").spec.ports,
        PortRange::new(80, 80)
    );
}

#[test]
fn bad_icmp_type_and_code() {
    for (ports, bad) in [("256", "256"), ("ping", "ping"), (":3", ":3"), ("-1", "-1")] {
        let e = err(&format!("in icmp {ports} 0.0.0.0/0"));
        assert_eq!(
            e,
            SpecError::BadIcmpType {
                protocol: Protocol::Icmp,
                value: bad.into()
            }
        );
        says(
            &e,
            &["ICMP type must be 0-255", &format!("`{bad}`"), "icmp 3:4"],
        );
    }
    for (ports, bad) in [
        ("3:256", "256"),
        ("3:x", "x"),
        ("3:", "3:"),
        ("3:4:5", "4:5"),
    ] {
        let e = err(&format!("in icmpv6 {ports} ::/0"));
        assert_eq!(
            e,
            SpecError::BadIcmpCode {
                protocol: Protocol::Icmpv6,
                value: bad.into()
            }
        );
        says(&e, &["ICMP code must be 0-255", &format!("`{bad}`")]);
    }
}

#[test]
fn all_traffic_and_numbers_have_no_ports() {
    let e = err("in all 22 0.0.0.0/0");
    assert_eq!(
        e,
        SpecError::PortsNotAllowed {
            protocol: Protocol::All,
            value: "22".into()
        }
    );
    says(&e, &["all traffic has no ports", "in all 10.0.0.0/8"]);
    let e = err("in -1 0-65535 0.0.0.0/0");
    assert!(matches!(e, SpecError::PortsNotAllowed { .. }));
    let e = err("in 50 all 0.0.0.0/0");
    says(&e, &["protocol 50 has no ports", "in 50 10.0.0.0/8"]);
}

#[test]
fn malformed_peers_name_the_token() {
    type Variant = fn(String) -> SpecError;
    let cases: [(&str, Variant); 12] = [
        ("10.0.0.300/8", SpecError::InvalidCidr),
        ("10.0.0.0/33", SpecError::InvalidCidr),
        ("::/129", SpecError::InvalidCidr),
        ("10.0.0", SpecError::InvalidCidr),
        ("fe80::1%eth0", SpecError::InvalidCidr),
        ("pl-", SpecError::InvalidPrefixList),
        ("pl-xyz", SpecError::InvalidPrefixList),
        ("sg-", SpecError::InvalidGroup),
        ("sg-0abc!", SpecError::InvalidGroup),
        ("12345/sg-0abc1234", SpecError::InvalidAccount),
        ("123456789012/sg-zz", SpecError::InvalidGroup),
        ("anywhere", SpecError::UnknownPeer),
    ];
    for (peer, variant) in cases {
        let e = err(&format!("in tcp 22 {peer}"));
        assert_eq!(e, variant(peer.into()), "{peer}");
        says(&e, &[&format!("`{peer}`"), "e.g."]);
    }
    says(
        &err("in all anywhere"),
        &["10.0.0.0/8", "pl-0123abcd", "sg-0abc1234"],
    );
    says(&err("in all 1/sg-1"), &["12 digits"]);
}

#[test]
fn messages_escape_and_shorten_untrusted_tokens() {
    let e = err("in tcp 22 evil\u{202e}\u{1b}[2J");
    let msg = e.to_string();
    assert!(
        !msg.contains('\u{202e}') && !msg.contains('\u{1b}'),
        "{msg:?}"
    );
    assert!(msg.contains("\\u{202e}"), "{msg:?}");
    let long = "x".repeat(10_000);
    let msg = err(&format!("in tcp 22 {long}")).to_string();
    assert!(msg.len() < 400, "{}", msg.len());
    assert!(msg.contains('…'));
}

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

// ---- proptests ----

fn direction() -> impl Strategy<Value = Direction> {
    prop_oneof![Just(In), Just(Out)]
}

fn protocol() -> impl Strategy<Value = Protocol> {
    prop_oneof![
        Just(Protocol::Tcp),
        Just(Protocol::Udp),
        Just(Protocol::Icmp),
        Just(Protocol::Icmpv6),
        Just(Protocol::All),
        // Numbers that Protocol::parse does not turn into a name.
        any::<u8>()
            .prop_filter("named protocol", |n| !matches!(n, 1 | 6 | 17 | 58))
            .prop_map(Protocol::Number),
    ]
}

fn ports_for(protocol: Protocol) -> BoxedStrategy<PortRange> {
    match protocol {
        Protocol::Tcp | Protocol::Udp => prop_oneof![
            Just(PortRange::new(0, 65535)),
            (0..=65535i32).prop_map(|p| PortRange::new(p, p)),
            (0..=65535i32, 0..=65535i32).prop_map(|(a, b)| PortRange::new(a.min(b), a.max(b))),
        ]
        .boxed(),
        Protocol::Icmp | Protocol::Icmpv6 => prop_oneof![
            Just(PortRange::ANY),
            (0..=255i32).prop_map(|t| PortRange::new(t, -1)),
            (0..=255i32, 0..=255i32).prop_map(|(t, c)| PortRange::new(t, c)),
        ]
        .boxed(),
        Protocol::All | Protocol::Number(_) => Just(PortRange::ANY).boxed(),
    }
}

fn peer() -> impl Strategy<Value = Peer> {
    let hex = "[0-9a-f]{1,17}";
    prop_oneof![
        (any::<Ipv4Addr>(), 0..=32u8)
            .prop_map(|(a, p)| Peer::Ipv4(Ipv4Net::new(a, p).unwrap().trunc())),
        (any::<Ipv6Addr>(), 0..=128u8)
            .prop_map(|(a, p)| Peer::Ipv6(Ipv6Net::new(a, p).unwrap().trunc())),
        hex.prop_map(|h| Peer::PrefixList(format!("pl-{h}"))),
        (hex, proptest::option::of("[0-9]{12}")).prop_map(|(h, user)| {
            Peer::Group(GroupRef {
                group_id: format!("sg-{h}"),
                user_id: user,
                vpc_id: None,
                peering_status: None,
            })
        }),
    ]
}

fn rule_spec() -> impl Strategy<Value = RuleSpec> {
    (direction(), protocol(), peer()).prop_flat_map(|(direction, protocol, peer)| {
        ports_for(protocol).prop_map(move |ports| RuleSpec {
            direction,
            protocol,
            ports,
            peer: peer.clone(),
        })
    })
}

/// A different port range that EC2 would not consider the same for `protocol`.
fn other_ports(protocol: Protocol, ports: PortRange, seed: PortRange) -> PortRange {
    if !crate::model::same_ports(protocol, ports, seed) {
        return seed;
    }
    match protocol {
        Protocol::Tcp | Protocol::Udp if ports == PortRange::new(0, 65535) => {
            PortRange::new(22, 22)
        }
        Protocol::Tcp | Protocol::Udp => PortRange::new(0, 65535),
        _ if ports == PortRange::ANY => PortRange::new(8, -1),
        _ => PortRange::ANY,
    }
}

fn other_peer(peer: &Peer) -> Peer {
    match peer {
        Peer::Ipv4(n) if n.prefix_len() == 0 => v4("10.0.0.0/8"),
        Peer::Ipv4(_) => v4("0.0.0.0/0"),
        Peer::Ipv6(n) if n.prefix_len() == 0 => v6("2001:db8::/32"),
        Peer::Ipv6(_) => v6("::/0"),
        Peer::PrefixList(id) => Peer::PrefixList(format!("{id}0")),
        Peer::Group(g) => group(&format!("{}0", g.group_id), g.user_id.as_deref()),
        Peer::Unknown(s) => Peer::Unknown(format!("{s}0")),
    }
}

fn soup() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        prop::sample::select(vec![
            "in",
            "out",
            "inbound",
            "egress",
            "tcp",
            "udp",
            "icmp",
            "icmpv6",
            "all",
            "-1",
            "echo-request",
            "time-exceeded",
            "pl-",
            "sg-",
            "/",
            "-",
            ":",
            "::",
            "0.0.0.0/0",
            "::/0",
            "123456789012/",
            "65535",
            "65536",
            "255",
            "256",
        ])
        .prop_map(String::from),
        any::<u32>().prop_map(|n| n.to_string()),
        "[0-9a-fA-F.:/-]{0,12}",
        "[-:/0-9a-z\u{202e}\u{1b}é]{0,6}",
    ];
    (
        prop::collection::vec(token, 0..7),
        prop::collection::vec(0..3usize, 7),
    )
        .prop_map(|(tokens, seps)| {
            let mut s = String::new();
            for (t, sep) in tokens.iter().zip(&seps) {
                s.push_str(t);
                s.push_str(["", " ", "\t "][*sep]);
            }
            s
        })
}

proptest! {
    #[test]
    fn display_parses_back_to_the_same_spec(spec in rule_spec()) {
        let text = spec.to_string();
        let parsed = RuleSpec::parse(&text);
        prop_assert_eq!(parsed, Ok(ParsedSpec { spec, notes: vec![] }), "{}", text);
    }

    #[test]
    fn ipv4_cidrs_are_canonicalised(addr in any::<Ipv4Addr>(), prefix in 0..=32u8) {
        let net = IpNet::new(addr.into(), prefix).unwrap();
        let p = RuleSpec::parse(&format!("in tcp 22 {addr}/{prefix}")).unwrap();
        prop_assert_eq!(&p.spec.peer, &Peer::Ipv4(Ipv4Net::new(addr, prefix).unwrap().trunc()));
        prop_assert_eq!(p.notes.len(), usize::from(net != net.trunc()));
    }

    #[test]
    fn ipv6_cidrs_are_canonicalised(addr in any::<Ipv6Addr>(), prefix in 0..=128u8) {
        let net = IpNet::new(addr.into(), prefix).unwrap();
        let p = RuleSpec::parse(&format!("out all {addr}/{prefix}")).unwrap();
        prop_assert_eq!(&p.spec.peer, &Peer::Ipv6(Ipv6Net::new(addr, prefix).unwrap().trunc()));
        prop_assert_eq!(p.notes.len(), usize::from(net != net.trunc()));
        if net != net.trunc() {
            prop_assert!(p.notes[0].contains("is not canonical; EC2 stores it as"));
        }
    }

    #[test]
    fn matches_own_rule_and_not_a_changed_one(
        spec in rule_spec(),
        which in 0..4usize,
        protocol in protocol(),
        seed in (0..=65535i32, 0..=65535i32).prop_map(|(a, b)| PortRange::new(a.min(b), a.max(b))),
    ) {
        let rule = rule_from(&spec);
        prop_assert!(spec.matches(&rule));
        let mut changed = spec.clone();
        match which {
            0 => {
                changed.direction = match spec.direction { In => Out, Out => In };
            }
            1 => {
                changed.protocol = if protocol == spec.protocol {
                    if protocol == Protocol::Tcp { Protocol::Udp } else { Protocol::Tcp }
                } else {
                    protocol
                };
            }
            2 if spec.protocol.has_ports()
                || matches!(spec.protocol, Protocol::Icmp | Protocol::Icmpv6) =>
            {
                changed.ports = other_ports(spec.protocol, spec.ports, seed);
            }
            // All traffic and protocol numbers have no ports to change: change the peer.
            _ => changed.peer = other_peer(&spec.peer),
        }
        prop_assert!(!changed.matches(&rule), "{} should not match {}", changed, spec);
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".*") {
        let _ = RuleSpec::parse(&s);
    }

    #[test]
    fn token_soup_never_panics(s in soup()) {
        if let Err(e) = RuleSpec::parse(&s) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
}
