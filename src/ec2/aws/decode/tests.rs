use super::groups::groups_page;
use super::rules::rules_page;
use super::*;
use crate::model::{Direction, GroupRef, Peer, PortRange, Protocol};

/// A `DescribeSecurityGroupRules` answer holding `items`, shaped as EC2 writes it.
fn answer(items: &str, next: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <DescribeSecurityGroupRulesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n\
         \x20   <requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>\n\
         \x20   <securityGroupRuleSet>{items}</securityGroupRuleSet>{next}\n\
         </DescribeSecurityGroupRulesResponse>"
    )
}

pub(super) const SSH: &str = "\n        <item>\n            <securityGroupRuleId>sgr-0a1b2c3d4e5f60001</securityGroupRuleId>\
    <groupId>sg-0a1b2c3d4e5f60001</groupId><groupOwnerId>123456789012</groupOwnerId>\
    <isEgress>false</isEgress><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort>\
    <toPort>22</toPort><cidrIpv4>0.0.0.0/0</cidrIpv4>\
    <description>ssh &amp; &lt;ops&gt; caf&#233; &#x2603;</description>\
    <tagSet><item><key>owner</key><value>alice</value></item><item><key>empty</key><value/></item></tagSet>\
    <securityGroupRuleArn>arn:aws:ec2:us-east-1:123456789012:security-group-rule/sgr-0a1b2c3d4e5f60001</securityGroupRuleArn>\n        </item>";

pub(super) const PEERED: &str = "<item><securityGroupRuleId>sgr-0a1b2c3d4e5f60002</securityGroupRuleId>\
    <groupId>sg-0a1b2c3d4e5f60001</groupId><groupOwnerId>123456789012</groupOwnerId>\
    <isEgress>true</isEgress><ipProtocol>-1</ipProtocol><fromPort>-1</fromPort><toPort>-1</toPort>\
    <referencedGroupInfo><groupId>sg-0f9e8d7c6b5a40321</groupId><peeringStatus>active</peeringStatus>\
    <userId>210987654321</userId><vpcId>vpc-0f9e8d7c6b5a40999</vpcId>\
    <vpcPeeringConnectionId>pcx-0123456789abcdef0</vpcPeeringConnectionId></referencedGroupInfo>\
    <description><![CDATA[a & b]]></description><tagSet/></item>";

pub(super) const LISTED: &str = "<item><securityGroupRuleId>sgr-0a1b2c3d4e5f60003</securityGroupRuleId>\
    <groupId>sg-0a1b2c3d4e5f60001</groupId><isEgress>false</isEgress><ipProtocol>tcp</ipProtocol>\
    <fromPort>443</fromPort><toPort>443</toPort><prefixListId>pl-6ea54007</prefixListId></item>\
    <item><securityGroupRuleId>sgr-0a1b2c3d4e5f60004</securityGroupRuleId>\
    <groupId>sg-0a1b2c3d4e5f60001</groupId><isEgress>false</isEgress><ipProtocol>icmpv6</ipProtocol>\
    <fromPort>128</fromPort><toPort>-1</toPort><cidrIpv6>2001:db8:1234::/48</cidrIpv6></item>";

