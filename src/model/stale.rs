//! Stale rules (`DescribeStaleSecurityGroups`): rules that reference a group across a VPC
//! peering connection (or a transit gateway, or a VPC association) that was deleted or can no
//! longer be reached. They admit nothing any more; EC2 lists them per VPC.

use super::{Direction, Peer, PortRange, Protocol, ProtocolPorts, Rule, same_ports};

/// One group of a VPC that holds stale rules, with those rules per direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleGroup {
    pub id: String,
    pub name: String,
    pub vpc_id: Option<String>,
    pub description: String,
    /// `StaleIpPermissions`.
    pub inbound: Vec<StaleRule>,
    /// `StaleIpPermissionsEgress`.
    pub outbound: Vec<StaleRule>,
}

/// One `StaleIpPermission`: protocol and ports, and the references that went stale. EC2 folds
/// the stale rules of one protocol and port range into one, as it does `IpPermissions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleRule {
    pub protocol: Protocol,
    pub ports: PortRange,
    /// The referenced groups (`UserIdGroupPairs`).
    pub groups: Vec<StaleGroupPair>,
    /// Prefix-list ids, when EC2 names any.
    pub prefix_list_ids: Vec<String>,
    /// IP ranges (CIDRs as EC2 wrote them), when EC2 names any.
    pub ip_ranges: Vec<String>,
}

/// A referenced group of a stale rule (`UserIdGroupPair`). The group may be gone, so what EC2
/// says here (its last known name, the peering) may be all there is to show. Untrusted text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaleGroupPair {
    /// Empty when EC2 leaves it out.
    pub group_id: String,
    pub group_name: Option<String>,
    /// The account that owns (owned) the group.
    pub user_id: Option<String>,
    pub vpc_id: Option<String>,
    /// `pcx-…`, for a reference across a VPC peering connection.
    pub vpc_peering_connection_id: Option<String>,
    /// `active`, `deleted`, … as EC2 says.
    pub peering_status: Option<String>,
}

impl StaleGroup {
    /// The stale rules of one direction.
    pub fn rules(&self, direction: Direction) -> &[StaleRule] {
        match direction {
            Direction::Inbound => &self.inbound,
            Direction::Outbound => &self.outbound,
        }
    }

    /// The stale reference behind `rule`, if `rule` is one of this group's stale rules: a rule
    /// of this group, in a direction, protocol and ports that went stale, whose peer is one of
    /// the stale groups.
    pub fn stale_pair(&self, rule: &Rule) -> Option<&StaleGroupPair> {
        if rule.group_id != self.id {
            return None;
        }
        self.rules(rule.direction)
            .iter()
            .find_map(|stale| stale.pair_of(rule))
    }

    /// Whether `rule` is one of this group's stale rules (see [`stale_pair`](Self::stale_pair)).
    pub fn is_stale(&self, rule: &Rule) -> bool {
        self.stale_pair(rule).is_some()
    }

    /// How many stale references the group holds, both directions.
    pub fn stale_count(&self) -> usize {
        self.inbound
            .iter()
            .chain(&self.outbound)
            .map(|r| r.groups.len())
            .sum()
    }
}

impl StaleRule {
    /// The stale group `rule` references, when `rule` has this protocol and these ports (as
    /// EC2 compares them) and its peer is one of the stale groups. The rule's group and
    /// direction are the caller's to check.
    pub fn pair_of(&self, rule: &Rule) -> Option<&StaleGroupPair> {
        let Peer::Group(peer) = &rule.peer else {
            return None;
        };
        if rule.protocol != self.protocol || !same_ports(self.protocol, self.ports, rule.ports) {
            return None;
        }
        self.groups
            .iter()
            .find(|g| !g.group_id.is_empty() && g.group_id == peer.group_id)
    }

