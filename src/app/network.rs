//! What stands behind a peer that is not a CIDR: the network interfaces in each group (whom a
//! group reference admits) and the entries of the prefix lists that rules name. Loaded in the
//! background once the inventory is in; `ip:` looks through it and the details view shows it.

use std::collections::HashMap;
use std::net::IpAddr;

use ipnet::IpNet;

use crate::analysis::Addresses;
use crate::model::{NetworkInterface, PrefixListWithEntries};

/// The region's network interfaces, indexed by group, and the prefix lists the rules use.
#[derive(Debug, Clone, Default)]
pub struct Network {
    interfaces: Vec<NetworkInterface>,
    /// Interface id to its place in `interfaces`.
    position: HashMap<String, usize>,
    /// Group id to the places of its interfaces.
    by_group: HashMap<String, Vec<usize>>,
    /// A private or IPv6 address to the places of the interfaces holding it.
    by_address: HashMap<IpAddr, Vec<usize>>,
    prefix_lists: HashMap<String, PrefixListWithEntries>,
}

impl Network {
    /// Adds a page of interfaces; an interface seen again replaces the old copy. The indexes
    /// grow by the page, unless an interface was replaced.
    pub fn add_interfaces(&mut self, page: Vec<NetworkInterface>) {
        let first_new = self.interfaces.len();
        let mut replaced = false;
        for interface in page {
            match self.position.get(&interface.id) {
                Some(&i) => {
                    self.interfaces[i] = interface;
                    replaced = true;
                }
                None => {
                    self.position
                        .insert(interface.id.clone(), self.interfaces.len());
                    self.interfaces.push(interface);
                }
            }
        }
        let from = if replaced {
            self.by_group.clear();
            self.by_address.clear();
            0
        } else {
            first_new
        };
        for (i, interface) in self.interfaces.iter().enumerate().skip(from) {
            for group in &interface.group_ids {
                self.by_group.entry(group.clone()).or_default().push(i);
            }
            let v4 = interface.private_ips.iter().map(|&a| IpAddr::V4(a));
            for addr in v4.chain(interface.ipv6.iter().map(|&a| IpAddr::V6(a))) {
                self.by_address.entry(addr).or_default().push(i);
            }
        }
    }

    /// Replaces every interface with a complete new listing.
    pub fn set_interfaces(&mut self, all: Vec<NetworkInterface>) {
        *self = Self {
            prefix_lists: std::mem::take(&mut self.prefix_lists),
            ..Self::default()
        };
        self.add_interfaces(all);
    }

    /// The interfaces in a group, in the order EC2 listed them.
    pub fn interfaces_in(&self, group_id: &str) -> impl Iterator<Item = &NetworkInterface> {
        self.by_group
            .get(group_id)
            .into_iter()
            .flatten()
            .map(|&i| &self.interfaces[i])
    }

    pub fn interface_count(&self) -> usize {
        self.interfaces.len()
    }

    /// Replaces every prefix list with a complete new set.
    pub fn set_prefix_lists(&mut self, lists: Vec<PrefixListWithEntries>) {
        self.prefix_lists = lists.into_iter().map(|l| (l.list.id.clone(), l)).collect();
    }

    pub fn prefix_list(&self, id: &str) -> Option<&PrefixListWithEntries> {
        self.prefix_lists.get(id)
    }

    pub fn prefix_list_count(&self) -> usize {
        self.prefix_lists.len()
    }
}

impl Addresses for Network {
    fn groups_holding(&self, addr: IpAddr) -> HashMap<String, String> {
        let mut groups = HashMap::new();
        for &i in self.by_address.get(&addr).into_iter().flatten() {
            let interface = &self.interfaces[i];
            for group in &interface.group_ids {
                groups
                    .entry(group.clone())
                    .or_insert_with(|| interface.id.clone());
            }
        }
        groups
    }

    fn lists_containing(&self, addr: IpAddr) -> HashMap<String, IpNet> {
        self.prefix_lists
            .iter()
            .filter_map(|(id, l)| {
                let entry = l.entries.iter().find(|e| e.contains(addr))?;
                Some((id.clone(), entry.cidr))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PrefixList, PrefixListEntry};

    fn eni(id: &str, groups: &[&str], private: &str) -> NetworkInterface {
        NetworkInterface {
            id: id.into(),
            interface_type: "interface".into(),
            description: String::new(),
            vpc_id: Some("vpc-1".into()),
            subnet_id: None,
            group_ids: groups.iter().map(|g| g.to_string()).collect(),
            private_ips: vec![private.parse().unwrap()],
            public_ips: vec![],
            ipv6: vec![],
            attachment: None,
            requester_id: None,
            status: None,
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// The groups holding an address, with the interface, sorted.
    fn holding(network: &Network, addr: &str) -> Vec<(String, String)> {
        let mut found: Vec<_> = network.groups_holding(ip(addr)).into_iter().collect();
        found.sort();
        found
    }

    #[test]
    fn finds_the_groups_whose_interfaces_hold_an_address() {
        let mut network = Network::default();
        network.add_interfaces(vec![eni("eni-1", &["sg-a", "sg-b"], "10.0.0.1")]);
        network.add_interfaces(vec![eni("eni-2", &["sg-b"], "10.0.0.2")]);
        assert_eq!(
            holding(&network, "10.0.0.1"),
            [pair("sg-a", "eni-1"), pair("sg-b", "eni-1")]
        );
        assert_eq!(holding(&network, "10.0.0.2"), [pair("sg-b", "eni-2")]);
        assert!(holding(&network, "10.0.0.3").is_empty());
        assert_eq!(network.interfaces_in("sg-b").count(), 2);
    }

    #[test]
    fn an_interface_seen_again_moves_to_its_new_groups() {
        let mut network = Network::default();
        network.add_interfaces(vec![eni("eni-1", &["sg-a"], "10.0.0.1")]);
        network.add_interfaces(vec![eni("eni-1", &["sg-b"], "10.0.0.1")]);
        assert_eq!(network.interface_count(), 1);
        assert_eq!(network.interfaces_in("sg-a").count(), 0);
        assert_eq!(holding(&network, "10.0.0.1"), [pair("sg-b", "eni-1")]);
        network.set_interfaces(vec![]);
        assert!(holding(&network, "10.0.0.1").is_empty());
    }

    fn pair(group: &str, eni: &str) -> (String, String) {
        (group.to_string(), eni.to_string())
    }

    #[test]
    fn finds_the_entry_of_a_prefix_list_containing_an_address() {
        let mut network = Network::default();
        network.set_prefix_lists(vec![PrefixListWithEntries {
            list: PrefixList {
                id: "pl-1".into(),
                name: "offices".into(),
                address_family: Some("IPv4".into()),
                max_entries: Some(10),
                owner_id: None,
            },
            entries: ["192.0.2.0/24", "198.51.100.64/26"]
                .map(|c| PrefixListEntry {
                    cidr: c.parse().unwrap(),
                    description: None,
                })
                .to_vec(),
        }]);
        let lists = network.lists_containing(ip("198.51.100.77"));
        assert_eq!(lists["pl-1"], "198.51.100.64/26".parse::<IpNet>().unwrap());
        assert!(network.lists_containing(ip("198.51.100.1")).is_empty());
        assert_eq!(network.lists_containing(ip("192.0.2.1")).len(), 1);
    }
}
