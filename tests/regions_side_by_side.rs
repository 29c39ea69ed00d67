//! Several regions side by side in the TUI, through the real runner: each group row names its
//! region, marks are kept apart by region although the ids are the same, the preview lists the
//! calls region by region, each call goes to its own region, the journal names each call's
//! region with EC2's plain ids, and a region that cannot be read is said on its own.

mod common;

use common::harness::Harness;
use insta::assert_snapshot;
use sgtui::app::{Mode, Settings};
use sgtui::ec2::{Connection, Ec2, Fleet, MemoryEc2};
use sgtui::journal::Entry;
use sgtui::model::scope::{plain, region_of, scoped};
use sgtui::revoke::Outcome;

const EU: &str = "eu-west-1";
const US: &str = "us-east-1";

fn side_by_side(regions: &[&str]) -> Settings {
    Settings {
        regions: regions.iter().map(|r| r.to_string()).collect(),
        connection: Connection {
            region: Some(regions.join(", ")),
            ..Connection::default()
        },
        ..Settings::default()
    }
}

/// The contract account in two regions: every id is in both.
async fn two_regions() -> Harness<Fleet<MemoryEc2>> {
    let region = || MemoryEc2::new(common::contract_account()).unwrap();
    let fleet = Fleet::new(vec![(EU.into(), region()), (US.into(), region())]);
    let mut h = Harness::start(fleet, side_by_side(&[EU, US])).await;
    h.wait_until("both regions loaded", |app| !app.session.load.is_running())
        .await;
    h
}

#[tokio::test]
async fn two_regions_browse_side_by_side_and_each_rule_is_revoked_in_its_own() {
    let mut h = two_regions().await;
    let groups = h.app.session.inventory.groups();
    assert!(!groups.is_empty());
    for region in [EU, US] {
        let in_region = groups.iter().filter(|g| region_of(&g.id) == Some(region));
        assert_eq!(in_region.count(), groups.len() / 2, "{region}");
    }
    assert_snapshot!("two_region_browse", h.screen(140, 24));

    // The first inbound rule of `app` in each region: the same id, two marks.
    h.keys("<Enter><Space><BackTab>j<Enter><Space>").await;
    let marks: Vec<String> = h.app.session.marks.iter().cloned().collect();
    assert_eq!(marks.len(), 2);
    assert_eq!(plain(&marks[0]), plain(&marks[1]));
    assert_eq!(region_of(&marks[0]), Some(EU));
    assert_eq!(region_of(&marks[1]), Some(US));

    h.keys("d").await;
    h.wait_for_verdicts().await;
    let Mode::Preview(preview) = &h.app.mode else {
        panic!("the preview is open: {:?}", h.app.mode.kind());
    };
    assert_eq!(preview.plan.calls.len(), 2, "one call per region's group");
    assert_snapshot!("two_region_preview", h.screen(120, 24));

    h.keys("y").await;
    h.wait_for_results().await;
    let rule = plain(&marks[0]).to_string();
    let group = plain(&h.app.session.inventory.groups()[0].id).to_string();
    let left = h
        .backend
        .describe_rules_of_groups(vec![scoped(&group, EU), scoped(&group, US)])
        .await
        .unwrap();
    assert!(left.iter().all(|r| plain(&r.id) != rule), "gone in both");

    // The journal: one call per region, each naming it, with EC2's ids.
    let entries = h.journal_entries(2).await;
    let Entry::Intent(intent) = &entries[0] else {
        panic!("the intent first: {entries:?}")
    };
    assert_eq!(intent.region, None, "the calls say theirs");
    let regions: Vec<_> = intent.calls.iter().map(|c| c.region.as_deref()).collect();
    assert_eq!(regions, [Some(EU), Some(US)]);
    for call in &intent.calls {
        assert_eq!(call.group_id, group);
        assert_eq!(call.rules[0].rule_id, rule);
        assert_eq!(call.rules[0].group_id, group);
    }
}

