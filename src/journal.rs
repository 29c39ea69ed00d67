//! The journal: an append-only JSON Lines file of every revoke batch. The intent is written and
//! fsync'd before any call goes out, the outcome after the refresh, so a crash in between leaves
//! a record of what was meant and what is known to have happened. Nothing secret is written.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::ec2::{Connection, RevokeTarget};
use crate::model::{Direction, Peer, Rule, Tags};
use crate::revoke::{Outcome, RevokePlan, RuleOutcome, Subject};

/// Where the journal goes when `--journal` is not given: `$XDG_STATE_HOME/sgtui/journal.jsonl`
/// (`~/.local/state/sgtui/journal.jsonl`), or the platform's local data folder elsewhere.
pub fn default_path() -> Option<PathBuf> {
    state_file("journal.jsonl")
}

/// Where the in-memory accounts (`--demo`, `--account-file`) journal by default: apart from the
/// real journal, so that no restore ever replays a demo batch against AWS.
pub fn default_demo_path() -> Option<PathBuf> {
    state_file("demo-journal.jsonl")
}

fn state_file(name: &str) -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("sgtui").join(name))
}

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
    /// `revoked`, `left`, `unmatched`, `failed`, `already gone` or `unverified`.
    pub outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

fn now() -> String {
    humantime::format_rfc3339_millis(SystemTime::now()).to_string()
}

impl RuleRecord {
    pub fn of(rule: &Rule) -> Self {
        Self {
            rule_id: rule.id.clone(),
            group_id: rule.group_id.clone(),
            direction: rule.direction,
            protocol: rule.protocol.api_name(),
            from_port: rule.ports.from,
            to_port: rule.ports.to,
            peer: match &rule.peer {
                Peer::Ipv4(net) => PeerRecord::CidrIpv4(net.to_string()),
                Peer::Ipv6(net) => PeerRecord::CidrIpv6(net.to_string()),
                Peer::PrefixList(id) => PeerRecord::PrefixListId(id.clone()),
                Peer::Group(g) => PeerRecord::Group {
                    group_id: g.group_id.clone(),
                    user_id: g.user_id.clone(),
                },
                Peer::Unknown(s) => PeerRecord::Unknown(s.clone()),
            },
            description: rule.description.clone(),
            tags: rule.tags.clone(),
        }
    }
}

impl Intent {
    /// The intent of a planned batch, as it is about to be sent.
    pub fn of(batch: String, connection: &Connection, plan: &RevokePlan, sent: &[usize]) -> Self {
        Self {
            batch,
            time: now(),
            profile: connection.profile.clone(),
            account: connection.account_id.clone(),
            region: connection.region.clone(),
            endpoint: connection.endpoint.clone(),
            calls: plan
                .calls
                .iter()
                .enumerate()
                .filter(|(i, _)| sent.contains(i))
                .map(|(_, c)| IntentCall {
                    action: c.request.action().to_string(),
                    group_id: c.request.group_id.clone(),
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
                            Subject::Rule(r) => r.id.clone(),
                            Subject::Properties(t) => t.clone(),
                        },
                        outcome: o.outcome.label().to_string(),
                        code: error.map(|e| e.code.clone()),
                        message: error.map(|e| e.message.clone()),
                    }
                })
                .collect(),
        }
    }
}

/// The journal file, opened for appending.
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
}

impl Journal {
    /// Opens (creating it and its folder if needed) the journal at `path`.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            file: Mutex::new(file),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and waits until it is on disk.
    pub fn append(&self, entry: &Entry) -> std::io::Result<()> {
        let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(line.as_bytes())?;
        file.flush()?;
        file.sync_data()
    }
}

/// Reads every entry of a journal; a line that does not parse (say, cut short by a crash while
/// it was being written) is returned as an error with its line number, and reading goes on.
pub fn read(path: &Path) -> std::io::Result<Vec<Result<Entry, String>>> {
    let file = File::open(path)?;
    let mut entries = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        entries.push(serde_json::from_str(&line).map_err(|e| format!("line {}: {e}", n + 1)));
    }
    Ok(entries)
}
