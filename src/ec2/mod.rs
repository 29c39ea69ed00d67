//! Talking to EC2: the [`Ec2`] trait, its two backends (the SDK over HTTP, and an in-memory
//! account with EC2's semantics), and the plain types that cross this border. No SDK type
//! leaves this module.

mod aws;
mod error;
mod fleet;
mod gather;
mod memory;
mod pace;
mod paginate;
mod read_only;
mod recover;
mod snapshot;

use std::future::Future;

pub use aws::{AwsEc2, AwsOptions, KNOWN_REGIONS, ProfileChoice, profiles};
pub use error::{ApiError, codes};
pub use fleet::{Fleet, scoped_authorize};
pub use gather::{GATHER_CONCURRENCY, prefix_lists_with_entries, stale_groups, stale_groups_in};
pub use memory::{Account, DeniedCall, MemoryEc2};
pub use pace::{MUTATING_BURST, MUTATING_PER_SECOND, Pace};
pub use paginate::{collect_all, pages};
pub use read_only::{READ_ONLY_REFUSAL, ReadOnly};
pub use recover::{Sent, revoke_recovering};
pub use snapshot::{
    Answer, GroupsAnswer, InterfacesAnswer, RulesAnswer, SNAPSHOT_REFUSAL, Snapshot, SnapshotEc2,
    SnapshotError, SnapshotTexts,
};

use crate::model::{
    Direction, NetworkInterface, Peer, PortRange, PrefixList, PrefixListEntry, Protocol, Rule,
    SecurityGroup, StaleGroup, Tags, properties_text,
};

/// At most this many revoke, authorize or dry-run calls at once, in the TUI and in the commands
/// without it: EC2's mutating bucket is 50 burst / 5 per second per account, shared with every
/// other tool.
pub const CALL_CONCURRENCY: usize = 4;

/// One page of a describe call and the token of the next, if any ([`pages`] walks them all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

/// A profile and region to point a backend at: what the picker (`p`) chooses.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    /// `None`: the default chain (`AWS_PROFILE`, then `default`).
    pub profile: Option<String>,
    pub region: String,
}

impl Target {
    /// How the status bar and the picker name it: `PROFILE/REGION`.
    pub fn label(&self) -> String {
        format!(
            "{}/{}",
            self.profile.as_deref().unwrap_or("default"),
            self.region
        )
    }
}

/// Where a backend points: what the status bar shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Connection {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub account_id: Option<String>,
}

/// One `IpPermission` of a revoke by properties: protocol, ports and the peers to remove.
/// Only the named peers are revoked, never the permission's other peers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    pub protocol: Protocol,
    pub ports: PortRange,
    pub peers: Vec<Peer>,
}

impl Permission {
    /// One line per peer, as a person reads it (`tcp 22 0.0.0.0/0`).
    pub fn texts(&self) -> Vec<String> {
        self.peers
            .iter()
            .map(|p| properties_text(self.protocol, self.ports, p))
            .collect()
    }
}

/// How a revoke call names what to remove: EC2 takes one or the other, never both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevokeTarget {
    /// `SecurityGroupRuleIds`: exact; all or nothing.
    RuleIds(Vec<String>),
    /// `IpPermissions`: matched against the group's rules by protocol, ports and peer.
    Permissions(Vec<Permission>),
}

/// One revoke call: rules of one group in one direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevokeRequest {
    pub group_id: String,
    pub direction: Direction,
    pub target: RevokeTarget,
}

impl RevokeRequest {
    pub fn by_ids(
        group_id: impl Into<String>,
        direction: Direction,
        rule_ids: Vec<String>,
    ) -> Self {
        Self {
            group_id: group_id.into(),
            direction,
            target: RevokeTarget::RuleIds(rule_ids),
        }
    }

    /// The EC2 action this call is.
    pub fn action(&self) -> &'static str {
        self.direction.revoke_action()
    }

    /// The rule ids it names, if it names rules by id.
    pub fn rule_ids(&self) -> &[String] {
        match &self.target {
            RevokeTarget::RuleIds(ids) => ids,
            RevokeTarget::Permissions(_) => &[],
        }
    }
}

/// One rule to put back with `AuthorizeSecurityGroupIngress`/`Egress`, description and tags
/// included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorizeRequest {
    pub group_id: String,
    pub direction: Direction,
    pub protocol: Protocol,
    pub ports: PortRange,
    pub peer: Peer,
    pub description: Option<String>,
    pub tags: Tags,
}

impl AuthorizeRequest {
    pub fn action(&self) -> &'static str {
        self.direction.authorize_action()
    }
}

/// What a successful revoke call answered. EC2 may leave out the optional parts (moto does).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RevokeResponse {
    /// `Return`; `false` is a failure even without an error.
    pub returned: bool,
    /// `RevokedSecurityGroupRules`, when EC2 sent it.
    pub revoked_rule_ids: Option<Vec<String>>,
    /// `UnknownIpPermissions`, each as a readable text (peers EC2 could not match).
    pub unknown_permissions: Vec<String>,
}

/// What a `DryRun=true` call says about the real call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DryRunVerdict {
    /// `DryRunOperation`: the real call would be allowed.
    Allowed,
    /// `UnauthorizedOperation`: the real call would be denied.
    Denied(String),
    /// Any other answer, which also means the real call should not be sent.
    Failed(ApiError),
}

