//! Pages of `DescribeSecurityGroups`, each group with how many rules its permissions list.

use std::borrow::Cow;

use super::xml::walk;
use crate::ec2::aws::fields::{GroupFields, add_tag};
use crate::model::SecurityGroup;

/// One page of groups as EC2 listed them, and the token of the next.
#[derive(Debug, Clone, Default, PartialEq)]
pub(in crate::ec2::aws) struct GroupsPage {
    pub groups: Vec<SecurityGroup>,
    pub next_token: Option<String>,
}

/// Decodes a `DescribeSecurityGroupsResponse` straight into sgtui's groups, each made by the
/// same [`GroupFields::into_group`] as a group the SDK decoded; `None` unless it is one whole
/// document. Of the permissions, only their peers are counted (the rules come from
/// `DescribeSecurityGroupRules`), but their ports are still read as numbers, so that an
/// answer the SDK would refuse is refused here too.
pub(in crate::ec2::aws) fn groups_page(xml: &[u8]) -> Option<GroupsPage> {
    let mut page = GroupsPage::default();
    let mut group = GroupFields::default();
    let mut tag: (Option<Cow<'_, str>>, Option<Cow<'_, str>>) = (None, None);
    let whole = walk(
        xml,
        "DescribeSecurityGroupsResponse",
        |parents, name, value| {
            match (parents, name) {
                // Below `securityGroupInfo/item/ipPermissions(Egress)`, the same for both.
                (
                    [
                        b"securityGroupInfo",
                        b"item",
                        b"ipPermissions" | b"ipPermissionsEgress",
                        permission @ ..,
                    ],
                    field,
                ) => match (permission, field) {
                    ([b"item"], b"fromPort" | b"toPort") => {
                        value.parse::<i32>().ok()?;
                    }
                    (
                        [
                            b"item",
                            b"groups" | b"ipRanges" | b"ipv6Ranges" | b"prefixListIds",
                        ],
                        b"item",
                    ) => group.listed_rules += 1,
                    _ => {}
                },
                ([], b"nextToken") => {
                    page.next_token = Some(value.into_owned()).filter(|t| !t.is_empty())
                }
                ([b"securityGroupInfo"], b"item") => {
                    page.groups.push(std::mem::take(&mut group).into_group());
                }
                ([b"securityGroupInfo", b"item"], field) => {
                    let kept = match field {
                        b"ownerId" => &mut group.owner_id,
                        b"groupId" => &mut group.id,
                        b"groupName" => &mut group.name,
                        b"groupDescription" => &mut group.description,
                        b"vpcId" => &mut group.vpc_id,
                        _ => return Some(()),
                    };
                    *kept = Some(value);
                }
                ([b"securityGroupInfo", b"item", b"tagSet"], b"item") => {
                    let (key, value) = std::mem::take(&mut tag);
                    add_tag(&mut group.tags, key, value);
                }
                ([b"securityGroupInfo", b"item", b"tagSet", b"item"], b"key") => {
                    tag.0 = Some(value)
                }
                ([b"securityGroupInfo", b"item", b"tagSet", b"item"], b"value") => {
                    tag.1 = Some(value)
                }
                _ => {}
            }
            Some(())
        },
    )?;
    whole.then_some(page)
}
