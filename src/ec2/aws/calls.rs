//! The [`Ec2`] calls over the SDK: describes page by page, revoke and authorize in either
//! direction.

use std::future::Future;

use aws_sdk_ec2::{Client, types::Filter};
use tokio::sync::broadcast;

use super::AwsEc2;
use super::client::{api_error, optional_call_error};
use super::convert::{
    authorize_permission, blank_to_none, entry_of, first_rule_id, group_of, interface_of,
    ip_permission, prefix_list_of, response_of, rule_of, rule_tags, stale_group_of,
};
use super::{decode, read_ahead};
use crate::ec2::{
    ApiError, AuthorizeRequest, Connection, Ec2, Page, RevokeRequest, RevokeResponse, RevokeTarget,
    Target, codes, collect_all,
};
use crate::model::{
    Direction, NetworkInterface, PrefixList, PrefixListEntry, Rule, SecurityGroup, StaleGroup,
};

/// Page size for describe calls.
pub(super) const PAGE_SIZE: i32 = 1000;
/// The prefix-list calls take 1 to 100 results a page (the API reference), not 1000.
const PREFIX_LIST_PAGE_SIZE: i32 = 100;
/// DescribeStaleSecurityGroups takes 5 to 255 results a page.
const STALE_PAGE_SIZE: i32 = 255;
/// EC2 takes at most 200 values in one filter.
const FILTER_VALUES: usize = 200;

/// Sends one page of a describe call and converts the items the answer lists with `$items`.
/// Every describe call goes through here so that each sends `MaxResults`, which keeps
/// DescribeSecurityGroups out of EC2's stricter throttling bucket for unpaginated calls. (The
/// SDK gives each call its own builder and output types, hence a macro.) A failed call becomes
/// an [`ApiError`] through `$error`: [`api_error`] unless another is given.
macro_rules! describe_page {
    ($call:expr, $next_token:expr, $items:ident, $convert:expr $(,)?) => {
        describe_page!($call, $next_token, $items, $convert, PAGE_SIZE)
    };
    ($call:expr, $next_token:expr, $items:ident, $convert:expr, $page_size:expr $(,)?) => {
        describe_page!($call, $next_token, $items, $convert, $page_size, api_error)
    };
    (
        $call:expr, $next_token:expr, $items:ident, $convert:expr, $page_size:expr,
        $error:expr $(,)?
    ) => {{
        let call = $call.max_results($page_size).set_next_token($next_token);
        on_its_own_task(async move {
            let out = call.send().await.map_err($error)?;
            Ok(Page {
                items: out.$items().iter().map($convert).collect(),
                next_token: blank_to_none(out.next_token),
            })
        })
        .await
    }};
}

/// Sends the ingress or the egress form of a call, as `$direction` asks, and reads its answer.
/// The SDK gives the two forms distinct builder and output types with the same setters and
/// fields, so the request (`|call| …`) and the reading of the answer (`|out| …`) are written
/// once and expanded for each. A failed call returns its [`ApiError`] from the enclosing function.
macro_rules! send_in_direction {
    (
        $direction:expr, $ingress:expr, $egress:expr,
        |$call:ident| $request:expr, |$out:ident| $answer:expr $(,)?
    ) => {
        match $direction {
            Direction::Inbound => {
                let $call = $ingress;
                let $out = $request.send().await.map_err(api_error)?;
                $answer
            }
            Direction::Outbound => {
                let $call = $egress;
                let $out = $request.send().await.map_err(api_error)?;
                $answer
            }
        }
    };
}

/// Runs a describe call on a task of its own, so that the answers of several listings are
/// decoded on as many threads: decoding, not the network, is what a big listing waits on.
pub(super) async fn on_its_own_task<T: Send + 'static>(
    call: impl Future<Output = Result<T, ApiError>> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::spawn(call).await.unwrap_or_else(|e| Err(stopped(e)))
}

/// A describe call's task that stopped (it panicked or was cancelled).
pub(super) fn stopped(e: tokio::task::JoinError) -> ApiError {
    ApiError::new(codes::TASK_FAILED, format!("a describe call stopped: {e}"))
}