impl DryRunVerdict {
    /// Reads the (always failing) answer of a dry-run call.
    pub fn from_result(result: Result<RevokeResponse, ApiError>) -> Self {
        match result {
            Err(e) if e.code == codes::DRY_RUN_OPERATION => Self::Allowed,
            Err(e) if e.code == codes::UNAUTHORIZED => Self::Denied(e.message),
            Err(e) => Self::Failed(e),
            Ok(_) => Self::Failed(ApiError::new(
                codes::UNEXPECTED_ANSWER,
                "the dry run answered as if the rules had been revoked",
            )),
        }
    }
}

/// Everything sgtui asks of EC2. Implemented over HTTP by [`AwsEc2`] and in memory by
/// [`MemoryEc2`]; one contract test suite runs against both.
pub trait Ec2: Send + Sync + 'static {
    /// Things worth telling the user while calls are under way (e.g. retries when throttled).
    fn notices(&self) -> Option<tokio::sync::broadcast::Receiver<String>> {
        None
    }

    /// Resolves configuration and credentials sources; says where calls will go.
    fn connect(&self) -> impl Future<Output = Result<Connection, ApiError>> + Send;

    /// The same kind of backend pointed at another profile and region (the picker's choice),
    /// or `None` when this backend is one account only (the demo, an account file, a
    /// snapshot). Nothing is sent: the new backend connects on its first call.
    fn retarget(&self, _target: &Target) -> Option<Self>
    where
        Self: Sized,
    {
        None
    }

    /// One page of `DescribeSecurityGroups`.
    fn describe_groups_page(
        &self,
        next_token: Option<String>,
    ) -> impl Future<Output = Result<Page<SecurityGroup>, ApiError>> + Send;

    /// Every page of `DescribeSecurityGroups`, in order, as they are read; the first error ends
    /// it, as [`pages`] does.
    fn groups_pages(
        &self,
    ) -> impl futures::Stream<Item = Result<Page<SecurityGroup>, ApiError>> + Send + '_
    where
        Self: Sized,
    {
        pages(move |token| self.describe_groups_page(token))
    }

    /// One page of `DescribeSecurityGroupRules`.
    fn describe_rules_page(
        &self,
        next_token: Option<String>,
    ) -> impl Future<Output = Result<Page<Rule>, ApiError>> + Send;

    /// Every page of `DescribeSecurityGroupRules`, in order, as they are read; the first error
    /// ends it, as [`pages`] does. The SDK backend asks for the next page while the one before
    /// is decoded.
    fn rules_pages(&self) -> impl futures::Stream<Item = Result<Page<Rule>, ApiError>> + Send + '_
    where
        Self: Sized,
    {
        pages(move |token| self.describe_rules_page(token))
    }

    /// Every rule of the given groups (all pages), to see what a revoke changed.
    fn describe_rules_of_groups(
        &self,
        group_ids: Vec<String>,
    ) -> impl Future<Output = Result<Vec<Rule>, ApiError>> + Send;

    /// One page of `DescribeNetworkInterfaces`: every interface of the region, with its groups
    /// and addresses (who is in a group).
    fn describe_interfaces_page(
        &self,
        next_token: Option<String>,
    ) -> impl Future<Output = Result<Page<NetworkInterface>, ApiError>> + Send;

    /// Every page of `DescribeNetworkInterfaces`, in order; the first error ends it.
    fn interfaces_pages(
        &self,
    ) -> impl futures::Stream<Item = Result<Page<NetworkInterface>, ApiError>> + Send + '_
    where
        Self: Sized,
    {
        pages(move |token| self.describe_interfaces_page(token))
    }

    /// The prefix lists among `ids` that exist (`DescribeManagedPrefixLists`, all pages); an
    /// unknown id is left out, not an error.
    fn describe_prefix_lists(
        &self,
        ids: Vec<String>,
    ) -> impl Future<Output = Result<Vec<PrefixList>, ApiError>> + Send;

    /// Every entry of one prefix list (`GetManagedPrefixListEntries`, all pages). An unknown
    /// list fails with `InvalidPrefixListID.NotFound`.
    fn prefix_list_entries(
        &self,
        id: String,
    ) -> impl Future<Output = Result<Vec<PrefixListEntry>, ApiError>> + Send;

    /// One page of `DescribeStaleSecurityGroups` for one VPC: its groups that hold rules
    /// referencing a group across a peering (or a transit gateway, or a VPC association) that
    /// was deleted or can no longer be reached, with those rules. An unknown VPC fails with
    /// `InvalidVpcID.NotFound`; an endpoint that lacks the call (moto) fails with
    /// [`codes::NOT_SUPPORTED_BY_ENDPOINT`].
    fn describe_stale_groups_page(
        &self,
        vpc_id: String,
        next_token: Option<String>,
    ) -> impl Future<Output = Result<Page<StaleGroup>, ApiError>> + Send;

    /// `RevokeSecurityGroupIngress`/`Egress` by rule ids or properties; with `dry_run`, only asks whether the
    /// call would be allowed (the answer is then always an error: see [`DryRunVerdict`]).
    fn revoke(
        &self,
        request: RevokeRequest,
        dry_run: bool,
    ) -> impl Future<Output = Result<RevokeResponse, ApiError>> + Send;

    /// Re-creates one rule (undo); answers the new rule's id when EC2 gives it. A rule that
    /// exists already fails with `InvalidPermission.Duplicate`.
    fn authorize(
        &self,
        request: AuthorizeRequest,
        dry_run: bool,
    ) -> impl Future<Output = Result<Option<String>, ApiError>> + Send;
}
