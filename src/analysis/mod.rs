//! Pure judgements over the inventory, computed off the key path: which groups and rules a
//! filter matches (and why), and the audit signals (risky, wide, redundant, unused, stale) with
//! their reasons. Knows nothing of the terminal or the SDK.

mod addresses;
mod filter;
pub mod signals;

pub use filter::{Addresses, GroupMatch, Hit, Matcher, NoAddresses, Via};
pub use signals::{GroupSignals, Judged, Policy, RuleSignal, RuleSignals, Signals, Usage};

use crate::inventory::Inventory;
use crate::model::{Rule, SecurityGroup};

/// Every rule of `inventory` that `matcher` matches, with its group: groups in the groups
/// pane's order, each group's inbound rules then its outbound rules. The rows `sgtui export`
/// writes, and the rules `sgtui revoke --filter` revokes.
pub fn matching<'a>(
    inventory: &'a Inventory,
    matcher: &'a Matcher<'a>,
) -> impl Iterator<Item = (&'a SecurityGroup, &'a Rule)> + 'a {
    inventory
        .all_rules()
        .filter(move |(group, rule)| matcher.rule(group, rule).is_some())
}
