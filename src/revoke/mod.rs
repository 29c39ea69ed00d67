//! Pure planning and reporting of revokes: marked rules become calls (one per group and
//! direction, rules named by id), and calls plus the state after a refresh become a per-rule
//! outcome. No I/O here.

use std::collections::{BTreeMap, HashSet};

use crate::ec2::{ApiError, DryRunVerdict, RevokeRequest, Sent, codes};
use crate::model::{Direction, Rule};

/// One call of a plan, with the rules it names as they were when it was planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCall {
    pub request: RevokeRequest,
    pub rules: Vec<Rule>,
}

/// Every call needed to revoke a set of rules: the fewest possible, one per group and direction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevokePlan {
    pub calls: Vec<PlannedCall>,
}

impl RevokePlan {
    /// Groups the rules by group and direction, in a stable order (group id, inbound first).
    pub fn by_rule_ids<'a>(rules: impl IntoIterator<Item = &'a Rule>) -> Self {
        let mut by_call: BTreeMap<(&str, Direction), Vec<&Rule>> = BTreeMap::new();
        for rule in rules {
            by_call
                .entry((rule.group_id.as_str(), rule.direction))
                .or_default()
                .push(rule);
        }
        let calls = by_call
            .into_iter()
            .map(|((group_id, direction), mut rules)| {
                rules.sort_by(|a, b| a.id.cmp(&b.id));
                rules.dedup_by(|a, b| a.id == b.id);
                PlannedCall {
                    request: RevokeRequest::by_ids(
                        group_id,
                        direction,
                        rules.iter().map(|r| r.id.clone()).collect(),
                    ),
                    rules: rules.into_iter().cloned().collect(),
                }
            })
            .collect();
        Self { calls }
    }

    pub fn rule_count(&self) -> usize {
        self.calls.iter().map(|c| c.rules.len()).sum()
    }

    /// The groups the plan touches, each once.
    pub fn group_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .calls
            .iter()
            .map(|c| c.request.group_id.clone())
            .collect();
        ids.dedup();
        ids
    }
}

/// What happened to one call of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallResult {
    /// Held back, e.g. because its dry run was denied.
    NotSent(ApiError),
    Sent(Sent),
}

impl CallResult {
    /// A call whose dry-run verdict was anything but allowed is not sent.
    pub fn held_back(verdict: &DryRunVerdict) -> Option<Self> {
        match verdict {
            DryRunVerdict::Allowed => None,
            DryRunVerdict::Denied(message) => Some(Self::NotSent(ApiError::new(
                codes::UNAUTHORIZED,
                format!("not sent: the dry run was denied ({message})"),
            ))),
            DryRunVerdict::Failed(e) => Some(Self::NotSent(ApiError::new(
                e.code.clone(),
                format!("not sent: the dry run failed ({})", e.message),
            ))),
        }
    }
}

/// What became of one marked rule, judged from the state after the refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Gone now.
    Revoked,
    /// Still there although the call succeeded.
    Left,
    /// Named by EC2 in `UnknownIpPermissions`.
    Unmatched(String),
    /// The call failed or was not sent; nothing of it was revoked.
    Failed(ApiError),
    /// Removed by someone else between loading and revoking.
    AlreadyGone,
    /// The call succeeded but the refresh that would prove it failed.
    Unverified(ApiError),
}

impl Outcome {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Revoked => "revoked",
            Self::Left => "left",
            Self::Unmatched(_) => "unmatched",
            Self::Failed(_) => "failed",
            Self::AlreadyGone => "already gone",
            Self::Unverified(_) => "unverified",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOutcome {
    pub rule: Rule,
    /// Index of the call in the plan that this outcome came from.
    pub call: usize,
    pub outcome: Outcome,
}

/// Judges every rule of the plan from the calls' results and the rules present after the
/// refresh (`Err` if the refresh failed). The response alone is never trusted.
pub fn report(
    plan: &RevokePlan,
    results: &[CallResult],
    after: Result<&[Rule], &ApiError>,
) -> Vec<RuleOutcome> {
    let present: Option<HashSet<&str>> = after
        .ok()
        .map(|rules| rules.iter().map(|r| r.id.as_str()).collect());
    let mut outcomes = Vec::with_capacity(plan.rule_count());
    for (index, call) in plan.calls.iter().enumerate() {
        let result = results.get(index);
        for rule in &call.rules {
            let outcome = match result {
                None => Outcome::Failed(ApiError::new(codes::NOT_SENT, "the call was never made")),
                Some(CallResult::Sent(sent)) if sent.already_gone.contains(&rule.id) => {
                    Outcome::AlreadyGone
                }
                Some(CallResult::NotSent(e))
                | Some(CallResult::Sent(Sent { result: Err(e), .. })) => Outcome::Failed(e.clone()),
                Some(CallResult::Sent(Sent {
                    result: Ok(response),
                    ..
                })) if !response.returned => Outcome::Failed(ApiError::new(
                    codes::RETURN_FALSE,
                    "EC2 answered Return=false without an error",
                )),
                Some(CallResult::Sent(Sent { result: Ok(_), .. })) => match (&present, after) {
                    (Some(present), _) if present.contains(rule.id.as_str()) => Outcome::Left,
                    (Some(_), _) => Outcome::Revoked,
                    (None, Err(e)) => Outcome::Unverified(e.clone()),
                    (None, Ok(_)) => unreachable!("present is Some when after is Ok"),
                },
            };
            outcomes.push(RuleOutcome {
                rule: rule.clone(),
                call: index,
                outcome,
            });
        }
    }
    outcomes
}

#[cfg(test)]
mod tests;
