//! Loading the inventory: pages as they arrive, refreshes, errors, and keeping the cursors on the same groups.

use super::*;

pub(super) fn refresh(app: &mut App) -> Vec<Effect> {
    let generation = app.load.generation + 1;
    app.load = Load {
        generation,
        connecting: true,
        groups: Progress::start(),
        rules: Progress::start(),
        staging: (!app.inventory.is_empty()).then(Inventory::default),
    };
    app.say(Level::Info, "Refreshing…");
    vec![Effect::LoadInventory { generation }]
}

pub(super) fn load_failed(app: &mut App, what: &str, error: ApiError) {
    let region = app
        .connection
        .region
        .clone()
        .unwrap_or_else(|| "no region".into());
    app.say(
        Level::Error,
        format!(
            "Loading failed ({what}, {region}): {error}. {}",
            error.hint()
        ),
    );
    // The other stream is no use on its own: a refresh keeps the old inventory whole.
    app.load.staging = None;
    for progress in [&mut app.load.groups, &mut app.load.rules] {
        if progress.is_loading() {
            *progress = Progress::Failed(error.clone());
        }
    }
}

pub(super) fn groups_page(
    app: &mut App,
    result: Result<crate::ec2::Page<SecurityGroup>, ApiError>,
) {
    let page = match result {
        Ok(page) => page,
        Err(e) => return load_failed(app, "DescribeSecurityGroups", e),
    };
    let Progress::Loading { pages, items } = app.load.groups else {
        return;
    };
    let (pages, items) = (pages + 1, items + page.items.len());
    let selected = app.selected_group().map(|g| g.id.clone());
    match &mut app.load.staging {
        Some(staging) => staging.add_groups(page.items),
        None => app.inventory.add_groups(page.items),
    }
    reselect(app, selected);
    app.load.groups = if page.next_token.is_some() {
        Progress::Loading { pages, items }
    } else {
        Progress::Done { pages, items }
    };
    finish_load(app);
}

pub(super) fn rules_page(app: &mut App, result: Result<crate::ec2::Page<Rule>, ApiError>) {
    let page = match result {
        Ok(page) => page,
        Err(e) => return load_failed(app, "DescribeSecurityGroupRules", e),
    };
    let Progress::Loading { pages, items } = app.load.rules else {
        return;
    };
    let (pages, items) = (pages + 1, items + page.items.len());
    match &mut app.load.staging {
        Some(staging) => staging.add_rules(page.items),
        None => app.inventory.add_rules(page.items),
    }
    app.load.rules = if page.next_token.is_some() {
        Progress::Loading { pages, items }
    } else {
        Progress::Done { pages, items }
    };
    finish_load(app);
}

/// When both streams are done: swap a staged refresh in and drop marks of rules that are gone.
pub(super) fn finish_load(app: &mut App) {
    let done = |p: &Progress| matches!(p, Progress::Done { .. });
    if !(done(&app.load.groups) && done(&app.load.rules)) {
        return;
    }
    let selected = app.selected_group().map(|g| g.id.clone());
    if let Some(staging) = app.load.staging.take() {
        app.inventory = staging;
    }
    reselect(app, selected);
    let before = app.marks.len();
    let inventory = &app.inventory;
    app.marks.retain(|id| inventory.has_rule(id));
    let dropped = before - app.marks.len();
    let mut text = format!(
        "Loaded {} groups and {} rules.",
        app.inventory.groups().len(),
        app.inventory.rule_count()
    );
    if app.settings.journal.is_none() && !app.settings.read_only {
        text.push_str(" Revokes are off: there is no journal (--journal PATH).");
    }
    if dropped > 0 {
        text.push_str(&format!(
            " {dropped} marked rules no longer exist and were unmarked."
        ));
    }
    app.say(
        if dropped > 0 {
            Level::Warn
        } else {
            Level::Info
        },
        text,
    );
    clamp_cursors(app);
}

/// Keeps the same group selected across a change of groups or filter, where it is still shown.
pub(super) fn reselect(app: &mut App, group_id: Option<String>) {
    app.refilter();
    if let Some(pos) = group_id.and_then(|id| app.visible_position(&id)) {
        app.groups_cursor.selected = pos;
    }
    clamp_cursors(app);
}

pub(super) fn filter_changed(app: &mut App) {
    let selected = app.selected_group().map(|g| g.id.clone());
    app.refilter();
    match selected.and_then(|id| app.visible_position(&id)) {
        Some(pos) => app.groups_cursor.selected = pos,
        None => {
            app.groups_cursor = ListCursor::default();
            app.inbound_cursor = ListCursor::default();
            app.outbound_cursor = ListCursor::default();
        }
    }
    clamp_cursors(app);
}

pub(super) fn clamp_cursors(app: &mut App) {
    app.groups_cursor.clamp(app.visible_group_count());
    let inbound = app.visible_rules(Direction::Inbound).len();
    let outbound = app.visible_rules(Direction::Outbound).len();
    app.inbound_cursor.clamp(inbound);
    app.outbound_cursor.clamp(outbound);
}
