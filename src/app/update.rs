use super::*;
use crate::ec2::Permission;
use crate::model::RuleSpec;
use crate::restore::RestoreOutcome;
use crate::revoke::report;

/// Applies one action to the app and returns the I/O it asks for. Pure: no awaiting, no terminal.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Command(command) => command_update(app, command),
        Action::Input(c) => {
            if let Mode::Filter { .. } = app.mode
                && !c.is_control()
                && app.filter.chars().count() < SPEC_MAX_CHARS
            {
                app.filter.push(c);
                filter_changed(app);
            }
            if let Mode::SpecPrompt(prompt) = &mut app.mode
                && !c.is_control()
                && prompt.input.chars().count() < SPEC_MAX_CHARS
            {
                prompt.input.push(c);
                prompt.error = None;
            }
            Vec::new()
        }
        Action::Resize => Vec::new(),
        Action::Tick => {
            app.spinner = app.spinner.wrapping_add(1);
            Vec::new()
        }
        Action::Connected { generation, result } => {
            if generation == app.load.generation {
                app.load.connecting = false;
                match result {
                    Ok(connection) => app.connection = connection,
                    Err(e) => load_failed(app, "connecting", e),
                }
            }
            Vec::new()
        }
        Action::GroupsPage { generation, result } => {
            if generation == app.load.generation {
                groups_page(app, result);
            }
            Vec::new()
        }
        Action::RulesPage { generation, result } => {
            if generation == app.load.generation {
                rules_page(app, result);
            }
            Vec::new()
        }
        Action::DryRunDone {
            batch,
            call,
            verdict,
        } => {
            if let Mode::Preview(p) = &mut app.mode
                && p.batch == batch
                && let Some(slot) = p.verdicts.get_mut(call)
            {
                *slot = Some(verdict);
            }
            Vec::new()
        }
        Action::RevokeDone { batch, call, sent } => revoke_done(app, batch, call, sent),
        Action::GroupsRefreshed { batch, result } => groups_refreshed(app, batch, result),
        Action::HistoryLoaded(entries) => {
            if let Mode::History(history) = &mut app.mode {
                history.batches = match &entries {
                    Ok(entries) => crate::restore::batches(entries).into_iter().rev().collect(),
                    Err(_) => Vec::new(),
                };
                history.entries = Some(entries);
            }
            Vec::new()
        }
        Action::RestoreChecked {
            batch,
            index,
            outcome,
        } => {
            if let Mode::Restore(view) = &mut app.mode
                && view.batch == batch
                && view.phase == RestorePhase::Checking
                && let Some(slot) = view.outcomes.get_mut(index)
            {
                *slot = Some(outcome);
                if view.outcomes.iter().all(Option::is_some) {
                    view.phase = RestorePhase::Ready;
                }
            }
            Vec::new()
        }
        Action::Restored {
            batch,
            index,
            outcome,
        } => restored(app, batch, index, outcome),
        Action::Notice(text) => {
            app.say(Level::Warn, text);
            Vec::new()
        }
        Action::JournalFailed(error) => {
            app.say(
                Level::Error,
                format!("The journal could not be written: {error}"),
            );
            Vec::new()
        }
    }
}

