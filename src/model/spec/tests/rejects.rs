//! Specs that do not parse: one error per mistake, naming the token and what is expected.

use super::*;

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
    let cases: [(Variant, &[&str]); 5] = [
        (
            SpecError::InvalidCidr,
            &[
                "10.0.0.300/8",
                "10.0.0.0/33",
                "::/129",
                "10.0.0",
                "fe80::1%eth0",
            ],
        ),
        (SpecError::InvalidPrefixList, &["pl-", "pl-xyz"]),
        (
            SpecError::InvalidGroup,
            &["sg-", "sg-0abc!", "123456789012/sg-zz"],
        ),
        (SpecError::InvalidAccount, &["12345/sg-0abc1234"]),
        (SpecError::UnknownPeer, &["anywhere"]),
    ];
    for (variant, peers) in cases {
        for &peer in peers {
            let e = err(&format!("in tcp 22 {peer}"));
            assert_eq!(e, variant(peer.into()), "{peer}");
            says(&e, &[&format!("`{peer}`"), "e.g."]);
        }
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
