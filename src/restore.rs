//! Undo, planned: the rules a journaled batch revoked become authorize requests, with their
//! descriptions and tags. Pure: the calls are made by the runtime (TUI) and `sgtui restore`.

use crate::ec2::{ApiError, AuthorizeRequest, DryRunVerdict, codes};
use std::collections::HashMap;

use crate::journal::{BatchOutcome, Entry, Intent, OutcomeRecord, RestoreRecord};
use crate::model::OutcomeKind;

/// One rule to put back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreItem {
    /// The id the rule had; a re-created rule gets a new one.
    pub original_id: String,
    /// Where its call went (and where it is put back), when the journal says.
    pub region: Option<String>,
    pub request: AuthorizeRequest,
}

/// What restoring a batch will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestorePlan {
    pub batch: String,
    pub time: String,
    pub region: Option<String>,
    pub items: Vec<RestoreItem>,
    /// Rules of the batch that are not put back, and why (they were not revoked by it).
    pub skipped: Vec<(String, String)>,
}

impl RestorePlan {
    /// The regions its rules go back to, each once, in the order they first come.
    pub fn regions(&self) -> Vec<String> {
        let mut regions: Vec<String> = Vec::new();
        let each = (self.items.iter()).filter_map(|i| i.region.as_ref().or(self.region.as_ref()));
        for region in each {
            if !regions.contains(region) {
                regions.push(region.clone());
            }
        }
        regions
    }

    /// The plan for several regions side by side: each request's ids scoped to its item's
    /// region ([`crate::ec2::Fleet`] sends it there, plain).
    pub fn scoped(mut self) -> Self {
        for item in &mut self.items {
            if let Some(region) = &item.region {
                item.request = crate::ec2::scoped_authorize(item.request.clone(), region);
            }
        }
        self
    }
}

/// What became of one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreOutcome {
    /// Re-created, with its new id when EC2 said it.
    Restored(Option<String>),
    /// The rule exists already (`InvalidPermission.Duplicate`): nothing to do.
    AlreadyPresent,
    /// Dry run: the call would be allowed.
    WouldBeAllowed,
    Failed(ApiError),
}

impl RestoreOutcome {
    /// Reads EC2's answer to an authorize call (or to its dry run).
    pub fn of(dry_run: bool, answer: Result<Option<String>, ApiError>) -> Self {
        match (dry_run, answer) {
            (true, answer) => {
                match DryRunVerdict::from_result(answer.map(|_| Default::default())) {
                    DryRunVerdict::Allowed => Self::WouldBeAllowed,
                    DryRunVerdict::Denied(m) => Self::Failed(ApiError::new(codes::UNAUTHORIZED, m)),
                    DryRunVerdict::Failed(e) => Self::Failed(e),
                }
            }
            (false, Ok(id)) => Self::Restored(id),
            (false, Err(e)) if e.code == codes::PERMISSION_DUPLICATE => Self::AlreadyPresent,
            (false, Err(e)) => Self::Failed(e),
        }
    }

    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed(_))
    }

    pub fn kind(&self) -> OutcomeKind {
        match self {
            Self::Restored(_) => OutcomeKind::Restored,
            Self::AlreadyPresent => OutcomeKind::AlreadyPresent,
            Self::WouldBeAllowed => OutcomeKind::WouldBeAllowed,
            Self::Failed(_) => OutcomeKind::Failed,
        }
    }

    pub fn label(&self) -> &'static str {
        self.kind().label()
    }
}

/// A batch of the journal as the history lists it, with its restore already planned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastBatch {
    pub id: String,
    pub time: String,
    /// How many rules the batch meant to revoke.
    pub rules: usize,
    /// How to undo it.
    pub restore: RestorePlan,
}

/// The batches of a journal, oldest first, each planned against its last outcome: one pass
/// over the journal, however long it is.
pub fn history(entries: &[Entry]) -> Vec<PastBatch> {
    let mut outcomes: HashMap<&str, &BatchOutcome> = HashMap::new();
    for entry in entries {
        if let Entry::Outcome(o) = entry {
            outcomes.insert(&o.batch, o);
        }
    }
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Intent(i) => Some(PastBatch {
                id: i.batch.clone(),
                time: i.time.clone(),
                rules: i.calls.iter().map(|c| c.rules.len()).sum(),
                restore: plan_of(i, outcomes.get(i.batch.as_str()).copied()),
            }),
            _ => None,
        })
        .collect()
}

/// Plans the restore of `batch` (or of the last batch of the journal).
pub fn plan(entries: &[Entry], batch: Option<&str>) -> Result<RestorePlan, String> {
    let intent: &Intent = entries
        .iter()
        .rev()
        .filter_map(|e| match e {
            Entry::Intent(i) => Some(i),
            _ => None,
        })
        .find(|i| batch.is_none_or(|b| i.batch == b))
        .ok_or_else(|| match batch {
            Some(b) => format!("the journal has no batch {b}"),
            None => "the journal has no batch".to_string(),
        })?;
    let outcome = entries.iter().rev().find_map(|e| match e {
        Entry::Outcome(o) if o.batch == intent.batch => Some(o),
        _ => None,
    });
    Ok(plan_of(intent, outcome))
}

/// A batch's restore: rules it revoked, or whose fate is unknown because no outcome was
/// journaled (a crash), are put back; rules it did not revoke (failed, left, already gone)
/// are skipped.
fn plan_of(intent: &Intent, outcome: Option<&BatchOutcome>) -> RestorePlan {
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for call in &intent.calls {
        for rule in &call.rules {
            let outcome = outcome.and_then(|o| {
                // The same id may be in two regions of one batch: each outcome names its own.
                o.outcomes
                    .iter()
                    .find(|r| {
                        r.subject == rule.rule_id && (r.region.is_none() || r.region == call.region)
                    })
                    .map(|r| r.outcome)
            });
            match outcome {
                None | Some(OutcomeKind::Revoked) | Some(OutcomeKind::Unverified) => {
                    match rule.authorize_request() {
                        Ok(request) => items.push(RestoreItem {
                            original_id: rule.rule_id.clone(),
                            region: call.region.clone().or_else(|| intent.region.clone()),
                            request,
                        }),
                        Err(why) => skipped.push((rule.rule_id.clone(), why)),
                    }
                }
                Some(other) => skipped.push((
                    rule.rule_id.clone(),
                    format!("not revoked by this batch ({})", other.label()),
                )),
            }
        }
    }
    RestorePlan {
        batch: intent.batch.clone(),
        time: intent.time.clone(),
        region: intent.region.clone(),
        items,
        skipped,
    }
}

/// The journal line of a restore of `of_batch`: each rule's old id and outcome.
pub fn journal_record(of_batch: String, outcomes: &[(String, RestoreOutcome)]) -> RestoreRecord {
    let records = outcomes
        .iter()
        .enumerate()
        .map(|(call, (id, outcome))| {
            let error = match outcome {
                RestoreOutcome::Failed(e) => Some(e),
                _ => None,
            };
            OutcomeRecord {
                call,
                subject: id.clone(),
                region: None,
                outcome: outcome.kind(),
                code: error.map(|e| e.code.clone()),
                message: error.map(|e| e.message.clone()),
            }
        })
        .collect();
    RestoreRecord::new(of_batch, records)
}
