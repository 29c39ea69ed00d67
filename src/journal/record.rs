//! The journal's schema: one JSON object per line, tagged by `kind`. Lines written by every
//! earlier version must stay readable (a test reads a journal of the first release), so fields
//! are only ever added, with defaults. Rules and records convert both ways here, and only here.

use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::ec2::{AuthorizeRequest, Connection, RevokeTarget};
use crate::model::scope::{plain, region_of};
use crate::model::{Direction, GroupRef, OutcomeKind, Peer, PortRange, Protocol, Rule, Tags};
use crate::revoke::{Outcome, RevokePlan, RuleOutcome, Subject};

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// Written before the calls of a batch go out.
    Intent(Intent),
    /// Written once the calls have answered and the groups were described again.
    Outcome(BatchOutcome),
    /// A restore (undo) of a batch, written after its calls.
    Restore(RestoreRecord),
    /// The user quit (a second Ctrl-C) before a batch's calls had all answered: what was sent
    /// may or may not have happened; describe the groups to know.
    Aborted(Aborted),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aborted {
    pub batch: String,
    pub time: String,
    pub reason: String,
}

impl Aborted {
    pub fn new(batch: String, reason: String) -> Self {
        Self {
            batch,
            time: now(),
            reason,
        }
    }
}

/// What a restore of a batch did, rule by rule (`subject` is the rule's old id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreRecord {
    pub of_batch: String,
    pub time: String,
    pub outcomes: Vec<OutcomeRecord>,
}

impl RestoreRecord {
    pub fn new(of_batch: String, outcomes: Vec<OutcomeRecord>) -> Self {
        Self {
            of_batch,
            time: now(),
            outcomes,
        }
    }
}

/// What a batch is about to do, with every property needed to put the rules back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intent {
    pub batch: String,
    pub time: String,
    pub profile: Option<String>,
    pub account: Option<String>,
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub calls: Vec<IntentCall>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntentCall {
    pub action: String,
    /// Where the call went; batches written before calls named it have it on the intent only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub group_id: String,
    /// `rule_ids` or `ip_permissions`.
    pub by: String,
    pub rules: Vec<RuleRecord>,
    /// Typed peers that matched no rule when the batch was planned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<String>,
}

/// A rule's full properties, as they were before the batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRecord {
    pub rule_id: String,
    pub group_id: String,
    pub direction: Direction,
    /// As EC2 names it: `tcp`, `udp`, `icmp`, `icmpv6`, `-1` or a number.
    pub protocol: String,
    pub from_port: i32,
    pub to_port: i32,
    pub peer: PeerRecord,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Tags::is_empty")]
    pub tags: Tags,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerRecord {
    CidrIpv4(String),
    CidrIpv6(String),
    PrefixListId(String),
    Group {
        group_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_id: Option<String>,
        /// The referenced group's VPC, when EC2 named it (a group across a VPC peering).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vpc_id: Option<String>,
        /// The peering's status then (`active`, `deleted`, …), when EC2 named one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        peering_status: Option<String>,
    },
    Unknown(String),
}

