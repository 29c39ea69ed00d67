//! Pages of `DescribeSecurityGroupRules`: decoded whole, or read whole with only their next
//! token, for the read-ahead listing.

use std::borrow::Cow;

use aws_sdk_ec2::types::{ReferencedSecurityGroup, SecurityGroupRule, Tag};
use bytes::Bytes;

use super::xml::walk;

/// One page of rules as EC2 listed them, and the token of the next.
#[derive(Debug, Clone, Default, PartialEq)]
pub(in crate::ec2::aws) struct RulesPage {
    pub rules: Vec<SecurityGroupRule>,
    pub next_token: Option<String>,
}

/// Decodes a `DescribeSecurityGroupRulesResponse`; `None` unless it is one whole document
/// (closed root, no XML error), which is then left to the SDK to judge.
pub(in crate::ec2::aws) fn rules_page(xml: &[u8]) -> Option<RulesPage> {
    let mut page = RulesPage::default();
    let mut rule = SecurityGroupRule::builder();
    let mut referenced = ReferencedSecurityGroup::builder();
    let mut tag = Tag::builder();
    let mut tags: Vec<Tag> = Vec::new();
    let whole = walk(
        xml,
        "DescribeSecurityGroupRulesResponse",
        |parents, name, value| {
            match (parents, name) {
                ([], b"nextToken") => {
                    page.next_token = Some(value.into_owned()).filter(|t| !t.is_empty())
                }
                ([b"securityGroupRuleSet"], b"item") => {
                    let done = std::mem::take(&mut rule);
                    let tags = std::mem::take(&mut tags);
                    page.rules.push(done.set_tags(Some(tags)).build());
                }
                ([b"securityGroupRuleSet", b"item"], field) => {
                    rule = rule_field(std::mem::take(&mut rule), field, value, &mut referenced)?;
                }
                ([b"securityGroupRuleSet", b"item", b"referencedGroupInfo"], field) => {
                    let r = std::mem::take(&mut referenced);
                    referenced = match field {
                        b"groupId" => r.group_id(value),
                        b"userId" => r.user_id(value),
                        b"vpcId" => r.vpc_id(value),
                        b"vpcPeeringConnectionId" => r.vpc_peering_connection_id(value),
                        b"peeringStatus" => r.peering_status(value),
                        _ => r,
                    };
                }
                ([b"securityGroupRuleSet", b"item", b"tagSet"], b"item") => {
                    tags.push(std::mem::take(&mut tag).build());
                }
                ([b"securityGroupRuleSet", b"item", b"tagSet", b"item"], field) => {
                    let t = std::mem::take(&mut tag);
                    tag = match field {
                        b"key" => t.key(value),
                        b"value" => t.value(value),
                        _ => t,
                    };
                }
                _ => {}
            }
            Some(())
        },
    )?;
    whole.then_some(page)
}

/// An answer of `DescribeSecurityGroupRules` read whole but not decoded yet.
#[derive(Debug)]
pub(in crate::ec2::aws) struct RawRules {
    pub body: Bytes,
    pub next_token: Option<String>,
}

/// The answer, and its `nextToken` read on its own (EC2 writes it as a child of the root, and
/// a `<` in any text is escaped, so the element is the only place it appears); `None` unless
/// the answer ends with its closing root tag.
pub(super) fn raw_rules(body: &Bytes) -> Option<RawRules> {
    let end = body.trim_ascii_end();
    if !end.ends_with(b"</DescribeSecurityGroupRulesResponse>") {
        return None;
    }
    let next_token = match memchr::memmem::rfind(end, b"<nextToken>") {
        None => None,
        Some(at) => {
            let rest = &end[at + b"<nextToken>".len()..];
            let close = memchr::memmem::find(rest, b"</nextToken>")?;
            let token = std::str::from_utf8(&rest[..close]).ok()?;
            Some(quick_xml::escape::unescape(token).ok()?.into_owned()).filter(|t| !t.is_empty())
        }
    };
    Some(RawRules {
        body: body.clone(),
        next_token,
    })
}

/// One field of a rule; `None` for a number or flag that does not read as one.
fn rule_field(
    rule: aws_sdk_ec2::types::builders::SecurityGroupRuleBuilder,
    field: &[u8],
    value: Cow<'_, str>,
    referenced: &mut aws_sdk_ec2::types::builders::ReferencedSecurityGroupBuilder,
) -> Option<aws_sdk_ec2::types::builders::SecurityGroupRuleBuilder> {
    Some(match field {
        b"securityGroupRuleId" => rule.security_group_rule_id(value),
        b"groupId" => rule.group_id(value),
        b"groupOwnerId" => rule.group_owner_id(value),
        b"isEgress" => rule.is_egress(value.trim().parse().ok()?),
        b"ipProtocol" => rule.ip_protocol(value),
        b"fromPort" => rule.from_port(value.trim().parse().ok()?),
        b"toPort" => rule.to_port(value.trim().parse().ok()?),
        b"cidrIpv4" => rule.cidr_ipv4(value),
        b"cidrIpv6" => rule.cidr_ipv6(value),
        b"prefixListId" => rule.prefix_list_id(value),
        b"description" => rule.description(value),
        b"securityGroupRuleArn" => rule.security_group_rule_arn(value),
        b"referencedGroupInfo" => rule.referenced_group_info(std::mem::take(referenced).build()),
        _ => rule,
    })
}
