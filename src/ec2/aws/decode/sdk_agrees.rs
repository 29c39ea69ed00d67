//! The decoders here against the SDK's own: the same answer, given to an SDK client by an HTTP
//! client that only ever answers it, and converted by `rule_of` / `group_of`, must give the
//! same rules and groups as [`rules_page`] / [`groups_page`] give straight from its text, or
//! both must refuse it. Answers shaped like EC2's, then generated ones with odd text, every
//! field left out in turn, peers that do not parse and references of every kind.

use aws_sdk_ec2::config::{BehaviorVersion, Credentials, Region};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use proptest::prelude::*;

use super::groups::groups_page;
use super::rules::rules_page;
use crate::ec2::aws::convert::{group_of, rule_of};
use crate::model::{Rule, SecurityGroup};

/// An HTTP client that answers every request with `0`, status 200.
#[derive(Debug, Clone)]
struct Answer(String);

impl HttpClient for Answer {
    fn http_connector(
        &self,
        _: &HttpConnectorSettings,
        _: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

impl HttpConnector for Answer {
    fn call(&self, _: HttpRequest) -> HttpConnectorFuture {
        let body = SdkBody::from(self.0.clone());
        HttpConnectorFuture::ready(Ok(HttpResponse::new(
            200.try_into().expect("a status"),
            body,
        )))
    }
}

/// An SDK client whose every call is answered with `xml`, once.
fn sdk_answering(xml: &str) -> aws_sdk_ec2::Client {
    let config = aws_sdk_ec2::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("AKID", "secret", None, None, "tests"))
        .http_client(Answer(xml.to_string()))
        .build();
    aws_sdk_ec2::Client::from_conf(config)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// The rules and next token the SDK reads from `xml`; `None` when it refuses it.
fn sdk_rules(xml: &str) -> Option<(Vec<Rule>, Option<String>)> {
    let out = runtime()
        .block_on(sdk_answering(xml).describe_security_group_rules().send())
        .ok()?;
    let rules = out.security_group_rules().iter().map(rule_of).collect();
    Some((rules, out.next_token().map(str::to_string)))
}

/// The groups and next token the SDK reads from `xml`; `None` when it refuses it.
fn sdk_groups(xml: &str) -> Option<(Vec<SecurityGroup>, Option<String>)> {
    let out = runtime()
        .block_on(sdk_answering(xml).describe_security_groups().send())
        .ok()?;
    let groups = out.security_groups().iter().map(group_of).collect();
    Some((groups, out.next_token().map(str::to_string)))
}

/// The two decoders agree on `xml`: the same rules, or both refuse it. (An empty token is no
/// token, as the backend reads it either way.)
fn rules_agree(xml: &str) -> Result<(), TestCaseError> {
    let ours = rules_page(xml.as_bytes()).map(|p| (p.rules, p.next_token));
    let sdk = sdk_rules(xml).map(|(rules, t)| (rules, t.filter(|t| !t.is_empty())));
    prop_assert_eq!(ours, sdk, "{}", xml);
    Ok(())
}

fn groups_agree(xml: &str) -> Result<(), TestCaseError> {
    let ours = groups_page(xml.as_bytes()).map(|p| (p.groups, p.next_token));
    let sdk = sdk_groups(xml).map(|(groups, t)| (groups, t.filter(|t| !t.is_empty())));
    prop_assert_eq!(ours, sdk, "{}", xml);
    Ok(())
}

const NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

fn rules_answer(items: &str, token: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeSecurityGroupRulesResponse \
         xmlns=\"{NS}\"><requestId>r</requestId><securityGroupRuleSet>{items}\
         </securityGroupRuleSet>{token}</DescribeSecurityGroupRulesResponse>"
    )
}

fn groups_answer(items: &str, token: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeSecurityGroupsResponse \
         xmlns=\"{NS}\"><requestId>r</requestId><securityGroupInfo>{items}\
         </securityGroupInfo>{token}</DescribeSecurityGroupsResponse>"
    )
}

