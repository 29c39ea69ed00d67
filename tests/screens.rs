//! Screens through ratatui's TestBackend, snapshotted with insta. Keys go through the real
//! keymap and `update`; effects run on the real effect runner against the in-memory backend.

mod common;

use std::time::Duration;

use common::faulty::{Faulty, RevokeFault};
use common::harness::Harness;
use insta::assert_snapshot;
use ratatui::{Terminal, backend::TestBackend};
use sgtui::app::{Action, App, Effect, Mode, Settings, keymap, update};
use sgtui::ec2::{Account, ApiError, DeniedCall, Ec2, MemoryEc2, ReadOnly};
use sgtui::ui;

fn account() -> Account {
    common::contract_account()
}

/// The fixture with IAM denying egress revokes on `web`.
fn account_with_denial() -> Account {
    let mut account = account();
    account.denied.push(DeniedCall {
        action: "RevokeSecurityGroupEgress".into(),
        group_id: Some("sg-00000000000000001".into()),
        prefix_list_id: None,
    });
    account
}

fn memory(account: Account) -> MemoryEc2 {
    MemoryEc2::new(account).unwrap().with_page_size(4)
}

fn settings() -> Settings {
    Settings {
        demo: true,
        ..Settings::default()
    }
}

// Groups sort as app, db, web: "GG" is web; Enter focuses its inbound rules, which sort as
// tcp 22, tcp 80, tcp 443 (v4), tcp 443 (v6), icmp.
const MARK_WEB_SSH: &str = "G<Enter><Space>";

#[tokio::test]
async fn first_frame_before_any_answer() {
    let (app, effects) = App::new(settings());
    assert_eq!(effects, vec![Effect::LoadInventory { generation: 1 }]);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| ui::render(&app, f)).unwrap();
    assert_snapshot!(terminal.backend().to_string());
}

#[tokio::test]
async fn browse_with_a_marked_rule() {
    let mut h = Harness::start(memory(account()), settings()).await;
    h.keys(MARK_WEB_SSH).await;
    assert_eq!(h.app.session.marks.len(), 1);
    assert_snapshot!(h.screen(120, 32));
}

#[tokio::test]
async fn browse_at_80x24() {
    let mut h = Harness::start(memory(account()), settings()).await;
    h.keys(MARK_WEB_SSH).await;
    h.keys("<Tab>").await;
    assert_snapshot!(h.screen(80, 24));
}

#[tokio::test]
async fn marks_survive_moving_between_groups_and_refreshing() {
    let mut h = Harness::start(memory(account()), settings()).await;
    h.keys(MARK_WEB_SSH).await;
    let marked: Vec<String> = h.app.session.marks.iter().cloned().collect();
    h.keys("<Tab><Tab>g").await;
    h.keys("jr").await;
    assert_eq!(
        h.app.session.marks.iter().cloned().collect::<Vec<_>>(),
        marked
    );
    assert!(h.screen(120, 32).contains("1 marked"));
}

#[tokio::test]
async fn preview_prompt() {
    let mut h = Harness::start(memory(account_with_denial()), settings()).await;
    // Mark web's inbound ssh, then all of web's outbound rules (denied by IAM).
    h.keys(MARK_WEB_SSH).await;
    h.keys("<Tab>a").await;
    h.keys("d").await;
    let Mode::Preview(preview) = &h.app.mode else {
        panic!("not in preview")
    };
    assert_eq!(preview.plan.calls.len(), 2);
    assert_snapshot!(h.screen(120, 32));
}

#[tokio::test]
async fn preview_yes_revokes_the_allowed_call_and_shows_results() {
    let mut h = Harness::start(memory(account_with_denial()), settings()).await;
    let before = h.backend.rules().len();
    h.keys(MARK_WEB_SSH).await;
    h.keys("<Tab>a").await;
    h.keys("dy").await;
    assert!(matches!(h.app.mode, Mode::Results(_)));
    assert_snapshot!(h.screen(120, 32));
    // Only the allowed inbound call went out: one rule fewer; the denied egress rules stay marked.
    assert_eq!(h.backend.rules().len(), before - 1);
    assert_eq!(h.app.session.marks.len(), 2);
    h.keys("<Esc>").await;
    assert!(matches!(h.app.mode, Mode::Browse));
}

