//! Offline snapshots: what `aws ec2 describe-security-groups --output json` wrote, optionally
//! with what `describe-security-group-rules` (rule ids) and `describe-network-interfaces`
//! (usage) wrote, served as a backend that answers describe calls only. Nothing is ever sent:
//! every mutating call, dry runs included, is refused. What a snapshot does not hold (rule ids
//! without the rules answer, interfaces, prefix-list entries, stale references) is said, never
//! made up: a call for it fails with [`codes::NOT_IN_SNAPSHOT`].

mod groups;
mod interfaces;
mod rules;
mod shapes;
#[cfg(test)]
mod tests;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::{
    ApiError, AuthorizeRequest, Connection, Ec2, Page, RevokeRequest, RevokeResponse, codes,
};
use crate::model::{
    NetworkInterface, PrefixList, PrefixListEntry, Rule, SecurityGroup, StaleGroup,
};
pub use shapes::{GroupsAnswer, InterfacesAnswer, RulesAnswer};

/// The three answers as text, as read from their files.
#[derive(Debug, Clone, Copy, Default)]
pub struct SnapshotTexts<'a> {
    pub groups: &'a str,
    pub rules: Option<&'a str>,
    pub interfaces: Option<&'a str>,
}

/// Which of the three answers something is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Groups,
    Rules,
    Interfaces,
}

impl Answer {
    /// The AWS CLI command that writes it.
    pub fn command(self) -> &'static str {
        match self {
            Self::Groups => "aws ec2 describe-security-groups --output json",
            Self::Rules => "aws ec2 describe-security-group-rules --output json",
            Self::Interfaces => "aws ec2 describe-network-interfaces --output json",
        }
    }

    /// The top-level key of its JSON.
    fn key(self) -> &'static str {
        match self {
            Self::Groups => "SecurityGroups",
            Self::Rules => "SecurityGroupRules",
            Self::Interfaces => "NetworkInterfaces",
        }
    }
}

/// A snapshot that cannot be used: which answer, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SnapshotError {
    pub answer: Answer,
    pub message: String,
}

/// An account as the snapshot describes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub groups: Vec<SecurityGroup>,
    /// One per peer; without the rules answer, their ids are keys only ([`Rule::ec2_id`]).
    pub rules: Vec<Rule>,
    /// `None` without the interfaces answer: who is in a group is then unknown.
    pub interfaces: Option<Vec<NetworkInterface>>,
    /// Whether the rules answer was given, so that the rules carry EC2's ids.
    pub rule_ids: bool,
    /// What a reader should know: a page of an answer rather than all of it, rules left out.
    pub notes: Vec<String>,
}

impl Snapshot {
    /// Reads the answers: the groups' permissions become rules, which the rules answer gives
    /// their ids.
    pub fn parse(texts: SnapshotTexts<'_>) -> Result<Self, SnapshotError> {
        let mut notes = Vec::new();
        let answer: GroupsAnswer = parse(Answer::Groups, texts.groups, &mut notes)?;
        let fail = |answer, message| SnapshotError { answer, message };
        let (groups, mut rules) = groups::read(&answer).map_err(|e| fail(Answer::Groups, e))?;
        if let Some(text) = texts.rules {
            let answer: RulesAnswer = parse(Answer::Rules, text, &mut notes)?;
            let outside = rules::attach_ids(&mut rules, &answer, &groups)
                .map_err(|e| fail(Answer::Rules, e))?;
            if outside > 0 {
                notes.push(format!(
                    "{outside} rule(s) of the rules answer belong to groups the groups answer \
                     does not hold: left out"
                ));
            }
        }
        let interfaces = match texts.interfaces {
            Some(text) => {
                let answer: InterfacesAnswer = parse(Answer::Interfaces, text, &mut notes)?;
                Some(interfaces::read(&answer).map_err(|e| fail(Answer::Interfaces, e))?)
            }
            None => None,
        };
        Ok(Self {
            groups,
            rules,
            interfaces,
            rule_ids: texts.rules.is_some(),
            notes,
        })
    }

    /// The three answers as the CLI writes them, for `groups`, `rules` and `interfaces` as
    /// loaded; and how many peers sgtui could not read and left out.
    pub fn answers(
        groups: &[SecurityGroup],
        rules: &[Rule],
        interfaces: &[NetworkInterface],
    ) -> (GroupsAnswer, RulesAnswer, InterfacesAnswer, usize) {
        let (groups_answer, left_out) = groups::write(groups, rules);
        (
            groups_answer,
            rules::write(groups, rules),
            interfaces::write(interfaces, groups),
            left_out,
        )
    }
}

/// The top-level keys an answer may have, to tell one answer from another.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TopKeys {
    security_groups: Option<IgnoredAny>,
    security_group_rules: Option<IgnoredAny>,
    network_interfaces: Option<IgnoredAny>,
}

