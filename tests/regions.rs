//! Several regions on one moto server: each region's backend lists its own groups and sends
//! its revokes there; `export` and `audit` read several regions at once (`--region` repeated,
//! or `all`), name the region of every row and finding, and say a region that cannot be read
//! on its own while the others are written. Commands of one region refuse several.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Output;

use common::binary::{exits, sgtui, sgtui_with_moto_credentials, stderr};
use sgtui::ec2::{AwsEc2, Ec2, RevokeRequest, collect_all};
use sgtui::model::{Direction, Rule};

/// Two fresh regions, each seeded with the contract fixture; answers their names, backends and
/// the fixture's group ids as moto gave them in each.
async fn two_seeded_regions() -> [(String, AwsEc2, BTreeSet<String>); 2] {
    let server = common::moto::moto();
    let mut seeded = Vec::new();
    for _ in 0..2 {
        let region = server.fresh_region().to_string();
        let (backend, client) = common::moto_in(&region).await;
        let groups = common::seed(&client, &common::contract_account()).await;
        seeded.push((region, backend, groups.into_values().collect()));
    }
    seeded.try_into().map_err(|_| ()).unwrap()
}

async fn rules_of(backend: &AwsEc2) -> Vec<Rule> {
    collect_all(|token| backend.describe_rules_page(token))
        .await
        .unwrap()
}