#[tokio::test]
async fn preview_no_changes_nothing() {
    let mut h = Harness::start(memory(account()), settings()).await;
    let before = h.backend.rules();
    h.keys(MARK_WEB_SSH).await;
    h.keys("dn").await;
    assert!(matches!(h.app.mode, Mode::Browse));
    assert_eq!(h.backend.rules(), before);
    assert_eq!(
        h.app.session.marks.len(),
        1,
        "marks are kept for another try"
    );
    assert_snapshot!(h.screen(100, 24));
}

#[tokio::test]
async fn read_only_preview_cannot_be_confirmed() {
    let settings = Settings {
        read_only: true,
        ..settings()
    };
    let mut h = Harness::start(ReadOnly(memory(account())), settings).await;
    h.keys(MARK_WEB_SSH).await;
    h.keys("dy").await;
    assert!(matches!(h.app.mode, Mode::Preview(_)));
    assert_snapshot!(h.screen(100, 24));
}

#[tokio::test]
async fn help_lists_the_keymap() {
    let mut h = Harness::start(memory(account()), settings()).await;
    h.keys("?").await;
    let screen = h.screen(100, 80);
    for binding in keymap::bindings() {
        assert!(
            screen.contains(binding.help),
            "help lacks {:?}",
            binding.help
        );
    }
    assert_snapshot!(screen);
    // The signals' legend closes the help.
    h.keys("G").await;
    let end = h.screen(100, 40);
    for (mark, meaning) in sgtui::analysis::signals::LEGEND {
        assert!(end.contains(meaning), "the legend lacks {mark}: {end}");
    }
    assert_snapshot!("help_ends_with_the_signals_legend", end);
}

#[tokio::test]
async fn load_error_is_shown_with_what_to_do() {
    let (mut app, _) = App::new(Settings::default());
    update(
        &mut app,
        Action::Connected {
            generation: 1,
            result: Ok(sgtui::ec2::Connection {
                region: Some("eu-west-1".into()),
                ..Default::default()
            }),
        },
    );
    update(
        &mut app,
        Action::GroupsPage {
            generation: 1,
            result: Err(ApiError::new(
                "AuthFailure",
                "AWS was not able to validate the provided access credentials",
            )),
        },
    );
    let mut terminal = Terminal::new(TestBackend::new(100, 24)).unwrap();
    terminal.draw(|f| ui::render(&app, f)).unwrap();
    assert_snapshot!(terminal.backend().to_string());
}

#[tokio::test]
async fn tiny_terminals_say_so_and_never_panic() {
    let h = Harness::start(memory(account()), settings()).await;
    assert_snapshot!(h.screen(30, 8));
    for (w, h2) in [(1, 1), (2, 1), (1, 5), (40, 10), (39, 10), (200, 3)] {
        h.screen(w, h2);
    }
}

