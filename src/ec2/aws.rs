//! The real backend: aws-sdk-ec2 over HTTP, configured like every AWS tool (profiles, SSO,
//! assume-role, `AWS_*` variables), with few retries and short timeouts for an interactive tool.

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
    types::{
        Filter, IpPermission, IpRange, Ipv6Range, PrefixListId, ResourceType, TagSpecification,
        UserIdGroupPair, builders::IpPermissionBuilder,
    },
};
use aws_smithy_runtime_api::client::{orchestrator::Metadata, retries::RequestAttempts};
use ipnet::{Ipv4Net, Ipv6Net};
use tokio::sync::{OnceCell, broadcast};

use super::{
    ApiError, AuthorizeRequest, Connection, Ec2, Page, Permission, RevokeRequest, RevokeResponse,
    RevokeTarget, codes,
};
use crate::model::{
    Direction, GroupRef, Peer, PortRange, Protocol, ProtocolPorts, Rule, SecurityGroup, Tags,
};

/// Page size for describe calls. Always sending `MaxResults` keeps DescribeSecurityGroups out of
/// EC2's stricter throttling bucket for unpaginated calls.
const PAGE_SIZE: i32 = 1000;
/// Attempts per call: few, so that an interactive tool fails fast and says so.
const MAX_ATTEMPTS: u32 = 3;
/// EC2 takes at most 200 values in one filter.
const FILTER_VALUES: usize = 200;

/// Where to point the SDK; anything left `None` comes from the environment and profile files.
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

/// The SDK backend. The configuration is loaded on first use, off the UI's path, so that the
/// first frame never waits on credential or region resolution.
pub struct AwsEc2 {
    options: AwsOptions,
    client: OnceCell<Result<(Client, Connection), ApiError>>,
    /// Says when a call is being retried (throttling, a failed attempt).
    retries: broadcast::Sender<String>,
}

impl AwsEc2 {
    pub fn new(options: AwsOptions) -> Self {
        Self {
            options,
            client: OnceCell::new(),
            retries: broadcast::channel(16).0,
        }
    }

    /// A backend over an already loaded configuration (tests point it at moto this way).
    pub fn from_sdk_config(config: &SdkConfig) -> Self {
        let connection = connection_of(config, None);
        let retries = broadcast::channel(16).0;
        let client = OnceCell::new_with(Some(Ok((client_of(config, &retries), connection))));
        Self {
            options: AwsOptions::default(),
            client,
            retries,
        }
    }

    async fn client(&self) -> Result<&Client, ApiError> {
        let loaded = self
            .client
            .get_or_init(|| async {
                let config = load_config(&self.options).await;
                if config.region().is_none() {
                    return Err(ApiError::new(
                        codes::NO_REGION,
                        "no region in --region, AWS_REGION or the profile",
                    ));
                }
                let profile = self
                    .options
                    .profile
                    .clone()
                    .or_else(|| std::env::var("AWS_PROFILE").ok());
                let connection = connection_of(&config, profile);
                Ok((client_of(&config, &self.retries), connection))
            })
            .await;
        match loaded {
            Ok((client, _)) => Ok(client),
            Err(e) => Err(e.clone()),
        }
    }
}

/// A client that also refuses answers cut off before their closing tag, and says when it
/// retries a call.
fn client_of(config: &SdkConfig, retries: &broadcast::Sender<String>) -> Client {
    let conf = aws_sdk_ec2::config::Builder::from(config)
        .interceptor(WholeAnswer)
        .interceptor(RetryNotice(retries.clone()))
        .build();
    Client::from_conf(conf)
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

async fn load_config(options: &AwsOptions) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS))
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

fn connection_of(config: &SdkConfig, profile: Option<String>) -> Connection {
    Connection {
        profile,
        region: config.region().map(|r| r.to_string()),
        endpoint: config.endpoint_url().map(str::to_string),
        account_id: None,
    }
}

/// Longest message kept from an SDK error; the full text goes to the log.
const MESSAGE_LIMIT: usize = 300;

