//! The history and the undo of a batch (prompt, yes, no).

use super::*;

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
                    region: None,
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
        restore: plan(items),
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
fn a_batch_of_another_region_is_undone_there_not_here() {
    let mut app = loaded(settings());
    app.session.connection.region = Some("us-east-1".into());
    press(&mut app, Command::OpenHistory);
    update(&mut app, Action::HistoryLoaded(Ok(vec![past("t-1", 2)])));
    assert!(press(&mut app, Command::Undo).is_empty(), "nothing is sent");
    assert!(matches!(app.mode, Mode::History(_)));
    let said = message(&app);
    assert!(
        said.contains("sent in eu-west-1, and us-east-1 is on screen"),
        "{said}"
    );
    // In its region, it opens.
    app.session.connection.region = Some("eu-west-1".into());
    assert_eq!(press(&mut app, Command::Undo).len(), 1);
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

/// A command on the undo screen.
fn undo_step(view: &mut RestoreView, session: &mut Session, command: Command) -> Step {
    undo::command(view, session, command)
}

#[test]
fn undo_prompt_waits_for_the_dry_runs() {
    let (mut view, mut session) = undoing(settings(), vec![RestoreOutcome::WouldBeAllowed]);
    assert_eq!(view.phase, RestorePhase::Checking);
    assert!(
        undo_step(&mut view, &mut session, Command::Confirm)
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
    let step = undo_step(&mut view, &mut session, Command::Confirm);
    assert!(matches!(&step.effects[..], [Effect::Restore { items, .. }] if items.len() == 1));
    assert_eq!(view.phase, RestorePhase::Restoring);
    assert!(
        undo_step(&mut view, &mut session, Command::Cancel)
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
    let step = undo_step(&mut view, &mut session, Command::Cancel);
    assert!(matches!(step.goto, Some(Mode::Browse)));
    assert!(matches!(&step.effects[..], [Effect::LoadInventory { .. }]));
}

#[test]
fn undo_no_changes_nothing() {
    let (mut view, mut session) = undoing(settings(), vec![RestoreOutcome::WouldBeAllowed; 2]);
    let step = undo_step(&mut view, &mut session, Command::Cancel);
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
        undo_step(&mut view, &mut session, Command::Confirm)
            .effects
            .is_empty()
    );
    assert_eq!(view.phase, RestorePhase::Ready);
    assert!(session.message.unwrap().text.starts_with("Read-only"));
}
