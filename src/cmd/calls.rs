//! The calls of the commands without the TUI, made a few at once as the TUI makes them.

use std::future::Future;

use futures::StreamExt;

use crate::ec2::CALL_CONCURRENCY;

/// `call` on every item, at most [`CALL_CONCURRENCY`] at once; the answers in the items' order.
pub async fn bounded<T, R, Fut>(
    items: impl IntoIterator<Item = T>,
    call: impl FnMut(T) -> Fut,
) -> Vec<R>
where
    Fut: Future<Output = R>,
{
    futures::stream::iter(items)
        .map(call)
        .buffered(CALL_CONCURRENCY)
        .collect()
        .await
}
