//! The account's network interfaces and managed prefix lists as JSON, checked on load and turned
//! into model types: an address or CIDR that does not parse is an error naming its interface or
//! list.

use std::fmt::Display;
use std::str::FromStr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::account::GroupSpec;
use crate::model::{NetworkInterface, PrefixList, PrefixListEntry};

/// One network interface as JSON; addresses are strings, `groups` the ids of its groups. Every
/// field but `id` may be left out.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InterfaceSpec {
    pub id: String,
    /// EC2's `InterfaceType`: `interface` (the default), `nat_gateway`, `lambda`, ….
    #[serde(rename = "type", default = "plain_interface")]
    pub interface_type: String,
    pub description: String,
    pub vpc_id: Option<String>,
    pub subnet_id: Option<String>,
    pub groups: Vec<String>,
    pub private_ips: Vec<String>,
    pub public_ips: Vec<String>,
    pub ipv6: Vec<String>,
    /// The instance it is attached to.
    pub attachment: Option<String>,
    pub requester_id: Option<String>,
    pub status: Option<String>,
}

fn plain_interface() -> String {
    "interface".into()
}

/// One managed prefix list as JSON, with its entries.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixListSpec {
    pub id: String,
    pub name: String,
    /// `IPv4` or `IPv6`; when given, every entry must be of that family.
    pub address_family: Option<String>,
    pub max_entries: Option<i32>,
    /// The account's own id when left out; `AWS` for AWS-managed lists.
    pub owner_id: Option<String>,
    #[serde(default)]
    pub entries: Vec<EntrySpec>,
}

/// One entry of a prefix list: a CIDR and what it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntrySpec {
    pub cidr: String,
    pub description: Option<String>,
}

/// A prefix list as the memory backend holds it: the list and its entries.
#[derive(Debug, Clone)]
pub(super) struct HeldPrefixList {
    pub list: PrefixList,
    pub entries: Vec<PrefixListEntry>,
}

impl InterfaceSpec {
    /// The interface, once its addresses parse and its groups exist in the account.
    pub(super) fn to_model(&self, groups: &[GroupSpec]) -> Result<NetworkInterface, String> {
        let id = &self.id;
        if id.is_empty() {
            return Err("a network interface has no id".into());
        }
        if let Some(unknown) = self
            .groups
            .iter()
            .find(|g| !groups.iter().any(|s| &s.id == *g))
        {
            return Err(format!("network interface {id}: unknown group {unknown}"));
        }
        Ok(NetworkInterface {
            id: id.clone(),
            interface_type: self.interface_type.clone(),
            description: self.description.clone(),
            vpc_id: self.vpc_id.clone(),
            subnet_id: self.subnet_id.clone(),
            group_ids: self.groups.clone(),
            private_ips: parsed(&self.private_ips, id, "private address")?,
            public_ips: parsed(&self.public_ips, id, "public address")?,
            ipv6: parsed(&self.ipv6, id, "IPv6 address")?,
            attachment: self.attachment.clone(),
            requester_id: self.requester_id.clone(),
            status: self.status.clone(),
        })
    }
}

/// Every address of an interface parsed, or an error naming the interface and the address.
fn parsed<T>(texts: &[String], id: &str, what: &str) -> Result<Vec<T>, String>
where
    T: FromStr,
    T::Err: Display,
{
    texts
        .iter()
        .map(|t| {
            t.parse()
                .map_err(|e| format!("network interface {id}: {what} {t:?}: {e}"))
        })
        .collect()
}

