//! Properties over generated specs and text: round trips, canonical CIDRs, no panics.

use super::*;

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
