//! End-to-end tests: the real `sgtui` binary in a pseudo-terminal, driven by key presses and
//! read back through a vt100 parser. The AWS tests run it against moto and then check through
//! the EC2 API what really changed.
#![cfg(unix)]

mod common;

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{Filter, SecurityGroupRule};
use portable_pty::{CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const SPACE: &str = " ";
const CTRL_C: &str = "\x03";

const ENTER_ALT: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";

const LOAD: Duration = Duration::from_secs(30);
const STEP: Duration = Duration::from_secs(10);
const EXIT: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------------------------------------
// The driver
// ---------------------------------------------------------------------------------------------

/// What the reader thread has seen of the program's output.
struct Output {
    parser: vt100::Parser,
    raw: Vec<u8>,
    eof: bool,
}

/// `sgtui` running in a pseudo-terminal.
struct Tui {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Output>>,
    reader: Option<JoinHandle<()>>,
    cols: u16,
    /// The terminal modes before the program started (cooked), to compare with after it quits.
    modes_before: Option<String>,
    exit: Option<ExitStatus>,
    /// The program's XDG state folder, where its journal goes.
    state: tempfile::TempDir,
}

impl Tui {
    /// Starts `sgtui args…` in a `rows` x `cols` terminal with these extra environment variables
    /// (a value of `None` removes the variable).
    fn spawn(args: &[&str], rows: u16, cols: u16, env: &[(&str, Option<&str>)]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let modes_before = modes(pair.master.as_ref());
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_sgtui"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        // The journal goes to a folder of the test's own, never the developer's.
        let state = tempfile::tempdir().expect("a state folder");
        cmd.env("XDG_STATE_HOME", state.path());
        // Nothing of the developer's AWS setup or proxies may leak into the program.
        for name in [
            "AWS_PROFILE",
            "AWS_DEFAULT_PROFILE",
            "AWS_DEFAULT_REGION",
            "AWS_ENDPOINT_URL_EC2",
            "AWS_SESSION_TOKEN",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ] {
            cmd.env_remove(name);
        }
        for (name, value) in env {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            }
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn sgtui");
        // Only the child may hold the slave, so that reading sees the end when it exits.
        drop(pair.slave);

        let output = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(
                NonZeroU16::new(rows).expect("rows > 0"),
                NonZeroU16::new(cols).expect("cols > 0"),
                0,
            ),
            raw: Vec::new(),
            eof: false,
        }));
        let mut source = pair.master.try_clone_reader().expect("pty reader");
        let sink = output.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match source.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut out = sink.lock().unwrap_or_else(PoisonError::into_inner);
                        out.parser.process(&buf[..n]);
                        out.raw.extend_from_slice(&buf[..n]);
                    }
                }
            }
            sink.lock().unwrap_or_else(PoisonError::into_inner).eof = true;
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Self {
            child,
            master: pair.master,
            writer,
            output,
            reader: Some(reader),
            cols,
            modes_before,
            exit: None,
            state,
        }
    }

    /// Types raw bytes.
    fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("write to the pty");
        self.writer.flush().expect("flush the pty");
    }

    /// Presses Esc, then leaves crossterm time to see that no escape sequence follows.
    fn send_esc(&mut self) {
        self.send(ESC);
        std::thread::sleep(Duration::from_millis(50));
    }

    /// The screen as text, one line per row.
    fn screen(&self) -> String {
        self.output
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .parser
            .screen()
            .contents()
    }

    /// Waits until `check` holds on the screen; panics with the screen otherwise.
    fn wait_until(&self, what: &str, timeout: Duration, check: impl Fn(&vt100::Screen) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            let failure = {
                let out = self.output.lock().unwrap_or_else(PoisonError::into_inner);
                if check(out.parser.screen()) {
                    return;
                }
                (Instant::now() >= deadline || out.eof).then(|| {
                    format!(
                        "{what}: not seen within {timeout:?}{}; the screen:\n{}",
                        if out.eof { " (the program ended)" } else { "" },
                        framed(&out.parser.screen().contents())
                    )
                })
            };
            if let Some(failure) = failure {
                panic!("{failure}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the screen shows `text`.
    fn wait_for(&self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?} on screen"), timeout, |s| {
            s.contents().contains(text)
        });
    }

    /// Waits until the screen no longer shows `text`.
    fn wait_gone(&self, text: &str, timeout: Duration) {
        self.wait_until(&format!("{text:?} gone from the screen"), timeout, |s| {
            !s.contents().contains(text)
        });
    }

    /// Waits for the program to exit and for its last output to be read.
    fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                break status;
            }
            if Instant::now() >= deadline {
                panic!(
                    "sgtui did not exit within {timeout:?}; the screen:\n{}",
                    framed(&self.screen())
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        self.exit = Some(status.clone());
        // The reader sees the end once the child (the slave's last holder) is gone.
        let drained = Instant::now() + Duration::from_secs(5);
        while !self
            .output
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .eof
        {
            assert!(
                Instant::now() < drained,
                "the pty did not report the end of output after sgtui exited"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        if let Some(reader) = self.reader.take() {
            reader.join().expect("reader thread");
        }
        status
    }

    /// The lines of the journal the program wrote.
    fn journal_lines(&self) -> Vec<String> {
        self.state_lines("journal.jsonl")
    }

    /// The lines of a file in the program's state folder (empty if there is none).
    fn state_lines(&self, name: &str) -> Vec<String> {
        let path = self.state.path().join("sgtui").join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn raw(&self) -> Vec<u8> {
        self.output
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .raw
            .clone()
    }

    fn modes_now(&self) -> Option<String> {
        modes(self.master.as_ref())
    }

    /// The texts of the rows drawn in reverse video: in browse mode, exactly the selected row
    /// of the focused pane.
    fn highlighted_rows(&self) -> Vec<(u16, String)> {
        let out = self.output.lock().unwrap_or_else(PoisonError::into_inner);
        highlighted(out.parser.screen(), self.cols)
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.exit.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The pty's terminal modes (input, output, control and local flags), as text.
fn modes(master: &dyn MasterPty) -> Option<String> {
    master.get_termios().map(|t| {
        format!(
            "iflag {:?} · oflag {:?} · cflag {:?} · lflag {:?}",
            t.input_flags, t.output_flags, t.control_flags, t.local_flags
        )
    })
}

fn highlighted(screen: &vt100::Screen, cols: u16) -> Vec<(u16, String)> {
    let (rows, _) = screen.size();
    let mut found = Vec::new();
    for (row, text) in (0..rows.get()).zip(screen.rows(0, cols)) {
        let inverse = (0..cols)
            .filter_map(|col| screen.cell(row, col))
            .filter(|c| c.inverse() && !c.contents().trim().is_empty())
            .count();
        if inverse >= 5 {
            found.push((row, text));
        }
    }
    found
}

fn framed(screen: &str) -> String {
    let mut s = String::from("┄┄┄┄┄┄┄┄\n");
    for line in screen.lines() {
        s.push_str(line);
        s.push('\n');
    }
    s.push_str("┄┄┄┄┄┄┄┄");
    s
}

fn find(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The demo
// ---------------------------------------------------------------------------------------------

#[test]
fn demo_starts_and_quits_cleanly() {
    let started = Instant::now();
    let mut tui = Tui::spawn(&["--demo"], 30, 100, &[]);
    tui.wait_for("Loaded 43 groups", STEP);
    let screen = tui.screen();
    assert!(
        screen.contains("DEMO"),
        "no DEMO badge:\n{}",
        framed(&screen)
    );
    let cooked = tui
        .modes_before
        .clone()
        .expect("the pty's modes before start");
    let running = tui.modes_now().expect("the pty's modes while running");
    assert_ne!(
        cooked, running,
        "the terminal modes did not change while sgtui runs (no raw mode?)"
    );

    tui.send("?");
    tui.wait_for("Help: keys", STEP);
    tui.wait_for("revoke preview (dry run) of all marked rules", STEP);
    tui.send_esc();
    tui.wait_gone("Help: keys", STEP);
    tui.send("q");
    let status = tui.wait_exit(EXIT);
    assert!(status.success(), "sgtui exited with {status:?}");

    let raw = tui.raw();
    let enters = find(&raw, ENTER_ALT);
    let leaves = find(&raw, LEAVE_ALT);
    let shows = find(&raw, SHOW_CURSOR);
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(64)..]).into_owned();
    assert!(!enters.is_empty(), "never entered the alternate screen");
    let (last_enter, last_leave) = (*enters.last().unwrap(), leaves.last().copied());
    assert!(
        last_leave.is_some_and(|l| l > last_enter),
        "the alternate screen was not left after it was entered; output ends with {tail:?}"
    );
    assert!(
        shows.last().is_some_and(|s| *s > last_enter),
        "the cursor was not shown again; output ends with {tail:?}"
    );
    assert!(
        find(&raw, HIDE_CURSOR)
            .last()
            .is_none_or(|hide| shows.last().is_some_and(|show| show > hide)),
        "the cursor stays hidden; output ends with {tail:?}"
    );
    // Nothing but showing the cursor comes after leaving the alternate screen.
    let after = &raw[last_leave.unwrap()..];
    assert!(
        after == LEAVE_ALT || after == [LEAVE_ALT, SHOW_CURSOR].concat(),
        "the output does not end by leaving the alternate screen and showing the cursor: \
         {tail:?}"
    );
    {
        let out = tui.output.lock().unwrap_or_else(PoisonError::into_inner);
        let screen = out.parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "the cursor is still hidden");
    }
    // Raw mode is gone: the pty's modes are those it had before sgtui started.
    let after = tui.modes_now().expect("the pty's modes after exit");
    assert_eq!(after, cooked, "the terminal modes were not restored");
    eprintln!("demo_starts_and_quits_cleanly: {:?}", started.elapsed());
}

// ---------------------------------------------------------------------------------------------
// Against moto
// ---------------------------------------------------------------------------------------------

/// A moto region seeded with an account fixture (the contract fixture unless said otherwise),
/// and an EC2 client on it.
struct Region {
    runtime: tokio::runtime::Runtime,
    client: Client,
    region: String,
    endpoint: String,
    web_id: String,
}

impl Region {
    fn seeded() -> Self {
        Self::seeded_with(&common::contract_account())
    }

    fn seeded_with(account: &sgtui::ec2::Account) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("tokio runtime");
        let (client, region, groups) = runtime.block_on(async {
            let config = common::moto_config().await;
            let region = config.region().expect("a region").to_string();
            let client = Client::new(&config);
            let groups = common::seed(&client, account).await;
            (client, region, groups)
        });
        Self {
            runtime,
            client,
            region,
            endpoint: common::moto::moto().endpoint.clone(),
            web_id: groups["sg-00000000000000001"].clone(),
        }
    }

    /// Starts sgtui on this region, as a user with only environment configuration would.
    fn sgtui(&self, args: &[&str]) -> Tui {
        Tui::spawn(
            args,
            40,
            120,
            &[
                ("AWS_ACCESS_KEY_ID", Some("testing")),
                ("AWS_SECRET_ACCESS_KEY", Some("testing")),
                ("AWS_REGION", Some(&self.region)),
                ("AWS_ENDPOINT_URL", Some(&self.endpoint)),
                ("AWS_EC2_METADATA_DISABLED", Some("true")),
                ("AWS_CONFIG_FILE", Some("/nonexistent")),
                ("AWS_SHARED_CREDENTIALS_FILE", Some("/nonexistent")),
                ("AWS_PROFILE", None),
            ],
        )
    }

    /// Every rule of the region, all pages.
    fn rules(&self, filter: Option<Filter>) -> Vec<SecurityGroupRule> {
        self.runtime.block_on(async {
            let mut rules = Vec::new();
            let mut token = None;
            loop {
                let out = self
                    .client
                    .describe_security_group_rules()
                    .set_filters(filter.clone().map(|f| vec![f]))
                    .set_next_token(token)
                    .send()
                    .await
                    .expect("describe security group rules");
                rules.extend(out.security_group_rules().iter().cloned());
                token = out.next_token().map(str::to_string);
                if token.is_none() {
                    break;
                }
            }
            rules
        })
    }

    fn rule_ids(&self) -> BTreeSet<String> {
        self.rules(None)
            .iter()
            .map(|r| r.security_group_rule_id().expect("rule id").to_string())
            .collect()
    }

    /// The id of web's inbound rule tcp 22 from 0.0.0.0/0, found through the API.
    fn web_ssh_rule(&self) -> String {
        let web = Filter::builder()
            .name("group-id")
            .values(&self.web_id)
            .build();
        let matches: Vec<String> = self
            .rules(Some(web))
            .iter()
            .filter(|r| is_web_ssh(r))
            .map(|r| r.security_group_rule_id().unwrap().to_string())
            .collect();
        assert_eq!(matches.len(), 1, "web's tcp 22 from 0.0.0.0/0: {matches:?}");
        matches[0].clone()
    }

    fn web_has_ssh_rule(&self) -> bool {
        let web = Filter::builder()
            .name("group-id")
            .values(&self.web_id)
            .build();
        self.rules(Some(web)).iter().any(is_web_ssh)
    }
}

fn is_web_ssh(r: &SecurityGroupRule) -> bool {
    r.is_egress() == Some(false)
        && r.ip_protocol() == Some("tcp")
        && r.from_port() == Some(22)
        && r.to_port() == Some(22)
        && r.cidr_ipv4() == Some("0.0.0.0/0")
}

/// The names of the groups the groups pane (the top one) shows, top to bottom: the word after
/// each row's group id.
fn shown_groups(screen: &str) -> Vec<String> {
    screen
        .lines()
        .take_while(|l| !l.contains('└'))
        .filter_map(|l| {
            let mut words = l.split_whitespace().skip_while(|w| !w.starts_with("sg-"));
            words.next().and(words.next()).map(str::to_string)
        })
        .collect()
}

/// Loads, selects group `web`, focuses its inbound rules, moves to tcp 22 from 0.0.0.0/0 and
/// marks it. Returns the rule id shown in that row.
fn mark_web_ssh(tui: &mut Tui) -> String {
    tui.wait_for("Loaded ", LOAD);
    // The groups pane lists the fixture's groups and moto's default groups (one per VPC),
    // sorted by name: web is the last one.
    let screen = tui.screen();
    let names = shown_groups(&screen);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "groups not sorted:\n{}", framed(&screen));
    for name in ["app", "db", "default"] {
        assert!(
            names.contains(&name),
            "no group {name}:\n{}",
            framed(&screen)
        );
    }
    assert_eq!(
        names.last(),
        Some(&"web"),
        "web is not last:\n{}",
        framed(&screen)
    );

    tui.send("G");
    tui.wait_for("Inbound rules of web (5)", STEP);
    tui.send(ENTER);
    tui.wait_until("the inbound pane focused", STEP, |s| {
        let rows = highlighted(s, 120);
        rows.len() == 1 && rows[0].1.contains("sgr-")
    });

    // Which row of the inbound table is tcp 22 from 0.0.0.0/0?
    let screen = tui.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let title = lines
        .iter()
        .position(|l| l.contains("Inbound rules of web"))
        .expect("the inbound pane's title");
    assert!(
        lines[title + 1].contains("Rule ID"),
        "no header under the inbound title:\n{}",
        framed(&screen)
    );
    let first = title + 2;
    let target = (first..lines.len())
        .take_while(|&i| !lines[i].contains('└'))
        .find(|&i| lines[i].contains(" tcp 22 ") && lines[i].contains("0.0.0.0/0 (anywhere)"))
        .unwrap_or_else(|| panic!("no inbound tcp 22 from 0.0.0.0/0:\n{}", framed(&screen)));
    let selected = tui.highlighted_rows();
    assert_eq!(
        selected[0].0 as usize,
        first,
        "focus did not start on the first inbound rule:\n{}",
        framed(&screen)
    );
    tui.send(&"j".repeat(target - first));
    tui.wait_until("the cursor on tcp 22 from 0.0.0.0/0", STEP, |s| {
        let rows = highlighted(s, 120);
        rows.len() == 1 && rows[0].0 as usize == target
    });
    let row = &tui.highlighted_rows()[0].1;
    assert!(
        row.contains(" tcp 22 ") && row.contains("0.0.0.0/0"),
        "{row}"
    );
    let rule_id = row
        .split_whitespace()
        .find_map(|w| w.find("sgr-").map(|at| w[at..].to_string()))
        .unwrap_or_else(|| panic!("no rule id in {row:?}"));

    tui.send(SPACE);
    tui.wait_until("the mark on tcp 22 from 0.0.0.0/0", STEP, |s| {
        s.rows(0, 120)
            .nth(target)
            .is_some_and(|l| l.contains('●') && l.contains(&rule_id))
    });
    tui.wait_for("1 marked", STEP);
    rule_id
}

#[test]
fn revokes_exactly_the_marked_rule_against_moto() {
    let started = Instant::now();
    let region = Region::seeded();
    let before = region.rule_ids();
    let ssh = region.web_ssh_rule();
    assert!(before.contains(&ssh));

    let mut tui = region.sgtui(&[]);
    let marked = mark_web_ssh(&mut tui);
    assert_eq!(
        marked, ssh,
        "the row marked on screen is not the API's rule"
    );

    tui.send("d");
    tui.wait_for("Revoke preview", STEP);
    tui.wait_for("allowed (DryRunOperation)", LOAD);
    tui.wait_for("Revoke 1 rule(s) in 1 call(s)?", STEP);
    assert!(tui.screen().contains(&ssh), "{}", framed(&tui.screen()));
    tui.send("y");
    tui.wait_for("Revoke results", LOAD);
    tui.wait_for("REVOKED", STEP);
    let screen = tui.screen();
    let revoked: Vec<&str> = screen.lines().filter(|l| l.contains("REVOKED")).collect();
    assert_eq!(revoked.len(), 1, "{}", framed(&screen));
    assert!(revoked[0].contains(&ssh), "{}", framed(&screen));
    tui.send_esc();
    tui.wait_gone("Revoke results", STEP);
    tui.send("q");
    let status = tui.wait_exit(EXIT);
    assert!(status.success(), "sgtui exited with {status:?}");

    let journal = tui.journal_lines();
    assert_eq!(journal.len(), 2, "an intent and an outcome: {journal:?}");
    assert!(
        journal[0].contains(r#""kind":"intent""#) && journal[0].contains(&ssh),
        "{journal:?}"
    );
    assert!(
        journal[0].contains(r#""cidr_ipv4":"0.0.0.0/0""#),
        "{journal:?}"
    );
    assert!(
        journal[1].contains(r#""kind":"outcome""#) && journal[1].contains(r#""outcome":"revoked""#)
    );
    assert!(
        !journal.concat().contains("testing"),
        "credentials reached the journal"
    );

    let after = region.rule_ids();
    let mut expected = before.clone();
    expected.remove(&ssh);
    assert_eq!(after, expected, "not exactly the marked rule was revoked");
    assert!(
        !region.web_has_ssh_rule(),
        "web still allows tcp 22 from 0.0.0.0/0"
    );
    eprintln!(
        "revokes_exactly_the_marked_rule_against_moto: {:?}",
        started.elapsed()
    );
}

#[test]
fn preview_cancel_changes_nothing() {
    let started = Instant::now();
    let region = Region::seeded();
    let before = region.rule_ids();
    let ssh = region.web_ssh_rule();

    let mut tui = region.sgtui(&[]);
    assert_eq!(mark_web_ssh(&mut tui), ssh);
    tui.send("d");
    tui.wait_for("Revoke preview", STEP);
    tui.wait_for("allowed (DryRunOperation)", LOAD);
    tui.send("n");
    tui.wait_for("Revoke cancelled", STEP);
    tui.wait_gone("Revoke preview", STEP);
    tui.send("q");
    let status = tui.wait_exit(EXIT);
    assert!(status.success(), "sgtui exited with {status:?}");

    assert_eq!(region.rule_ids(), before, "cancelling changed the rules");
    assert!(
        tui.journal_lines().is_empty(),
        "a cancelled preview journals nothing"
    );
    assert!(region.web_has_ssh_rule());
    eprintln!("preview_cancel_changes_nothing: {:?}", started.elapsed());
}

#[test]
fn read_only_cannot_confirm() {
    let started = Instant::now();
    let region = Region::seeded();
    let before = region.rule_ids();
    let ssh = region.web_ssh_rule();

    let mut tui = region.sgtui(&["--read-only"]);
    assert_eq!(mark_web_ssh(&mut tui), ssh);
    tui.send("d");
    tui.wait_for("Revoke preview", STEP);
    tui.wait_for("READ-ONLY  dry run only", STEP);
    tui.wait_until("the dry-run verdict", LOAD, |s| {
        !s.contents().contains("dry run…")
    });
    tui.send("y");
    tui.wait_for("Read-only: nothing can be confirmed", STEP);
    let screen = tui.screen();
    assert!(
        !screen.contains("Revoking") && !screen.contains("Revoke results"),
        "{}",
        framed(&screen)
    );
    tui.send_esc();
    tui.wait_gone("Revoke preview", STEP);
    tui.send(CTRL_C);
    let status = tui.wait_exit(EXIT);
    assert!(status.success(), "sgtui exited with {status:?}");

    assert_eq!(
        region.rule_ids(),
        before,
        "read-only mode changed the rules"
    );
    assert!(tui.journal_lines().is_empty());
    assert!(region.web_has_ssh_rule());
    eprintln!("read_only_cannot_confirm: {:?}", started.elapsed());
}

#[test]
fn hostile_text_from_moto_stays_inert_in_a_real_terminal() {
    let region = Region::seeded();
    // What EC2's XML can carry: C1 controls, bidi and zero-width marks (C0 cannot travel).
    let text = "a\u{9b}b\u{9d}c\u{202e}d\u{200b}e";
    region.runtime.block_on(async {
        region
            .client
            .create_tags()
            .resources(&region.web_id)
            .tags(
                aws_sdk_ec2::types::Tag::builder()
                    .key("Name")
                    .value(text)
                    .build(),
            )
            .send()
            .await
            .expect("tag web")
    });
    let mut tui = region.sgtui(&[]);
    tui.wait_for("Loaded", LOAD);
    tui.send("G");
    tui.wait_for("web [a\\x9bb\\x9dc\\u{202e}d\\u{200b}e]", STEP);
    tui.send("q");
    let status = tui.wait_exit(EXIT);
    assert!(status.success(), "sgtui exited with {status:?}");
    let raw = tui.raw();
    assert!(
        find(&raw, b"\x1b]").is_empty(),
        "an OSC sequence reached the terminal"
    );
    for c in ['\u{9b}', '\u{9d}', '\u{202e}', '\u{200b}'] {
        let mut buf = [0; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        assert!(
            find(&raw, bytes).is_empty(),
            "U+{:04X} reached the terminal",
            c as u32
        );
    }
}

#[test]
fn without_a_terminal_it_says_so_instead_of_panicking() {
    let state = tempfile::tempdir().expect("a state folder");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sgtui"))
        .arg("--demo")
        .env("XDG_STATE_HOME", state.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("run sgtui");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("needs an interactive terminal"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_demo_journals_apart_from_the_real_journal() {
    let mut tui = Tui::spawn(&["--demo"], 30, 100, &[]);
    tui.wait_for("Loaded 43 groups", LOAD);
    // The first group's first inbound rule: mark, preview, confirm.
    tui.send(ENTER);
    tui.send(SPACE);
    tui.send("d");
    tui.wait_for("allowed (DryRunOperation)", STEP);
    tui.send("y");
    tui.wait_for("Revoke results", STEP);
    tui.send_esc();
    tui.send("q");
    assert!(tui.wait_exit(EXIT).success());
    let demo = tui.state_lines("demo-journal.jsonl");
    assert_eq!(demo.len(), 2, "{demo:?}");
    assert!(
        tui.journal_lines().is_empty(),
        "a demo batch reached the real journal"
    );
}

#[test]
fn a_snapshot_says_so_and_nothing_can_be_revoked() {
    let file = "tests/fixtures/snapshot/security-groups.json";
    let mut tui = Tui::spawn(&["--snapshot", file], 30, 200, &[]);
    tui.wait_for("Loaded 7 groups and 35 rules", LOAD);
    let screen = tui.screen();
    for said in [
        "SNAPSHOT",
        "READ-ONLY",
        "snapshot tests/fixtures/snapshot/security-groups.json",
        "read-only, nothing is sent to EC2",
        "who uses a group is unknown",
    ] {
        assert!(
            screen.contains(said),
            "{said:?} missing:\n{}",
            framed(&screen)
        );
    }
    tui.send(ENTER);
    tui.send(SPACE);
    tui.send("d");
    tui.wait_for("is read-only: nothing can be revoked or dry-run", STEP);
    tui.send("q");
    assert!(tui.wait_exit(EXIT).success());
    assert!(tui.journal_lines().is_empty());
    assert!(tui.state_lines("demo-journal.jsonl").is_empty());
}

/// The rules of the region that admit `addr` on tcp `port` inbound, as the API lists them:
/// computed here from EC2's own answer, independently of sgtui's matcher.
fn inbound_rules_admitting(
    region: &Region,
    addr: std::net::Ipv4Addr,
    port: i32,
) -> BTreeSet<String> {
    region
        .rules(None)
        .iter()
        .filter(|r| r.is_egress() == Some(false))
        .filter(|r| match r.ip_protocol() {
            Some("-1") => true,
            Some("tcp") => {
                let (from, to) = (r.from_port().unwrap_or(-1), r.to_port().unwrap_or(-1));
                from < 0 || (from <= port && port <= to)
            }
            _ => false,
        })
        .filter(|r| {
            r.cidr_ipv4()
                .and_then(|c| c.parse::<ipnet::Ipv4Net>().ok())
                .is_some_and(|net| net.contains(&addr))
        })
        .map(|r| r.security_group_rule_id().expect("rule id").to_string())
        .collect()
}

#[test]
fn a_filter_finds_who_lets_an_address_in_and_a_then_d_previews_exactly_those_rules() {
    let started = Instant::now();
    let region = Region::seeded();
    let expected = inbound_rules_admitting(&region, "10.1.3.7".parse().unwrap(), 443);
    assert_eq!(
        expected.len(),
        2,
        "app's 10.1.3.0/24 and web's 0.0.0.0/0: {expected:?}"
    );
    let before = region.rule_ids();

    let mut tui = region.sgtui(&[]);
    tui.wait_for("Loaded ", LOAD);
    tui.send("/");
    tui.send("ip:10.1.3.7 port:443 dir:in");
    tui.wait_for("Security groups (2 of", STEP);
    tui.send(ENTER);
    let screen = tui.screen();
    let groups: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("sg-") && l.contains("vpc-"))
        .collect();
    assert_eq!(groups.len(), 2, "{}", framed(&screen));
    assert!(
        groups[0].contains(" app ") && groups[1].contains(" web "),
        "{}",
        framed(&screen)
    );
    assert!(
        screen.contains("Security groups (2 of"),
        "{}",
        framed(&screen)
    );

    tui.send("A");
    tui.wait_for("Marked 2 rules matching the filter across 2 groups", STEP);
    tui.send("d");
    tui.wait_for("Revoke preview", STEP);
    tui.wait_for("2 calls naming 2 rules", STEP);
    let screen = tui.screen();
    // The preview's rule lines read `sgr-… tcp 443 from …`; the panes behind it are not read.
    let shown: BTreeSet<String> = screen
        .lines()
        .filter(|l| l.contains(" tcp 443 from "))
        .flat_map(|l| l.split_whitespace().filter(|w| w.starts_with("sgr-")))
        .map(str::to_string)
        .collect();
    assert_eq!(shown, expected, "{}", framed(&screen));
    tui.send("n");
    tui.wait_for("Revoke cancelled", STEP);
    tui.send("q");
    let status = tui.wait_exit(EXIT);
    assert!(status.success(), "sgtui exited with {status:?}");
    assert_eq!(region.rule_ids(), before, "nothing was revoked");
    eprintln!(
        "a_filter_finds_who_lets_an_address_in: {:?}",
        started.elapsed()
    );
}

/// The contract fixture and `e2e-signals.json`'s groups and interfaces: a bastion open to ssh
/// from anywhere, a cache whose rule from 10.1.0.0/16 a rule from 10.0.0.0/8 covers, a batch
/// group with no interface that the cache references, a legacy RDP group (open to ::/0 on 3389,
/// with a redundant vendor rule, no interface) and a retired group with nothing at all.
fn signals_account() -> sgtui::ec2::Account {
    let mut account = common::contract_account();
    let extra = sgtui::ec2::Account::from_json(include_str!("fixtures/e2e-signals.json"))
        .expect("the signals fixture parses");
    account.groups.extend(extra.groups);
    account.network_interfaces.extend(extra.network_interfaces);
    account
}

#[test]
fn signal_filters_show_exactly_the_risky_redundant_and_unused_groups_against_moto() {
    let started = Instant::now();
    let region = Region::seeded_with(&signals_account());
    let mut tui = region.sgtui(&[]);
    // The fixture's eight groups and moto's default group of each of its two VPCs.
    tui.wait_for("Loaded 10 groups", LOAD);
    // web lets ssh in from anywhere and holds no interface; app and db hold interfaces, batch
    // holds none but cache references it, and the default groups are never unused.
    for (filter, expected) in [
        ("risky", &["bastion", "legacy-rdp", "web"][..]),
        ("redundant", &["cache", "legacy-rdp"]),
        ("unused", &["legacy-rdp", "old-build", "web"]),
    ] {
        tui.send("/");
        tui.send(filter);
        tui.send(ENTER);
        tui.wait_for(&format!("filter \"{filter}\" (Esc clears)"), STEP);
        // The signals are computed in the background, unused only once the interfaces are in:
        // until then the list is shorter.
        let title = format!("Security groups ({} of 10)", expected.len());
        tui.wait_until(&format!("/{filter} showing {expected:?}"), LOAD, |s| {
            let screen = s.contents();
            screen.contains(&title) && shown_groups(&screen) == expected
        });
        // Settled: the same a moment later.
        std::thread::sleep(Duration::from_millis(300));
        let screen = tui.screen();
        assert_eq!(shown_groups(&screen), expected, "{}", framed(&screen));
        tui.send_esc();
        tui.wait_gone("(Esc clears)", STEP);
        tui.wait_for("Security groups (10)", STEP);
    }
    tui.send("q");
    let status = tui.wait_exit(EXIT);
    assert!(status.success(), "sgtui exited with {status:?}");
    eprintln!(
        "signal_filters_show_exactly_the_risky_redundant_and_unused_groups_against_moto: {:?}",
        started.elapsed()
    );
}