impl PrefixListSpec {
    /// The list and its entries, CIDRs canonical (as EC2 stores them), the owner defaulting to
    /// the account.
    pub(super) fn to_model(&self, account_id: &str) -> Result<HeldPrefixList, String> {
        let id = &self.id;
        let entries = self
            .entries
            .iter()
            .map(|e| {
                let cidr: IpNet = e
                    .cidr
                    .parse()
                    .map_err(|err| format!("prefix list {id}: entry {:?}: {err}", e.cidr))?;
                let family = match cidr {
                    IpNet::V4(_) => "IPv4",
                    IpNet::V6(_) => "IPv6",
                };
                if let Some(wanted) = self.address_family.as_deref().filter(|f| *f != family) {
                    return Err(format!(
                        "prefix list {id}: entry {} is not {wanted}",
                        e.cidr
                    ));
                }
                Ok(PrefixListEntry {
                    cidr: cidr.trunc(),
                    description: e.description.clone(),
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(HeldPrefixList {
            list: PrefixList {
                id: id.clone(),
                name: self.name.clone(),
                address_family: self.address_family.clone(),
                max_entries: self.max_entries,
                owner_id: Some(self.owner_id.clone().unwrap_or_else(|| account_id.into())),
            },
            entries,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(id: &str) -> GroupSpec {
        serde_json::from_str(&format!(
            r#"{{"id": "{id}", "name": "n", "description": "d"}}"#
        ))
        .expect("a group spec")
    }

    fn interface(json: &str) -> Result<NetworkInterface, String> {
        let spec: InterfaceSpec = serde_json::from_str(json).expect("an interface spec");
        spec.to_model(&[group("sg-1"), group("sg-2")])
    }

    fn list(json: &str) -> Result<HeldPrefixList, String> {
        let spec: PrefixListSpec = serde_json::from_str(json).expect("a prefix list spec");
        spec.to_model("123456789012")
    }

    #[test]
    fn an_interface_reads_every_field() {
        let eni = interface(
            r#"{"id": "eni-1", "type": "nat_gateway", "description": "NAT", "vpc_id": "vpc-1",
                "subnet_id": "subnet-1", "groups": ["sg-1", "sg-2"],
                "private_ips": ["10.0.0.5"], "public_ips": ["203.0.113.5"],
                "ipv6": ["2001:db8::5"], "attachment": "i-1", "requester_id": "AWS",
                "status": "in-use"}"#,
        )
        .unwrap();
        let texts = [
            eni.id.as_str(),
            &eni.interface_type,
            &eni.description,
            &eni.group_ids.join(" "),
        ];
        assert_eq!(texts, ["eni-1", "nat_gateway", "NAT", "sg-1 sg-2"]);
        let optional = [
            &eni.vpc_id,
            &eni.subnet_id,
            &eni.attachment,
            &eni.requester_id,
            &eni.status,
        ];
        let optional = optional.map(|o| o.as_deref().unwrap_or("-"));
        assert_eq!(optional, ["vpc-1", "subnet-1", "i-1", "AWS", "in-use"]);
        let addresses = [
            eni.private_ips[0].to_string(),
            eni.public_ips[0].to_string(),
            eni.ipv6[0].to_string(),
        ];
        assert_eq!(addresses, ["10.0.0.5", "203.0.113.5", "2001:db8::5"]);
    }

    #[test]
    fn an_interface_defaults_to_a_plain_one_without_addresses() {
        let eni = interface(r#"{"id": "eni-2"}"#).unwrap();
        assert_eq!(eni.interface_type, "interface");
        assert!(eni.group_ids.is_empty() && eni.private_ips.is_empty() && eni.ipv6.is_empty());
    }

    #[test]
    fn bad_addresses_and_unknown_groups_name_the_interface() {
        for (json, expected) in [
            (
                r#"{"id": "eni-3", "private_ips": ["10.0.0.300"]}"#,
                r#"network interface eni-3: private address "10.0.0.300": "#,
            ),
            (
                r#"{"id": "eni-4", "public_ips": ["2001:db8::1"]}"#,
                r#"network interface eni-4: public address "2001:db8::1": "#,
            ),
            (
                r#"{"id": "eni-5", "ipv6": ["10.0.0.1"]}"#,
                r#"network interface eni-5: IPv6 address "10.0.0.1": "#,
            ),
            (
                r#"{"id": "eni-6", "groups": ["sg-1", "sg-9"]}"#,
                "network interface eni-6: unknown group sg-9",
            ),
            (
                r#"{"description": "no id"}"#,
                "a network interface has no id",
            ),
        ] {
            let err = interface(json).unwrap_err();
            assert!(err.starts_with(expected), "{err}");
        }
    }

    #[test]
    fn a_list_keeps_its_entries_canonical_and_defaults_its_owner() {
        let held = list(
            r#"{"id": "pl-1", "name": "office", "address_family": "IPv4", "max_entries": 5,
                "entries": [{"cidr": "203.0.113.7/24", "description": "hq"},
                            {"cidr": "198.51.100.7/32"}]}"#,
        )
        .unwrap();
        assert_eq!(held.list.owner_id.as_deref(), Some("123456789012"));
        assert_eq!(held.list.max_entries, Some(5));
        let cidrs: Vec<String> = held.entries.iter().map(|e| e.cidr.to_string()).collect();
        assert_eq!(cidrs, ["203.0.113.0/24", "198.51.100.7/32"]);
        assert_eq!(held.entries[0].description.as_deref(), Some("hq"));
        assert_eq!(held.entries[1].description, None);
        let aws =
            list(r#"{"id": "pl-2", "name": "com.amazonaws.eu-west-1.s3", "owner_id": "AWS"}"#);
        assert_eq!(aws.unwrap().list.owner_id.as_deref(), Some("AWS"));
    }

    #[test]
    fn bad_entries_name_the_list() {
        let err = list(r#"{"id": "pl-3", "name": "x", "entries": [{"cidr": "10.0.0.0/33"}]}"#)
            .unwrap_err();
        assert!(
            err.starts_with(r#"prefix list pl-3: entry "10.0.0.0/33": "#),
            "{err}"
        );
        let err = list(
            r#"{"id": "pl-4", "name": "x", "address_family": "IPv4",
                "entries": [{"cidr": "2001:db8::/32"}]}"#,
        )
        .unwrap_err();
        assert_eq!(err, "prefix list pl-4: entry 2001:db8::/32 is not IPv4");
    }
}
