//! Sending a revoke by ids when some of the rules may have vanished since they were loaded.

use super::{ApiError, Ec2, RevokeRequest, RevokeResponse, RevokeTarget};

/// What a sent call came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The answer of the last call made (the retry, if there was one).
    pub result: Result<RevokeResponse, ApiError>,
    /// Ids of the call that no longer existed (removed by someone else since loading).
    pub already_gone: Vec<String>,
    /// The first call's error, when a retry with the remaining ids followed it.
    pub first_error: Option<ApiError>,
}

impl Sent {
    pub fn plain(result: Result<RevokeResponse, ApiError>) -> Self {
        Self {
            result,
            already_gone: Vec::new(),
            first_error: None,
        }
    }
}

/// Sends a revoke. A call by ids is all or nothing, so when it fails because an id is unknown,
/// this looks up which ids still exist, retries with those, and reports the rest as already gone
/// instead of failing the whole group.
pub async fn revoke_recovering<B: Ec2>(backend: &B, request: RevokeRequest) -> Sent {
    let result = backend.revoke(request.clone(), false).await;
    let error = match result {
        Err(e) if e.is_rule_not_found() => e,
        other => return Sent::plain(other),
    };
    let RevokeTarget::RuleIds(ids) = &request.target else {
        return Sent::plain(Err(error));
    };
    let present = match backend
        .describe_rules_of_groups(vec![request.group_id.clone()])
        .await
    {
        Ok(rules) => rules,
        Err(_) => return Sent::plain(Err(error)),
    };
    let exists = |id: &String| {
        present
            .iter()
            .any(|r| &r.id == id && r.direction == request.direction)
    };
    let (still, gone): (Vec<String>, Vec<String>) = ids.iter().cloned().partition(exists);
    if gone.is_empty() {
        // Every id exists, so the error meant something else: report it as it came.
        return Sent::plain(Err(error));
    }
    let result = if still.is_empty() {
        Err(error.clone())
    } else {
        let retry = RevokeRequest::by_ids(request.group_id.clone(), request.direction, still);
        backend.revoke(retry, false).await
    };
    Sent {
        result,
        already_gone: gone,
        first_error: Some(error),
    }
}