fn command_update(app: &mut App, command: Command) -> Vec<Effect> {
    use Command as C;
    match (&mut app.mode, command) {
        (Mode::Revoking(r), C::Quit) => {
            if app.quit_when_done {
                // The second time: quit now, and say so in the journal.
                let answered = r.results.iter().filter(|c| c.is_some()).count();
                let reason = format!(
                    "quit by the user with {} of {} calls answered; describe the groups to see what happened",
                    answered,
                    r.results.len()
                );
                let batch = r.batch;
                let batch_id = batch_id(app, batch);
                app.should_quit = true;
                return vec![Effect::JournalAbort { batch_id, reason }];
            }
            app.quit_when_done = true;
            app.say(
                Level::Warn,
                "Quitting once the calls under way have answered and are journaled. Press again to abort now.",
            );
            Vec::new()
        }
        (_, C::Quit) => {
            app.should_quit = true;
            Vec::new()
        }
        (Mode::Filter { .. }, C::DeleteChar) => {
            app.filter.pop();
            filter_changed(app);
            Vec::new()
        }
        (Mode::Filter { .. }, C::Submit) => {
            app.mode = Mode::Browse;
            Vec::new()
        }
        (Mode::Filter { previous }, C::Cancel) => {
            app.filter = std::mem::take(previous);
            app.mode = Mode::Browse;
            filter_changed(app);
            Vec::new()
        }
        (Mode::History(_), C::Close) => {
            app.mode = Mode::Browse;
            Vec::new()
        }
        (Mode::History(h), C::Down | C::Up | C::First | C::Last | C::PageDown | C::PageUp) => {
            let len = h.batches.len();
            move_cursor(&mut h.cursor, command, len);
            Vec::new()
        }
        (Mode::History(_), C::Undo) => undo(app),
        (Mode::Restore(v), C::Down | C::Up | C::First | C::Last | C::PageDown | C::PageUp) => {
            let len = v.plan.items.len();
            move_cursor(&mut v.cursor, command, len);
            Vec::new()
        }
        (Mode::Restore(v), C::Cancel) => match v.phase {
            RestorePhase::Restoring => {
                app.say(
                    Level::Warn,
                    "The restore is under way; wait for its answers.",
                );
                Vec::new()
            }
            RestorePhase::Done => {
                app.mode = Mode::Browse;
                refresh(app)
            }
            RestorePhase::Checking | RestorePhase::Ready => {
                app.mode = Mode::Browse;
                app.say(Level::Info, "Undo cancelled; nothing was changed.");
                Vec::new()
            }
        },
        (Mode::Restore(_), C::Confirm) => confirm_restore(app),
        (Mode::SpecPrompt(_), C::Cancel) => {
            app.mode = Mode::Browse;
            Vec::new()
        }
        (Mode::SpecPrompt(prompt), C::NextScope) => {
            prompt.scope = prompt.scope.next();
            Vec::new()
        }
        (Mode::SpecPrompt(prompt), C::DeleteChar) => {
            prompt.input.pop();
            prompt.error = None;
            Vec::new()
        }
        (Mode::SpecPrompt(_), C::Submit) => submit_spec(app),
        (Mode::Help { .. }, C::Close | C::Help) => {
            app.mode = Mode::Browse;
            Vec::new()
        }
        (Mode::Help { cursor }, C::Down | C::Up | C::First | C::Last | C::PageDown | C::PageUp) => {
            let len = keymap::KEYMAP.len() + 8;
            move_cursor(cursor, command, len);
            Vec::new()
        }
        (Mode::Preview(p), C::Down | C::Up | C::First | C::Last | C::PageDown | C::PageUp) => {
            let len = p.plan.calls.len() + p.plan.rule_count();
            move_cursor(&mut p.cursor, command, len);
            Vec::new()
        }
        (Mode::Preview(_), C::Cancel) => {
            app.mode = Mode::Browse;
            app.say(Level::Info, "Revoke cancelled; nothing was changed.");
            Vec::new()
        }
        (Mode::Preview(_), C::Confirm) => confirm(app),
        (Mode::Results(r), C::Down | C::Up | C::First | C::Last | C::PageDown | C::PageUp) => {
            move_cursor(&mut r.cursor, command, r.outcomes.len());
            Vec::new()
        }
        (Mode::Results(_), C::Close) => {
            app.mode = Mode::Browse;
            clamp_cursors(app);
            Vec::new()
        }
        (Mode::Browse, _) => browse_command(app, command),
        _ => Vec::new(),
    }
}

fn move_cursor(cursor: &mut ListCursor, command: Command, len: usize) {
    match command {
        Command::Down => cursor.step(1, len),
        Command::Up => cursor.step(-1, len),
        Command::First => cursor.selected = 0,
        Command::Last => cursor.selected = len.saturating_sub(1),
        Command::PageDown => cursor.step(cursor.page(), len),
        Command::PageUp => cursor.step(-cursor.page(), len),
        _ => {}
    }
}

