//! Strings from AWS are untrusted: names, descriptions and tags must render inert and visible,
//! and never reach the terminal as control sequences.

mod common;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::Tag;
use common::harness::Harness;
use insta::assert_snapshot;
use ratatui::{Terminal, backend::CrosstermBackend};
use sgtui::app::{App, Settings};
use sgtui::ec2::{Account, MemoryEc2, codes};
use sgtui::ui;

/// The bytes a real terminal would receive for one frame of the app.
fn terminal_bytes(app: &App, width: u16, height: u16) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let backend = CrosstermBackend::new(&mut bytes);
        let mut terminal = Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height)),
            },
        )
        .unwrap();
        terminal.draw(|f| ui::render(app, f)).unwrap();
    }
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// No control sequence from the data: no OSC (title), no C1 control, no bidi or zero-width mark.
fn assert_inert_bytes(bytes: &[u8]) {
    assert!(
        !contains(bytes, b"\x1b]"),
        "an OSC sequence reached the terminal"
    );
    assert!(!contains(bytes, b"\x07"), "a BEL reached the terminal");
    assert!(!contains(bytes, b"owned\x1b"), "data ran into an escape");
    for c in [
        '\u{9b}', '\u{9d}', '\u{9c}', '\u{202e}', '\u{200b}', '\u{2028}',
    ] {
        let mut buf = [0; 4];
        assert!(
            !contains(bytes, c.encode_utf8(&mut buf).as_bytes()),
            "U+{:04X} reached the terminal",
            c as u32
        );
    }
}

fn hostile_account() -> Account {
    let mut account = common::contract_account();
    let web = &mut account.groups[0];
    assert_eq!(web.name, "web");
    web.tags
        .insert("Name".into(), "\u{1b}]0;owned\u{7}\u{1b}[2J".into());
    web.description = "\u{1b}[2Jcleared \u{9b}31mred\u{202e}gnp.exe".into();
    web.inbound[0].description = Some("line\r\nbreak\ttab\u{200b}zero\u{2028}sep".into());
    account
}

#[tokio::test]
async fn hostile_text_from_the_in_memory_backend_renders_inert() {
    let settings = Settings {
        demo: true,
        ..Settings::default()
    };
    let mut h = Harness::start(MemoryEc2::new(hostile_account()).unwrap(), settings).await;
    h.keys("G<Enter>").await;
    let screen = h.screen(240, 30);
    assert!(screen.contains("[\\x1b]0;owned\\x07\\x1b[2J]"), "{screen}");
    assert!(
        screen.contains("\\x1b[2Jcleared \\x9b31mred\\u{202e}gnp.exe"),
        "{screen}"
    );
    assert!(
        screen.contains("line\\r\\nbreak\\ttab\\u{200b}zero\\u{2028}sep"),
        "{screen}"
    );
    assert_snapshot!(screen);
    assert_inert_bytes(&terminal_bytes(&h.app, 240, 30));
}

/// A moto region with the fixture, and `web`'s tags and description set to `text`.
async fn moto_region_with(text: &str) -> (sgtui::ec2::AwsEc2, Client, String) {
    let account = common::contract_account();
    let (backend, client) = common::moto_backend(&account).await;
    let groups = client.describe_security_groups().send().await.unwrap();
    let web = groups
        .security_groups()
        .iter()
        .find(|g| g.group_name() == Some("web"))
        .and_then(|g| g.group_id())
        .unwrap()
        .to_string();
    client
        .create_tags()
        .resources(&web)
        .tags(Tag::builder().key("Name").value(text).build())
        .tags(Tag::builder().key("owner").value(text).build())
        .send()
        .await
        .unwrap();
    (backend, client, web)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_through_moto_renders_inert() {
    // EC2 answers in XML, which cannot carry C0 controls, but can carry all of these.
    let text = "evil\u{9b}2J\u{9d}0;owned\u{9c} cr\rlf\ntab\t rlo\u{202e}txt.exe zw\u{200b}x";
    let (backend, _client, _) = moto_region_with(text).await;
    let mut h = Harness::start(backend, Settings::default()).await;
    h.wait_until("the first load", |app| !app.session.load.is_running())
        .await;
    h.keys("G").await;
    assert_eq!(h.app.selected_group().map(|g| g.name.as_str()), Some("web"));
    let screen = h.screen(300, 30);
    for shown in [
        "\\x9b2J",
        "\\x9d0;owned\\x9c",
        "\\ntab\\t",
        "rlo\\u{202e}txt.exe",
        "zw\\u{200b}x",
    ] {
        assert!(screen.contains(shown), "{shown} not shown in:\n{screen}");
    }
    // XML turns a raw CR into LF; either way the line break is shown, not performed.
    assert!(
        screen.contains("cr\\nlf") || screen.contains("cr\\rlf"),
        "{screen}"
    );
    assert_inert_bytes(&terminal_bytes(&h.app, 300, 30));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_cannot_be_parsed_is_a_clear_load_error() {
    // moto writes a raw ESC into its XML, which no XML parser accepts.
    let (backend, _client, _) = moto_region_with("\u{1b}[2J").await;
    let mut h = Harness::start(backend, Settings::default()).await;
    h.wait_until("the first load", |app| !app.session.load.is_running())
        .await;
    let message = h
        .app
        .session
        .message
        .as_ref()
        .expect("a message")
        .text
        .clone();
    let region = h.app.session.connection.region.clone().expect("a region");
    assert!(message.contains("DescribeSecurityGroups"), "{message}");
    assert!(message.contains(&region), "{message}");
    assert!(message.contains(codes::UNREADABLE), "{message}");
    assert!(h.app.session.inventory.groups().is_empty());
    let screen = h.screen(120, 24);
    assert!(
        screen.contains("Could not load security groups"),
        "{screen}"
    );
}
