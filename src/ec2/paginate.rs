//! Walking a paginated describe call: one paginator for every `Describe*` call, whatever the
//! backend, so that none of them writes its own token loop.

use std::future::Future;

use futures::{Stream, TryStreamExt, stream};

use super::{ApiError, Page};

/// The pages of a describe call, one by one, as they arrive. `fetch` is called first with no
/// token, then with the `next_token` of the page before. The stream ends after the page that
/// has no next token, or after the first error, which it yields as its last item.
pub fn pages<T, F, Fut>(fetch: F) -> impl Stream<Item = Result<Page<T>, ApiError>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    // The state is the fetch and the token to send, or nothing once the last page is out.
    stream::unfold(Some((fetch, None)), |state| async move {
        let (mut fetch, token) = state?;
        let result = fetch(token).await;
        let next = match &result {
            Ok(page) => page.next_token.clone().map(|token| (fetch, Some(token))),
            Err(_) => None,
        };
        Some((result, next))
    })
}

/// The items of every page of a describe call, in order; the first error fails the whole.
pub async fn collect_all<T, F, Fut>(fetch: F) -> Result<Vec<T>, ApiError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<Page<T>, ApiError>>,
{
    pages(fetch)
        .try_fold(Vec::new(), |mut items, page| async move {
            items.extend(page.items);
            Ok(items)
        })
        .await
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use futures::StreamExt;

    use super::*;

    type Answer = Result<Page<u32>, ApiError>;

    fn page(items: &[u32], next: Option<&str>) -> Answer {
        Ok(Page {
            items: items.to_vec(),
            next_token: next.map(str::to_string),
        })
    }

    fn throttled() -> Answer {
        Err(ApiError::new(
            "RequestLimitExceeded",
            "Request limit exceeded.",
        ))
    }

    fn token(t: &str) -> Option<String> {
        Some(t.to_string())
    }

    /// A describe call over fixed answers, keyed by the token that asks for each; it records the
    /// tokens it is called with, and fails the test on a token it has no (more) answer for.
    fn fixed<'a>(
        answers: Vec<(Option<&str>, Answer)>,
        calls: &'a mut Vec<Option<String>>,
    ) -> impl FnMut(Option<String>) -> std::future::Ready<Answer> + 'a {
        let mut answers: HashMap<Option<String>, Answer> = answers
            .into_iter()
            .map(|(token, answer)| (token.map(str::to_string), answer))
            .collect();
        move |token| {
            calls.push(token.clone());
            let answer = answers.remove(&token);
            std::future::ready(answer.unwrap_or_else(|| panic!("no answer for {token:?}")))
        }
    }

    /// Every item [`pages`] yields over the answers, and the tokens it fetched with.
    async fn walk(answers: Vec<(Option<&str>, Answer)>) -> (Vec<Answer>, Vec<Option<String>>) {
        let mut calls = Vec::new();
        let yielded = pages(fixed(answers, &mut calls)).collect().await;
        (yielded, calls)
    }

    #[tokio::test]
    async fn follows_each_next_token_and_stops_after_the_page_without_one() {
        let (yielded, calls) = walk(vec![
            (None, page(&[1, 2], Some("a"))),
            (Some("a"), page(&[3], Some("b"))),
            (Some("b"), page(&[4, 5], None)),
        ])
        .await;
        let expected = vec![
            page(&[1, 2], Some("a")),
            page(&[3], Some("b")),
            page(&[4, 5], None),
        ];
        assert_eq!(yielded, expected);
        assert_eq!(calls, vec![None, token("a"), token("b")]);
    }

    #[tokio::test]
    async fn a_single_page_is_one_call() {
        let (yielded, calls) = walk(vec![(None, page(&[7], None))]).await;
        assert_eq!((yielded, calls), (vec![page(&[7], None)], vec![None]));
    }

    #[tokio::test]
    async fn an_error_is_yielded_and_ends_the_stream() {
        let (yielded, calls) = walk(vec![
            (None, page(&[1], Some("a"))),
            (Some("a"), throttled()),
            (Some("b"), page(&[2], None)),
        ])
        .await;
        assert_eq!(yielded, vec![page(&[1], Some("a")), throttled()]);
        assert_eq!(calls, vec![None, token("a")]);
    }

    #[tokio::test]
    async fn an_error_on_the_first_call_is_the_only_item() {
        let (yielded, calls) = walk(vec![(None, throttled())]).await;
        assert_eq!((yielded, calls), (vec![throttled()], vec![None]));
    }

    #[tokio::test]
    async fn an_empty_last_page_is_still_yielded() {
        let answers = vec![
            (None, page(&[1, 2], Some("a"))),
            (Some("a"), page(&[], None)),
        ];
        let (yielded, calls) = walk(answers).await;
        assert_eq!(yielded, vec![page(&[1, 2], Some("a")), page(&[], None)]);
        assert_eq!(calls, vec![None, token("a")]);
    }

    #[tokio::test]
    async fn fetches_one_page_per_item_pulled() {
        let mut calls = Vec::new();
        let answers = vec![(None, page(&[1], Some("a"))), (Some("a"), page(&[2], None))];
        {
            let mut stream = std::pin::pin!(pages(fixed(answers, &mut calls)));
            assert_eq!(stream.next().await, Some(page(&[1], Some("a"))));
        }
        assert_eq!(calls, vec![None]);
    }

    #[tokio::test]
    async fn collect_all_joins_the_items_of_every_page_in_order() {
        let mut calls = Vec::new();
        let answers = vec![
            (None, page(&[1, 2], Some("a"))),
            (Some("a"), page(&[], Some("b"))),
            (Some("b"), page(&[3], None)),
        ];
        assert_eq!(
            collect_all(fixed(answers, &mut calls)).await,
            Ok(vec![1, 2, 3])
        );
        assert_eq!(calls.len(), 3);
    }

    #[tokio::test]
    async fn collect_all_fails_with_the_first_error() {
        let mut calls = Vec::new();
        let answers = vec![(None, page(&[1], Some("a"))), (Some("a"), throttled())];
        let all = collect_all(fixed(answers, &mut calls)).await;
        assert_eq!(all, Err(throttled().unwrap_err()));
        assert_eq!(calls.len(), 2);
    }
}
