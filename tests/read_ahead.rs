//! The SDK backend's listings of rules and of groups read each page while the one before is
//! decoded (`Ec2::rules_pages`, `Ec2::groups_pages`): against a server shaped like EC2, the
//! pages come in order, each asked for once, an error ends the listing, and a page that
//! quick-xml does not read is judged by the SDK's reader as before.

use aws_config::{BehaviorVersion, Region, retry::RetryConfig};
use futures::StreamExt;
use sgtui::ec2::{ApiError, AwsEc2, Ec2, Page, codes, collect_all};
use sgtui::model::{Rule, SecurityGroup};
use wiremock::matchers::{body_string_contains, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";

fn answer(items: &str, next: Option<&str>) -> ResponseTemplate {
    let next = next
        .map(|t| format!("<nextToken>{t}</nextToken>"))
        .unwrap_or_default();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeSecurityGroupRulesResponse \
         xmlns=\"{NS}\"><requestId>r</requestId><securityGroupRuleSet>{items}\
         </securityGroupRuleSet>{next}</DescribeSecurityGroupRulesResponse>"
    );
    ResponseTemplate::new(200).set_body_raw(body, "text/xml;charset=UTF-8")
}

fn rule(n: u32, description: &str) -> String {
    format!(
        "<item><securityGroupRuleId>sgr-{n:017}</securityGroupRuleId>\
         <groupId>sg-0a1b2c3d4e5f60718</groupId><groupOwnerId>123456789012</groupOwnerId>\
         <isEgress>false</isEgress><ipProtocol>tcp</ipProtocol><fromPort>{n}</fromPort>\
         <toPort>{n}</toPort><cidrIpv4>10.0.0.0/8</cidrIpv4>\
         <description>{description}</description></item>"
    )
}

/// A server whose listing has three pages (tokens `p2`, `p3`), the second answered by
/// `second`; and a backend on it that tries each call once.
async fn three_pages(second: ResponseTemplate) -> (MockServer, AwsEc2) {
    let first = answer(&(rule(1, "a &amp; b") + &rule(2, "b")), Some("p2"));
    let third = answer(&(rule(5, "e") + &rule(6, "f")), None);
    serving(
        "DescribeSecurityGroupRules",
        [first, second, third],
        ["p2", "p3"],
    )
    .await
}

/// A server whose `action` answers `pages` in turn, the second and third asked for with
/// `tokens`; and a backend on it that tries each call once.
async fn serving(
    action: &str,
    pages: [ResponseTemplate; 3],
    tokens: [&str; 2],
) -> (MockServer, AwsEc2) {
    let server = MockServer::start().await;
    let [first, second, third] = pages;
    let asked = [
        (format!("NextToken={}", tokens[1]), third),
        (format!("NextToken={}", tokens[0]), second),
        (format!("Action={action}&"), first),
    ];
    // The most particular first: a page's token, then the first page (no token).
    for (priority, (matching, template)) in asked.into_iter().enumerate() {
        Mock::given(method("POST"))
            .and(body_string_contains(format!("Action={action}&")))
            .and(body_string_contains(matching))
            .respond_with(template)
            .with_priority(priority as u8 + 1)
            .mount(&server)
            .await;
    }
    let config = aws_config::defaults(BehaviorVersion::latest())
        .test_credentials()
        .region(Region::new("us-east-1"))
        .endpoint_url(server.uri())
        .retry_config(RetryConfig::standard().with_max_attempts(1))
        .load()
        .await;
    (server, AwsEc2::from_sdk_config(&config))
}

