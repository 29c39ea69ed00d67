//! Loading the SDK's configuration and building its client: few retries, short timeouts, two
//! interceptors, one retry classifier; and SDK errors turned into [`ApiError`]s worth showing.

use std::time::Duration;

use aws_config::{BehaviorVersion, Region, SdkConfig, retry::RetryConfig, timeout::TimeoutConfig};
use aws_sdk_ec2::{
    Client,
    config::{
        ConfigBag, Intercept, RuntimeComponents,
        interceptors::{
            AfterDeserializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
        },
    },
    error::BoxError,
    error::{DisplayErrorContext, ProvideErrorMetadata, SdkError},
};
use aws_smithy_http_client::{proxy::ProxyConfig, tls};
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_smithy_runtime_api::client::{
    interceptors::context::InterceptorContext,
    orchestrator::{HttpResponse, Metadata},
    retries::{
        RequestAttempts,
        classifiers::{ClassifyRetry, RetryAction, RetryClassifierPriority},
    },
};
use tokio::sync::broadcast;

use super::AwsOptions;
use crate::ec2::{ApiError, codes};

/// Attempts per call: few, so that an interactive tool fails fast and says so. Retries are
/// adaptive: after a throttling answer the client sends more slowly, as EC2 asks.
const MAX_ATTEMPTS: u32 = 3;

/// Longest message kept from an SDK error; the full text goes to the log.
const MESSAGE_LIMIT: usize = 300;

pub(super) async fn load_config(options: &AwsOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::adaptive().with_max_attempts(MAX_ATTEMPTS))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(3))
                .operation_attempt_timeout(Duration::from_secs(10))
                .build(),
        );
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(region) = &options.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// A client that also refuses answers cut off before their closing tag, says when it retries a
/// call, and does not retry an endpoint's page that is no EC2 failure.
pub(super) fn client_of(config: &SdkConfig, retries: &broadcast::Sender<String>) -> Client {
    let mut conf = aws_sdk_ec2::config::Builder::from(config);
    // One HTTP client of our own unless the configuration names one (a test's): the pages of
    // rules are each sent through a client wrapping it, which needs it by name.
    if config.http_client().is_none() {
        conf = conf.http_client(https_client());
    }
    let conf = conf
        .interceptor(WholeAnswer)
        .interceptor(RetryNotice(retries.clone()))
        .retry_classifier(NotAnEc2Failure)
        .build();
    Client::from_conf(conf)
}

/// The SDK's default HTTPS client, as its default plugin makes it: hyper with rustls and
/// aws-lc, the connector settings and sleep of the call, and the proxy the environment names.
fn https_client() -> SharedHttpClient {
    aws_smithy_http_client::Builder::new().build_with_connector_fn(|settings, components| {
        let mut connector = aws_smithy_http_client::ConnectorBuilder::default().tls_provider(
            tls::Provider::Rustls(tls::rustls_provider::CryptoMode::AwsLc),
        );
        connector.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            connector.set_sleep_impl(components.sleep_impl());
        }
        connector.set_proxy_config(Some(ProxyConfig::from_env()));
        connector.build()
    })
}

/// An HTTP 500 or 501 whose body is not EC2's error XML (no `<Errors>`) is no passing EC2
/// failure: the endpoint lacks the call (moto answers so) or crashed on it, and would answer the
/// same again. It is not retried, so that it is said at once rather than after the retries.
/// EC2's own `InternalError` and gateway failures (502–504) are retried as before.
#[derive(Debug)]
struct NotAnEc2Failure;

impl ClassifyRetry for NotAnEc2Failure {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(response) = ctx.response() else {
            return RetryAction::NoActionIndicated;
        };
        // Every answer passes here, some of them megabytes long: read the body of a 500 only.
        if !matches!(response.status().as_u16(), 500 | 501) {
            return RetryAction::NoActionIndicated;
        }
        let body = response.body().bytes().unwrap_or_default();
        let ec2_error = body.windows(b"<Errors>".len()).any(|w| w == b"<Errors>");
        if !ec2_error {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "sgtui::NotAnEc2Failure"
    }

    fn priority(&self) -> RetryClassifierPriority {
        // After the SDK's own classifiers, which retry every 500.
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// Before every attempt but the first, says which call is retried: throttling
/// (`RequestLimitExceeded`) and failed attempts are retried by the SDK, and the user should
/// see that rather than a frozen spinner.
#[derive(Debug)]
struct RetryNotice(broadcast::Sender<String>);

impl Intercept for RetryNotice {
    fn name(&self) -> &'static str {
        "sgtui::RetryNotice"
    }

    fn read_before_attempt(
        &self,
        _: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let attempt = cfg
            .load::<RequestAttempts>()
            .map_or(1, RequestAttempts::attempts);
        if attempt > 1 {
            let call = cfg.load::<Metadata>().map_or("a call", Metadata::name);
            let _ = self.0.send(format!(
                "EC2 is throttling or failed {call}; retrying (attempt {attempt} of {MAX_ATTEMPTS})…"
            ));
        }
        Ok(())
    }
}

/// The SDK's XML reader accepts a body that stops mid-document, which would turn a cut-off
/// answer into a silently short page. Every EC2 answer ends with `</…Response>`: check that.
#[derive(Debug)]
struct WholeAnswer;

impl Intercept for WholeAnswer {
    fn name(&self) -> &'static str {
        "sgtui::WholeAnswer"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        _: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let body = context.response().body().bytes().unwrap_or_default();
        let end = body.trim_ascii_end();
        if end.is_empty() || end.ends_with(b"Response>") {
            Ok(())
        } else {
            Err("the answer ends before its closing </...Response> tag".into())
        }
    }
}

