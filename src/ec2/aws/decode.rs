//! `DescribeSecurityGroupRules` and `DescribeSecurityGroups` answers decoded with quick-xml
//! instead of the SDK's XML decoder, which spent about a second of one core on the 160 pages of
//! a fleet of 160,000 rules. Each page is sent through an HTTP client of its own ([`Decoding`])
//! that wraps the shared one: it reads a successful answer, decodes it into the SDK's own types
//! (so that the rest converts exactly as before) and hands the SDK an empty answer of the same
//! operation to decode instead. Signing, retries, timeouts and errors stay the SDK's: an answer
//! that is not a success, or that does not decode as a whole document, passes through
//! untouched.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};

use aws_sdk_ec2::types::{
    IpPermission, IpRange, Ipv6Range, PrefixListId, ReferencedSecurityGroup, SecurityGroup,
    SecurityGroupRule, Tag, UserIdGroupPair,
};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::byte_stream::ByteStream;
use bytes::Bytes;
use quick_xml::Reader;
use quick_xml::events::Event;

/// Where a page's client leaves what it decoded (the last successful attempt's).
pub(super) type Slot<T> = Arc<Mutex<Option<T>>>;

/// How one operation's answers are decoded here.
#[derive(Debug)]
pub(super) struct Operation<T> {
    pub decode: fn(&Bytes) -> Option<T>,
    /// The empty answer the SDK is given once the page is decoded here.
    pub empty: &'static str,
}

impl<T> Clone for Operation<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Operation<T> {}

/// A client of `client`'s configuration whose answers `operation` decodes into `slot`; the
/// configuration unchanged when it names no HTTP client to wrap (`client_of` always names one).
pub(super) fn decoding<T: std::fmt::Debug + Send + 'static>(
    client: &aws_sdk_ec2::Client,
    operation: Operation<T>,
    slot: &Slot<T>,
) -> aws_sdk_ec2::config::Builder {
    let config = aws_sdk_ec2::config::Builder::new();
    match client.config().http_client() {
        Some(inner) => config.http_client(Decoding {
            inner,
            slot: slot.clone(),
            operation,
        }),
        None => config,
    }
}

pub(super) const RULES: Operation<RulesPage> = Operation {
    decode: |body| rules_page(body),
    empty: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <DescribeSecurityGroupRulesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
        <requestId>decoded-by-sgtui</requestId></DescribeSecurityGroupRulesResponse>",
};

/// Answers of `DescribeSecurityGroupRules` kept as they came, with the token of the next page,
/// so that the next page is asked for while this one is decoded ([`rules_page`] then).
pub(super) const RAW_RULES: Operation<RawRules> = Operation {
    decode: raw_rules,
    empty: RULES.empty,
};

pub(super) const GROUPS: Operation<GroupsPage> = Operation {
    decode: |body| groups_page(body),
    empty: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <DescribeSecurityGroupsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
        <requestId>decoded-by-sgtui</requestId></DescribeSecurityGroupsResponse>",
};

/// A page's HTTP client: the shared one, with successful answers decoded into `slot`.
#[derive(Debug)]
pub(super) struct Decoding<T> {
    pub inner: SharedHttpClient,
    pub slot: Slot<T>,
    pub operation: Operation<T>,
}

impl<T: std::fmt::Debug + Send + 'static> HttpClient for Decoding<T> {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(DecodingConnector {
            inner: self.inner.http_connector(settings, components),
            slot: self.slot.clone(),
            operation: self.operation,
        })
    }
}

#[derive(Debug)]
struct DecodingConnector<T> {
    inner: SharedHttpConnector,
    slot: Slot<T>,
    operation: Operation<T>,
}

impl<T: std::fmt::Debug + Send + 'static> HttpConnector for DecodingConnector<T> {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let (inner, slot, operation) = (self.inner.clone(), self.slot.clone(), self.operation);
        HttpConnectorFuture::new(async move {
            let mut response = inner.call(request).await?;
            if !response.status().is_success() {
                return Ok(response);
            }
            let body = ByteStream::new(response.take_body())
                .collect()
                .await
                .map_err(|e| ConnectorError::io(e.into()))?
                .into_bytes();
            let body = match (operation.decode)(&body) {
                Some(page) => {
                    *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(page);
                    SdkBody::from(operation.empty)
                }
                None => SdkBody::from(body),
            };
            response.headers_mut().remove("content-length");
            *response.body_mut() = body;
            Ok(response)
        })
    }
}

