//! What judging a fleet-sized account (see `fleet`) costs: every audit signal of 10,000 groups
//! and 160,000 rules, with 20,000 network interfaces. The app does this on a blocking task, off
//! the key path, after each load. Run with `cargo bench --bench signals`.

#[path = "fleet/mod.rs"]
mod fleet;

use sgtui::analysis::{Judged, Policy, Signals};

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 30)]
fn every_signal(bencher: divan::Bencher) {
    let app = fleet::loaded();
    let inventory = &app.session.inventory;
    let policy = Policy::default();
    let judged = Judged {
        policy: &policy,
        interfaces_known: true,
        stale: &|_| false,
    };
    // The fleet holds every signal: world-open ssh, all traffic, redundant rules.
    let totals = Signals::compute(inventory, &judged).totals();
    assert!(totals.risky > 0 && totals.redundant > 0, "{totals:?}");
    bencher.bench_local(|| Signals::compute(inventory, &judged));
}