#[tokio::test]
async fn keys_are_handled_while_a_load_is_pending() {
    // A backend that never answers: every key still acts at once.
    struct Stalled;
    impl Ec2 for Stalled {
        async fn connect(&self) -> Result<sgtui::ec2::Connection, ApiError> {
            std::future::pending().await
        }
        async fn describe_groups_page(
            &self,
            _: Option<String>,
        ) -> Result<sgtui::ec2::Page<sgtui::model::SecurityGroup>, ApiError> {
            std::future::pending().await
        }
        async fn describe_rules_page(
            &self,
            _: Option<String>,
        ) -> Result<sgtui::ec2::Page<sgtui::model::Rule>, ApiError> {
            std::future::pending().await
        }
        async fn describe_rules_of_groups(
            &self,
            _: Vec<String>,
        ) -> Result<Vec<sgtui::model::Rule>, ApiError> {
            std::future::pending().await
        }
        async fn describe_interfaces_page(
            &self,
            _: Option<String>,
        ) -> Result<sgtui::ec2::Page<sgtui::model::NetworkInterface>, ApiError> {
            std::future::pending().await
        }
        async fn describe_prefix_lists(
            &self,
            _: Vec<String>,
        ) -> Result<Vec<sgtui::model::PrefixList>, ApiError> {
            std::future::pending().await
        }
        async fn prefix_list_entries(
            &self,
            _: String,
        ) -> Result<Vec<sgtui::model::PrefixListEntry>, ApiError> {
            std::future::pending().await
        }
        async fn describe_stale_groups_page(
            &self,
            _: String,
            _: Option<String>,
        ) -> Result<sgtui::ec2::Page<sgtui::model::StaleGroup>, ApiError> {
            std::future::pending().await
        }
        async fn revoke(
            &self,
            _: sgtui::ec2::RevokeRequest,
            _: bool,
        ) -> Result<sgtui::ec2::RevokeResponse, ApiError> {
            std::future::pending().await
        }
        async fn authorize(
            &self,
            request: sgtui::ec2::AuthorizeRequest,
            dry_run: bool,
        ) -> Result<Option<String>, ApiError> {
            let _ = (request, dry_run);
            std::future::pending().await
        }
    }
    let mut h = tokio::time::timeout(Duration::from_secs(2), Harness::start(Stalled, settings()))
        .await
        .expect("starting never waits on the backend");
    h.patient = false;
    tokio::time::timeout(Duration::from_secs(2), h.keys("?<Esc><Tab>jd"))
        .await
        .expect("keys never wait on the backend");
    assert!(matches!(h.app.mode, Mode::Browse));
    assert!(h.app.session.load.is_running());
    h.keys("q").await;
    assert!(h.app.session.should_quit);
}

#[tokio::test]
async fn keys_are_handled_while_a_revoke_is_pending() {
    let mut h = Harness::start(
        Faulty::new(memory(account()), RevokeFault::NeverAnswers),
        settings(),
    )
    .await;
    h.patient = false;
    h.keys(MARK_WEB_SSH).await;
    tokio::time::timeout(Duration::from_secs(2), h.keys("dy"))
        .await
        .expect("confirming never waits on the calls");
    assert!(matches!(h.app.mode, Mode::Revoking(_)));
    let screen = h.screen(100, 24);
    assert!(screen.contains("0 of 1 calls answered"), "{screen}");
    tokio::time::timeout(Duration::from_secs(2), h.keys("q"))
        .await
        .expect("a key during a revoke is handled at once");
    assert!(
        !h.app.session.should_quit,
        "quitting waits for in-flight calls"
    );
    assert!(
        h.screen(100, 24)
            .contains("Quitting once the calls under way have answered")
    );
}

#[tokio::test]
async fn spec_prompt_shows_what_is_wrong_and_sends_nothing() {
    let mut h = Harness::start(memory(account()), settings()).await;
    let before = h.backend.rules();
    h.keys("R").await;
    h.type_text("in tcp 70000 0.0.0.0/0").await;
    h.keys("<Enter>").await;
    let Mode::SpecPrompt(prompt) = &h.app.mode else {
        panic!("the prompt stays open")
    };
    assert!(prompt.error.is_some());
    assert_snapshot!(h.screen(100, 24));
    h.keys("<Esc>").await;
    assert!(matches!(h.app.mode, Mode::Browse));
    assert_eq!(h.backend.rules(), before);
}

/// Types a spec into the prompt, moves the scope on `tabs` times, and previews it.
async fn preview_spec<B: Ec2>(h: &mut Harness<B>, spec: &str, tabs: usize) {
    h.keys("R").await;
    h.type_text(spec).await;
    for _ in 0..tabs {
        h.keys("<Tab>").await;
    }
    h.keys("<Enter>").await;
}

#[tokio::test]
async fn spec_preview_lists_one_call_per_group() {
    let mut h = Harness::start(memory(account()), settings()).await;
    // No marks: the scope starts at the selected group; two Tabs reach every group.
    preview_spec(&mut h, "in tcp 22 0.0.0.0/0", 2).await;
    let Mode::Preview(preview) = &h.app.mode else {
        panic!("no preview: {:?}", h.app.session.message)
    };
    assert_eq!(preview.plan.calls.len(), 3);
    assert_snapshot!(h.screen(120, 36));
}

