//! The picker (`p`) of profiles and regions: its screen, and switching regions of one moto
//! server through the real runner: the other region's groups load in place, and each region's
//! marks are kept for its return.

mod common;

use std::collections::BTreeSet;

use common::harness::Harness;
use insta::assert_snapshot;
use sgtui::app::{Choices, Settings};
use sgtui::ec2::{AwsEc2, MemoryEc2, ProfileChoice};

fn choices(regions: &[&str]) -> Choices {
    Choices {
        profiles: vec![
            ProfileChoice {
                name: "audit".into(),
                region: Some("us-east-1".into()),
            },
            ProfileChoice {
                name: "default".into(),
                region: Some("eu-west-1".into()),
            },
        ],
        regions: regions.iter().map(|r| r.to_string()).collect(),
    }
}

#[tokio::test]
async fn the_picker_lists_profiles_and_regions_and_the_marks_kept() {
    let backend = MemoryEc2::new(common::contract_account()).unwrap();
    let settings = Settings {
        targets: Some(choices(&["eu-west-1", "us-east-1", "us-west-2"])),
        ..Settings::default()
    };
    let mut h = Harness::start(backend, settings).await;
    h.app.session.connection.region = Some("eu-west-1".into());
    let kept = BTreeSet::from(["sgr-1".to_string(), "sgr-2".to_string()]);
    h.app
        .session
        .kept_marks
        .insert("audit/us-east-1".into(), kept);
    h.keys("p").await;
    assert_snapshot!(h.screen(100, 24));
    // `k`: the profile `audit`, whose region (us-east-1) the regions' cursor follows; then
    // Tab, to the regions, and `j`: the next one.
    h.keys("k<Tab>j").await;
    assert_snapshot!("picker_on_a_region", h.screen(100, 24));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn picking_another_region_loads_it_in_place_and_keeps_each_regions_marks() {
    let server = common::moto::moto();
    let (first, second) = (server.fresh_region(), server.fresh_region());
    let (backend, client) = common::moto_in(first).await;
    let first_groups = common::seed(&client, &common::contract_account()).await;
    let (_, client) = common::moto_in(second).await;
    let second_groups = common::seed(&client, &common::contract_account()).await;
    let ids = |groups: &std::collections::HashMap<String, String>| -> BTreeSet<String> {
        groups.values().cloned().collect()
    };
    let shown = |h: &Harness<AwsEc2>| -> BTreeSet<String> {
        h.app
            .session
            .inventory
            .groups()
            .iter()
            .map(|g| g.id.clone())
            .collect()
    };
    let settings = Settings {
        targets: Some(Choices {
            profiles: Vec::new(),
            regions: vec![first.to_string(), second.to_string()],
        }),
        ..Settings::default()
    };
    let mut h = Harness::start(backend, settings).await;
    assert!(shown(&h).is_superset(&ids(&first_groups)));
    assert!(shown(&h).is_disjoint(&ids(&second_groups)));
    // A rule of the first region marked.
    h.keys("<Enter><Space>").await;
    let first_marks = h.app.session.marks.clone();
    assert_eq!(first_marks.len(), 1);

    // The regions list, one down: the second region.
    h.keys("p<Tab>j<Enter>").await;
    h.wait_until("the second region loaded", |app| {
        !app.session.load.is_running() && !app.session.inventory.is_empty()
    })
    .await;
    assert_eq!(h.app.session.connection.region.as_deref(), Some(second));
    assert!(shown(&h).is_superset(&ids(&second_groups)));
    assert!(shown(&h).is_disjoint(&ids(&first_groups)));
    assert!(h.app.session.marks.is_empty());
    assert_eq!(
        h.app.session.kept_marks[&format!("default/{first}")].len(),
        1
    );
    assert!(h.screen(160, 30).contains("kept in 1 other target(s)"));

    // Back: the first region's groups, and its mark.
    h.keys("p<Tab>k<Enter>").await;
    h.wait_until("the first region loaded again", |app| {
        !app.session.load.is_running() && !app.session.inventory.is_empty()
    })
    .await;
    assert!(shown(&h).is_superset(&ids(&first_groups)));
    assert_eq!(h.app.session.marks, first_marks);
    assert!(h.app.session.kept_marks.is_empty());
}
