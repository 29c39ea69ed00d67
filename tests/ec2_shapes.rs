//! The SDK backend (`AwsEc2`) against answers shaped exactly like real EC2's, for what the moto
//! emulator cannot show: DryRun verdicts, `RevokedSecurityGroupRules`, `Return=false`,
//! `UnknownIpPermissions`, pagination with `NextToken`, error mapping, network interfaces and
//! prefix lists as EC2 describes them, and stale groups. A wiremock server on
//! 127.0.0.1 answers with EC2 query-protocol XML, so the SDK's real serializers and parsers run.

use aws_config::{BehaviorVersion, Region, retry::RetryConfig};
use futures::TryStreamExt;
use sgtui::ec2::{
    AwsEc2, DryRunVerdict, Ec2, Page, Permission, RevokeRequest, RevokeResponse, RevokeTarget,
    codes, pages,
};
use sgtui::model::{
    Direction, GroupRef, NetworkInterface, Peer, PortRange, PrefixList, PrefixListEntry, Protocol,
    Rule, StaleGroup, StaleGroupPair, StaleRule, Tags,
};
use sgtui::revoke::{CallResult, Outcome, RevokePlan, report};
use wiremock::matchers::{body_string_contains, method};
use wiremock::{Mock, MockBuilder, MockServer, Request, ResponseTemplate};

const NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";
const GROUP: &str = "sg-0a1b2c3d4e5f60718";
const OWNER: &str = "123456789012";

/// A backend aimed at `endpoint`, with one attempt per call (no retries).
async fn backend_at(endpoint: &str) -> AwsEc2 {
    let config = aws_config::defaults(BehaviorVersion::latest())
        .test_credentials()
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::standard().with_max_attempts(1))
        .load()
        .await;
    AwsEc2::from_sdk_config(&config)
}

async fn server_and_backend() -> (MockServer, AwsEc2) {
    let server = MockServer::start().await;
    let backend = backend_at(&server.uri()).await;
    (server, backend)
}

/// A successful EC2 answer: `<{action}Response xmlns=…><requestId>…</requestId>{inner}</…>`.
fn ok_xml(action: &str, inner: &str) -> ResponseTemplate {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response xmlns=\"{NS}\">\n    \
         <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>\n{inner}\n</{action}Response>"
    );
    ResponseTemplate::new(200).set_body_raw(body, "text/xml;charset=UTF-8")
}

/// An EC2 error answer with the given HTTP status.
fn error_xml(status: u16, code: &str, message: &str) -> ResponseTemplate {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code>\
         <Message>{message}</Message></Error></Errors>\
         <RequestID>0c6fd5c8-1a2b-4c3d-9e8f-0123456789ab</RequestID></Response>"
    );
    ResponseTemplate::new(status).set_body_raw(body, "text/xml;charset=UTF-8")
}

fn action(name: &str) -> wiremock::matchers::BodyContainsMatcher {
    body_string_contains(format!("Action={name}&"))
}

fn inbound(ids: &[&str]) -> RevokeRequest {
    RevokeRequest::by_ids(
        GROUP,
        Direction::Inbound,
        ids.iter().map(|s| s.to_string()).collect(),
    )
}

fn rule(id: &str, direction: Direction, port: i32, cidr: &str) -> Rule {
    Rule {
        id: id.into(),
        group_id: GROUP.into(),
        direction,
        protocol: Protocol::Tcp,
        ports: PortRange::new(port, port),
        peer: Peer::Ipv4(cidr.parse().unwrap()),
        description: None,
        tags: Tags::new(),
    }
}