#[tokio::test]
async fn spec_results_mix_revoked_and_failed_across_vpcs() {
    let mut h = Harness::start(memory(account()), settings()).await;
    let before = h.backend.rules().len();
    preview_spec(&mut h, "in tcp 22 0.0.0.0/0", 2).await;
    h.keys("y").await;
    let Mode::Results(results) = &h.app.mode else {
        panic!("no results: {:?}", h.app.session.message)
    };
    let labels: Vec<&str> = results.outcomes.iter().map(|o| o.outcome.label()).collect();
    // app and db (non-default VPC) have no such rule: InvalidPermission.NotFound, nothing
    // revoked there; web (default VPC) has it: revoked.
    assert_eq!(labels, vec!["failed", "failed", "revoked"]);
    assert_eq!(h.backend.rules().len(), before - 1);
    assert_snapshot!(h.screen(120, 36));
}

#[tokio::test]
async fn spec_in_a_default_vpc_reports_unmatched_peers_without_error() {
    let mut h = Harness::start(memory(account()), settings()).await;
    let before = h.backend.rules();
    // The selected group is web (last), in the default VPC.
    h.keys("G").await;
    preview_spec(&mut h, "in tcp 22 192.0.2.0/24", 0).await;
    h.keys("y").await;
    let Mode::Results(results) = &h.app.mode else {
        panic!("no results: {:?}", h.app.session.message)
    };
    assert_eq!(results.outcomes.len(), 1);
    assert_eq!(
        results.outcomes[0].outcome,
        sgtui::revoke::Outcome::Unmatched("tcp 22 192.0.2.0/24".into())
    );
    assert_eq!(h.backend.rules(), before);
}

#[tokio::test]
async fn a_non_canonical_cidr_is_previewed_canonically_with_a_note() {
    let mut h = Harness::start(memory(account()), settings()).await;
    h.keys("G").await;
    preview_spec(&mut h, "in tcp 80 10.1.2.3/8", 0).await;
    let Mode::Preview(preview) = &h.app.mode else {
        panic!("no preview")
    };
    assert_eq!(
        preview.plan.calls[0].rules.len(),
        1,
        "10.1.2.3/8 is 10.0.0.0/8 and matches"
    );
    let message = h.app.session.message.as_ref().unwrap().text.clone();
    assert!(message.contains("10.0.0.0/8"), "{message}");
}

#[tokio::test]
async fn the_filter_narrows_groups_and_scopes_a_spec() {
    let mut h = Harness::start(memory(account()), settings()).await;
    h.keys("/").await;
    h.type_text("prod").await;
    // app and db are in vpc-prod; web is not.
    assert_eq!(h.app.visible_group_count(), 2);
    assert_snapshot!(h.screen(100, 24));
    h.keys("<Enter>").await;
    assert!(matches!(h.app.mode, Mode::Browse));
    assert_eq!(h.app.browse.filter, "prod");
    // A spec on every group shown touches only the filtered groups.
    preview_spec(&mut h, "in tcp 5432 10.1.0.0/16", 2).await;
    let Mode::Preview(preview) = &h.app.mode else {
        panic!("no preview: {:?}", h.app.session.message)
    };
    let groups: Vec<&str> = preview
        .plan
        .calls
        .iter()
        .map(|c| c.request.group_id.as_str())
        .collect();
    assert_eq!(groups, vec!["sg-00000000000000002", "sg-00000000000000003"]);
    h.keys("n<Esc>").await;
    assert_eq!(h.app.browse.filter, "", "Esc in browse clears the filter");
    assert_eq!(h.app.visible_group_count(), 3);
}

