//! Several regions as one backend, for the TUI: their listings are merged as their pages
//! arrive (each region in parallel), every regional id is scoped to its region
//! ([`crate::model::scope`]), and each call goes to the region its ids name, plain. A region
//! that fails says so in its error ([`ApiError::region`]) and the others go on.

mod scope;

pub use scope::scoped_authorize;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::future::Future;

use futures::{Stream, StreamExt, stream};

use super::{
    ApiError, AuthorizeRequest, Connection, Ec2, Page, RevokeRequest, RevokeResponse, codes,
};
use crate::model::scope::{region_of, scoped, unscope_in_place};
use crate::model::{
    NetworkInterface, PrefixList, PrefixListEntry, Rule, SecurityGroup, StaleGroup,
};

/// One backend per region, named by its region.
pub struct Fleet<B> {
    members: Vec<(String, B)>,
}

impl<B: Ec2> Fleet<B> {
    /// `members` in the order the regions were named; each region once.
    pub fn new(members: Vec<(String, B)>) -> Self {
        Self { members }
    }

    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(region, _)| region.as_str())
    }

    /// The place of the region `key` is scoped to.
    fn index_of(&self, key: &str) -> Result<usize, ApiError> {
        let region = region_of(key);
        (self.members.iter())
            .position(|(name, _)| Some(name.as_str()) == region)
            .ok_or_else(|| {
                ApiError::new(
                    codes::NOT_SENT,
                    format!("{key} names no region loaded here; nothing was sent"),
                )
            })
    }

    /// The region `key` is scoped to, and its backend.
    fn member_of(&self, key: &str) -> Result<(&str, &B), ApiError> {
        let (region, backend) = &self.members[self.index_of(key)?];
        Ok((region, backend))
    }

    /// Every region's listing at once, scoped, as one stream. Each page but the last says more
    /// follow; a region's error is said of that region and ends only its own listing.
    fn merged<'a, T, S>(
        &'a self,
        listing: impl Fn(&'a B) -> S,
        scope: fn(T, &str) -> T,
    ) -> impl Stream<Item = Result<Page<T>, ApiError>> + Send + 'a
    where
        S: Stream<Item = Result<Page<T>, ApiError>> + Send + 'a,
        T: Send + 'a,
    {
        let each = self.members.iter().map(|(region, backend)| {
            listing(backend).map(move |result| match result {
                Ok(page) => Ok(Page {
                    items: page.items.into_iter().map(|i| scope(i, region)).collect(),
                    next_token: Some(MORE.into()),
                }),
                Err(e) => Err(e.in_region(region)),
            })
        });
        let last = Ok(Page {
            items: Vec::new(),
            next_token: None,
        });
        stream::select_all(each.map(StreamExt::boxed)).chain(stream::iter([last]))
    }

    /// One page of a listing walked region after region: the token names the region's place
    /// and its own token (`2:…`).
    async fn sequential<'a, T, Fut>(
        &'a self,
        token: Option<String>,
        fetch: impl Fn(&'a B, Option<String>) -> Fut,
        scope: fn(T, &str) -> T,
    ) -> Result<Page<T>, ApiError>
    where
        Fut: Future<Output = Result<Page<T>, ApiError>>,
    {
        let (index, inner) = match token.as_deref().and_then(|t| t.split_once(':')) {
            Some((index, inner)) => (
                index.parse::<usize>().map_err(|_| bad_token())?,
                (!inner.is_empty()).then(|| inner.to_string()),
            ),
            None if token.is_none() => (0, None),
            None => return Err(bad_token()),
        };
        let Some((region, backend)) = self.members.get(index) else {
            return Err(bad_token());
        };
        let page = fetch(backend, inner)
            .await
            .map_err(|e| e.in_region(region))?;
        let next_token = match page.next_token {
            Some(inner) => Some(format!("{index}:{inner}")),
            None => (index + 1 < self.members.len()).then(|| format!("{}:", index + 1)),
        };
        Ok(Page {
            items: page.items.into_iter().map(|i| scope(i, region)).collect(),
            next_token,
        })
    }

    /// Keys by the region they are scoped to, plain, in the order of the regions.
    fn by_region(&self, keys: Vec<String>) -> Result<BTreeMap<usize, Vec<String>>, ApiError> {
        let mut by_region: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for mut key in keys {
            let index = self.index_of(&key)?;
            unscope_in_place(&mut key);
            by_region.entry(index).or_default().push(key);
        }
        Ok(by_region)
    }

    /// `call` on each region for its share of `keys`, at once; the answers scoped and joined.
    async fn per_region<'a, T, Fut>(
        &'a self,
        keys: Vec<String>,
        call: impl Fn(&'a B, Vec<String>) -> Fut,
        scope: fn(T, &str) -> T,
    ) -> Result<Vec<T>, ApiError>
    where
        Fut: Future<Output = Result<Vec<T>, ApiError>>,
    {
        let calls = self.by_region(keys)?.into_iter().map(|(index, keys)| {
            let (region, backend) = &self.members[index];
            let answer = call(backend, keys);
            async move {
                let items = answer.await.map_err(|e| e.in_region(region))?;
                Ok::<_, ApiError>(
                    items
                        .into_iter()
                        .map(|i| scope(i, region))
                        .collect::<Vec<_>>(),
                )
            }
        });
        let answers = futures::future::try_join_all(calls).await?;
        Ok(answers.into_iter().flatten().collect())
    }
}

impl Fleet<super::AwsEc2> {
    /// One SDK backend per region, each with its own connection (so its own mutating-call
    /// bucket), the rest of `options` shared.
    pub fn on_aws(options: &super::AwsOptions, regions: Vec<String>) -> Self {
        Self::new(
            (regions.into_iter())
                .map(|region| {
                    let options = super::AwsOptions {
                        region: Some(region.clone()),
                        ..options.clone()
                    };
                    (region, super::AwsEc2::new(options))
                })
                .collect(),
        )
    }
}

