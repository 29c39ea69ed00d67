//! The domain: security groups and their rules, as a person reads them; the network interfaces
//! in the groups, the prefix lists rules name, and the rules EC2 calls stale.
//! Knows nothing of the SDK or the terminal.

mod interface;
pub mod lang;
mod outcome;
mod prefix_list;
mod protocol;
mod rule;
pub mod scope;
mod signal;
mod spec;
mod stale;

pub use interface::NetworkInterface;
pub use lang::SpecError;
pub use outcome::{OutcomeKind, Tally};
pub use prefix_list::{PrefixList, PrefixListEntry, PrefixListWithEntries};
pub use protocol::{PortRange, Protocol, ProtocolPorts};
pub use rule::{Direction, GroupRef, Peer, Rule, ec2_rule_id, properties_text, same_ports};
pub use signal::Signal;
pub use spec::{ParsedSpec, RuleSpec};
pub use stale::{StaleGroup, StaleGroupPair, StaleRule};

use std::collections::BTreeMap;

/// Tags as EC2 returns them: key to value. Values may hold any Unicode (untrusted).
pub type Tags = BTreeMap<String, String>;

/// A security group without its rules (rules are loaded separately, one per peer, with ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: Option<String>,
    pub owner_id: Option<String>,
    pub tags: Tags,
    /// How many rules `DescribeSecurityGroups` listed for it, both directions (one per peer of
    /// each permission): how a listing of rules, whose pages come in any order, knows that it
    /// holds all of the group's. `None` when the backend does not say.
    pub listed_rules: Option<usize>,
}

impl SecurityGroup {
    /// The `Name` tag when it differs from the group name, which people often set in the console.
    pub fn name_tag(&self) -> Option<&str> {
        self.tags
            .get("Name")
            .map(String::as_str)
            .filter(|t| !t.is_empty() && *t != self.name)
    }
}