/// One page of `DescribeSecurityGroupRules`, of every rule or only those the filter names.
pub(super) async fn rules_page(
    client: &Client,
    filter: Option<Filter>,
    next_token: Option<String>,
) -> Result<Page<Rule>, ApiError> {
    let call = client
        .describe_security_group_rules()
        .set_filters(filter.map(|f| vec![f]))
        .max_results(PAGE_SIZE)
        .set_next_token(next_token);
    // Decoded by the page's own client, which wraps the shared one (see `decode`).
    let slot = decode::Slot::default();
    let call = (call.customize()).config_override(decode::decoding(client, decode::RULES, &slot));
    on_its_own_task(async move {
        let out = call.send().await.map_err(api_error)?;
        Ok(match decode::take(&slot) {
            Some(page) => Page {
                items: page.rules,
                next_token: page.next_token,
            },
            None => Page {
                items: out.security_group_rules().iter().map(rule_of).collect(),
                next_token: blank_to_none(out.next_token),
            },
        })
    })
    .await
}

/// One page of `DescribeSecurityGroups`.
pub(super) async fn groups_page(
    client: &Client,
    next_token: Option<String>,
) -> Result<Page<SecurityGroup>, ApiError> {
    let call = (client.describe_security_groups())
        .max_results(PAGE_SIZE)
        .set_next_token(next_token);
    // Decoded by the page's own client, which wraps the shared one (see `decode`).
    let slot = decode::Slot::default();
    let call = (call.customize()).config_override(decode::decoding(client, decode::GROUPS, &slot));
    on_its_own_task(async move {
        let out = call.send().await.map_err(api_error)?;
        Ok(match decode::take(&slot) {
            Some(page) => Page {
                items: page.groups,
                next_token: page.next_token,
            },
            None => Page {
                items: out.security_groups().iter().map(group_of).collect(),
                next_token: blank_to_none(out.next_token),
            },
        })
    })
    .await
}

/// One page of `DescribeManagedPrefixLists`, of the lists the filter names.
async fn prefix_lists_page(
    client: &Client,
    filter: Filter,
    next_token: Option<String>,
) -> Result<Page<PrefixList>, ApiError> {
    describe_page!(
        client.describe_managed_prefix_lists().filters(filter),
        next_token,
        prefix_lists,
        prefix_list_of,
        PREFIX_LIST_PAGE_SIZE,
    )
}

/// One page of `GetManagedPrefixListEntries`; an entry whose CIDR is unreadable is `None`.
async fn entries_page(
    client: &Client,
    id: &str,
    next_token: Option<String>,
) -> Result<Page<Option<PrefixListEntry>>, ApiError> {
    let id = id.to_owned();
    describe_page!(
        client.get_managed_prefix_list_entries().prefix_list_id(&id),
        next_token,
        entries,
        move |e| entry_of(&id, e),
        PREFIX_LIST_PAGE_SIZE,
    )
}

/// Every item of a describe call filtered on `name` by `values`: one filter per
/// [`FILTER_VALUES`] values, all pages of each.
async fn collect_filtered<T, F, Fut>(
    name: &str,
    values: &[String],
    page: F,
) -> Result<Vec<T>, ApiError>
where
    F: Fn(Filter, Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    let mut items = Vec::new();
    for chunk in values.chunks(FILTER_VALUES) {
        let filter = Filter::builder()
            .name(name)
            .set_values(Some(chunk.to_vec()))
            .build();
        items.extend(collect_all(|token| page(filter.clone(), token)).await?);
    }
    Ok(items)
}

impl AwsEc2 {
    /// Listing `L` read ahead ([`read_ahead::pipeline`]), once the client is ready.
    fn read_ahead<L: read_ahead::Listing>(
        &self,
    ) -> impl futures::Stream<Item = Result<Page<L::Item>, ApiError>> + Send + '_ {
        use futures::StreamExt;
        futures::stream::once(self.client()).flat_map(|client| match client {
            Ok(client) => read_ahead::pipeline::<L>(client.clone()).left_stream(),
            Err(e) => futures::stream::iter([Err(e)]).right_stream(),
        })
    }
}

impl Ec2 for AwsEc2 {
    fn notices(&self) -> Option<broadcast::Receiver<String>> {
        Some(self.retries.subscribe())
    }

