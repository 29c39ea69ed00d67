//! The three answers as the AWS CLI writes them (`aws ec2 describe-… --output json`): EC2's
//! shapes with PascalCase keys. Read tolerantly (an optional key may be missing, an unknown key
//! is ignored) and written in the same shapes, keys in the CLI's order, so that a saved
//! snapshot reads back as it was.

use serde::{Deserialize, Serialize};

/// `aws ec2 describe-security-groups --output json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupsAnswer {
    pub security_groups: Vec<GroupShape>,
    /// Set when the CLI was told to stop early (`--max-items`): the answer is one page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One `SecurityGroup`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupShape {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(default)]
    pub ip_permissions: Vec<PermissionShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    pub group_id: String,
    #[serde(default)]
    pub ip_permissions_egress: Vec<PermissionShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<TagShape>>,
    /// Absent for a group outside any VPC (EC2-Classic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
}

/// One `IpPermission`: a protocol and ports, and every peer they are open to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PermissionShape {
    /// Absent for protocol `-1` (and other protocols without ports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    pub ip_protocol: String,
    #[serde(default)]
    pub ip_ranges: Vec<IpRangeShape>,
    #[serde(default)]
    pub ipv6_ranges: Vec<Ipv6RangeShape>,
    #[serde(default)]
    pub prefix_list_ids: Vec<PrefixListIdShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(default)]
    pub user_id_group_pairs: Vec<GroupPairShape>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpRangeShape {
    pub cidr_ip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6RangeShape {
    pub cidr_ipv6: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrefixListIdShape {
    pub prefix_list_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One `UserIdGroupPair`: a referenced group, perhaps of another account or across a peering.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupPairShape {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub group_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peering_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_peering_connection_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagShape {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// `aws ec2 describe-security-group-rules --output json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RulesAnswer {
    pub security_group_rules: Vec<RuleShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One `SecurityGroupRule`: one peer, with its id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RuleShape {
    pub security_group_rule_id: String,
    pub group_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_owner_id: Option<String>,
    pub is_egress: bool,
    pub ip_protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv4: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cidr_ipv6: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_list_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referenced_group_info: Option<ReferencedGroupShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub tags: Vec<TagShape>,
}

/// A rule's `ReferencedGroupInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReferencedGroupShape {
    pub group_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peering_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_peering_connection_id: Option<String>,
}

/// `aws ec2 describe-network-interfaces --output json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InterfacesAnswer {
    pub network_interfaces: Vec<InterfaceShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// One `NetworkInterface`, as far as sgtui reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InterfaceShape {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association: Option<AssociationShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment: Option<AttachmentShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub groups: Vec<InterfaceGroupShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface_type: Option<String>,
    #[serde(default)]
    pub ipv6_addresses: Vec<Ipv6AddressShape>,
    pub network_interface_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
    #[serde(default)]
    pub private_ip_addresses: Vec<PrivateAddressShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// The primary IPv6 address, when one is marked primary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6_address: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociationShape {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttachmentShape {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InterfaceGroupShape {
    pub group_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Ipv6AddressShape {
    pub ipv6_address: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateAddressShape {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub association: Option<AssociationShape>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<bool>,
    pub private_ip_address: String,
}
