use proptest::prelude::*;

use super::*;

#[test]
fn a_world_open_range_is_risky_exactly_when_it_reaches_a_sensitive_port() {
    for port in DEFAULT_RISKY_PORTS.map(i32::from) {
        for (from, to) in [(port, port), (port - 1, port), (port, port + 1), (1, port)] {
            let r = inbound(Protocol::Tcp, (from, to), "0.0.0.0/0");
            assert!(
                matches!(risk(&r), Some(Risk::Ports(Protocol::Tcp, ref p)) if p.contains(&(port as u16))),
                "{from}-{to} reaches {port}"
            );
        }
        // Just past either edge, unless a neighbour is sensitive too (20 and 21, 1433 and 1434).
        for (from, to) in [(port + 1, port + 1), (port - 1, port - 1)] {
            let neighbour = DEFAULT_RISKY_PORTS.contains(&(from as u16));
            let r = inbound(Protocol::Udp, (from, to), "0.0.0.0/0");
            assert_eq!(risk(&r).is_some(), neighbour, "{from}-{to} beside {port}");
        }
    }
}

#[test]
fn all_traffic_and_all_ports_from_the_world_are_risky_in_either_family() {
    for world in ["0.0.0.0/0", "::/0"] {
        assert_eq!(
            risk(&inbound(Protocol::All, (-1, -1), world)),
            Some(Risk::AllTraffic)
        );
        assert_eq!(
            risk(&inbound(Protocol::Tcp, (0, 65535), world)),
            Some(Risk::AllPorts(Protocol::Tcp))
        );
        assert_eq!(
            risk(&inbound(Protocol::Udp, (-1, -1), world)),
            Some(Risk::AllPorts(Protocol::Udp)),
            "no ports is every port"
        );
    }
}

#[test]
fn outbound_narrower_peers_icmp_and_harmless_ports_are_not_risky() {
    let out = rule(
        "sgr-1",
        Direction::Outbound,
        Protocol::All,
        (-1, -1),
        "0.0.0.0/0",
    );
    assert_eq!(risk(&out), None, "all-traffic egress is EC2's default");
    assert_eq!(risk(&inbound(Protocol::Tcp, (22, 22), "0.0.0.0/1")), None);
    assert_eq!(risk(&inbound(Protocol::Tcp, (22, 22), "sg-2")), None);
    assert_eq!(risk(&inbound(Protocol::Icmp, (8, -1), "0.0.0.0/0")), None);
    assert_eq!(risk(&inbound(Protocol::Tcp, (443, 443), "::/0")), None);
    assert_eq!(
        risk(&inbound(Protocol::Number(47), (-1, -1), "0.0.0.0/0")),
        None
    );
}

#[test]
fn the_config_replaces_the_sensitive_ports() {
    let policy = Policy::with_risky_ports(vec![8080, 8080, 443]);
    assert_eq!(policy.risky_ports(), [443, 8080]);
    let ssh = inbound(Protocol::Tcp, (22, 22), "0.0.0.0/0");
    assert_eq!(Risk::of(&ssh, &policy), None);
    let web = inbound(Protocol::Tcp, (80, 8080), "0.0.0.0/0");
    assert_eq!(
        Risk::of(&web, &policy),
        Some(Risk::Ports(Protocol::Tcp, vec![443, 8080]))
    );
    let none = Policy::with_risky_ports(vec![]);
    assert_eq!(Risk::of(&web, &none), None);
    let all = inbound(Protocol::All, (-1, -1), "0.0.0.0/0");
    assert_eq!(
        Risk::of(&all, &none),
        Some(Risk::AllTraffic),
        "all traffic needs no port"
    );
}

#[test]
fn a_risk_says_which_ports() {
    let r = risk(&inbound(Protocol::Tcp, (20, 25), "0.0.0.0/0")).unwrap();
    assert_eq!(
        r.reason(),
        "sensitive tcp ports 20 (ftp), 21 (ftp), 22 (ssh), 23 (telnet), 25 (smtp) from anywhere"
    );
    let r = risk(&inbound(Protocol::Tcp, (1, 30000), "0.0.0.0/0")).unwrap();
    assert!(
        r.reason().ends_with("and 16 more from anywhere"),
        "{}",
        r.reason()
    );
}

#[test]
fn a_public_range_short_of_the_world_is_wide() {
    for (peer, wide) in [
        ("0.0.0.0/1", true),
        ("52.0.0.0/8", true),
        ("203.0.112.0/23", true),
        ("203.0.113.0/24", false),
        ("0.0.0.0/0", false),
        ("10.0.0.0/8", false),
        ("172.16.0.0/12", false),
        ("100.64.0.0/10", false),
        ("2600::/12", true),
        ("2001:db8::/47", true),
        ("2001:db8::/48", false),
        ("fd00::/8", false),
        ("::/0", false),
    ] {
        let r = inbound(Protocol::Tcp, (443, 443), peer);
        assert_eq!(risk::wide(&r).is_some(), wide, "{peer}");
    }
    let out = rule(
        "sgr-1",
        Direction::Outbound,
        Protocol::Tcp,
        (443, 443),
        "52.0.0.0/8",
    );
    assert_eq!(risk::wide(&out), None);
}

proptest! {
    /// A world-open tcp range is risky exactly when a sensitive port lies inside it.
    #[test]
    fn risky_is_a_sensitive_port_inside_the_range(from in 0i32..30000, len in 0i32..40000) {
        let to = (from + len).min(65535);
        let r = inbound(Protocol::Tcp, (from, to), "0.0.0.0/0");
        let expected = (from == 0 && to == 65535)
            || DEFAULT_RISKY_PORTS.iter().any(|&p| (from..=to).contains(&i32::from(p)));
        prop_assert_eq!(risk(&r).is_some(), expected);
    }
}