#[tokio::test]
async fn undo_of_a_two_region_batch_puts_each_rule_back_in_its_region() {
    let mut h = two_regions().await;
    let before = h.app.session.inventory.rule_count();
    h.keys("<Enter><Space><BackTab>j<Enter><Space>d").await;
    h.wait_for_verdicts().await;
    h.keys("y").await;
    h.wait_for_results().await;
    h.keys("<Esc>").await;
    h.wait_until("refreshed", |app| !app.session.load.is_running())
        .await;
    assert_eq!(h.app.session.inventory.rule_count(), before - 2);

    h.keys("h").await;
    h.wait_until("the history", |app| matches!(&app.mode, Mode::History(_)))
        .await;
    h.keys("u").await;
    h.wait_until("the undo's dry runs", |app| {
        matches!(&app.mode, Mode::Restore(_)) && !app.waits_on_io()
    })
    .await;
    h.keys("y").await;
    h.wait_until("restored", |app| !app.waits_on_io()).await;
    h.keys("<Esc>").await;
    h.wait_until("refreshed", |app| !app.session.load.is_running())
        .await;
    let inventory = &h.app.session.inventory;
    assert_eq!(inventory.rule_count(), before, "both rules are back");
    for region in [EU, US] {
        let count = (inventory.all_rules())
            .filter(|(_, r)| region_of(&r.id) == Some(region))
            .count();
        assert_eq!(count, before / 2, "{region}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_moto_two_regions_load_side_by_side_and_a_failed_one_is_said_on_its_own() {
    let server = common::moto::moto();
    let (first, second) = (server.fresh_region(), server.fresh_region());
    let mut members = Vec::new();
    for region in [first, second] {
        let (backend, client) = common::moto_in(region).await;
        common::seed(&client, &common::contract_account()).await;
        members.push((region.to_string(), backend));
    }
    // moto knows no such region: it answers 500, as an unreachable endpoint fails.
    let (broken, _) = common::moto_in("xx-nowhere-9").await;
    members.push(("xx-nowhere-9".into(), broken));
    let mut h = Harness::start(
        Fleet::new(members),
        side_by_side(&[first, second, "xx-nowhere-9"]),
    )
    .await;
    h.wait_until("the regions loaded", |app| !app.session.load.is_running())
        .await;
    let session = &h.app.session;
    assert_eq!(
        session.load.failed_regions.keys().collect::<Vec<_>>(),
        ["xx-nowhere-9"]
    );
    for region in [first, second] {
        let groups = (session.inventory.groups().iter())
            .filter(|g| region_of(&g.id) == Some(region))
            .count();
        assert!(groups >= 5, "{region}: {groups} groups");
    }
    let screen = h.screen(200, 24);
    assert!(screen.contains("xx-nowhere-9 (not loaded)"), "{screen}");
    assert!(screen.contains("Not loaded: xx-nowhere-9"), "{screen}");

    // A rule of each region revoked: each goes to its own region.
    h.keys("<Enter><Space><BackTab>j<Enter><Space>d").await;
    h.wait_for_verdicts().await;
    h.keys("y").await;
    h.wait_for_results().await;
    let marked: Vec<String> = match &h.app.mode {
        Mode::Results(results) => (results.outcomes.iter())
            .inspect(|o| assert_eq!(o.outcome, Outcome::Revoked, "{o:?}"))
            .map(|o| o.subject.rule().unwrap().id.clone())
            .collect(),
        other => panic!("the results: {:?}", other.kind()),
    };
    assert_eq!(marked.len(), 2);
    for key in &marked {
        let region = region_of(key).unwrap();
        let (backend, _) = common::moto_in(region).await;
        let rules = sgtui::ec2::collect_all(|t| backend.describe_rules_page(t))
            .await
            .unwrap();
        assert!(rules.iter().all(|r| r.id != plain(key)), "{key} is gone");
    }
}

/// The same rule id revoked in one region and failed in the other: each outcome is journaled
/// with its region, so undo puts back only the one that went.
#[test]
fn undo_tells_apart_the_same_id_in_two_regions_by_their_outcomes() {
    use sgtui::ec2::ApiError;
    use sgtui::journal::{BatchOutcome, Intent};
    use sgtui::model::{Direction, Peer, PortRange, Protocol, Rule};
    use sgtui::revoke::{RevokePlan, RuleOutcome, Subject};

    let rule_in = |region: &str| Rule {
        id: scoped("sgr-1", region),
        group_id: scoped("sg-1", region),
        direction: Direction::Inbound,
        protocol: Protocol::Tcp,
        ports: PortRange::new(22, 22),
        peer: Peer::Ipv4("0.0.0.0/0".parse().unwrap()),
        description: None,
        tags: Default::default(),
    };
    let rules = [rule_in(EU), rule_in(US)];
    let plan = RevokePlan::by_rule_ids(&rules);
    let intent = Intent::of("t-1".into(), &Connection::default(), &plan, &[0, 1]);
    let outcome = |call: usize, outcome| RuleOutcome {
        subject: Subject::Rule(rules[call].clone()),
        listed: None,
        call,
        outcome,
    };
    let denied = ApiError::new("UnauthorizedOperation", "denied");
    let outcomes = [
        outcome(0, Outcome::Revoked),
        outcome(1, Outcome::Failed(denied)),
    ];
    let entries = [
        Entry::Intent(intent),
        Entry::Outcome(BatchOutcome::of("t-1".into(), &outcomes)),
    ];
    let restore = sgtui::restore::plan(&entries, Some("t-1")).unwrap();
    let back: Vec<_> = (restore.items.iter())
        .map(|i| (i.original_id.as_str(), i.region.as_deref()))
        .collect();
    assert_eq!(back, [("sgr-1", Some(EU))]);
    assert_eq!(restore.skipped.len(), 1, "{:?}", restore.skipped);
}
