//! The calls of a revoke without the TUI, as the TUI makes them: a dry run of every call, then
//! the calls their dry run allowed, a few at once, a call by ids that names a rule already gone
//! retried without it ([`revoke_recovering`]), then the groups described again and every rule
//! judged ([`report`]).

use crate::cmd::calls::bounded;
use crate::ec2::{ApiError, DryRunVerdict, Ec2, revoke_recovering};
use crate::revoke::{CallResult, RevokePlan, RuleOutcome, report};

/// The dry-run verdict of every call of `plan`, in its order. Changes nothing.
pub async fn dry_run<B: Ec2>(backend: &B, plan: &RevokePlan) -> Vec<DryRunVerdict> {
    bounded(&plan.calls, |call| async move {
        DryRunVerdict::from_result(backend.revoke(call.request.clone(), true).await)
    })
    .await
}

/// Sends every call of `plan` whose verdict allowed it; the others are held back with theirs.
pub async fn send<B: Ec2>(
    backend: &B,
    plan: &RevokePlan,
    verdicts: &[DryRunVerdict],
) -> Vec<CallResult> {
    bounded(
        plan.calls.iter().zip(verdicts),
        |(call, verdict)| async move {
            match CallResult::held_back(verdict) {
                Some(held) => held,
                None => CallResult::Sent(revoke_recovering(backend, call.request.clone()).await),
            }
        },
    )
    .await
}

/// What became of each rule, judged from the calls' results and the groups described again;
/// with the refresh's error when it failed (the outcomes are then unverified).
pub async fn judged<B: Ec2>(
    backend: &B,
    plan: &RevokePlan,
    results: &[CallResult],
) -> (Vec<RuleOutcome>, Option<ApiError>) {
    let after = backend.describe_rules_of_groups(plan.group_ids()).await;
    let outcomes = report(plan, results, after.as_deref());
    (outcomes, after.err())
}
