//! What stands behind a peer that is not a CIDR: the network interfaces in each group (whom a
//! group reference admits) and the entries of the prefix lists that rules name. Loaded in the
//! background once the inventory is in; `ip:` looks through it and the details view shows it.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::model::{NetworkInterface, PrefixListWithEntries, Rule, StaleGroup, StaleGroupPair};

/// The region's network interfaces, indexed by group, and the prefix lists the rules use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Network {
    interfaces: Vec<NetworkInterface>,
    /// Interface id to its place in `interfaces`.
    position: HashMap<String, usize>,
    /// Group id to the places of its interfaces.
    by_group: HashMap<String, Vec<usize>>,
    /// A private or IPv6 address to the places of the interfaces holding it.
    by_address: HashMap<IpAddr, Vec<usize>>,
    prefix_lists: HashMap<String, PrefixListWithEntries>,
    /// Group id to what `DescribeStaleSecurityGroups` said of it.
    stale: HashMap<String, StaleGroup>,
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

    /// The interfaces that hold `addr` as a private or IPv6 address.
    pub fn interfaces_holding(&self, addr: IpAddr) -> impl Iterator<Item = &NetworkInterface> {
        self.by_address
            .get(&addr)
            .into_iter()
            .flatten()
            .map(|&i| &self.interfaces[i])
    }

    pub fn prefix_lists(&self) -> impl Iterator<Item = &PrefixListWithEntries> {
        self.prefix_lists.values()
    }

    pub fn prefix_list(&self, id: &str) -> Option<&PrefixListWithEntries> {
        self.prefix_lists.get(id)
    }

    /// Replaces every stale group with a complete new answer.
    pub fn set_stale(&mut self, groups: Vec<StaleGroup>) {
        self.stale = groups.into_iter().map(|g| (g.id.clone(), g)).collect();
    }

    /// Adds the stale groups of one more VPC's answer.
    pub fn add_stale(&mut self, groups: Vec<StaleGroup>) {
        self.stale
            .extend(groups.into_iter().map(|g| (g.id.clone(), g)));
    }

    /// The stale reference behind a rule: a group in a peered VPC that no longer exists, as
    /// `DescribeStaleSecurityGroups` said (nothing is stale until it has answered).
    pub fn stale_pair(&self, rule: &Rule) -> Option<&StaleGroupPair> {
        self.stale.get(&rule.group_id)?.stale_pair(rule)
    }

    pub fn is_stale(&self, rule: &Rule) -> bool {
        self.stale_pair(rule).is_some()
    }

    pub fn prefix_list_count(&self) -> usize {
        self.prefix_lists.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PrefixList, PrefixListEntry};

    fn eni(id: &str, groups: &[&str], private: &str) -> NetworkInterface {
        NetworkInterface::sample(id, groups, private)
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// The groups of the interfaces holding an address, with the interface, sorted.
    fn holding(network: &Network, addr: &str) -> Vec<(String, String)> {
        let mut found: Vec<_> = network
            .interfaces_holding(ip(addr))
            .flat_map(|i| i.group_ids.iter().map(|g| (g.clone(), i.id.clone())))
            .collect();
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
    fn prefix_lists_are_replaced_whole_and_found_by_id() {
        let mut network = Network::default();
        network.set_prefix_lists(vec![offices("pl-1"), offices("pl-2")]);
        assert_eq!(network.prefix_list_count(), 2);
        network.set_prefix_lists(vec![offices("pl-2")]);
        assert!(network.prefix_list("pl-1").is_none());
        assert_eq!(network.prefix_list("pl-2").unwrap().entries.len(), 1);
        assert_eq!(network.prefix_lists().count(), 1);
    }

    fn offices(id: &str) -> PrefixListWithEntries {
        PrefixListWithEntries {
            list: PrefixList {
                id: id.into(),
                name: "offices".into(),
                address_family: Some("IPv4".into()),
                max_entries: Some(10),
                owner_id: None,
            },
            entries: vec![PrefixListEntry {
                cidr: "198.51.100.64/26".parse().unwrap(),
                description: None,
            }],
        }
    }
}
