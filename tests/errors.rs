//! What people see when sgtui cannot start: the real binary with no terminal anywhere (stdin,
//! stdout and stderr are pipes) says what went wrong and what to do in a line or two, exits
//! non-zero, writes nothing to stdout and no terminal control sequence anywhere. Developers get
//! the full report with `RUST_BACKTRACE`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The outcome of `sgtui args…` with the user's folders in `home` and no AWS set-up.
fn sgtui(home: &Path, args: &[&str], backtrace: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sgtui"));
    cmd.args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env_remove("SGTUI_CONFIG")
        .env_remove("SGTUI_READ_ONLY")
        .env_remove("AWS_PROFILE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if backtrace {
        cmd.env("RUST_BACKTRACE", "1");
    }
    cmd.output().expect("run sgtui")
}

/// Asserts the plain failure shape and returns stderr.
fn plain_failure(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        !out.status.success(),
        "exit status {:?}: {stderr}",
        out.status
    );
    assert!(out.stdout.is_empty(), "stdout: {:?}", out.stdout);
    assert!(
        !out.stderr.contains(&0x1b),
        "an escape byte on stderr: {stderr:?}"
    );
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        (1..=2).contains(&lines.len()),
        "{} lines: {stderr}",
        lines.len()
    );
    assert!(lines[0].starts_with("sgtui: "), "{stderr}");
    for noise in ["Location:", "BACKTRACE", "backtrace", "Error:", "panicked"] {
        assert!(!stderr.contains(noise), "{noise:?} in {stderr}");
    }
    stderr
}

#[test]
fn a_missing_account_file_is_named() {
    let home = tempfile::tempdir().unwrap();
    let out = sgtui(
        home.path(),
        &["--account-file", "/nonexistent/sgtui-account.json"],
        false,
    );
    let stderr = plain_failure(&out);
    assert!(
        stderr.contains("cannot read the account file /nonexistent/sgtui-account.json"),
        "{stderr}"
    );
    assert!(stderr.contains("--account-file"), "{stderr}");
}

#[test]
fn a_malformed_account_file_is_named() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("account.json");
    std::fs::write(&file, "{ \"groups\": [ oops").unwrap();
    let out = sgtui(
        home.path(),
        &["--account-file", file.to_str().unwrap()],
        false,
    );
    let stderr = plain_failure(&out);
    assert!(
        stderr.contains(&format!("the account file {}", file.display())),
        "{stderr}"
    );
    assert!(stderr.contains("line 1"), "{stderr}");
}

#[test]
fn a_malformed_config_file_is_named_with_its_line() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.toml");
    std::fs::write(&config, "read_only = true\nread_onyl = true\n").unwrap();
    let out = sgtui(
        home.path(),
        &["--config", config.to_str().unwrap(), "--demo"],
        false,
    );
    let stderr = plain_failure(&out);
    assert!(
        stderr.contains(&format!(
            "the config file {} is not valid",
            config.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("line 2"), "{stderr}");
}

#[test]
fn restore_from_a_missing_journal_says_which() {
    let home = tempfile::tempdir().unwrap();
    let journal = home.path().join("no-such-journal.jsonl");
    let out = sgtui(
        home.path(),
        &["restore", "--journal", journal.to_str().unwrap(), "--list"],
        false,
    );
    let stderr = plain_failure(&out);
    assert!(
        stderr.contains(&format!("cannot read the journal {}", journal.display())),
        "{stderr}"
    );
    assert!(stderr.contains("--journal"), "{stderr}");
}

#[test]
fn the_ui_without_a_terminal_writes_nothing_to_stdout() {
    let home = tempfile::tempdir().unwrap();
    let out = sgtui(home.path(), &["--demo"], false);
    let stderr = plain_failure(&out);
    assert!(stderr.contains("needs an interactive terminal"), "{stderr}");
    assert!(
        !home.path().join("state").exists(),
        "no journal is opened before the terminal is checked"
    );
}

#[test]
fn rust_backtrace_gives_developers_the_full_report() {
    let home = tempfile::tempdir().unwrap();
    let args = ["--account-file", "/nonexistent/sgtui-account.json"];
    let plain = sgtui(home.path(), &args, false);
    let full = sgtui(home.path(), &args, true);
    assert!(!full.status.success());
    assert!(full.stdout.is_empty());
    let plain = String::from_utf8_lossy(&plain.stderr);
    let full = String::from_utf8_lossy(&full.stderr);
    assert!(full.contains("cannot read the account file"), "{full}");
    assert!(full.contains("Location:"), "{full}");
    assert!(full.lines().count() > plain.lines().count(), "{full}");
    assert!(!full.contains('\x1b'), "colours on a pipe: {full:?}");
}
