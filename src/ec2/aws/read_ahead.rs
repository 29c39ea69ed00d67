//! The rules listing read ahead (`Ec2::rules_pages` of the SDK backend): each page is asked
//! for as soon as the one before has come, its token read without decoding it, and each page
//! is decoded on a task of its own, so that reading and decoding overlap.

use aws_sdk_ec2::Client;

use super::calls::{PAGE_SIZE, rules_page, stopped};
use super::client::api_error;
use super::convert::{blank_to_none, rule_of};
use super::decode;
use crate::ec2::{ApiError, Page};
use crate::model::Rule;

/// How many pages of rules are read ahead of the one being decoded.
const PAGES_AHEAD: usize = 2;

/// Every page of `DescribeSecurityGroupRules`, in order: a task asks for each page as soon as
/// the one before has come (its token is read without decoding it) and decodes each on a task
/// of its own, so that reading and decoding overlap. The stream ends after the first error.
pub(super) fn rules_pipeline(
    client: Client,
) -> impl futures::Stream<Item = Result<Page<Rule>, ApiError>> + Send + 'static {
    let (tx, rx) = tokio::sync::mpsc::channel(PAGES_AHEAD);
    tokio::spawn(read_rules_ahead(client, tx));
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
enum Ahead {
    Decoding(tokio::task::JoinHandle<Result<Page<Rule>, ApiError>>),
    Failed(ApiError),
}

/// Reads the pages one after another, handing each on to be decoded, until the last page, an
/// error, or the reader going away.
async fn read_rules_ahead(client: Client, tx: tokio::sync::mpsc::Sender<Ahead>) {
    let mut token = None;
    loop {
        let slot = decode::Slot::default();
        let call = (client.describe_security_group_rules())
            .max_results(PAGE_SIZE)
            .set_next_token(token.clone())
            .customize()
            .config_override(decode::decoding(&client, decode::RAW_RULES, &slot));
        let sent = match call.send().await {
            Ok(out) => out,
            Err(e) => {
                let _ = tx.send(Ahead::Failed(api_error(e))).await;
                return;
            }
        };
        let (next, task) = match decode::take(&slot) {
            Some(raw) => {
                let (client, asked) = (client.clone(), token.clone());
                let next = raw.next_token.clone();
                (next, tokio::spawn(decode_rules(raw, client, asked)))
            }
            // The SDK read it (its client has no HTTP client of ours to wrap).
            None => {
                let page = Page {
                    items: sent.security_group_rules().iter().map(rule_of).collect(),
                    next_token: blank_to_none(sent.next_token),
                };
                (
                    page.next_token.clone(),
                    tokio::spawn(async move { Ok(page) }),
                )
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

/// Decodes a page read ahead. One that does not decode here is asked for again the usual way,
/// so that the SDK's reader judges it as it judges every other answer.
async fn decode_rules(
    raw: decode::RawRules,
    client: Client,
    asked: Option<String>,
) -> Result<Page<Rule>, ApiError> {
    match decode::rules_page(&raw.body) {
        Some(page) => Ok(Page {
            items: page.rules,
            next_token: raw.next_token,
        }),
        None => rules_page(&client, None, asked).await,
    }
}
