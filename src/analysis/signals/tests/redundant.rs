use std::net::IpAddr;

use proptest::prelude::*;

use super::*;

#[test]
fn a_cidr_inside_another_with_ports_inside_is_covered_and_not_the_other_way() {
    let wide = inbound(Protocol::Tcp, (0, 65535), "10.0.0.0/8");
    let narrow = inbound(Protocol::Tcp, (22, 22), "10.1.0.0/16");
    assert!(covers(&wide, &narrow));
    assert!(!covers(&narrow, &wide));
    let beside = inbound(Protocol::Tcp, (22, 22), "192.168.0.0/16");
    assert!(!covers(&wide, &beside));
    let v6 = inbound(Protocol::Tcp, (22, 22), "2001:db8::/32");
    assert!(covers(
        &inbound(Protocol::Tcp, (1, 1024), "2001:db8::/31"),
        &v6
    ));
    assert!(!covers(&wide, &v6), "families never cover each other");
    let overlapping = inbound(Protocol::Tcp, (20, 23), "10.0.0.0/8");
    assert!(!covers(
        &overlapping,
        &inbound(Protocol::Tcp, (22, 25), "10.0.0.0/8")
    ));
}

#[test]
fn all_traffic_covers_every_protocol_and_nothing_but_all_covers_it() {
    let all = inbound(Protocol::All, (-1, -1), "10.0.0.0/8");
    for protocol in [
        Protocol::Tcp,
        Protocol::Udp,
        Protocol::Icmp,
        Protocol::Number(47),
    ] {
        let r = inbound(protocol, (8, 0), "10.0.0.0/24");
        assert!(covers(&all, &r), "{protocol:?}");
        assert!(!covers(&r, &all), "{protocol:?}");
    }
    assert!(!covers(
        &inbound(Protocol::Udp, (0, 65535), "10.0.0.0/8"),
        &inbound(Protocol::Tcp, (22, 22), "10.0.0.0/8")
    ));
}

#[test]
fn icmp_types_and_codes_cover_their_own() {
    let any = inbound(Protocol::Icmp, (-1, -1), "10.0.0.0/8");
    let echo = inbound(Protocol::Icmp, (8, -1), "10.0.0.0/8");
    let echo_code = inbound(Protocol::Icmp, (8, 0), "10.0.0.0/8");
    let unreachable = inbound(Protocol::Icmp, (3, 4), "10.0.0.0/8");
    assert!(covers(&any, &echo) && covers(&echo, &echo_code) && covers(&any, &unreachable));
    assert!(!covers(&echo, &any) && !covers(&echo_code, &echo) && !covers(&echo, &unreachable));
    let v6 = inbound(Protocol::Icmpv6, (-1, -1), "10.0.0.0/8");
    assert!(!covers(&v6, &echo), "icmpv6 is not icmp");
}

#[test]
fn a_prefix_list_or_group_covers_only_itself() {
    let pl = inbound(Protocol::Tcp, (0, 65535), "pl:pl-1");
    assert!(covers(&pl, &inbound(Protocol::Tcp, (443, 443), "pl:pl-1")));
    assert!(!covers(&pl, &inbound(Protocol::Tcp, (443, 443), "pl:pl-2")));
    assert!(!covers(
        &pl,
        &inbound(Protocol::Tcp, (443, 443), "10.0.0.0/8")
    ));
    let sg = inbound(Protocol::All, (-1, -1), "sg-2");
    assert!(covers(&sg, &inbound(Protocol::Tcp, (5432, 5432), "sg-2")));
    assert!(!covers(&sg, &inbound(Protocol::Tcp, (5432, 5432), "sg-3")));
}

#[test]
fn a_rule_is_never_its_own_cover_and_of_two_equals_only_the_later_is_redundant() {
    let a = rule(
        "sgr-a",
        Direction::Inbound,
        Protocol::Tcp,
        (22, 22),
        "10.0.0.0/8",
    );
    let b = rule(
        "sgr-b",
        Direction::Inbound,
        Protocol::Tcp,
        (22, 22),
        "10.0.0.0/8",
    );
    assert_eq!(cover::covered(std::slice::from_ref(&a)), [None]);
    let rules = [b.clone(), a.clone()];
    let found: Vec<Option<&str>> = cover::covered(&rules)
        .iter()
        .map(|c| c.map(|r| r.id.as_str()))
        .collect();
    assert_eq!(found, [Some("sgr-a"), None]);
}

fn arb_rule() -> impl Strategy<Value = Rule> {
    let protocol = prop_oneof![
        Just(Protocol::All),
        Just(Protocol::Tcp),
        Just(Protocol::Udp),
        Just(Protocol::Icmp)
    ];
    let ports = (-1i32..70, -1i32..70).prop_map(|(a, b)| if a <= b { (a, b) } else { (b, a) });
    let peer = (0u8..4, 0u8..=32).prop_map(|(octet, len)| {
        let net = ipnet::Ipv4Net::new(std::net::Ipv4Addr::new(10, octet, 0, 0), len).unwrap();
        net.trunc().to_string()
    });
    (protocol, ports, peer, 0u32..1000).prop_map(|(p, ports, peer, n)| {
        rule(&format!("sgr-{n}"), Direction::Inbound, p, ports, &peer)
    })
}

/// Whether `r` admits a packet of this protocol, port and source, as EC2 reads the rule.
fn admits(r: &Rule, protocol: Protocol, port: i32, source: IpAddr) -> bool {
    let net = match &r.peer {
        Peer::Ipv4(n) => IpNet::V4(*n),
        _ => return false,
    };
    let ports_ok = match r.protocol {
        Protocol::All => true,
        p if p != protocol => false,
        Protocol::Tcp | Protocol::Udp if r.ports.from < 0 || r.ports.to < 0 => true,
        Protocol::Tcp | Protocol::Udp => (r.ports.from..=r.ports.to).contains(&port),
        _ => r.ports.from < 0 || r.ports.from == port,
    };
    ports_ok && net.contains(&source)
}

proptest! {
    /// Whatever a covered rule admits, its cover admits too; and no rule is its own cover.
    #[test]
    fn a_cover_admits_everything_the_covered_rule_admits(
        rules in proptest::collection::vec(arb_rule(), 1..8),
        probes in proptest::collection::vec((0u8..4, 0u8..=255, -1i32..70, 0usize..3), 20),
    ) {
        for (b, cover) in rules.iter().zip(cover::covered(&rules)) {
            let Some(a) = cover else { continue };
            prop_assert!(!std::ptr::eq(a, b));
            for &(octet, last, port, p) in &probes {
                let protocol = [Protocol::Tcp, Protocol::Udp, Protocol::Icmp][p];
                let source = IpAddr::V4(std::net::Ipv4Addr::new(10, octet, 0, last));
                if admits(b, protocol, port, source) {
                    prop_assert!(admits(a, protocol, port, source), "{a:?} covers {b:?}");
                }
            }
        }
    }
}
