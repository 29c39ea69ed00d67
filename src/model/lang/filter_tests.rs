use std::net::{Ipv4Addr, Ipv6Addr};

use proptest::prelude::*;

use super::*;

fn parse(s: &str) -> Vec<Term> {
    Filter::parse(s)
        .unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
        .terms
}

fn kind(s: &str) -> TermKind {
    let mut terms = parse(s);
    assert_eq!(terms.len(), 1, "{s}");
    terms.remove(0).kind
}

fn err(s: &str) -> FilterError {
    Filter::parse(s).expect_err(s)
}

#[test]
fn every_term_parses_and_prints_back() {
    let text = "ip:198.51.100.7 ip:2001:db8::1 cidr:10.0.0.0/8 cidr:203.0.113.7/32 port:22 \
                port:1024-2048 proto:tcp proto:all proto:50 dir:in dir:out vpc:vpc-0abc \
                sg:sg-0abc1234 pl:pl-0123abcd tag:env=prod tag:owner desc:office open web-frontend";
    let printed: Vec<String> = parse(text).iter().map(ToString::to_string).collect();
    assert_eq!(
        printed.join(" "),
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    assert_eq!(
        kind("IP:2001:DB8::1"),
        TermKind::Ip("2001:db8::1".parse().unwrap())
    );
    assert_eq!(
        kind("cidr:10.1.2.3/8"),
        TermKind::Cidr("10.0.0.0/8".parse().unwrap())
    );
    assert_eq!(kind("port:all"), TermKind::Port { from: 0, to: 65535 });
    assert_eq!(kind("proto:6"), TermKind::Proto(Protocol::Tcp));
    assert_eq!(kind("dir:egress"), TermKind::Dir(Direction::Outbound));
    assert_eq!(kind("vpc:VPC-0ABC"), TermKind::Vpc("vpc-0abc".into()));
    let tag = TermKind::Tag {
        key: "env".into(),
        value: Some("prod".into()),
    };
    assert_eq!(kind("tag:Env=Prod"), tag);
    assert_eq!(kind("Desc:Office"), TermKind::Desc("office".into()));
    assert_eq!(kind("OPEN"), TermKind::Open);
    for w in Signal::ALL {
        assert_eq!(kind(w.name()), TermKind::Signal(w));
        assert_eq!(kind(&w.name().to_uppercase()), TermKind::Signal(w));
    }
    assert_eq!(kind("unused-sg"), TermKind::Text("unused-sg".into()));
    assert_eq!(kind("Web-Frontend"), TermKind::Text("web-frontend".into()));
}

#[test]
fn terms_combine_and_negate() {
    let terms = parse("  ip:10.0.0.1\tport:22 -dir:out -web ");
    assert_eq!(terms.len(), 4);
    assert!(!terms[0].negated && !terms[1].negated);
    assert!(terms[2].negated && terms[3].negated);
    assert_eq!(terms[3].kind, TermKind::Text("web".into()));
    assert!(Filter::parse("").unwrap().is_empty());
    // A lone dash is text, not an empty negation.
    assert_eq!(kind("-"), TermKind::Text("-".into()));
}

#[test]
fn free_text_with_colons_is_text_when_it_is_no_key() {
    assert_eq!(kind("10:30"), TermKind::Text("10:30".into()));
    assert_eq!(kind("fe80::1"), TermKind::Text("fe80::1".into()));
}

#[test]
fn bad_terms_name_the_term_and_say_what_is_expected() {
    for (input, says) in [
        ("port:99999", "is not a port"),
        ("port:22-", "is not a port"),
        ("port:443-80", "backwards"),
        ("ip:10.0.0", "is not an IPv4 or IPv6 address"),
        ("ip:", "needs a value"),
        ("cidr:10.0.0.0/33", "is not a CIDR"),
        ("dir:sideways", "is not a direction"),
        ("proto:tcpx", "is not a protocol"),
        ("sg:web", "is not an id"),
        ("pl:pl-", "is not an id"),
        ("vpc:vpc-xyz", "is not an id"),
        ("colour:red", "unknown key `colour:`"),
    ] {
        let e = err(&format!("web {input} port:22"));
        assert_eq!(e.term, input, "{input}");
        let message = e.to_string();
        assert!(message.starts_with(&format!("`{input}`")), "{message}");
        assert!(message.contains(says), "{input}: {message}");
    }
    assert!(err("foo:1").to_string().contains("ip: cidr: port:"));
}

#[test]
fn parse_valid_keeps_the_good_terms_and_names_the_first_bad_one() {
    let (filter, error) = Filter::parse_valid("port:22 port:99999 dir:sideways open");
    assert_eq!(
        filter
            .terms
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        ["port:22", "open"]
    );
    assert_eq!(error.unwrap().term, "port:99999");
    assert_eq!(
        Filter::parse_valid("ip:10.0.0.1"),
        (Filter::parse("ip:10.0.0.1").unwrap(), None)
    );
}

#[test]
fn messages_escape_untrusted_terms() {
    let message = err("port:\u{1b}[2J").to_string();
    assert!(!message.contains('\u{1b}'), "{message:?}");
}

fn term() -> impl Strategy<Value = Term> {
    let kind = prop_oneof![
        "[a-z0-9_.-]{1,12}"
            .prop_filter("reads as a key or open", |t| {
                !t.contains(':') && t != "open" && !t.starts_with('-')
            })
            .prop_map(TermKind::Text),
        any::<Ipv4Addr>().prop_map(|a| TermKind::Ip(a.into())),
        any::<Ipv6Addr>().prop_map(|a| TermKind::Ip(a.into())),
        (any::<Ipv4Addr>(), 0..=32u8)
            .prop_map(|(a, p)| TermKind::Cidr(IpNet::new(a.into(), p).unwrap().trunc())),
        (any::<u16>(), any::<u16>()).prop_map(|(a, b)| TermKind::Port {
            from: a.min(b),
            to: a.max(b)
        }),
        prop::sample::select(vec![
            Protocol::Tcp,
            Protocol::Udp,
            Protocol::Icmp,
            Protocol::Icmpv6,
            Protocol::All,
            Protocol::Number(50),
        ])
        .prop_map(TermKind::Proto),
        prop::sample::select(vec![Direction::Inbound, Direction::Outbound]).prop_map(TermKind::Dir),
        "[0-9a-f]{1,17}".prop_map(|h| TermKind::Group(format!("sg-{h}"))),
        "[0-9a-f]{1,17}".prop_map(|h| TermKind::PrefixList(format!("pl-{h}"))),
        "[0-9a-f]{1,17}".prop_map(|h| TermKind::Vpc(format!("vpc-{h}"))),
        ("[a-z]{1,8}", proptest::option::of("[a-z0-9]{1,8}"))
            .prop_map(|(key, value)| TermKind::Tag { key, value }),
        "[a-z0-9]{1,10}".prop_map(TermKind::Desc),
        Just(TermKind::Open),
        proptest::sample::select(Signal::ALL.to_vec()).prop_map(TermKind::Signal),
    ];
    (any::<bool>(), kind).prop_map(|(negated, kind)| Term { negated, kind })
}

proptest! {
    #[test]
    fn display_parses_back_to_the_same_terms(terms in prop::collection::vec(term(), 0..6)) {
        let text: Vec<String> = terms.iter().map(ToString::to_string).collect();
        let text = text.join(" ");
        prop_assert_eq!(Filter::parse(&text), Ok(Filter { terms }), "{}", text);
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".*") {
        if let Err(e) = Filter::parse(&s) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn every_message_escapes_the_value() {
    for key in ["ip", "cidr", "port", "proto", "dir", "vpc", "sg", "pl"] {
        let message = err(&format!("{key}:x\u{1b}[2J")).to_string();
        assert!(!message.contains('\u{1b}'), "{key}: {message:?}");
    }
}