#[test]
fn the_shaped_answers_decode_as_the_sdk_decodes_them() {
    use super::tests::{LISTED, PEERED, SSH, groups_xml};
    for items in [SSH, PEERED, LISTED, ""] {
        for token in ["", "<nextToken>eyJ2IjoiMiJ9</nextToken>", "<nextToken/>"] {
            rules_agree(&rules_answer(items, token)).unwrap();
        }
    }
    groups_agree(groups_xml()).unwrap();
    // A control character XML 1.0 does not allow, written raw: both refuse the answer.
    for control in ["\u{1b}[2J", "\u{7}", "\u{0}"] {
        let hostile = rules_answer(SSH, "").replace("ssh &amp;", &format!("ssh {control}"));
        assert_eq!(sdk_rules(&hostile), None, "{control:?}");
        rules_agree(&hostile).unwrap();
        let hostile = groups_xml().replace("web tier", control);
        assert_eq!(sdk_groups(&hostile), None, "{control:?}");
        groups_agree(&hostile).unwrap();
    }
    // Written as a reference, the SDK takes it into the text (the screens show it inert), and
    // so does this decoder; a reference to no character is refused by both.
    for reference in ["&#x1b;[2J", "&#27;", "&#xD800;", "&#x110000;", "&nbsp;"] {
        let hostile = rules_answer(SSH, "").replace("ssh &amp;", &format!("ssh {reference}"));
        rules_agree(&hostile).unwrap();
        groups_agree(&groups_xml().replace("web tier", reference)).unwrap();
    }
    // A reference to NUL is refused here (quick-xml) and left to the SDK, which reads it.
    let nul = rules_answer(SSH, "").replace("ssh &amp;", "ssh &#0;");
    assert_eq!(rules_page(nul.as_bytes()), None);
    assert!(sdk_rules(&nul).is_some());
    let escape = rules_answer(SSH, "").replace("ssh &amp;", "ssh &#x1b;");
    let rules = rules_page(escape.as_bytes())
        .expect("an answer the SDK reads")
        .rules;
    assert_eq!(
        rules[0].description.as_deref(),
        Some("ssh \u{1b} <ops> café ☃")
    );
}

/// Text as an answer may write it: escaped, as references, in CDATA, or plain.
fn written(text: &str, how: u8) -> String {
    match how % 4 {
        0 => quick_xml::escape::escape(text).into_owned(),
        1 => text.chars().map(|c| format!("&#{};", c as u32)).collect(),
        2 if !text.contains("]]>") => format!("<![CDATA[{text}]]>"),
        _ => quick_xml::escape::partial_escape(text).into_owned(),
    }
}

/// Text of any kind a name, id or description may hold: ASCII, markup characters, accents,
/// emoji, spaces at either end and line breaks.
fn odd_text() -> impl Strategy<Value = String> {
    "[ a-z0-9&<>'\"/:.\\-\u{e9}\u{2603}\u{1f600}\t\n\r]{0,12}"
}

/// A field, or none: `(name, text, how it is written)`.
fn field(name: &'static str, text: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    proptest::option::of((text, any::<u8>())).prop_map(move |f| match f {
        None => String::new(),
        Some((t, _)) if t.is_empty() => format!("<{name}/>"),
        Some((t, how)) => format!("<{name}>{}</{name}>", written(&t, how)),
    })
}

fn numbers() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i32>().prop_map(|n| n.to_string()),
        Just("-1".to_string()),
        Just(" 22 ".to_string()),
        Just("+22".to_string()),
        Just("022".to_string()),
        Just("2147483648".to_string()),
        Just("twenty".to_string()),
    ]
}

fn protocols() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("tcp"),
        Just("TCP"),
        Just("-1"),
        Just("6"),
        Just("58"),
        Just("icmpv6"),
        Just("50"),
        Just("300"),
        Just("gre"),
        Just(" udp "),
    ]
    .prop_map(str::to_string)
}

fn cidrs() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("10.0.0.0/8"),
        Just("0.0.0.0/0"),
        Just("10.1.2.3/16"),
        Just("2001:db8::/32"),
        Just("::/0"),
        Just("not a cidr"),
        Just(" 10.0.0.0/8"),
        Just("10.0.0.0/33"),
    ]
    .prop_map(str::to_string)
}

fn referenced() -> impl Strategy<Value = String> {
    proptest::option::of(
        (
            field("groupId", odd_text()),
            field("userId", odd_text()),
            field("vpcId", odd_text()),
            field("vpcPeeringConnectionId", odd_text()),
            field("peeringStatus", odd_text()),
        )
            .prop_map(|(a, b, c, d, e)| {
                format!("<referencedGroupInfo>{a}{b}{c}{d}{e}</referencedGroupInfo>")
            }),
    )
    .prop_map(Option::unwrap_or_default)
}

fn tags() -> impl Strategy<Value = String> {
    proptest::collection::vec((field("key", odd_text()), field("value", odd_text())), 0..3)
        .prop_map(|tags| {
            let items: String = tags
                .iter()
                .map(|(k, v)| format!("<item>{k}{v}</item>"))
                .collect();
            format!("<tagSet>{items}</tagSet>")
        })
}

