//! The streamer watching a real load (`load_watched`) of the demo, whose listing of rules
//! stops at its second page: rows are out before the listing ends, and stay when it fails.

use std::cell::RefCell;

use super::Shared;
use crate::analysis::Policy;
use crate::cli::ExportFormat;
use crate::cmd::export::format::RowWriter;
use crate::cmd::export::stream::Streamer;
use crate::ec2::{Connection, Ec2};
use crate::model::lang::Filter;
use crate::model::{Rule, SecurityGroup, StaleGroup};

/// The demo account, whose rules listing stops at its second page: it never answers, or it
/// fails.
struct Cut {
    inner: crate::ec2::MemoryEc2,
    fails: bool,
}

impl Cut {
    fn new(fails: bool) -> Self {
        let inner = crate::ec2::MemoryEc2::new(crate::ec2::Account::demo()).unwrap();
        Self { inner, fails }
    }
}

impl crate::ec2::Ec2 for Cut {
    async fn connect(&self) -> Result<Connection, crate::ec2::ApiError> {
        self.inner.connect().await
    }
    async fn describe_groups_page(
        &self,
        token: Option<String>,
    ) -> Result<crate::ec2::Page<SecurityGroup>, crate::ec2::ApiError> {
        self.inner.describe_groups_page(token).await
    }
    async fn describe_rules_page(
        &self,
        token: Option<String>,
    ) -> Result<crate::ec2::Page<Rule>, crate::ec2::ApiError> {
        match (token, self.fails) {
            (None, _) => self.inner.describe_rules_page(None).await,
            (Some(_), true) => Err(crate::ec2::ApiError::new(
                "RequestLimitExceeded",
                "Request limit exceeded.",
            )),
            (Some(_), false) => std::future::pending().await,
        }
    }
    async fn describe_rules_of_groups(
        &self,
        ids: Vec<String>,
    ) -> Result<Vec<Rule>, crate::ec2::ApiError> {
        self.inner.describe_rules_of_groups(ids).await
    }
    async fn describe_interfaces_page(
        &self,
        token: Option<String>,
    ) -> Result<crate::ec2::Page<crate::model::NetworkInterface>, crate::ec2::ApiError> {
        self.inner.describe_interfaces_page(token).await
    }
    async fn describe_prefix_lists(
        &self,
        ids: Vec<String>,
    ) -> Result<Vec<crate::model::PrefixList>, crate::ec2::ApiError> {
        self.inner.describe_prefix_lists(ids).await
    }
    async fn prefix_list_entries(
        &self,
        id: String,
    ) -> Result<Vec<crate::model::PrefixListEntry>, crate::ec2::ApiError> {
        self.inner.prefix_list_entries(id).await
    }
    async fn describe_stale_groups_page(
        &self,
        vpc: String,
        token: Option<String>,
    ) -> Result<crate::ec2::Page<StaleGroup>, crate::ec2::ApiError> {
        self.inner.describe_stale_groups_page(vpc, token).await
    }
    async fn revoke(
        &self,
        request: crate::ec2::RevokeRequest,
        dry_run: bool,
    ) -> Result<crate::ec2::RevokeResponse, crate::ec2::ApiError> {
        self.inner.revoke(request, dry_run).await
    }
    async fn authorize(
        &self,
        request: crate::ec2::AuthorizeRequest,
        dry_run: bool,
    ) -> Result<Option<String>, crate::ec2::ApiError> {
        self.inner.authorize(request, dry_run).await
    }
}

/// A JSON writer into `out`.
fn json(out: &Shared) -> RefCell<RowWriter<Shared>> {
    RefCell::new(RowWriter::new(ExportFormat::Json, out.clone()).unwrap())
}

/// Loads `backend` with a streamer of JSON rows into `writer`, for at most a second.
async fn stream_json<'a>(
    backend: &Cut,
    filter: &'a Filter,
    policy: &'a Policy,
    writer: &'a RefCell<RowWriter<Shared>>,
) -> (
    Streamer<'a, Shared>,
    Option<Result<crate::cmd::headless::load::Loaded, crate::cmd::headless::load::LoadFailure>>,
) {
    use crate::cmd::headless::load::{Reach, load_watched};
    let mut streamer = Streamer::new(writer, filter, policy);
    let mut say = |_| {};
    let load = load_watched(backend, Reach { network: false }, &mut say, &mut streamer);
    let loaded = tokio::time::timeout(std::time::Duration::from_secs(1), load)
        .await
        .ok();
    (streamer, loaded)
}

#[tokio::test]
async fn rows_are_out_while_the_listing_has_not_answered() {
    let (filter, policy, out) = (Filter::default(), Policy::default(), Shared::default());
    let backend = Cut::new(false);
    let demo_rules = backend.inner.describe_rules_page(None).await.unwrap();
    let writer = json(&out);
    let (_, loaded) = stream_json(&backend, &filter, &policy, &writer).await;
    assert!(loaded.is_none(), "the second page of rules never answers");
    let text = String::from_utf8(out.0.borrow().clone()).unwrap();
    let rows = text.lines().filter(|l| l.starts_with('{')).count();
    assert!(
        rows > 0,
        "the groups whose rules were all on the first page: {text}"
    );
    assert!(rows <= demo_rules.items.len());
    assert!(text.starts_with("[\n"));
}

#[tokio::test]
async fn a_listing_that_fails_midway_leaves_the_rows_written_and_the_json_open() {
    let (filter, policy, out) = (Filter::default(), Policy::default(), Shared::default());
    let writer = json(&out);
    let (streamer, loaded) = stream_json(&Cut::new(true), &filter, &policy, &writer).await;
    let failure = loaded.expect("a failure, at once").unwrap_err();
    assert_eq!(failure.call, "DescribeSecurityGroupRules");
    streamer.abandon().unwrap();
    let written = writer.borrow().count();
    let text = String::from_utf8(out.0.borrow().clone()).unwrap();
    assert!(written > 0);
    assert_eq!(text.lines().filter(|l| l.starts_with('{')).count(), written);
    assert!(
        text.starts_with("[\n") && !text.trim_end().ends_with(']'),
        "{text}"
    );
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
}
