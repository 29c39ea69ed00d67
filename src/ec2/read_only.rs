use super::{
    ApiError, AuthorizeRequest, Connection, Ec2, Page, RevokeRequest, RevokeResponse, Target, codes,
};
use crate::model::{
    NetworkInterface, PrefixList, PrefixListEntry, Rule, SecurityGroup, StaleGroup,
};

/// Wraps a backend so that no mutating call can leave it: a revoke or authorize without `DryRun` is refused
/// before any request is built. Dry runs and describes pass through.
pub struct ReadOnly<B>(pub B);

pub const READ_ONLY_REFUSAL: &str = "sgtui is read-only (--read-only): no mutating call is sent";

impl<B: Ec2> Ec2 for ReadOnly<B> {
    fn notices(&self) -> Option<tokio::sync::broadcast::Receiver<String>> {
        self.0.notices()
    }

    async fn connect(&self) -> Result<Connection, ApiError> {
        self.0.connect().await
    }

    fn retarget(&self, target: &Target) -> Option<Self> {
        self.0.retarget(target).map(ReadOnly)
    }

    fn rules_pages(&self) -> impl futures::Stream<Item = Result<Page<Rule>, ApiError>> + Send + '_ {
        self.0.rules_pages()
    }

    fn groups_pages(
        &self,
    ) -> impl futures::Stream<Item = Result<Page<SecurityGroup>, ApiError>> + Send + '_ {
        self.0.groups_pages()
    }

    fn interfaces_pages(
        &self,
    ) -> impl futures::Stream<Item = Result<Page<NetworkInterface>, ApiError>> + Send + '_ {
        self.0.interfaces_pages()
    }

    async fn describe_groups_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<SecurityGroup>, ApiError> {
        self.0.describe_groups_page(next_token).await
    }

    async fn describe_rules_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<Rule>, ApiError> {
        self.0.describe_rules_page(next_token).await
    }

    async fn describe_rules_of_groups(
        &self,
        group_ids: Vec<String>,
    ) -> Result<Vec<Rule>, ApiError> {
        self.0.describe_rules_of_groups(group_ids).await
    }

    async fn describe_interfaces_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<NetworkInterface>, ApiError> {
        self.0.describe_interfaces_page(next_token).await
    }

    async fn describe_prefix_lists(&self, ids: Vec<String>) -> Result<Vec<PrefixList>, ApiError> {
        self.0.describe_prefix_lists(ids).await
    }

    async fn prefix_list_entries(&self, id: String) -> Result<Vec<PrefixListEntry>, ApiError> {
        self.0.prefix_list_entries(id).await
    }

    async fn describe_stale_groups_page(
        &self,
        vpc_id: String,
        next_token: Option<String>,
    ) -> Result<Page<StaleGroup>, ApiError> {
        self.0.describe_stale_groups_page(vpc_id, next_token).await
    }

    async fn authorize(
        &self,
        request: AuthorizeRequest,
        dry_run: bool,
    ) -> Result<Option<String>, ApiError> {
        if !dry_run {
            return Err(ApiError::new(codes::NOT_SENT, READ_ONLY_REFUSAL));
        }
        self.0.authorize(request, true).await
    }

    async fn revoke(
        &self,
        request: RevokeRequest,
        dry_run: bool,
    ) -> Result<RevokeResponse, ApiError> {
        if !dry_run {
            return Err(ApiError::new(codes::NOT_SENT, READ_ONLY_REFUSAL));
        }
        self.0.revoke(request, true).await
    }
}