#[test]
fn every_field_of_every_peer_kind_is_read_and_text_is_unescaped() {
    let xml = answer(
        &format!("{SSH}{PEERED}{LISTED}"),
        "<nextToken>eyJ2IjoiMiJ9</nextToken>",
    );
    let page = rules_page(xml.as_bytes()).expect("a whole answer");
    assert_eq!(page.next_token.as_deref(), Some("eyJ2IjoiMiJ9"));
    assert_eq!(page.rules.len(), 4);

    let ssh = &page.rules[0];
    assert_eq!(ssh.id, "sgr-0a1b2c3d4e5f60001");
    assert_eq!(ssh.group_id, "sg-0a1b2c3d4e5f60001");
    assert_eq!(ssh.direction, Direction::Inbound);
    assert_eq!(ssh.protocol, Protocol::Tcp);
    assert_eq!(ssh.ports, PortRange::new(22, 22));
    assert_eq!(ssh.peer, Peer::Ipv4("0.0.0.0/0".parse().unwrap()));
    assert_eq!(ssh.description.as_deref(), Some("ssh & <ops> café ☃"));
    let tags: Vec<(&str, &str)> = ssh
        .tags
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(tags, [("empty", ""), ("owner", "alice")]);

    let peered = &page.rules[1];
    assert_eq!(peered.direction, Direction::Outbound);
    assert_eq!(peered.protocol, Protocol::All);
    // A CDATA section gives no text, as the SDK reads it.
    assert_eq!(peered.description, None);
    assert!(peered.tags.is_empty());
    assert_eq!(
        peered.peer,
        Peer::Group(GroupRef {
            group_id: "sg-0f9e8d7c6b5a40321".into(),
            user_id: Some("210987654321".into()),
            vpc_id: Some("vpc-0f9e8d7c6b5a40999".into()),
            peering_status: Some("active".into()),
        })
    );
    // The referenced group's id is not taken for the rule's own.
    assert_eq!(peered.group_id, "sg-0a1b2c3d4e5f60001");

    assert_eq!(page.rules[2].peer, Peer::PrefixList("pl-6ea54007".into()));
    assert_eq!(
        page.rules[3].peer,
        Peer::Ipv6("2001:db8:1234::/48".parse().unwrap())
    );
    assert_eq!(page.rules[3].ports, PortRange::new(128, -1));
}

#[test]
fn an_empty_page_has_no_rules_and_no_token() {
    let xml = answer("", "<nextToken/>").replace(
        "<securityGroupRuleSet></securityGroupRuleSet>",
        "<securityGroupRuleSet/>",
    );
    assert_eq!(rules_page(xml.as_bytes()), Some(RulesPage::default()));
}

#[test]
fn what_is_not_one_whole_answer_is_left_to_the_sdk() {
    let whole = answer(SSH, "");
    // Cut off before its closing tag, at any point.
    for cut in [whole.len() - 10, whole.len() / 2, 40] {
        assert_eq!(rules_page(&whole.as_bytes()[..cut]), None, "cut at {cut}");
    }
    // Another operation's answer, or no XML at all.
    let other = whole.replace(
        "DescribeSecurityGroupRulesResponse",
        "DescribeSecurityGroupsResponse",
    );
    assert_eq!(rules_page(other.as_bytes()), None);
    assert_eq!(rules_page(b"<html><body>Bad Gateway</body></html>"), None);
    assert_eq!(rules_page(b""), None);
    // A port that is not a number, and mismatched tags.
    let bad_port = whole.replace("<fromPort>22</fromPort>", "<fromPort>twenty</fromPort>");
    assert_eq!(rules_page(bad_port.as_bytes()), None);
    let mismatched = whole.replace("</groupId>", "</group>");
    assert_eq!(rules_page(mismatched.as_bytes()), None);
    // A control character XML 1.0 does not allow, written raw: the SDK's reader refuses it.
    for control in ["\u{1b}[2J", "\u{7}"] {
        let hostile = whole.replace("ssh &amp;", &format!("ssh {control}"));
        assert_eq!(rules_page(hostile.as_bytes()), None, "{control:?}");
    }
}

