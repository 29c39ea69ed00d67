//! Undo against moto: a batch revoked through the app is put back from its journal, rule for
//! rule with descriptions, through the library and through `sgtui restore`.

mod common;

use std::process::Command;

use common::harness::Harness;
use sgtui::app::Settings;
use sgtui::cmd;
use sgtui::journal::{self, Entry};
use sgtui::model::Direction;
use sgtui::restore::{self, RestoreOutcome};

/// A moto region where web's tcp 22 and tcp 80 rules were revoked through the app.
struct Revoked {
    h: Harness<sgtui::ec2::AwsEc2>,
    region: String,
    entries: Vec<Entry>,
}

async fn revoked() -> Revoked {
    let config = common::moto_config().await;
    let region = config.region().unwrap().to_string();
    let client = aws_sdk_ec2::Client::new(&config);
    common::seed(&client, &common::contract_account()).await;
    let backend = sgtui::ec2::AwsEc2::from_sdk_config(&config);
    let mut h = Harness::start(backend, Settings::default()).await;
    h.wait_until("the first load", |app| !app.session.load.is_running())
        .await;
    // Groups: app, db, default, default, web; web's inbound starts tcp 22, tcp 80.
    h.keys("G<Enter><Space><Space>d").await;
    h.wait_for_verdicts().await;
    h.keys("y").await;
    h.wait_for_results().await;
    h.keys("<Esc>").await;
    let entries = h.journal_entries(2).await;
    assert_eq!(entries.len(), 2, "{entries:?}");
    Revoked { h, region, entries }
}

fn web_inbound(s: &common::Snapshot) -> Vec<(String, Option<String>)> {
    let mut rules: Vec<_> = s
        .rules_of("web", Direction::Inbound)
        .into_iter()
        .map(|r| {
            (
                format!("{} {}", r.protocol_ports(), r.peer.short()),
                r.description.clone(),
            )
        })
        .collect();
    rules.sort();
    rules
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_brings_back_exactly_the_revoked_rules() {
    let r = revoked().await;
    let backend = r.h.backend.as_ref();
    let after_revoke = common::snapshot(backend).await;
    let plan = restore::plan(&r.entries, None).unwrap();
    assert_eq!(plan.items.len(), 2);
    assert!(plan.skipped.is_empty());

    let dry = cmd::restore::run(backend, &plan, true).await;
    assert_eq!(dry, vec![RestoreOutcome::WouldBeAllowed; 2]);
    assert_eq!(
        web_inbound(&common::snapshot(backend).await),
        web_inbound(&after_revoke),
        "a dry run changes nothing"
    );

    let done = cmd::restore::run(backend, &plan, false).await;
    assert!(
        done.iter()
            .all(|o| matches!(o, RestoreOutcome::Restored(_))),
        "{done:?}"
    );
    let restored = web_inbound(&common::snapshot(backend).await);
    assert!(
        restored.contains(&("tcp 22 0.0.0.0/0".into(), Some("ssh from anywhere".into()))),
        "{restored:?}"
    );
    assert!(
        restored.contains(&("tcp 80 10.0.0.0/8".into(), Some("office".into()))),
        "{restored:?}"
    );
    assert_eq!(restored.len(), web_inbound(&after_revoke).len() + 2);

    let again = cmd::restore::run(backend, &plan, false).await;
    assert_eq!(again, vec![RestoreOutcome::AlreadyPresent; 2]);
}

/// Nothing was sent: not confirmed, or read-only (`sgtui restore --help`).
const NOT_SENT: i32 = 4;

/// `sgtui restore args…` on the region of `r`: its exit code and all it wrote.
fn sgtui_restore(r: &Revoked, args: &[&str]) -> (i32, String) {
    let journal = r.h.journal_path();
    let config_home = tempfile::tempdir().expect("an empty config folder");
    let out = Command::new(env!("CARGO_BIN_EXE_sgtui"))
        .arg("restore")
        .arg("--journal")
        .arg(&journal)
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", &r.region)
        .env("AWS_ENDPOINT_URL", &common::moto::moto().endpoint)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env_remove("AWS_PROFILE")
        .env_remove("SGTUI_READ_ONLY")
        .env_remove("SGTUI_CONFIG")
        .env("XDG_CONFIG_HOME", config_home.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run sgtui restore");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().expect("an exit code"), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_restore_command_reports_per_rule_and_journals_itself() {
    let r = revoked().await;
    let before = web_inbound(&common::snapshot(r.h.backend.as_ref()).await);

    let (code, out) = sgtui_restore(&r, &["--list"]);
    assert!(code == 0 && out.contains("test-1"), "{out}");

    // Read-only: refused, nothing changed.
    let (code, out) = sgtui_restore(&r, &["--read-only", "--yes"]);
    assert!(
        code == NOT_SENT && out.contains("sgtui: read-only"),
        "{out}"
    );
    // A dry run: every call would be allowed, nothing changed.
    let (code, out) = sgtui_restore(&r, &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("would be allowed").count(), 2, "{out}");
    // Without --yes, and with no terminal to ask on: refused, nothing changed.
    let (code, out) = sgtui_restore(&r, &[]);
    assert!(code == NOT_SENT && out.contains("not confirmed"), "{out}");
    assert_eq!(
        web_inbound(&common::snapshot(r.h.backend.as_ref()).await),
        before
    );

    let (code, out) = sgtui_restore(&r, &["--yes"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("restored")).count(),
        2,
        "{out}"
    );
    assert_eq!(
        web_inbound(&common::snapshot(r.h.backend.as_ref()).await).len(),
        before.len() + 2
    );

    let (code, out) = sgtui_restore(&r, &["--yes"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("already present"))
            .count(),
        2,
        "{out}"
    );

    let restores = journal::read(&r.h.journal_path())
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e, Ok(Entry::Restore(_))))
        .count();
    assert_eq!(restores, 2, "each restore that ran is journaled");
}
