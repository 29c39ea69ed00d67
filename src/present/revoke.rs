//! A revoke as a person reads it: the plan's calls, their dry-run verdicts, what became of each
//! rule and the tally. The TUI's preview and results and `sgtui revoke` say the same words.

use super::{Names, group_label, inert};
use crate::ec2::{DryRunVerdict, RevokeRequest, RevokeTarget};
use crate::model::{OutcomeKind as K, Tally};
use crate::revoke::{ListedByEc2, Outcome, RevokePlan};

/// `s` when `n` is not one.
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// What the plan is, before anything is sent: `2 calls naming 3 rules. Nothing has been
/// changed yet.`, with the typed peers that match no rule counted.
pub fn plan_heading(plan: &RevokePlan) -> String {
    let (calls, rules) = (plan.calls.len(), plan.rule_count());
    let unmatched = match plan.calls.iter().map(|c| c.unmatched.len()).sum::<usize>() {
        0 => String::new(),
        n => format!(" and {n} typed peer(s) that match no rule"),
    };
    let mut regions: Vec<&str> = (plan.calls.iter())
        .filter_map(|c| crate::model::scope::region_of(&c.request.group_id))
        .collect();
    regions.dedup();
    let regions = match regions.len() {
        0 | 1 => String::new(),
        n => format!(" in {n} regions"),
    };
    format!(
        "{calls} call{} naming {rules} rule{}{unmatched}{regions}. Nothing has been changed yet.",
        plural(calls),
        plural(rules)
    )
}

/// What a call acts on, after its action: `sg-… (web) · 2 rules by id`.
pub fn call_subject(request: &RevokeRequest, names: &impl Names) -> String {
    format!(
        "{} · {}",
        group_label(&request.group_id, names),
        naming(request)
    )
}

/// How a call names what it revokes: by rule ids, or by `IpPermissions`.
fn naming(request: &RevokeRequest) -> String {
    match &request.target {
        RevokeTarget::RuleIds(ids) => format!("{} rule{} by id", ids.len(), plural(ids.len())),
        RevokeTarget::Permissions(permissions) => format!(
            "IpPermissions [{}]",
            permissions
                .iter()
                .flat_map(|p| p.texts())
                .map(|t| inert(&t).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A call's dry-run verdict: `dry run: ✔ allowed (DryRunOperation)`, or why it is held back.
pub fn verdict(verdict: &DryRunVerdict) -> String {
    match verdict {
        DryRunVerdict::Allowed => "dry run: ✔ allowed (DryRunOperation)".into(),
        DryRunVerdict::Denied(m) => format!(
            "dry run: ✘ denied (UnauthorizedOperation), will not be sent: {}",
            inert(m)
        ),
        DryRunVerdict::Failed(e) => format!(
            "dry run: ✘ failed, will not be sent: {}",
            inert(&e.to_string())
        ),
    }
}

/// What a typed peer that matches no rule of a group comes to there.
pub fn unmatched_note(text: &str) -> String {
    format!(
        "no rule matches {} here: in a default VPC EC2 answers it as unmatched; in any other VPC \
         the call fails and revokes nothing in this group",
        inert(text)
    )
}

/// `N of M calls allowed by the dry run.`
pub fn allowed_line(allowed: usize, calls: usize) -> String {
    format!("{allowed} of {calls} calls allowed by the dry run.")
}

/// The question before anything is sent.
pub fn question(rules: usize, calls: usize) -> String {
    format!("Revoke {rules} rule(s) in {calls} call(s)?")
}

/// What an outcome adds to its label, if anything: why it failed, what EC2 did not match.
pub fn outcome_detail(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Revoked => None,
        Outcome::AlreadyGone => {
            Some("already gone: removed by someone else before this call".into())
        }
        Outcome::Left => Some("the call succeeded but the rule is still there".into()),
        Outcome::Unmatched(t) => Some(format!("EC2 did not match: {}", inert(t))),
        Outcome::Failed(e) => Some(inert(&e.to_string()).into_owned()),
        Outcome::Unverified(e) => Some(format!(
            "sent, but the refresh failed: {}",
            inert(&e.to_string())
        )),
    }
}

/// Where EC2's own answer named a rule.
pub fn listed_note(listed: ListedByEc2) -> &'static str {
    match listed {
        ListedByEc2::RevokedSecurityGroupRules => {
            "EC2's answer listed it in RevokedSecurityGroupRules"
        }
        ListedByEc2::UnknownIpPermissions => "EC2's answer listed it in UnknownIpPermissions",
    }
}

/// `call #2 RevokeSecurityGroupEgress sg-… (web)`: the call an outcome came from.
pub fn from_call(index: usize, request: &RevokeRequest, names: &impl Names) -> String {
    format!(
        "call #{} {} {}",
        index + 1,
        request.action(),
        group_label(&request.group_id, names)
    )
}

/// The tally of a finished batch: `Revoke finished: 2 revoked, 0 already gone, …`.
pub fn summary(tally: &Tally) -> String {
    format!(
        "Revoke finished: {} revoked, {} already gone, {} left, {} unmatched, {} failed{}.",
        tally.get(K::Revoked),
        tally.get(K::AlreadyGone),
        tally.get(K::Left),
        tally.get(K::Unmatched),
        tally.get(K::Failed),
        match tally.get(K::Unverified) {
            0 => String::new(),
            n => format!(", {n} unverified"),
        }
    )
}
