//! Pages of `DescribeSecurityGroups`, each group with every peer of its permissions.

use aws_sdk_ec2::types::{
    IpPermission, IpRange, Ipv6Range, PrefixListId, SecurityGroup, Tag, UserIdGroupPair,
};

use super::xml::walk;

/// One page of groups as EC2 listed them, and the token of the next.
#[derive(Debug, Clone, Default, PartialEq)]
pub(in crate::ec2::aws) struct GroupsPage {
    pub groups: Vec<SecurityGroup>,
    pub next_token: Option<String>,
}

/// Decodes a `DescribeSecurityGroupsResponse` into the SDK's group type, each permission with
/// its peers; `None` unless it is one whole document.
pub(in crate::ec2::aws) fn groups_page(xml: &[u8]) -> Option<GroupsPage> {
    let mut page = GroupsPage::default();
    let mut group = SecurityGroup::builder();
    let mut permission = IpPermission::builder();
    let mut pair = UserIdGroupPair::builder();
    let mut v4 = IpRange::builder();
    let mut v6 = Ipv6Range::builder();
    let mut list = PrefixListId::builder();
    let mut tag = Tag::builder();
    let (mut inbound, mut outbound, mut tags) = (Vec::new(), Vec::new(), Vec::new());
    let whole = walk(
        xml,
        "DescribeSecurityGroupsResponse",
        |parents, name, value| {
            // Below `securityGroupInfo/item/ipPermissions(Egress)/item`, the same for both.
            let (permission_parents, egress) = match parents {
                [b"securityGroupInfo", b"item", b"ipPermissions", rest @ ..] => (Some(rest), false),
                [
                    b"securityGroupInfo",
                    b"item",
                    b"ipPermissionsEgress",
                    rest @ ..,
                ] => (Some(rest), true),
                _ => (None, false),
            };
            match (permission_parents, parents, name) {
                (Some([]), _, b"item") => {
                    let done = std::mem::take(&mut permission).build();
                    if egress {
                        outbound.push(done)
                    } else {
                        inbound.push(done)
                    }
                }
                (Some([b"item"]), _, field) => {
                    let taken = std::mem::take(&mut permission);
                    permission = match field {
                        b"ipProtocol" => taken.ip_protocol(value),
                        b"fromPort" => taken.from_port(value.trim().parse().ok()?),
                        b"toPort" => taken.to_port(value.trim().parse().ok()?),
                        _ => taken,
                    };
                }
                (Some([b"item", b"groups"]), _, b"item") => {
                    let taken = std::mem::take(&mut permission);
                    permission = taken.user_id_group_pairs(std::mem::take(&mut pair).build());
                }
                (Some([b"item", b"groups", b"item"]), _, field) => {
                    let taken = std::mem::take(&mut pair);
                    pair = match field {
                        b"userId" => taken.user_id(value),
                        b"groupId" => taken.group_id(value),
                        b"groupName" => taken.group_name(value),
                        b"vpcId" => taken.vpc_id(value),
                        b"vpcPeeringConnectionId" => taken.vpc_peering_connection_id(value),
                        b"peeringStatus" => taken.peering_status(value),
                        b"description" => taken.description(value),
                        _ => taken,
                    };
                }
                (Some([b"item", b"ipRanges"]), _, b"item") => {
                    let taken = std::mem::take(&mut permission);
                    permission = taken.ip_ranges(std::mem::take(&mut v4).build());
                }
                (Some([b"item", b"ipRanges", b"item"]), _, field) => {
                    let taken = std::mem::take(&mut v4);
                    v4 = match field {
                        b"cidrIp" => taken.cidr_ip(value),
                        b"description" => taken.description(value),
                        _ => taken,
                    };
                }
                (Some([b"item", b"ipv6Ranges"]), _, b"item") => {
                    let taken = std::mem::take(&mut permission);
                    permission = taken.ipv6_ranges(std::mem::take(&mut v6).build());
                }
                (Some([b"item", b"ipv6Ranges", b"item"]), _, field) => {
                    let taken = std::mem::take(&mut v6);
                    v6 = match field {
                        b"cidrIpv6" => taken.cidr_ipv6(value),
                        b"description" => taken.description(value),
                        _ => taken,
                    };
                }
                (Some([b"item", b"prefixListIds"]), _, b"item") => {
                    let taken = std::mem::take(&mut permission);
                    permission = taken.prefix_list_ids(std::mem::take(&mut list).build());
                }
                (Some([b"item", b"prefixListIds", b"item"]), _, field) => {
                    let taken = std::mem::take(&mut list);
                    list = match field {
                        b"prefixListId" => taken.prefix_list_id(value),
                        b"description" => taken.description(value),
                        _ => taken,
                    };
                }
                (Some(_), _, _) => {}
                (None, [], b"nextToken") => {
                    page.next_token = Some(value.into_owned()).filter(|t| !t.is_empty())
                }
                (None, [b"securityGroupInfo"], b"item") => {
                    let done = std::mem::take(&mut group)
                        .set_ip_permissions(Some(std::mem::take(&mut inbound)))
                        .set_ip_permissions_egress(Some(std::mem::take(&mut outbound)))
                        .set_tags(Some(std::mem::take(&mut tags)));
                    page.groups.push(done.build());
                }
                (None, [b"securityGroupInfo", b"item"], field) => {
                    let taken = std::mem::take(&mut group);
                    group = match field {
                        b"ownerId" => taken.owner_id(value),
                        b"groupId" => taken.group_id(value),
                        b"groupName" => taken.group_name(value),
                        b"groupDescription" => taken.description(value),
                        b"vpcId" => taken.vpc_id(value),
                        b"securityGroupArn" => taken.security_group_arn(value),
                        _ => taken,
                    };
                }
                (None, [b"securityGroupInfo", b"item", b"tagSet"], b"item") => {
                    tags.push(std::mem::take(&mut tag).build());
                }
                (None, [b"securityGroupInfo", b"item", b"tagSet", b"item"], field) => {
                    let taken = std::mem::take(&mut tag);
                    tag = match field {
                        b"key" => taken.key(value),
                        b"value" => taken.value(value),
                        _ => taken,
                    };
                }
                _ => {}
            }
            Some(())
        },
    )?;
    whole.then_some(page)
}