async fn read_ahead(backend: &AwsEc2) -> Vec<Result<Page<Rule>, ApiError>> {
    backend.rules_pages().collect().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_come_in_order_each_asked_for_once_as_page_by_page() {
    let (server, backend) = three_pages(answer(&(rule(3, "c") + &rule(4, "d")), Some("p3"))).await;
    let pages: Vec<Page<Rule>> = read_ahead(&backend)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let tokens: Vec<Option<&str>> = pages.iter().map(|p| p.next_token.as_deref()).collect();
    assert_eq!(tokens, [Some("p2"), Some("p3"), None]);
    let ahead: Vec<Rule> = pages.into_iter().flat_map(|p| p.items).collect();
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    let one_by_one = collect_all(|token| backend.describe_rules_page(token))
        .await
        .unwrap();
    assert_eq!(ahead, one_by_one);
    let ports: Vec<i32> = ahead.iter().map(|r| r.ports.from).collect();
    assert_eq!(ports, [1, 2, 3, 4, 5, 6]);
    assert_eq!(ahead[0].description.as_deref(), Some("a & b"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_ends_the_listing() {
    let denied = ResponseTemplate::new(403).set_body_raw(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>\
         <Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this \
         operation.</Message></Error></Errors><RequestID>r</RequestID></Response>",
        "text/xml;charset=UTF-8",
    );
    let (server, backend) = three_pages(denied).await;
    let pages = read_ahead(&backend).await;
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert!(pages[0].is_ok());
    assert_eq!(pages[1].as_ref().unwrap_err().code, "UnauthorizedOperation");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "nothing after it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_quick_xml_does_not_read_is_judged_by_the_sdk() {
    // A raw control character, which XML 1.0 does not allow.
    let hostile = answer(&(rule(3, "evil \u{1b}[2J") + &rule(4, "d")), Some("p3"));
    let (_server, backend) = three_pages(hostile).await;
    let pages = read_ahead(&backend).await;
    assert!(pages[0].is_ok());
    let err = pages[1].as_ref().unwrap_err();
    assert_eq!(err.code, codes::UNREADABLE, "{err:?}");
    assert_eq!(pages.len(), 2, "the listing ends at the error");
}

/// A `DescribeSecurityGroups` answer holding `items`.
fn groups_answer(items: &str, next: Option<&str>) -> ResponseTemplate {
    let next = next
        .map(|t| format!("<nextToken>{t}</nextToken>"))
        .unwrap_or_default();
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeSecurityGroupsResponse \
         xmlns=\"{NS}\"><requestId>r</requestId><securityGroupInfo>{items}\
         </securityGroupInfo>{next}</DescribeSecurityGroupsResponse>"
    );
    ResponseTemplate::new(200).set_body_raw(body, "text/xml;charset=UTF-8")
}

fn group(n: u32, name: &str) -> String {
    format!(
        "<item><ownerId>123456789012</ownerId><groupId>sg-{n:017}</groupId>\
         <groupName>{name}</groupName><groupDescription>tier {n}</groupDescription>\
         <vpcId>vpc-0a1b2c3d</vpcId><ipPermissions><item><ipProtocol>tcp</ipProtocol>\
         <fromPort>{n}</fromPort><toPort>{n}</toPort><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp>\
         </item></ipRanges></item></ipPermissions><ipPermissionsEgress/></item>"
    )
}

/// A server whose groups listing has three pages (tokens `g2`, `g3`), the second answered by
/// `second`.
async fn three_pages_of_groups(second: ResponseTemplate) -> (MockServer, AwsEc2) {
    let first = groups_answer(&(group(1, "a &amp; b") + &group(2, "b")), Some("g2"));
    let third = groups_answer(&group(5, "e"), None);
    serving(
        "DescribeSecurityGroups",
        [first, second, third],
        ["g2", "g3"],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn groups_come_in_order_each_page_asked_for_once_as_page_by_page() {
    let (server, backend) =
        three_pages_of_groups(groups_answer(&(group(3, "c") + &group(4, "d")), Some("g3"))).await;
    let pages: Vec<Page<SecurityGroup>> = (backend.groups_pages().collect::<Vec<_>>().await)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let tokens: Vec<Option<&str>> = pages.iter().map(|p| p.next_token.as_deref()).collect();
    assert_eq!(tokens, [Some("g2"), Some("g3"), None]);
    let ahead: Vec<SecurityGroup> = pages.into_iter().flat_map(|p| p.items).collect();
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    let one_by_one = collect_all(|token| backend.describe_groups_page(token))
        .await
        .unwrap();
    assert_eq!(ahead, one_by_one);
    let names: Vec<&str> = ahead.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["a & b", "b", "c", "d", "e"]);
    assert!(ahead.iter().all(|g| g.listed_rules == Some(1)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_groups_page_that_fails_or_quick_xml_does_not_read_ends_the_listing_as_the_sdk_says() {
    let denied = ResponseTemplate::new(403).set_body_raw(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>\
         <Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this \
         operation.</Message></Error></Errors><RequestID>r</RequestID></Response>",
        "text/xml;charset=UTF-8",
    );
    let hostile = groups_answer(&(group(3, "evil \u{1b}[2J") + &group(4, "d")), Some("g3"));
    for (second, code) in [
        (denied, "UnauthorizedOperation"),
        (hostile, codes::UNREADABLE),
    ] {
        let (server, backend) = three_pages_of_groups(second).await;
        let pages: Vec<_> = backend.groups_pages().collect().await;
        assert_eq!(pages.len(), 2, "{pages:?}");
        assert!(pages[0].is_ok());
        assert_eq!(pages[1].as_ref().unwrap_err().code, code);
        let asked = server.received_requests().await.unwrap().len();
        // A failed call ends the reading. An unreadable page's token was read without decoding
        // it, so the page after it was asked for already; the unreadable one is asked for once
        // more, for the SDK's reader to judge, and nothing after that.
        let expected = if code == codes::UNREADABLE { 4 } else { 2 };
        assert_eq!(asked, expected, "nothing after the failed page");
    }
}
