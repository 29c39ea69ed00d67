//! What is gathered from several calls at once: the prefix lists a set of rules names, each
//! with every entry (one `DescribeManagedPrefixLists`, then a `GetManagedPrefixListEntries` per
//! list), and the stale groups of a set of VPCs (`DescribeStaleSecurityGroups` per VPC, all
//! pages), a few calls at a time.

use futures::{StreamExt, TryStreamExt, stream};

use super::{ApiError, Ec2, collect_all};
use crate::model::{PrefixListWithEntries, StaleGroup};

/// How many calls of one kind are under way at once (the stale references of a load too).
pub const GATHER_CONCURRENCY: usize = 4;

/// The prefix lists among `ids` that exist, each with its entries; the first error fails the
/// whole. No ids, no calls: EC2 answers an empty id list with every list of the region.
pub async fn prefix_lists_with_entries<B: Ec2>(
    backend: &B,
    ids: Vec<String>,
) -> Result<Vec<PrefixListWithEntries>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let lists = backend.describe_prefix_lists(ids).await?;
    stream::iter(lists)
        .map(|list| async move {
            let entries = backend.prefix_list_entries(list.id.clone()).await?;
            Ok(PrefixListWithEntries { list, entries })
        })
        .buffer_unordered(GATHER_CONCURRENCY)
        .try_collect()
        .await
}

/// The groups of one VPC that hold stale rules, all pages.
pub async fn stale_groups_in<B: Ec2>(
    backend: &B,
    vpc: String,
) -> Result<Vec<StaleGroup>, ApiError> {
    collect_all(|token| backend.describe_stale_groups_page(vpc.clone(), token)).await
}

/// The groups of `vpcs` that hold stale rules; the first error fails the whole.
pub async fn stale_groups<B: Ec2>(
    backend: &B,
    vpcs: Vec<String>,
) -> Result<Vec<StaleGroup>, ApiError> {
    let per_vpc: Vec<Vec<StaleGroup>> = stream::iter(vpcs)
        .map(|vpc| stale_groups_in(backend, vpc))
        .buffer_unordered(GATHER_CONCURRENCY)
        .try_collect()
        .await?;
    Ok(per_vpc.into_iter().flatten().collect())
}