#[tokio::test]
async fn escape_while_filtering_restores_the_previous_filter() {
    let mut h = Harness::start(memory(account()), settings()).await;
    h.keys("/").await;
    h.type_text("web").await;
    h.keys("<Enter>/").await;
    h.type_text("zzz").await;
    assert_eq!(h.app.visible_group_count(), 0);
    assert!(h.screen(100, 24).contains("No group matches"));
    h.keys("<Esc>").await;
    assert_eq!(h.app.browse.filter, "web");
    assert_eq!(h.app.selected_group().map(|g| g.name.as_str()), Some("web"));
}

#[tokio::test]
async fn a_marked_rule_removed_by_someone_else_is_already_gone_and_the_rest_revoked() {
    let mut h = Harness::start(memory(account()), settings()).await;
    // Mark web's tcp 22 and tcp 80 rules.
    h.keys("G<Enter><Space><Space>").await;
    let marked: Vec<String> = h.app.session.marks.iter().cloned().collect();
    assert_eq!(marked.len(), 2);
    h.keys("d").await;
    // Someone else removes one of them before the user confirms.
    assert!(h.backend.delete_rule_out_of_band(&marked[0]));
    h.keys("y").await;
    let Mode::Results(results) = &h.app.mode else {
        panic!("no results: {:?}", h.app.session.message)
    };
    let got: Vec<(String, &str)> = results
        .outcomes
        .iter()
        .map(|o| (o.subject.rule().unwrap().id.clone(), o.outcome.label()))
        .collect();
    assert_eq!(
        got,
        vec![
            (marked[0].clone(), "already gone"),
            (marked[1].clone(), "revoked")
        ]
    );
    assert!(h.backend.rules().iter().all(|r| !marked.contains(&r.id)));
    assert_snapshot!(h.screen(120, 30));
}

#[tokio::test]
async fn undo_from_the_history_puts_the_revoked_rule_back() {
    let mut h = Harness::start(memory(account()), settings()).await;
    let before = h.backend.rules();
    h.keys(MARK_WEB_SSH).await;
    h.keys("dy<Esc>").await;
    assert_eq!(h.backend.rules().len(), before.len() - 1);
    h.journal_entries(2).await;
    h.keys("h").await;
    let Mode::History(history) = &h.app.mode else {
        panic!("no history")
    };
    assert_eq!(history.batches.len(), 1);
    // The batch's time changes every run: the snapshots show it as [time].
    let time = history.batches[0].time.clone();
    let journal = h.journal_path().display().to_string();
    let redact = |screen: String| {
        screen
            .replace(&time, "[time]")
            .replace(&journal, "[journal]")
    };
    assert_snapshot!("history", redact(h.screen(110, 24)));
    h.keys("u").await;
    let Mode::Restore(view) = &h.app.mode else {
        panic!("no restore: {:?}", h.app.session.message)
    };
    assert_eq!(view.phase, sgtui::app::RestorePhase::Ready);
    h.keys("y").await;
    assert_snapshot!("undo_done", redact(h.screen(110, 24)));
    // The rule is back with its properties and description (under a new id).
    let ssh_back = h.backend.rules().into_iter().any(|r| {
        r.protocol_ports() == "tcp 22"
            && r.peer.short() == "0.0.0.0/0"
            && r.description.as_deref() == Some("ssh from anywhere")
    });
    assert!(ssh_back);
    assert_eq!(h.backend.rules().len(), before.len());
    // Undoing again: already present, not a failure.
    h.keys("<Esc>hu").await;
    h.keys("y").await;
    let Mode::Restore(view) = &h.app.mode else {
        panic!("no restore")
    };
    assert_eq!(
        view.outcomes,
        vec![Some(sgtui::restore::RestoreOutcome::AlreadyPresent)]
    );
    let restores = h
        .journal_entries(4)
        .await
        .into_iter()
        .filter(|e| matches!(e, sgtui::journal::Entry::Restore(_)))
        .count();
    assert_eq!(restores, 2);
}

#[tokio::test]
async fn undo_is_refused_in_read_only_mode() {
    let mut h = Harness::start(memory(account()), settings()).await;
    h.keys(MARK_WEB_SSH).await;
    h.keys("dy<Esc>").await;
    h.journal_entries(2).await;
    h.app.session.settings.read_only = true;
    let before = h.backend.rules();
    h.keys("huy").await;
    assert!(matches!(h.app.mode, Mode::Restore(_)));
    assert!(
        h.app
            .session
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("Read-only")
    );
    assert_eq!(h.backend.rules(), before);
}

