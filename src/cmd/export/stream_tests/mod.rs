use std::cell::RefCell;
use std::collections::HashSet;
use std::io::{self, Write};
use std::rc::Rc;

use super::{Finished, Streamer, streams};
use crate::analysis::Policy;
use crate::cli::ExportFormat;
use crate::cmd::export::format::RowWriter;
use crate::cmd::headless::load::{Progress, Step, Watch};
use crate::ec2::Connection;
use crate::inventory::Inventory;
use crate::model::lang::Filter;
use crate::model::{
    Direction, GroupRef, PortRange, Protocol, Rule, SecurityGroup, StaleGroup, StaleGroupPair,
    StaleRule,
};

fn group(id: &str, vpc: &str, listed_rules: Option<usize>) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: format!("{id}-name"),
        description: "a group".into(),
        vpc_id: Some(vpc.into()),
        owner_id: None,
        tags: Default::default(),
        listed_rules,
    }
}

fn rule(id: &str, group: &str, port: i32, cidr: &str) -> Rule {
    Rule {
        id: id.into(),
        group_id: group.into(),
        direction: Direction::Inbound,
        protocol: Protocol::Tcp,
        ports: PortRange::new(port, port),
        peer: crate::model::Peer::Ipv4(cidr.parse().unwrap()),
        description: None,
        tags: Default::default(),
    }
}

fn from_group(id: &str, group: &str, port: i32, peer: &str) -> Rule {
    Rule {
        peer: crate::model::Peer::Group(GroupRef {
            group_id: peer.into(),
            user_id: None,
            vpc_id: None,
            peering_status: None,
        }),
        ..rule(id, group, port, "10.0.0.0/8")
    }
}

/// The VPCs whose stale references have answered.
#[derive(Default)]
struct Settled(HashSet<String>);

impl Progress for Settled {
    fn stale_settled(&self, vpc: &str) -> bool {
        self.0.contains(vpc)
    }
}

/// What a streamer wrote, readable while it writes.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Shared {
    /// The rule ids of the NDJSON rows written so far, in order.
    fn rule_ids(&self) -> Vec<String> {
        String::from_utf8(self.0.borrow().clone())
            .unwrap()
            .lines()
            .map(|line| {
                let row: serde_json::Value = serde_json::from_str(line).unwrap();
                row["rule_id"].as_str().unwrap().to_string()
            })
            .collect()
    }

    fn rows(&self) -> Vec<serde_json::Value> {
        String::from_utf8(self.0.borrow().clone())
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }
}

/// A load driven by hand: pages taken into an inventory and told to the streamer, as
/// `load_watched` does.
struct Load<'a> {
    streamer: Streamer<'a, Shared>,
    inventory: Inventory,
    settled: Settled,
}

/// An NDJSON writer into `out`.
fn ndjson(out: &Shared) -> RefCell<RowWriter<Shared>> {
    RefCell::new(RowWriter::new(ExportFormat::Ndjson, out.clone()).unwrap())
}

impl<'a> Load<'a> {
    fn new(writer: &'a RefCell<RowWriter<Shared>>, filter: &'a Filter, policy: &'a Policy) -> Self {
        let mut streamer = Streamer::new(writer, filter, policy);
        streamer.connected(&Connection {
            region: Some("eu-west-1".into()),
            ..Connection::default()
        });
        Self {
            streamer,
            inventory: Inventory::default(),
            settled: Settled::default(),
        }
    }

    fn groups(&mut self, groups: Vec<SecurityGroup>) {
        self.streamer.groups(&groups);
        self.inventory.add_groups(groups);
        self.streamer
            .taken(&self.inventory, Step::Groups, &self.settled);
    }

    fn rules(&mut self, rules: Vec<Rule>) {
        self.streamer.rules(&rules);
        self.inventory.add_rules(rules);
        self.streamer
            .taken(&self.inventory, Step::Rules, &self.settled);
    }

