//! On account files made hostile or broken: untrusted text printed inert, an account that
//! cannot be read (exit 3) and a journal that cannot be written (exit 5), with nothing sent.

use std::path::{Path, PathBuf};

use super::common::binary::{CONTRACT, exits, stderr};
use super::{User, outcome_lines};

/// The contract fixture changed by `edit`, as a file in `dir`.
fn account_file(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let mut account: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(CONTRACT).unwrap()).unwrap();
    edit(&mut account);
    let file = dir.join("account.json");
    std::fs::write(&file, account.to_string()).unwrap();
    file
}

#[test]
fn untrusted_text_is_printed_inert() {
    let dir = tempfile::tempdir().unwrap();
    let file = account_file(dir.path(), |a| {
        a["groups"][0]["name"] = "web\x1b]0;owned\x07".into();
        a["groups"][0]["inbound"][0]["description"] = "ssh \u{202e}evil\n2".into();
    });
    let user = User::new();
    let args = [
        "--account-file",
        file.to_str().unwrap(),
        "--yes",
        "--filter",
        "port:22 dir:in",
    ];
    let out = user.revoke(&args, &[]);
    let text = exits(0, &out);
    assert!(!text.contains('\x1b') && !text.contains('\x07') && !text.contains('\u{202e}'));
    assert!(text.contains(r#"(web\x1b]0;owned\x07)"#), "{text}");
    assert!(text.contains(r#""ssh \u{202e}evil\n2""#), "{text}");
    assert_eq!(outcome_lines(text, "revoked").len(), 1, "{text}");
}

#[test]
fn an_unreadable_account_exits_3_and_an_unwritable_journal_5_with_nothing_sent() {
    let dir = tempfile::tempdir().unwrap();
    let file = account_file(dir.path(), |a| {
        a["denied"] = serde_json::json!([{"action": "DescribeSecurityGroupRules"}]);
    });
    let user = User::new();
    let args = [
        "--account-file",
        file.to_str().unwrap(),
        "--yes",
        "--filter",
        "open",
    ];
    let out = user.revoke(&args, &[]);
    assert!(exits(3, &out).is_empty());
    let err = stderr(&out);
    assert!(
        err.starts_with("sgtui: could not list the security groups"),
        "{err}"
    );
    assert!(user.entries().is_empty());

    // The journal's folder is a file: the journal cannot be opened, so nothing is sent.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "").unwrap();
    let journal = blocker.join("journal.jsonl");
    let args = [
        "revoke",
        "--demo",
        "--yes",
        "--journal",
        journal.to_str().unwrap(),
    ];
    let out = user.sgtui(
        &[&args[..], &["--rule-id", "sgr-90202f6db9332aa6a"]].concat(),
        &[],
    );
    exits(5, &out);
    let err = stderr(&out);
    assert!(
        err.contains("cannot open the journal") && err.contains("nothing was sent"),
        "{err}"
    );
}
