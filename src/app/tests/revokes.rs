//! A revoke: the spec prompt, the preview (prompt, yes, no), the calls, the results.

use super::*;

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
    settle_signals(&mut app);
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
    let [
        Effect::JournalOutcome { batch_id, outcomes },
        Effect::ComputeSignals { version: 2, .. },
    ] = &effects[..]
    else {
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
