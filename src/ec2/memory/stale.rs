//! `DescribeStaleSecurityGroups` as EC2 answers it: the groups of one VPC whose rules reference
//! a group in another VPC that is gone (its peer VPC's group was deleted), or reached over a
//! peering connection that was deleted. The account's groups are all the groups there are.

use super::{Account, State};
use crate::ec2::{ApiError, codes};
use crate::model::{Direction, Peer, Rule, SecurityGroup, StaleGroup, StaleGroupPair, StaleRule};

/// A VPC peering connection a group reference crosses, as the account's rules name it.
pub(super) struct Peering {
    id: String,
    vpcs: [String; 2],
}

impl Peering {
    /// The peering connections the account's rules name, each once. A rule naming one must be
    /// in a group with a VPC.
    pub(super) fn of_account(account: &Account) -> Result<Vec<Peering>, String> {
        let mut peerings: Vec<Peering> = Vec::new();
        for g in &account.groups {
            for spec in g.inbound.iter().chain(&g.outbound) {
                let (Some(id), Some(remote)) =
                    (&spec.vpc_peering_connection_id, &spec.referenced_vpc_id)
                else {
                    continue;
                };
                let Some(local) = &g.vpc_id else {
                    return Err(format!(
                        "group {}: a rule crosses {id}, but the group is in no VPC",
                        g.id
                    ));
                };
                if !peerings.iter().any(|p| &p.id == id) {
                    peerings.push(Peering {
                        id: id.clone(),
                        vpcs: [local.clone(), remote.clone()],
                    });
                }
            }
        }
        Ok(peerings)
    }

    fn joins(&self, a: &str, b: &str) -> bool {
        let [x, y] = &self.vpcs;
        (x == a && y == b) || (x == b && y == a)
    }
}

impl State {
    /// Every group of `vpc_id` that holds stale rules, with them; an unknown VPC is
    /// `InvalidVpcID.NotFound`.
    pub(super) fn stale_groups(
        &self,
        vpc_id: &str,
        account_id: &str,
    ) -> Result<Vec<StaleGroup>, ApiError> {
        if !self.vpcs.iter().any(|v| v == vpc_id) {
            return Err(ApiError::new(
                codes::VPC_NOT_FOUND,
                format!("The vpc ID '{vpc_id}' does not exist"),
            ));
        }
        Ok(self
            .groups
            .iter()
            .filter(|g| g.vpc_id.as_deref() == Some(vpc_id))
            .filter_map(|g| self.stale_group(g, account_id))
            .collect())
    }

    fn stale_group(&self, group: &SecurityGroup, account_id: &str) -> Option<StaleGroup> {
        let stale_rules = |direction: Direction| {
            let mut folded: Vec<StaleRule> = Vec::new();
            let rules = self
                .rules
                .iter()
                .filter(|r| r.group_id == group.id && r.direction == direction);
            for rule in rules {
                let Some(pair) = self.stale_reference(group, rule, account_id) else {
                    continue;
                };
                // One permission per protocol and port range, as EC2 folds them.
                let same =
                    |s: &&mut StaleRule| s.protocol == rule.protocol && s.ports == rule.ports;
                match folded.iter_mut().find(same) {
                    Some(permission) => permission.groups.push(pair),
                    None => folded.push(StaleRule {
                        protocol: rule.protocol,
                        ports: rule.ports,
                        groups: vec![pair],
                        prefix_list_ids: Vec::new(),
                        ip_ranges: Vec::new(),
                    }),
                }
            }
            folded
        };
        let (inbound, outbound) = (
            stale_rules(Direction::Inbound),
            stale_rules(Direction::Outbound),
        );
        (!inbound.is_empty() || !outbound.is_empty()).then(|| StaleGroup {
            id: group.id.clone(),
            name: group.name.clone(),
            vpc_id: group.vpc_id.clone(),
            description: group.description.clone(),
            inbound,
            outbound,
        })
    }

    /// The reference of `rule` as EC2 lists it, if it is stale: a group in another VPC that no
    /// longer exists, or one reached over a peering that was deleted. A reference within the
    /// group's own VPC is never stale (EC2 refuses to delete a group still referenced there).
    fn stale_reference(
        &self,
        holder: &SecurityGroup,
        rule: &Rule,
        account_id: &str,
    ) -> Option<StaleGroupPair> {
        let Peer::Group(peer) = &rule.peer else {
            return None;
        };
        let remote_vpc = peer.vpc_id.as_deref()?;
        let local_vpc = holder.vpc_id.as_deref()?;
        if local_vpc == remote_vpc {
            return None;
        }
        let target = self.groups.iter().find(|g| g.id == peer.group_id);
        let peering_deleted = peer.peering_status.as_deref() == Some("deleted");
        if target.is_some() && !peering_deleted {
            return None;
        }
        Some(StaleGroupPair {
            group_id: peer.group_id.clone(),
            group_name: target.map(|g| g.name.clone()),
            user_id: Some(peer.user_id.as_deref().unwrap_or(account_id).to_string()),
            vpc_id: Some(remote_vpc.to_string()),
            vpc_peering_connection_id: self
                .peerings
                .iter()
                .find(|p| p.joins(local_vpc, remote_vpc))
                .map(|p| p.id.clone()),
            peering_status: peer.peering_status.clone(),
        })
    }
}

#[cfg(test)]
#[path = "stale_tests.rs"]
mod tests;
