//! What a key costs with a fleet-sized account loaded and judged (see `fleet`): the update it
//! causes and the frame drawn after it, as the event loop does. Run with
//! `cargo bench --bench keys`.
//!
//! - `frame`: drawing one frame of the browse screen, at a small and a large terminal.
//! - `key_and_frame`: a key and the frame after it. Each iteration is a pair of keys that undo
//!   each other (down then up, tab then back, a character typed then deleted), each followed
//!   by a frame: halve the time for one key.

#[path = "fleet/mod.rs"]
mod fleet;

use divan::Bencher;
use ratatui::{Terminal, backend::TestBackend};
use sgtui::app::{Action, App, Command, update};
use sgtui::ui;

fn main() {
    divan::main();
}

fn terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(width, height)).expect("a test terminal")
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| ui::render(app, frame))
        .expect("drawing never fails on a test terminal");
}

/// The app with the cursor in the middle of the groups, so that moving shows new rows.
fn in_the_middle() -> App {
    let mut app = fleet::judged();
    for _ in 0..25 {
        update(&mut app, Action::Command(Command::PageDown));
    }
    app
}

#[divan::bench(args = [(80, 24), (200, 60)])]
fn frame(bencher: Bencher, (width, height): (u16, u16)) {
    let app = in_the_middle();
    let mut terminal = terminal(width, height);
    draw(&mut terminal, &app);
    let screen = terminal.backend().to_string();
    assert!(screen.contains("service-"), "{screen}");
    bencher.bench_local(|| draw(&mut terminal, &app));
}

/// Keys as pairs: the key measured, and the one that undoes it.
const PAIRS: [(&str, Command, Command); 4] = [
    ("down/up a group", Command::Down, Command::Up),
    ("page down/up", Command::PageDown, Command::PageUp),
    (
        "to the rules and back",
        Command::NextPane,
        Command::PrevPane,
    ),
    ("last/first group", Command::Last, Command::First),
];

#[divan::bench(args = [0, 1, 2, 3])]
fn key_and_frame(bencher: Bencher, pair: usize) {
    let (name, key, undo) = PAIRS[pair];
    let mut app = in_the_middle();
    let mut terminal = terminal(200, 60);
    let before = app.browse.clone();
    update(&mut app, Action::Command(key));
    draw(&mut terminal, &app);
    assert_ne!(
        format!("{:?}", app.browse),
        format!("{before:?}"),
        "{name} changes the view"
    );
    update(&mut app, Action::Command(undo));
    bencher.bench_local(|| {
        update(&mut app, Action::Command(key));
        draw(&mut terminal, &app);
        update(&mut app, Action::Command(undo));
        draw(&mut terminal, &app);
    });
}

/// A character typed into the filter prompt and deleted, each refiltering all 160,000 rules
/// and drawing the frame after it.
#[divan::bench(args = ["service-42", "ip:10.6.4.10 port:443"])]
fn filter_key_and_frame(bencher: Bencher, filter: &str) {
    let mut app = in_the_middle();
    let mut terminal = terminal(200, 60);
    update(&mut app, Action::Command(Command::OpenFilter));
    for c in filter.chars() {
        update(&mut app, Action::Input(c));
    }
    assert!(app.browse.matching_rules > 0, "{filter} matches nothing");
    let last = filter.chars().last().expect("a filter");
    update(&mut app, Action::Command(Command::DeleteChar));
    bencher.bench_local(|| {
        update(&mut app, Action::Input(last));
        draw(&mut terminal, &app);
        update(&mut app, Action::Command(Command::DeleteChar));
        draw(&mut terminal, &app);
    });
}
