//! Undo: re-create the rules a journaled batch revoked, with their descriptions and tags.
//! Planning is pure (journal entries to authorize requests); `sgtui restore` makes the calls.

use crate::ec2::{ApiError, AuthorizeRequest, DryRunVerdict, Ec2, codes};
use crate::journal::{Entry, Intent, PeerRecord, RuleRecord};
use crate::model::{GroupRef, Peer, PortRange, Protocol};

/// One rule to put back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreItem {
    /// The id the rule had; a re-created rule gets a new one.
    pub original_id: String,
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
    pub fn is_failure(&self) -> bool {
        matches!(self, Self::Failed(_))
    }

    pub fn label(&self) -> &'static str {
        match self {
            Self::Restored(_) => "restored",
            Self::AlreadyPresent => "already present",
            Self::WouldBeAllowed => "would be allowed",
            Self::Failed(_) => "failed",
        }
    }
}

/// The batches of a journal, oldest first, as (batch id, time, number of rules).
pub fn batches(entries: &[Entry]) -> Vec<(String, String, usize)> {
    entries
        .iter()
        .filter_map(|e| match e {
            Entry::Intent(i) => Some((
                i.batch.clone(),
                i.time.clone(),
                i.calls.iter().map(|c| c.rules.len()).sum(),
            )),
            _ => None,
        })
        .collect()
}

/// Plans the restore of `batch` (or of the last batch of the journal). Rules the batch
/// revoked, or whose fate is unknown because no outcome was journaled (a crash), are put back;
/// rules it did not revoke (failed, left, already gone) are skipped.
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
    let outcomes = entries.iter().rev().find_map(|e| match e {
        Entry::Outcome(o) if o.batch == intent.batch => Some(o),
        _ => None,
    });
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for call in &intent.calls {
        for rule in &call.rules {
            let outcome = outcomes.and_then(|o| {
                o.outcomes
                    .iter()
                    .find(|r| r.subject == rule.rule_id)
                    .map(|r| r.outcome.as_str())
            });
            match outcome {
                None | Some("revoked") | Some("unverified") => match request_of(rule) {
                    Ok(request) => items.push(RestoreItem {
                        original_id: rule.rule_id.clone(),
                        request,
                    }),
                    Err(why) => skipped.push((rule.rule_id.clone(), why)),
                },
                Some(other) => skipped.push((
                    rule.rule_id.clone(),
                    format!("not revoked by this batch ({other})"),
                )),
            }
        }
    }
    Ok(RestorePlan {
        batch: intent.batch.clone(),
        time: intent.time.clone(),
        region: intent.region.clone(),
        items,
        skipped,
    })
}

fn request_of(rule: &RuleRecord) -> Result<AuthorizeRequest, String> {
    let protocol = Protocol::parse(&rule.protocol)
        .ok_or_else(|| format!("unknown protocol {:?}", rule.protocol))?;
    let peer = match &rule.peer {
        PeerRecord::CidrIpv4(c) => Peer::Ipv4(c.parse().map_err(|e| format!("{c}: {e}"))?),
        PeerRecord::CidrIpv6(c) => Peer::Ipv6(c.parse().map_err(|e| format!("{c}: {e}"))?),
        PeerRecord::PrefixListId(id) => Peer::PrefixList(id.clone()),
        PeerRecord::Group { group_id, user_id } => Peer::Group(GroupRef {
            group_id: group_id.clone(),
            user_id: user_id.clone(),
            vpc_id: None,
            peering_status: None,
        }),
        PeerRecord::Unknown(s) => return Err(format!("a peer sgtui cannot re-create ({s})")),
    };
    Ok(AuthorizeRequest {
        group_id: rule.group_id.clone(),
        direction: rule.direction,
        protocol,
        ports: PortRange::new(rule.from_port, rule.to_port),
        peer,
        description: rule.description.clone(),
        tags: rule.tags.clone(),
    })
}

/// Re-creates one rule (or dry-runs it) and reads EC2's answer as an outcome.
pub async fn restore_one<B: Ec2>(
    backend: &B,
    request: AuthorizeRequest,
    dry_run: bool,
) -> RestoreOutcome {
    let result = backend.authorize(request, dry_run).await;
    match (dry_run, result) {
        (true, result) => match DryRunVerdict::from_result(result.map(|_| Default::default())) {
            DryRunVerdict::Allowed => RestoreOutcome::WouldBeAllowed,
            DryRunVerdict::Denied(m) => {
                RestoreOutcome::Failed(ApiError::new(codes::UNAUTHORIZED, m))
            }
            DryRunVerdict::Failed(e) => RestoreOutcome::Failed(e),
        },
        (false, Ok(id)) => RestoreOutcome::Restored(id),
        (false, Err(e)) if e.code == codes::PERMISSION_DUPLICATE => RestoreOutcome::AlreadyPresent,
        (false, Err(e)) => RestoreOutcome::Failed(e),
    }
}
