//! Each screen's update, driven with plain values: no runtime, no terminal, no backend. The
//! destructive screens (the revoke preview, the undo) each have their prompt, yes and no.

use super::*;
use crate::ec2::{ApiError, DryRunVerdict, Page, RevokeResponse, RevokeTarget, Sent, codes};
use crate::model::{OutcomeKind, Peer, PortRange, Protocol};
use crate::restore::{PastBatch, RestoreItem, RestoreOutcome, RestorePlan};

fn group(id: &str, name: &str, vpc: &str) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: name.into(),
        description: format!("{name} tier"),
        vpc_id: Some(vpc.into()),
        owner_id: Some("123456789012".into()),
        tags: Default::default(),
    }
}

fn rule(id: &str, group: &str, direction: Direction, port: i32) -> Rule {
    Rule {
        id: id.into(),
        group_id: group.into(),
        direction,
        protocol: Protocol::Tcp,
        ports: PortRange::new(port, port),
        peer: Peer::Ipv4("0.0.0.0/0".parse().unwrap()),
        description: None,
        tags: Default::default(),
    }
}

fn settings() -> Settings {
    Settings {
        session: "t".into(),
        journal: Some("journal.jsonl".into()),
        ..Settings::default()
    }
}

/// An app with two groups loaded: app (sg-1: inbound 22 and 443, outbound 80) and web (sg-2:
/// inbound 22).
fn loaded(settings: Settings) -> App {
    let (mut app, _) = App::new(settings);
    update(
        &mut app,
        Action::Connected {
            generation: 1,
            result: Ok(Default::default()),
        },
    );
    update(
        &mut app,
        Action::GroupsPage {
            generation: 1,
            result: Ok(Page {
                items: vec![group("sg-2", "web", "vpc-1"), group("sg-1", "app", "vpc-1")],
                next_token: None,
            }),
        },
    );
    update(
        &mut app,
        Action::RulesPage {
            generation: 1,
            result: Ok(Page {
                items: vec![
                    rule("sgr-1", "sg-1", Direction::Inbound, 22),
                    rule("sgr-2", "sg-1", Direction::Inbound, 443),
                    rule("sgr-3", "sg-1", Direction::Outbound, 80),
                    rule("sgr-4", "sg-2", Direction::Inbound, 22),
                ],
                next_token: None,
            }),
        },
    );
    app
}

fn press(app: &mut App, command: Command) -> Vec<Effect> {
    update(app, Action::Command(command))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Input(c));
    }
}

fn message(app: &App) -> &str {
    app.session.message.as_ref().map_or("", |m| &m.text)
}

// ---- browse ----

#[test]
fn browse_moves_marks_and_opens_the_preview() {
    let mut app = loaded(settings());
    assert_eq!(message(&app), "Loaded 2 groups and 4 rules.");
    assert_eq!(app.selected_group().unwrap().name, "app", "sorted by name");
    press(&mut app, Command::Enter);
    assert_eq!(app.browse.focus, Pane::Inbound);
    press(&mut app, Command::ToggleMark);
    assert!(app.session.is_marked("sgr-1"));
    assert_eq!(app.browse.inbound_cursor.selected, 1, "the cursor moves on");
    press(&mut app, Command::MarkAll);
    assert_eq!(app.session.marks.len(), 2);
    press(&mut app, Command::MarkAll);
    assert!(app.session.marks.is_empty(), "again: unmark");
    assert!(press(&mut app, Command::OpenPreview).is_empty());
    assert!(message(&app).starts_with("Nothing is marked"));
    press(&mut app, Command::ToggleMark);
    let effects = press(&mut app, Command::OpenPreview);
    assert!(matches!(&effects[..], [Effect::DryRun { calls, .. }] if calls.len() == 1));
    assert!(matches!(app.mode, Mode::Preview(_)));
}

#[test]
fn browse_moving_to_another_group_resets_the_rule_cursors() {
    let mut app = loaded(settings());
    app.browse.inbound_cursor.selected = 1;
    press(&mut app, Command::Down);
    assert_eq!(app.selected_group().unwrap().name, "web");
    assert_eq!(app.browse.inbound_cursor.selected, 0);
    press(&mut app, Command::Down);
    assert_eq!(
        app.browse.groups_cursor.selected, 1,
        "stays inside the list"
    );
}

