//! The filter prompt and the filter language on the browse screen.

use super::*;

// ---- filter ----

#[test]
fn filter_narrows_live_keeps_on_enter_and_restores_on_esc() {
    let mut app = loaded(settings());
    filter_with(&mut app, "WEB");
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

// ---- the filter language on the browse screen ----

#[test]
fn a_filter_narrows_groups_by_their_rules_and_marks_what_it_matches() {
    let mut app = loaded(settings());
    filter_with(&mut app, "port:443");
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
    filter_with(&mut app, "port:443 dir:sideways");
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
    filter_with(&mut app, "port:22 dir:in");
    press(&mut app, Command::Submit);
    press(&mut app, Command::MarkMatching);
    let marks: Vec<&str> = app.session.marks.iter().map(String::as_str).collect();
    assert_eq!(marks, ["sgr-1", "sgr-4"]);
    assert!(message(&app).starts_with("Marked 2 rules matching the filter across 2 groups"));
    let effects = press(&mut app, Command::OpenPreview);
    assert!(matches!(&effects[..], [Effect::DryRun { calls, .. }] if calls.len() == 2));
}

#[test]
fn a_refresh_changes_what_is_shown_only_once_it_is_complete() {
    let mut app = loaded(settings());
    filter_with(&mut app, "port:443");
    press(&mut app, Command::Submit);
    assert_eq!(app.visible_group_count(), 1);
    let effects = press(&mut app, Command::Refresh);
    assert_eq!(effects, vec![Effect::LoadInventory { generation: 2 }]);
    let groups = vec![group("sg-1", "app", "vpc-1"), group("sg-2", "web", "vpc-1")];
    update(
        &mut app,
        Action::GroupsPage {
            generation: 2,
            result: page(groups),
        },
    );
    assert_eq!(app.visible_group_count(), 1, "still the old inventory");
    let rules = vec![
        rule("sgr-2", "sg-1", Direction::Inbound, 443),
        rule("sgr-9", "sg-2", Direction::Inbound, 443),
    ];
    update(
        &mut app,
        Action::RulesPage {
            generation: 2,
            result: page(rules),
        },
    );
    assert_eq!(app.visible_group_count(), 2, "web has 443 now");
    assert_eq!(app.browse.matching_rules, 2);
}
