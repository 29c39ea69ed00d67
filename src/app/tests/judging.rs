//! The audit signals: asked for when the inventory is in, kept only when they are the last
//! asked for, and applied by the filter's signal words once they arrive.

use std::sync::Arc;

use super::*;
use crate::analysis::{Judged, Policy, Signals};

/// The signals of the app's inventory as the runtime would compute them.
fn computed(app: &App, interfaces_known: bool) -> Arc<Signals> {
    let policy = Policy::default();
    let judged = Judged {
        policy: &policy,
        interfaces_known,
        stale: &|_| false,
    };
    Arc::new(Signals::compute(&app.session.inventory, &judged))
}

/// The interfaces' listing arrives, empty; answers the effects it asked for.
fn no_interfaces(app: &mut App) -> Vec<Effect> {
    let result = Ok(Page {
        items: vec![],
        next_token: None,
    });
    update(
        app,
        Action::InterfacesPage {
            generation: 1,
            result,
        },
    )
}

fn asked_version(effects: &[Effect]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::ComputeSignals { version, .. } => Some(*version),
            _ => None,
        })
        .expect("the signals are asked for")
}

#[test]
fn a_risky_filter_shows_nothing_until_the_signals_arrive_then_the_risky_rules() {
    let mut app = loaded(settings());
    assert!(app.session.judging.computing);
    filter_with(&mut app, "risky");
    press(&mut app, Command::Submit);
    assert_eq!(app.visible_group_count(), 0, "nothing is judged yet");
    let result = Ok(computed(&app, false));
    update(&mut app, Action::SignalsComputed { version: 1, result });
    assert!(!app.session.judging.computing);
    // Every rule of the fixture is tcp from 0.0.0.0/0: 22 is risky, 80 and 443 are not.
    let shown: Vec<&str> = app.visible_groups().map(|g| g.name.as_str()).collect();
    assert_eq!(shown, ["app", "web"]);
    assert_eq!(app.browse.matching_rules, 2);
    press(&mut app, Command::MarkMatching);
    let marked: Vec<&str> = app.session.marks.iter().map(String::as_str).collect();
    assert_eq!(marked, ["sgr-1", "sgr-4"]);
}

#[test]
fn what_changes_while_the_signals_are_computed_is_judged_once_they_are_in() {
    let mut app = loaded(settings());
    let first = computed(&app, false);
    // The interfaces arrive while the first computation is under way: no second one starts.
    let effects = no_interfaces(&mut app);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::ComputeSignals { .. })),
        "{effects:?}"
    );
    assert!(app.session.judging.computing);
    // The first answer is put in force, and the signals are asked for again, at once.
    let effects = update(
        &mut app,
        Action::SignalsComputed {
            version: 1,
            result: Ok(first),
        },
    );
    assert!(app.session.judging.signals().is_some());
    assert_eq!(app.session.judging.signals().unwrap().totals().unused, 0);
    let version = asked_version(&effects);
    assert_eq!(version, 2);
    assert!(app.session.judging.computing);
    let [
        Effect::ComputeSignals {
            interfaces_known, ..
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert!(interfaces_known, "the second judges the interfaces");
    // An answer to a request that is no longer the last is dropped.
    let stale = computed(&app, false);
    update(
        &mut app,
        Action::SignalsComputed {
            version: 1,
            result: Ok(stale),
        },
    );
    assert!(app.session.judging.computing);
    let result = Ok(computed(&app, true));
    let effects = update(&mut app, Action::SignalsComputed { version, result });
    assert!(effects.is_empty(), "nothing changed since: {effects:?}");
    assert!(!app.session.judging.computing);
    let signals = app
        .session
        .judging
        .signals()
        .expect("the last answer is kept");
    assert_eq!(
        signals.totals().unused,
        2,
        "no interface is in either group"
    );
    filter_with(&mut app, "unused -web");
    let shown: Vec<&str> = app.visible_groups().map(|g| g.name.as_str()).collect();
    assert_eq!(shown, ["app"]);
}

#[test]
fn a_failed_computation_is_said_and_stops_the_spinner() {
    let mut app = loaded(settings());
    let result = Err("their computation stopped unexpectedly".into());
    update(&mut app, Action::SignalsComputed { version: 1, result });
    assert!(!app.session.judging.computing);
    assert!(message(&app).contains("The audit signals are not shown"));
}

#[test]
fn the_configured_ports_are_what_the_signals_judge_against() {
    let settings = Settings {
        policy: Policy::with_risky_ports(vec![443]),
        ..settings()
    };
    let mut app = loaded(settings);
    let result = Ok(computed(&app, false));
    update(&mut app, Action::SignalsComputed { version: 1, result });
    let effects = no_interfaces(&mut app);
    let [Effect::ComputeSignals { policy, .. }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(policy.risky_ports(), [443]);
}
