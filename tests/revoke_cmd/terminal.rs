//! Asking on a terminal: `sgtui revoke` without `--yes` in a pseudo-terminal against moto. A
//! yes sends the calls, and a rule removed by someone else while the question was open is
//! reported already gone; a no sends nothing.
#![cfg(unix)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use aws_sdk_ec2::Client;
use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};
use sgtui::model::Direction;

use super::common::binary::MOTO_CREDENTIALS;
use super::common::binary::bare_environment;
use super::moto::region;
use super::{NOT_SENT, User, judged, outcome_lines};

const QUESTION: &str = "[y/N] ";
const WAIT: Duration = Duration::from_secs(60);

/// `sgtui` in a pseudo-terminal: what it wrote so far, and a way to type.
struct Terminal {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Held while the program runs: its output is read through a clone.
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<String>>,
}

impl Terminal {
    fn spawn(user: &User, args: &[&str]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 50,
                cols: 200,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sgtui"));
        cmd.args(args);
        for (name, value) in bare_environment(user.home.path()) {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            }
        }
        for (name, value) in MOTO_CREDENTIALS {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn sgtui");
        drop(pair.slave);
        let output = Arc::new(Mutex::new(String::new()));
        let (mut source, sink) = (pair.master.try_clone_reader().unwrap(), output.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = source.read(&mut buf) {
                let text = String::from_utf8_lossy(&buf[..n]).replace("\r\n", "\n");
                sink.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push_str(&text);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Self {
            child,
            _master: pair.master,
            writer,
            output,
        }
    }

    fn text(&self) -> String {
        self.output
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Waits until the output holds `text`; panics with the output otherwise.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while !self.text().contains(text) {
            assert!(
                Instant::now() < deadline,
                "{text:?} not seen in:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn answer(&mut self, line: &str) {
        self.writer
            .write_all(format!("{line}\r").as_bytes())
            .unwrap();
        self.writer.flush().unwrap();
    }

    /// The exit code once the program has ended, with all it wrote.
    fn finish(mut self) -> (u32, String) {
        let deadline = Instant::now() + WAIT;
        let code = loop {
            if let Some(status) = self.child.try_wait().expect("the child's status") {
                break status.exit_code();
            }
            assert!(Instant::now() < deadline, "still running:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(20));
        };
        // What the reader has not taken yet comes within moments of the end.
        std::thread::sleep(Duration::from_millis(200));
        (code, self.text())
    }
}

/// Revokes these rules by id as someone else would, behind sgtui's back.
async fn revoke_elsewhere(client: &Client, group_id: &str, rule_id: &str) {
    client
        .revoke_security_group_ingress()
        .group_id(group_id)
        .security_group_rule_ids(rule_id)
        .send()
        .await
        .expect("revoke elsewhere");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yes_sends_and_a_rule_removed_meanwhile_is_already_gone() {
    let region = region().await;
    let s = region.snapshot().await;
    let ssh = s
        .rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0")
        .clone();
    let office = s
        .rule("web", Direction::Inbound, "tcp 80", "10.0.0.0/8")
        .clone();
    let user = User::new();
    let ids = format!("{},{}", ssh.id, office.id);
    let mut terminal = Terminal::spawn(
        &user,
        &region.args(&[
            "revoke",
            "--journal",
            user.journal().to_str().unwrap(),
            "--rule-id",
            &ids,
        ]),
    );
    tokio::task::block_in_place(|| terminal.wait_for(QUESTION));
    assert!(
        terminal
            .text()
            .contains("Revoke 2 rule(s) in 1 call(s)? [y/N] "),
        "{}",
        terminal.text()
    );
    revoke_elsewhere(&region.client, &ssh.group_id, &ssh.id).await;
    terminal.answer("y");
    let (code, text) = tokio::task::block_in_place(|| terminal.finish());
    assert_eq!(code, 0, "{text}");
    let gone = outcome_lines(&text, "already gone");
    assert!(gone.len() == 1 && gone[0].contains(&ssh.id), "{text}");
    let revoked = outcome_lines(&text, "revoked");
    assert!(
        revoked.len() == 1 && revoked[0].contains(&office.id),
        "{text}"
    );
    let (_, outcome) = user.batch();
    let mut expected = vec![
        format!("{} already gone", ssh.id),
        format!("{} revoked", office.id),
    ];
    expected.sort();
    assert_eq!(judged(&outcome), expected);
    let web = region.snapshot().await;
    assert!(
        !web.rules
            .iter()
            .any(|r| r.id == office.id || r.id == ssh.id)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_sends_nothing() {
    let region = region().await;
    let s = region.snapshot().await;
    let ssh = s
        .rule("web", Direction::Inbound, "tcp 22", "0.0.0.0/0")
        .id
        .clone();
    let before = region.rules().await;
    let user = User::new();
    let mut terminal = Terminal::spawn(
        &user,
        &region.args(&[
            "revoke",
            "--journal",
            user.journal().to_str().unwrap(),
            "--rule-id",
            &ssh,
        ]),
    );
    tokio::task::block_in_place(|| terminal.wait_for(QUESTION));
    terminal.answer("n");
    let (code, text) = tokio::task::block_in_place(|| terminal.finish());
    assert_eq!(code, NOT_SENT as u32, "{text}");
    assert!(
        text.contains("sgtui: not confirmed; nothing was changed."),
        "{text}"
    );
    assert_eq!(region.rules().await, before);
    assert!(!user.journal().exists() || user.entries().is_empty());
}
