//! Random key sequences, interleaved with I/O finishing at random moments, against `update` and
//! `render` at random terminal sizes: nothing panics, marks always name existing rules, and
//! cursors stay inside their lists.

mod common;

use std::collections::VecDeque;

use futures::StreamExt;
use futures::executor::block_on;
use proptest::prelude::*;
use ratatui::{
    Terminal,
    backend::TestBackend,
    crossterm::event::{KeyCode, KeyEvent, KeyModifiers},
};
use sgtui::analysis::{Judged, Signals};
use sgtui::app::{Action, App, Effect, Settings, keymap, update};
use sgtui::ec2::{
    DryRunVerdict, Ec2, MemoryEc2, pages, prefix_lists_with_entries, revoke_recovering,
    stale_groups,
};
use sgtui::journal::{BatchOutcome, Entry, Intent};
use sgtui::model::Direction;
use sgtui::restore::{RestoreOutcome, history};
use sgtui::ui;

/// Performs one effect against the in-memory backend and a journal kept in memory, as the
/// runtime would, and returns the Actions it would send back.
fn perform(backend: &MemoryEc2, journal: &mut Vec<Entry>, effect: Effect) -> Vec<Action> {
    block_on(async {
        match effect {
            // As the runner answers for an in-memory account, which is one account only.
            Effect::Retarget { target } => vec![Action::Notice(format!(
                "This account cannot be switched to {}.",
                target.label()
            ))],
            Effect::LoadInventory { generation } => {
                let mut actions = vec![Action::Connected {
                    generation,
                    result: backend.connect().await,
                }];
                let groups = pages(|token| backend.describe_groups_page(token));
                let rules = pages(|token| backend.describe_rules_page(token));
                let groups = groups.map(|result| Action::GroupsPage { generation, result });
                let rules = rules.map(|result| Action::RulesPage { generation, result });
                actions.extend(groups.collect::<Vec<_>>().await);
                actions.extend(rules.collect::<Vec<_>>().await);
                actions
            }
            Effect::ComputeSignals {
                version,
                inventory,
                policy,
                interfaces_known,
            } => {
                let network = inventory.network();
                let judged = Judged {
                    policy: &policy,
                    interfaces_known,
                    stale: &|rule| network.is_stale(rule),
                };
                let signals = Signals::compute(&inventory, &judged);
                vec![Action::SignalsComputed {
                    version,
                    result: Ok(std::sync::Arc::new(signals)),
                }]
            }
            Effect::LoadNetwork {
                generation,
                prefix_lists,
                vpcs,
            } => {
                let interfaces = pages(|token| backend.describe_interfaces_page(token));
                let interfaces =
                    interfaces.map(|result| Action::InterfacesPage { generation, result });
                let mut actions = interfaces.collect::<Vec<_>>().await;
                let result = prefix_lists_with_entries(backend, prefix_lists).await;
                actions.push(Action::PrefixLists { generation, result });
                let result = stale_groups(backend, vpcs).await;
                actions.push(Action::StaleGroups { generation, result });
                actions
            }
            Effect::DryRun { batch, calls } => {
                let mut actions = Vec::new();
                for (call, request) in calls {
                    let verdict = DryRunVerdict::from_result(backend.revoke(request, true).await);
                    actions.push(Action::DryRunDone {
                        batch,
                        call,
                        verdict,
                    });
                }
                actions
            }
            Effect::JournalOutcome { batch_id, outcomes } => {
                journal.push(Entry::Outcome(BatchOutcome::of(batch_id, &outcomes)));
                Vec::new()
            }
            Effect::JournalRestore { .. } | Effect::JournalAbort { .. } => Vec::new(),
            Effect::LoadHistory => vec![Action::HistoryLoaded(Ok(history(journal)))],
            Effect::RestoreDryRun { batch, items } => {
                let mut actions = Vec::new();
                for (index, request) in items {
                    let outcome = RestoreOutcome::of(true, backend.authorize(request, true).await);
                    actions.push(Action::RestoreChecked {
                        batch,
                        index,
                        outcome,
                    });
                }
                actions
            }
            Effect::Restore { batch, items } => {
                let mut actions = Vec::new();
                for (index, request) in items {
                    let outcome =
                        RestoreOutcome::of(false, backend.authorize(request, false).await);
                    actions.push(Action::Restored {
                        batch,
                        index,
                        outcome,
                    });
                }
                actions
            }
            Effect::Revoke {
                batch,
                calls,
                journal: record,
            } => {
                let sent: Vec<usize> = calls.iter().map(|(i, _)| *i).collect();
                journal.push(Entry::Intent(Intent::of(
                    record.batch_id,
                    &record.connection,
                    &record.plan,
                    &sent,
                )));
                let mut actions = Vec::new();
                for (call, request) in calls {
                    let sent = revoke_recovering(backend, request).await;
                    actions.push(Action::RevokeDone { batch, call, sent });
                }
                actions
            }
            Effect::RefreshGroups { batch, group_ids } => vec![Action::GroupsRefreshed {
                batch,
                result: backend.describe_rules_of_groups(group_ids).await,
            }],
        }
    })
}