/// Turns an SDK error into a code and a short message worth showing. The full context (which
/// may hold a whole response body) goes to the log only.
pub(super) fn api_error<E, R>(err: SdkError<E, R>) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let context = DisplayErrorContext(&err).to_string();
    tracing::warn!(error = %context, "EC2 call failed");
    if let Some(code) = err.code() {
        // EC2's own messages are kept whole: an IAM denial names the policy that denied.
        return ApiError::new(code, err.message().unwrap_or_default());
    }
    let credentials = context.to_ascii_lowercase().contains("credential");
    let (code, message) = match &err {
        SdkError::DispatchFailure(_) | SdkError::ConstructionFailure(_) if credentials => (
            codes::NO_CREDENTIALS,
            "no credentials found (tried the environment, profiles, SSO, web identity, ECS and instance metadata)".to_string(),
        ),
        SdkError::TimeoutError(_) => (codes::TIMEOUT, first_line(&causes(&err))),
        SdkError::DispatchFailure(d) if d.is_timeout() => {
            (codes::TIMEOUT, first_line(&causes(&err)))
        }
        SdkError::DispatchFailure(_) => (codes::CONNECTION, first_line(&causes(&err))),
        SdkError::ResponseError(_) | SdkError::ServiceError(_) => (
            codes::UNREADABLE,
            "the answer is not valid EC2 XML (cut off, or not from EC2); details are in the log"
                .to_string(),
        ),
        _ => (codes::UNEXPECTED_ANSWER, first_line(&causes(&err))),
    };
    ApiError::new(code, message)
}

/// Error codes with which an endpoint says it does not know an action: EC2's own
/// (`InvalidAction`) and those of EC2-compatible services.
const UNKNOWN_ACTION: &[&str] = &[
    "InvalidAction",
    "NotImplemented",
    "UnknownOperation",
    "UnknownOperationException",
];

/// Like [`api_error`], for a call that not every endpoint answers: moto answers an action it
/// lacks with an HTML error page (HTTP 500), other services with an unknown-action code. Either
/// becomes [`codes::NOT_SUPPORTED_BY_ENDPOINT`], a gap to mention rather than a failure. An
/// error answer that is not EC2's XML counts, except throttling and gateway statuses (429,
/// 502–504), which say nothing about the call; a 200 answer that cannot be read stays
/// [`codes::UNREADABLE`].
pub(super) fn optional_call_error<E>(
    action: &'static str,
) -> impl Fn(SdkError<E, HttpResponse>) -> ApiError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    move |err| {
        let status = err.raw_response().map(|r| r.status().as_u16());
        let code = err.code().map(str::to_string);
        let error = api_error(err);
        let detail = match (code.as_deref(), status) {
            (Some(code), _) if UNKNOWN_ACTION.contains(&code) => error.to_string(),
            (None, Some(status)) if status >= 400 && !matches!(status, 429 | 502..=504) => {
                format!("it answered HTTP {status} without an EC2 error")
            }
            _ => return error,
        };
        ApiError::new(
            codes::NOT_SUPPORTED_BY_ENDPOINT,
            format!("this endpoint does not answer {action} ({detail})"),
        )
    }
}

/// An error and its causes as a person reads them (`dispatch failure: io error: … Connection
/// refused`), each said once: the SDK's `DisplayErrorContext` adds its `Debug` form, which is
/// for the log.
fn causes(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(e) = cause {
        let said = e.to_string();
        if !said.is_empty() && !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        cause = e.source();
    }
    text
}

/// The first line of a message, at most [`MESSAGE_LIMIT`] characters.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(MESSAGE_LIMIT) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_failure_says_its_causes_without_the_debug_form() {
        use aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsError;
        use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
        use aws_smithy_runtime_api::client::result::ConnectorError;
        let refused = std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "Connection refused (os error 111)",
        );
        let err: SdkError<DescribeSecurityGroupsError, HttpResponse> =
            SdkError::dispatch_failure(ConnectorError::io(refused.into()));
        let said = api_error(err);
        assert_eq!(said.code, codes::CONNECTION);
        assert!(
            said.message.contains("Connection refused"),
            "{}",
            said.message
        );
        assert!(!said.message.contains('{'), "{}", said.message);
        assert!(
            !said.message.contains("DispatchFailure"),
            "{}",
            said.message
        );
    }

    #[test]
    fn first_line_keeps_only_the_first_line() {
        assert_eq!(first_line("one\ntwo\nthree"), "one");
        assert_eq!(first_line(""), "");
    }

    #[test]
    fn first_line_cuts_at_the_limit_on_a_character_boundary() {
        let long = "é".repeat(MESSAGE_LIMIT + 5);
        let cut = first_line(&long);
        assert_eq!(cut.chars().count(), MESSAGE_LIMIT + 1);
        assert!(cut.ends_with('…'));
        let exact = "x".repeat(MESSAGE_LIMIT);
        assert_eq!(first_line(&exact), exact);
    }
}
