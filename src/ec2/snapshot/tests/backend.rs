//! The backend a snapshot is served by: what it holds, in one page; what it lacks said as
//! such; nothing ever sent.

use super::*;
use crate::ec2::collect_all;

#[tokio::test]
async fn describe_calls_answer_what_the_snapshot_holds() {
    let s = whole();
    let backend = SnapshotEc2::new(s.clone(), Some("eu-west-1".into()));
    let connection = backend.connect().await.unwrap();
    assert_eq!(connection.region.as_deref(), Some("eu-west-1"));
    assert_eq!(connection.account_id.as_deref(), Some("123456789012"));
    let groups = collect_all(|t| backend.describe_groups_page(t))
        .await
        .unwrap();
    assert_eq!(groups, s.groups);
    let rules = collect_all(|t| backend.describe_rules_page(t))
        .await
        .unwrap();
    assert_eq!(rules, s.rules);
    let interfaces = collect_all(|t| backend.describe_interfaces_page(t)).await;
    assert_eq!(interfaces.unwrap().len(), 4);
    let of_db = backend
        .describe_rules_of_groups(vec![DB.into()])
        .await
        .unwrap();
    assert_eq!(of_db.len(), 5);
    assert!(of_db.iter().all(|r| r.group_id == DB));
}

#[tokio::test]
async fn what_a_snapshot_lacks_is_said_as_not_in_the_snapshot() {
    let backend = SnapshotEc2::new(groups_only(), None);
    assert_eq!(backend.connect().await.unwrap().region, None);
    let gap = |e: ApiError| {
        assert_eq!(e.code, codes::NOT_IN_SNAPSHOT, "{e}");
        assert!(e.is_gap());
        e.message
    };
    let e = backend.describe_interfaces_page(None).await.unwrap_err();
    assert_eq!(
        gap(e),
        "the snapshot holds no DescribeNetworkInterfaces answer (give it with \
         --snapshot-interfaces)"
    );
    gap(backend
        .describe_prefix_lists(vec!["pl-1".into()])
        .await
        .unwrap_err());
    gap(backend
        .prefix_list_entries("pl-1".into())
        .await
        .unwrap_err());
    let stale = backend
        .describe_stale_groups_page("vpc-1".into(), None)
        .await;
    gap(stale.unwrap_err());
}

#[tokio::test]
async fn nothing_is_sent_not_even_a_dry_run() {
    let s = whole();
    let rule = s.rules[0].clone();
    let backend = SnapshotEc2::new(s, None);
    for dry_run in [true, false] {
        let request = RevokeRequest::by_ids(&rule.group_id, rule.direction, vec![rule.id.clone()]);
        let e = backend.revoke(request, dry_run).await.unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            (codes::NOT_SENT, SNAPSHOT_REFUSAL)
        );
        let request = AuthorizeRequest {
            group_id: rule.group_id.clone(),
            direction: rule.direction,
            protocol: rule.protocol,
            ports: rule.ports,
            peer: rule.peer.clone(),
            description: None,
            tags: Default::default(),
        };
        let e = backend.authorize(request, dry_run).await.unwrap_err();
        assert_eq!(e.code, codes::NOT_SENT);
    }
    let rules = collect_all(|t| backend.describe_rules_page(t))
        .await
        .unwrap();
    assert!(rules.iter().any(|r| r.id == rule.id), "still there");
}

#[test]
fn the_account_is_the_owner_only_when_every_group_has_the_same() {
    let mut s = groups_only();
    s.groups[1].owner_id = Some("999999999999".into());
    let backend = SnapshotEc2::new(s, None);
    let connection = futures::executor::block_on(backend.connect()).unwrap();
    assert_eq!(connection.account_id, None);
}
