//! `--help` of sgtui (the TUI) and of `sgtui restore`, snapshotted: what each does, its flags,
//! an example and its exit codes. `export`, `audit` and `revoke` have theirs beside their tests.

mod common;

use common::binary::{exits, sgtui};
use insta::assert_snapshot;

#[test]
fn sgtui_help_documents_the_commands_and_the_exit_codes() {
    let out = sgtui(&["--help"]);
    assert_snapshot!("sgtui_help", exits(0, &out));
}

#[test]
fn restore_help_documents_an_example_and_the_exit_codes() {
    let out = sgtui(&["restore", "--help"]);
    assert_snapshot!("restore_help", exits(0, &out));
}