/// Turns an SDK error into a code and a short message worth showing. The full context (which
/// may hold a whole response body) goes to the log only.
fn api_error<E, R>(err: SdkError<E, R>) -> ApiError
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
        SdkError::TimeoutError(_) => (codes::TIMEOUT, first_line(&context)),
        SdkError::DispatchFailure(d) if d.is_timeout() => (codes::TIMEOUT, first_line(&context)),
        SdkError::DispatchFailure(_) => (codes::CONNECTION, first_line(&context)),
        SdkError::ResponseError(_) | SdkError::ServiceError(_) => (
            codes::UNREADABLE,
            "the answer is not valid EC2 XML (cut off, or not from EC2); details are in the log"
                .to_string(),
        ),
        _ => (codes::UNEXPECTED_ANSWER, first_line(&context)),
    };
    ApiError::new(code, message)
}

/// The first line of a message, at most [`MESSAGE_LIMIT`] characters.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(MESSAGE_LIMIT) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

fn tags_of(tags: &[aws_sdk_ec2::types::Tag]) -> Tags {
    tags.iter()
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

fn group_of(g: &aws_sdk_ec2::types::SecurityGroup) -> SecurityGroup {
    SecurityGroup {
        id: g.group_id().unwrap_or_default().to_string(),
        name: g.group_name().unwrap_or_default().to_string(),
        description: g.description().unwrap_or_default().to_string(),
        vpc_id: g.vpc_id().map(str::to_string),
        owner_id: g.owner_id().map(str::to_string),
        tags: tags_of(g.tags()),
    }
}

fn rule_of(r: &aws_sdk_ec2::types::SecurityGroupRule) -> Rule {
    let peer = if let Some(c) = r.cidr_ipv4() {
        c.parse::<Ipv4Net>()
            .map(Peer::Ipv4)
            .unwrap_or_else(|_| Peer::Unknown(c.to_string()))
    } else if let Some(c) = r.cidr_ipv6() {
        c.parse::<Ipv6Net>()
            .map(Peer::Ipv6)
            .unwrap_or_else(|_| Peer::Unknown(c.to_string()))
    } else if let Some(p) = r.prefix_list_id() {
        Peer::PrefixList(p.to_string())
    } else if let Some(g) = r.referenced_group_info() {
        Peer::Group(GroupRef {
            group_id: g.group_id().unwrap_or_default().to_string(),
            user_id: g.user_id().map(str::to_string),
            vpc_id: g.vpc_id().map(str::to_string),
            peering_status: g.peering_status().map(str::to_string),
        })
    } else {
        Peer::Unknown("(no peer)".into())
    };
    let raw_protocol = r.ip_protocol().unwrap_or("-1");
    Rule {
        id: r.security_group_rule_id().unwrap_or_default().to_string(),
        group_id: r.group_id().unwrap_or_default().to_string(),
        direction: Direction::from_egress(r.is_egress().unwrap_or(false)),
        protocol: Protocol::parse(raw_protocol).unwrap_or(Protocol::All),
        ports: PortRange::new(r.from_port().unwrap_or(-1), r.to_port().unwrap_or(-1)),
        peer,
        description: r
            .description()
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        tags: tags_of(r.tags()),
    }
}

/// An `IpPermission` as text, one line per peer (for `UnknownIpPermissions`).
fn permission_texts(p: &IpPermission) -> Vec<String> {
    let protocol = Protocol::parse(p.ip_protocol().unwrap_or("-1")).unwrap_or(Protocol::All);
    let ports = PortRange::new(p.from_port().unwrap_or(-1), p.to_port().unwrap_or(-1));
    let what = ProtocolPorts(protocol, ports).to_string();
    let peers = p
        .ip_ranges()
        .iter()
        .filter_map(|r| r.cidr_ip())
        .chain(p.ipv6_ranges().iter().filter_map(|r| r.cidr_ipv6()))
        .chain(
            p.prefix_list_ids()
                .iter()
                .filter_map(|r| r.prefix_list_id()),
        )
        .chain(p.user_id_group_pairs().iter().filter_map(|r| r.group_id()));
    let texts: Vec<String> = peers.map(|peer| format!("{what} {peer}")).collect();
    if texts.is_empty() { vec![what] } else { texts }
}

fn response_of(
    returned: Option<bool>,
    unknown: Option<&[IpPermission]>,
    revoked: Option<Vec<String>>,
) -> RevokeResponse {
    RevokeResponse {
        returned: returned.unwrap_or(false),
        revoked_rule_ids: revoked,
        unknown_permissions: unknown
            .unwrap_or_default()
            .iter()
            .flat_map(permission_texts)
            .collect(),
    }
}

/// A typed permission as the SDK's `IpPermission`.
fn ip_permission(p: &Permission) -> IpPermission {
    let out = permission_builder(p.protocol, p.ports);
    p.peers
        .iter()
        .fold(out, |out, peer| with_peer(out, peer, None))
        .build()
}

fn permission_builder(protocol: Protocol, ports: PortRange) -> IpPermissionBuilder {
    let out = IpPermission::builder().ip_protocol(protocol.api_name());
    if protocol == Protocol::All {
        out
    } else {
        out.from_port(ports.from).to_port(ports.to)
    }
}

/// Adds one peer, in the list EC2 keeps for its kind, with an optional description.
fn with_peer(
    out: IpPermissionBuilder,
    peer: &Peer,
    description: Option<String>,
) -> IpPermissionBuilder {
    match peer {
        Peer::Ipv4(net) => out.ip_ranges(
            IpRange::builder()
                .cidr_ip(net.to_string())
                .set_description(description)
                .build(),
        ),
        Peer::Ipv6(net) => out.ipv6_ranges(
            Ipv6Range::builder()
                .cidr_ipv6(net.to_string())
                .set_description(description)
                .build(),
        ),
        Peer::PrefixList(id) => out.prefix_list_ids(
            PrefixListId::builder()
                .prefix_list_id(id)
                .set_description(description)
                .build(),
        ),
        Peer::Group(g) => out.user_id_group_pairs(
            UserIdGroupPair::builder()
                .group_id(&g.group_id)
                .set_user_id(g.user_id.clone())
                .set_description(description)
                .build(),
        ),
        Peer::Unknown(_) => out,
    }
}

/// The tags of a rule to create, as EC2's `TagSpecifications`.
fn rule_tags(tags: &Tags) -> Option<Vec<TagSpecification>> {
    (!tags.is_empty()).then(|| {
        vec![
            TagSpecification::builder()
                .resource_type(ResourceType::SecurityGroupRule)
                .set_tags(Some(
                    tags.iter()
                        .map(|(k, v)| aws_sdk_ec2::types::Tag::builder().key(k).value(v).build())
                        .collect(),
                ))
                .build(),
        ]
    })
}

fn blank_to_none(token: Option<String>) -> Option<String> {
    token.filter(|t| !t.is_empty())
}

impl Ec2 for AwsEc2 {
    fn notices(&self) -> Option<broadcast::Receiver<String>> {
        Some(self.retries.subscribe())
    }

    async fn connect(&self) -> Result<Connection, ApiError> {
        self.client().await?;
        match self.client.get() {
            Some(Ok((_, connection))) => Ok(connection.clone()),
            Some(Err(e)) => Err(e.clone()),
            None => unreachable!("client() initialised the cell"),
        }
    }

    async fn describe_groups_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<SecurityGroup>, ApiError> {
        let out = self
            .client()
            .await?
            .describe_security_groups()
            .max_results(PAGE_SIZE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(api_error)?;
        Ok(Page {
            items: out.security_groups().iter().map(group_of).collect(),
            next_token: blank_to_none(out.next_token),
        })
    }

    async fn describe_rules_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<Rule>, ApiError> {
        let out = self
            .client()
            .await?
            .describe_security_group_rules()
            .max_results(PAGE_SIZE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(api_error)?;
        Ok(Page {
            items: out.security_group_rules().iter().map(rule_of).collect(),
            next_token: blank_to_none(out.next_token),
        })
    }

    async fn describe_rules_of_groups(
        &self,
        group_ids: Vec<String>,
    ) -> Result<Vec<Rule>, ApiError> {
        let client = self.client().await?;
        let mut rules = Vec::new();
        for chunk in group_ids.chunks(FILTER_VALUES) {
            let filter = Filter::builder()
                .name("group-id")
                .set_values(Some(chunk.to_vec()))
                .build();
            let mut token = None;
            loop {
                let out = client
                    .describe_security_group_rules()
                    .filters(filter.clone())
                    .max_results(PAGE_SIZE)
                    .set_next_token(token)
                    .send()
                    .await
                    .map_err(api_error)?;
                rules.extend(out.security_group_rules().iter().map(rule_of));
                token = blank_to_none(out.next_token);
                if token.is_none() {
                    break;
                }
            }
        }
        Ok(rules)
    }

    async fn authorize(
        &self,
        request: AuthorizeRequest,
        dry_run: bool,
    ) -> Result<Option<String>, ApiError> {
        let client = self.client().await?;
        let permission = with_peer(
            permission_builder(request.protocol, request.ports),
            &request.peer,
            request.description.clone(),
        )
        .build();
        let tags = rule_tags(&request.tags);
        let first_id = |rules: &[aws_sdk_ec2::types::SecurityGroupRule]| {
            rules
                .first()
                .and_then(|r| r.security_group_rule_id())
                .map(str::to_string)
        };
        match request.direction {
            Direction::Inbound => {
                let out = client
                    .authorize_security_group_ingress()
                    .group_id(request.group_id)
                    .ip_permissions(permission)
                    .set_tag_specifications(tags)
                    .dry_run(dry_run)
                    .send()
                    .await
                    .map_err(api_error)?;
                Ok(first_id(out.security_group_rules()))
            }
            Direction::Outbound => {
                let out = client
                    .authorize_security_group_egress()
                    .group_id(request.group_id)
                    .ip_permissions(permission)
                    .set_tag_specifications(tags)
                    .dry_run(dry_run)
                    .send()
                    .await
                    .map_err(api_error)?;
                Ok(first_id(out.security_group_rules()))
            }
        }
    }

    async fn revoke(
        &self,
        request: RevokeRequest,
        dry_run: bool,
    ) -> Result<RevokeResponse, ApiError> {
        let client = self.client().await?;
        let RevokeRequest {
            group_id,
            direction,
            target,
        } = request;
        let (rule_ids, permissions) = match target {
            RevokeTarget::RuleIds(ids) => (Some(ids), None),
            RevokeTarget::Permissions(p) => (None, Some(p.iter().map(ip_permission).collect())),
        };
        let ids = |r: &[aws_sdk_ec2::types::RevokedSecurityGroupRule]| {
            r.iter()
                .filter_map(|r| r.security_group_rule_id().map(str::to_string))
                .collect::<Vec<_>>()
        };
        match direction {
            Direction::Inbound => {
                let out = client
                    .revoke_security_group_ingress()
                    .group_id(group_id)
                    .set_security_group_rule_ids(rule_ids)
                    .set_ip_permissions(permissions)
                    .dry_run(dry_run)
                    .send()
                    .await
                    .map_err(api_error)?;
                Ok(response_of(
                    out.r#return,
                    out.unknown_ip_permissions.as_deref(),
                    out.revoked_security_group_rules.as_deref().map(ids),
                ))
            }
            Direction::Outbound => {
                let out = client
                    .revoke_security_group_egress()
                    .group_id(group_id)
                    .set_security_group_rule_ids(rule_ids)
                    .set_ip_permissions(permissions)
                    .dry_run(dry_run)
                    .send()
                    .await
                    .map_err(api_error)?;
                Ok(response_of(
                    out.r#return,
                    out.unknown_ip_permissions.as_deref(),
                    out.revoked_security_group_rules.as_deref().map(ids),
                ))
            }
        }
    }
}