async fn group_ids_of(backend: &AwsEc2) -> BTreeSet<String> {
    collect_all(|token| backend.describe_groups_page(token))
        .await
        .unwrap()
        .into_iter()
        .map(|g| g.id)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_region_lists_its_own_groups_and_a_revoke_goes_to_its_region() {
    let [(_, east, east_groups), (_, west, west_groups)] = two_seeded_regions().await;
    let (east_listed, west_listed) = (group_ids_of(&east).await, group_ids_of(&west).await);
    assert!(east_listed.is_superset(&east_groups));
    assert!(west_listed.is_superset(&west_groups));
    assert!(east_listed.is_disjoint(&west_listed), "no group is in both");

    // One inbound rule of a seeded group in each region, revoked through its own backend.
    let pick = |rules: &[Rule], groups: &BTreeSet<String>| {
        rules
            .iter()
            .find(|r| groups.contains(&r.group_id) && r.direction == Direction::Inbound)
            .unwrap()
            .clone()
    };
    let (east_before, west_before) = (rules_of(&east).await, rules_of(&west).await);
    let (east_rule, west_rule) = (
        pick(&east_before, &east_groups),
        pick(&west_before, &west_groups),
    );
    let by_id =
        |rule: &Rule| RevokeRequest::by_ids(&rule.group_id, rule.direction, vec![rule.id.clone()]);
    // Sent to the wrong region, it finds no such group and changes nothing anywhere.
    assert!(west.revoke(by_id(&east_rule), false).await.is_err());
    assert_eq!(rules_of(&east).await.len(), east_before.len());
    assert_eq!(rules_of(&west).await.len(), west_before.len());

    east.revoke(by_id(&east_rule), false).await.unwrap();
    let east_after = rules_of(&east).await;
    assert_eq!(east_after.len(), east_before.len() - 1);
    assert!(!east_after.iter().any(|r| r.id == east_rule.id));
    assert_eq!(
        rules_of(&west).await.len(),
        west_before.len(),
        "the other region is untouched"
    );

    west.revoke(by_id(&west_rule), false).await.unwrap();
    let west_after = rules_of(&west).await;
    assert!(!west_after.iter().any(|r| r.id == west_rule.id));
    assert_eq!(west_after.len(), west_before.len() - 1);
    assert_eq!(rules_of(&east).await.len(), east_after.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_region_that_cannot_be_reached_fails_on_its_own() {
    let [(region, backend, _), _] = two_seeded_regions().await;
    // moto knows no such region: it answers 500, as an unreachable endpoint fails.
    let (broken, _) = common::moto_in("xx-nowhere-9").await;
    let (good, bad) = futures::join!(
        collect_all(|token| backend.describe_groups_page(token)),
        collect_all(|token| broken.describe_groups_page(token)),
    );
    assert!(!good.unwrap().is_empty(), "{region} still lists its groups");
    assert!(bad.is_err());
}

/// `sgtui COMMAND --format FORMAT [--region R …] [MORE…]` against moto.
async fn on_regions(command: &str, format: &str, regions: &[&str], more: &[&str]) -> Output {
    let endpoint = common::moto::moto().endpoint.clone();
    let mut args = vec![command, "--format", format, "--endpoint-url", &endpoint];
    for region in regions {
        args.extend(["--region", region]);
    }
    args.extend(more);
    sgtui_with_moto_credentials(args.into_iter().map(String::from).collect()).await
}

/// NDJSON rows by region: each region's rule ids.
fn rule_ids_by_region(ndjson: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_region: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in ndjson.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        by_region
            .entry(row["region"].as_str().unwrap().to_string())
            .or_default()
            .insert(row["rule_id"].as_str().unwrap().to_string());
    }
    by_region
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_and_audit_read_several_regions_at_once() {
    let [(east, east_backend, _), (west, west_backend, _)] = two_seeded_regions().await;
    let ids = |rules: Vec<Rule>| rules.into_iter().map(|r| r.id).collect::<BTreeSet<_>>();
    let expected = BTreeMap::from([
        (east.clone(), ids(rules_of(&east_backend).await)),
        (west.clone(), ids(rules_of(&west_backend).await)),
    ]);
    for more in [&[][..], &["--sorted"]] {
        let out = on_regions("export", "ndjson", &[&format!("{east},{west}")], more).await;
        let text = exits(0, &out);
        assert_eq!(rule_ids_by_region(text), expected, "{more:?}");
        let err = stderr(&out);
        assert!(err.contains(&format!("sgtui: {east}: loaded ")), "{err}");
        assert!(err.contains(&format!("sgtui: {west}: loaded ")), "{err}");
    }

    // The findings of both regions, each placed in its region; the fixture's risky rule is
    // found twice.
    let out = on_regions("audit", "json", &[&east, &west], &[]).await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let regions: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["region"].as_str().unwrap())
        .collect();
    assert_eq!(regions, BTreeSet::from([east.as_str(), west.as_str()]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_region_that_cannot_be_read_is_said_and_the_others_are_written() {
    let [(east, east_backend, _), _] = two_seeded_regions().await;
    let expected: BTreeSet<String> = rules_of(&east_backend)
        .await
        .into_iter()
        .map(|r| r.id)
        .collect();
    for more in [&[][..], &["--sorted"]] {
        let out = on_regions("export", "ndjson", &[&east, "xx-nowhere-9"], more).await;
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let text = std::str::from_utf8(&out.stdout).unwrap();
        assert_eq!(
            rule_ids_by_region(text),
            BTreeMap::from([(east.clone(), expected.clone())])
        );
        let err = stderr(&out);
        assert!(
            err.contains("sgtui: xx-nowhere-9: could not list the security groups"),
            "{err}"
        );
        assert!(err.contains(&format!("sgtui: {east}: loaded ")), "{err}");
    }
    let out = on_regions("audit", "json", &[&east, "xx-nowhere-9"], &[]).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["region"] == east.as_str())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_is_every_region_describe_regions_lists_as_enabled() {
    let [(east, _, _), (west, _, _)] = two_seeded_regions().await;
    let out = on_regions("export", "ndjson", &["all"], &[]).await;
    let text = exits(0, &out);
    let regions = rule_ids_by_region(text);
    assert!(
        regions.contains_key(&east) && regions.contains_key(&west),
        "{:?}",
        regions.keys()
    );
    // moto lists regions that are not opted in (as EC2 does with AllRegions): they are left out.
    assert!(!regions.contains_key("ap-east-1"), "{:?}", regions.keys());
}

#[test]
fn commands_of_one_region_refuse_several_in_one_line() {
    for args in [
        &[
            "--snapshot",
            "x.json",
            "--region",
            "eu-west-1",
            "--region",
            "us-east-1",
        ][..],
        &["revoke", "--rule-id", "sgr-1", "--region", "all"],
        &["restore", "--region", "eu-west-1,us-east-1"],
        &["snapshot", "--out", "x", "--region", "all"],
        &["export", "--snapshot", "x.json", "--region", "a,b"],
    ] {
        let out = sgtui(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("sgtui: --region: "), "{err}");
        assert!(out.stdout.is_empty());
    }
}

/// A batch sent in two regions (the TUI, side by side) is journaled with each call's region and
/// EC2's plain ids; `sgtui restore` puts each rule back in its own region.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_puts_a_two_region_batch_back_region_by_region() {
    use sgtui::ec2::{Connection, Fleet};
    use sgtui::journal::{Entry, Intent, Journal};
    use sgtui::model::scope::scoped;
    use sgtui::revoke::RevokePlan;

    let [(east, east_backend, _), (west, west_backend, _)] = two_seeded_regions().await;
    let first_inbound = |rules: Vec<Rule>| {
        (rules.into_iter())
            .find(|r| r.direction == Direction::Inbound)
            .unwrap()
    };
    let east_rule = first_inbound(rules_of(&east_backend).await);
    let west_rule = first_inbound(rules_of(&west_backend).await);
    let fleet = Fleet::new(vec![
        (east.clone(), common::moto_in(&east).await.0),
        (west.clone(), common::moto_in(&west).await.0),
    ]);
    let mut scoped_rules = Vec::new();
    for (rule, region) in [(&east_rule, &east), (&west_rule, &west)] {
        let mut rule = rule.clone();
        rule.id = scoped(&rule.id, region);
        rule.group_id = scoped(&rule.group_id, region);
        scoped_rules.push(rule);
    }
    let plan = RevokePlan::by_rule_ids(&scoped_rules);
    for call in &plan.calls {
        fleet.revoke(call.request.clone(), false).await.unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let intent = Intent::of("t-1".into(), &Connection::default(), &plan, &[0, 1]);
    assert_eq!(intent.region, None);
    let regions: BTreeSet<String> = intent
        .calls
        .iter()
        .filter_map(|c| c.region.clone())
        .collect();
    assert_eq!(regions, BTreeSet::from([east.clone(), west.clone()]));
    for call in &intent.calls {
        let rule = if call.region.as_deref() == Some(east.as_str()) {
            &east_rule
        } else {
            &west_rule
        };
        assert_eq!(call.group_id, rule.group_id, "plain");
        assert_eq!(call.rules[0].rule_id, rule.id, "plain");
    }
    Journal::open(&path)
        .unwrap()
        .append(&Entry::Intent(intent))
        .unwrap();

    let endpoint = common::moto::moto().endpoint.clone();
    let journal = path.display().to_string();
    let args = [
        "restore",
        "--batch",
        "t-1",
        "--yes",
        "--journal",
        &journal,
        "--endpoint-url",
        &endpoint,
    ];
    let out = sgtui_with_moto_credentials(args.map(String::from).to_vec()).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        said.contains(&format!("regions {east}, {west}"))
            || said.contains(&format!("regions {west}, {east}")),
        "{said}"
    );
    for (backend, rule) in [(&east_backend, &east_rule), (&west_backend, &west_rule)] {
        let back = rules_of(backend).await.into_iter().any(|r| {
            r.group_id == rule.group_id
                && r.direction == rule.direction
                && r.peer == rule.peer
                && r.ports == rule.ports
        });
        assert!(back, "{} is back in its region", rule.id);
    }
}