#[tokio::test]
async fn credentials_that_expire_mid_session_keep_the_session() {
    let backend = Faulty::new(memory(account()), RevokeFault::Answers);
    let mut h = Harness::start(backend, settings()).await;
    h.keys(MARK_WEB_SSH).await;
    let groups = h.app.session.inventory.groups().len();
    let rules = h.app.session.inventory.rule_count();
    h.backend.expire(true);

    // A refresh fails: the inventory and the marks stay, and the message says what to do.
    h.keys("r").await;
    assert_eq!(h.app.session.inventory.groups().len(), groups);
    assert_eq!(h.app.session.inventory.rule_count(), rules);
    assert_eq!(h.app.session.marks.len(), 1);
    let message = h.app.session.message.as_ref().unwrap().text.clone();
    assert!(
        message.contains("ExpiredToken") && message.contains("aws sso login"),
        "{message}"
    );
    assert_snapshot!(h.screen(120, 30));

    // A preview's dry runs fail too, and nothing can be sent.
    h.keys("dy").await;
    assert!(matches!(h.app.mode, Mode::Preview(_)));
    assert!(
        h.app
            .session
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("No call can be sent")
    );
    h.keys("n").await;

    // Renewed credentials: the next refresh works and the mark is still there.
    h.backend.expire(false);
    h.keys("r").await;
    assert!(
        h.app
            .session
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("Loaded")
    );
    assert_eq!(h.app.session.marks.len(), 1);
}

#[tokio::test]
async fn a_filter_over_rules_marks_its_matches_and_can_show_only_them() {
    let mut h = Harness::start(memory(account()), settings()).await;
    h.keys("/").await;
    h.type_text("port:22 dir:in").await;
    h.keys("<Enter>").await;
    assert_eq!(
        h.app.visible_group_count(),
        1,
        "only web has an inbound rule on 22"
    );
    assert_snapshot!("filtered_browse", h.screen(100, 24));
    h.keys("f").await;
    assert_eq!(
        h.app.visible_rules(sgtui::model::Direction::Inbound).len(),
        1
    );
    assert_snapshot!("filtered_browse_only_matching", h.screen(100, 24));
    h.keys("A").await;
    assert_eq!(h.app.session.marks.len(), 1);
}

#[tokio::test]
async fn a_bad_filter_term_is_named_and_left_out_of_the_filter_in_force() {
    let mut h = Harness::start(memory(account()), settings()).await;
    h.keys("/").await;
    h.type_text("port:5432 port:99999").await;
    assert_eq!(h.app.browse.applied.terms.len(), 1);
    assert_snapshot!(h.screen(100, 24));
}

/// Every `sg-…` and `pl-…` on the screen, with as many hex digits as it shows.
fn ids_on(screen: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for prefix in ["sg-", "pl-"] {
        for (at, _) in screen.match_indices(prefix) {
            let digits: String = screen[at + 3..]
                .chars()
                .take_while(char::is_ascii_hexdigit)
                .collect();
            ids.push(format!("{prefix}{digits}"));
        }
    }
    ids
}

#[tokio::test]
async fn a_group_reference_keeps_its_id_whole_at_80x24_and_narrower() {
    let mut h = Harness::start(memory(account()), settings()).await;
    // app is first; its outbound rules reference db (sg-…3).
    h.keys("g").await;
    let wide = h.screen(80, 24);
    assert!(wide.contains("sg-00000000000000003 (db)"), "{wide}");
    assert_snapshot!("reference_at_80x24", wide);
    // Narrower, the rule ids give way before the peer: the reference stays whole.
    let narrow = h.screen(60, 24);
    assert!(narrow.contains("sg-00000000000000003 (db)"), "{narrow}");
    assert!(!narrow.contains("sgr-"), "{narrow}");
    assert_snapshot!("reference_at_60x24", narrow);
    for screen in [&wide, &narrow] {
        for id in ids_on(screen) {
            assert_eq!(id.len(), 20, "{id} is cut: {screen}");
        }
    }
}

