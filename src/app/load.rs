//! Loading the inventory into the session: pages as they arrive, refreshes, errors, and keeping
//! the browse screen on the same groups.

use super::browse::Browse;
use super::effect::Effect;
use super::session::{Level, Load, Progress, Session};
use super::signals;
use crate::ec2::{ApiError, Connection, Page, codes};
use crate::inventory::Inventory;
use crate::model::scope::region_of;
use crate::model::{NetworkInterface, PrefixListWithEntries, Rule, SecurityGroup, StaleGroup};

/// Starts a new load; the inventory on screen stays until the new one is complete.
pub(super) fn refresh(session: &mut Session) -> Vec<Effect> {
    let generation = session.load.generation + 1;
    let staging = (!session.inventory.is_empty()).then(Inventory::with_text_index);
    session.load = Load::start(generation, staging);
    session.say(Level::Info, "Refreshing…");
    vec![Effect::LoadInventory { generation }]
}

pub(super) fn connected(session: &mut Session, result: Result<Connection, ApiError>) {
    session.load.connecting = false;
    match result {
        Ok(connection) => session.connection = connection,
        Err(e) => load_failed(session, "connecting", e),
    }
}

fn load_failed(session: &mut Session, what: &str, error: ApiError) {
    let region = session
        .connection
        .region
        .clone()
        .unwrap_or_else(|| "no region".into());
    session.say(
        Level::Error,
        format!(
            "Loading failed ({what}, {region}): {error}. {}",
            error.hint()
        ),
    );
    // The other stream is no use on its own: a refresh keeps the old inventory whole.
    session.load.staging = None;
    for progress in [&mut session.load.groups, &mut session.load.rules] {
        if progress.is_loading() {
            *progress = Progress::Failed(error.clone());
        }
    }
}

/// The two describe streams of a load.
#[derive(Debug, Clone, Copy)]
pub(super) enum Stream {
    Groups,
    Rules,
}

impl Stream {
    fn call(self) -> &'static str {
        match self {
            Self::Groups => "DescribeSecurityGroups",
            Self::Rules => "DescribeSecurityGroupRules",
        }
    }

    fn progress(self, load: &mut Load) -> &mut Progress {
        match self {
            Self::Groups => &mut load.groups,
            Self::Rules => &mut load.rules,
        }
    }
}

/// Counts a page of `stream` and hands back its items; a failed page fails the load, and a
/// page of a stream no longer loading is dropped.
fn take_page<T>(
    session: &mut Session,
    stream: Stream,
    result: Result<Page<T>, ApiError>,
) -> Option<Vec<T>> {
    let page = match result {
        Ok(page) => page,
        Err(e) => {
            load_failed(session, stream.call(), e);
            return None;
        }
    };
    let progress = stream.progress(&mut session.load);
    let Progress::Loading { pages, items } = *progress else {
        return None;
    };
    let (pages, items) = (pages + 1, items + page.items.len());
    *progress = if page.next_token.is_some() {
        Progress::Loading { pages, items }
    } else {
        Progress::Done { pages, items }
    };
    Some(page.items)
}

/// A page of groups or rules: counted, added to the inventory being loaded (the live one on a
/// first load, so it is on screen at once), with the same group kept selected.
/// `group_of` names the group of an item, whose region a failed region's items are dropped by.
pub(super) fn page<T>(
    session: &mut Session,
    browse: &mut Browse,
    stream: Stream,
    result: Result<Page<T>, ApiError>,
    add: fn(&mut Inventory, Vec<T>),
    group_of: fn(&T) -> &str,
) -> Vec<Effect> {
    if let Err(e) = &result
        && let Some(region) = e.region.clone()
    {
        region_failed(session, browse, stream.call(), region, e.clone());
        return finish_load(session, browse);
    }
    let Some(mut items) = take_page(session, stream, result) else {
        return Vec::new();
    };
    if !session.load.failed_regions.is_empty() {
        let failed = &session.load.failed_regions;
        items.retain(|item| region_of(group_of(item)).is_none_or(|r| !failed.contains_key(r)));
    }
    match &mut session.load.staging {
        // A refresh: nothing on screen changes until the staged inventory is swapped in.
        Some(staging) => add(staging, items),
        None => {
            let selected = browse
                .selected_group(&session.inventory)
                .map(|g| g.id.clone());
            add(&mut session.inventory, items);
            // A group's rules decide whether a filter shows it, so both streams refilter.
            browse.reselect(&session.inventory, selected);
        }
    }
    finish_load(session, browse)
}