/// The token of a merged listing's pages before its last: only whether more follow is read.
const MORE: &str = "more";

fn bad_token() -> ApiError {
    ApiError::new(codes::UNEXPECTED_ANSWER, "a page token of no listing here")
}

impl<B: Ec2> Ec2 for Fleet<B> {
    /// Every region's notices, each after its region's name.
    fn notices(&self) -> Option<tokio::sync::broadcast::Receiver<String>> {
        let (tx, rx) = tokio::sync::broadcast::channel(64);
        for (region, backend) in &self.members {
            let Some(mut notices) = backend.notices() else {
                continue;
            };
            let (tx, region) = (tx.clone(), region.clone());
            tokio::spawn(async move {
                while let Ok(text) = notices.recv().await {
                    if tx.send(format!("{region}: {text}")).is_err() {
                        break;
                    }
                }
            });
        }
        Some(rx)
    }

    /// Connects every region at once. Where calls go is the first region that connects, with
    /// every region named; it fails only when no region connects (a region that fails here
    /// fails its listings too, and is said there).
    async fn connect(&self) -> Result<Connection, ApiError> {
        let answers =
            futures::future::join_all(self.members.iter().map(|(_, b)| b.connect())).await;
        let mut first_error = None;
        let mut connected = None;
        for ((region, _), answer) in self.members.iter().zip(answers) {
            match answer {
                Ok(connection) => {
                    connected.get_or_insert(connection);
                }
                Err(e) => {
                    first_error.get_or_insert(e.in_region(region));
                }
            }
        }
        match (connected, first_error) {
            (Some(connection), _) => Ok(Connection {
                region: Some(self.regions().collect::<Vec<_>>().join(", ")),
                ..connection
            }),
            (None, Some(e)) => Err(e),
            (None, None) => Err(ApiError::new(codes::NO_REGION, "no region to load")),
        }
    }

    fn groups_pages(
        &self,
    ) -> impl Stream<Item = Result<Page<SecurityGroup>, ApiError>> + Send + '_ {
        self.merged(|b| b.groups_pages(), scope::group)
    }

    fn rules_pages(&self) -> impl Stream<Item = Result<Page<Rule>, ApiError>> + Send + '_ {
        self.merged(|b| b.rules_pages(), scope::rule)
    }

    fn interfaces_pages(
        &self,
    ) -> impl Stream<Item = Result<Page<NetworkInterface>, ApiError>> + Send + '_ {
        self.merged(|b| b.interfaces_pages(), scope::interface)
    }

    async fn describe_groups_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<SecurityGroup>, ApiError> {
        self.sequential(next_token, |b, t| b.describe_groups_page(t), scope::group)
            .await
    }

    async fn describe_rules_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<Rule>, ApiError> {
        self.sequential(next_token, |b, t| b.describe_rules_page(t), scope::rule)
            .await
    }

    async fn describe_rules_of_groups(
        &self,
        group_ids: Vec<String>,
    ) -> Result<Vec<Rule>, ApiError> {
        self.per_region(
            group_ids,
            |b, ids| b.describe_rules_of_groups(ids),
            scope::rule,
        )
        .await
    }

    async fn describe_interfaces_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<NetworkInterface>, ApiError> {
        self.sequential(
            next_token,
            |b, t| b.describe_interfaces_page(t),
            scope::interface,
        )
        .await
    }

    async fn describe_prefix_lists(&self, ids: Vec<String>) -> Result<Vec<PrefixList>, ApiError> {
        self.per_region(
            ids,
            |b, ids| b.describe_prefix_lists(ids),
            scope::prefix_list,
        )
        .await
    }

    async fn prefix_list_entries(&self, id: String) -> Result<Vec<PrefixListEntry>, ApiError> {
        let (region, backend) = self.member_of(&id)?;
        let mut plain = id.clone();
        unscope_in_place(&mut plain);
        (backend.prefix_list_entries(plain).await).map_err(|e| e.in_region(region))
    }

    async fn describe_stale_groups_page(
        &self,
        vpc_id: String,
        next_token: Option<String>,
    ) -> Result<Page<StaleGroup>, ApiError> {
        let (region, backend) = self.member_of(&vpc_id)?;
        let mut plain = vpc_id.clone();
        unscope_in_place(&mut plain);
        let page = (backend.describe_stale_groups_page(plain, next_token).await)
            .map_err(|e| e.in_region(region))?;
        Ok(Page {
            items: (page.items.into_iter())
                .map(|g| scope::stale(g, region))
                .collect(),
            next_token: page.next_token,
        })
    }

    async fn revoke(
        &self,
        request: RevokeRequest,
        dry_run: bool,
    ) -> Result<RevokeResponse, ApiError> {
        let (region, backend) = self.member_of(&request.group_id)?;
        let mut response = (backend.revoke(scope::plain_revoke(request), dry_run).await)
            .map_err(|e| e.in_region(region))?;
        for id in response.revoked_rule_ids.iter_mut().flatten() {
            *id = scoped(id, region);
        }
        Ok(response)
    }

    async fn authorize(
        &self,
        request: AuthorizeRequest,
        dry_run: bool,
    ) -> Result<Option<String>, ApiError> {
        let (region, backend) = self.member_of(&request.group_id)?;
        let answer = backend
            .authorize(scope::plain_authorize(request), dry_run)
            .await;
        let id = answer.map_err(|e| e.in_region(region))?;
        Ok(id.map(|id| scoped(&id, region)))
    }
}