// ---- filter ----

#[test]
fn filter_narrows_live_keeps_on_enter_and_restores_on_esc() {
    let mut app = loaded(settings());
    press(&mut app, Command::OpenFilter);
    typed(&mut app, "WEB");
    assert_eq!(app.visible_group_count(), 1);
    press(&mut app, Command::Submit);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(app.browse.filter, "WEB");
    press(&mut app, Command::OpenFilter);
    press(&mut app, Command::DeleteChar);
    typed(&mut app, "zzz");
    assert_eq!(app.visible_group_count(), 0);
    press(&mut app, Command::Cancel);
    assert_eq!(app.browse.filter, "WEB");
    assert_eq!(app.selected_group().unwrap().name, "web");
}

// ---- spec prompt ----

#[test]
fn spec_prompt_keeps_a_bad_spec_and_previews_a_good_one() {
    let mut app = loaded(settings());
    press(&mut app, Command::OpenSpecPrompt);
    typed(&mut app, "in tcp 70000 0.0.0.0/0");
    assert!(press(&mut app, Command::Submit).is_empty());
    let Mode::SpecPrompt(prompt) = &app.mode else {
        panic!("the prompt stays open")
    };
    assert!(prompt.error.as_deref().unwrap().contains("70000"));
    assert_eq!(prompt.scope, Scope::SelectedGroup);
    let mut prompt = SpecPrompt::new(false);
    for c in "in tcp 22 0.0.0.0/0".chars() {
        spec_prompt::input(&mut prompt, c);
    }
    spec_prompt::command(
        &mut prompt,
        &app.browse,
        &mut app.session,
        Command::NextScope,
    );
    spec_prompt::command(
        &mut prompt,
        &app.browse,
        &mut app.session,
        Command::NextScope,
    );
    assert_eq!(prompt.scope, Scope::AllGroups);
    let step = spec_prompt::command(&mut prompt, &app.browse, &mut app.session, Command::Submit);
    let Some(Mode::Preview(preview)) = step.goto else {
        panic!("a preview")
    };
    assert_eq!(preview.plan.calls.len(), 2, "one call per group");
    assert!(matches!(
        preview.plan.calls[0].request.target,
        RevokeTarget::Permissions(_)
    ));
    let step = spec_prompt::command(&mut prompt, &app.browse, &mut app.session, Command::Cancel);
    assert!(matches!(step.goto, Some(Mode::Browse)) && step.effects.is_empty());
}

// ---- preview: prompt, yes, no ----

/// An app in the preview of sgr-1 (app, inbound) and sgr-3 (app, outbound).
fn previewing(settings: Settings) -> App {
    let mut app = loaded(settings);
    app.session.marks.extend(["sgr-1".into(), "sgr-3".into()]);
    press(&mut app, Command::OpenPreview);
    app
}

fn verdicts(app: &mut App, verdicts: Vec<DryRunVerdict>) {
    let Mode::Preview(p) = &app.mode else {
        panic!("not in a preview")
    };
    let batch = p.batch;
    for (call, verdict) in verdicts.into_iter().enumerate() {
        update(
            app,
            Action::DryRunDone {
                batch,
                call,
                verdict,
            },
        );
    }
}

#[test]
fn preview_prompt_waits_for_every_verdict() {
    let mut app = previewing(settings());
    let Mode::Preview(p) = &app.mode else {
        panic!()
    };
    assert_eq!(p.plan.calls.len(), 2);
    assert!(app.waits_on_io());
    assert!(press(&mut app, Command::Confirm).is_empty());
    assert!(message(&app).starts_with("Waiting for the dry-run verdicts"));
    assert!(matches!(app.mode, Mode::Preview(_)));
}

#[test]
fn preview_yes_sends_only_the_allowed_calls_journaled() {
    let mut app = previewing(settings());
    let denied = DryRunVerdict::Denied("no".into());
    verdicts(&mut app, vec![DryRunVerdict::Allowed, denied]);
    let effects = press(&mut app, Command::Confirm);
    let [Effect::Revoke { calls, journal, .. }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].1.rule_ids(), ["sgr-1".to_string()]);
    assert_eq!(journal.batch_id, "t-1");
    let Mode::Revoking(r) = &app.mode else {
        panic!("revoking")
    };
    assert!(
        r.results[0].is_none() && r.results[1].is_some(),
        "held back"
    );
}

