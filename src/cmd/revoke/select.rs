//! What `sgtui revoke` is asked to revoke, and the plan it comes to over the loaded account:
//! rule ids (each must exist), a rule spec in some groups (by properties, as the TUI's `R`
//! prompt plans it), or every rule a filter matches (as `sgtui export` selects its rows).
//! Pure: plain values in, a plan or what is wrong out.

use crate::analysis::{Matcher, Signals, matching};
use crate::cli::RevokeArgs;
use crate::cmd::Failure;
use crate::ec2::Permission;
use crate::inventory::Inventory;
use crate::model::RuleSpec;
use crate::model::lang::Filter;
use crate::present::inert;
use crate::revoke::RevokePlan;

/// The rules to revoke, as the command line names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    RuleIds(Vec<String>),
    Spec { spec: RuleSpec, groups: Vec<String> },
    Filter(Filter),
}

/// A selection, and what the parser had to say about what was typed (a CIDR made canonical).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub selection: Selection,
    pub notes: Vec<String>,
}

impl Selection {
    /// Reads the arguments; a malformed spec or filter is named with the flag it came from.
    pub fn parse(args: &RevokeArgs) -> Result<Parsed, String> {
        let (selection, notes) = if let Some(text) = &args.spec {
            let parsed = RuleSpec::parse(text).map_err(|e| format!("--spec: {e}"))?;
            let groups = args.group.clone();
            (
                Self::Spec {
                    spec: parsed.spec,
                    groups,
                },
                parsed.notes,
            )
        } else if let Some(text) = &args.filter {
            let filter = Filter::parse(text).map_err(|e| format!("--filter: {e}"))?;
            if filter.terms.is_empty() {
                return Err(
                    "--filter: an empty filter matches every rule; name the rules to \
                            revoke"
                        .into(),
                );
            }
            (Self::Filter(filter), Vec::new())
        } else {
            (Self::RuleIds(args.rule_id.clone()), Vec::new())
        };
        Ok(Parsed { selection, notes })
    }

    /// The plan over `inventory`: the calls the TUI would make for the same rules. Ids the
    /// account does not hold (rules, or the spec's groups) are named, inert, as an error.
    pub fn plan(&self, inventory: &Inventory, signals: &Signals) -> Result<RevokePlan, Failure> {
        match self {
            Self::RuleIds(ids) => {
                let unknown = unknown(ids, |id| inventory.has_rule(id));
                if !unknown.is_empty() {
                    return Err(Failure::new(
                        format!("--rule-id: no rule {unknown} here; nothing was sent"),
                        "List the rules with their ids: sgtui export --format table",
                    ));
                }
                Ok(RevokePlan::by_rule_ids(
                    ids.iter().filter_map(|id| inventory.rule(id)),
                ))
            }
            Self::Spec { spec, groups } => {
                let unknown = unknown(groups, |id| inventory.group(id).is_some());
                if !unknown.is_empty() {
                    return Err(Failure::new(
                        format!("--group: no group {unknown} here; nothing was sent"),
                        "List the groups with their ids: sgtui export --format table",
                    ));
                }
                let mut groups = groups.clone();
                dedup_keeping_order(&mut groups);
                let permission = Permission {
                    protocol: spec.protocol,
                    ports: spec.ports,
                    peers: vec![spec.peer.clone()],
                };
                Ok(RevokePlan::by_properties(
                    spec.direction,
                    &permission,
                    (groups.iter()).map(|g| (g.as_str(), inventory.rules_of(g).of(spec.direction))),
                ))
            }
            Self::Filter(filter) => {
                let matcher = Matcher::new(filter, inventory.network()).with_signals(Some(signals));
                Ok(RevokePlan::by_rule_ids(
                    matching(inventory, &matcher).map(|(_, rule)| rule),
                ))
            }
        }
    }
}

/// The ids `known` rejects, inert and comma-separated (empty when there are none).
fn unknown(ids: &[String], known: impl Fn(&str) -> bool) -> String {
    let mut unknown: Vec<String> = (ids.iter())
        .filter(|id| !known(id))
        .map(|id| inert(id).into_owned())
        .collect();
    dedup_keeping_order(&mut unknown);
    unknown.join(", ")
}

fn dedup_keeping_order(ids: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
}

#[cfg(test)]
#[path = "select_tests.rs"]
mod tests;