    /// Protocol and ports as a person reads them (`tcp 5432`, `all traffic`).
    pub fn protocol_ports(&self) -> String {
        ProtocolPorts(self.protocol, self.ports).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{GroupRef, Tags};

    const GROUP: &str = "sg-0staging0db000001";
    const GONE: &str = "sg-0prod0etl00000001";

    fn pair(group_id: &str) -> StaleGroupPair {
        StaleGroupPair {
            group_id: group_id.into(),
            user_id: Some("123456789012".into()),
            vpc_id: Some("vpc-0prod".into()),
            vpc_peering_connection_id: Some("pcx-0a1b2c3d".into()),
            peering_status: Some("active".into()),
            ..StaleGroupPair::default()
        }
    }

    fn stale(protocol: Protocol, from: i32, to: i32, groups: &[&str]) -> StaleRule {
        StaleRule {
            protocol,
            ports: PortRange::new(from, to),
            groups: groups.iter().map(|g| pair(g)).collect(),
            prefix_list_ids: vec![],
            ip_ranges: vec![],
        }
    }

    fn group() -> StaleGroup {
        StaleGroup {
            id: GROUP.into(),
            name: "staging-db".into(),
            vpc_id: Some("vpc-0staging".into()),
            description: "Staging Postgres".into(),
            inbound: vec![
                stale(Protocol::Tcp, 5432, 5432, &[GONE, "sg-0prod0bi000000002"]),
                stale(Protocol::Tcp, 0, 65535, &["sg-0prod0any00000003"]),
            ],
            outbound: vec![stale(Protocol::All, -1, -1, &[GONE])],
        }
    }

    fn rule(direction: Direction, protocol: Protocol, from: i32, to: i32, peer: Peer) -> Rule {
        Rule {
            id: "sgr-1".into(),
            group_id: GROUP.into(),
            direction,
            protocol,
            ports: PortRange::new(from, to),
            peer,
            description: None,
            tags: Tags::new(),
        }
    }

    fn to_group(id: &str) -> Peer {
        Peer::Group(GroupRef {
            group_id: id.into(),
            user_id: None,
            vpc_id: None,
            peering_status: None,
        })
    }

    #[test]
    fn a_rule_with_the_same_protocol_ports_and_peer_is_stale() {
        let g = group();
        let r = rule(
            Direction::Inbound,
            Protocol::Tcp,
            5432,
            5432,
            to_group(GONE),
        );
        assert!(g.is_stale(&r));
        let found = g.stale_pair(&r).expect("stale");
        assert_eq!(
            found.vpc_peering_connection_id.as_deref(),
            Some("pcx-0a1b2c3d")
        );
        let other = rule(
            Direction::Inbound,
            Protocol::Tcp,
            5432,
            5432,
            to_group("sg-0prod0bi000000002"),
        );
        assert!(g.is_stale(&other), "the second pair of the same permission");
    }

    #[test]
    fn another_port_protocol_direction_peer_or_group_is_not_stale() {
        let g = group();
        let cases = [
            rule(
                Direction::Inbound,
                Protocol::Tcp,
                5433,
                5433,
                to_group(GONE),
            ),
            rule(
                Direction::Inbound,
                Protocol::Udp,
                5432,
                5432,
                to_group(GONE),
            ),
            rule(
                Direction::Outbound,
                Protocol::Tcp,
                5432,
                5432,
                to_group(GONE),
            ),
            rule(
                Direction::Inbound,
                Protocol::Tcp,
                5432,
                5432,
                to_group("sg-0live"),
            ),
            rule(
                Direction::Inbound,
                Protocol::Tcp,
                5432,
                5432,
                Peer::Ipv4("10.20.0.0/16".parse().unwrap()),
            ),
        ];
        for r in &cases {
            assert!(!g.is_stale(r), "{r:?}");
        }
        let mut elsewhere = rule(
            Direction::Inbound,
            Protocol::Tcp,
            5432,
            5432,
            to_group(GONE),
        );
        elsewhere.group_id = "sg-0another".into();
        assert!(!g.is_stale(&elsewhere), "a rule of another group");
    }

    #[test]
    fn ports_compare_as_ec2_stores_them() {
        let g = group();
        // tcp 0-65535 and tcp -1 are the same rule.
        let all_tcp = rule(
            Direction::Inbound,
            Protocol::Tcp,
            -1,
            -1,
            to_group("sg-0prod0any00000003"),
        );
        assert!(g.is_stale(&all_tcp));
        // All traffic has no ports: whatever the rule says, it matches.
        let all = rule(Direction::Outbound, Protocol::All, 0, 0, to_group(GONE));
        assert!(g.is_stale(&all));
    }

    #[test]
    fn a_pair_without_a_group_id_matches_nothing() {
        let mut g = group();
        g.inbound = vec![stale(Protocol::Tcp, 22, 22, &[""])];
        let r = rule(Direction::Inbound, Protocol::Tcp, 22, 22, to_group(""));
        assert!(!g.is_stale(&r));
    }

    #[test]
    fn counts_and_texts() {
        let g = group();
        assert_eq!(g.stale_count(), 4);
        assert_eq!(g.rules(Direction::Outbound).len(), 1);
        assert_eq!(g.inbound[0].protocol_ports(), "tcp 5432");
        assert_eq!(g.outbound[0].protocol_ports(), "all traffic");
    }
}