#[test]
fn preview_no_changes_nothing() {
    let mut app = previewing(settings());
    verdicts(&mut app, vec![DryRunVerdict::Allowed; 2]);
    assert!(press(&mut app, Command::Cancel).is_empty());
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(app.session.marks.len(), 2, "marks are kept");
    assert_eq!(message(&app), "Revoke cancelled; nothing was changed.");
}

#[test]
fn preview_yes_is_refused_read_only_and_without_a_journal() {
    for (settings, says) in [
        (
            Settings {
                read_only: true,
                ..settings()
            },
            "Read-only",
        ),
        (
            Settings {
                journal: None,
                ..settings()
            },
            "No journal",
        ),
    ] {
        let mut app = previewing(settings);
        verdicts(&mut app, vec![DryRunVerdict::Allowed; 2]);
        assert!(press(&mut app, Command::Confirm).is_empty());
        assert!(message(&app).starts_with(says), "{}", message(&app));
        assert!(matches!(app.mode, Mode::Preview(_)));
    }
}

// ---- revoking and results ----

fn answered(returned: bool) -> Sent {
    Sent::plain(Ok(RevokeResponse {
        returned,
        ..Default::default()
    }))
}

#[test]
fn revoking_refreshes_once_every_call_answered_then_shows_typed_results() {
    let mut app = previewing(settings());
    verdicts(&mut app, vec![DryRunVerdict::Allowed; 2]);
    press(&mut app, Command::Confirm);
    let revoke_done = |call| Action::RevokeDone {
        batch: 1,
        call,
        sent: answered(true),
    };
    assert!(update(&mut app, revoke_done(0)).is_empty());
    let effects = update(&mut app, revoke_done(1));
    assert!(
        matches!(&effects[..], [Effect::RefreshGroups { group_ids, .. }] if group_ids == &["sg-1"])
    );
    // After the refresh only sgr-2 is left in the group.
    let after = vec![rule("sgr-2", "sg-1", Direction::Inbound, 443)];
    let effects = update(
        &mut app,
        Action::GroupsRefreshed {
            batch: 1,
            result: Ok(after),
        },
    );
    let [Effect::JournalOutcome { batch_id, outcomes }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(batch_id, "t-1");
    assert!(
        outcomes
            .iter()
            .all(|o| o.outcome.kind() == OutcomeKind::Revoked)
    );
    assert!(message(&app).starts_with("Revoke finished: 2 revoked"));
    assert!(app.session.marks.is_empty(), "revoked rules are unmarked");
    let Mode::Results(results) = &mut app.mode else {
        panic!("results")
    };
    results::command(
        results,
        &mut app.browse,
        &app.session.inventory,
        Command::Last,
    );
    assert_eq!(results.cursor.selected, 1);
    let step = results::command(
        results,
        &mut app.browse,
        &app.session.inventory,
        Command::Close,
    );
    assert!(matches!(step.goto, Some(Mode::Browse)));
}

#[test]
fn quitting_during_a_batch_waits_then_aborts() {
    let mut app = previewing(settings());
    verdicts(&mut app, vec![DryRunVerdict::Allowed; 2]);
    press(&mut app, Command::Confirm);
    assert!(press(&mut app, Command::Quit).is_empty());
    assert!(app.session.quit_when_done && !app.session.should_quit);
    let effects = press(&mut app, Command::Quit);
    assert!(app.session.should_quit);
    assert!(
        matches!(&effects[..], [Effect::JournalAbort { reason, .. }] if reason.contains("0 of 2"))
    );
}

// ---- history and undo: prompt, yes, no ----

fn plan(items: usize) -> RestorePlan {
    RestorePlan {
        batch: "t-1".into(),
        time: "2026-11-24T00:00:00Z".into(),
        region: Some("eu-west-1".into()),
        items: (0..items)
            .map(|i| {
                let r = rule(
                    &format!("sgr-{i}"),
                    "sg-1",
                    Direction::Inbound,
                    22 + i as i32,
                );
                RestoreItem {
                    original_id: r.id.clone(),
                    request: crate::ec2::AuthorizeRequest {
                        group_id: r.group_id,
                        direction: r.direction,
                        protocol: r.protocol,
                        ports: r.ports,
                        peer: r.peer,
                        description: None,
                        tags: Default::default(),
                    },
                }
            })
            .collect(),
        skipped: Vec::new(),
    }
}

fn past(id: &str, items: usize) -> PastBatch {
    PastBatch {
        id: id.into(),
        time: "2026-11-24T00:00:00Z".into(),
        rules: items,
        restore: Ok(plan(items)),
    }
}

#[test]
fn history_lists_newest_first_and_opens_the_undo_of_the_selected_batch() {
    let mut app = loaded(settings());
    let effects = press(&mut app, Command::OpenHistory);
    assert_eq!(effects, vec![Effect::LoadHistory]);
    assert!(app.waits_on_io());
    update(
        &mut app,
        Action::HistoryLoaded(Ok(vec![past("old", 2), past("new", 0)])),
    );
    let Mode::History(h) = &app.mode else {
        panic!("history")
    };
    assert_eq!(h.batches[0].id, "new");
    assert!(press(&mut app, Command::Undo).is_empty());
    assert!(message(&app).starts_with("Nothing to restore"));
    press(&mut app, Command::Down);
    let effects = press(&mut app, Command::Undo);
    assert!(matches!(&effects[..], [Effect::RestoreDryRun { items, .. }] if items.len() == 2));
    assert!(matches!(app.mode, Mode::Restore(_)));
}

#[test]
fn history_says_when_the_journal_cannot_be_read() {
    let mut history = History::reading();
    history.loaded(Err("journal.jsonl: Permission denied".into()));
    assert_eq!(
        history.journal,
        JournalRead::Failed("journal.jsonl: Permission denied".into())
    );
    let mut session = Session::new(settings());
    assert!(
        history::command(&mut history, &mut session, Command::Undo)
            .effects
            .is_empty()
    );
    let step = history::command(&mut history, &mut session, Command::Close);
    assert!(matches!(step.goto, Some(Mode::Browse)));
}

/// An undo of two rules whose dry runs answered `checks`.
fn undoing(settings: Settings, checks: Vec<RestoreOutcome>) -> (RestoreView, Session) {
    let mut session = Session::new(settings);
    let step = undo::open(&mut session, plan(2));
    let Some(Mode::Restore(mut view)) = step.goto else {
        panic!("an undo")
    };
    assert_eq!(view.phase, RestorePhase::Checking);
    for (i, outcome) in checks.into_iter().enumerate() {
        let batch = view.batch;
        undo::checked(&mut view, batch, i, outcome);
    }
    (view, session)
}

#[test]
fn undo_prompt_waits_for_the_dry_runs() {
    let (mut view, mut session) = undoing(settings(), vec![RestoreOutcome::WouldBeAllowed]);
    assert_eq!(view.phase, RestorePhase::Checking);
    assert!(
        undo::command(&mut view, &mut session, Command::Confirm)
            .effects
            .is_empty()
    );
    let batch = view.batch;
    undo::checked(&mut view, batch, 1, RestoreOutcome::WouldBeAllowed);
    assert_eq!(view.phase, RestorePhase::Ready);
}

#[test]
fn undo_yes_recreates_the_allowed_rules_and_journals_what_happened() {
    let denied = RestoreOutcome::Failed(ApiError::new(codes::UNAUTHORIZED, "no"));
    let (mut view, mut session) = undoing(settings(), vec![RestoreOutcome::WouldBeAllowed, denied]);
    let step = undo::command(&mut view, &mut session, Command::Confirm);
    assert!(matches!(&step.effects[..], [Effect::Restore { items, .. }] if items.len() == 1));
    assert_eq!(view.phase, RestorePhase::Restoring);
    assert!(
        undo::command(&mut view, &mut session, Command::Cancel)
            .goto
            .is_none()
    );
    let batch = view.batch;
    let step = undo::restored(
        &mut view,
        &mut session,
        batch,
        0,
        RestoreOutcome::AlreadyPresent,
    );
    let [Effect::JournalRestore { of_batch, outcomes }] = &step.effects[..] else {
        panic!("{:?}", step.effects)
    };
    assert_eq!(of_batch, "t-1");
    assert_eq!(outcomes.len(), 2);
    assert_eq!(
        session.message.as_ref().unwrap().text,
        "Undo finished: 0 restored, 1 already present, 1 failed. Esc refreshes."
    );
    let step = undo::command(&mut view, &mut session, Command::Cancel);
    assert!(matches!(step.goto, Some(Mode::Browse)));
    assert!(matches!(&step.effects[..], [Effect::LoadInventory { .. }]));
}

#[test]
fn undo_no_changes_nothing() {
    let (mut view, mut session) = undoing(settings(), vec![RestoreOutcome::WouldBeAllowed; 2]);
    let step = undo::command(&mut view, &mut session, Command::Cancel);
    assert!(matches!(step.goto, Some(Mode::Browse)) && step.effects.is_empty());
    assert_eq!(
        session.message.as_ref().unwrap().text,
        "Undo cancelled; nothing was changed."
    );
}

#[test]
fn undo_yes_is_refused_read_only() {
    let read_only = Settings {
        read_only: true,
        ..settings()
    };
    let (mut view, mut session) = undoing(read_only, vec![RestoreOutcome::WouldBeAllowed; 2]);
    assert!(
        undo::command(&mut view, &mut session, Command::Confirm)
            .effects
            .is_empty()
    );
    assert_eq!(view.phase, RestorePhase::Ready);
    assert!(session.message.unwrap().text.starts_with("Read-only"));
}

// ---- help ----

#[test]
fn help_scrolls_within_its_lines_and_closes() {
    let mut help = Help::default();
    help::command(&mut help, Command::Last);
    assert_eq!(help.cursor.selected, help::line_count() - 1);
    assert!(matches!(
        help::command(&mut help, Command::Help).goto,
        Some(Mode::Browse)
    ));
    assert!(matches!(
        help::command(&mut help, Command::Close).goto,
        Some(Mode::Browse)
    ));
}

#[test]
fn every_key_means_one_command_per_screen() {
    for screen in SCREENS {
        let mut seen = Vec::new();
        let general = keymap::GENERAL.iter().map(|(_, b)| b);
        for binding in screen.keys.iter().chain(general) {
            for key in binding.keys {
                let event = ratatui::crossterm::event::KeyEvent::new(
                    key.code,
                    if key.ctrl {
                        ratatui::crossterm::event::KeyModifiers::CONTROL
                    } else {
                        ratatui::crossterm::event::KeyModifiers::NONE
                    },
                );
                if let Some(command) = keymap::command_for(screen.kind, &event) {
                    assert!(
                        !seen.contains(&(key.code, key.ctrl))
                            || screen.keys.iter().all(|b| b.command != command),
                        "{:?}: {:?} is bound twice",
                        screen.kind,
                        key.code
                    );
                    seen.push((key.code, key.ctrl));
                }
            }
        }
    }
}

#[test]
fn a_failed_refresh_leaves_outcomes_unverified() {
    let mut app = previewing(settings());
    verdicts(&mut app, vec![DryRunVerdict::Allowed; 2]);
    press(&mut app, Command::Confirm);
    for call in 0..2 {
        update(
            &mut app,
            Action::RevokeDone {
                batch: 1,
                call,
                sent: answered(call == 0),
            },
        );
    }
    let error = ApiError::new(codes::THROTTLED, "slow down");
    update(
        &mut app,
        Action::GroupsRefreshed {
            batch: 1,
            result: Err(error),
        },
    );
    let Mode::Results(r) = &app.mode else {
        panic!("results")
    };
    let kinds: Vec<OutcomeKind> = r.outcomes.iter().map(|o| o.outcome.kind()).collect();
    assert_eq!(kinds, [OutcomeKind::Unverified, OutcomeKind::Failed]);
    assert!(
        message(&app).ends_with("1 failed, 1 unverified."),
        "{}",
        message(&app)
    );
}

// ---- the filter language on the browse screen ----

#[test]
fn a_filter_narrows_groups_by_their_rules_and_marks_what_it_matches() {
    let mut app = loaded(settings());
    press(&mut app, Command::OpenFilter);
    typed(&mut app, "port:443");
    assert_eq!(app.visible_group_count(), 1, "only app has a 443 rule");
    assert_eq!(app.browse.matching_rules, 1);
    let rows = app.browse.rows(Direction::Inbound);
    let hits: Vec<bool> = rows.iter().map(|r| r.hit.is_some()).collect();
    assert_eq!(hits, [false, true], "22 is shown, 443 is the match");
    press(&mut app, Command::Submit);
    press(&mut app, Command::ToggleOnlyMatching);
    let only: Vec<&str> = app
        .visible_rules(Direction::Inbound)
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(only, ["sgr-2"]);
    assert!(app.visible_rules(Direction::Outbound).is_empty());
    press(&mut app, Command::ToggleOnlyMatching);
    assert_eq!(app.visible_rules(Direction::Inbound).len(), 2);
    press(&mut app, Command::ClearFilter);
    assert!(!app.browse.filtering());
    assert_eq!(app.visible_group_count(), 2);
}

#[test]
fn a_bad_term_is_said_and_left_out_while_the_valid_ones_stay() {
    let mut app = loaded(settings());
    press(&mut app, Command::OpenFilter);
    typed(&mut app, "port:443 dir:sideways");
    assert_eq!(app.visible_group_count(), 1, "port:443 stays in force");
    assert_eq!(app.browse.applied.terms.len(), 1);
    let Mode::Filter(prompt) = &app.mode else {
        panic!("the prompt stays")
    };
    assert!(prompt.error.as_deref().unwrap().contains("`dir:sideways`"));
    assert!(message(&app).contains("is not a direction"));
    assert!(message(&app).ends_with("The filter in force leaves this term out."));
    assert!(press(&mut app, Command::Submit).is_empty());
    assert!(
        matches!(app.mode, Mode::Filter(_)),
        "Enter does not keep a bad filter"
    );
    press(&mut app, Command::Cancel);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(app.browse.filter, "");
    assert!(!app.browse.filtering());
}

#[test]
fn mark_matching_marks_the_filters_rules_in_every_shown_group_and_never_without_one() {
    let mut app = loaded(settings());
    press(&mut app, Command::MarkMatching);
    assert!(app.session.marks.is_empty(), "no filter, no marks");
    assert!(message(&app).starts_with("A marks the rules a filter matches"));
    press(&mut app, Command::OpenFilter);
    typed(&mut app, "port:22 dir:in");
    press(&mut app, Command::Submit);
    press(&mut app, Command::MarkMatching);
    let marks: Vec<&str> = app.session.marks.iter().map(String::as_str).collect();
    assert_eq!(marks, ["sgr-1", "sgr-4"]);
    assert!(message(&app).starts_with("Marked 2 rules matching the filter across 2 groups"));
    let effects = press(&mut app, Command::OpenPreview);
    assert!(matches!(&effects[..], [Effect::DryRun { calls, .. }] if calls.len() == 2));
}

// ---- following references ----

/// The loaded app, with app (sg-1) also letting in web (sg-2) on 5432, and a rule to a group
/// of another region.
fn with_references() -> App {
    let mut app = loaded(settings());
    let mut from_web = rule("sgr-5", "sg-1", Direction::Inbound, 5432);
    from_web.peer = Peer::Group(crate::model::GroupRef {
        group_id: "sg-2".into(),
        user_id: None,
        vpc_id: None,
        peering_status: None,
    });
    let mut elsewhere = from_web.clone();
    elsewhere.id = "sgr-6".into();
    elsewhere.ports = PortRange::new(6379, 6379);
    elsewhere.peer = Peer::Group(crate::model::GroupRef {
        group_id: "sg-9".into(),
        user_id: Some("210987654321".into()),
        vpc_id: None,
        peering_status: None,
    });
    app.session.inventory.add_rules(vec![from_web, elsewhere]);
    app.browse.clamp_cursors(&app.session.inventory);
    app
}

#[test]
fn enter_on_a_reference_jumps_to_its_group_and_back_returns() {
    let mut app = with_references();
    press(&mut app, Command::Enter);
    press(&mut app, Command::Last);
    let under = app
        .browse
        .rule_under_cursor(&app.session.inventory)
        .unwrap()
        .id
        .clone();
    assert_eq!(under, "sgr-6", "rules sort by ports: 22, 443, 5432, 6379");
    press(&mut app, Command::Enter);
    assert!(message(&app).contains("sg-9 is not among this region's groups"));
    press(&mut app, Command::Up);
    press(&mut app, Command::Enter);
    assert_eq!(app.selected_group().unwrap().name, "web");
    assert_eq!(app.browse.focus, Pane::Inbound);
    assert_eq!(app.browse.trail.len(), 1);
    assert!(message(&app).starts_with("Jumped to sg-2 (web)."));
    press(&mut app, Command::Back);
    assert_eq!(app.selected_group().unwrap().name, "app");
    assert_eq!(
        app.browse.inbound_cursor.selected, 2,
        "back on the rule it started from"
    );
    assert!(app.browse.trail.is_empty());
    press(&mut app, Command::Back);
    assert!(message(&app).starts_with("Nothing to go back to"));
}

#[test]
fn a_jump_sets_aside_a_filter_that_hides_the_group_and_back_restores_it() {
    let mut app = with_references();
    press(&mut app, Command::OpenFilter);
    typed(&mut app, "port:5432");
    press(&mut app, Command::Submit);
    assert_eq!(app.visible_group_count(), 1, "only app has 5432");
    press(&mut app, Command::Enter);
    press(&mut app, Command::Last);
    press(&mut app, Command::Up);
    press(&mut app, Command::Enter);
    assert_eq!(app.selected_group().unwrap().name, "web");
    assert!(!app.browse.filtering(), "the filter is set aside");
    assert!(message(&app).contains("set aside"));
    press(&mut app, Command::Back);
    assert_eq!(app.browse.filter, "port:5432");
    assert_eq!(app.visible_group_count(), 1);
    assert_eq!(app.selected_group().unwrap().name, "app");
}

#[test]
fn sorting_keeps_the_selected_group() {
    let mut app = loaded(settings());
    press(&mut app, Command::Down);
    assert_eq!(app.selected_group().unwrap().name, "web");
    let order = |app: &App| -> Vec<String> { app.visible_groups().map(|g| g.id.clone()).collect() };
    assert_eq!(order(&app), ["sg-1", "sg-2"]);
    press(&mut app, Command::Sort);
    assert_eq!(app.browse.sort, SortKey::Id);
    press(&mut app, Command::Sort);
    press(&mut app, Command::Sort);
    assert_eq!(app.browse.sort, SortKey::Rules);
    assert_eq!(order(&app), ["sg-1", "sg-2"], "app has 3 rules, web 1");
    assert_eq!(app.selected_group().unwrap().name, "web", "still selected");
    press(&mut app, Command::Sort);
    assert_eq!(app.browse.sort, SortKey::Name);
}

// ---- details ----

#[test]
fn details_show_the_group_its_rule_and_who_references_it() {
    let mut app = with_references();
    press(&mut app, Command::Down);
    assert_eq!(app.selected_group().unwrap().name, "web");
    press(&mut app, Command::OpenDetails);
    let Mode::Details(details) = &mut app.mode else {
        panic!("details")
    };
    let titles: Vec<&str> = details.sections.iter().map(|s| s.title).collect();
    assert_eq!(
        titles,
        ["Security group", "Tags", "Referenced by the rules of"]
    );
    assert_eq!(
        details.sections[2].lines,
        [("sg-1 (app)".to_string(), "1 rule(s)".to_string())]
    );
    // Title and 5 lines, title and "(none)", title and 1 line, and two blank lines.
    assert_eq!(details.line_count(), 6 + 2 + 2 + 2);
    details::command(details, Command::Last);
    assert_eq!(details.cursor.selected, 11);
    press(&mut app, Command::Close);
    assert!(matches!(app.mode, Mode::Browse));
    press(&mut app, Command::Enter);
    press(&mut app, Command::OpenDetails);
    let Mode::Details(details) = &app.mode else {
        panic!("details")
    };
    assert_eq!(details.sections[2].title, "Rule under the cursor");
    assert_eq!(
        details.sections[2].lines[0],
        ("id".to_string(), "sgr-4".to_string())
    );
}
