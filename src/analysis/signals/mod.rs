//! Audit signals: what is dangerous (risky, wide), what is dead weight (redundant rules, unused
//! groups) and what is broken (stale references), each with the reason it was raised. Computed
//! over the whole inventory at once, off the key path.

mod cover;
mod risk;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use ipnet::IpNet;

pub use cover::covers;
pub use risk::{DEFAULT_RISKY_PORTS, Policy, Risk};

use crate::inventory::Inventory;
use crate::model::{Direction, Peer, Rule, SecurityGroup, Signal, ec2_rule_id, properties_text};

/// Each signal's character, name and meaning, for the help screen's legend: the
/// rule panes' signal column, then the groups pane's usage markers.
pub const LEGEND: [(&str, &str); 6] = [
    (
        "!",
        "risky: in from anywhere, all traffic or a sensitive port",
    ),
    ("~", "wide: in from a public range short of anywhere"),
    ("=", "redundant: another rule of its group covers it"),
    ("?", "stale: names a group gone from a peered VPC"),
    (
        "unused",
        "group: no interface here is in it, none refers to it",
    ),
    (
        "ref N",
        "group: no interface is in it; N other groups refer to it",
    ),
];

/// The rule a redundant rule is covered by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// The covering rule's id (a key only, in a snapshot without its rules file: see
    /// [`crate::model::ec2_rule_id`]).
    pub rule_id: String,
    /// Its protocol, ports and peer (`tcp 0-65535 10.0.0.0/8`).
    pub properties: String,
}

/// What the signals say of one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSignals {
    /// Inbound, open to the world, on all traffic or a sensitive port.
    pub risky: Option<Risk>,
    /// Inbound from this public range, wide but short of the whole world.
    pub wide: Option<IpNet>,
    /// Another rule of the same group and direction admits everything this one does.
    pub redundant: Option<Cover>,
    /// It references a group in a peered VPC that no longer exists.
    pub stale: bool,
}

static NO_SIGNALS: RuleSignals = RuleSignals {
    risky: None,
    wide: None,
    redundant: None,
    stale: false,
};

impl RuleSignals {
    pub fn is_empty(&self) -> bool {
        *self == NO_SIGNALS
    }

    /// The signal column: a character per signal in a fixed order, `!` risky or `~` wide
    /// (never both), `=` redundant, `?` stale.
    pub fn marks(&self) -> String {
        let mut marks = String::new();
        if self.risky.is_some() {
            marks.push('!');
        } else if self.wide.is_some() {
            marks.push('~');
        }
        if self.redundant.is_some() {
            marks.push('=');
        }
        if self.stale {
            marks.push('?');
        }
        marks
    }

    /// One line per signal, each with its mark, its name and why it was raised.
    pub fn reasons(&self) -> Vec<String> {
        (self.explained().into_iter())
            .map(|(signal, why)| format!("{} {}: {why}", signal.mark(), signal.name()))
            .collect()
    }

    /// Each signal raised, in the marks' order, with why it was raised.
    pub fn explained(&self) -> Vec<(RuleSignal, String)> {
        let mut found = Vec::new();
        if let Some(risk) = &self.risky {
            found.push((RuleSignal::Risky, risk.reason()));
        }
        if let Some(net) = &self.wide {
            found.push((
                RuleSignal::Wide,
                format!("from the public range {net}, short of the whole world"),
            ));
        }
        if let Some(cover) = &self.redundant {
            found.push((
                RuleSignal::Redundant,
                match ec2_rule_id(&cover.rule_id) {
                    Some(id) => format!("covered by {id} ({})", cover.properties),
                    None => format!("covered by the rule {}", cover.properties),
                },
            ));
        }
        if self.stale {
            found.push((
                RuleSignal::Stale,
                "references a group in a peered VPC that no longer exists \
                 (DescribeStaleSecurityGroups)"
                    .into(),
            ));
        }
        found
    }
}

/// A signal a rule can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleSignal {
    Risky,
    Wide,
    Redundant,
    Stale,
}

impl RuleSignal {
    /// Its name, as the filter words spell it.
    pub fn name(self) -> &'static str {
        Signal::from(self).name()
    }

    /// Its character in the signal column.
    pub fn mark(self) -> char {
        match self {
            Self::Risky => '!',
            Self::Wide => '~',
            Self::Redundant => '=',
            Self::Stale => '?',
        }
    }
}

impl From<RuleSignal> for Signal {
    fn from(signal: RuleSignal) -> Self {
        match signal {
            RuleSignal::Risky => Self::Risky,
            RuleSignal::Wide => Self::Wide,
            RuleSignal::Redundant => Self::Redundant,
            RuleSignal::Stale => Self::Stale,
        }
    }
}

/// Whether a group is in use, as far as this region's network interfaces show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Usage {
    /// The interfaces are not loaded (yet, or they failed): nothing can be said.
    #[default]
    Unknown,
    /// This many network interfaces in this region are in it.
    InUse(usize),
    /// The default group of its VPC: never unused (EC2 does not let it be deleted).
    Default,
    /// No interface is in it, but the rules of this many other groups reference it.
    Referenced(usize),
    /// No network interface in this region is in it, and no other group's rule references it.
    Unused,
}

impl Usage {
    /// What the signal proves, and what it cannot.
    pub fn reason(self) -> String {
        match self {
            Self::Unknown => "usage unknown: the network interfaces are not loaded".into(),
            Self::InUse(n) => format!("in use: {n} network interface(s) in this region"),
            Self::Default => {
                "the default group of its VPC: never unused (it cannot be deleted)".into()
            }
            Self::Referenced(n) => format!(
                "referenced by the rules of {n} other group(s); no network interface in this \
                 region is in it"
            ),
            Self::Unused => "unused: no network interface in this region is in it, and no other \
                             group's rule references it (interfaces of other accounts sharing \
                             the VPC, launch templates and Auto Scaling groups at zero are not \
                             seen)"
                .into(),
        }
    }
}

