//! Groups and rules as loaded, indexed for the panes: groups sorted by name, each group's rules
//! split by direction and sorted as a person scans them; and the network behind their peers
//! (interfaces by group, prefix lists with their entries).

mod network;
mod order;
mod retain;
#[cfg(test)]
mod tests;
mod text;

pub use network::Network;
pub use text::{RecordSet, Segment, TextIndex};

use foldhash::HashMap;
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

    /// Every rule of the group: inbound, then outbound.
    pub fn all(&self) -> impl Iterator<Item = &Rule> {
        self.inbound.iter().chain(&self.outbound)
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
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Inventory {
    tables: Arc<Tables>,
    /// The interfaces and prefix lists behind the rules' peers, loaded after the rest.
    network: Arc<Network>,
}

/// Its sizes only: an effect that carries the inventory is logged, and a fleet's would be
/// hundreds of megabytes of log per load.
impl std::fmt::Debug for Inventory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inventory")
            .field("groups", &self.groups().len())
            .field("rules", &self.rule_count())
            .field("interfaces", &self.network.interface_count())
            .field("prefix_lists", &self.network.prefix_list_count())
            .finish()
    }
}

#[derive(Debug, Clone, Default)]
struct Tables {
    /// In order: name without regard to case, VPC, id.
    groups: Vec<SecurityGroup>,
    /// Each group's lower-cased name, computed once, beside it.
    sort_keys: Vec<String>,
    group_pos: HashMap<String, usize>,
    /// Each group's rules, under its id (shared with `rule_home`).
    rules: HashMap<Arc<str>, GroupRules>,
    /// Rule id to its group and direction.
    rule_home: HashMap<String, (Arc<str>, Direction)>,
    /// The groups' and rules' text, for free text in a filter; kept only when asked for
    /// ([`Inventory::with_text_index`]).
    text: Option<TextIndex>,
}

/// The text index is derived from the rest, and how it was laid out depends on the order the
/// pages came in: it takes no part.
impl PartialEq for Tables {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.groups,
            &self.sort_keys,
            &self.group_pos,
            &self.rules,
            &self.rule_home,
        ) == (
            &other.groups,
            &other.sort_keys,
            &other.group_pos,
            &other.rules,
            &other.rule_home,
        )
    }
}

impl Eq for Tables {}

static NO_RULES: GroupRules = GroupRules {
    inbound: Vec::new(),
    outbound: Vec::new(),
};

impl Inventory {
    /// An empty inventory that keeps its groups' and rules' text in one index as they arrive
    /// ([`Inventory::text`]), for a filter judged again on every keystroke: about 70 bytes a
    /// rule. Without it ([`Inventory::default`]) free text reads each group's and rule's
    /// fields, which is cheaper for a filter judged once.
    pub fn with_text_index() -> Self {
        let tables = Tables {
            text: Some(TextIndex::default()),
            ..Tables::default()
        };
        Self {
            tables: Arc::new(tables),
            network: Arc::default(),
        }
    }

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

    /// Every rule with its group: groups in the panes' order, each group's inbound rules then
    /// its outbound rules.
    pub fn all_rules(&self) -> impl Iterator<Item = (&SecurityGroup, &Rule)> {
        self.groups().iter().flat_map(move |group| {
            self.rules_of(&group.id)
                .all()
                .map(move |rule| (group, rule))
        })
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

    /// Every group's and rule's text that free text in a filter reads, in one buffer, when
    /// this inventory keeps it.
    pub fn text(&self) -> Option<&TextIndex> {
        self.tables.text.as_ref()
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
    /// A page of groups, merged in, and their text written again.
    fn add_groups(&mut self, page: Vec<SecurityGroup>) {
        let ids: Vec<String> = match self.text {
            Some(_) => page.iter().map(|g| g.id.clone()).collect(),
            None => Vec::new(),
        };
        self.merge_groups(page);
        self.rewrite_text(&ids);
    }

    /// A page of rules, merged in: a rule listed again replaces the one it was, and only the
    /// groups the page touched are sorted and their text written again. A page lists a group's
    /// rules one after another: each such run finds its group once and goes in at once.
    fn add_rules(&mut self, page: Vec<Rule>) {
        self.rule_home.reserve(page.len());
        let mut touched: Vec<Arc<str>> = Vec::new();
        // Copies listed before in this same page, taken out once the page is in.
        let mut later: Vec<(Arc<str>, Direction, String)> = Vec::new();
        // Each run: its group, and how many of its rules go in each direction.
        let mut runs: Vec<(Arc<str>, [usize; 2])> = Vec::new();
        for run in page.chunk_by(|a, b| a.group_id == b.group_id) {
            let group = self.group_key(&run[0].group_id);
            let mut sizes = [0, 0];
            for rule in run {
                sizes[rule.direction as usize] += 1;
                let home = (group.clone(), rule.direction);
                if let Some((was, direction)) = self.rule_home.insert(rule.id.clone(), home) {
                    if !self.take_out(&was, direction, &rule.id) {
                        later.push((was.clone(), direction, rule.id.clone()));
                    }
                    touched.push(was);
                }
            }
            touched.push(group.clone());
            runs.push((group, sizes));
        }
        let mut page = page.into_iter();
        for (group, [inbound, outbound]) in runs {
            let kept = self.rules.entry(group).or_default();
            kept.inbound.reserve(inbound);
            kept.outbound.reserve(outbound);
            for rule in page.by_ref().take(inbound + outbound) {
                kept.of_mut(rule.direction).push(rule);
            }
        }
        for (group, direction, id) in later {
            self.take_out(&group, direction, &id);
        }
        touched.sort();
        touched.dedup();
        for group_id in &touched {
            if let Some(rules) = self.rules.get_mut(group_id) {
                rules.inbound.sort_by(rule_order);
                rules.outbound.sort_by(rule_order);
            }
        }
        self.rewrite_text(&touched);
    }

    /// The key of a group's rules, an empty entry made for it if it has none.
    fn group_key(&mut self, group_id: &str) -> Arc<str> {
        if let Some((key, _)) = self.rules.get_key_value(group_id) {
            return key.clone();
        }
        let key: Arc<str> = Arc::from(group_id);
        self.rules.insert(key.clone(), GroupRules::default());
        key
    }

    /// Takes the first copy of a rule out of its group's rules in one direction; whether
    /// there was one.
    fn take_out(&mut self, group_id: &str, direction: Direction, rule_id: &str) -> bool {
        let Some(rules) = self.rules.get_mut(group_id) else {
            return false;
        };
        let rules = rules.of_mut(direction);
        match rules.iter().position(|r| r.id == rule_id) {
            Some(at) => {
                rules.remove(at);
                true
            }
            None => false,
        }
    }

    fn replace_rules_of(&mut self, group_ids: &[String], rules: Vec<Rule>) {
        for group_id in group_ids {
            if let Some(old) = self.rules.remove(group_id.as_str()) {
                for rule in old.inbound.iter().chain(&old.outbound) {
                    self.rule_home.remove(&rule.id);
                }
            }
        }
        // Groups left without rules are written again too.
        self.rewrite_text(group_ids);
        self.add_rules(rules);
    }

    /// Writes the text of these groups again, after their fields or rules changed.
    fn rewrite_text(&mut self, group_ids: &[impl AsRef<str>]) {
        let Some(text) = &mut self.text else {
            return;
        };
        for id in group_ids {
            let id = id.as_ref();
            let group = self.group_pos.get(id).map(|&i| &self.groups[i]);
            text.rewrite(id, group, self.rules.get(id));
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