#[derive(Debug, Clone)]
enum Step {
    Key(KeyEvent),
    /// The oldest pending effect finishes and its Actions arrive, one page at a time.
    Finish,
    /// Someone else removes a rule (the n-th, if it exists).
    RemovedElsewhere(usize),
}

fn key() -> impl Strategy<Value = KeyEvent> {
    let codes = prop_oneof![
        1 => Just(KeyCode::Enter),
        1 => Just(KeyCode::Esc),
        1 => Just(KeyCode::Tab),
        1 => Just(KeyCode::BackTab),
        1 => Just(KeyCode::Backspace),
        1 => Just(KeyCode::Up),
        1 => Just(KeyCode::Down),
        1 => Just(KeyCode::PageUp),
        1 => Just(KeyCode::PageDown),
        1 => Just(KeyCode::Home),
        1 => Just(KeyCode::End),
        // The keys that lead to a revoke, weighted up; the keymap's other letters; quitting
        // rarely (it ends the run); and any other character.
        8 => prop::sample::select(vec![' ', 'j', 'a', 'd', 'y', 'y'])
            .prop_map(KeyCode::Char),
        4 => prop::sample::select(vec!['k', 'g', 'G', 'c', 'n', 'r', '?', '/', 'R', 'h', 'u', 'f', 'A', 's', 'i', '-'])
            .prop_map(KeyCode::Char),
        1 => any::<char>().prop_map(KeyCode::Char),
    ];
    (codes, prop::bool::weighted(0.01)).prop_map(|(code, ctrl)| {
        let modifiers = if ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(code, modifiers)
    })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => key().prop_map(Step::Key),
        3 => Just(Step::Finish),
        1 => (0usize..40).prop_map(Step::RemovedElsewhere),
    ]
}

fn check(app: &App) {
    for id in &app.session.marks {
        assert!(
            app.session.inventory.has_rule(id),
            "mark {id} names no loaded rule"
        );
    }
    let groups = app.visible_group_count();
    assert!(groups == 0 || app.browse.groups_cursor.selected < groups);
    for (direction, cursor) in [
        (Direction::Inbound, &app.browse.inbound_cursor),
        (Direction::Outbound, &app.browse.outbound_cursor),
    ] {
        let len = app.visible_rules(direction).len();
        assert!(
            len == 0 || cursor.selected < len,
            "{direction:?} cursor out of its list"
        );
    }
}

fn render(app: &App, width: u16, height: u16) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_keys_and_io_never_break_the_app(
        steps in prop::collection::vec(step(), 1..120),
        width in 1u16..=300,
        height in 1u16..=100,
        read_only in any::<bool>(),
        preload in any::<bool>(),
    ) {
        let backend = MemoryEc2::new(common::contract_account()).unwrap().with_page_size(3);
        let settings = Settings {
            read_only,
            demo: true,
            journal: Some("(journal)".into()),
            ..Settings::default()
        };
        let (mut app, effects) = App::new(settings);
        let mut pending: VecDeque<Effect> = effects.into();
        let mut arriving: VecDeque<Action> = VecDeque::new();
        let mut journal = Vec::new();
        if preload {
            // Half the runs start with the inventory loaded, so keys reach marks and revokes.
            while let Some(effect) = pending.pop_front() {
                for action in perform(&backend, &mut journal, effect) {
                    pending.extend(update(&mut app, action));
                }
            }
            update(&mut app, Action::Command(sgtui::app::Command::Enter));
        }
        for step in steps {
            match step {
                Step::Key(key) => {
                    if let Some(action) = keymap::action_for(app.mode.kind(), &key) {
                        let effects = update(&mut app, action);
                        // Whatever is pressed, a read-only app never asks for a revoke.
                        prop_assert!(
                            !read_only || !effects.iter().any(|e| matches!(e, Effect::Revoke { .. } | Effect::Restore { .. })),
                            "a read-only app asked for {effects:?}"
                        );
                        pending.extend(effects);
                    }
                }
                Step::Finish => {
                    if arriving.is_empty() && let Some(effect) = pending.pop_front() {
                        arriving.extend(perform(&backend, &mut journal, effect));
                    }
                    if let Some(action) = arriving.pop_front() {
                        pending.extend(update(&mut app, action));
                    }
                }
                Step::RemovedElsewhere(n) => {
                    if let Some(rule) = backend.rules().get(n) {
                        backend.delete_rule_out_of_band(&rule.id);
                    }
                }
            }
            check(&app);
            render(&app, width, height);
            if app.session.should_quit {
                break;
            }
        }
    }
}
