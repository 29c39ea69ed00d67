//! Managed prefix lists: the named sets of CIDRs a rule can take as its peer.

use std::net::IpAddr;

use ipnet::IpNet;

/// One managed prefix list (`DescribeManagedPrefixLists`), the account's own or AWS's
/// (`com.amazonaws.…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefixList {
    pub id: String,
    /// AWS's own lists are named `com.amazonaws.<region>.<service>`.
    pub name: String,
    /// `IPv4` or `IPv6`.
    pub address_family: Option<String>,
    /// How many entries it may hold: a rule naming the list counts as that many rules against
    /// the group's quota.
    pub max_entries: Option<i32>,
    /// The account that owns it; `AWS` for AWS's own lists.
    pub owner_id: Option<String>,
}

/// One entry of a prefix list (`GetManagedPrefixListEntries`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefixListEntry {
    /// Every address in it is a peer of the rules that name the list.
    pub cidr: IpNet,
    pub description: Option<String>,
}

/// A prefix list and every entry it holds: what a rule naming it admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefixListWithEntries {
    pub list: PrefixList,
    pub entries: Vec<PrefixListEntry>,
}

impl PrefixListEntry {
    /// Whether the entry's CIDR covers the address.
    pub fn contains(&self, addr: IpAddr) -> bool {
        self.cidr.contains(&addr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_contains_the_addresses_of_its_cidr_only() {
        let entry = PrefixListEntry {
            cidr: "203.0.113.0/24".parse().unwrap(),
            description: Some("office".into()),
        };
        assert!(entry.contains("203.0.113.77".parse().unwrap()));
        assert!(!entry.contains("203.0.114.1".parse().unwrap()));
        assert!(!entry.contains("2001:db8::1".parse().unwrap()));
    }
}