pub(super) fn group_id(group: &SecurityGroup) -> &str {
    &group.id
}

pub(super) fn group_of_rule(rule: &Rule) -> &str {
    &rule.group_id
}

/// One region among several could not be read: its groups are dropped from the inventory
/// being loaded (none is shown with part of its rules), and its later pages with them; the
/// other regions load on.
fn region_failed(
    session: &mut Session,
    browse: &mut Browse,
    call: &'static str,
    region: String,
    error: ApiError,
) {
    let keep = |id: &str| region_of(id) != Some(region.as_str());
    match &mut session.load.staging {
        Some(staging) => *staging = staging.retain_groups(keep),
        None => {
            let selected = browse
                .selected_group(&session.inventory)
                .map(|g| g.id.clone());
            session.inventory = session.inventory.retain_groups(keep);
            browse.reselect(&session.inventory, selected);
        }
    }
    session.say(
        Level::Error,
        format!(
            "{region} could not be loaded ({call}: {}); the other regions are shown. {}",
            error.message,
            error.hint()
        ),
    );
    session
        .load
        .failed_regions
        .entry(region)
        .or_insert((call, error));
}

/// When both streams are done: swap a staged refresh in (keeping the interfaces and prefix
/// lists until their own load replaces them), drop marks of rules that are gone, and start
/// loading what stands behind the peers.
fn finish_load(session: &mut Session, browse: &mut Browse) -> Vec<Effect> {
    if !(session.load.groups.is_done() && session.load.rules.is_done()) {
        return Vec::new();
    }
    let selected = browse
        .selected_group(&session.inventory)
        .map(|g| g.id.clone());
    if let Some(mut staging) = session.load.staging.take() {
        staging.keep_network_of(&session.inventory);
        session.inventory = staging;
    }
    browse.reselect(&session.inventory, selected);
    let dropped = session.drop_stale_marks();
    let mut text = format!(
        "Loaded {} groups and {} rules.",
        session.inventory.groups().len(),
        session.inventory.rule_count()
    );
    if !session.load.failed_regions.is_empty() {
        let failed: Vec<String> = (session.load.failed_regions.iter())
            .map(|(region, (call, e))| format!("{region} ({call}: {} {})", e.code, e.message))
            .collect();
        text.push_str(&format!(" Not loaded: {}.", failed.join("; ")));
    }
    if session.settings.journal.is_none() && !session.settings.read_only {
        text.push_str(" Revokes are off: there is no journal (--journal PATH).");
    }
    // On a snapshot, what it lacks is worth more than the load's other news.
    if session.settings.snapshot.is_some()
        && let Some(notes) = &session.settings.startup_warning
    {
        text.push(' ');
        text.push_str(notes);
    }
    if dropped > 0 {
        text.push_str(&format!(
            " {dropped} marked rules no longer exist and were unmarked."
        ));
    }
    let level = if !session.load.failed_regions.is_empty() {
        Level::Error
    } else if dropped > 0 {
        Level::Warn
    } else {
        Level::Info
    };
    session.say(level, text);
    browse.clamp_cursors(&session.inventory);
    let mut effects = start_network(session);
    effects.extend(signals::judge(session));
    effects
}

/// Starts the background loads of the interfaces and the prefix lists the rules use. A refresh
/// stages the new interfaces, so `ip:` keeps its answers until the new ones are complete.
fn start_network(session: &mut Session) -> Vec<Effect> {
    let load = &mut session.load;
    load.interfaces = Some(Progress::start());
    load.prefix_lists = Some(Progress::start());
    load.stale = Some(Progress::start());
    load.interfaces_staging = (session.inventory.network().interface_count() > 0).then(Vec::new);
    vec![Effect::LoadNetwork {
        generation: load.generation,
        prefix_lists: session.inventory.prefix_lists_used(),
        vpcs: session.inventory.vpcs(),
    }]
}

