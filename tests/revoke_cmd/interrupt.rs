//! Ctrl-C while a confirmed revoke's calls are under way: against a server shaped like EC2 whose
//! revoke (not its dry run) never answers, the batch's intent is followed in the journal by an
//! abort, and the exit code says it was interrupted.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use sgtui::journal::Entry;
use wiremock::matchers::{body_string_contains, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::User;
use crate::common::binary::{MOTO_CREDENTIALS, bare_environment};

const NS: &str = "http://ec2.amazonaws.com/doc/2016-11-15/";
const OWNER: &str = "123456789012";
const GROUP: &str = "sg-0123456789abcdef0";
const RULE: &str = "sgr-0123456789abcdef0";

fn ok_xml(action: &str, inner: &str) -> ResponseTemplate {
    let body = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{action}Response xmlns=\"{NS}\">\
         <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>{inner}</{action}Response>"
    );
    ResponseTemplate::new(200).set_body_raw(body, "text/xml;charset=UTF-8")
}

fn dry_run_allowed() -> ResponseTemplate {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>\
                <Code>DryRunOperation</Code><Message>Request would have succeeded, but DryRun \
                flag is set.</Message></Error></Errors><RequestID>0c6fd5c8-1a2b-4c3d-9e8f-\
                0123456789ab</RequestID></Response>";
    ResponseTemplate::new(412).set_body_raw(body, "text/xml;charset=UTF-8")
}

/// One group with one inbound rule (ssh from anywhere); revokes dry-run as allowed, and sent
/// for real never answer.
async fn ec2_whose_revokes_hang() -> MockServer {
    let server = MockServer::start().await;
    let answers = [
        (
            "DescribeSecurityGroups",
            format!(
                "<securityGroupInfo><item><ownerId>{OWNER}</ownerId><groupId>{GROUP}</groupId>\
                 <groupName>web</groupName><groupDescription>web</groupDescription>\
                 <vpcId>vpc-0123456789abcdef0</vpcId><ipPermissions><item>\
                 <ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort>\
                 <groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>\
                 <ipv6Ranges/><prefixListIds/></item></ipPermissions><ipPermissionsEgress/>\
                 </item></securityGroupInfo>"
            ),
        ),
        (
            "DescribeSecurityGroupRules",
            format!(
                "<securityGroupRuleSet><item><securityGroupRuleId>{RULE}</securityGroupRuleId>\
                 <groupId>{GROUP}</groupId><groupOwnerId>{OWNER}</groupOwnerId>\
                 <isEgress>false</isEgress><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort>\
                 <toPort>22</toPort><cidrIpv4>0.0.0.0/0</cidrIpv4></item></securityGroupRuleSet>"
            ),
        ),
        (
            "DescribeStaleSecurityGroups",
            "<staleSecurityGroupSet/>".to_string(),
        ),
        (
            "DescribeNetworkInterfaces",
            "<networkInterfaceSet/>".to_string(),
        ),
    ];
    for (action, inner) in answers {
        Mock::given(method("POST"))
            .and(body_string_contains(format!("Action={action}&")))
            .respond_with(ok_xml(action, &inner))
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(body_string_contains("Action=RevokeSecurityGroupIngress&"))
        .and(body_string_contains("DryRun=true"))
        .respond_with(dry_run_allowed())
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_string_contains("Action=RevokeSecurityGroupIngress&"))
        .respond_with(ok_xml("RevokeSecurityGroupIngress", "").set_delay(Duration::from_secs(600)))
        .mount(&server)
        .await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_while_the_calls_are_under_way_journals_the_batch_as_aborted() {
    let server = ec2_whose_revokes_hang().await;
    let user = User::new();
    let journal = user.journal();
    let mut command = Command::new(env!("CARGO_BIN_EXE_sgtui"));
    command
        .args([
            "revoke",
            "--rule-id",
            RULE,
            "--yes",
            "--region",
            "us-east-1",
        ])
        .args(["--endpoint-url", &server.uri(), "--journal"])
        .arg(&journal)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in bare_environment(user.home.path()) {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    command.envs(MOTO_CREDENTIALS);
    let mut child = command.spawn().expect("run sgtui");
    let pid = child.id().to_string();
    let stderr = child.stderr.take().unwrap();

    let said = tokio::task::spawn_blocking(move || {
        let mut lines = BufReader::new(stderr).lines();
        let mut said = Vec::new();
        // Once the intent is journaled and the calls are sent, Ctrl-C.
        for line in lines.by_ref() {
            let line = line.unwrap();
            let sending = line.contains("sending 1 call(s)");
            said.push(line);
            if sending {
                std::thread::sleep(Duration::from_millis(300));
                let status = Command::new("kill").args(["-INT", &pid]).status().unwrap();
                assert!(status.success());
                break;
            }
        }
        said.extend(lines.map(Result::unwrap));
        said
    })
    .await
    .unwrap();
    let out = child.wait_with_output().unwrap();
    let said = said.join("\n");
    assert_eq!(out.status.code(), Some(130), "{said}");
    assert!(said.contains("sgtui: interrupted: batch "), "{said}");
    assert!(said.contains("journaled as aborted"), "{said}");

    match &user.entries()[..] {
        [Entry::Intent(intent), Entry::Aborted(aborted)] => {
            assert_eq!(intent.batch, aborted.batch);
            assert!(aborted.reason.contains("Ctrl-C"), "{}", aborted.reason);
        }
        other => panic!("not an intent then its abort: {other:?}"),
    }
    // The dry run, then the revoke that never answered.
    let revokes = (server.received_requests().await.unwrap().iter())
        .filter(|r| String::from_utf8_lossy(&r.body).contains("Action=RevokeSecurityGroupIngress&"))
        .count();
    assert_eq!(revokes, 2);
}
