//! A fleet of two in-memory regions holding the same account, so that every id is in both:
//! what keeps them apart is the region each is scoped to.

use std::collections::BTreeSet;

use futures::StreamExt;

use super::Fleet;
use crate::ec2::{Account, DeniedCall, Ec2, MemoryEc2, Page, RevokeRequest, codes};
use crate::model::scope::{plain, region_of, scoped};
use crate::model::{Direction, Rule};

fn region(account: Account) -> MemoryEc2 {
    MemoryEc2::new(account).unwrap().with_page_size(3)
}

fn two_regions(second: Account) -> Fleet<MemoryEc2> {
    Fleet::new(vec![
        ("eu-west-1".into(), region(Account::demo())),
        ("us-east-1".into(), region(second)),
    ])
}

async fn all_rules(fleet: &Fleet<MemoryEc2>) -> Vec<Result<Page<Rule>, crate::ec2::ApiError>> {
    fleet.rules_pages().collect().await
}

#[tokio::test]
async fn each_regions_rules_are_listed_once_scoped_to_it_and_the_last_page_says_so() {
    let fleet = two_regions(Account::demo());
    let one = MemoryEc2::new(Account::demo()).unwrap().rules();
    let pages = all_rules(&fleet).await;
    let (last, before) = pages.split_last().unwrap();
    assert_eq!(last.as_ref().unwrap().next_token, None);
    assert!(
        before
            .iter()
            .all(|p| p.as_ref().unwrap().next_token.is_some())
    );
    let rules: Vec<Rule> = (pages.into_iter()).flat_map(|p| p.unwrap().items).collect();
    let keys: BTreeSet<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(rules.len(), 2 * one.len());
    assert_eq!(
        keys.len(),
        rules.len(),
        "the same id in two regions is two keys"
    );
    for rule in &one {
        for region in ["eu-west-1", "us-east-1"] {
            let key = scoped(&rule.id, region);
            let found = rules
                .iter()
                .find(|r| r.id == key)
                .expect("each region's copy");
            assert_eq!(found.group_id, scoped(&rule.group_id, region));
            assert_eq!(plain(&found.id), rule.id);
        }
    }
    // Walked page by page, region after region, the same.
    let walked = crate::ec2::collect_all(|t| fleet.describe_rules_page(t))
        .await
        .unwrap();
    let walked: BTreeSet<&str> = walked
        .iter()
        .map(|r| r.id.as_str())
        .collect::<BTreeSet<_>>();
    assert_eq!(walked.len(), keys.len());
}

#[tokio::test]
async fn a_revoke_goes_plain_to_the_region_its_group_is_scoped_to() {
    let fleet = two_regions(Account::demo());
    let rules: Vec<Rule> = (all_rules(&fleet).await.into_iter())
        .flat_map(|p| p.unwrap().items)
        .collect();
    let target = (rules.iter())
        .find(|r| region_of(&r.id) == Some("us-east-1") && r.direction == Direction::Inbound)
        .unwrap();
    let twin = scoped(plain(&target.id), "eu-west-1");
    let request = RevokeRequest::by_ids(
        target.group_id.clone(),
        target.direction,
        vec![target.id.clone()],
    );
    let answer = fleet.revoke(request, false).await.unwrap();
    assert!(answer.returned);
    assert_eq!(
        answer.revoked_rule_ids,
        Some(vec![target.id.clone()]),
        "scoped back"
    );
    let group = plain(&target.group_id);
    let after = fleet
        .describe_rules_of_groups(vec![scoped(group, "eu-west-1"), scoped(group, "us-east-1")])
        .await
        .unwrap();
    assert!(after.iter().all(|r| r.id != target.id), "gone in us-east-1");
    assert!(after.iter().any(|r| r.id == twin), "kept in eu-west-1");
    // An id scoped to no region of the fleet is sent nowhere.
    let stray = RevokeRequest::by_ids("sg-1@ap-south-1", Direction::Inbound, vec!["x".into()]);
    let refused = fleet.revoke(stray, false).await.unwrap_err();
    assert_eq!(refused.code, codes::NOT_SENT);
}

#[tokio::test]
async fn a_region_that_cannot_list_is_said_of_it_and_the_other_lists_whole() {
    let mut denied = Account::demo();
    denied.denied.push(DeniedCall {
        action: "DescribeSecurityGroupRules".into(),
        group_id: None,
        prefix_list_id: None,
    });
    let fleet = two_regions(denied);
    let pages = all_rules(&fleet).await;
    let errors: Vec<_> = pages.iter().filter_map(|p| p.as_ref().err()).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].region.as_deref(), Some("us-east-1"));
    assert_eq!(errors[0].code, codes::UNAUTHORIZED);
    assert!(errors[0].to_string().starts_with("us-east-1: "));
    let listed: Vec<Rule> = (pages.into_iter().flatten())
        .flat_map(|p| p.items)
        .collect();
    assert_eq!(
        listed.len(),
        MemoryEc2::new(Account::demo()).unwrap().rules().len()
    );
    assert!(listed.iter().all(|r| region_of(&r.id) == Some("eu-west-1")));
    assert_eq!(pages_end(&fleet).await, None);
}

/// The last page of the merged groups listing: it ends even when a region failed.
async fn pages_end(fleet: &Fleet<MemoryEc2>) -> Option<String> {
    let pages: Vec<_> = fleet.groups_pages().collect().await;
    pages.last().unwrap().as_ref().unwrap().next_token.clone()
}
