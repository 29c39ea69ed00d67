//! The prefix lists a set of rules names, each with every entry: one `DescribeManagedPrefixLists`
//! and a `GetManagedPrefixListEntries` per list, a few at a time.

use futures::{StreamExt, TryStreamExt, stream};

use super::{ApiError, Ec2};
use crate::model::PrefixListWithEntries;

/// How many lists' entries are read at once.
const ENTRIES_CONCURRENCY: usize = 4;

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
        .buffer_unordered(ENTRIES_CONCURRENCY)
        .try_collect()
        .await
}