fn rule_item() -> impl Strategy<Value = String> {
    (
        (
            field("securityGroupRuleId", odd_text()),
            field("groupId", odd_text()),
            field("groupOwnerId", odd_text()),
            field(
                "isEgress",
                prop_oneof![Just("true".to_string()), Just("false".to_string())],
            ),
            field("ipProtocol", protocols()),
            field("fromPort", numbers()),
            field("toPort", numbers()),
        ),
        (
            field("cidrIpv4", cidrs()),
            field("cidrIpv6", cidrs()),
            field("prefixListId", odd_text()),
            referenced(),
            field("description", odd_text()),
            tags(),
        ),
    )
        .prop_map(|((a, b, c, d, e, f, g), (h, i, j, k, l, m))| {
            format!("<item>{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}{k}{l}{m}</item>")
        })
}

/// A permission: its protocol and ports, and peers of each kind.
fn permission() -> impl Strategy<Value = String> {
    let peers = |list: &'static str, inner: &'static str| {
        proptest::collection::vec(field(inner, odd_text()), 0..3).prop_map(move |peers| {
            let items: String = peers.iter().map(|p| format!("<item>{p}</item>")).collect();
            format!("<{list}>{items}</{list}>")
        })
    };
    (
        field("ipProtocol", protocols()),
        field("fromPort", numbers()),
        peers("groups", "groupId"),
        peers("ipRanges", "cidrIp"),
        peers("ipv6Ranges", "cidrIpv6"),
        peers("prefixListIds", "prefixListId"),
    )
        .prop_map(|(a, b, c, d, e, f)| format!("<item>{a}{b}{c}{d}{e}{f}</item>"))
}

fn group_item() -> impl Strategy<Value = String> {
    (
        (
            field("ownerId", odd_text()),
            field("groupId", odd_text()),
            field("groupName", odd_text()),
            field("groupDescription", odd_text()),
            field("vpcId", odd_text()),
        ),
        proptest::collection::vec(permission(), 0..3),
        proptest::collection::vec(permission(), 0..2),
        tags(),
    )
        .prop_map(|((a, b, c, d, e), inbound, outbound, tags)| {
            format!(
                "<item>{a}{b}{c}{d}{e}<ipPermissions>{}</ipPermissions>\
                 <ipPermissionsEgress>{}</ipPermissionsEgress>{tags}</item>",
                inbound.concat(),
                outbound.concat()
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn generated_rules_decode_as_the_sdk_decodes_them(
        items in proptest::collection::vec(rule_item(), 0..4),
        token in field("nextToken", odd_text()),
    ) {
        rules_agree(&rules_answer(&items.concat(), &token))?;
    }

    #[test]
    fn generated_groups_decode_as_the_sdk_decodes_them(
        items in proptest::collection::vec(group_item(), 0..3),
        token in field("nextToken", odd_text()),
    ) {
        groups_agree(&groups_answer(&items.concat(), &token))?;
    }
}

/// An answer with one mistake made in it: a byte left out, or one of XML's own characters put
/// in, at `at` (taken modulo its length).
fn broken(xml: &str, at: usize, how: u8) -> String {
    let mut at = at % xml.len();
    while !xml.is_char_boundary(at) {
        at -= 1;
    }
    let (head, tail) = xml.split_at(at);
    let insert = [
        "<", ">", "&", "/", "\"", "'", "=", "!", " ", "<!--", "]]>", "<a>", "</a>",
    ];
    match how as usize % (insert.len() + 1) {
        0 => format!("{head}{}", tail.chars().skip(1).collect::<String>()),
        n => format!("{head}{}{tail}", insert[n - 1]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Whatever this decoder reads of a broken answer, the SDK reads the same: it may leave
    /// more to the SDK, never read what the SDK would read otherwise.
    #[test]
    fn a_broken_answer_is_read_as_the_sdk_reads_it_or_left_to_it(
        items in proptest::collection::vec(rule_item(), 1..3),
        groups in proptest::collection::vec(group_item(), 1..3),
        at in any::<usize>(),
        how in any::<u8>(),
    ) {
        let rules = broken(&rules_answer(&items.concat(), ""), at, how);
        if let Some(page) = rules_page(rules.as_bytes()) {
            prop_assert_eq!(Some((page.rules, page.next_token)), sdk_rules(&rules), "{}", rules);
        }
        let groups = broken(&groups_answer(&groups.concat(), ""), at, how);
        if let Some(page) = groups_page(groups.as_bytes()) {
            prop_assert_eq!(Some((page.groups, page.next_token)), sdk_groups(&groups), "{}", groups);
        }
    }
}
