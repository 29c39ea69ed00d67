use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, Ipv6Addr};

use ipnet::{Ipv4Net, Ipv6Net};
use proptest::prelude::*;

use super::*;
use crate::model::{Direction, GroupRef, PortRange};

fn group(id: &str, vpc: &str, tags: &[(&str, &str)]) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: format!("{id}-name"),
        description: "Web tier".into(),
        vpc_id: Some(vpc.into()),
        owner_id: None,
        tags: tags
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        listed_rules: None,
    }
}

fn rule(protocol: Protocol, ports: (i32, i32), peer: Peer) -> Rule {
    Rule {
        id: "sgr-0123".into(),
        group_id: "sg-1".into(),
        direction: Direction::Inbound,
        protocol,
        ports: PortRange::new(ports.0, ports.1),
        peer,
        description: Some("Office Berlin".into()),
        tags: Default::default(),
    }
}

fn v4(s: &str) -> Peer {
    Peer::Ipv4(s.parse().unwrap())
}

fn v6(s: &str) -> Peer {
    Peer::Ipv6(s.parse().unwrap())
}

fn sg(id: &str) -> Peer {
    Peer::Group(GroupRef {
        group_id: id.into(),
        user_id: None,
        vpc_id: None,
        peering_status: None,
    })
}

/// Interfaces by group and prefix-list entries, as a test's whole world.
#[derive(Default)]
struct World {
    interfaces: BTreeMap<&'static str, Vec<(&'static str, IpAddr)>>,
    entries: BTreeMap<&'static str, Vec<IpNet>>,
}

impl Addresses for World {
    fn groups_holding(&self, addr: IpAddr) -> HashMap<String, String> {
        let mut found = HashMap::new();
        for (group, enis) in &self.interfaces {
            if let Some((eni, _)) = enis.iter().find(|(_, a)| *a == addr) {
                found.insert(group.to_string(), eni.to_string());
            }
        }
        found
    }

    fn lists_containing(&self, addr: IpAddr) -> HashMap<String, IpNet> {
        let mut found = HashMap::new();
        for (id, nets) in &self.entries {
            if let Some(net) = nets.iter().find(|n| n.contains(&addr)) {
                found.insert(id.to_string(), *net);
            }
        }
        found
    }
}

fn hit(filter: &str, r: &Rule) -> Option<Hit> {
    hit_in(filter, r, &World::default())
}

fn hit_in(filter: &str, r: &Rule, world: &World) -> Option<Hit> {
    let filter = Filter::parse(filter).unwrap();
    Matcher::new(&filter, world).rule(&group("sg-1", "vpc-1", &[("Env", "Prod")]), r)
}

fn matches(filter: &str, r: &Rule) -> bool {
    hit(filter, r).is_some()
}

#[test]
fn ip_is_contained_in_cidrs_of_its_family_only() {
    let r = rule(Protocol::Tcp, (22, 22), v4("198.51.100.0/24"));
    assert!(matches("ip:198.51.100.77", &r));
    assert!(matches("ip:198.51.100.0", &r));
    assert!(!matches("ip:198.51.101.1", &r));
    assert!(
        !matches("ip:::ffff:198.51.100.77", &r),
        "an IPv6 address is not in a v4 CIDR"
    );
    let r = rule(Protocol::Tcp, (22, 22), v6("2001:db8::/32"));
    assert!(matches("ip:2001:db8:1::7", &r));
    assert!(!matches("ip:2001:db9::1", &r));
    assert!(!matches("ip:198.51.100.77", &r));
    assert!(matches(
        "ip:203.0.113.9",
        &rule(Protocol::All, (-1, -1), v4("0.0.0.0/0"))
    ));
}

#[test]
fn ip_looks_through_referenced_groups_and_prefix_lists_and_says_how() {
    let mut world = World::default();
    let addr: IpAddr = "10.50.1.77".parse().unwrap();
    world.interfaces.insert("sg-db", vec![("eni-0a1b", addr)]);
    world
        .entries
        .insert("pl-0123", vec!["198.51.100.64/26".parse().unwrap()]);
    let r = rule(Protocol::Tcp, (5432, 5432), sg("sg-db"));
    assert_eq!(
        hit_in("ip:10.50.1.77", &r, &world)
            .unwrap()
            .via
            .map(|v| v.to_string()),
        Some("via eni-0a1b in sg-db".to_string())
    );
    assert!(hit_in("ip:10.50.1.78", &r, &world).is_none());
    assert!(
        hit("ip:10.50.1.77", &r).is_none(),
        "nothing loaded: no match yet"
    );
    let r = rule(
        Protocol::Tcp,
        (443, 443),
        Peer::PrefixList("pl-0123".into()),
    );
    assert_eq!(
        hit_in("ip:198.51.100.70 port:443", &r, &world)
            .unwrap()
            .via
            .map(|v| v.to_string()),
        Some("via pl-0123 entry 198.51.100.64/26".to_string())
    );
    assert!(hit_in("ip:198.51.100.7", &r, &world).is_none());
    assert!(hit_in("-ip:198.51.100.70", &r, &world).is_none());
}

