//! Loading an account without the TUI, through the TUI's calls: connect, then both describe
//! streams page by page, concurrently, with the stale references of each VPC asked for as its
//! first group arrives; then the network interfaces and the prefix lists the rules use,
//! together. Only the groups and rules must load; what follows them is said as a warning when
//! it fails, and the rest works. A [`Watch`] is told what is taken in as it comes.

use std::time::Instant;

use futures::{StreamExt, stream};

use super::stale::StaleCalls;
use crate::ec2::{ApiError, Connection, Ec2, Page, pages, prefix_lists_with_entries};
use crate::inventory::Inventory;
use crate::model::{NetworkInterface, PrefixListWithEntries, Rule, SecurityGroup, StaleGroup};
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

/// What a load has taken in, told as it goes, to a command that acts before the load is
/// complete (`export` writes each group's rows once they are whole).
pub trait Watch {
    /// The load is connected, to `connection`'s region.
    fn connected(&mut self, _connection: &Connection) {}
    /// A page of groups is about to be taken in.
    fn groups(&mut self, _groups: &[SecurityGroup]) {}
    /// A page of rules is about to be taken in.
    fn rules(&mut self, _rules: &[Rule]) {}
    /// `inventory` holds what `step` brought; `progress` says how far the load is.
    fn taken(&mut self, _inventory: &Inventory, _step: Step, _progress: &dyn Progress) {}
}

/// A load nobody watches.
impl Watch for () {}

/// What a load took in last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Groups,
    Rules,
    /// A VPC's stale references (or the failure that stops asking for them).
    Stale,
    /// Both listings are complete.
    Listed,
}

/// How far a load is.
pub trait Progress {
    /// Whether what is known of `vpc`'s stale references is all that this load will know.
    fn stale_settled(&self, vpc: &str) -> bool;
}

impl<B: Ec2> Progress for StaleCalls<'_, B> {
    fn stale_settled(&self, vpc: &str) -> bool {
        self.settled(vpc)
    }
}

/// What a load reads beyond the groups and rules: the stale references always; with
/// `network`, the interfaces and the prefix lists (which usage and `ip:` need).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    pub network: bool,
}

impl Reach {
    pub const ALL: Self = Self { network: true };
}

/// Loads everything the rows and their signals need. `say` gets each line of progress and
/// every warning, plain and with untrusted text made inert.
pub async fn load<B: Ec2>(backend: &B, say: &mut dyn FnMut(String)) -> Result<Loaded, LoadFailure> {
    load_watched(backend, Reach::ALL, say, &mut ()).await
}

/// [`load`], telling `watch` what is taken in as it comes, and reading what `reach` says.
/// Each VPC's stale references are asked for as soon as a group of the VPC arrives.
pub async fn load_watched<B: Ec2>(
    backend: &B,
    reach: Reach,
    say: &mut dyn FnMut(String),
    watch: &mut dyn Watch,
) -> Result<Loaded, LoadFailure> {
    let started = Instant::now();
    let connection = backend.connect().await.map_err(|error| LoadFailure {
        call: "connecting",
        error,
    })?;
    watch.connected(&connection);
    let mut inventory = Inventory::default();
    let mut stale = StaleCalls::new(backend);
    let mut stale_failure = None;
    let groups = backend.groups_pages().map(Part::Groups);
    let rules = backend.rules_pages().map(Part::Rules);
    let mut both = std::pin::pin!(stream::select(groups, rules));
    loop {
        // In a fixed order when both are ready (an in-memory account's pages always are), so
        // that what a watcher sees does not change from run to run.
        tokio::select! {
            biased;
            part = both.next() => match part {
                None => break,
                Some(Part::Groups(Ok(page))) => {
                    watch.groups(&page.items);
                    for vpc in page.items.iter().filter_map(|g| g.vpc_id.as_deref()) {
                        stale.ask(vpc);
                    }
                    inventory.add_groups(page.items);
                    watch.taken(&inventory, Step::Groups, &stale);
                }
                Some(Part::Rules(Ok(page))) => {
                    watch.rules(&page.items);
                    inventory.add_rules(page.items);
                    watch.taken(&inventory, Step::Rules, &stale);
                }
                Some(Part::Groups(Err(error))) => {
                    return Err(failure("DescribeSecurityGroups", error));
                }
                Some(Part::Rules(Err(error))) => {
                    return Err(failure("DescribeSecurityGroupRules", error));
                }
            },
            Some((_, answer)) = stale.next() => {
                take_stale(&mut inventory, answer, &mut stale_failure);
                watch.taken(&inventory, Step::Stale, &stale);
            }
        }
    }
    say(format!(
        "loaded {} group(s) and {} rule(s) in {:.2} s",
        inventory.groups().len(),
        inventory.rule_count(),
        started.elapsed().as_secs_f64()
    ));
    watch.taken(&inventory, Step::Listed, &stale);
    let prefix_lists = reach.network.then(|| inventory.prefix_lists_used());
    let stale_calls = async {
        while !stale.is_idle() {
            if let Some((_, answer)) = stale.next().await {
                take_stale(&mut inventory, answer, &mut stale_failure);
                watch.taken(&inventory, Step::Stale, &stale);
            }
        }
        inventory
    };
    let (inventory, network) = if let Some(prefix_lists) = prefix_lists {
        let (inventory, network) = futures::join!(stale_calls, load_network(backend, prefix_lists));
        (inventory, Some(network))
    } else {
        (stale_calls.await, None)
    };
    let mut inventory = inventory;
    if let Some(e) = stale_failure {
        say(stale_warning(&e, stale.unanswered()));
    }
    let interfaces_known = match network {
        Some(network) => {
            let known = take_network(&mut inventory, network, say);
            say(format!(
                "loaded {} network interface(s) and {} prefix list(s) in {:.2} s",
                inventory.network().interface_count(),
                inventory.network().prefix_list_count(),
                started.elapsed().as_secs_f64()
            ));
            known
        }
        None => false,
    };
    Ok(Loaded {
        connection,
        inventory,
        interfaces_known,
    })
}

