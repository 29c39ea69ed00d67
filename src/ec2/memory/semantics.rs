//! What EC2 checks and does on a call, as real EC2 answers (not as moto does): IAM before any
//! call, the checks before any change, and a revoke by rule ids or by properties.

use super::State;
use crate::ec2::{ApiError, Permission, RevokeRequest, RevokeResponse, codes};
use crate::model::{Peer, properties_text};

impl State {
    /// What EC2 checks before a mutating call: the group id, the group, IAM, then DryRun.
    pub(super) fn check_call(
        &self,
        group_id: &str,
        action: &str,
        dry_run: bool,
    ) -> Result<(), ApiError> {
        if !group_id.starts_with("sg-") {
            return Err(ApiError::new(
                codes::GROUP_ID_MALFORMED,
                format!("Invalid id: \"{group_id}\" (expecting \"sg-...\")"),
            ));
        }
        if !self.groups.iter().any(|g| g.id == group_id) {
            return Err(ApiError::new(
                codes::GROUP_NOT_FOUND,
                format!("The security group '{group_id}' does not exist"),
            ));
        }
        self.check_iam(action, Some(group_id))?;
        if dry_run {
            return Err(ApiError::new(
                codes::DRY_RUN_OPERATION,
                "Request would have succeeded, but DryRun flag is set.",
            ));
        }
        Ok(())
    }

    /// A rule can only be created to reference a group that exists: one deleted since (the
    /// group a stale rule names) is `InvalidGroup.NotFound`, so a revoked stale rule cannot come
    /// back.
    pub(super) fn check_referenced_group(&self, peer: &Peer) -> Result<(), ApiError> {
        match peer {
            Peer::Group(g) if !self.groups.iter().any(|group| group.id == g.group_id) => {
                Err(ApiError::new(
                    codes::GROUP_NOT_FOUND,
                    format!("The security group '{}' does not exist", g.group_id),
                ))
            }
            _ => Ok(()),
        }
    }

    /// What IAM says to `action` on `resource` (see [`DeniedCall`](super::DeniedCall)).
    pub(super) fn check_iam(&self, action: &str, resource: Option<&str>) -> Result<(), ApiError> {
        if self.denied.iter().any(|d| d.refuses(action, resource)) {
            return Err(ApiError::new(
                codes::UNAUTHORIZED,
                "You are not authorized to perform this operation.",
            ));
        }
        Ok(())
    }

    /// Whether the group is in a default VPC, where a revoke by properties tolerates peers that
    /// match nothing. A group without a VPC counts as one.
    pub(super) fn in_default_vpc(&self, group_id: &str) -> bool {
        self.groups
            .iter()
            .find(|g| g.id == group_id)
            .is_none_or(|g| {
                g.vpc_id
                    .as_ref()
                    .is_none_or(|v| self.default_vpcs.contains(v))
            })
    }
}

/// A revoke by rule ids as EC2 does it: all or nothing, so one unknown id (wrong group, wrong
/// direction, already gone) fails the call.
pub(super) fn revoke_by_ids(
    state: &mut State,
    request: &RevokeRequest,
    ids: Vec<String>,
) -> Result<RevokeResponse, ApiError> {
    let group_id = &request.group_id;
    if ids.is_empty() {
        return Err(ApiError::new(
            codes::MISSING_PARAMETER,
            "Either 'ipPermissions' or 'securityGroupRuleIds' should be provided.",
        ));
    }
    for id in &ids {
        let exists = state
            .rules
            .iter()
            .any(|r| &r.id == id && &r.group_id == group_id && r.direction == request.direction);
        if !exists {
            return Err(ApiError::new(
                codes::RULE_ID_NOT_FOUND,
                format!("The security group rule ID '{id}' does not exist"),
            ));
        }
    }
    state
        .rules
        .retain(|r| !(&r.group_id == group_id && ids.contains(&r.id)));
    Ok(RevokeResponse {
        returned: true,
        revoked_rule_ids: Some(ids),
        unknown_permissions: Vec::new(),
    })
}

/// A revoke by properties as EC2 does it: each named peer must match a rule exactly. In a
/// default VPC the peers that match nothing are answered in `UnknownIpPermissions` and the others
/// revoked; in any other VPC one mismatch fails the call and nothing is revoked.
pub(super) fn revoke_by_properties(
    state: &mut State,
    request: &RevokeRequest,
    permissions: &[Permission],
) -> Result<RevokeResponse, ApiError> {
    if permissions.iter().all(|p| p.peers.is_empty()) {
        return Err(ApiError::new(
            codes::MISSING_PARAMETER,
            "Either 'ipPermissions' or 'securityGroupRuleIds' should be provided.",
        ));
    }
    let mut matched: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for permission in permissions {
        for peer in &permission.peers {
            let rule = state.rules.iter().find(|r| {
                r.group_id == request.group_id
                    && r.direction == request.direction
                    && r.has_properties(permission.protocol, permission.ports, peer)
            });
            match rule {
                Some(rule) if !matched.contains(&rule.id) => matched.push(rule.id.clone()),
                Some(_) => {}
                None => unknown.push(properties_text(permission.protocol, permission.ports, peer)),
            }
        }
    }
    if !unknown.is_empty() && !state.in_default_vpc(&request.group_id) {
        return Err(ApiError::new(
            codes::PERMISSION_NOT_FOUND,
            "The specified rule does not exist in this security group.",
        ));
    }
    state.rules.retain(|r| !matched.contains(&r.id));
    Ok(RevokeResponse {
        returned: true,
        revoked_rule_ids: Some(matched),
        unknown_permissions: unknown,
    })
}
