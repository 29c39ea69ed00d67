//! The in-memory backend's own cases: pages, prefix lists, IAM denials, a bad account.

use super::*;
use crate::ec2::collect_all;

/// Two groups, three interfaces, one prefix list; IAM denies what `denied` says.
fn backend(denied: &str) -> MemoryEc2 {
    let json = format!(
        r#"{{"account_id": "123456789012", "region": "eu-west-1",
            "groups": [{{"id": "sg-1", "name": "web", "description": "web"}},
                       {{"id": "sg-2", "name": "db", "description": "db"}}],
            "network_interfaces": [
                {{"id": "eni-1", "groups": ["sg-1"], "private_ips": ["10.0.0.1"]}},
                {{"id": "eni-2", "groups": ["sg-1", "sg-2"], "private_ips": ["10.0.0.2"]}},
                {{"id": "eni-3", "type": "nat_gateway", "private_ips": ["10.0.0.3"]}}],
            "prefix_lists": [{{"id": "pl-1", "name": "office",
                               "entries": [{{"cidr": "198.51.100.0/24"}}]}}],
            "denied": [{denied}]}}"#
    );
    MemoryEc2::new(Account::from_json(&json).expect("valid JSON"))
        .expect("a valid account")
        .with_page_size(2)
}

fn is_unauthorized<T: std::fmt::Debug>(result: Result<T, ApiError>) -> bool {
    result.is_err_and(|e| e.code == codes::UNAUTHORIZED)
}

#[tokio::test]
async fn interfaces_come_in_pages_of_the_page_size() {
    let b = backend("");
    let first = b.describe_interfaces_page(None).await.unwrap();
    assert_eq!(first.items.len(), 2);
    let second = b.describe_interfaces_page(first.next_token).await.unwrap();
    let ids: Vec<&str> = second.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!((ids, second.next_token), (vec!["eni-3"], None));
    let all = collect_all(|t| b.describe_interfaces_page(t))
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].interface_type, "nat_gateway");
    assert!(all[2].group_ids.is_empty());
}

#[tokio::test]
async fn prefix_lists_are_described_by_id_and_an_unknown_one_has_no_entries() {
    let b = backend("");
    let lists = b
        .describe_prefix_lists(vec!["pl-9".into(), "pl-1".into()])
        .await
        .unwrap();
    assert_eq!(lists.len(), 1);
    assert_eq!(lists[0].owner_id.as_deref(), Some("123456789012"));
    let entries = b.prefix_list_entries("pl-1".into()).await.unwrap();
    assert_eq!(entries[0].cidr.to_string(), "198.51.100.0/24");
    let err = b.prefix_list_entries("pl-9".into()).await.unwrap_err();
    assert_eq!(err.code, codes::PREFIX_LIST_NOT_FOUND);
    assert_eq!(err.message, "The prefix list ID 'pl-9' does not exist");
}

#[tokio::test]
async fn iam_can_deny_the_reads() {
    let b = backend(
        r#"{"action": "DescribeNetworkInterfaces"},
           {"action": "GetManagedPrefixListEntries", "prefix_list_id": "pl-1"}"#,
    );
    assert!(is_unauthorized(b.describe_interfaces_page(None).await));
    // Denied on pl-1, so refused before EC2 looks for it; another list is merely unknown.
    assert!(is_unauthorized(b.prefix_list_entries("pl-1".into()).await));
    let other = b.prefix_list_entries("pl-9".into()).await.unwrap_err();
    assert_eq!(other.code, codes::PREFIX_LIST_NOT_FOUND);
    assert!(b.describe_prefix_lists(vec!["pl-1".into()]).await.is_ok());
    assert!(b.describe_groups_page(None).await.is_ok());

    let b = backend(
        r#"{"action": "DescribeManagedPrefixLists"},
           {"action": "GetManagedPrefixListEntries"},
           {"action": "DescribeSecurityGroups"}"#,
    );
    assert!(is_unauthorized(b.describe_prefix_lists(vec![]).await));
    assert!(is_unauthorized(b.prefix_list_entries("pl-9".into()).await));
    assert!(is_unauthorized(b.describe_groups_page(None).await));
    assert!(b.describe_interfaces_page(None).await.is_ok());
}

#[tokio::test]
async fn a_denial_without_a_group_refuses_the_call_on_every_group() {
    let b = backend(r#"{"action": "RevokeSecurityGroupIngress"}"#);
    for group in ["sg-1", "sg-2"] {
        let request = RevokeRequest::by_ids(group, Direction::Inbound, vec!["sgr-1".into()]);
        assert!(is_unauthorized(b.revoke(request, true).await), "{group}");
    }
}

#[test]
fn a_bad_interface_or_list_fails_the_load_with_its_name() {
    let account = |extra: &str| {
        Account::from_json(&format!(
            r#"{{"account_id": "1", "region": "r", "groups": [], {extra}}}"#
        ))
        .unwrap()
    };
    let err = MemoryEc2::new(account(
        r#""network_interfaces": [{"id": "eni-9", "private_ips": ["10.0.0.256"]}]"#,
    ))
    .err()
    .unwrap();
    assert!(err.starts_with("network interface eni-9: "), "{err}");
    let err = MemoryEc2::new(account(
        r#""prefix_lists": [{"id": "pl-9", "name": "x", "entries": [{"cidr": "nope"}]}]"#,
    ))
    .err()
    .unwrap();
    assert!(err.starts_with("prefix list pl-9: "), "{err}");
}