fn browse_command(app: &mut App, command: Command) -> Vec<Effect> {
    use Command as C;
    match command {
        C::NextPane | C::PrevPane => {
            let order = [Pane::Groups, Pane::Inbound, Pane::Outbound];
            let i = order.iter().position(|p| *p == app.focus).unwrap_or(0);
            let step = if command == C::NextPane { 1 } else { 2 };
            app.focus = order[(i + step) % 3];
        }
        C::Down | C::Up | C::First | C::Last | C::PageDown | C::PageUp => {
            let len = match app.focus.direction() {
                None => app.visible_group_count(),
                Some(d) => app.visible_rules(d).len(),
            };
            let before = app.groups_cursor.selected;
            let cursor = match app.focus {
                Pane::Groups => &mut app.groups_cursor,
                Pane::Inbound => &mut app.inbound_cursor,
                Pane::Outbound => &mut app.outbound_cursor,
            };
            move_cursor(cursor, command, len);
            if app.focus == Pane::Groups && app.groups_cursor.selected != before {
                app.inbound_cursor = ListCursor::default();
                app.outbound_cursor = ListCursor::default();
            }
        }
        C::Enter if app.focus == Pane::Groups && app.selected_group().is_some() => {
            app.focus = Pane::Inbound;
        }
        C::ToggleMark => match app.rule_under_cursor().map(|r| r.id.clone()) {
            Some(id) => {
                if !app.marks.remove(&id) {
                    app.marks.insert(id);
                }
                let moved = app.focus;
                let len = app
                    .focus
                    .direction()
                    .map_or(0, |d| app.visible_rules(d).len());
                let cursor = match moved {
                    Pane::Inbound => &mut app.inbound_cursor,
                    _ => &mut app.outbound_cursor,
                };
                cursor.step(1, len);
            }
            None if app.focus == Pane::Groups => app.say(
                Level::Info,
                "Space marks a rule: press Enter or Tab to reach the group's rules.",
            ),
            None => app.say(Level::Info, "No rule here to mark."),
        },
        C::MarkAll => match app.focus.direction() {
            Some(direction) => {
                let ids: Vec<String> = app
                    .visible_rules(direction)
                    .iter()
                    .map(|r| r.id.clone())
                    .collect();
                if !ids.is_empty() && ids.iter().all(|id| app.marks.contains(id)) {
                    for id in &ids {
                        app.marks.remove(id);
                    }
                    app.say(
                        Level::Info,
                        format!("Unmarked {} {} rules.", ids.len(), direction.label()),
                    );
                } else {
                    let n = ids.len();
                    app.marks.extend(ids);
                    app.say(
                        Level::Info,
                        format!("Marked {n} {} rules.", direction.label()),
                    );
                }
            }
            None => app.say(
                Level::Info,
                "a marks every rule of the focused rules pane: press Tab to reach one.",
            ),
        },
        C::ClearMarks => {
            let n = app.marks.len();
            app.marks.clear();
            app.say(Level::Info, format!("Cleared {n} marks."));
        }
        C::OpenPreview => {
            let plan = RevokePlan::by_rule_ids(app.marked_rules());
            if plan.calls.is_empty() {
                app.say(
                    Level::Info,
                    "Nothing is marked: Space marks the rule under the cursor.",
                );
                return Vec::new();
            }
            return open_preview(app, plan);
        }
        C::OpenHistory => {
            app.mode = Mode::History(History {
                entries: None,
                batches: Vec::new(),
                cursor: ListCursor::default(),
            });
            return vec![Effect::LoadHistory];
        }
        C::OpenFilter => {
            app.mode = Mode::Filter {
                previous: app.filter.clone(),
            };
        }
        C::ClearFilter if !app.filter.is_empty() => {
            app.filter.clear();
            filter_changed(app);
        }
        C::OpenSpecPrompt => {
            let scope = if app.marks.is_empty() {
                Scope::SelectedGroup
            } else {
                Scope::MarkedGroups
            };
            app.mode = Mode::SpecPrompt(SpecPrompt {
                input: String::new(),
                scope,
                error: None,
            });
        }
        C::Refresh => return refresh(app),
        C::Help => {
            app.mode = Mode::Help {
                cursor: ListCursor::default(),
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The longest rule spec the prompt takes; a spec is a few dozen characters.
const SPEC_MAX_CHARS: usize = 200;

/// Parses the typed spec and previews one call per group in scope; a bad spec stays in the
/// prompt with its error, and nothing is sent.
fn submit_spec(app: &mut App) -> Vec<Effect> {
    let Mode::SpecPrompt(prompt) = &app.mode else {
        return Vec::new();
    };
    let (input, scope) = (prompt.input.clone(), prompt.scope);
    let parsed = match RuleSpec::parse(&input) {
        Ok(parsed) => parsed,
        Err(e) => {
            if let Mode::SpecPrompt(prompt) = &mut app.mode {
                prompt.error = Some(e.to_string());
            }
            return Vec::new();
        }
    };
    let spec = parsed.spec;
    let groups: Vec<&str> = app
        .groups_in_scope(scope)
        .into_iter()
        .map(|g| g.id.as_str())
        .collect();
    if groups.is_empty() {
        if let Mode::SpecPrompt(prompt) = &mut app.mode {
            prompt.error = Some(format!(
                "No group in scope ({}); Tab changes it.",
                scope.label()
            ));
        }
        return Vec::new();
    }
    let permission = Permission {
        protocol: spec.protocol,
        ports: spec.ports,
        peers: vec![spec.peer.clone()],
    };
    let inventory = &app.inventory;
    let plan = RevokePlan::by_properties(
        spec.direction,
        &permission,
        groups
            .iter()
            .map(|g| (*g, inventory.rules_of(g).of(spec.direction))),
    );
    if parsed.notes.is_empty() {
        app.say(
            Level::Info,
            format!("Previewing \"{spec}\" in {}.", scope.label()),
        );
    } else {
        app.say(Level::Warn, parsed.notes.join(" "));
    }
    open_preview(app, plan)
}

fn open_preview(app: &mut App, plan: RevokePlan) -> Vec<Effect> {
    let batch = app.new_batch();
    let calls = plan
        .calls
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.request.clone()))
        .collect();
    app.mode = Mode::Preview(Preview {
        batch,
        verdicts: vec![None; plan.calls.len()],
        plan,
        cursor: ListCursor::default(),
    });
    vec![Effect::DryRun { batch, calls }]
}

/// Whether a mutating call may go out: never read-only, never without a journal. Says why not.
fn may_mutate(app: &mut App, what: &str) -> bool {
    if app.settings.read_only {
        app.say(
            Level::Warn,
            format!("Read-only: nothing can be {what}. Esc closes."),
        );
        false
    } else if app.settings.journal.is_none() {
        app.say(
            Level::Error,
            "No journal: nothing is sent without one. Restart with --journal PATH.",
        );
        false
    } else {
        true
    }
}

fn confirm(app: &mut App) -> Vec<Effect> {
    if !matches!(app.mode, Mode::Preview(_)) || !may_mutate(app, "confirmed") {
        return Vec::new();
    }
    let Mode::Preview(preview) = &app.mode else {
        return Vec::new();
    };
    if preview.verdicts.iter().any(Option::is_none) {
        app.say(
            Level::Info,
            "Waiting for the dry-run verdicts before anything can be sent.",
        );
        return Vec::new();
    }
    let held: Vec<Option<CallResult>> = preview
        .verdicts
        .iter()
        .map(|v| v.as_ref().and_then(CallResult::held_back))
        .collect();
    let calls: Vec<(usize, crate::ec2::RevokeRequest)> = preview
        .plan
        .calls
        .iter()
        .enumerate()
        .filter(|(i, _)| held[*i].is_none())
        .map(|(i, c)| (i, c.request.clone()))
        .collect();
    if calls.is_empty() {
        app.say(
            Level::Warn,
            "No call can be sent: every dry run was denied or failed. Esc closes the preview.",
        );
        return Vec::new();
    }
    let batch = preview.batch;
    let plan = preview.plan.clone();
    app.mode = Mode::Revoking(Revoking {
        batch,
        plan,
        results: held,
        refreshing: false,
    });
    app.say(
        Level::Info,
        format!("Sending {} revoke calls…", calls.len()),
    );
    let journal = JournalBatch {
        batch_id: batch_id(app, batch),
        plan: match &app.mode {
            Mode::Revoking(r) => r.plan.clone(),
            _ => unreachable!("set just above"),
        },
        connection: app.connection.clone(),
    };
    vec![Effect::Revoke {
        batch,
        calls,
        journal,
    }]
}

fn revoke_done(app: &mut App, batch: u64, call: usize, sent: crate::ec2::Sent) -> Vec<Effect> {
    let Mode::Revoking(r) = &mut app.mode else {
        return Vec::new();
    };
    if r.batch != batch || r.refreshing {
        return Vec::new();
    }
    if let Some(slot) = r.results.get_mut(call) {
        *slot = Some(CallResult::Sent(sent));
    }
    if r.results.iter().all(Option::is_some) {
        r.refreshing = true;
        let group_ids = r.plan.group_ids();
        app.say(
            Level::Info,
            "Calls answered; describing the affected groups again…",
        );
        return vec![Effect::RefreshGroups { batch, group_ids }];
    }
    Vec::new()
}

fn groups_refreshed(app: &mut App, batch: u64, result: Result<Vec<Rule>, ApiError>) -> Vec<Effect> {
    let Mode::Revoking(r) = &app.mode else {
        return Vec::new();
    };
    if r.batch != batch || !r.refreshing {
        return Vec::new();
    }
    let results: Vec<CallResult> = r.results.iter().flatten().cloned().collect();
    let plan = r.plan.clone();
    let outcomes = report(&plan, &results, result.as_deref());
    let refresh_error = result.as_ref().err().cloned();
    if let Ok(rules) = result {
        app.inventory.replace_rules_of(&plan.group_ids(), rules);
        let inventory = &app.inventory;
        app.marks.retain(|id| inventory.has_rule(id));
    }
    let count = |label: &str| {
        outcomes
            .iter()
            .filter(|o| o.outcome.label() == label)
            .count()
    };
    let summary = format!(
        "Revoke finished: {} revoked, {} already gone, {} left, {} unmatched, {} failed{}.",
        count("revoked"),
        count("already gone"),
        count("left"),
        count("unmatched"),
        count("failed"),
        match count("unverified") {
            0 => String::new(),
            n => format!(", {n} unverified"),
        }
    );
    let level = if count("revoked") == outcomes.len() {
        Level::Info
    } else {
        Level::Warn
    };
    app.say(level, summary);
    let journal = Effect::JournalOutcome {
        batch_id: batch_id(app, batch),
        outcomes: outcomes.clone(),
    };
    app.mode = Mode::Results(Results {
        plan,
        outcomes,
        refresh_error,
        cursor: ListCursor::default(),
    });
    clamp_cursors(app);
    if app.quit_when_done {
        app.should_quit = true;
    }
    vec![journal]
}

/// A batch's id in the journal: unique across sessions.
fn batch_id(app: &App, batch: u64) -> String {
    format!("{}-{batch}", app.settings.session)
}

fn refresh(app: &mut App) -> Vec<Effect> {
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

fn load_failed(app: &mut App, what: &str, error: ApiError) {
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

fn groups_page(app: &mut App, result: Result<crate::ec2::Page<SecurityGroup>, ApiError>) {
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

fn rules_page(app: &mut App, result: Result<crate::ec2::Page<Rule>, ApiError>) {
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
fn finish_load(app: &mut App) {
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
fn reselect(app: &mut App, group_id: Option<String>) {
    app.refilter();
    if let Some(pos) = group_id.and_then(|id| app.visible_position(&id)) {
        app.groups_cursor.selected = pos;
    }
    clamp_cursors(app);
}

fn filter_changed(app: &mut App) {
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

fn clamp_cursors(app: &mut App) {
    app.groups_cursor.clamp(app.visible_group_count());
    let inbound = app.visible_rules(Direction::Inbound).len();
    let outbound = app.visible_rules(Direction::Outbound).len();
    app.inbound_cursor.clamp(inbound);
    app.outbound_cursor.clamp(outbound);
}

/// Plans the restore of the batch under the cursor and asks EC2 for a dry run of each rule.
fn undo(app: &mut App) -> Vec<Effect> {
    let Mode::History(history) = &app.mode else {
        return Vec::new();
    };
    let Some(Ok(entries)) = &history.entries else {
        return Vec::new();
    };
    let Some((batch_id, ..)) = history.batches.get(history.cursor.selected) else {
        app.say(Level::Info, "The journal has no batch to undo.");
        return Vec::new();
    };
    let plan = match crate::restore::plan(entries, Some(batch_id)) {
        Ok(plan) => plan,
        Err(e) => {
            app.say(Level::Error, e);
            return Vec::new();
        }
    };
    if plan.items.is_empty() {
        app.say(
            Level::Info,
            "Nothing to restore: this batch revoked no rule.",
        );
        return Vec::new();
    }
    let batch = app.new_batch();
    let items = plan
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (i, item.request.clone()))
        .collect();
    app.mode = Mode::Restore(RestoreView {
        batch,
        outcomes: vec![None; plan.items.len()],
        plan,
        phase: RestorePhase::Checking,
        cursor: ListCursor::default(),
    });
    vec![Effect::RestoreDryRun { batch, items }]
}

/// Sends the authorize calls whose dry run was allowed; the others keep their verdict.
fn confirm_restore(app: &mut App) -> Vec<Effect> {
    let ready = matches!(&app.mode, Mode::Restore(v) if v.phase == RestorePhase::Ready);
    if !ready || !may_mutate(app, "re-created") {
        return Vec::new();
    }
    let Mode::Restore(view) = &app.mode else {
        return Vec::new();
    };
    let items: Vec<(usize, crate::ec2::AuthorizeRequest)> = view
        .plan
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| matches!(view.outcomes[*i], Some(RestoreOutcome::WouldBeAllowed)))
        .map(|(i, item)| (i, item.request.clone()))
        .collect();
    if items.is_empty() {
        app.say(
            Level::Warn,
            "No rule can be re-created: every dry run failed. Esc closes.",
        );
        return Vec::new();
    }
    let batch = view.batch;
    if let Mode::Restore(view) = &mut app.mode {
        for (i, _) in &items {
            view.outcomes[*i] = None;
        }
        view.phase = RestorePhase::Restoring;
    }
    app.say(Level::Info, format!("Re-creating {} rules…", items.len()));
    vec![Effect::Restore { batch, items }]
}

fn restored(app: &mut App, batch: u64, index: usize, outcome: RestoreOutcome) -> Vec<Effect> {
    let Mode::Restore(view) = &mut app.mode else {
        return Vec::new();
    };
    if view.batch != batch || view.phase != RestorePhase::Restoring {
        return Vec::new();
    }
    if let Some(slot) = view.outcomes.get_mut(index) {
        *slot = Some(outcome);
    }
    if !view.outcomes.iter().all(Option::is_some) {
        return Vec::new();
    }
    view.phase = RestorePhase::Done;
    let outcomes: Vec<(String, RestoreOutcome)> = view
        .plan
        .items
        .iter()
        .zip(&view.outcomes)
        .map(|(item, o)| (item.original_id.clone(), o.clone().expect("all answered")))
        .collect();
    let of_batch = view.plan.batch.clone();
    let count = |label: &str| outcomes.iter().filter(|(_, o)| o.label() == label).count();
    let failed = count("failed");
    app.say(
        if failed == 0 {
            Level::Info
        } else {
            Level::Warn
        },
        format!(
            "Undo finished: {} restored, {} already present, {failed} failed. Esc refreshes.",
            count("restored"),
            count("already present"),
        ),
    );
    vec![Effect::JournalRestore { of_batch, outcomes }]
}