#[tokio::test]
async fn details_of_a_group_and_its_rule() {
    let mut h = Harness::start(memory(account()), settings()).await;
    // db (second) is referenced by app's outbound rule; its first inbound rule references app.
    h.keys("j<Enter>i").await;
    assert!(matches!(h.app.mode, Mode::Details(_)));
    assert_snapshot!(h.screen(100, 32));
    h.keys("<Esc>").await;
    assert!(matches!(h.app.mode, Mode::Browse));
}

#[tokio::test]
async fn an_ip_filter_finds_rules_through_a_referenced_groups_interfaces() {
    let mut h = Harness::start(memory(account()), settings()).await;
    // 10.1.1.11 belongs to "app server 1", in app: db admits app on 5432.
    h.keys("/").await;
    h.type_text("ip:10.1.1.11 port:5432 dir:in").await;
    h.keys("<Enter>").await;
    let shown: Vec<&str> = h.app.visible_groups().map(|g| g.name.as_str()).collect();
    assert_eq!(shown, ["db"]);
    let screen = h.screen(120, 24);
    assert!(
        screen.contains("sg-00000000000000002 (app)")
            && screen.contains("via eni-0000000000000000a"),
        "{screen}"
    );
    assert_snapshot!(screen);
    // Its rules sort as 10.1.0.0/16, then the reference to app; the details say how it matched.
    h.keys("<Enter>ji").await;
    let details = h.screen(120, 40);
    assert!(
        details.contains("via eni-0000000000000000a in sg-00000000000000002"),
        "{details}"
    );
}

#[tokio::test]
async fn details_of_a_prefix_list_rule() {
    let mut h = Harness::start(memory(account()), settings()).await;
    // db's outbound rules sort as all traffic, then tcp 443 to the prefix list.
    h.keys("j<Enter><Tab>Gi").await;
    assert!(matches!(h.app.mode, Mode::Details(_)));
    let screen = h.screen(100, 40);
    assert!(screen.contains("entry 52.216.0.0/15"), "{screen}");
    assert_snapshot!(screen);
}

/// The demo account, where every signal appears.
async fn demo() -> Harness<MemoryEc2> {
    let backend = MemoryEc2::new(Account::demo()).unwrap();
    let mut h = Harness::start(backend, settings()).await;
    h.wait_until("the signals", |app| app.session.judging.signals().is_some())
        .await;
    h
}

#[tokio::test]
async fn signals_on_the_demo_account() {
    let mut h = demo().await;
    // The groups pane counts each group's flagged rules and marks the unused and referenced.
    // Tall enough for all 43 groups.
    let screen = h.screen(120, 120);
    for marker in ["unused", "ref 1", "!", "=", "?", "~"] {
        assert!(screen.contains(marker), "{marker}: {screen}");
    }
    assert_snapshot!("signals_groups_on_the_demo", screen);
    // launch-wizard-7: every tcp port from anywhere, which also covers its rdp and ssh rules.
    h.keys("/").await;
    h.type_text("launch-wizard-7").await;
    h.keys("<Enter><Enter>").await;
    assert_snapshot!("signals_rules_on_the_demo", h.screen(120, 32));
}

#[tokio::test]
async fn details_give_each_signals_reason() {
    let mut h = demo().await;
    h.keys("/").await;
    h.type_text("launch-wizard-7 port:3389").await;
    // Only the matches: every tcp port from anywhere, then rdp from anywhere, which it covers.
    h.keys("<Enter>f<Enter>ji").await;
    let screen = h.screen(120, 48);
    for reason in [
        "! risky: sensitive tcp port 3389 (rdp)",
        "= redundant: covered by sgr-",
    ] {
        assert!(screen.contains(reason), "{reason}: {screen}");
    }
    assert!(
        screen.contains("unused: no network interface in this region"),
        "{screen}"
    );
    assert_snapshot!(screen);
}
