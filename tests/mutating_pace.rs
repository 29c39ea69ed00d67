//! The SDK backend keeps its mutating calls under EC2's bucket (50 at once, then 5 a second),
//! dry runs included: against a local server that answers every call at once, the calls beyond
//! the first 50 still wait their turn. (The bucket's arithmetic is tested on paused time in
//! `src/ec2/pace.rs`; this shows the SDK backend goes through it.)

use std::time::{Duration, Instant};

use aws_config::{BehaviorVersion, Region, retry::RetryConfig};
use sgtui::ec2::{AwsEc2, DryRunVerdict, Ec2, MUTATING_BURST, MUTATING_PER_SECOND, RevokeRequest};
use sgtui::model::Direction;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// EC2's answer to an allowed dry run.
fn dry_run_allowed() -> ResponseTemplate {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>\
                <Code>DryRunOperation</Code><Message>Request would have succeeded, but DryRun \
                flag is set.</Message></Error></Errors><RequestID>0c6fd5c8-1a2b-4c3d-9e8f-\
                0123456789ab</RequestID></Response>";
    ResponseTemplate::new(412).set_body_raw(body, "text/xml;charset=UTF-8")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_beyond_the_burst_go_at_five_a_second() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(dry_run_allowed())
        .mount(&server)
        .await;
    let config = aws_config::defaults(BehaviorVersion::latest())
        .test_credentials()
        .region(Region::new("us-east-1"))
        .endpoint_url(server.uri())
        .retry_config(RetryConfig::standard().with_max_attempts(1))
        .load()
        .await;
    let backend = AwsEc2::from_sdk_config(&config);

    let beyond = 5;
    let calls = MUTATING_BURST as usize + beyond;
    let started = Instant::now();
    let answers = futures::future::join_all((0..calls).map(|i| {
        let request = RevokeRequest::by_ids(
            format!("sg-{:017x}", i + 1),
            Direction::Inbound,
            vec![format!("sgr-{:017x}", i + 1)],
        );
        backend.revoke(request, true)
    }))
    .await;
    let took = started.elapsed();

    assert!(
        answers
            .into_iter()
            .all(|a| DryRunVerdict::from_result(a) == DryRunVerdict::Allowed)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), calls);
    // The burst goes at once; each call beyond it waits a fifth of a second for its token.
    let paced = Duration::from_secs(1) / MUTATING_PER_SECOND * beyond as u32;
    assert!(
        took >= paced - Duration::from_millis(20),
        "{calls} calls took {took:?}, less than the {paced:?} the bucket allows"
    );
}