/// One answer's JSON; another answer given in its place is named as such. A `NextToken` means
/// the answer is one page: noted.
fn parse<T: serde::de::DeserializeOwned + HasNextToken>(
    answer: Answer,
    text: &str,
    notes: &mut Vec<String>,
) -> Result<T, SnapshotError> {
    match serde_json::from_str::<T>(text) {
        Ok(parsed) => {
            if parsed.next_token().is_some() {
                notes.push(format!(
                    "the {} answer holds a NextToken: it is one page, not every item",
                    answer.key()
                ));
            }
            Ok(parsed)
        }
        Err(e) => {
            let other = serde_json::from_str::<TopKeys>(text).ok().and_then(|keys| {
                let present = [
                    (Answer::Groups, keys.security_groups.is_some()),
                    (Answer::Rules, keys.security_group_rules.is_some()),
                    (Answer::Interfaces, keys.network_interfaces.is_some()),
                ];
                present
                    .into_iter()
                    .find(|&(a, there)| there && a != answer)
                    .map(|(a, _)| a)
            });
            let message = match other {
                Some(other) => format!(
                    "it holds {}, what `{}` writes, not {}",
                    other.key(),
                    other.command(),
                    answer.key()
                ),
                None => format!("not what `{}` writes: {e}", answer.command()),
            };
            Err(SnapshotError { answer, message })
        }
    }
}

trait HasNextToken {
    fn next_token(&self) -> Option<&str>;
}

impl HasNextToken for GroupsAnswer {
    fn next_token(&self) -> Option<&str> {
        self.next_token.as_deref()
    }
}

impl HasNextToken for RulesAnswer {
    fn next_token(&self) -> Option<&str> {
        self.next_token.as_deref()
    }
}

impl HasNextToken for InterfacesAnswer {
    fn next_token(&self) -> Option<&str> {
        self.next_token.as_deref()
    }
}

/// What every mutating call of a snapshot answers.
pub const SNAPSHOT_REFUSAL: &str =
    "a snapshot is read from files: nothing is sent to EC2, not even a dry run";

/// A snapshot served as a backend: describe calls answer what it holds, in one page.
pub struct SnapshotEc2 {
    snapshot: Snapshot,
    region: Option<String>,
    account_id: Option<String>,
}

impl SnapshotEc2 {
    /// `region` is what the user says it is (the answers do not say); the account is the
    /// groups' owner when they all have the same one.
    pub fn new(snapshot: Snapshot, region: Option<String>) -> Self {
        let mut owners = snapshot.groups.iter().filter_map(|g| g.owner_id.as_ref());
        let first = owners.next().cloned();
        let account_id = first.filter(|f| owners.all(|o| o == f));
        Self {
            snapshot,
            region,
            account_id,
        }
    }
}

fn not_in_snapshot(call: &str, flag: Option<&str>) -> ApiError {
    let given = flag.map_or(String::new(), |f| format!(" (give it with {f})"));
    ApiError::new(
        codes::NOT_IN_SNAPSHOT,
        format!("the snapshot holds no {call} answer{given}"),
    )
}

/// Everything in one page: a snapshot is read whole.
fn one_page<T: Clone>(items: &[T], token: Option<String>) -> Result<Page<T>, ApiError> {
    match token {
        None => Ok(Page {
            items: items.to_vec(),
            next_token: None,
        }),
        Some(_) => Err(ApiError::new(
            "InvalidNextToken",
            "The specified NextToken is not valid.",
        )),
    }
}

impl Ec2 for SnapshotEc2 {
    async fn connect(&self) -> Result<Connection, ApiError> {
        Ok(Connection {
            profile: None,
            region: self.region.clone(),
            endpoint: None,
            account_id: self.account_id.clone(),
        })
    }

    async fn describe_groups_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<SecurityGroup>, ApiError> {
        one_page(&self.snapshot.groups, next_token)
    }

    async fn describe_rules_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<Rule>, ApiError> {
        one_page(&self.snapshot.rules, next_token)
    }

    async fn describe_rules_of_groups(
        &self,
        group_ids: Vec<String>,
    ) -> Result<Vec<Rule>, ApiError> {
        let rules = self.snapshot.rules.iter();
        Ok(rules
            .filter(|r| group_ids.contains(&r.group_id))
            .cloned()
            .collect())
    }

    async fn describe_interfaces_page(
        &self,
        next_token: Option<String>,
    ) -> Result<Page<NetworkInterface>, ApiError> {
        match &self.snapshot.interfaces {
            Some(interfaces) => one_page(interfaces, next_token),
            None => Err(not_in_snapshot(
                "DescribeNetworkInterfaces",
                Some("--snapshot-interfaces"),
            )),
        }
    }

    async fn describe_prefix_lists(&self, _ids: Vec<String>) -> Result<Vec<PrefixList>, ApiError> {
        Err(not_in_snapshot("DescribeManagedPrefixLists", None))
    }

    async fn prefix_list_entries(&self, _id: String) -> Result<Vec<PrefixListEntry>, ApiError> {
        Err(not_in_snapshot("GetManagedPrefixListEntries", None))
    }

    async fn describe_stale_groups_page(
        &self,
        _vpc_id: String,
        _next_token: Option<String>,
    ) -> Result<Page<StaleGroup>, ApiError> {
        Err(not_in_snapshot("DescribeStaleSecurityGroups", None))
    }

    async fn revoke(
        &self,
        _request: RevokeRequest,
        _dry_run: bool,
    ) -> Result<RevokeResponse, ApiError> {
        Err(ApiError::new(codes::NOT_SENT, SNAPSHOT_REFUSAL))
    }

    async fn authorize(
        &self,
        _request: AuthorizeRequest,
        _dry_run: bool,
    ) -> Result<Option<String>, ApiError> {
        Err(ApiError::new(codes::NOT_SENT, SNAPSHOT_REFUSAL))
    }
}