    fn stale(&mut self, vpc: &str, groups: Vec<StaleGroup>) {
        self.inventory.network_mut().add_stale(groups);
        self.settled.0.insert(vpc.into());
        self.streamer
            .taken(&self.inventory, Step::Stale, &self.settled);
    }

    fn listed(&mut self) {
        self.streamer
            .taken(&self.inventory, Step::Listed, &self.settled);
    }

    fn finish(self) -> io::Result<Finished> {
        self.streamer.finish(&self.inventory)
    }
}

#[test]
fn a_group_is_written_once_all_of_its_rules_are_in_whatever_came_first() {
    let (filter, policy, out) = (Filter::default(), Policy::default(), Shared::default());
    let writer = ndjson(&out);
    let mut load = Load::new(&writer, &filter, &policy);
    load.groups(vec![
        group("sg-1", "vpc-1", Some(2)),
        group("sg-2", "vpc-1", Some(1)),
    ]);
    assert!(out.rule_ids().is_empty());
    // sg-2's rule came before its group would have mattered; sg-1 has one of its two.
    load.rules(vec![
        rule("sgr-3", "sg-2", 80, "10.0.0.0/8"),
        rule("sgr-2", "sg-1", 443, "10.0.0.0/8"),
    ]);
    assert_eq!(out.rule_ids(), ["sgr-3"]);
    load.rules(vec![rule("sgr-1", "sg-1", 22, "10.0.0.0/8")]);
    // In the panes' order within the group: by port.
    assert_eq!(out.rule_ids(), ["sgr-3", "sgr-1", "sgr-2"]);
    // Rules first, then their group.
    load.rules(vec![rule("sgr-4", "sg-3", 22, "10.0.0.0/8")]);
    assert_eq!(out.rule_ids().len(), 3);
    load.groups(vec![group("sg-3", "vpc-1", Some(1))]);
    assert_eq!(out.rule_ids().len(), 4);
    load.listed();
    let finished = load.finish().unwrap();
    assert_eq!(finished, Finished { rows: 4, late: 0 });
    assert_eq!(out.rows()[0]["region"], "eu-west-1");
}

#[test]
fn a_group_without_a_count_or_short_of_it_is_written_when_the_listings_end() {
    let (filter, policy, out) = (Filter::default(), Policy::default(), Shared::default());
    let writer = ndjson(&out);
    let mut load = Load::new(&writer, &filter, &policy);
    load.groups(vec![
        group("sg-1", "vpc-1", None),
        group("sg-2", "vpc-1", Some(3)),
    ]);
    load.rules(vec![
        rule("sgr-1", "sg-1", 22, "10.0.0.0/8"),
        rule("sgr-2", "sg-2", 22, "10.0.0.0/8"),
        rule("sgr-3", "sg-2", 23, "10.0.0.0/8"),
    ]);
    assert!(out.rule_ids().is_empty());
    load.listed();
    let mut ids = out.rule_ids();
    ids.sort();
    assert_eq!(ids, ["sgr-1", "sgr-2", "sgr-3"]);
    assert_eq!(load.finish().unwrap().rows, 3);
}

#[test]
fn a_group_that_references_groups_waits_for_its_vpcs_stale_references() {
    let (filter, policy, out) = (Filter::default(), Policy::default(), Shared::default());
    let writer = ndjson(&out);
    let mut load = Load::new(&writer, &filter, &policy);
    load.groups(vec![
        group("sg-1", "vpc-1", Some(1)),
        group("sg-2", "vpc-1", Some(1)),
    ]);
    load.rules(vec![
        from_group("sgr-1", "sg-1", 5432, "sg-gone"),
        rule("sgr-2", "sg-2", 22, "10.0.0.0/8"),
    ]);
    // sg-2 names no group: its stale references cannot change it.
    assert_eq!(out.rule_ids(), ["sgr-2"]);
    load.listed();
    assert_eq!(
        out.rule_ids(),
        ["sgr-2"],
        "the end of the listings does not end the wait"
    );
    load.stale(
        "vpc-1",
        vec![StaleGroup {
            id: "sg-1".into(),
            name: "sg-1-name".into(),
            vpc_id: Some("vpc-1".into()),
            description: String::new(),
            inbound: vec![StaleRule {
                protocol: Protocol::Tcp,
                ports: PortRange::new(5432, 5432),
                groups: vec![StaleGroupPair {
                    group_id: "sg-gone".into(),
                    group_name: None,
                    user_id: None,
                    vpc_id: Some("vpc-9".into()),
                    vpc_peering_connection_id: Some("pcx-1".into()),
                    peering_status: Some("deleted".into()),
                }],
                prefix_list_ids: vec![],
                ip_ranges: vec![],
            }],
            outbound: vec![],
        }],
    );
    assert_eq!(out.rule_ids(), ["sgr-2", "sgr-1"]);
    assert_eq!(out.rows()[1]["signals"], "?");
}