    async fn connect(&self) -> Result<Connection, ApiError> {
        self.connection().await
    }

    fn retarget(&self, target: &Target) -> Option<Self> {
        Some(self.to(target))
    }

    async fn describe_groups_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<SecurityGroup>, ApiError> {
        groups_page(self.client().await?, next_token).await
    }

    fn groups_pages(
        &self,
    ) -> impl futures::Stream<Item = Result<Page<SecurityGroup>, ApiError>> + Send + '_ {
        self.read_ahead::<read_ahead::Groups>()
    }

    async fn describe_rules_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<Rule>, ApiError> {
        rules_page(self.client().await?, None, next_token).await
    }

    fn rules_pages(&self) -> impl futures::Stream<Item = Result<Page<Rule>, ApiError>> + Send + '_ {
        self.read_ahead::<read_ahead::Rules>()
    }

    async fn describe_rules_of_groups(
        &self,
        group_ids: Vec<String>,
    ) -> Result<Vec<Rule>, ApiError> {
        let client = self.client().await?;
        collect_filtered("group-id", &group_ids, |filter, token| {
            rules_page(client, Some(filter), token)
        })
        .await
    }

    async fn describe_interfaces_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<NetworkInterface>, ApiError> {
        let client = self.client().await?;
        describe_page!(
            client.describe_network_interfaces(),
            next_token,
            network_interfaces,
            interface_of,
        )
    }

    async fn describe_prefix_lists(&self, ids: Vec<String>) -> Result<Vec<PrefixList>, ApiError> {
        let client = self.client().await?;
        collect_filtered("prefix-list-id", &ids, |filter, token| {
            prefix_lists_page(client, filter, token)
        })
        .await
    }

    async fn prefix_list_entries(&self, id: String) -> Result<Vec<PrefixListEntry>, ApiError> {
        let client = self.client().await?;
        let entries = collect_all(|token| entries_page(client, &id, token)).await?;
        Ok(entries.into_iter().flatten().collect())
    }

    async fn describe_stale_groups_page(
        &self,
        vpc_id: String,
        next_token: Option<String>,
    ) -> Result<Page<StaleGroup>, ApiError> {
        let client = self.client().await?;
        describe_page!(
            client.describe_stale_security_groups().vpc_id(vpc_id),
            next_token,
            stale_security_group_set,
            stale_group_of,
            STALE_PAGE_SIZE,
            optional_call_error("DescribeStaleSecurityGroups"),
        )
    }

    async fn authorize(
        &self,
        request: AuthorizeRequest,
        dry_run: bool,
    ) -> Result<Option<String>, ApiError> {
        let client = self.client().await?;
        self.mutating.take().await;
        let AuthorizeRequest {
            group_id,
            direction,
            protocol,
            ports,
            peer,
            description,
            tags,
        } = request;
        let permission = authorize_permission(protocol, ports, &peer, description);
        let tags = rule_tags(&tags);
        Ok(send_in_direction!(
            direction,
            client.authorize_security_group_ingress(),
            client.authorize_security_group_egress(),
            |call| call
                .group_id(group_id)
                .ip_permissions(permission)
                .set_tag_specifications(tags)
                .dry_run(dry_run),
            |out| first_rule_id(out.security_group_rules()),
        ))
    }

    async fn revoke(
        &self,
        request: RevokeRequest,
        dry_run: bool,
    ) -> Result<RevokeResponse, ApiError> {
        let client = self.client().await?;
        self.mutating.take().await;
        let RevokeRequest {
            group_id,
            direction,
            target,
        } = request;
        let (rule_ids, permissions) = match target {
            RevokeTarget::RuleIds(ids) => (Some(ids), None),
            RevokeTarget::Permissions(p) => (None, Some(p.iter().map(ip_permission).collect())),
        };
        Ok(send_in_direction!(
            direction,
            client.revoke_security_group_ingress(),
            client.revoke_security_group_egress(),
            |call| call
                .group_id(group_id)
                .set_security_group_rule_ids(rule_ids)
                .set_ip_permissions(permissions)
                .dry_run(dry_run),
            |out| response_of(
                out.r#return,
                out.unknown_ip_permissions.as_deref(),
                out.revoked_security_group_rules.as_deref(),
            ),
        ))
    }
}
