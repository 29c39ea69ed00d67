//! The browse screen: moving, marking, following references, sorting, details.

use super::*;

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
    filter_with(&mut app, "port:5432");
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
    let titles: Vec<&str> = details.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Security group",
            "Tags",
            "Network interfaces in this group (0)",
            "Referenced by the rules of"
        ]
    );
    assert_eq!(
        details.sections[2].lines,
        [("loading…".to_string(), String::new())],
        "the interfaces load after the inventory"
    );
    assert_eq!(
        details.sections[3].lines,
        [("sg-1 (app)".to_string(), "1 rule(s)".to_string())]
    );
    assert_eq!(
        details.sections[0].lines.last(),
        Some(&("signals".to_string(), "being computed…".to_string())),
        "no signals have been computed"
    );
    // Title and 6 lines, title and "(none)", title and "loading…", title and 1 line, and
    // three blank lines.
    assert_eq!(details.line_count(), 7 + 2 + 2 + 2 + 3);
    details::command(details, Command::Last);
    assert_eq!(details.cursor.selected, 15);
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
