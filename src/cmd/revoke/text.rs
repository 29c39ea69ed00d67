//! What `sgtui revoke` prints on stdout: where it acts, the plan with each call's dry-run
//! verdict as the TUI's preview lists it, and each rule's outcome as its results list them.
//! Pure: lines of text, every untrusted part inert.

use crate::analysis::Signals;
use crate::ec2::{Connection, DryRunVerdict};
use crate::inventory::Inventory;
use crate::model::Tally;
use crate::present::revoke as say;
use crate::present::{inert, rule_line};
use crate::revoke::{RevokePlan, RuleOutcome, Subject};

/// Where the calls go: `Region eu-west-1, account 123456789012`, with the profile and the
/// endpoint when there are; what is not known is left out.
pub fn where_line(connection: &Connection) -> String {
    let region = connection.region.as_deref().map_or("?".into(), inert);
    let mut line = format!("Region {region}");
    for (what, value) in [
        ("account", &connection.account_id),
        ("profile", &connection.profile),
        ("endpoint", &connection.endpoint),
    ] {
        if let Some(value) = value {
            line.push_str(&format!(", {what} {}", inert(value)));
        }
    }
    line
}

/// The plan: its heading, then each call with its verdict (when there is one), the rules it
/// names with why their signals matter, and the typed peers that match no rule.
pub fn plan(
    plan: &RevokePlan,
    verdicts: &[DryRunVerdict],
    inventory: &Inventory,
    signals: &Signals,
) -> Vec<String> {
    let mut lines = vec![say::plan_heading(plan)];
    for (i, call) in plan.calls.iter().enumerate() {
        let r = &call.request;
        lines.push(format!(
            "{:>2}. {} {}",
            i + 1,
            r.action(),
            say::call_subject(r, inventory)
        ));
        if let Some(verdict) = verdicts.get(i) {
            lines.push(format!("    {}", say::verdict(verdict)));
        }
        for rule in &call.rules {
            let mut line = format!("      {}", rule_line(rule, inventory));
            let reasons = signals.rule(&rule.id).reasons();
            if !reasons.is_empty() {
                line.push_str(&format!("  ({})", inert(&reasons.join("; "))));
            }
            lines.push(line);
        }
        for text in &call.unmatched {
            lines.push(format!("      {}", say::unmatched_note(text)));
        }
    }
    if !verdicts.is_empty() {
        lines.push(say::allowed_line(allowed(verdicts), plan.calls.len()));
    }
    lines
}

/// How many calls their dry run allowed.
pub fn allowed(verdicts: &[DryRunVerdict]) -> usize {
    (verdicts.iter())
        .filter(|v| matches!(v, DryRunVerdict::Allowed))
        .count()
}

/// What became of each rule (and typed peer), with the call it came from and why, then the
/// tally.
pub fn outcomes(plan: &RevokePlan, outcomes: &[RuleOutcome], inventory: &Inventory) -> Vec<String> {
    const INDENT: &str = "             ";
    let mut lines = Vec::new();
    for o in outcomes {
        let subject = match &o.subject {
            Subject::Rule(rule) => rule_line(rule, inventory),
            Subject::Properties(text) => format!("(no rule) {}", inert(text)),
        };
        lines.push(format!("{:<12} {subject}", o.outcome.label()));
        let call = &plan.calls[o.call].request;
        lines.push(format!(
            "{INDENT}{}",
            say::from_call(o.call, call, inventory)
        ));
        if let Some(listed) = o.listed {
            lines.push(format!("{INDENT}{}", say::listed_note(listed)));
        }
        if let Some(detail) = say::outcome_detail(&o.outcome) {
            lines.push(format!("{INDENT}{detail}"));
        }
    }
    let tally = Tally::of(outcomes.iter().map(|o| o.outcome.kind()));
    lines.push(say::summary(&tally));
    lines
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
