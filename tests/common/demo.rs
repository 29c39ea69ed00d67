//! The demo account as the app loads it (groups, rules, interfaces, stale references per VPC),
//! judged with the default policy.

use sgtui::analysis::{Judged, Policy, Signals};
use sgtui::ec2::{Account, Ec2, MemoryEc2, collect_all, stale_groups};
use sgtui::inventory::Inventory;

/// The demo's inventory with its interfaces and stale references, and its signals.
pub async fn judged_demo() -> (Inventory, Signals) {
    let backend = MemoryEc2::new(Account::demo()).expect("the demo loads");
    let mut inventory = Inventory::default();
    inventory.add_groups(
        collect_all(|t| backend.describe_groups_page(t))
            .await
            .expect("groups"),
    );
    inventory.add_rules(
        collect_all(|t| backend.describe_rules_page(t))
            .await
            .expect("rules"),
    );
    let interfaces = collect_all(|t| backend.describe_interfaces_page(t))
        .await
        .expect("interfaces");
    inventory.network_mut().add_interfaces(interfaces);
    let stale = stale_groups(&backend, inventory.vpcs())
        .await
        .expect("stale references");
    inventory.network_mut().set_stale(stale);
    let policy = Policy::default();
    let signals = Signals::compute(
        &inventory,
        &Judged {
            policy: &policy,
            interfaces_known: true,
            stale: &|rule| inventory.network().is_stale(rule),
        },
    );
    (inventory, signals)
}