fn bodies(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. DryRun verdicts
// ---------------------------------------------------------------------------------------------

const DENIED_MESSAGE: &str = "You are not authorized to perform this operation. User: \
    arn:aws:iam::123456789012:user/alice is not authorized to perform: \
    ec2:RevokeSecurityGroupIngress on resource: \
    arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60718 \
    because no identity-based policy allows the ec2:RevokeSecurityGroupIngress action.";

#[tokio::test]
async fn dry_run_unauthorized_is_denied_with_ec2s_message() {
    let (server, backend) = server_and_backend().await;
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupIngress"))
        .and(body_string_contains("DryRun=true"))
        .and(body_string_contains(format!("GroupId={GROUP}")))
        .and(body_string_contains(
            "SecurityGroupRuleId.1=sgr-00000000000000001",
        ))
        .and(body_string_contains(
            "SecurityGroupRuleId.2=sgr-00000000000000002",
        ))
        .respond_with(error_xml(403, "UnauthorizedOperation", DENIED_MESSAGE))
        .expect(1)
        .mount(&server)
        .await;

    let result = backend
        .revoke(
            inbound(&["sgr-00000000000000001", "sgr-00000000000000002"]),
            true,
        )
        .await;
    assert_eq!(
        DryRunVerdict::from_result(result),
        DryRunVerdict::Denied(DENIED_MESSAGE.to_string())
    );
}

#[tokio::test]
async fn dry_run_operation_is_allowed() {
    let (server, backend) = server_and_backend().await;
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupEgress"))
        .and(body_string_contains("DryRun=true"))
        .and(body_string_contains(
            "SecurityGroupRuleId.1=sgr-0fedcba9876543210",
        ))
        .respond_with(error_xml(
            412,
            "DryRunOperation",
            "Request would have succeeded, but DryRun flag is set.",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let request = RevokeRequest::by_ids(
        GROUP,
        Direction::Outbound,
        vec!["sgr-0fedcba9876543210".into()],
    );
    let result = backend.revoke(request, true).await;
    assert_eq!(DryRunVerdict::from_result(result), DryRunVerdict::Allowed);
}

// ---------------------------------------------------------------------------------------------
// 2. RevokedSecurityGroupRules
// ---------------------------------------------------------------------------------------------

fn revoked_item(id: &str, egress: bool, port: i32, cidr: &str) -> String {
    format!(
        "<item><securityGroupRuleId>{id}</securityGroupRuleId><groupId>{GROUP}</groupId>\
         <isEgress>{egress}</isEgress><ipProtocol>tcp</ipProtocol><fromPort>{port}</fromPort>\
         <toPort>{port}</toPort><cidrIpv4>{cidr}</cidrIpv4></item>"
    )
}

#[tokio::test]
async fn revoked_rules_are_read_for_ingress() {
    let (server, backend) = server_and_backend().await;
    let inner = format!(
        "<return>true</return><revokedSecurityGroupRuleSet>{}{}</revokedSecurityGroupRuleSet>",
        revoked_item("sgr-00000000000000001", false, 22, "0.0.0.0/0"),
        revoked_item("sgr-00000000000000002", false, 3389, "203.0.113.0/24"),
    );
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupIngress"))
        .and(body_string_contains("DryRun=false"))
        .and(body_string_contains(
            "SecurityGroupRuleId.1=sgr-00000000000000001",
        ))
        .and(body_string_contains(
            "SecurityGroupRuleId.2=sgr-00000000000000002",
        ))
        .respond_with(ok_xml("RevokeSecurityGroupIngress", &inner))
        .expect(1)
        .mount(&server)
        .await;

    let response = backend
        .revoke(
            inbound(&["sgr-00000000000000001", "sgr-00000000000000002"]),
            false,
        )
        .await
        .expect("revoke succeeds");
    assert_eq!(
        response,
        RevokeResponse {
            returned: true,
            revoked_rule_ids: Some(vec![
                "sgr-00000000000000001".into(),
                "sgr-00000000000000002".into()
            ]),
            unknown_permissions: vec![],
        }
    );
}

#[tokio::test]
async fn revoked_rules_are_read_for_egress() {
    let (server, backend) = server_and_backend().await;
    let inner = format!(
        "<return>true</return><revokedSecurityGroupRuleSet>{}</revokedSecurityGroupRuleSet>",
        revoked_item("sgr-0fedcba9876543210", true, 443, "10.0.0.0/8"),
    );
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupEgress"))
        .and(body_string_contains(
            "SecurityGroupRuleId.1=sgr-0fedcba9876543210",
        ))
        .respond_with(ok_xml("RevokeSecurityGroupEgress", &inner))
        .expect(1)
        .mount(&server)
        .await;

    let request = RevokeRequest::by_ids(
        GROUP,
        Direction::Outbound,
        vec!["sgr-0fedcba9876543210".into()],
    );
    let response = backend
        .revoke(request, false)
        .await
        .expect("revoke succeeds");
    assert!(response.returned);
    assert_eq!(
        response.revoked_rule_ids,
        Some(vec!["sgr-0fedcba9876543210".to_string()])
    );
    assert!(response.unknown_permissions.is_empty());
}

#[tokio::test]
async fn a_response_with_only_return_has_no_revoked_ids() {
    let (server, backend) = server_and_backend().await;
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupIngress"))
        .respond_with(ok_xml(
            "RevokeSecurityGroupIngress",
            "<return>true</return>",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let response = backend
        .revoke(inbound(&["sgr-00000000000000001"]), false)
        .await
        .expect("revoke succeeds");
    assert!(response.returned);
    assert_eq!(response.revoked_rule_ids, None);
}

// ---------------------------------------------------------------------------------------------
// 3. Return=false
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn return_false_fails_every_rule_of_the_call_even_if_they_are_gone() {
    let (server, backend) = server_and_backend().await;
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupIngress"))
        .respond_with(ok_xml(
            "RevokeSecurityGroupIngress",
            "<return>false</return>",
        ))
        .expect(1)
        .mount(&server)
        .await;

    let marked = [
        rule("sgr-00000000000000001", Direction::Inbound, 22, "0.0.0.0/0"),
        rule(
            "sgr-00000000000000002",
            Direction::Inbound,
            3389,
            "203.0.113.0/24",
        ),
    ];
    let plan = RevokePlan::by_rule_ids(&marked);
    assert_eq!(plan.calls.len(), 1);
    let response = backend
        .revoke(plan.calls[0].request.clone(), false)
        .await
        .expect("HTTP 200 is not an error");
    assert!(!response.returned);

    // The rules are gone after the refresh; Return=false still counts as a failure.
    let rules_after: Vec<Rule> = vec![];
    let outcomes = report(
        &plan,
        &[CallResult::Sent(sgtui::ec2::Sent::plain(Ok(response)))],
        Ok(&rules_after),
    );
    assert_eq!(outcomes.len(), 2);
    for o in &outcomes {
        match &o.outcome {
            Outcome::Failed(e) => assert_eq!(e.code, codes::RETURN_FALSE, "{o:?}"),
            other => panic!("expected Failed(RETURN_FALSE), got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. UnknownIpPermissions
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn unknown_ip_permissions_are_read_as_text() {
    let (server, backend) = server_and_backend().await;
    let inner = "<return>true</return><unknownIpPermissionSet><item><ipProtocol>tcp</ipProtocol>\
        <fromPort>22</fromPort><toPort>22</toPort><groups/><ipRanges><item>\
        <cidrIp>203.0.113.0/24</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>\
        </unknownIpPermissionSet>";
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupIngress"))
        .respond_with(ok_xml("RevokeSecurityGroupIngress", inner))
        .expect(1)
        .mount(&server)
        .await;
    let response = backend
        .revoke(inbound(&["sgr-00000000000000001"]), false)
        .await
        .expect("revoke succeeds");
    assert!(response.returned);
    assert_eq!(
        response.unknown_permissions,
        vec!["tcp 22 203.0.113.0/24".to_string()]
    );
}

#[tokio::test]
async fn unknown_ip_permissions_with_several_peers_give_one_text_each() {
    let (server, backend) = server_and_backend().await;
    let inner = "<return>true</return><unknownIpPermissionSet>\
        <item><ipProtocol>-1</ipProtocol><groups><item><groupId>sg-0123456789abcdef0</groupId>\
        <userId>123456789012</userId></item></groups><ipRanges/><ipv6Ranges><item>\
        <cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges><prefixListIds><item>\
        <prefixListId>pl-63a5400a</prefixListId></item></prefixListIds></item>\
        <item><ipProtocol>udp</ipProtocol><fromPort>1024</fromPort><toPort>65535</toPort>\
        <ipRanges><item><cidrIp>10.0.0.0/8</cidrIp></item></ipRanges></item>\
        </unknownIpPermissionSet>";
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupIngress"))
        .respond_with(ok_xml("RevokeSecurityGroupIngress", inner))
        .mount(&server)
        .await;
    let response = backend
        .revoke(inbound(&["sgr-00000000000000001"]), false)
        .await
        .expect("revoke succeeds");
    assert_eq!(
        response.unknown_permissions,
        vec![
            "all traffic ::/0".to_string(),
            "all traffic pl-63a5400a".to_string(),
            "all traffic sg-0123456789abcdef0".to_string(),
            "udp 1024-65535 10.0.0.0/8".to_string(),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Paginated describes
// ---------------------------------------------------------------------------------------------

fn group_item(id: &str, name: &str, vpc: &str, tags: &str) -> String {
    format!(
        "<item><ownerId>{OWNER}</ownerId><groupId>{id}</groupId><groupName>{name}</groupName>\
         <groupDescription>{name} servers</groupDescription><vpcId>{vpc}</vpcId>\
         <ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort>\
         <toPort>22</toPort><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item>\
         </ipRanges><ipv6Ranges/><prefixListIds/></item></ipPermissions>\
         <ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item>\
         <cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/></item>\
         </ipPermissionsEgress>{tags}\
         <securityGroupArn>arn:aws:ec2:us-east-1:{OWNER}:security-group/{id}</securityGroupArn>\
         </item>"
    )
}

#[tokio::test]
async fn describe_groups_follows_next_token() {
    let (server, backend) = server_and_backend().await;
    let page1 = format!(
        "<securityGroupInfo>{}{}</securityGroupInfo><nextToken>page2</nextToken>",
        group_item(
            "sg-00000000000000001",
            "web",
            "vpc-0aaaaaaaaaaaaaaaa",
            "<tagSet><item><key>Name</key><value>public web</value></item>\
             <item><key>team</key><value>edge</value></item></tagSet>"
        ),
        group_item("sg-00000000000000002", "db", "vpc-0aaaaaaaaaaaaaaaa", ""),
    );
    let page2 = format!(
        "<securityGroupInfo>{}</securityGroupInfo>",
        group_item(
            "sg-00000000000000003",
            "default",
            "vpc-0bbbbbbbbbbbbbbbb",
            ""
        ),
    );
    // The second page is the more specific match; it wins over the first.
    Mock::given(method("POST"))
        .and(action("DescribeSecurityGroups"))
        .and(body_string_contains("NextToken=page2"))
        .respond_with(ok_xml("DescribeSecurityGroups", &page2))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(action("DescribeSecurityGroups"))
        .respond_with(ok_xml("DescribeSecurityGroups", &page1))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;

    let first = backend.describe_groups_page(None).await.expect("page 1");
    assert_eq!(first.next_token.as_deref(), Some("page2"));
    let second = backend
        .describe_groups_page(first.next_token.clone())
        .await
        .expect("page 2");
    assert_eq!(second.next_token, None);

    let ids: Vec<&str> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|g| g.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "sg-00000000000000001",
            "sg-00000000000000002",
            "sg-00000000000000003"
        ]
    );
    let web = &first.items[0];
    assert_eq!(web.name, "web");
    assert_eq!(web.description, "web servers");
    assert_eq!(web.vpc_id.as_deref(), Some("vpc-0aaaaaaaaaaaaaaaa"));
    assert_eq!(web.owner_id.as_deref(), Some(OWNER));
    assert_eq!(web.tags.get("Name").map(String::as_str), Some("public web"));
    assert_eq!(web.tags.get("team").map(String::as_str), Some("edge"));
    assert_eq!(web.name_tag(), Some("public web"));
    assert!(first.items[1].tags.is_empty());

    let sent = bodies(&server.received_requests().await.expect("recording is on"));
    assert_eq!(sent.len(), 2);
    for body in &sent {
        assert!(body.contains("MaxResults=1000"), "no MaxResults in {body}");
    }
    assert!(
        !sent[0].contains("NextToken"),
        "first page sent a token: {}",
        sent[0]
    );
}

/// One `<item>` of a `securityGroupRuleSet`.
fn rule_item(id: &str, egress: bool, protocol: &str, from: i32, to: i32, rest: &str) -> String {
    format!(
        "<item><securityGroupRuleId>{id}</securityGroupRuleId><groupId>{GROUP}</groupId>\
         <groupOwnerId>{OWNER}</groupOwnerId><isEgress>{egress}</isEgress>\
         <ipProtocol>{protocol}</ipProtocol><fromPort>{from}</fromPort><toPort>{to}</toPort>\
         {rest}<securityGroupRuleArn>arn:aws:ec2:us-east-1:{OWNER}:security-group-rule/{id}\
         </securityGroupRuleArn></item>"
    )
}

#[tokio::test]
async fn describe_rules_follows_next_token_and_converts_every_peer_kind() {
    let (server, backend) = server_and_backend().await;
    let page1 = format!(
        "<securityGroupRuleSet>{}{}{}</securityGroupRuleSet><nextToken>page2</nextToken>",
        rule_item(
            "sgr-00000000000000001",
            false,
            "tcp",
            22,
            22,
            "<cidrIpv4>0.0.0.0/0</cidrIpv4><description>ssh from anywhere</description>\
             <tagSet><item><key>owner</key><value>alice</value></item>\
             <item><key>ticket</key><value>OPS-1</value></item></tagSet>"
        ),
        rule_item(
            "sgr-00000000000000002",
            false,
            "icmp",
            8,
            -1,
            "<cidrIpv6>2001:db8::/32</cidrIpv6><tagSet/>"
        ),
        rule_item(
            "sgr-00000000000000003",
            true,
            "-1",
            -1,
            -1,
            "<prefixListId>pl-63a5400a</prefixListId>"
        ),
    );
    let page2 = format!(
        "<securityGroupRuleSet>{}</securityGroupRuleSet>",
        rule_item(
            "sgr-00000000000000004",
            true,
            "50",
            -1,
            -1,
            "<referencedGroupInfo><groupId>sg-0123456789abcdef0</groupId>\
             <userId>210987654321</userId></referencedGroupInfo><description></description>"
        ),
    );
    Mock::given(method("POST"))
        .and(action("DescribeSecurityGroupRules"))
        .and(body_string_contains("NextToken=page2"))
        .respond_with(ok_xml("DescribeSecurityGroupRules", &page2))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(action("DescribeSecurityGroupRules"))
        .respond_with(ok_xml("DescribeSecurityGroupRules", &page1))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;

    let first = backend.describe_rules_page(None).await.expect("page 1");
    assert_eq!(first.next_token.as_deref(), Some("page2"));
    let second = backend
        .describe_rules_page(first.next_token.clone())
        .await
        .expect("page 2");
    assert_eq!(second.next_token, None);
    let rules: Vec<&Rule> = first.items.iter().chain(&second.items).collect();
    assert_eq!(rules.len(), 4);

    let mut ssh_tags = Tags::new();
    ssh_tags.insert("owner".into(), "alice".into());
    ssh_tags.insert("ticket".into(), "OPS-1".into());
    assert_eq!(
        *rules[0],
        Rule {
            id: "sgr-00000000000000001".into(),
            group_id: GROUP.into(),
            direction: Direction::Inbound,
            protocol: Protocol::Tcp,
            ports: PortRange::new(22, 22),
            peer: Peer::Ipv4("0.0.0.0/0".parse().unwrap()),
            description: Some("ssh from anywhere".into()),
            tags: ssh_tags,
        }
    );
    assert_eq!(rules[0].protocol_ports(), "tcp 22");

    assert_eq!(
        *rules[1],
        Rule {
            id: "sgr-00000000000000002".into(),
            group_id: GROUP.into(),
            direction: Direction::Inbound,
            protocol: Protocol::Icmp,
            ports: PortRange::new(8, -1),
            peer: Peer::Ipv6("2001:db8::/32".parse().unwrap()),
            description: None,
            tags: Tags::new(),
        }
    );
    assert_eq!(rules[1].protocol_ports(), "icmp echo-request");

    assert_eq!(
        *rules[2],
        Rule {
            id: "sgr-00000000000000003".into(),
            group_id: GROUP.into(),
            direction: Direction::Outbound,
            protocol: Protocol::All,
            ports: PortRange::ANY,
            peer: Peer::PrefixList("pl-63a5400a".into()),
            description: None,
            tags: Tags::new(),
        }
    );
    assert_eq!(rules[2].protocol_ports(), "all traffic");

    assert_eq!(
        *rules[3],
        Rule {
            id: "sgr-00000000000000004".into(),
            group_id: GROUP.into(),
            direction: Direction::Outbound,
            protocol: Protocol::Number(50),
            ports: PortRange::ANY,
            peer: Peer::Group(GroupRef {
                group_id: "sg-0123456789abcdef0".into(),
                user_id: Some("210987654321".into()),
                vpc_id: None,
                peering_status: None,
            }),
            // An empty description is no description.
            description: None,
            tags: Tags::new(),
        }
    );
    assert_eq!(rules[3].protocol_ports(), "esp (proto 50)");

    let sent = bodies(&server.received_requests().await.expect("recording is on"));
    assert_eq!(sent.len(), 2);
    for body in &sent {
        assert!(body.contains("MaxResults=1000"), "no MaxResults in {body}");
        assert!(
            !body.contains("Filter."),
            "unfiltered describe sent a filter: {body}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 6. describe_rules_of_groups
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn describe_rules_of_groups_filters_by_group_id_and_follows_next_token() {
    let (server, backend) = server_and_backend().await;
    let page1 = format!(
        "<securityGroupRuleSet>{}</securityGroupRuleSet><nextToken>page2</nextToken>",
        rule_item(
            "sgr-00000000000000001",
            false,
            "tcp",
            22,
            22,
            "<cidrIpv4>0.0.0.0/0</cidrIpv4>"
        ),
    );
    let page2 = format!(
        "<securityGroupRuleSet>{}</securityGroupRuleSet><nextToken></nextToken>",
        rule_item(
            "sgr-00000000000000002",
            true,
            "udp",
            53,
            53,
            "<cidrIpv4>10.0.0.2/32</cidrIpv4>"
        ),
    );
    let filtered = |m: MockBuilder| {
        m.and(body_string_contains("Filter.1.Name=group-id"))
            .and(body_string_contains(
                "Filter.1.Value.1=sg-00000000000000001",
            ))
            .and(body_string_contains(
                "Filter.1.Value.2=sg-00000000000000002",
            ))
            .and(body_string_contains("MaxResults=1000"))
    };
    filtered(
        Mock::given(method("POST"))
            .and(action("DescribeSecurityGroupRules"))
            .and(body_string_contains("NextToken=page2")),
    )
    .respond_with(ok_xml("DescribeSecurityGroupRules", &page2))
    .with_priority(1)
    .expect(1)
    .mount(&server)
    .await;
    filtered(Mock::given(method("POST")).and(action("DescribeSecurityGroupRules")))
        .respond_with(ok_xml("DescribeSecurityGroupRules", &page1))
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;

    let rules = backend
        .describe_rules_of_groups(vec![
            "sg-00000000000000001".into(),
            "sg-00000000000000002".into(),
        ])
        .await
        .expect("describe succeeds");
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["sgr-00000000000000001", "sgr-00000000000000002"]);
    assert_eq!(rules[1].direction, Direction::Outbound);
    assert_eq!(rules[1].protocol, Protocol::Udp);
    // An empty <nextToken/> ends the loop (two requests, checked by `expect` on drop).
}

// ---------------------------------------------------------------------------------------------
// 7. Error mapping
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn throttling_is_reported_with_its_code_and_a_hint() {
    let (server, backend) = server_and_backend().await;
    Mock::given(method("POST"))
        .and(action("DescribeSecurityGroups"))
        .respond_with(error_xml(
            503,
            "RequestLimitExceeded",
            "Request limit exceeded.",
        ))
        .expect(1) // max_attempts 1: no retry
        .mount(&server)
        .await;
    let err = backend.describe_groups_page(None).await.unwrap_err();
    assert_eq!(err.code, codes::THROTTLED);
    assert_eq!(err.message, "Request limit exceeded.");
    assert!(!err.hint().is_empty());
    assert!(err.hint().contains("throttling"), "{}", err.hint());
}

#[tokio::test]
async fn group_not_found_is_reported_with_its_code() {
    let (server, backend) = server_and_backend().await;
    let message = "The security group 'sg-0a1b2c3d4e5f60718' does not exist";
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupIngress"))
        .respond_with(error_xml(400, "InvalidGroup.NotFound", message))
        .expect(1)
        .mount(&server)
        .await;
    let err = backend
        .revoke(inbound(&["sgr-00000000000000001"]), false)
        .await
        .unwrap_err();
    assert_eq!(err.code, codes::GROUP_NOT_FOUND);
    assert_eq!(err.message, message);
    assert!(err.hint().contains("no longer exists"), "{}", err.hint());
}

#[tokio::test]
async fn rule_id_not_found_is_recognised() {
    let (server, backend) = server_and_backend().await;
    let message = "The specified security group rule ID does not exist: 'sgr-00000000000000009'";
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupIngress"))
        .respond_with(error_xml(
            400,
            "InvalidSecurityGroupRuleId.NotFound",
            message,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let err = backend
        .revoke(inbound(&["sgr-00000000000000009"]), false)
        .await
        .unwrap_err();
    assert_eq!(err.code, codes::RULE_ID_NOT_FOUND);
    assert!(err.is_rule_not_found());
}

#[tokio::test]
async fn auth_failure_is_reported_with_its_code() {
    let (server, backend) = server_and_backend().await;
    let message = "AWS was not able to validate the provided access credentials";
    Mock::given(method("POST"))
        .and(action("DescribeSecurityGroupRules"))
        .respond_with(error_xml(401, "AuthFailure", message))
        .expect(1)
        .mount(&server)
        .await;
    let err = backend.describe_rules_page(None).await.unwrap_err();
    assert_eq!(err.code, codes::AUTH_FAILURE);
    assert_eq!(err.message, message);
    assert!(err.hint().contains("credentials"), "{}", err.hint());
}

#[tokio::test]
async fn a_closed_port_is_a_connection_failure() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let backend = backend_at(&format!("http://127.0.0.1:{port}")).await;
    let err = backend.describe_groups_page(None).await.unwrap_err();
    assert!(
        err.code == codes::CONNECTION || err.code == codes::TIMEOUT,
        "unexpected {err:?}"
    );
    assert!(!err.message.is_empty());
    assert!(
        err.hint().contains("could not be reached"),
        "{}",
        err.hint()
    );
}

/// A 200 answer that is not EC2's XML must be an error to show, never an empty page.
async fn malformed_groups_answer(
    body: &str,
) -> Result<sgtui::ec2::Page<sgtui::model::SecurityGroup>, sgtui::ec2::ApiError> {
    let (server, backend) = server_and_backend().await;
    Mock::given(method("POST"))
        .and(action("DescribeSecurityGroups"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(body.to_string(), "text/xml;charset=UTF-8"),
        )
        .expect(1)
        .mount(&server)
        .await;
    backend.describe_groups_page(None).await
}

#[tokio::test]
async fn malformed_xml_is_an_unreadable_error() {
    let cases = [
        ("not XML at all", "this is not xml".to_string()),
        (
            "an HTML page from a proxy",
            "<html><body><h1>502 Bad Gateway</h1></body></html>".to_string(),
        ),
        (
            "a control character in a tag value",
            format!(
                "<DescribeSecurityGroupsResponse xmlns=\"{NS}\"><securityGroupInfo>{}\
                 </securityGroupInfo></DescribeSecurityGroupsResponse>",
                group_item(
                    "sg-00000000000000001",
                    "web",
                    "vpc-0aaaaaaaaaaaaaaaa",
                    "<tagSet><item><key>Name</key><value>evil\u{1b}[2J</value></item></tagSet>"
                )
            ),
        ),
    ];
    for (what, body) in cases {
        let result = malformed_groups_answer(&body).await;
        let err = match result {
            Err(e) => e,
            Ok(page) => panic!("{what}: expected an error, got Ok({page:?})"),
        };
        assert_eq!(err.code, codes::UNREADABLE, "{what}: {err:?}");
        assert!(err.message.contains("XML"), "{what}: {err:?}");
    }
}

/// Which code an unreadable answer gets must not depend on the words in its body.
#[tokio::test]
async fn an_unreadable_answer_mentioning_credentials_is_still_unreadable() {
    let body = "<html><body><h1>Proxy authentication required</h1>\
        <p>Please enter your credentials.</p></body></html>";
    let err = malformed_groups_answer(body).await.unwrap_err();
    assert_eq!(err.code, codes::UNREADABLE, "{err:?}");
}

/// A body cut short (the HTTP length is right, the XML is not closed) must not read as a
/// shorter, complete page: the groups after the cut would silently be missing.
#[tokio::test]
async fn truncated_xml_is_an_error_not_a_partial_page() {
    let whole = format!(
        "<DescribeSecurityGroupsResponse xmlns=\"{NS}\"><requestId>r</requestId>\
         <securityGroupInfo>{}{}</securityGroupInfo><nextToken>page2</nextToken>\
         </DescribeSecurityGroupsResponse>",
        group_item("sg-00000000000000001", "web", "vpc-0aaaaaaaaaaaaaaaa", ""),
        group_item("sg-00000000000000002", "db", "vpc-0aaaaaaaaaaaaaaaa", ""),
    );
    // Cut in the middle of the second group's name tag.
    let cut = whole.find("<groupName>db").expect("marker") + "<groupNa".len();
    let result = malformed_groups_answer(&whole[..cut]).await;
    match result {
        Err(e) => assert_eq!(e.code, codes::UNREADABLE, "{e:?}"),
        Ok(page) => panic!("a truncated answer was read as a page: {page:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// 8. Revokes by properties go out as IpPermissions, never with rule ids
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_revoke_by_properties_sends_ip_permissions_and_reads_unknown_peers() {
    let (server, backend) = server_and_backend().await;
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupIngress"))
        .and(body_string_contains(format!("GroupId={GROUP}")))
        .and(body_string_contains("IpPermissions.1.IpProtocol=tcp"))
        .and(body_string_contains("IpPermissions.1.FromPort=22"))
        .and(body_string_contains("IpPermissions.1.ToPort=22"))
        .and(body_string_contains(
            "IpPermissions.1.IpRanges.1.CidrIp=0.0.0.0%2F0",
        ))
        .and(body_string_contains(
            "IpPermissions.1.IpRanges.2.CidrIp=203.0.113.0%2F24",
        ))
        .and(body_string_contains(
            "IpPermissions.1.Ipv6Ranges.1.CidrIpv6=%3A%3A%2F0",
        ))
        .and(body_string_contains(
            "IpPermissions.1.PrefixListIds.1.PrefixListId=pl-0123abcd",
        ))
        .and(body_string_contains(
            "IpPermissions.1.Groups.1.GroupId=sg-0fedcba9876543210",
        ))
        .respond_with(ok_xml(
            "RevokeSecurityGroupIngress",
            "<return>true</return><unknownIpPermissionSet><item><ipProtocol>tcp</ipProtocol>\
             <fromPort>22</fromPort><toPort>22</toPort><ipRanges><item><cidrIp>203.0.113.0/24\
             </cidrIp></item></ipRanges></item></unknownIpPermissionSet>",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let request = RevokeRequest {
        group_id: GROUP.into(),
        direction: Direction::Inbound,
        target: RevokeTarget::Permissions(vec![Permission {
            protocol: Protocol::Tcp,
            ports: PortRange::new(22, 22),
            peers: vec![
                Peer::Ipv4("0.0.0.0/0".parse().unwrap()),
                Peer::Ipv4("203.0.113.0/24".parse().unwrap()),
                Peer::Ipv6("::/0".parse().unwrap()),
                Peer::PrefixList("pl-0123abcd".into()),
                Peer::Group(GroupRef {
                    group_id: "sg-0fedcba9876543210".into(),
                    user_id: None,
                    vpc_id: None,
                    peering_status: None,
                }),
            ],
        }]),
    };
    let response = backend
        .revoke(request, false)
        .await
        .expect("revoke by properties");
    assert!(response.returned);
    assert_eq!(
        response.unknown_permissions,
        vec!["tcp 22 203.0.113.0/24".to_string()]
    );
    let sent = bodies(&server.received_requests().await.unwrap());
    assert!(!sent[0].contains("SecurityGroupRuleId"), "{}", sent[0]);
}

#[tokio::test]
async fn all_traffic_by_properties_sends_no_ports() {
    let (server, backend) = server_and_backend().await;
    Mock::given(method("POST"))
        .and(action("RevokeSecurityGroupEgress"))
        .and(body_string_contains("IpPermissions.1.IpProtocol=-1"))
        .respond_with(ok_xml("RevokeSecurityGroupEgress", "<return>true</return>"))
        .expect(1)
        .mount(&server)
        .await;
    let request = RevokeRequest {
        group_id: GROUP.into(),
        direction: Direction::Outbound,
        target: RevokeTarget::Permissions(vec![Permission {
            protocol: Protocol::All,
            ports: PortRange::ANY,
            peers: vec![Peer::Ipv4("0.0.0.0/0".parse().unwrap())],
        }]),
    };
    backend
        .revoke(request, false)
        .await
        .expect("revoke all traffic");
    let sent = bodies(&server.received_requests().await.unwrap());
    assert!(
        !sent[0].contains("FromPort") && !sent[0].contains("ToPort"),
        "{}",
        sent[0]
    );
}

// ---------------------------------------------------------------------------------------------
// 9. Throttling is retried, and the retry is said while it happens
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_throttled_call_is_retried_and_the_retry_is_announced() {
    let server = MockServer::start().await;
    let config = aws_config::defaults(BehaviorVersion::latest())
        .test_credentials()
        .region(Region::new("us-east-1"))
        .endpoint_url(server.uri())
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(std::time::Duration::from_millis(10)),
        )
        .load()
        .await;
    let backend = AwsEc2::from_sdk_config(&config);
    let mut notices = backend
        .notices()
        .expect("the SDK backend tells about retries");
    // The first answer is EC2's throttling error; the next one is a page of groups.
    Mock::given(method("POST"))
        .and(action("DescribeSecurityGroups"))
        .respond_with(error_xml(
            503,
            "RequestLimitExceeded",
            "Request limit exceeded.",
        ))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(action("DescribeSecurityGroups"))
        .respond_with(ok_xml(
            "DescribeSecurityGroups",
            &format!(
                "<securityGroupInfo>{}</securityGroupInfo>",
                group_item(GROUP, "web", "vpc-0aaaaaaaaaaaaaaaa", "")
            ),
        ))
        .with_priority(2)
        .mount(&server)
        .await;
    let page = backend
        .describe_groups_page(None)
        .await
        .expect("the retry succeeds");
    assert_eq!(page.items.len(), 1);
    let notice = notices.try_recv().expect("the retry was announced");
    assert!(
        notice.contains("DescribeSecurityGroups") && notice.contains("attempt 2 of 3"),
        "{notice}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// 10. Network interfaces and prefix lists
// ---------------------------------------------------------------------------------------------

/// Answers `action` with `first`, and with `second` when the request carries `NextToken=page2`;
/// each exactly once. Every request must also match `extra`.
async fn mount_two_pages(
    server: &MockServer,
    action_name: &str,
    extra: impl Fn(MockBuilder) -> MockBuilder,
    first: &str,
    second: &str,
) {
    extra(
        Mock::given(method("POST"))
            .and(action(action_name))
            .and(body_string_contains("NextToken=page2")),
    )
    .respond_with(ok_xml(action_name, second))
    .with_priority(1)
    .expect(1)
    .mount(server)
    .await;
    extra(Mock::given(method("POST")).and(action(action_name)))
        .respond_with(ok_xml(action_name, first))
        .with_priority(2)
        .expect(1)
        .mount(server)
        .await;
}

/// An instance's interface as EC2 describes it: two groups, a primary and two secondary private
/// addresses (the primary and one secondary with an Elastic IP), two IPv6 addresses, attached.
const INSTANCE_ENI: &str = "<item>\
    <networkInterfaceId>eni-0a1b2c3d4e5f60718</networkInterfaceId>\
    <subnetId>subnet-0b3a1c8b05a44e4a7</subnetId><vpcId>vpc-0a2e5e1bd0b3d7c81</vpcId>\
    <availabilityZone>us-east-1d</availabilityZone><description>web-1 primary</description>\
    <ownerId>123456789012</ownerId><requesterManaged>false</requesterManaged>\
    <status>in-use</status><macAddress>0e:4f:22:8a:19:b1</macAddress>\
    <privateIpAddress>10.0.1.10</privateIpAddress>\
    <privateDnsName>ip-10-0-1-10.ec2.internal</privateDnsName>\
    <sourceDestCheck>true</sourceDestCheck>\
    <groupSet><item><groupId>sg-0aaaaaaaaaaaaaaa1</groupId><groupName>web</groupName></item>\
    <item><groupId>sg-0aaaaaaaaaaaaaaa2</groupId><groupName>ssh</groupName></item></groupSet>\
    <attachment><attachmentId>eni-attach-0e8d3b7f0c0ae1c83</attachmentId>\
    <instanceId>i-0e8d3b7f0c0ae1c83</instanceId><instanceOwnerId>123456789012</instanceOwnerId>\
    <deviceIndex>0</deviceIndex><status>attached</status>\
    <attachTime>2024-05-02T09:14:27.000Z</attachTime>\
    <deleteOnTermination>true</deleteOnTermination><networkCardIndex>0</networkCardIndex>\
    </attachment>\
    <association><publicIp>203.0.113.10</publicIp>\
    <publicDnsName>ec2-203-0-113-10.compute-1.amazonaws.com</publicDnsName>\
    <ipOwnerId>amazon</ipOwnerId></association>\
    <tagSet/>\
    <privateIpAddressesSet>\
    <item><privateIpAddress>10.0.1.10</privateIpAddress>\
    <privateDnsName>ip-10-0-1-10.ec2.internal</privateDnsName><primary>true</primary>\
    <association><publicIp>203.0.113.10</publicIp>\
    <publicDnsName>ec2-203-0-113-10.compute-1.amazonaws.com</publicDnsName>\
    <ipOwnerId>amazon</ipOwnerId></association></item>\
    <item><privateIpAddress>10.0.1.11</privateIpAddress>\
    <privateDnsName>ip-10-0-1-11.ec2.internal</privateDnsName><primary>false</primary>\
    <association><publicIp>198.51.100.7</publicIp><ipOwnerId>123456789012</ipOwnerId>\
    <allocationId>eipalloc-0123456789abcdef0</allocationId>\
    <associationId>eipassoc-0123456789abcdef0</associationId></association></item>\
    <item><privateIpAddress>10.0.1.12</privateIpAddress><primary>false</primary></item>\
    </privateIpAddressesSet>\
    <ipv4PrefixSet/>\
    <ipv6AddressesSet>\
    <item><ipv6Address>2001:db8:1234:1a00::10</ipv6Address><isPrimaryIpv6>false</isPrimaryIpv6></item>\
    <item><ipv6Address>2001:db8:1234:1a00::11</ipv6Address><isPrimaryIpv6>false</isPrimaryIpv6></item>\
    </ipv6AddressesSet>\
    <interfaceType>interface</interfaceType>\
    </item>";

/// A Lambda function's interface: requester-managed, no attachment, no public or IPv6 address;
/// one address in it is unreadable.
const LAMBDA_ENI: &str = "<item>\
    <networkInterfaceId>eni-0fedcba9876543210</networkInterfaceId>\
    <subnetId>subnet-0c4b2d9e06b55f5b8</subnetId><vpcId>vpc-0a2e5e1bd0b3d7c81</vpcId>\
    <availabilityZone>us-east-1a</availabilityZone>\
    <description>AWS Lambda VPC ENI-orders-worker-5c2e7a1f-8b3d-4c1d-9e2f-0a1b2c3d4e5f</description>\
    <ownerId>123456789012</ownerId><requesterId>AROAEXAMPLEROLEID:orders-worker</requesterId>\
    <requesterManaged>true</requesterManaged><status>in-use</status>\
    <privateIpAddress>10.0.2.30</privateIpAddress><sourceDestCheck>true</sourceDestCheck>\
    <groupSet><item><groupId>sg-0aaaaaaaaaaaaaaa3</groupId><groupName>lambda</groupName></item>\
    </groupSet><tagSet/>\
    <privateIpAddressesSet><item><privateIpAddress>10.0.2.30</privateIpAddress>\
    <primary>true</primary></item>\
    <item><privateIpAddress>10.0.2.300</privateIpAddress><primary>false</primary></item>\
    </privateIpAddressesSet>\
    <ipv6AddressesSet/><interfaceType>lambda</interfaceType>\
    </item>";

#[tokio::test]
async fn describe_interfaces_follows_next_token_and_reads_every_address() {
    let (server, backend) = server_and_backend().await;
    mount_two_pages(
        &server,
        "DescribeNetworkInterfaces",
        |m| m.and(body_string_contains("MaxResults=1000")),
        &format!(
            "<networkInterfaceSet>{INSTANCE_ENI}</networkInterfaceSet><nextToken>page2</nextToken>"
        ),
        &format!("<networkInterfaceSet>{LAMBDA_ENI}</networkInterfaceSet>"),
    )
    .await;

    let first = backend
        .describe_interfaces_page(None)
        .await
        .expect("page 1");
    assert_eq!(first.next_token.as_deref(), Some("page2"));
    let second = backend
        .describe_interfaces_page(first.next_token.clone())
        .await
        .expect("page 2");
    assert_eq!(second.next_token, None);
    let ip = |s: &str| s.parse().unwrap();
    assert_eq!(
        first.items,
        [NetworkInterface {
            id: "eni-0a1b2c3d4e5f60718".into(),
            interface_type: "interface".into(),
            description: "web-1 primary".into(),
            vpc_id: Some("vpc-0a2e5e1bd0b3d7c81".into()),
            subnet_id: Some("subnet-0b3a1c8b05a44e4a7".into()),
            group_ids: vec!["sg-0aaaaaaaaaaaaaaa1".into(), "sg-0aaaaaaaaaaaaaaa2".into()],
            // The primary address, named at the top and in the list, is kept once.
            private_ips: vec![ip("10.0.1.10"), ip("10.0.1.11"), ip("10.0.1.12")],
            public_ips: vec![ip("203.0.113.10"), ip("198.51.100.7")],
            ipv6: vec![
                "2001:db8:1234:1a00::10".parse().unwrap(),
                "2001:db8:1234:1a00::11".parse().unwrap()
            ],
            attachment: Some("i-0e8d3b7f0c0ae1c83".into()),
            requester_id: None,
            status: Some("in-use".into()),
        }]
    );
    let eni = &first.items[0];
    assert!(eni.holds("10.0.1.12".parse().unwrap()));
    assert!(!eni.holds("198.51.100.7".parse().unwrap()));
    assert_eq!(
        second.items,
        [NetworkInterface {
            id: "eni-0fedcba9876543210".into(),
            interface_type: "lambda".into(),
            description: "AWS Lambda VPC ENI-orders-worker-5c2e7a1f-8b3d-4c1d-9e2f-0a1b2c3d4e5f"
                .into(),
            vpc_id: Some("vpc-0a2e5e1bd0b3d7c81".into()),
            subnet_id: Some("subnet-0c4b2d9e06b55f5b8".into()),
            group_ids: vec!["sg-0aaaaaaaaaaaaaaa3".into()],
            // 10.0.2.300 is no address: left out, not a failed page.
            private_ips: vec![ip("10.0.2.30")],
            public_ips: vec![],
            ipv6: vec![],
            attachment: None,
            requester_id: Some("AROAEXAMPLEROLEID:orders-worker".into()),
            status: Some("in-use".into()),
        }]
    );
    let sent = bodies(&server.received_requests().await.expect("recording is on"));
    assert!(sent.iter().all(|b| !b.contains("Filter.")), "{sent:?}");
}

/// One `<item>` of a `prefixListSet`.
fn prefix_list_item(id: &str, name: &str, owner: &str) -> String {
    format!(
        "<item><prefixListId>{id}</prefixListId><addressFamily>IPv4</addressFamily>\
         <state>create-complete</state>\
         <prefixListArn>arn:aws:ec2:eu-west-1:{owner}:prefix-list/{id}</prefixListArn>\
         <prefixListName>{name}</prefixListName><maxEntries>10</maxEntries>\
         <version>3</version><tagSet/><ownerId>{owner}</ownerId></item>"
    )
}

#[tokio::test]
async fn describe_prefix_lists_filters_by_id_200_at_a_time() {
    let (server, backend) = server_and_backend().await;
    let ids: Vec<String> = (1..=201).map(|i| format!("pl-{i:017x}")).collect();
    // The first 200 ids in one filter, answered in two pages; the 201st in a call of its own.
    mount_two_pages(
        &server,
        "DescribeManagedPrefixLists",
        |m| {
            m.and(body_string_contains("Filter.1.Name=prefix-list-id"))
                .and(body_string_contains(format!(
                    "Filter.1.Value.200={}",
                    ids[199]
                )))
                .and(body_string_contains("MaxResults=100"))
        },
        &format!(
            "<prefixListSet>{}</prefixListSet><nextToken>page2</nextToken>",
            prefix_list_item(&ids[0], "corporate-offices", OWNER)
        ),
        &format!(
            "<prefixListSet>{}</prefixListSet>",
            prefix_list_item(&ids[1], "com.amazonaws.eu-west-1.s3", "AWS")
        ),
    )
    .await;
    Mock::given(method("POST"))
        .and(action("DescribeManagedPrefixLists"))
        .and(body_string_contains(format!(
            "Filter.1.Value.1={}",
            ids[200]
        )))
        .respond_with(ok_xml("DescribeManagedPrefixLists", "<prefixListSet/>"))
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;

    let lists = backend
        .describe_prefix_lists(ids.clone())
        .await
        .expect("describe succeeds");
    assert_eq!(
        lists,
        [
            PrefixList {
                id: ids[0].clone(),
                name: "corporate-offices".into(),
                address_family: Some("IPv4".into()),
                max_entries: Some(10),
                owner_id: Some(OWNER.into()),
            },
            PrefixList {
                id: ids[1].clone(),
                name: "com.amazonaws.eu-west-1.s3".into(),
                address_family: Some("IPv4".into()),
                max_entries: Some(10),
                owner_id: Some("AWS".into()),
            }
        ]
    );
    let sent = bodies(&server.received_requests().await.expect("recording is on"));
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert!(sent.iter().all(|b| !b.contains("Filter.1.Value.201=")));
    // No ids, no call.
    assert_eq!(backend.describe_prefix_lists(vec![]).await, Ok(vec![]));
}

#[tokio::test]
async fn prefix_list_entries_follow_next_token_and_skip_unreadable_cidrs() {
    let (server, backend) = server_and_backend().await;
    mount_two_pages(
        &server,
        "GetManagedPrefixListEntries",
        |m| {
            m.and(body_string_contains("PrefixListId=pl-0a1b2c3d4e5f60718"))
                .and(body_string_contains("MaxResults=100"))
        },
        "<entrySet><item><cidr>198.51.100.0/24</cidr><description>Dublin office</description>\
         </item><item><cidr>203.0.113.0/25</cidr><description></description></item>\
         </entrySet><nextToken>page2</nextToken>",
        "<entrySet><item><cidr>2001:db8:1234::/48</cidr><description>office v6</description>\
         </item><item><cidr>192.0.2.0/33</cidr><description>broken</description></item>\
         <item><cidr>192.0.2.64/27</cidr></item></entrySet>",
    )
    .await;

    let entries = backend
        .prefix_list_entries("pl-0a1b2c3d4e5f60718".into())
        .await
        .expect("entries");
    let entry = |cidr: &str, description: Option<&str>| PrefixListEntry {
        cidr: cidr.parse().unwrap(),
        description: description.map(str::to_string),
    };
    assert_eq!(
        entries,
        [
            entry("198.51.100.0/24", Some("Dublin office")),
            // An empty description is no description.
            entry("203.0.113.0/25", None),
            entry("2001:db8:1234::/48", Some("office v6")),
            // 192.0.2.0/33 is no CIDR: left out.
            entry("192.0.2.64/27", None),
        ]
    );
}

#[tokio::test]
async fn an_unknown_prefix_list_is_not_found() {
    let (server, backend) = server_and_backend().await;
    Mock::given(method("POST"))
        .and(action("GetManagedPrefixListEntries"))
        .respond_with(error_xml(
            400,
            "InvalidPrefixListID.NotFound",
            "The prefix list ID 'pl-0fedcba9876543210' does not exist",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let err = backend
        .prefix_list_entries("pl-0fedcba9876543210".into())
        .await
        .expect_err("an unknown list");
    assert_eq!(err.code, codes::PREFIX_LIST_NOT_FOUND, "{err}");
    assert!(err.message.contains("pl-0fedcba9876543210"), "{err}");
    assert!(err.hint().contains("prefix list"), "{}", err.hint());
}

// ---------------------------------------------------------------------------------------------
// 11. Stale groups (DescribeStaleSecurityGroups), which moto does not answer
// ---------------------------------------------------------------------------------------------

const STAGING_VPC: &str = "vpc-0d9987d5ae889d744";
const PROD_VPC: &str = "vpc-0b873741c03378b7d";
const PEERING: &str = "pcx-0c7a4e1f2b3d5a6e8";

/// One `UserIdGroupPair` of a stale rule: a group of the prod VPC, across the peering.
fn stale_pair_item(group_id: &str, extra: &str) -> String {
    format!(
        "<item><groupId>{group_id}</groupId><userId>{OWNER}</userId><vpcId>{PROD_VPC}</vpcId>\
         <vpcPeeringConnectionId>{PEERING}</vpcPeeringConnectionId>\
         <peeringStatus>active</peeringStatus>{extra}</item>"
    )
}

/// One `<item>` of a `staleSecurityGroupSet`.
fn stale_group_item(id: &str, name: &str, inbound: &str, outbound: &str) -> String {
    format!(
        "<item><staleIpPermissions>{inbound}</staleIpPermissions>\
         <groupId>{id}</groupId><groupName>{name}</groupName>\
         <description>{name} servers</description><vpcId>{STAGING_VPC}</vpcId>\
         <staleIpPermissionsEgress>{outbound}</staleIpPermissionsEgress></item>"
    )
}

fn stale_pair(group_id: &str, group_name: Option<&str>) -> StaleGroupPair {
    StaleGroupPair {
        group_id: group_id.into(),
        group_name: group_name.map(str::to_string),
        user_id: Some(OWNER.into()),
        vpc_id: Some(PROD_VPC.into()),
        vpc_peering_connection_id: Some(PEERING.into()),
        peering_status: Some("active".into()),
    }
}

fn to_group(group_id: &str) -> Peer {
    Peer::Group(GroupRef {
        group_id: group_id.into(),
        user_id: Some(OWNER.into()),
        vpc_id: Some(PROD_VPC.into()),
        peering_status: Some("active".into()),
    })
}

#[tokio::test]
async fn describe_stale_groups_follows_next_token_and_reads_every_field() {
    let (server, backend) = server_and_backend().await;
    let first = stale_group_item(
        "sg-0275844d5b95500ba",
        "staging-db",
        &format!(
            "<item><fromPort>5432</fromPort><toPort>5432</toPort><ipProtocol>tcp</ipProtocol>\
             <groups>{}{}</groups></item>",
            stale_pair_item("sg-0e5b1c9d7a3f24e68", ""),
            stale_pair_item(
                "sg-0f1e2d3c4b5a69788",
                "<groupName>reporting-bi</groupName>"
            ),
        ),
        "",
    );
    let second = stale_group_item(
        "sg-038b6ce52410258f6",
        "staging-web",
        &format!(
            "<item><fromPort>8</fromPort><toPort>-1</toPort><ipProtocol>icmp</ipProtocol>\
             <groups>{}</groups>\
             <ipRanges><item>10.20.0.0/16</item></ipRanges>\
             <prefixListIds><item>pl-0a1b2c3d4e5f60718</item></prefixListIds></item>",
            stale_pair_item("sg-0e5b1c9d7a3f24e68", ""),
        ),
        &format!(
            "<item><fromPort>8443</fromPort><toPort>8443</toPort><ipProtocol>6</ipProtocol>\
             <groups>{}</groups></item>",
            stale_pair_item("sg-07c3e9a1b5d2f4c86", ""),
        ),
    );
    mount_two_pages(
        &server,
        "DescribeStaleSecurityGroups",
        |m| {
            m.and(body_string_contains(format!("VpcId={STAGING_VPC}")))
                .and(body_string_contains("MaxResults=255"))
        },
        &format!(
            "<staleSecurityGroupSet>{first}</staleSecurityGroupSet><nextToken>page2</nextToken>"
        ),
        &format!("<staleSecurityGroupSet>{second}</staleSecurityGroupSet>"),
    )
    .await;

    let pages = collect_pages(&backend).await;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].next_token.as_deref(), Some("page2"));
    assert_eq!(pages[1].next_token, None);
    let db = StaleGroup {
        id: "sg-0275844d5b95500ba".into(),
        name: "staging-db".into(),
        vpc_id: Some(STAGING_VPC.into()),
        description: "staging-db servers".into(),
        inbound: vec![StaleRule {
            protocol: Protocol::Tcp,
            ports: PortRange::new(5432, 5432),
            groups: vec![
                stale_pair("sg-0e5b1c9d7a3f24e68", None),
                stale_pair("sg-0f1e2d3c4b5a69788", Some("reporting-bi")),
            ],
            prefix_list_ids: vec![],
            ip_ranges: vec![],
        }],
        outbound: vec![],
    };
    let web = StaleGroup {
        id: "sg-038b6ce52410258f6".into(),
        name: "staging-web".into(),
        vpc_id: Some(STAGING_VPC.into()),
        description: "staging-web servers".into(),
        inbound: vec![StaleRule {
            protocol: Protocol::Icmp,
            ports: PortRange::new(8, -1),
            groups: vec![stale_pair("sg-0e5b1c9d7a3f24e68", None)],
            prefix_list_ids: vec!["pl-0a1b2c3d4e5f60718".into()],
            ip_ranges: vec!["10.20.0.0/16".into()],
        }],
        outbound: vec![StaleRule {
            protocol: Protocol::Tcp,
            ports: PortRange::new(8443, 8443),
            groups: vec![stale_pair("sg-07c3e9a1b5d2f4c86", None)],
            prefix_list_ids: vec![],
            ip_ranges: vec![],
        }],
    };
    assert_eq!(pages[0].items, std::slice::from_ref(&db));
    assert_eq!(pages[1].items, std::slice::from_ref(&web));

    // The rules of the inventory that these answers make stale.
    let mut bi = rule("sgr-1", Direction::Inbound, 5432, "10.0.0.0/8");
    bi.group_id = db.id.clone();
    bi.peer = to_group("sg-0f1e2d3c4b5a69788");
    assert!(db.is_stale(&bi));
    let mut out = rule("sgr-2", Direction::Outbound, 8443, "10.0.0.0/8");
    out.group_id = web.id.clone();
    out.peer = to_group("sg-07c3e9a1b5d2f4c86");
    assert!(web.is_stale(&out));
    out.direction = Direction::Inbound;
    assert!(!web.is_stale(&out), "stale outbound only");
}

async fn collect_pages(backend: &AwsEc2) -> Vec<Page<StaleGroup>> {
    pages(|token| backend.describe_stale_groups_page(STAGING_VPC.into(), token))
        .try_collect()
        .await
        .expect("every page")
}

#[tokio::test]
async fn an_empty_stale_answer_is_one_empty_page() {
    for empty in [
        "<staleSecurityGroupSet/>",
        "<staleSecurityGroupSet></staleSecurityGroupSet>",
        "",
    ] {
        let (server, backend) = server_and_backend().await;
        Mock::given(method("POST"))
            .and(action("DescribeStaleSecurityGroups"))
            .respond_with(ok_xml("DescribeStaleSecurityGroups", empty))
            .expect(1)
            .mount(&server)
            .await;
        let pages = collect_pages(&backend).await;
        assert_eq!(
            pages,
            [Page {
                items: vec![],
                next_token: None
            }],
            "{empty:?}"
        );
    }
}

#[tokio::test]
async fn a_stale_all_traffic_rule_has_no_ports() {
    let (server, backend) = server_and_backend().await;
    let group = stale_group_item(
        "sg-0275844d5b95500ba",
        "staging-db",
        "",
        &format!(
            "<item><ipProtocol>-1</ipProtocol><groups>{}</groups></item>",
            stale_pair_item("sg-0e5b1c9d7a3f24e68", "")
        ),
    );
    Mock::given(method("POST"))
        .and(action("DescribeStaleSecurityGroups"))
        .respond_with(ok_xml(
            "DescribeStaleSecurityGroups",
            &format!("<staleSecurityGroupSet>{group}</staleSecurityGroupSet><nextToken/>"),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let pages = collect_pages(&backend).await;
    assert_eq!(pages.len(), 1, "an empty nextToken ends the walk");
    let stale = &pages[0].items[0];
    assert!(stale.inbound.is_empty());
    let all = &stale.outbound[0];
    assert_eq!((all.protocol, all.ports), (Protocol::All, PortRange::ANY));
    assert_eq!(all.protocol_ports(), "all traffic");
    // Whatever ports the inventory's rule carries, all traffic is all traffic.
    let mut rule = rule("sgr-3", Direction::Outbound, 0, "10.0.0.0/8");
    rule.group_id = stale.id.clone();
    rule.protocol = Protocol::All;
    rule.peer = to_group("sg-0e5b1c9d7a3f24e68");
    assert!(stale.is_stale(&rule));
}

/// moto 5.2.5's answer to an action it does not implement (measured): HTTP 500 and this page.
const MOTO_NOT_IMPLEMENTED: &str = "<!doctype html>\n<html lang=en>\n\
    <title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n\
    <p>The server encountered an internal error and was unable to complete your request. \
    Either the server is overloaded or there is an error in the application.</p>\n";

#[tokio::test]
async fn an_endpoint_without_the_call_says_so_and_other_failures_keep_their_code() {
    let html = |status: u16| {
        ResponseTemplate::new(status).set_body_raw(MOTO_NOT_IMPLEMENTED, "text/html; charset=utf-8")
    };
    let cases = [
        (
            "moto's HTML page",
            html(500),
            codes::NOT_SUPPORTED_BY_ENDPOINT,
        ),
        (
            "EC2's unknown action",
            error_xml(
                400,
                "InvalidAction",
                "The action DescribeStaleSecurityGroups is not valid for this web service.",
            ),
            codes::NOT_SUPPORTED_BY_ENDPOINT,
        ),
        ("a 501 page", html(501), codes::NOT_SUPPORTED_BY_ENDPOINT),
        ("a gateway's 502 page", html(502), codes::UNREADABLE),
        ("a 200 page", html(200), codes::UNREADABLE),
        (
            "an unknown VPC",
            error_xml(
                400,
                "InvalidVpcID.NotFound",
                "The vpc ID 'vpc-0d9987d5ae889d744' does not exist",
            ),
            codes::VPC_NOT_FOUND,
        ),
        (
            "a denial",
            error_xml(403, "UnauthorizedOperation", "You are not authorized."),
            codes::UNAUTHORIZED,
        ),
    ];
    for (what, answer, code) in cases {
        let (server, backend) = server_and_backend().await;
        Mock::given(method("POST"))
            .and(action("DescribeStaleSecurityGroups"))
            .respond_with(answer)
            .mount(&server)
            .await;
        let err = backend
            .describe_stale_groups_page(STAGING_VPC.into(), None)
            .await
            .expect_err(what);
        assert_eq!(err.code, code, "{what}: {err:?}");
        if code == codes::NOT_SUPPORTED_BY_ENDPOINT {
            assert!(err.is_not_supported_by_endpoint());
            assert!(
                err.message
                    .starts_with("this endpoint does not answer DescribeStaleSecurityGroups ("),
                "{what}: {err:?}"
            );
            assert!(err.hint().contains("lacks the call"), "{}", err.hint());
        } else {
            assert!(!err.is_not_supported_by_endpoint(), "{what}");
        }
    }
}

/// A backend aimed at `endpoint` that retries as the application does (3 attempts), quickly.
async fn retrying_backend_at(endpoint: &str) -> AwsEc2 {
    let config = aws_config::defaults(BehaviorVersion::latest())
        .test_credentials()
        .region(Region::new("us-east-1"))
        .endpoint_url(endpoint)
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(3)
                .with_initial_backoff(std::time::Duration::from_millis(10)),
        )
        .load()
        .await;
    AwsEc2::from_sdk_config(&config)
}

#[tokio::test]
async fn a_page_that_is_no_ec2_failure_is_not_retried_but_ec2s_own_500_is() {
    let html = ResponseTemplate::new(500).set_body_raw(MOTO_NOT_IMPLEMENTED, "text/html");
    let internal = error_xml(500, "InternalError", "An internal error has occurred");
    let gateway = ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html");
    for (what, answer, attempts) in [
        ("moto's page", html, 1),
        ("EC2's InternalError", internal, 3),
        ("a gateway", gateway, 3),
    ] {
        let server = MockServer::start().await;
        let backend = retrying_backend_at(&server.uri()).await;
        let mut notices = backend
            .notices()
            .expect("the SDK backend tells about retries");
        Mock::given(method("POST"))
            .and(action("DescribeStaleSecurityGroups"))
            .respond_with(answer)
            .mount(&server)
            .await;
        backend
            .describe_stale_groups_page(STAGING_VPC.into(), None)
            .await
            .expect_err(what);
        let sent = server.received_requests().await.expect("recording is on");
        assert_eq!(sent.len(), attempts, "{what}");
        assert_eq!(
            notices.try_recv().is_ok(),
            attempts > 1,
            "{what}: a retry is announced"
        );
    }
}