/// What became of a batch, subject by subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchOutcome {
    pub batch: String,
    pub time: String,
    pub outcomes: Vec<OutcomeRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeRecord {
    /// Index of the call in the intent.
    pub call: usize,
    /// The rule id, or the typed properties that matched no rule.
    pub subject: String,
    /// The rule's region, when several were loaded: the same id may be in two of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `revoked`, `left`, `unmatched`, `failed`, `already gone` or `unverified` for a batch;
    /// `restored`, `already present` or `failed` for a restore.
    pub outcome: OutcomeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

fn now() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

impl RuleRecord {
    /// The rule as EC2 knows it: plain ids, whatever region the rule was loaded from.
    pub fn of(rule: &Rule) -> Self {
        Self {
            rule_id: plain(&rule.id).to_string(),
            group_id: plain(&rule.group_id).to_string(),
            direction: rule.direction,
            protocol: rule.protocol.api_name(),
            from_port: rule.ports.from,
            to_port: rule.ports.to,
            peer: PeerRecord::of(&rule.peer),
            description: rule.description.clone(),
            tags: rule.tags.clone(),
        }
    }
}

impl Intent {
    /// The intent of a planned batch, as it is about to be sent.
    /// Each call names its region: the one its group is scoped to when several regions are
    /// loaded (the intent then names none), else the connection's.
    pub fn of(batch: String, connection: &Connection, plan: &RevokePlan, sent: &[usize]) -> Self {
        let several = (plan.calls.iter()).any(|c| region_of(&c.request.group_id).is_some());
        Self {
            batch,
            time: now(),
            profile: connection.profile.clone(),
            account: connection.account_id.clone(),
            region: if several {
                None
            } else {
                connection.region.clone()
            },
            endpoint: connection.endpoint.clone(),
            calls: plan
                .calls
                .iter()
                .enumerate()
                .filter(|(i, _)| sent.contains(i))
                .map(|(_, c)| IntentCall {
                    action: c.request.action().to_string(),
                    region: region_of(&c.request.group_id)
                        .map(str::to_string)
                        .or_else(|| connection.region.clone()),
                    group_id: plain(&c.request.group_id).to_string(),
                    by: match c.request.target {
                        RevokeTarget::RuleIds(_) => "rule_ids".into(),
                        RevokeTarget::Permissions(_) => "ip_permissions".into(),
                    },
                    rules: c.rules.iter().map(RuleRecord::of).collect(),
                    unmatched: c.unmatched.clone(),
                })
                .collect(),
        }
    }
}

impl BatchOutcome {
    pub fn of(batch: String, outcomes: &[RuleOutcome]) -> Self {
        Self {
            batch,
            time: now(),
            outcomes: outcomes
                .iter()
                .map(|o| {
                    let error = match &o.outcome {
                        Outcome::Failed(e) | Outcome::Unverified(e) => Some(e),
                        _ => None,
                    };
                    OutcomeRecord {
                        call: o.call,
                        subject: match &o.subject {
                            Subject::Rule(r) => plain(&r.id).to_string(),
                            Subject::Properties(t) => t.clone(),
                        },
                        region: (o.subject.rule())
                            .and_then(|r| region_of(&r.id))
                            .map(str::to_string),
                        outcome: o.outcome.kind(),
                        code: error.map(|e| e.code.clone()),
                        message: error.map(|e| e.message.clone()),
                    }
                })
                .collect(),
        }
    }
}

impl PeerRecord {
    pub fn of(peer: &Peer) -> Self {
        match peer {
            Peer::Ipv4(net) => Self::CidrIpv4(net.to_string()),
            Peer::Ipv6(net) => Self::CidrIpv6(net.to_string()),
            Peer::PrefixList(id) => Self::PrefixListId(plain(id).to_string()),
            Peer::Group(g) => Self::Group {
                group_id: plain(&g.group_id).to_string(),
                user_id: g.user_id.clone(),
                vpc_id: g.vpc_id.clone(),
                peering_status: g.peering_status.clone(),
            },
            Peer::Unknown(s) => Self::Unknown(s.clone()),
        }
    }

    /// The peer again; a peer sgtui could not read when it was journaled cannot come back.
    pub fn peer(&self) -> Result<Peer, String> {
        Ok(match self {
            Self::CidrIpv4(c) => Peer::Ipv4(c.parse().map_err(|e| format!("{c}: {e}"))?),
            Self::CidrIpv6(c) => Peer::Ipv6(c.parse().map_err(|e| format!("{c}: {e}"))?),
            Self::PrefixListId(id) => Peer::PrefixList(id.clone()),
            Self::Group {
                group_id,
                user_id,
                vpc_id,
                peering_status,
            } => Peer::Group(GroupRef {
                group_id: group_id.clone(),
                user_id: user_id.clone(),
                vpc_id: vpc_id.clone(),
                peering_status: peering_status.clone(),
            }),
            Self::Unknown(s) => return Err(format!("a peer sgtui cannot re-create ({s})")),
        })
    }
}

impl RuleRecord {
    /// The call that re-creates the rule as it was, description and tags included.
    pub fn authorize_request(&self) -> Result<AuthorizeRequest, String> {
        let protocol = Protocol::parse(&self.protocol)
            .ok_or_else(|| format!("unknown protocol {:?}", self.protocol))?;
        Ok(AuthorizeRequest {
            group_id: self.group_id.clone(),
            direction: self.direction,
            protocol,
            ports: PortRange::new(self.from_port, self.to_port),
            peer: self.peer.peer()?,
            description: self.description.clone(),
            tags: self.tags.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peered() -> Peer {
        Peer::Group(GroupRef {
            group_id: "sg-0c1d2e3f405162738".into(),
            user_id: Some("210987654321".into()),
            vpc_id: Some("vpc-0f1e2d3c4b5a69788".into()),
            peering_status: Some("active".into()),
        })
    }

    #[test]
    fn a_group_across_a_peering_is_journaled_whole_and_read_back() {
        let record = PeerRecord::of(&peered());
        let line = serde_json::to_string(&record).unwrap();
        assert!(line.contains("vpc-0f1e2d3c4b5a69788") && line.contains("active"));
        let read: PeerRecord = serde_json::from_str(&line).unwrap();
        assert_eq!(read.peer().unwrap(), peered());
    }

    #[test]
    fn a_group_journaled_without_its_vpc_reads_as_before() {
        let line = r#"{"group":{"group_id":"sg-0c1d2e3f405162738","user_id":"210987654321"}}"#;
        let read: PeerRecord = serde_json::from_str(line).unwrap();
        let Peer::Group(g) = read.peer().unwrap() else {
            panic!("a group peer");
        };
        assert_eq!(g.user_id.as_deref(), Some("210987654321"));
        assert_eq!((g.vpc_id, g.peering_status), (None, None));
    }

    #[test]
    fn a_group_in_the_same_vpc_writes_no_vpc() {
        let same = Peer::Group(GroupRef {
            group_id: "sg-0c1d2e3f405162738".into(),
            user_id: None,
            vpc_id: None,
            peering_status: None,
        });
        let line = serde_json::to_string(&PeerRecord::of(&same)).unwrap();
        assert_eq!(line, r#"{"group":{"group_id":"sg-0c1d2e3f405162738"}}"#);
    }
}
