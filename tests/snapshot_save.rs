//! `sgtui snapshot --out DIR` through the real binary: the three answers saved from the demo
//! and from moto in the AWS CLI's shapes, read back by `--snapshot DIR` as the same rows and
//! findings as the live account; its refusals and its help.

mod common;

use std::path::Path;
use std::process::Output;

use common::binary::{exits, sgtui, sgtui_with_moto_credentials, stderr};
use insta::assert_snapshot;
use serde_json::Value;

fn ndjson(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A row without what a snapshot cannot hold: the stale signal (no
/// DescribeStaleSecurityGroups answer is saved).
fn without_stale(mut row: Value) -> Value {
    let marks = row["signals"].as_str().unwrap().replace('?', "");
    row["signals"] = marks.into();
    let reasons = row["reasons"].as_array_mut().unwrap();
    reasons.retain(|r| !r.as_str().unwrap().starts_with("? "));
    row
}

/// The top-level key of a saved file, and how many items it holds.
fn holds(dir: &Path, file: &str) -> (String, usize) {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    assert!(
        text.starts_with("{\n    \""),
        "indented as the AWS CLI does"
    );
    let value: Value = serde_json::from_str(&text).unwrap();
    let (key, items) = value.as_object().unwrap().iter().next().unwrap();
    (key.clone(), items.as_array().unwrap().len())
}

#[test]
fn the_demo_saved_and_read_back_exports_the_same_rows() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("snap");
    let dir_text = dir.to_str().unwrap();
    let out = sgtui(&["snapshot", "--demo", "--out", dir_text]);
    exits(0, &out);
    let err = stderr(&out);
    assert!(
        err.contains("saved 43 group(s), 272 rule(s) and 65 network interface(s)"),
        "{err}"
    );
    assert_eq!(
        holds(&dir, "security-groups.json"),
        ("SecurityGroups".into(), 43)
    );
    assert_eq!(
        holds(&dir, "security-group-rules.json"),
        ("SecurityGroupRules".into(), 272)
    );
    assert_eq!(
        holds(&dir, "network-interfaces.json"),
        ("NetworkInterfaces".into(), 65)
    );

    // In the panes' order: the two backends' pages come in different sizes.
    let live = sgtui(&["export", "--demo", "--format", "ndjson", "--sorted"]);
    let live = ndjson(exits(0, &live));
    let read = sgtui(&[
        "export",
        "--snapshot",
        dir_text,
        "--region",
        "eu-west-1",
        "--format",
        "ndjson",
        "--sorted",
    ]);
    let read = ndjson(exits(0, &read));
    assert!(
        live.iter()
            .any(|r| r["signals"].as_str().unwrap().contains('?')),
        "the demo has stale rules, which a snapshot cannot judge"
    );
    assert!(
        read.iter()
            .all(|r| !r["signals"].as_str().unwrap().contains('?'))
    );
    let live: Vec<Value> = live.into_iter().map(without_stale).collect();
    assert_eq!(read, live);

    // A snapshot is never overwritten.
    let again = sgtui(&["snapshot", "--demo", "--out", dir_text]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("exists already"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn interfaces_that_cannot_be_listed_leave_their_file_out_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let mut account: Value =
        serde_json::from_str(&std::fs::read_to_string(common::binary::CONTRACT).unwrap()).unwrap();
    account["denied"] = serde_json::json!([{"action": "DescribeNetworkInterfaces"}]);
    let file = dir.path().join("account.json");
    std::fs::write(&file, account.to_string()).unwrap();
    let snap = dir.path().join("snap");
    let out = sgtui(&[
        "snapshot",
        "--account-file",
        file.to_str().unwrap(),
        "--out",
        snap.to_str().unwrap(),
    ]);
    exits(0, &out);
    let err = stderr(&out);
    assert!(
        err.contains("sgtui: warning: network interfaces could not be listed (DescribeNetworkInterfaces: UnauthorizedOperation"),
        "{err}"
    );
    assert!(
        err.contains("saved 3 group(s), 18 rule(s) and 0 network interface(s)"),
        "{err}"
    );
    assert!(snap.join("security-groups.json").is_file());
    assert!(snap.join("security-group-rules.json").is_file());
    assert!(!snap.join("network-interfaces.json").exists());
    // Read back, the rules keep their ids and usage is unknown.
    let out = sgtui(&[
        "audit",
        "--snapshot",
        snap.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["counts"]["unused"], 0, "{}", stderr(&out));
    let export = sgtui(&[
        "export",
        "--snapshot",
        snap.to_str().unwrap(),
        "--format",
        "ndjson",
    ]);
    let rows = ndjson(exits(0, &export));
    assert_eq!(rows.len(), 18);
    assert!(rows.iter().all(|r| {
        r["rule_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("sgr-"))
    }));
}

#[test]
fn a_snapshot_cannot_be_saved_from_a_snapshot_and_out_is_required() {
    let dir = tempfile::tempdir().unwrap();
    let groups = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/snapshot/security-groups.json"
    );
    let out_dir = dir.path().join("out");
    let out = sgtui(&[
        "snapshot",
        "--snapshot",
        groups,
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(!out_dir.exists(), "nothing written");
    assert_eq!(sgtui(&["snapshot", "--demo"]).status.code(), Some(2));
}

#[test]
fn aws_that_cannot_be_reached_exits_3_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = sgtui(&[
        "snapshot",
        "--region",
        "us-east-1",
        "--endpoint-url",
        "http://127.0.0.1:9",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!((1..=2).contains(&err.lines().count()), "{err}");
    assert!(err.starts_with("sgtui: could not "), "{err}");
    assert!(!out_dir.join("security-groups.json").exists());
}

#[test]
fn help_documents_the_files_and_the_exit_codes() {
    let out = sgtui(&["snapshot", "--help"]);
    assert_snapshot!("snapshot_help", exits(0, &out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_moto_a_saved_snapshot_exports_and_audits_as_the_live_account() {
    let config = common::moto_config().await;
    let region = config.region().unwrap().to_string();
    let client = aws_sdk_ec2::Client::new(&config);
    common::seed(&client, &common::contract_account()).await;
    let endpoint = common::moto::moto().endpoint.clone();
    let dir = tempfile::tempdir().unwrap();
    let snap = dir.path().join("snap").to_str().unwrap().to_string();
    let live = |command: &str, format: &str| {
        [command, "--format", format, "--region", &region]
            .into_iter()
            .chain(["--endpoint-url", &endpoint])
            .map(String::from)
            .collect::<Vec<String>>()
    };
    let saved = |command: &str, format: &str| {
        [command, "--format", format, "--region", &region]
            .into_iter()
            .chain(["--snapshot", &snap])
            .map(String::from)
            .collect::<Vec<String>>()
    };
    let save = ["snapshot", "--region", &region, "--endpoint-url", &endpoint]
        .into_iter()
        .chain(["--out", &snap])
        .map(String::from)
        .collect();
    let out = sgtui_with_moto_credentials(save).await;
    exits(0, &out);
    assert!(stderr(&out).contains("saved "), "{}", stderr(&out));

    let sorted = |mut args: Vec<String>| {
        args.push("--sorted".into());
        args
    };
    let live_rows = sgtui_with_moto_credentials(sorted(live("export", "ndjson"))).await;
    let read_rows = sgtui_with_moto_credentials(sorted(saved("export", "ndjson"))).await;
    let live_rows = ndjson(exits(0, &live_rows));
    assert!(
        live_rows.len() > 18,
        "the fixture's rules and moto's defaults"
    );
    assert_eq!(ndjson(exits(0, &read_rows)), live_rows);

    let live_audit = sgtui_with_moto_credentials(live("audit", "json")).await;
    let read_audit = sgtui_with_moto_credentials(saved("audit", "json")).await;
    let findings = |out: &Output| -> Value {
        let code = out.status.code();
        assert!(matches!(code, Some(0 | 1)), "{}", stderr(out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    assert_eq!(findings(&read_audit), findings(&live_audit));
    assert_eq!(read_audit.status.code(), live_audit.status.code());
}
