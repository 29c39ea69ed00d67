//! The loaded network as the filter's [`Addresses`]: the groups whose interfaces hold an
//! address, and the prefix lists whose entries contain it.

use std::collections::HashMap;
use std::net::IpAddr;

use ipnet::IpNet;

use super::filter::Addresses;
use crate::inventory::Network;

impl Addresses for Network {
    fn groups_holding(&self, addr: IpAddr) -> HashMap<String, String> {
        let mut groups = HashMap::new();
        for interface in self.interfaces_holding(addr) {
            for group in &interface.group_ids {
                groups
                    .entry(group.clone())
                    .or_insert_with(|| interface.id.clone());
            }
        }
        groups
    }

    fn lists_containing(&self, addr: IpAddr) -> HashMap<String, IpNet> {
        self.prefix_lists()
            .filter_map(|l| {
                let entry = l.entries.iter().find(|e| e.contains(addr))?;
                Some((l.list.id.clone(), entry.cidr))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NetworkInterface, PrefixList, PrefixListEntry, PrefixListWithEntries};

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn eni(id: &str, groups: &[&str], private: &str) -> NetworkInterface {
        NetworkInterface {
            public_ips: vec!["203.0.113.1".parse().unwrap()],
            ..NetworkInterface::sample(id, groups, private)
        }
    }

    #[test]
    fn every_group_of_an_interface_holding_the_address_is_found() {
        let mut network = Network::default();
        network.add_interfaces(vec![
            eni("eni-1", &["sg-a", "sg-b"], "10.0.0.1"),
            eni("eni-2", &["sg-c"], "10.0.0.2"),
        ]);
        let found = network.groups_holding(ip("10.0.0.1"));
        assert_eq!(found.len(), 2);
        assert_eq!(found["sg-a"], "eni-1");
        assert_eq!(found["sg-b"], "eni-1");
        assert!(
            network.groups_holding(ip("203.0.113.1")).is_empty(),
            "public"
        );
    }

    #[test]
    fn the_entry_of_each_list_containing_the_address_is_found() {
        let mut network = Network::default();
        let list = |id: &str, cidrs: &[&str]| PrefixListWithEntries {
            list: PrefixList {
                id: id.into(),
                name: id.into(),
                address_family: None,
                max_entries: None,
                owner_id: None,
            },
            entries: cidrs
                .iter()
                .map(|c| PrefixListEntry {
                    cidr: c.parse().unwrap(),
                    description: None,
                })
                .collect(),
        };
        network.set_prefix_lists(vec![
            list("pl-1", &["192.0.2.0/24", "198.51.100.64/26"]),
            list("pl-2", &["198.51.100.0/24"]),
        ]);
        let found = network.lists_containing(ip("198.51.100.77"));
        assert_eq!(found["pl-1"], "198.51.100.64/26".parse::<IpNet>().unwrap());
        assert_eq!(found["pl-2"], "198.51.100.0/24".parse::<IpNet>().unwrap());
        assert_eq!(network.lists_containing(ip("198.51.100.1")).len(), 1);
        assert!(network.lists_containing(ip("2001:db8::1")).is_empty());
    }
}