/// An answer of `DescribeSecurityGroupRules` read whole but not decoded yet.
#[derive(Debug)]
pub(super) struct RawRules {
    pub body: Bytes,
    pub next_token: Option<String>,
}

/// The answer, and its `nextToken` read on its own (EC2 writes it as a child of the root, and
/// a `<` in any text is escaped, so the element is the only place it appears); `None` unless
/// the answer ends with its closing root tag.
fn raw_rules(body: &Bytes) -> Option<RawRules> {
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

/// Takes what the page's client decoded, if it did.
pub(super) fn take<T>(slot: &Slot<T>) -> Option<T> {
    slot.lock().unwrap_or_else(PoisonError::into_inner).take()
}

/// How deep an answer may nest below its root; deeper, it is left to the SDK.
const DEPTH: usize = 8;

/// Reads `xml`, telling `visit` of each element that ends: the names of its parents below the
/// root, its name and its text, unescaped. Answers whether the document was whole: its root
/// named `root` and closed. `None` on an XML error, on a character XML 1.0 does not allow, or
/// when `visit` answers `None` (a number that is not one). Names are kept in buffers reused
/// from one element to the next: an answer of a thousand rules has some twenty thousand.
fn walk(
    xml: &[u8],
    root: &str,
    mut visit: impl FnMut(&[&[u8]], &[u8], Cow<'_, str>) -> Option<()>,
) -> Option<bool> {
    let mut reader = Reader::from_reader(xml);
    let mut names: Vec<Vec<u8>> = Vec::new();
    let mut depth = 0;
    let mut empty = Vec::new();
    let mut text = String::new();
    let mut whole = false;
    loop {
        let ended = match reader.read_event().ok()? {
            Event::Start(e) => {
                let name = e.local_name().into_inner().as_bytes();
                match names.get_mut(depth) {
                    Some(kept) => {
                        kept.clear();
                        kept.extend_from_slice(name);
                    }
                    None => names.push(name.to_vec()),
                }
                depth += 1;
                text.clear();
                continue;
            }
            Event::Empty(e) => {
                empty.clear();
                empty.extend_from_slice(e.local_name().into_inner().as_bytes());
                text.clear();
                false
            }
            Event::Text(t) => {
                text.push_str(&t);
                continue;
            }
            Event::GeneralRef(r) => {
                text.push('&');
                text.push_str(&r);
                text.push(';');
                continue;
            }
            Event::CData(c) => {
                text.push_str(&quick_xml::escape::escape(&*c));
                continue;
            }
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                true
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = if ended { &names[depth] } else { &empty };
        let value = quick_xml::escape::unescape(&text).ok()?;
        // A character XML 1.0 does not allow: the SDK's reader refuses the answer, and it is
        // judged so here too.
        if value
            .chars()
            .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        {
            return None;
        }
        if depth == 0 {
            whole = name == root.as_bytes();
            text.clear();
            continue;
        }
        if depth > DEPTH {
            return None;
        }
        let mut parents: [&[u8]; DEPTH] = [&[]; DEPTH];
        for (slot, kept) in parents.iter_mut().zip(&names[1..depth]) {
            *slot = kept;
        }
        visit(&parents[..depth - 1], name, value)?;
        text.clear();
    }
    Some(whole)
}

/// One page of rules as EC2 listed them, and the token of the next.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct RulesPage {
    pub rules: Vec<SecurityGroupRule>,
    pub next_token: Option<String>,
}

/// Decodes a `DescribeSecurityGroupRulesResponse`; `None` unless it is one whole document
/// (closed root, no XML error), which is then left to the SDK to judge.
pub(super) fn rules_page(xml: &[u8]) -> Option<RulesPage> {
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
/// One page of groups as EC2 listed them, and the token of the next.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct GroupsPage {
    pub groups: Vec<SecurityGroup>,
    pub next_token: Option<String>,
}

/// Decodes a `DescribeSecurityGroupsResponse` into the SDK's group type, each permission with
/// its peers; `None` unless it is one whole document.
pub(super) fn groups_page(xml: &[u8]) -> Option<GroupsPage> {
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

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
