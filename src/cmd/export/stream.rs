//! Rows written while the account loads: a group's rows go out as soon as the group and all of
//! its rules are in (the count `DescribeSecurityGroups` gave for it says when), and, when it
//! has rules that reference groups, its VPC's stale references have answered. Each group's
//! rules are judged alone ([`Signals::of_group`]), which is all that risky, wide, redundant
//! and stale need; a filter that needs the whole account (`ip:`, `unused`) is not streamed.
//! Groups come in the order their pages do; within a group, rules in the panes' order.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};
use std::io::{self, Write};

use super::format::RowWriter;
use super::rows::Row;
use crate::analysis::{Judged, Matcher, Policy, Signals};
use crate::cmd::headless::load::{Progress, Step, Watch};
use crate::ec2::Connection;
use crate::inventory::Inventory;
use crate::model::lang::{Filter, TermKind};
use crate::model::{Peer, Rule, SecurityGroup, Signal};

/// Whether rows matched by `filter` can be written group by group: every term is decided by
/// a group and its own rules.
pub fn streams(filter: &Filter) -> bool {
    filter
        .terms
        .iter()
        .all(|t| !matches!(t.kind, TermKind::Ip(_) | TermKind::Signal(Signal::Unused)))
}

/// Writes each group's rows once they are whole, as the load takes pages in: one region's, to
/// a writer the loads of other regions may share.
pub struct Streamer<'a, W: Write> {
    writer: &'a RefCell<RowWriter<W>>,
    /// How many rows this streamer wrote.
    rows: usize,
    filter: &'a Filter,
    policy: &'a Policy,
    region: Option<String>,
    /// Groups whose rows may be ready: touched by the last page.
    touched: Vec<String>,
    /// Groups whose rules are all in but whose VPC's stale references have not answered.
    waiting: BTreeSet<String>,
    written: HashSet<String>,
    /// Rules that came after their group's rows were written, to be written after them.
    late: Vec<String>,
    /// How many rules came late, to be said.
    late_count: usize,
    /// Whether both listings are complete: every group left is then written as it is.
    listed: bool,
    /// The first write that failed; nothing more is written after it.
    failed: Option<io::Error>,
}

impl<'a, W: Write> Streamer<'a, W> {
    /// A streamer of the rows `filter` matches, judged by `policy`, into `writer`; the region
    /// is the one the load connects to.
    pub fn new(writer: &'a RefCell<RowWriter<W>>, filter: &'a Filter, policy: &'a Policy) -> Self {
        Self {
            writer,
            rows: 0,
            filter,
            policy,
            region: None,
            touched: Vec::new(),
            waiting: BTreeSet::new(),
            written: HashSet::new(),
            late: Vec::new(),
            late_count: 0,
            listed: false,
            failed: None,
        }
    }

    /// Writes every group not written yet (a load that ends without saying a VPC's stale
    /// references settled leaves none waiting for them) and hands the rows on; answers how
    /// many rows this streamer wrote and how many rules came after their group's rows. The
    /// output is ended by its owner ([`RowWriter::finish`]).
    pub fn finish(mut self, inventory: &Inventory) -> io::Result<Finished> {
        let rest: Vec<String> = inventory
            .groups()
            .iter()
            .filter(|g| !self.written.contains(&g.id))
            .map(|g| g.id.clone())
            .collect();
        for id in rest {
            self.write_group(inventory, &id);
        }
        self.write_late(inventory);
        self.flush();
        match self.failed {
            Some(e) => Err(e),
            None => Ok(Finished {
                rows: self.rows,
                late: self.late_count,
            }),
        }
    }

    /// Hands on what was written, for a load that failed: the rows written stand. Answers the
    /// first write that failed, if one did.
    pub fn abandon(mut self) -> io::Result<()> {
        self.flush();
        self.failed.map_or(Ok(()), Err)
    }

    /// Whether `group` can be written: all of its rules are in (or both listings are done)
    /// and its VPC's stale references are known (or will not be).
    fn ready(
        &self,
        inventory: &Inventory,
        group: &SecurityGroup,
        progress: &dyn Progress,
    ) -> Ready {
        let rules = inventory.rules_of(&group.id);
        let whole = self.listed
            || group
                .listed_rules
                .is_some_and(|n| rules.inbound.len() + rules.outbound.len() >= n);
        if !whole {
            return Ready::No;
        }
        let stale_known = match &group.vpc_id {
            Some(vpc) if rules.all().any(references_group) => progress.stale_settled(vpc),
            _ => true,
        };
        if stale_known {
            Ready::Yes
        } else {
            Ready::Stale
        }
    }