/// A VPC's stale answer, into `inventory`; the first failure is kept, to be said once.
fn take_stale(
    inventory: &mut Inventory,
    answer: Result<Vec<StaleGroup>, ApiError>,
    failed: &mut Option<ApiError>,
) {
    match answer {
        Ok(groups) => inventory.network_mut().add_stale(groups),
        Err(e) => {
            failed.get_or_insert(e);
        }
    }
}

/// What is said when the stale references could not all be read.
fn stale_warning(error: &ApiError, unanswered: usize) -> String {
    if error.is_not_supported_by_endpoint() {
        return "this endpoint does not answer DescribeStaleSecurityGroups: no rule is judged stale"
            .into();
    }
    if error.is_gap() {
        return format!("{}: no rule is judged stale", inert(&error.message));
    }
    warning(
        "stale references could not be loaded",
        "DescribeStaleSecurityGroups",
        error,
        &format!("the rules of {unanswered} VPC(s) are not judged stale"),
    )
}

fn failure(call: &'static str, error: ApiError) -> LoadFailure {
    LoadFailure { call, error }
}

/// The network interfaces and the prefix lists a load read.
struct Network {
    interfaces: Vec<NetworkInterface>,
    interfaces_failed: Option<ApiError>,
    prefix_lists: Result<Vec<PrefixListWithEntries>, ApiError>,
}

/// Loads the network behind the peers: the interfaces and the prefix lists, at once.
async fn load_network<B: Ec2>(backend: &B, prefix_lists: Vec<String>) -> Network {
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
    let lists = prefix_lists_with_entries(backend, prefix_lists);
    let ((interfaces, interfaces_failed), prefix_lists) = futures::join!(interfaces, lists);
    Network {
        interfaces,
        interfaces_failed,
        prefix_lists,
    }
}

/// Takes the network into `inventory`; answers whether every interface loaded. A failed load
/// is a warning: the interfaces that did load are kept, as the TUI keeps them.
fn take_network(inventory: &mut Inventory, loaded: Network, say: &mut dyn FnMut(String)) -> bool {
    let network = inventory.network_mut();
    network.add_interfaces(loaded.interfaces);
    if let Some(e) = &loaded.interfaces_failed {
        say(warning(
            "network interfaces could not be loaded",
            "DescribeNetworkInterfaces",
            e,
            "no group is judged unused, and ip: does not look through group references",
        ));
    }
    match loaded.prefix_lists {
        Ok(lists) => network.set_prefix_lists(lists),
        Err(e) => say(warning(
            "prefix lists could not be loaded",
            "DescribeManagedPrefixLists/GetManagedPrefixListEntries",
            &e,
            "ip: does not look through prefix lists",
        )),
    }
    loaded.interfaces_failed.is_none()
}

/// `warning: WHAT (CALL: ERROR): CONSEQUENCE`, the error made inert.
fn warning(what: &str, call: &str, error: &ApiError, consequence: &str) -> String {
    format!(
        "warning: {what} ({call}: {}): {consequence}",
        inert(&error.to_string())
    )
}
