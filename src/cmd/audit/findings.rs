//! The findings of an audit: one per signal a rule carries (risky, wide, redundant, stale) and
//! one per unused group, each with the reason it was raised. Pure: plain values in, plain
//! values out.

use serde::Serialize;

use crate::analysis::{Matcher, Signals, Usage};
use crate::cli::FailOn;
use crate::inventory::Inventory;
use crate::model::{Direction, Rule, SecurityGroup, properties_text};

/// What a finding is about: a signal of a rule, or an unused group.
pub use crate::model::Signal;

/// What a signal is a signal of, in a count: `3 risky rule(s)`, `1 unused group(s)`.
pub fn counted(signal: Signal) -> &'static str {
    if signal.of_groups() {
        "group(s)"
    } else {
        "rule(s)"
    }
}

/// Whether a finding of `signal` makes the audit fail under `fail_on`.
pub fn fails(signal: Signal, fail_on: &[FailOn]) -> bool {
    fail_on.iter().any(|f| match f {
        FailOn::Any => true,
        FailOn::Risky => signal == Signal::Risky,
        FailOn::Wide => signal == Signal::Wide,
        FailOn::Redundant => signal == Signal::Redundant,
        FailOn::Stale => signal == Signal::Stale,
        FailOn::Unused => signal == Signal::Unused,
    })
}

/// One signal raised on one rule, or one unused group. Text is carried exactly as EC2 gave it
/// (untrusted): each format escapes it its own way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub signal: Signal,
    pub region: Option<String>,
    pub group_id: String,
    pub group_name: String,
    pub vpc_id: Option<String>,
    /// The rule's id; none for an unused group, and for a rule of a snapshot without its
    /// rules file (`DescribeSecurityGroups` names no rule ids).
    pub rule_id: Option<String>,
    /// The rule's direction, protocol, ports and peer (`in tcp 22 0.0.0.0/0`); none for an
    /// unused group.
    pub properties: Option<String>,
    /// Why the signal was raised.
    pub reason: String,
}

impl Finding {
    fn of_group(region: Option<&str>, group: &SecurityGroup, signal: Signal, why: String) -> Self {
        Self {
            signal,
            region: region.map(str::to_string),
            group_id: group.id.clone(),
            group_name: group.name.clone(),
            vpc_id: group.vpc_id.clone(),
            rule_id: None,
            properties: None,
            reason: why,
        }
    }

    fn of_rule(
        region: Option<&str>,
        group: &SecurityGroup,
        rule: &Rule,
    ) -> impl Fn(Signal, String) -> Self {
        let base = Self {
            rule_id: rule.ec2_id().map(str::to_string),
            properties: Some(properties(rule)),
            ..Self::of_group(region, group, Signal::Risky, String::new())
        };
        move |signal, reason| Self {
            signal,
            reason,
            ..base.clone()
        }
    }

    /// Where it is: `REGION/GROUP_ID/RULE_ID`, without the parts it lacks.
    pub fn location(&self) -> String {
        let parts = [
            self.region.as_deref(),
            Some(&self.group_id),
            self.rule_id.as_deref(),
        ];
        parts.into_iter().flatten().collect::<Vec<_>>().join("/")
    }
}

/// A rule's direction, protocol, ports and peer.
fn properties(rule: &Rule) -> String {
    let direction = match rule.direction {
        Direction::Inbound => "in",
        Direction::Outbound => "out",
    };
    let what = properties_text(rule.protocol, rule.ports, &rule.peer);
    format!("{direction} {what}")
}

/// Every finding among the groups and rules `matcher` shows: groups in the groups pane's
/// order, each group's unused finding first, then its inbound then outbound rules' signals.
pub fn findings(
    inventory: &Inventory,
    region: Option<&str>,
    matcher: &Matcher,
    signals: &Signals,
) -> Vec<Finding> {
    let mut found = Vec::new();
    for group in inventory.groups() {
        let rules = inventory.rules_of(&group.id);
        let usage = signals.group(&group.id).usage;
        if usage == Usage::Unused && matcher.group(group, rules.all()).shown {
            found.push(Finding::of_group(
                region,
                group,
                Signal::Unused,
                usage.reason(),
            ));
        }
        for rule in rules.all() {
            let explained = signals.rule(&rule.id).explained();
            if explained.is_empty() || matcher.rule(group, rule).is_none() {
                continue;
            }
            let finding = Finding::of_rule(region, group, rule);
            found.extend(explained.into_iter().map(|(s, why)| finding(s.into(), why)));
        }
    }
    found
}

/// How many findings there are of each signal, in [`Signal::ALL`]'s order.
pub fn counts(findings: &[Finding]) -> [(Signal, usize); 5] {
    Signal::ALL.map(|s| (s, findings.iter().filter(|f| f.signal == s).count()))
}

#[cfg(test)]
#[path = "findings_tests.rs"]
mod tests;
