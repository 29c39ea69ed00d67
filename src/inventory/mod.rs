//! Groups and rules as loaded, indexed for the panes: groups sorted by name, each group's rules
//! split by direction and sorted as a person scans them; and the network behind their peers
//! (interfaces by group, prefix lists with their entries).

mod network;

pub use network::Network;

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{Direction, Peer, Rule, SecurityGroup};

/// The rules of one group, per direction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupRules {
    pub inbound: Vec<Rule>,
    pub outbound: Vec<Rule>,
}

impl GroupRules {
    pub fn of(&self, direction: Direction) -> &[Rule] {
        match direction {
            Direction::Inbound => &self.inbound,
            Direction::Outbound => &self.outbound,
        }
    }

    fn of_mut(&mut self, direction: Direction) -> &mut Vec<Rule> {
        match direction {
            Direction::Inbound => &mut self.inbound,
            Direction::Outbound => &mut self.outbound,
        }
    }
}

/// The groups and rules, and the network behind their peers. Cloning it is cheap (its two
/// halves are shared), so that a snapshot can be judged on another thread; a change after that
/// copies only the half it changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    tables: Arc<Tables>,
    /// The interfaces and prefix lists behind the rules' peers, loaded after the rest.
    network: Arc<Network>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Tables {
    groups: Vec<SecurityGroup>,
    group_pos: HashMap<String, usize>,
    rules: HashMap<String, GroupRules>,
    /// Rule id to its group and direction.
    rule_home: HashMap<String, (String, Direction)>,
}

static NO_RULES: GroupRules = GroupRules {
    inbound: Vec::new(),
    outbound: Vec::new(),
};

impl Inventory {
    pub fn groups(&self) -> &[SecurityGroup] {
        &self.tables.groups
    }

    pub fn group(&self, id: &str) -> Option<&SecurityGroup> {
        self.tables
            .group_pos
            .get(id)
            .map(|&i| &self.tables.groups[i])
    }

    pub fn position_of(&self, group_id: &str) -> Option<usize> {
        self.tables.group_pos.get(group_id).copied()
    }

    pub fn rules_of(&self, group_id: &str) -> &GroupRules {
        self.tables.rules.get(group_id).unwrap_or(&NO_RULES)
    }

    pub fn rule_count(&self) -> usize {
        self.tables.rule_home.len()
    }

    pub fn has_rule(&self, rule_id: &str) -> bool {
        self.tables.rule_home.contains_key(rule_id)
    }

    pub fn rule(&self, rule_id: &str) -> Option<&Rule> {
        let (group, direction) = self.tables.rule_home.get(rule_id)?;
        self.rules_of(group)
            .of(*direction)
            .iter()
            .find(|r| r.id == rule_id)
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn network_mut(&mut self) -> &mut Network {
        Arc::make_mut(&mut self.network)
    }

    /// Takes the network of `other` (a refresh keeps it until its own load replaces it).
    pub fn keep_network_of(&mut self, other: &Inventory) {
        self.network = other.network.clone();
    }

    /// Adds a page of groups (a group seen again replaces the old copy).
    pub fn add_groups(&mut self, groups: Vec<SecurityGroup>) {
        Arc::make_mut(&mut self.tables).add_groups(groups);
    }

    /// Adds a page of rules, whether or not their groups have arrived yet.
    pub fn add_rules(&mut self, rules: Vec<Rule>) {
        Arc::make_mut(&mut self.tables).add_rules(rules);
    }

    /// Replaces every rule of the given groups with what a fresh describe returned.
    pub fn replace_rules_of(&mut self, group_ids: &[String], rules: Vec<Rule>) {
        Arc::make_mut(&mut self.tables).replace_rules_of(group_ids, rules);
    }

    /// The prefix lists the rules name, each once, sorted.
    pub fn prefix_lists_used(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .tables
            .rules
            .values()
            .flat_map(|r| r.inbound.iter().chain(&r.outbound))
            .filter_map(|r| match &r.peer {
                Peer::PrefixList(id) => Some(id.clone()),
                _ => None,
            })
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// The VPCs of the groups, each once, sorted.
    pub fn vpcs(&self) -> Vec<String> {
        let mut vpcs: Vec<String> = (self.tables.groups.iter())
            .filter_map(|g| g.vpc_id.clone())
            .collect();
        vpcs.sort();
        vpcs.dedup();
        vpcs
    }

    pub fn is_empty(&self) -> bool {
        self.tables.groups.is_empty() && self.tables.rule_home.is_empty()
    }
}

impl Tables {
    fn add_groups(&mut self, groups: Vec<SecurityGroup>) {
        for group in groups {
            match self.group_pos.get(&group.id) {
                Some(&i) => self.groups[i] = group,
                None => {
                    self.group_pos.insert(group.id.clone(), self.groups.len());
                    self.groups.push(group);
                }
            }
        }
        self.groups.sort_by(|a, b| {
            (a.name.to_lowercase(), &a.vpc_id, &a.id).cmp(&(
                b.name.to_lowercase(),
                &b.vpc_id,
                &b.id,
            ))
        });
        self.group_pos = self
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.clone(), i))
            .collect();
    }

    fn add_rules(&mut self, rules: Vec<Rule>) {
        let mut touched = Vec::new();
        for rule in rules {
            if self.rule_home.contains_key(&rule.id) {
                self.remove_rule(&rule.id.clone());
            }
            self.rule_home
                .insert(rule.id.clone(), (rule.group_id.clone(), rule.direction));
            touched.push(rule.group_id.clone());
            self.rules
                .entry(rule.group_id.clone())
                .or_default()
                .of_mut(rule.direction)
                .push(rule);
        }
        touched.sort();
        touched.dedup();
        for group_id in touched {
            if let Some(rules) = self.rules.get_mut(&group_id) {
                rules.inbound.sort_by(rule_order);
                rules.outbound.sort_by(rule_order);
            }
        }
    }

    fn replace_rules_of(&mut self, group_ids: &[String], rules: Vec<Rule>) {
        for group_id in group_ids {
            if let Some(old) = self.rules.remove(group_id) {
                for rule in old.inbound.iter().chain(&old.outbound) {
                    self.rule_home.remove(&rule.id);
                }
            }
        }
        self.add_rules(rules);
    }

    fn remove_rule(&mut self, rule_id: &str) {
        if let Some((group, direction)) = self.rule_home.remove(rule_id)
            && let Some(rules) = self.rules.get_mut(&group)
        {
            rules.of_mut(direction).retain(|r| r.id != rule_id);
        }
    }
}

/// Protocol, then ports, then peer: the order in which people scan a rule list.
fn rule_order(a: &Rule, b: &Rule) -> std::cmp::Ordering {
    (a.protocol, a.ports, &a.peer, &a.id).cmp(&(b.protocol, b.ports, &b.peer, &b.id))
}

impl crate::present::Names for Inventory {
    fn group_name(&self, group_id: &str) -> Option<&str> {
        self.group(group_id).map(|g| g.name.as_str())
    }

    fn group_owner(&self, group_id: &str) -> Option<&str> {
        self.group(group_id).and_then(|g| g.owner_id.as_deref())
    }
}