/// A background load failed: said once, and the rest works on.
fn network_failed(session: &mut Session, what: &str, call: &str, error: ApiError) {
    // A snapshot lacks it by design: the message after the load said so already.
    if error.code == codes::NOT_IN_SNAPSHOT {
        return;
    }
    session.say(
        Level::Warn,
        format!(
            "{what} could not be loaded ({call}: {error}); ip: does not look through them. {}",
            error.hint()
        ),
    );
}

/// A page of network interfaces: straight in on a first load, staged on a refresh; a filter
/// that looks up addresses is applied again, as its answers may have grown.
/// Once the listing is complete (or failed), the signals are judged again: usage depends on it.
pub(super) fn interfaces_page(
    session: &mut Session,
    browse: &mut Browse,
    result: Result<Page<NetworkInterface>, ApiError>,
) -> Vec<Effect> {
    let Some(Progress::Loading { pages, items }) = session.load.interfaces else {
        return Vec::new();
    };
    let page = match result {
        Ok(page) => page,
        // A region whose groups could not be read shows none: its interfaces are not needed.
        Err(e)
            if (e.region.as_ref()).is_some_and(|r| session.load.failed_regions.contains_key(r)) =>
        {
            return Vec::new();
        }
        Err(e) => {
            session.load.interfaces = Some(Progress::Failed(e.clone()));
            session.load.interfaces_staging = None;
            network_failed(
                session,
                "Network interfaces",
                "DescribeNetworkInterfaces",
                e,
            );
            return signals::judge(session);
        }
    };
    let (pages, items) = (pages + 1, items + page.items.len());
    let done = page.next_token.is_none();
    session.load.interfaces = Some(if done {
        Progress::Done { pages, items }
    } else {
        Progress::Loading { pages, items }
    });
    let network = session.inventory.network_mut();
    match &mut session.load.interfaces_staging {
        Some(staging) => {
            staging.extend(page.items);
            if !done {
                return Vec::new();
            }
            network.set_interfaces(std::mem::take(staging));
        }
        None => network.add_interfaces(page.items),
    }
    refilter_addresses(session, browse);
    if done {
        signals::judge(session)
    } else {
        Vec::new()
    }
}

/// The prefix lists the rules use, with their entries.
pub(super) fn prefix_lists(
    session: &mut Session,
    browse: &mut Browse,
    result: Result<Vec<PrefixListWithEntries>, ApiError>,
) {
    if !matches!(session.load.prefix_lists, Some(Progress::Loading { .. })) {
        return;
    }
    match result {
        Ok(lists) => {
            session.load.prefix_lists = Some(Progress::Done {
                pages: 1,
                items: lists.len(),
            });
            session.inventory.network_mut().set_prefix_lists(lists);
            refilter_addresses(session, browse);
        }
        Err(e) => {
            session.load.prefix_lists = Some(Progress::Failed(e.clone()));
            network_failed(session, "Prefix lists", "GetManagedPrefixListEntries", e);
        }
    }
}

/// The stale groups of every VPC: judged again. An endpoint that lacks the call (an emulator)
/// is not an error: the status bar says so where it names the endpoint, and the message line is
/// left to what the user did.
pub(super) fn stale_groups(
    session: &mut Session,
    browse: &mut Browse,
    result: Result<Vec<StaleGroup>, ApiError>,
) -> Vec<Effect> {
    if !matches!(session.load.stale, Some(Progress::Loading { .. })) {
        return Vec::new();
    }
    match result {
        Ok(groups) => {
            session.load.stale = Some(Progress::Done {
                pages: 1,
                items: groups.len(),
            });
            session.inventory.network_mut().set_stale(groups);
            if browse.applied.asks_for_signals() {
                refilter_addresses(session, browse);
            }
        }
        Err(e) if e.is_gap() => {
            session.load.stale = Some(Progress::Failed(e));
        }
        Err(e) => {
            session.load.stale = Some(Progress::Failed(e.clone()));
            session.say(
                Level::Warn,
                format!(
                    "Stale references could not be loaded (DescribeStaleSecurityGroups: {e}). {}",
                    e.hint()
                ),
            );
        }
    }
    signals::judge(session)
}

/// Applies the filter again if it looks up addresses, keeping the same group selected.
fn refilter_addresses(session: &Session, browse: &mut Browse) {
    if browse.applied.looks_up_addresses() {
        let selected = browse
            .selected_group(&session.inventory)
            .map(|g| g.id.clone());
        browse.reselect(&session.inventory, selected);
    }
}