    fn write_group(&mut self, inventory: &Inventory, id: &str) {
        if !self.written.insert(id.to_string()) {
            return;
        }
        let Some(group) = inventory.group(id) else {
            return;
        };
        let signals = self.judge(inventory, group);
        let matcher = Matcher::new(self.filter, inventory.network()).with_signals(Some(&signals));
        for rule in inventory.rules_of(id).all() {
            self.write_rule(group, rule, &matcher, &signals);
        }
    }

    fn judge(&self, inventory: &Inventory, group: &SecurityGroup) -> Signals {
        let network = inventory.network();
        let judged = Judged {
            policy: self.policy,
            interfaces_known: false,
            stale: &|rule| network.is_stale(rule),
        };
        Signals::of_group(inventory, group, &judged)
    }

    fn write_rule(
        &mut self,
        group: &SecurityGroup,
        rule: &Rule,
        matcher: &Matcher,
        signals: &Signals,
    ) {
        if self.failed.is_some() || matcher.rule(group, rule).is_none() {
            return;
        }
        let row = Row::of(self.region.as_deref(), group, rule, signals.rule(&rule.id));
        match self.writer.borrow_mut().write(&row) {
            Ok(()) => self.rows += 1,
            Err(e) => self.failed = Some(e),
        }
    }

    /// The rules that came after their group was written, judged with the group again.
    fn write_late(&mut self, inventory: &Inventory) {
        for rule_id in std::mem::take(&mut self.late) {
            let Some(rule) = inventory.rule(&rule_id) else {
                continue;
            };
            let Some(group) = inventory.group(&rule.group_id) else {
                continue;
            };
            let signals = self.judge(inventory, group);
            let matcher =
                Matcher::new(self.filter, inventory.network()).with_signals(Some(&signals));
            self.write_rule(group, rule, &matcher, &signals);
        }
    }

    fn flush(&mut self) {
        if self.failed.is_none()
            && let Err(e) = self.writer.borrow_mut().flush()
        {
            self.failed = Some(e);
        }
    }
}

/// What a finished stream wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finished {
    pub rows: usize,
    /// Rules that came after their group's rows and were written after them.
    pub late: usize,
}

enum Ready {
    Yes,
    No,
    /// Waiting for the VPC's stale references.
    Stale,
}

fn references_group(rule: &Rule) -> bool {
    matches!(rule.peer, Peer::Group(_))
}

impl<W: Write> Watch for Streamer<'_, W> {
    fn connected(&mut self, connection: &Connection) {
        self.region = connection.region.clone();
    }

    fn groups(&mut self, groups: &[SecurityGroup]) {
        self.touched.extend(groups.iter().map(|g| g.id.clone()));
    }

    fn rules(&mut self, rules: &[Rule]) {
        for rule in rules {
            if self.written.contains(&rule.group_id) {
                self.late.push(rule.id.clone());
                self.late_count += 1;
            } else {
                self.touched.push(rule.group_id.clone());
            }
        }
    }

    fn taken(&mut self, inventory: &Inventory, step: Step, progress: &dyn Progress) {
        if self.failed.is_some() {
            return;
        }
        let candidates = match step {
            Step::Groups | Step::Rules => {
                let mut touched = std::mem::take(&mut self.touched);
                touched.sort_unstable();
                touched.dedup();
                touched
            }
            Step::Stale => std::mem::take(&mut self.waiting).into_iter().collect(),
            Step::Listed => {
                // Every group left, whatever its count said: in the panes' order.
                self.listed = true;
                self.touched.clear();
                self.waiting.clear();
                inventory.groups().iter().map(|g| g.id.clone()).collect()
            }
        };
        for id in candidates {
            if self.written.contains(&id) {
                continue;
            }
            let Some(group) = inventory.group(&id) else {
                continue;
            };
            match self.ready(inventory, group, progress) {
                Ready::Yes => self.write_group(inventory, &id),
                Ready::Stale => {
                    self.waiting.insert(id);
                }
                Ready::No => {}
            }
        }
        self.write_late(inventory);
        self.flush();
    }
}

#[cfg(test)]
#[path = "stream_tests/mod.rs"]
mod tests;
