//! Pure planning and reporting of revokes: marked rules become calls (one per group and
//! direction, rules named by id), and calls plus the state after a refresh become a per-rule
//! outcome. No I/O here.

use std::collections::{BTreeMap, HashSet};

use crate::ec2::{ApiError, DryRunVerdict, Permission, RevokeRequest, RevokeTarget, Sent, codes};
use crate::model::scope::{region_of, scope_peer, unscope_peer};
use crate::model::{Direction, OutcomeKind, Rule, properties_text};

/// One call of a plan, with the rules it names as they were when it was planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCall {
    pub request: RevokeRequest,
    /// The rules the call removes according to the state when it was planned.
    pub rules: Vec<Rule>,
    /// Peers of a revoke by properties that matched no rule then, as text (`tcp 22 10.0.0.0/8`).
    pub unmatched: Vec<String>,
}

/// Every call needed to revoke a set of rules: the fewest possible, one per group and direction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevokePlan {
    pub calls: Vec<PlannedCall>,
}

impl RevokePlan {
    /// Groups the rules by group and direction, in a stable order (region when several are
    /// loaded, group id, inbound first).
    pub fn by_rule_ids<'a>(rules: impl IntoIterator<Item = &'a Rule>) -> Self {
        let mut by_call: BTreeMap<(Option<&str>, &str, Direction), Vec<&Rule>> = BTreeMap::new();
        for rule in rules {
            let group_id = rule.group_id.as_str();
            by_call
                .entry((region_of(group_id), group_id, rule.direction))
                .or_default()
                .push(rule);
        }
        let calls = by_call
            .into_iter()
            .map(|((_, group_id, direction), mut rules)| {
                rules.sort_by(|a, b| a.id.cmp(&b.id));
                rules.dedup_by(|a, b| a.id == b.id);
                PlannedCall {
                    request: RevokeRequest::by_ids(
                        group_id,
                        direction,
                        rules.iter().map(|r| r.id.clone()).collect(),
                    ),
                    rules: rules.into_iter().cloned().collect(),
                    unmatched: Vec::new(),
                }
            })
            .collect();
        Self { calls }
    }

    /// One call per group for a revoke by properties, with the rules each peer matches in the
    /// current state (`groups` gives each group's rules in `direction`). With several regions
    /// loaded, a typed group or prefix list names the one in each group's own region.
    pub fn by_properties<'a>(
        direction: Direction,
        permission: &Permission,
        groups: impl IntoIterator<Item = (&'a str, &'a [Rule])>,
    ) -> Self {
        let calls = groups
            .into_iter()
            .map(|(group_id, rules)| {
                let mut here = permission.clone();
                if let Some(region) = region_of(group_id) {
                    for peer in &mut here.peers {
                        unscope_peer(peer);
                        scope_peer(peer, region);
                    }
                }
                let mut matched = Vec::new();
                let mut unmatched = Vec::new();
                for (peer, typed) in here.peers.iter().zip(&permission.peers) {
                    match rules.iter().find(|r| {
                        r.direction == direction
                            && r.has_properties(here.protocol, here.ports, peer)
                    }) {
                        Some(rule) => matched.push(rule.clone()),
                        None => unmatched.push(properties_text(
                            permission.protocol,
                            permission.ports,
                            typed,
                        )),
                    }
                }
                PlannedCall {
                    request: RevokeRequest {
                        group_id: group_id.to_string(),
                        direction,
                        target: RevokeTarget::Permissions(vec![here]),
                    },
                    rules: matched,
                    unmatched,
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
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Self::Revoked => OutcomeKind::Revoked,
            Self::Left => OutcomeKind::Left,
            Self::Unmatched(_) => OutcomeKind::Unmatched,
            Self::Failed(_) => OutcomeKind::Failed,
            Self::AlreadyGone => OutcomeKind::AlreadyGone,
            Self::Unverified(_) => OutcomeKind::Unverified,
        }
    }

    pub fn label(&self) -> &'static str {
        self.kind().label()
    }

    /// Whether the rule may still be there although it was meant to go: the call failed (or
    /// was not sent), the rule was left, or the refresh that would tell failed. A typed peer
    /// that EC2 left unmatched had no rule to remove.
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed(_) | Self::Left | Self::Unverified(_))
    }
}

/// What an outcome is about: a rule that existed, or typed properties that matched none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Rule(Rule),
    Properties(String),
}

impl Subject {
    pub fn rule(&self) -> Option<&Rule> {
        match self {
            Self::Rule(rule) => Some(rule),
            Self::Properties(_) => None,
        }
    }
}

/// Where EC2's own answer named a subject, besides what the refresh shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListedByEc2 {
    RevokedSecurityGroupRules,
    UnknownIpPermissions,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOutcome {
    pub subject: Subject,
    /// Whether EC2's answer listed this subject itself (it does not always answer with lists).
    pub listed: Option<ListedByEc2>,
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
        // What failed the call, if it failed; every subject of a failed call failed with it.
        let failure = match result {
            None => Some(ApiError::new(codes::NOT_SENT, "the call was never made")),
            Some(CallResult::NotSent(e)) | Some(CallResult::Sent(Sent { result: Err(e), .. })) => {
                Some(e.clone())
            }
            Some(CallResult::Sent(Sent {
                result: Ok(response),
                ..
            })) if !response.returned => Some(ApiError::new(
                codes::RETURN_FALSE,
                "EC2 answered Return=false without an error",
            )),
            Some(CallResult::Sent(_)) => None,
        };
        let (already_gone, unknown, revoked): (&[String], &[String], &[String]) = match result {
            Some(CallResult::Sent(sent)) => {
                let response = sent.result.as_ref().ok();
                (
                    &sent.already_gone,
                    response
                        .map(|r| r.unknown_permissions.as_slice())
                        .unwrap_or_default(),
                    response
                        .and_then(|r| r.revoked_rule_ids.as_deref())
                        .unwrap_or_default(),
                )
            }
            _ => (&[], &[], &[]),
        };
        for rule in &call.rules {
            let text = properties_text(rule.protocol, rule.ports, &rule.peer);
            let outcome = if already_gone.contains(&rule.id) {
                Outcome::AlreadyGone
            } else if let Some(e) = &failure {
                Outcome::Failed(e.clone())
            } else if unknown.contains(&text) {
                Outcome::Unmatched(text.clone())
            } else {
                match (&present, after) {
                    (Some(present), _) if present.contains(rule.id.as_str()) => Outcome::Left,
                    (Some(_), _) => Outcome::Revoked,
                    (None, Err(e)) => Outcome::Unverified(e.clone()),
                    (None, Ok(_)) => unreachable!("present is Some when after is Ok"),
                }
            };
            let listed = if revoked.contains(&rule.id) {
                Some(ListedByEc2::RevokedSecurityGroupRules)
            } else if unknown.contains(&text) {
                Some(ListedByEc2::UnknownIpPermissions)
            } else {
                None
            };
            outcomes.push(RuleOutcome {
                subject: Subject::Rule(rule.clone()),
                listed,
                call: index,
                outcome,
            });
        }
        for text in &call.unmatched {
            let outcome = match &failure {
                Some(e) => Outcome::Failed(e.clone()),
                None => Outcome::Unmatched(text.clone()),
            };
            outcomes.push(RuleOutcome {
                subject: Subject::Properties(text.clone()),
                listed: unknown
                    .contains(text)
                    .then_some(ListedByEc2::UnknownIpPermissions),
                call: index,
                outcome,
            });
        }
    }
    outcomes
}

#[cfg(test)]
mod tests;