#[test]
fn groups_are_read_with_the_peers_of_their_permissions_counted() {
    let xml = groups_xml();
    let page = groups_page(xml.as_bytes()).expect("a whole answer");
    assert_eq!(page.next_token.as_deref(), Some("t2"));
    let web = &page.groups[0];
    assert_eq!(web.id, "sg-0a1b2c3d4e5f60001");
    assert_eq!(web.name, "web & api");
    assert_eq!(web.description, "web tier");
    assert_eq!(web.vpc_id.as_deref(), Some("vpc-0a1b2c3d4e5f60789"));
    assert_eq!(web.owner_id.as_deref(), Some("123456789012"));
    assert_eq!(web.tags.get("env").map(String::as_str), Some("prod"));
    // 2 CIDRs and a group, then an IPv6 range and a prefix list; one egress CIDR.
    assert_eq!(web.listed_rules, Some(6));
    let classic = &page.groups[1];
    assert_eq!(
        (classic.vpc_id.as_deref(), classic.listed_rules),
        (None, Some(0))
    );
    // A port of a permission that is not a number: the SDK refuses the answer, and so does
    // this decoder, though it keeps no ports of permissions.
    let bad = xml.replace("<fromPort>443</fromPort>", "<fromPort>https</fromPort>");
    assert_eq!(groups_page(bad.as_bytes()), None);

    let cut = &xml.as_bytes()[..xml.len() - 30];
    assert_eq!(groups_page(cut), None);
    assert_eq!(
        groups_page(answer(SSH, "").as_bytes()),
        None,
        "another operation's answer"
    );
}

/// A `DescribeSecurityGroups` answer of two groups, one with peers of every kind.
pub(super) fn groups_xml() -> &'static str {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
        <DescribeSecurityGroupsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
        <requestId>r</requestId><securityGroupInfo><item>\
        <ownerId>123456789012</ownerId><groupId>sg-0a1b2c3d4e5f60001</groupId>\
        <groupName>web &amp; api</groupName><groupDescription>web tier</groupDescription>\
        <vpcId>vpc-0a1b2c3d4e5f60789</vpcId>\
        <ipPermissions>\
          <item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort>\
            <groups><item><userId>210987654321</userId><groupId>sg-0f9e8d7c6b5a40321</groupId>\
              <vpcId>vpc-9</vpcId><vpcPeeringConnectionId>pcx-1</vpcPeeringConnectionId>\
              <peeringStatus>active</peeringStatus><description>peer</description></item></groups>\
            <ipRanges><item><cidrIp>10.0.0.0/8</cidrIp><description>office</description></item>\
              <item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges>\
            <ipv6Ranges/><prefixListIds/></item>\
          <item><ipProtocol>-1</ipProtocol><groups/><ipRanges/>\
            <ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges>\
            <prefixListIds><item><prefixListId>pl-6ea54007</prefixListId></item></prefixListIds></item>\
        </ipPermissions>\
        <ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><groups/>\
          <ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges/><prefixListIds/>\
        </item></ipPermissionsEgress>\
        <tagSet><item><key>env</key><value>prod</value></item></tagSet>\
        <securityGroupArn>arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a1b2c3d4e5f60001</securityGroupArn>\
        </item><item><ownerId>123456789012</ownerId><groupId>sg-5e7d3a21</groupId>\
        <groupName>classic</groupName><groupDescription>no vpc</groupDescription>\
        <ipPermissions/><ipPermissionsEgress/></item></securityGroupInfo>\
        <nextToken>t2</nextToken></DescribeSecurityGroupsResponse>"
}

#[test]
fn xml_beyond_what_ec2_writes_is_left_to_the_sdk() {
    let whole = answer(SSH, "");
    assert!(rules_page(whole.as_bytes()).is_some());
    let body = whole.split_once('\n').expect("a declaration line").1;
    // Without its declaration, or with a comment: still read.
    assert!(rules_page(body.as_bytes()).is_some());
    let commented = whole.replace("<tagSet>", "<!-- a comment --><tagSet>");
    assert!(rules_page(commented.as_bytes()).is_some());
    for odd in [
        format!("<!DOCTYPE x>\n{body}"),
        whole.replace("<tagSet>", "<?pi here?><tagSet>"),
        format!("{whole}<second/>"),
        format!("text before {body}"),
        whole.replace("ssh &amp;", "ssh & more"),
        whole.replace("xmlns=\"", "xmlns=\"&bogus;"),
        whole.replace("version=\"1.0\"", "version=\"2.0\""),
        whole.replace("<groupId>", "<group Id>"),
        whole.replace("<groupId>", "<1groupId>"),
    ] {
        assert_eq!(rules_page(odd.as_bytes()), None, "{odd}");
    }
}
