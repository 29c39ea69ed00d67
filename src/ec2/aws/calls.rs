//! The [`Ec2`] calls over the SDK: describes page by page, revoke and authorize in either
//! direction.

use aws_sdk_ec2::{Client, types::Filter};
use tokio::sync::broadcast;

use super::AwsEc2;
use super::client::api_error;
use super::convert::{
    authorize_permission, blank_to_none, first_rule_id, group_of, ip_permission, response_of,
    rule_of, rule_tags,
};
use crate::ec2::{
    ApiError, AuthorizeRequest, Connection, Ec2, Page, RevokeRequest, RevokeResponse, RevokeTarget,
    collect_all,
};
use crate::model::{Direction, Rule, SecurityGroup};

/// Page size for describe calls.
const PAGE_SIZE: i32 = 1000;
/// EC2 takes at most 200 values in one filter.
const FILTER_VALUES: usize = 200;

/// Sends one page of a describe call and converts the items the answer lists with `$items`.
/// Every describe call goes through here so that each sends `MaxResults`, which keeps
/// DescribeSecurityGroups out of EC2's stricter throttling bucket for unpaginated calls. (The
/// SDK gives each call its own builder and output types, hence a macro.)
macro_rules! describe_page {
    ($call:expr, $next_token:expr, $items:ident, $convert:expr $(,)?) => {{
        let out = $call
            .max_results(PAGE_SIZE)
            .set_next_token($next_token)
            .send()
            .await
            .map_err(api_error)?;
        Ok(Page {
            items: out.$items().iter().map($convert).collect(),
            next_token: blank_to_none(out.next_token),
        })
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

/// One page of `DescribeSecurityGroupRules`, of every rule or only those the filter names.
async fn rules_page(
    client: &Client,
    filter: Option<Filter>,
    next_token: Option<String>,
) -> Result<Page<Rule>, ApiError> {
    describe_page!(
        client
            .describe_security_group_rules()
            .set_filters(filter.map(|f| vec![f])),
        next_token,
        security_group_rules,
        rule_of,
    )
}

impl Ec2 for AwsEc2 {
    fn notices(&self) -> Option<broadcast::Receiver<String>> {
        Some(self.retries.subscribe())
    }

    async fn connect(&self) -> Result<Connection, ApiError> {
        self.connection().await
    }

    async fn describe_groups_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<SecurityGroup>, ApiError> {
        let client = self.client().await?;
        describe_page!(
            client.describe_security_groups(),
            next_token,
            security_groups,
            group_of,
        )
    }

    async fn describe_rules_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<Rule>, ApiError> {
        rules_page(self.client().await?, None, next_token).await
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
            let fetch = |token| rules_page(client, Some(filter.clone()), token);
            rules.extend(collect_all(fetch).await?);
        }
        Ok(rules)
    }

    async fn authorize(
        &self,
        request: AuthorizeRequest,
        dry_run: bool,
    ) -> Result<Option<String>, ApiError> {
        let client = self.client().await?;
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