#[test]
fn a_rule_listed_after_its_group_was_written_follows_and_is_counted() {
    let (filter, policy, out) = (Filter::default(), Policy::default(), Shared::default());
    let writer = ndjson(&out);
    let mut load = Load::new(&writer, &filter, &policy);
    load.groups(vec![group("sg-1", "vpc-1", Some(1))]);
    load.rules(vec![rule("sgr-1", "sg-1", 22, "10.0.0.0/8")]);
    // Added while the account was read: the group's count did not know it.
    load.rules(vec![rule("sgr-2", "sg-1", 21, "10.0.0.0/8")]);
    load.listed();
    assert_eq!(out.rule_ids(), ["sgr-1", "sgr-2"]);
    assert_eq!(load.finish().unwrap(), Finished { rows: 2, late: 1 });
}

#[test]
fn the_filter_and_the_signals_judge_each_group_on_its_own() {
    let filter = Filter::parse("redundant").unwrap();
    let (policy, out) = (Policy::default(), Shared::default());
    let writer = ndjson(&out);
    let mut load = Load::new(&writer, &filter, &policy);
    load.groups(vec![
        group("sg-1", "vpc-1", Some(2)),
        group("sg-2", "vpc-1", Some(1)),
    ]);
    load.rules(vec![
        rule("sgr-1", "sg-1", 22, "10.0.0.0/8"),
        // Inside sgr-1 in the same group: redundant.
        rule("sgr-2", "sg-1", 22, "10.1.0.0/16"),
        // The same in another group: not.
        rule("sgr-3", "sg-2", 22, "10.1.0.0/16"),
    ]);
    assert_eq!(out.rule_ids(), ["sgr-2"]);
    assert_eq!(out.rows()[0]["signals"], "=");
}

/// Output whose reader went away.
struct Closed;

impl Write for Closed {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> io::Result<()> {
        Err(io::ErrorKind::BrokenPipe.into())
    }
}

#[test]
fn a_failed_write_stops_the_writing_and_is_answered() {
    let (filter, policy) = (Filter::default(), Policy::default());
    let writer = RowWriter::new(ExportFormat::Json, io::BufWriter::with_capacity(1, Closed));
    let writer = RefCell::new(writer.unwrap());
    let mut streamer = Streamer::new(&writer, &filter, &policy);
    let mut inventory = Inventory::default();
    let groups = vec![group("sg-1", "vpc-1", Some(1))];
    streamer.groups(&groups);
    inventory.add_groups(groups);
    let rules = vec![rule("sgr-1", "sg-1", 22, "10.0.0.0/8")];
    streamer.rules(&rules);
    inventory.add_rules(rules);
    streamer.taken(&inventory, Step::Rules, &Settled::default());
    let e = streamer.finish(&inventory).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
}

#[test]
fn only_a_filter_decided_by_each_group_streams() {
    let streams = |text: &str| streams(&Filter::parse(text).unwrap());
    assert!(streams(""));
    assert!(streams("risky port:22 -stale tag:env=prod web redundant"));
    assert!(!streams("ip:10.0.0.1"));
    assert!(!streams("port:22 unused"));
    assert!(!streams("-unused"));
}

mod load;
