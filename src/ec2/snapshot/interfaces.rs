//! `DescribeNetworkInterfaces` as the CLI writes it, to and from the model: who is in each
//! group, and the addresses a reference to the group admits. Read as the SDK backend reads
//! EC2's answer (each address once, the primary ones named at the top too), except that an
//! address that does not parse is an error naming its interface.

use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

use super::shapes::{
    AssociationShape, AttachmentShape, InterfaceGroupShape, InterfaceShape, InterfacesAnswer,
    Ipv6AddressShape, PrivateAddressShape,
};
use crate::model::{NetworkInterface, SecurityGroup};

/// The interfaces of the answer.
pub(super) fn read(answer: &InterfacesAnswer) -> Result<Vec<NetworkInterface>, String> {
    answer.network_interfaces.iter().map(interface_of).collect()
}

fn interface_of(n: &InterfaceShape) -> Result<NetworkInterface, String> {
    let id = &n.network_interface_id;
    let private = &n.private_ip_addresses;
    let private_ips = (private.iter().map(|p| p.private_ip_address.as_str()))
        .chain(n.private_ip_address.as_deref());
    let public_ips = (private.iter())
        .filter_map(|p| p.association.as_ref()?.public_ip.as_deref())
        .chain(n.association.as_ref().and_then(|a| a.public_ip.as_deref()));
    let ipv6 =
        (n.ipv6_addresses.iter().map(|a| a.ipv6_address.as_str())).chain(n.ipv6_address.as_deref());
    Ok(NetworkInterface {
        id: id.clone(),
        interface_type: n.interface_type.clone().unwrap_or_default(),
        description: n.description.clone().unwrap_or_default(),
        vpc_id: n.vpc_id.clone(),
        subnet_id: n.subnet_id.clone(),
        group_ids: n.groups.iter().map(|g| g.group_id.clone()).collect(),
        private_ips: parsed_once(private_ips, "private address", id)?,
        public_ips: parsed_once(public_ips, "public address", id)?,
        ipv6: parsed_once(ipv6, "IPv6 address", id)?,
        attachment: n.attachment.as_ref().and_then(|a| a.instance_id.clone()),
        requester_id: n.requester_id.clone(),
        status: n.status.clone(),
    })
}

/// Each value once, in order; one that does not parse is an error naming the interface.
fn parsed_once<'a, T>(
    texts: impl Iterator<Item = &'a str>,
    what: &str,
    id: &str,
) -> Result<Vec<T>, String>
where
    T: FromStr + PartialEq,
    T::Err: Display,
{
    let mut values = Vec::new();
    for text in texts {
        let value = (text.parse::<T>())
            .map_err(|e| format!("network interface {id}: {what} {text:?}: {e}"))?;
        if !values.contains(&value) {
            values.push(value);
        }
    }
    Ok(values)
}

/// The answer the CLI would have written for `interfaces`, with the names of the groups that
/// `groups` holds. sgtui keeps an interface's public addresses but not which private address
/// each belongs to: they are written beside the private addresses in order, the first with the
/// primary one (where EC2 puts a single public address).
pub(super) fn write(interfaces: &[NetworkInterface], groups: &[SecurityGroup]) -> InterfacesAnswer {
    let names: HashMap<&str, &str> = (groups.iter())
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect();
    let network_interfaces = interfaces
        .iter()
        .map(|n| {
            let association = |i: usize| {
                n.public_ips.get(i).map(|ip| AssociationShape {
                    public_ip: Some(ip.to_string()),
                })
            };
            InterfaceShape {
                association: association(0),
                attachment: n.attachment.as_ref().map(|instance| AttachmentShape {
                    instance_id: Some(instance.clone()),
                    status: None,
                }),
                description: Some(n.description.clone()),
                groups: (n.group_ids.iter())
                    .map(|g| InterfaceGroupShape {
                        group_id: g.clone(),
                        group_name: names.get(g.as_str()).map(|n| n.to_string()),
                    })
                    .collect(),
                interface_type: Some(n.interface_type.clone()).filter(|t| !t.is_empty()),
                ipv6_addresses: (n.ipv6.iter())
                    .map(|a| Ipv6AddressShape {
                        ipv6_address: a.to_string(),
                    })
                    .collect(),
                network_interface_id: n.id.clone(),
                private_ip_address: n.private_ips.first().map(|a| a.to_string()),
                private_ip_addresses: (n.private_ips.iter().enumerate())
                    .map(|(i, a)| PrivateAddressShape {
                        association: association(i),
                        primary: Some(i == 0),
                        private_ip_address: a.to_string(),
                    })
                    .collect(),
                requester_id: n.requester_id.clone(),
                status: n.status.clone(),
                subnet_id: n.subnet_id.clone(),
                vpc_id: n.vpc_id.clone(),
                ipv6_address: None,
            }
        })
        .collect();
    InterfacesAnswer {
        network_interfaces,
        next_token: None,
    }
}
