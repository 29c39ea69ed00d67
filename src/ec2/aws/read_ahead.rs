//! The two big listings read ahead (`Ec2::groups_pages` and `Ec2::rules_pages` of the SDK
//! backend): each page is asked for as soon as the one before has come, its token read
//! without decoding it, and each page is decoded on a thread of the blocking pool, so that
//! reading and decoding overlap and a page being decoded never holds up the reading of the
//! next (the runtime's workers stay free for the network).

use std::future::Future;

use aws_sdk_ec2::Client;

use super::calls::{PAGE_SIZE, groups_page, rules_page, stopped};
use super::client::api_error;
use super::convert::{blank_to_none, group_of, rule_of};
use super::decode::{self, RawPage};
use crate::ec2::{ApiError, Page};
use crate::model::{Rule, SecurityGroup};

/// How many pages are read ahead of the one being taken in.
const PAGES_AHEAD: usize = 2;

/// One of the two listings, as the read-ahead needs it.
pub(super) trait Listing: Send + Sync + 'static {
    type Item: Send + 'static;
    /// How its page's client keeps an answer whole, with the token of the next page.
    const RAW: decode::Operation<RawPage>;
    /// Sends the call for the page after `token` with `config` (the page's own client) and
    /// converts what the SDK decoded: nothing, when the page's client kept the answer whole.
    fn sdk_page(
        client: &Client,
        token: Option<String>,
        config: aws_sdk_ec2::config::Builder,
    ) -> impl Future<Output = Result<Page<Self::Item>, ApiError>> + Send;
    /// Decodes an answer kept whole; `None` unless it is one whole document of the listing.
    fn decode(body: &[u8]) -> Option<Vec<Self::Item>>;
    /// Asks for the page after `token` again, decoded by the SDK's reader.
    fn again(
        client: Client,
        token: Option<String>,
    ) -> impl Future<Output = Result<Page<Self::Item>, ApiError>> + Send;
}

/// What sending a page's call gave.
enum Sent<T> {
    /// The answer, whole and not decoded yet.
    Raw(RawPage),
    /// The page the SDK decoded (the client has no HTTP client of ours to wrap).
    Decoded(Page<T>),
}

/// Sends the call for the page after `token` through a client that keeps the answer whole.
async fn send<L: Listing>(
    client: &Client,
    token: Option<String>,
) -> Result<Sent<L::Item>, ApiError> {
    let slot = decode::Slot::default();
    let page = L::sdk_page(client, token, decode::decoding(client, L::RAW, &slot)).await?;
    Ok(match decode::take(&slot) {
        Some(raw) => Sent::Raw(raw),
        None => Sent::Decoded(page),
    })
}

/// `DescribeSecurityGroupRules`, every rule.
pub(super) struct Rules;

impl Listing for Rules {
    type Item = Rule;
    const RAW: decode::Operation<RawPage> = decode::RAW_RULES;

    async fn sdk_page(
        client: &Client,
        token: Option<String>,
        config: aws_sdk_ec2::config::Builder,
    ) -> Result<Page<Rule>, ApiError> {
        let out = (client.describe_security_group_rules())
            .max_results(PAGE_SIZE)
            .set_next_token(token)
            .customize()
            .config_override(config)
            .send()
            .await
            .map_err(api_error)?;
        Ok(Page {
            items: out.security_group_rules().iter().map(rule_of).collect(),
            next_token: blank_to_none(out.next_token),
        })
    }

    fn decode(body: &[u8]) -> Option<Vec<Rule>> {
        decode::rules_page(body).map(|page| page.rules)
    }

    async fn again(client: Client, token: Option<String>) -> Result<Page<Rule>, ApiError> {
        rules_page(&client, None, token).await
    }
}

/// `DescribeSecurityGroups`, every group.
pub(super) struct Groups;

impl Listing for Groups {
    type Item = SecurityGroup;
    const RAW: decode::Operation<RawPage> = decode::RAW_GROUPS;

    async fn sdk_page(
        client: &Client,
        token: Option<String>,
        config: aws_sdk_ec2::config::Builder,
    ) -> Result<Page<SecurityGroup>, ApiError> {
        let out = (client.describe_security_groups())
            .max_results(PAGE_SIZE)
            .set_next_token(token)
            .customize()
            .config_override(config)
            .send()
            .await
            .map_err(api_error)?;
        Ok(Page {
            items: out.security_groups().iter().map(group_of).collect(),
            next_token: blank_to_none(out.next_token),
        })
    }

    fn decode(body: &[u8]) -> Option<Vec<SecurityGroup>> {
        decode::groups_page(body).map(|page| page.groups)
    }

    async fn again(client: Client, token: Option<String>) -> Result<Page<SecurityGroup>, ApiError> {
        groups_page(&client, token).await
    }
}

/// Every page of listing `L`, in order: a task asks for each page as soon as the one before
/// has come (its token is read without decoding it) and each is decoded on the blocking pool,
/// so that reading and decoding overlap. The stream ends after the first error.
pub(super) fn pipeline<L: Listing>(
    client: Client,
) -> impl futures::Stream<Item = Result<Page<L::Item>, ApiError>> + Send + 'static {
    let (tx, rx) = tokio::sync::mpsc::channel(PAGES_AHEAD);
    tokio::spawn(read_ahead::<L>(client, tx));
    futures::stream::unfold(Some(rx), |rx| async move {
        let mut rx = rx?;
        let page = match rx.recv().await? {
            Ahead::Decoding(task) => task.await.unwrap_or_else(|e| Err(stopped(e))),
            Ahead::Failed(e) => Err(e),
        };
        let rest = page.is_ok().then_some(rx);
        Some((page, rest))
    })
}

/// A page read ahead: being decoded, or the error that ends the listing.
enum Ahead<T> {
    Decoding(tokio::task::JoinHandle<Result<Page<T>, ApiError>>),
    Failed(ApiError),
}

/// Reads the pages one after another, handing each on to be decoded, until the last page, an
/// error, or the reader going away.
async fn read_ahead<L: Listing>(client: Client, tx: tokio::sync::mpsc::Sender<Ahead<L::Item>>) {
    let mut token = None;
    loop {
        let (next, task) = match send::<L>(&client, token.clone()).await {
            Ok(Sent::Raw(raw)) => {
                let (client, asked) = (client.clone(), token.clone());
                let next = raw.next_token.clone();
                (next, tokio::spawn(decode_page::<L>(raw, client, asked)))
            }
            Ok(Sent::Decoded(page)) => (
                page.next_token.clone(),
                tokio::spawn(async move { Ok(page) }),
            ),
            Err(e) => {
                let _ = tx.send(Ahead::Failed(e)).await;
                return;
            }
        };
        if tx.send(Ahead::Decoding(task)).await.is_err() {
            return;
        }
        match next {
            Some(next) => token = Some(next),
            None => return,
        }
    }
}

/// Decodes a page read ahead, on the blocking pool. One that does not decode here is asked
/// for again the usual way, so that the SDK's reader judges it as it judges every other
/// answer.
async fn decode_page<L: Listing>(
    raw: RawPage,
    client: Client,
    asked: Option<String>,
) -> Result<Page<L::Item>, ApiError> {
    let RawPage { body, next_token } = raw;
    let decoded = tokio::task::spawn_blocking(move || L::decode(&body))
        .await
        .map_err(stopped)?;
    match decoded {
        Some(items) => Ok(Page { items, next_token }),
        None => L::again(client, asked).await,
    }
}
