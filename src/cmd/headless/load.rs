//! Loading an account without the TUI, in the TUI's order and through its calls: connect, then
//! both describe streams page by page, concurrently; then the network interfaces, the prefix
//! lists the rules use and the stale groups of their VPCs, together. Only the groups and rules
//! must load; what follows them is said as a warning when it fails, and the rest works.

use std::time::Instant;

use futures::{StreamExt, stream};

use crate::ec2::{ApiError, Connection, Ec2, Page, pages, prefix_lists_with_entries, stale_groups};
use crate::inventory::Inventory;
use crate::model::{NetworkInterface, Rule, SecurityGroup};
use crate::present::inert;

/// An account as loaded.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub connection: Connection,
    /// The groups and rules, and the network behind their peers (as much of it as loaded).
    pub inventory: Inventory,
    /// Whether every network interface of the region loaded, so that "unused" means it.
    pub interfaces_known: bool,
}

/// The groups and rules could not be loaded: the call that failed and its error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadFailure {
    /// `connecting`, `DescribeSecurityGroups` or `DescribeSecurityGroupRules`.
    pub call: &'static str,
    pub error: ApiError,
}

/// A page of either describe stream.
enum Part {
    Groups(Result<Page<SecurityGroup>, ApiError>),
    Rules(Result<Page<Rule>, ApiError>),
}

/// Loads everything the rows and their signals need. `say` gets each line of progress and
/// every warning, plain and with untrusted text made inert.
pub async fn load<B: Ec2>(backend: &B, say: &mut dyn FnMut(String)) -> Result<Loaded, LoadFailure> {
    let started = Instant::now();
    let connection = backend.connect().await.map_err(|error| LoadFailure {
        call: "connecting",
        error,
    })?;
    let mut inventory = Inventory::default();
    let groups = pages(|token| backend.describe_groups_page(token)).map(Part::Groups);
    let rules = pages(|token| backend.describe_rules_page(token)).map(Part::Rules);
    let mut both = std::pin::pin!(stream::select(groups, rules));
    while let Some(part) = both.next().await {
        match part {
            Part::Groups(Ok(page)) => inventory.add_groups(page.items),
            Part::Rules(Ok(page)) => inventory.add_rules(page.items),
            Part::Groups(Err(error)) => return Err(failure("DescribeSecurityGroups", error)),
            Part::Rules(Err(error)) => return Err(failure("DescribeSecurityGroupRules", error)),
        }
    }
    say(format!(
        "loaded {} group(s) and {} rule(s) in {:.2} s",
        inventory.groups().len(),
        inventory.rule_count(),
        started.elapsed().as_secs_f64()
    ));
    let interfaces_known = load_network(backend, &mut inventory, say).await;
    say(format!(
        "loaded {} network interface(s) and {} prefix list(s) in {:.2} s",
        inventory.network().interface_count(),
        inventory.network().prefix_list_count(),
        started.elapsed().as_secs_f64()
    ));
    Ok(Loaded {
        connection,
        inventory,
        interfaces_known,
    })
}

fn failure(call: &'static str, error: ApiError) -> LoadFailure {
    LoadFailure { call, error }
}

/// Loads the network behind the peers into `inventory`, the three loads at once; answers
/// whether every interface loaded. A failed load is a warning: the interfaces that did load
/// are kept, as the TUI keeps them.
async fn load_network<B: Ec2>(
    backend: &B,
    inventory: &mut Inventory,
    say: &mut dyn FnMut(String),
) -> bool {
    let interfaces = pages(|token| backend.describe_interfaces_page(token)).fold(
        (Vec::<NetworkInterface>::new(), None),
        |(mut all, failed), page| async move {
            match page {
                Ok(page) => all.extend(page.items),
                Err(e) => return (all, Some(e)),
            }
            (all, failed)
        },
    );
    let lists = prefix_lists_with_entries(backend, inventory.prefix_lists_used());
    let stale = stale_groups(backend, inventory.vpcs());
    let ((interfaces, interfaces_failed), lists, stale) = futures::join!(interfaces, lists, stale);
    let network = inventory.network_mut();
    network.add_interfaces(interfaces);
    if let Some(e) = &interfaces_failed {
        say(warning(
            "network interfaces could not be loaded",
            "DescribeNetworkInterfaces",
            e,
            "no group is judged unused, and ip: does not look through group references",
        ));
    }
    match lists {
        Ok(lists) => network.set_prefix_lists(lists),
        Err(e) => say(warning(
            "prefix lists could not be loaded",
            "DescribeManagedPrefixLists/GetManagedPrefixListEntries",
            &e,
            "ip: does not look through prefix lists",
        )),
    }
    match stale {
        Ok(groups) => network.set_stale(groups),
        Err(e) if e.is_not_supported_by_endpoint() => say(
            "this endpoint does not answer DescribeStaleSecurityGroups: no rule is judged stale"
                .into(),
        ),
        Err(e) if e.is_gap() => say(format!("{}: no rule is judged stale", inert(&e.message))),
        Err(e) => say(warning(
            "stale references could not be loaded",
            "DescribeStaleSecurityGroups",
            &e,
            "no rule is judged stale",
        )),
    }
    interfaces_failed.is_none()
}

/// `warning: WHAT (CALL: ERROR): CONSEQUENCE`, the error made inert.
fn warning(what: &str, call: &str, error: &ApiError, consequence: &str) -> String {
    format!(
        "warning: {what} ({call}: {}): {consequence}",
        inert(&error.to_string())
    )
}
