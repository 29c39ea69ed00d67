//! What crosses a fleet's edge, scoped on the way in (`ID@REGION`) and made plain on the way
//! out: every id the inventory keys, joins or sends back to EC2.

use crate::ec2::{AuthorizeRequest, RevokeRequest, RevokeTarget};
use crate::model::scope::{scope_in_place, scope_peer, unscope_in_place, unscope_peer};
use crate::model::{NetworkInterface, PrefixList, Rule, SecurityGroup, StaleGroup};

pub(super) fn group(mut group: SecurityGroup, region: &str) -> SecurityGroup {
    scope_in_place(&mut group.id, region);
    if let Some(vpc) = &mut group.vpc_id {
        scope_in_place(vpc, region);
    }
    group
}

pub(super) fn rule(mut rule: Rule, region: &str) -> Rule {
    scope_in_place(&mut rule.id, region);
    scope_in_place(&mut rule.group_id, region);
    scope_peer(&mut rule.peer, region);
    rule
}

pub(super) fn interface(mut interface: NetworkInterface, region: &str) -> NetworkInterface {
    scope_in_place(&mut interface.id, region);
    if let Some(vpc) = &mut interface.vpc_id {
        scope_in_place(vpc, region);
    }
    for id in &mut interface.group_ids {
        scope_in_place(id, region);
    }
    interface
}

pub(super) fn prefix_list(mut list: PrefixList, region: &str) -> PrefixList {
    scope_in_place(&mut list.id, region);
    list
}

pub(super) fn stale(mut group: StaleGroup, region: &str) -> StaleGroup {
    scope_in_place(&mut group.id, region);
    if let Some(vpc) = &mut group.vpc_id {
        scope_in_place(vpc, region);
    }
    for rule in group.inbound.iter_mut().chain(&mut group.outbound) {
        for pair in &mut rule.groups {
            scope_in_place(&mut pair.group_id, region);
        }
        for id in &mut rule.prefix_list_ids {
            scope_in_place(id, region);
        }
    }
    group
}

/// A revoke as EC2 takes it: plain ids.
pub(super) fn plain_revoke(mut request: RevokeRequest) -> RevokeRequest {
    unscope_in_place(&mut request.group_id);
    match &mut request.target {
        RevokeTarget::RuleIds(ids) => ids.iter_mut().for_each(unscope_in_place),
        RevokeTarget::Permissions(permissions) => permissions
            .iter_mut()
            .flat_map(|p| &mut p.peers)
            .for_each(unscope_peer),
    }
    request
}

/// An authorize of one region among several: its ids scoped, as the inventory holds them.
pub fn scoped_authorize(mut request: AuthorizeRequest, region: &str) -> AuthorizeRequest {
    scope_in_place(&mut request.group_id, region);
    scope_peer(&mut request.peer, region);
    request
}

/// An authorize as EC2 takes it: plain ids.
pub(super) fn plain_authorize(mut request: AuthorizeRequest) -> AuthorizeRequest {
    unscope_in_place(&mut request.group_id);
    unscope_peer(&mut request.peer);
    request
}
