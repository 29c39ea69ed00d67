//! The real binary, run as a user would with nothing set up: its own folders, no AWS
//! configuration, no config file.

use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The in-memory fixture most tests share, as a file for `--account-file`.
pub const CONTRACT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/contract.json");

/// The environment of a user with nothing set up, whose folders are in `home`: each variable
/// to set, or to remove (`None`).
pub fn bare_environment(home: &Path) -> Vec<(&'static str, Option<OsString>)> {
    let set = |name, value: &Path| (name, Some(value.as_os_str().to_owned()));
    vec![
        set("HOME", home),
        set("XDG_CONFIG_HOME", &home.join("config")),
        set("XDG_STATE_HOME", &home.join("state")),
        set("AWS_CONFIG_FILE", Path::new("/nonexistent")),
        set("AWS_SHARED_CREDENTIALS_FILE", Path::new("/nonexistent")),
        ("AWS_EC2_METADATA_DISABLED", Some("true".into())),
        // Help is wrapped to this width when clap's wrap_help is on (test builds turn it on).
        ("COLUMNS", Some("100".into())),
        ("RUST_BACKTRACE", None),
        ("RUST_LIB_BACKTRACE", None),
        ("SGTUI_CONFIG", None),
        ("SGTUI_READ_ONLY", None),
        ("AWS_PROFILE", None),
        ("AWS_REGION", None),
        ("AWS_ENDPOINT_URL", None),
    ]
}

/// `sgtui args…` with the user's folders in `home`, no AWS set-up and no config file; `env`
/// adds variables.
pub fn sgtui_with(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sgtui"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, value) in bare_environment(home) {
        match value {
            Some(value) => cmd.env(name, value),
            None => cmd.env_remove(name),
        };
    }
    for (name, value) in env {
        cmd.env(name, value);
    }
    cmd.output().expect("run sgtui")
}

/// Credentials for moto, which takes any.
pub const MOTO_CREDENTIALS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", "testing"),
    ("AWS_SECRET_ACCESS_KEY", "testing"),
];

/// `sgtui args…` as a user with nothing set up but moto's credentials (`args` name the region
/// and endpoint), off the async runtime: the binary is waited for.
pub async fn sgtui_with_moto_credentials(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        let home = tempfile::tempdir().unwrap();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        sgtui_with(home.path(), &args, &MOTO_CREDENTIALS)
    })
    .await
    .unwrap()
}

pub fn sgtui(args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    sgtui_with(home.path(), args, &[])
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts exit `code` and plain stderr, and answers stdout.
pub fn exits(code: i32, out: &Output) -> &str {
    assert_eq!(out.status.code(), Some(code), "stderr: {}", stderr(out));
    assert!(!out.stderr.contains(&0x1b), "an escape byte on stderr");
    stdout(out)
}

pub fn stdout(out: &Output) -> &str {
    std::str::from_utf8(&out.stdout).expect("UTF-8 on stdout")
}
