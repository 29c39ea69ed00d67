//! The picker (`p`): the profiles and regions offered, a choice loading in place of the target
//! on screen, and the marks of each target kept for its return.

use super::*;
use crate::ec2::{Connection, ProfileChoice, Target};

/// Settings of an AWS session, whose picker offers two profiles and three regions.
fn on_aws() -> Settings {
    Settings {
        targets: Some(Choices {
            profiles: vec![
                ProfileChoice {
                    name: "default".into(),
                    region: Some("eu-west-1".into()),
                },
                ProfileChoice {
                    name: "prod".into(),
                    region: Some("us-east-1".into()),
                },
            ],
            regions: vec!["eu-west-1".into(), "us-east-1".into(), "us-west-2".into()],
        }),
        ..settings()
    }
}

/// Loaded as profile `default` in eu-west-1.
fn loaded_on_aws() -> App {
    let mut app = loaded(on_aws());
    app.session.connection = Connection {
        region: Some("eu-west-1".into()),
        ..Connection::default()
    };
    app
}

fn picker(app: &App) -> &Picker {
    match &app.mode {
        Mode::Picker(p) => p,
        other => panic!("not the picker: {:?}", other.kind()),
    }
}

#[test]
fn an_account_of_its_own_has_nothing_to_pick() {
    let mut app = loaded(settings());
    assert!(press(&mut app, Command::OpenPicker).is_empty());
    assert!(matches!(app.mode, Mode::Browse));
    assert!(message(&app).contains("one account"), "{}", message(&app));
}

#[test]
fn the_picker_opens_on_the_target_on_screen() {
    let mut app = loaded_on_aws();
    press(&mut app, Command::OpenPicker);
    let p = picker(&app);
    // No profile named: the default chain, whose profile is `default`.
    assert_eq!(p.profiles[p.profile.selected].0.as_deref(), Some("default"));
    assert_eq!(p.regions[p.region.selected], "eu-west-1");
    assert_eq!(p.chosen().unwrap().label(), "default/eu-west-1");
}

#[test]
fn a_region_not_offered_is_listed_when_it_is_the_one_on_screen() {
    let mut app = loaded_on_aws();
    app.session.connection.region = Some("xx-test-1".into());
    press(&mut app, Command::OpenPicker);
    let p = picker(&app);
    assert_eq!(p.regions[0], "xx-test-1");
    assert_eq!(p.region.selected, 0);
}

#[test]
fn choosing_a_profile_follows_its_region_and_enter_loads_it_from_nothing() {
    let mut app = loaded_on_aws();
    press(&mut app, Command::NextPane);
    press(&mut app, Command::ToggleMark);
    assert_eq!(app.session.marks.len(), 1);
    let generation = app.session.load.generation;
    press(&mut app, Command::OpenPicker);
    press(&mut app, Command::Down);
    assert_eq!(picker(&app).chosen().unwrap().label(), "prod/us-east-1");
    // In the regions list, the cursor moves on its own.
    press(&mut app, Command::NextPane);
    press(&mut app, Command::Down);
    let chosen = picker(&app).chosen().unwrap();
    assert_eq!(chosen.label(), "prod/us-west-2");

    let effects = press(&mut app, Command::Enter);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(
        effects,
        [
            Effect::Retarget { target: chosen },
            Effect::LoadInventory {
                generation: generation + 1
            },
        ]
    );
    assert!(
        app.session.inventory.is_empty(),
        "nothing of the old target shows"
    );
    let index = app.session.inventory.text();
    assert!(index.is_some(), "free text searches its index");
    assert!(app.session.marks.is_empty());
    assert_eq!(app.session.kept_marks["default/eu-west-1"].len(), 1);
    assert_eq!(app.session.connection.region.as_deref(), Some("us-west-2"));
    assert_eq!(app.session.connection.profile.as_deref(), Some("prod"));
    // A late page of the old target is dropped.
    update(
        &mut app,
        Action::GroupsPage {
            generation,
            result: page(vec![group("sg-9", "late", "vpc-1")]),
        },
    );
    assert!(app.session.inventory.is_empty());
}

#[test]
fn the_marks_of_a_target_come_back_with_it() {
    let mut app = loaded_on_aws();
    press(&mut app, Command::NextPane);
    press(&mut app, Command::ToggleMark);
    let marked = app.session.marks.clone();
    let back = Target {
        profile: None,
        region: "eu-west-1".into(),
    };
    let away = Target {
        profile: Some("prod".into()),
        region: "us-east-1".into(),
    };
    picker::switch(&mut app.session, &mut app.browse, away);
    assert!(app.session.marks.is_empty());
    let effects = picker::switch(&mut app.session, &mut app.browse, back);
    assert_eq!(app.session.marks, marked);
    assert!(
        app.session.kept_marks.is_empty(),
        "prod had no marks to keep"
    );
    assert!(
        message(&app).contains("1 mark(s) kept from before come back"),
        "{}",
        message(&app)
    );
    // Once its inventory is in, the marks whose rules are still there stay.
    let Effect::LoadInventory { generation } = effects[1] else {
        panic!("{effects:?}")
    };
    let connection = app.session.connection.clone();
    update(
        &mut app,
        Action::Connected {
            generation,
            result: Ok(connection),
        },
    );
    update(
        &mut app,
        Action::GroupsPage {
            generation,
            result: page(vec![
                group("sg-2", "web", "vpc-1"),
                group("sg-1", "app", "vpc-1"),
            ]),
        },
    );
    update(
        &mut app,
        Action::RulesPage {
            generation,
            result: page(vec![rule("sgr-1", "sg-1", Direction::Inbound, 22)]),
        },
    );
    let kept: Vec<&str> = app.session.marks.iter().map(String::as_str).collect();
    let expected: Vec<&str> = marked
        .iter()
        .map(String::as_str)
        .filter(|id| *id == "sgr-1")
        .collect();
    assert_eq!(kept, expected);
}

#[test]
fn the_target_on_screen_is_not_loaded_again_and_esc_closes() {
    let mut app = loaded_on_aws();
    press(&mut app, Command::OpenPicker);
    let effects = press(&mut app, Command::Enter);
    assert!(effects.is_empty());
    assert!(
        message(&app).contains("loaded already"),
        "{}",
        message(&app)
    );
    press(&mut app, Command::OpenPicker);
    assert!(press(&mut app, Command::Close).is_empty());
    assert!(matches!(app.mode, Mode::Browse));
}

#[test]
fn signals_asked_for_the_old_target_are_dropped() {
    let mut app = loaded_on_aws();
    let old = app.session.judging.under_way();
    let away = Target {
        profile: Some("prod".into()),
        region: "us-east-1".into(),
    };
    picker::switch(&mut app.session, &mut app.browse, away);
    if let Some(version) = old {
        let signals = std::sync::Arc::new(crate::analysis::Signals::default());
        update(
            &mut app,
            Action::SignalsComputed {
                version,
                result: Ok(signals),
            },
        );
    }
    assert!(app.session.judging.signals().is_none());
    assert!(app.session.judging.under_way().is_none());
}