#[test]
fn cidr_overlaps_either_way() {
    let r = rule(Protocol::Tcp, (22, 22), v4("10.1.0.0/16"));
    assert!(matches("cidr:10.0.0.0/8", &r), "the rule inside the term");
    assert!(matches("cidr:10.1.2.0/24", &r), "the term inside the rule");
    assert!(matches("cidr:10.1.0.0/16", &r));
    assert!(!matches("cidr:10.2.0.0/16", &r));
    assert!(!matches("cidr:::/0", &r));
    assert!(matches(
        "cidr:::/0",
        &rule(Protocol::Tcp, (22, 22), v6("2001:db8::/32"))
    ));
    assert!(!matches(
        "cidr:10.0.0.0/8",
        &rule(Protocol::Tcp, (22, 22), sg("sg-x"))
    ));
}

#[test]
fn ports_against_ranges_all_traffic_icmp_and_numbers() {
    let world = v4("0.0.0.0/0");
    let range = rule(Protocol::Tcp, (1024, 2048), world.clone());
    assert!(matches("port:1024", &range) && matches("port:2048", &range));
    assert!(!matches("port:1023", &range) && !matches("port:2049", &range));
    assert!(matches("port:1000-1024", &range) && matches("port:2048-3000", &range));
    assert!(!matches("port:1-1023", &range));
    assert!(matches(
        "port:22",
        &rule(Protocol::All, (-1, -1), world.clone())
    ));
    assert!(matches(
        "port:22",
        &rule(Protocol::Udp, (-1, -1), world.clone())
    ));
    assert!(matches(
        "port:65535",
        &rule(Protocol::Tcp, (0, 65535), world.clone())
    ));
    assert!(!matches(
        "port:8",
        &rule(Protocol::Icmp, (8, -1), world.clone())
    ));
    assert!(!matches(
        "port:0-65535",
        &rule(Protocol::Icmpv6, (-1, -1), world.clone())
    ));
    assert!(matches(
        "port:22",
        &rule(Protocol::Number(132), (-1, -1), world)
    ));
}

#[test]
fn protocol_direction_references_and_openness() {
    let r = rule(Protocol::Tcp, (22, 22), v4("0.0.0.0/0"));
    assert!(matches("proto:tcp proto:6 dir:in open", &r));
    assert!(!matches("proto:udp", &r) && !matches("proto:all", &r) && !matches("dir:out", &r));
    let all = rule(Protocol::All, (-1, -1), v6("::/0"));
    assert!(
        matches("proto:udp", &all),
        "all traffic admits every protocol"
    );
    assert!(matches("proto:all open", &all));
    assert!(!matches(
        "open",
        &rule(Protocol::Tcp, (22, 22), v4("0.0.0.0/1"))
    ));
    let r = rule(Protocol::Tcp, (5432, 5432), sg("sg-0abc"));
    assert!(matches("sg:sg-0abc", &r) && !matches("sg:sg-0abd", &r) && !matches("pl:pl-0abc", &r));
    let r = rule(
        Protocol::Tcp,
        (443, 443),
        Peer::PrefixList("pl-0abc".into()),
    );
    assert!(matches("pl:pl-0abc", &r) && !matches("sg:sg-0abc", &r));
}

#[test]
fn text_tags_and_descriptions_read_group_and_rule_without_case() {
    let r = rule(Protocol::Tcp, (22, 22), v4("10.0.0.0/8"));
    assert!(matches("berlin", &r), "the rule's description");
    assert!(matches("SGR-0123", &r), "the rule's id");
    assert!(matches("web", &r), "the group's description");
    assert!(matches("sg-1-NAME vpc-1", &r), "the group's name and VPC");
    assert!(matches("desc:office", &r) && !matches("desc:web", &r));
    assert!(matches("tag:env tag:ENV=prod", &r) && !matches("tag:env=dev", &r));
    let mut tagged = r.clone();
    tagged.tags.insert("Owner".into(), "Ops".into());
    assert!(matches("tag:owner=ops", &tagged) && !matches("tag:owner", &r));
    assert!(matches("vpc:vpc-1", &r) && !matches("vpc:vpc-2", &r));
    assert!(matches("-paris", &r) && !matches("-berlin", &r) && !matches("-web", &r));
}

