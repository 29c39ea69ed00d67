//! A read-only session cannot change anything: every request that reaches the (real HTTP) moto
//! server while the user marks, previews and confirms is counted, and none mutates. This test is
//! alone in its binary because moto's recorder sees every region of the server.

mod common;

use common::harness::Harness;
use sgtui::app::{Mode, Settings};
use sgtui::ec2::ReadOnly;

fn is_mutating(body: &str) -> bool {
    let action = body
        .split('&')
        .find_map(|kv| kv.strip_prefix("Action="))
        .unwrap_or_default();
    let mutating = [
        "Revoke",
        "Authorize",
        "Create",
        "Delete",
        "Modify",
        "Update",
    ]
    .iter()
    .any(|verb| action.starts_with(verb));
    mutating && !body.split('&').any(|kv| kv == "DryRun=true")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_session_sends_no_mutating_request() {
    let (backend, _client) = common::moto_backend(&common::contract_account()).await;
    let server = common::moto::moto();
    server.start_recording();
    let settings = Settings {
        read_only: true,
        ..Settings::default()
    };
    let mut h = Harness::start(ReadOnly(backend), settings).await;
    h.wait_until("the first load", |app| !app.session.load.is_running())
        .await;
    assert!(
        h.app.session.inventory.rule_count() > 0,
        "{:?}",
        h.app.session.message
    );
    // Mark by id and confirm; then a rule spec on every group and confirm.
    h.keys("G<Enter><Space><Space>d").await;
    h.wait_for_verdicts().await;
    h.keys("y").await;
    assert!(matches!(h.app.mode, Mode::Preview(_)));
    h.keys("<Esc>R").await;
    h.type_text("in tcp 22 0.0.0.0/0").await;
    h.keys("<Tab><Tab><Enter>").await;
    h.wait_for_verdicts().await;
    h.keys("y<Esc>").await;

    let bodies = server.recorded_bodies();
    let dry_runs = bodies
        .iter()
        .filter(|b| b.contains("Action=Revoke") && b.contains("DryRun=true"))
        .count();
    assert!(
        dry_runs >= 2,
        "the previews' dry runs were recorded: {bodies:#?}"
    );
    let mutating: Vec<&String> = bodies.iter().filter(|b| is_mutating(b)).collect();
    assert!(
        mutating.is_empty(),
        "mutating requests reached EC2: {mutating:#?}"
    );
}
