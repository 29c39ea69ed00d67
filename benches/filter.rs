//! What one keystroke in the filter prompt costs with a fleet-sized account loaded (see
//! `fleet`): the filter is parsed, every group judged against it, and the selected group's rows
//! rebuilt. Run with `cargo bench --bench filter`. Each iteration is two keystrokes (the
//! filter's last character typed, then deleted), each a full re-filter: halve the time for one.

#[path = "fleet/mod.rs"]
mod fleet;

use divan::Bencher;
use sgtui::analysis::Matcher;
use sgtui::app::{Action, App, Command, update};

use fleet::loaded;

fn main() {
    divan::main();
}

#[divan::bench(args = ["ip:10.20.0.7 port:22", "ip:10.6.4.10 port:443", "ip:198.21.40.9", "port:5432 dir:in open", "ip:2001:db8:14::9 -proto:all", "service-42", "rule"])]
fn keystroke_pair(bencher: Bencher, filter: &str) {
    let mut app = loaded();
    update(&mut app, Action::Command(Command::OpenFilter));
    let (head, last) = filter.split_at(filter.len() - 1);
    for c in head.chars() {
        update(&mut app, Action::Input(c));
    }
    let last = last.chars().next().unwrap();
    update(&mut app, Action::Input(last));
    // Each filter finds something; the first finds it through an interface of a referenced
    // group.
    assert!(app.browse.matching_rules > 0, "{filter} matches nothing");
    if filter.starts_with("ip:10.6.4.10") {
        assert_eq!(
            through(&app),
            1,
            "{filter}: one rule references its interface's group"
        );
    }
    update(&mut app, Action::Command(Command::DeleteChar));
    bencher.bench_local(|| {
        update(&mut app, Action::Input(last));
        update(&mut app, Action::Command(Command::DeleteChar));
    });
}

/// How many rules of the whole inventory the applied filter matches through an interface or
/// a prefix-list entry.
fn through(app: &App) -> usize {
    let inventory = &app.session.inventory;
    let matcher = Matcher::new(&app.browse.applied, inventory.network());
    inventory
        .all_rules()
        .filter(|(g, r)| matcher.rule(g, r).is_some_and(|h| h.via.is_some()))
        .count()
}
