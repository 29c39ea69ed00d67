//! Pages of `DescribeSecurityGroupRules`, straight into sgtui's rules.

use std::borrow::Cow;

use super::xml::walk;
use crate::ec2::aws::fields::{ReferencedFields, RuleFields, add_tag};
use crate::model::Rule;

/// One page of rules as EC2 listed them, and the token of the next.
#[derive(Debug, Clone, Default, PartialEq)]
pub(in crate::ec2::aws) struct RulesPage {
    pub rules: Vec<Rule>,
    pub next_token: Option<String>,
}

/// Decodes a `DescribeSecurityGroupRulesResponse` straight into sgtui's rules, each made by
/// the same [`RuleFields::into_rule`] as a rule the SDK decoded; `None` unless it is one whole
/// document (closed root, no XML error), which is then left to the SDK to judge.
pub(in crate::ec2::aws) fn rules_page(xml: &[u8]) -> Option<RulesPage> {
    let mut page = RulesPage::default();
    let mut rule = RuleFields::default();
    let mut referenced = ReferencedFields::default();
    let mut tag: (Option<Cow<'_, str>>, Option<Cow<'_, str>>) = (None, None);
    let whole = walk(
        xml,
        "DescribeSecurityGroupRulesResponse",
        |parents, name, value| {
            match (parents, name) {
                ([], b"nextToken") => {
                    page.next_token = Some(value.into_owned()).filter(|t| !t.is_empty())
                }
                ([b"securityGroupRuleSet"], b"item") => {
                    page.rules.push(std::mem::take(&mut rule).into_rule());
                }
                ([b"securityGroupRuleSet", b"item"], b"referencedGroupInfo") => {
                    rule.referenced = Some(std::mem::take(&mut referenced).into_group_ref());
                }
                ([b"securityGroupRuleSet", b"item"], field) => rule_field(&mut rule, field, value)?,
                ([b"securityGroupRuleSet", b"item", b"referencedGroupInfo"], field) => {
                    let kept = match field {
                        b"groupId" => &mut referenced.group_id,
                        b"userId" => &mut referenced.user_id,
                        b"vpcId" => &mut referenced.vpc_id,
                        b"peeringStatus" => &mut referenced.peering_status,
                        _ => return Some(()),
                    };
                    *kept = Some(value);
                }
                ([b"securityGroupRuleSet", b"item", b"tagSet"], b"item") => {
                    let (key, value) = std::mem::take(&mut tag);
                    add_tag(&mut rule.tags, key, value);
                }
                ([b"securityGroupRuleSet", b"item", b"tagSet", b"item"], b"key") => {
                    tag.0 = Some(value)
                }
                ([b"securityGroupRuleSet", b"item", b"tagSet", b"item"], b"value") => {
                    tag.1 = Some(value)
                }
                _ => {}
            }
            Some(())
        },
    )?;
    whole.then_some(page)
}

/// One field of a rule; `None` for a number or flag that does not read as one.
fn rule_field<'a>(rule: &mut RuleFields<'a>, field: &[u8], value: Cow<'a, str>) -> Option<()> {
    let text = match field {
        b"isEgress" => {
            rule.is_egress = Some(value.parse().ok()?);
            return Some(());
        }
        b"fromPort" => {
            rule.from_port = Some(value.parse().ok()?);
            return Some(());
        }
        b"toPort" => {
            rule.to_port = Some(value.parse().ok()?);
            return Some(());
        }
        b"securityGroupRuleId" => &mut rule.id,
        b"groupId" => &mut rule.group_id,
        b"ipProtocol" => &mut rule.ip_protocol,
        b"cidrIpv4" => &mut rule.cidr_ipv4,
        b"cidrIpv6" => &mut rule.cidr_ipv6,
        b"prefixListId" => &mut rule.prefix_list_id,
        b"description" => &mut rule.description,
        _ => return Some(()),
    };
    *text = Some(value);
    Some(())
}