/// What the signals say of one group: how many of its rules carry each, and its usage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupSignals {
    pub risky: usize,
    pub wide: usize,
    pub redundant: usize,
    pub stale: usize,
    pub usage: Usage,
}

/// How many rules carry each signal across the inventory, and how many groups are unused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub risky: usize,
    pub wide: usize,
    pub redundant: usize,
    pub stale: usize,
    pub unused: usize,
}

impl Totals {
    fn add(&mut self, group: &GroupSignals) {
        self.risky += group.risky;
        self.wide += group.wide;
        self.redundant += group.redundant;
        self.stale += group.stale;
        self.unused += usize::from(group.usage == Usage::Unused);
    }
}

/// Every signal of an inventory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    /// Only the rules that carry a signal.
    rules: HashMap<String, RuleSignals>,
    groups: HashMap<String, GroupSignals>,
    totals: Totals,
}

static NO_GROUP_SIGNALS: GroupSignals = GroupSignals {
    risky: 0,
    wide: 0,
    redundant: 0,
    stale: 0,
    usage: Usage::Unknown,
};

/// What the signals are computed from besides the inventory.
pub struct Judged<'a> {
    pub policy: &'a Policy,
    /// Whether every network interface of the region is loaded, so that "unused" means it.
    pub interfaces_known: bool,
    /// Whether a rule references a group in a peered VPC that no longer exists.
    pub stale: &'a dyn Fn(&Rule) -> bool,
}

impl Signals {
    /// Judges every rule and group of `inventory`.
    pub fn compute(inventory: &Inventory, judged: &Judged) -> Self {
        let referenced_by = referenced_by(inventory);
        let network = inventory.network();
        let mut signals = Self::default();
        for group in inventory.groups() {
            let usage = usage(
                group,
                judged,
                network.interfaces_in(&group.id).count(),
                &referenced_by,
            );
            signals.judge_group(inventory, group, usage, judged);
        }
        signals
    }

    /// Judges the rules of one group, which need only that group's rules (and, for stale,
    /// its VPC's answer); its usage, which needs every group's rules and the interfaces, is
    /// left unknown. What `sgtui export` writes as soon as a group's rules are all in.
    pub fn of_group(inventory: &Inventory, group: &SecurityGroup, judged: &Judged) -> Self {
        let mut signals = Self::default();
        signals.judge_group(inventory, group, Usage::Unknown, judged);
        signals
    }

    fn judge_group(
        &mut self,
        inventory: &Inventory,
        group: &SecurityGroup,
        usage: Usage,
        judged: &Judged,
    ) {
        let mut counts = GroupSignals {
            usage,
            ..GroupSignals::default()
        };
        let rules = inventory.rules_of(&group.id);
        for direction in [Direction::Inbound, Direction::Outbound] {
            let rules = rules.of(direction);
            for (rule, cover) in rules.iter().zip(cover::covered(rules)) {
                let found = RuleSignals {
                    risky: Risk::of(rule, judged.policy),
                    wide: risk::wide(rule),
                    redundant: cover.map(|c| Cover {
                        rule_id: c.id.clone(),
                        properties: properties_text(c.protocol, c.ports, &c.peer),
                    }),
                    stale: (judged.stale)(rule),
                };
                if found.is_empty() {
                    continue;
                }
                counts.risky += usize::from(found.risky.is_some());
                counts.wide += usize::from(found.wide.is_some());
                counts.redundant += usize::from(found.redundant.is_some());
                counts.stale += usize::from(found.stale);
                self.rules.insert(rule.id.clone(), found);
            }
        }
        self.totals.add(&counts);
        self.groups.insert(group.id.clone(), counts);
    }

    /// A rule's signals (none for a rule not judged).
    pub fn rule(&self, rule_id: &str) -> &RuleSignals {
        self.rules.get(rule_id).unwrap_or(&NO_SIGNALS)
    }

    /// A group's counts and usage (nothing for a group not judged).
    pub fn group(&self, group_id: &str) -> &GroupSignals {
        self.groups.get(group_id).unwrap_or(&NO_GROUP_SIGNALS)
    }

    /// How many rules carry each signal, and how many groups are unused.
    pub fn totals(&self) -> Totals {
        self.totals
    }
}

/// For each group, the other groups whose rules reference it.
fn referenced_by(inventory: &Inventory) -> HashMap<&str, HashSet<&str>> {
    let mut by: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (group, rule) in inventory.all_rules() {
        if let Peer::Group(g) = &rule.peer
            && g.group_id != group.id
        {
            by.entry(&g.group_id).or_default().insert(&group.id);
        }
    }
    by
}

fn usage(
    group: &SecurityGroup,
    judged: &Judged,
    interfaces: usize,
    referenced_by: &HashMap<&str, HashSet<&str>>,
) -> Usage {
    if !judged.interfaces_known {
        return Usage::Unknown;
    }
    if interfaces > 0 {
        return Usage::InUse(interfaces);
    }
    // EC2 reserves the name: every VPC's default group, and only it, is called "default".
    if group.name == "default" {
        return Usage::Default;
    }
    match referenced_by.get(group.id.as_str()).map_or(0, HashSet::len) {
        0 => Usage::Unused,
        n => Usage::Referenced(n),
    }
}
