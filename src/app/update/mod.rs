use super::*;
use crate::ec2::Permission;
use crate::model::RuleSpec;
use crate::restore::RestoreOutcome;
use crate::revoke::report;

mod load;
mod revoke;
mod undo;

use load::*;
use revoke::*;
use undo::*;

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