#[test]
fn a_group_is_shown_when_one_rule_satisfies_every_rule_term() {
    let g = group("sg-1", "vpc-1", &[]);
    let ssh = rule(Protocol::Tcp, (22, 22), v4("0.0.0.0/0"));
    let mut https = rule(Protocol::Tcp, (443, 443), v4("10.0.0.0/8"));
    https.direction = Direction::Outbound;
    let both = [ssh, https];
    let run = |text: &str| {
        let filter = Filter::parse(text).unwrap();
        Matcher::new(&filter, &NoAddresses).group(&g, &both)
    };
    assert_eq!(
        run(""),
        GroupMatch {
            shown: true,
            rules: 2
        }
    );
    assert_eq!(
        run("vpc:vpc-1"),
        GroupMatch {
            shown: true,
            rules: 2
        }
    );
    assert!(!run("-vpc:vpc-1").shown);
    assert_eq!(
        run("port:22 open"),
        GroupMatch {
            shown: true,
            rules: 1
        }
    );
    // Each term holds for some rule, but no rule holds for both: hidden.
    assert!(!run("port:22 dir:out").shown);
    assert_eq!(
        run("web port:443"),
        GroupMatch {
            shown: true,
            rules: 1
        }
    );
    assert!(
        !run("-web").shown,
        "the group's own text, negated, hides it"
    );
    let filter = Filter::parse("sg-1").unwrap();
    let empty: [Rule; 0] = [];
    assert!(Matcher::new(&filter, &NoAddresses).group(&g, &empty).shown);
    let filter = Filter::parse("port:22").unwrap();
    assert!(!Matcher::new(&filter, &NoAddresses).group(&g, &empty).shown);
}

proptest! {
    #[test]
    fn ip_matches_exactly_what_ipnet_contains(addr in any::<Ipv4Addr>(), net in any::<Ipv4Addr>(), prefix in 0..=32u8) {
        let net = Ipv4Net::new(net, prefix).unwrap().trunc();
        let r = rule(Protocol::Tcp, (22, 22), Peer::Ipv4(net));
        prop_assert_eq!(matches(&format!("ip:{addr}"), &r), net.contains(&addr));
    }

    #[test]
    fn ipv6_matches_exactly_what_ipnet_contains(addr in any::<Ipv6Addr>(), net in any::<Ipv6Addr>(), prefix in 0..=128u8) {
        let net = Ipv6Net::new(net, prefix).unwrap().trunc();
        let r = rule(Protocol::Tcp, (22, 22), Peer::Ipv6(net));
        prop_assert_eq!(matches(&format!("ip:{addr}"), &r), net.contains(&addr));
    }

    #[test]
    fn a_port_matches_inside_the_range_only(a in 0..=65535i32, b in 0..=65535i32, p in 0..=65535u16) {
        let (low, high) = (a.min(b), a.max(b));
        let r = rule(Protocol::Udp, (low, high), v4("0.0.0.0/0"));
        let inside = low <= i32::from(p) && i32::from(p) <= high;
        prop_assert_eq!(matches(&format!("port:{p}"), &r), inside);
        prop_assert_eq!(matches(&format!("-port:{p}"), &r), !inside);
    }

    #[test]
    fn cidr_overlap_is_symmetric(a in any::<Ipv4Addr>(), pa in 0..=32u8, b in any::<Ipv4Addr>(), pb in 0..=32u8) {
        let na = Ipv4Net::new(a, pa).unwrap().trunc();
        let nb = Ipv4Net::new(b, pb).unwrap().trunc();
        let ab = matches(&format!("cidr:{nb}"), &rule(Protocol::Tcp, (22, 22), Peer::Ipv4(na)));
        let ba = matches(&format!("cidr:{na}"), &rule(Protocol::Tcp, (22, 22), Peer::Ipv4(nb)));
        prop_assert_eq!(ab, ba);
        prop_assert_eq!(ab, na.contains(&nb.network()) || nb.contains(&na.network()));
    }
}

proptest! {
    #[test]
    fn folded_contains_agrees_with_lowercasing(hay in "[a-zA-Z0-9 ._-]{0,24}", needle in "[a-z0-9 ._-]{0,4}") {
        prop_assert_eq!(
            contains_folded(&hay, &needle),
            hay.to_lowercase().contains(&needle)
        );
    }
}

/// With several regions loaded ids are scoped (`ID@REGION`); a typed id names its plain id in
/// whichever region it is.
#[test]
fn typed_ids_name_scoped_ids_in_any_region() {
    let scoped_group = group("sg-1@eu-west-1", "vpc-1@eu-west-1", &[]);
    let to_group = |id: &str| {
        rule(
            Protocol::Tcp,
            (22, 22),
            Peer::Group(GroupRef {
                group_id: id.into(),
                user_id: None,
                vpc_id: None,
                peering_status: None,
            }),
        )
    };
    let to_list = rule(
        Protocol::Tcp,
        (22, 22),
        Peer::PrefixList("pl-1@eu-west-1".into()),
    );
    let run = |filter: &str, r: &Rule| {
        let filter = Filter::parse(filter).unwrap();
        Matcher::new(&filter, &World::default())
            .rule(&scoped_group, r)
            .is_some()
    };
    let r = to_group("sg-2@eu-west-1");
    assert!(run("vpc:vpc-1", &r) && !run("vpc:vpc-2", &r));
    assert!(run("sg:sg-2", &r) && !run("sg:sg-3", &r));
    assert!(run("pl:pl-1", &to_list) && !run("pl:pl-2", &to_list));
}
