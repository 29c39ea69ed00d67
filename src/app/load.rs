//! Loading the inventory into the session: pages as they arrive, refreshes, errors, and keeping
//! the browse screen on the same groups.

use super::browse::Browse;
use super::effect::Effect;
use super::inventory::Inventory;
use super::session::{Level, Load, Progress, Session};
use crate::ec2::{ApiError, Connection, Page};

/// Starts a new load; the inventory on screen stays until the new one is complete.
pub(super) fn refresh(session: &mut Session) -> Vec<Effect> {
    let generation = session.load.generation + 1;
    let staging = (!session.inventory.is_empty()).then(Inventory::default);
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
pub(super) fn page<T>(
    session: &mut Session,
    browse: &mut Browse,
    stream: Stream,
    result: Result<Page<T>, ApiError>,
    add: fn(&mut Inventory, Vec<T>),
) {
    let Some(items) = take_page(session, stream, result) else {
        return;
    };
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
    finish_load(session, browse);
}

/// When both streams are done: swap a staged refresh in and drop marks of rules that are gone.
fn finish_load(session: &mut Session, browse: &mut Browse) {
    if !(session.load.groups.is_done() && session.load.rules.is_done()) {
        return;
    }
    let selected = browse
        .selected_group(&session.inventory)
        .map(|g| g.id.clone());
    if let Some(staging) = session.load.staging.take() {
        session.inventory = staging;
    }
    browse.reselect(&session.inventory, selected);
    let dropped = session.drop_stale_marks();
    let mut text = format!(
        "Loaded {} groups and {} rules.",
        session.inventory.groups().len(),
        session.inventory.rule_count()
    );
    if session.settings.journal.is_none() && !session.settings.read_only {
        text.push_str(" Revokes are off: there is no journal (--journal PATH).");
    }
    if dropped > 0 {
        text.push_str(&format!(
            " {dropped} marked rules no longer exist and were unmarked."
        ));
    }
    let level = if dropped > 0 {
        Level::Warn
    } else {
        Level::Info
    };
    session.say(level, text);
    browse.clamp_cursors(&session.inventory);
}
