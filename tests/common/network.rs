//! Seeding a fixture's prefix lists and network interfaces into moto, with moto's own ids: each
//! fixture subnet becomes a subnet of moto's VPC that holds the interface's address, a public
//! address an Elastic IP, an attachment an instance whose first interface it is.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{
    AddPrefixListEntry, DomainType, Filter, InstanceIpv6Address,
    InstanceNetworkInterfaceSpecification, PrivateIpAddressSpecification,
};
use ipnet::Ipv4Net;
use sgtui::ec2::Account;

/// An image moto knows, for the instances interfaces are attached to.
const IMAGE: &str = "ami-12c6146b";

/// Creates the fixture's prefix lists; answers fixture id → moto's id.
pub async fn seed_prefix_lists(client: &Client, account: &Account) -> HashMap<String, String> {
    let mut ids = HashMap::new();
    for list in &account.prefix_lists {
        let entries = list.entries.iter().map(|e| {
            AddPrefixListEntry::builder()
                .cidr(&e.cidr)
                .set_description(e.description.clone())
                .build()
        });
        let out = client
            .create_managed_prefix_list()
            .prefix_list_name(&list.name)
            .address_family(list.address_family.as_deref().unwrap_or("IPv4"))
            .max_entries(list.max_entries.unwrap_or(list.entries.len().max(1) as i32))
            .set_entries(Some(entries.collect()))
            .send()
            .await
            .expect("create prefix list");
        let id = out.prefix_list().and_then(|p| p.prefix_list_id()).unwrap();
        ids.insert(list.id.clone(), id.to_string());
    }
    ids
}

/// Creates the fixture's network interfaces in the groups `groups` maps to, in the VPCs `vpcs`
/// maps to.
pub async fn seed_interfaces(
    client: &Client,
    account: &Account,
    vpcs: &HashMap<String, String>,
    groups: &HashMap<String, String>,
) {
    let mut subnets: HashMap<String, String> = HashMap::new();
    for eni in &account.network_interfaces {
        let private: Vec<Ipv4Addr> = eni.private_ips.iter().map(|a| a.parse().unwrap()).collect();
        let vpc = &vpcs[eni
            .vpc_id
            .as_ref()
            .expect("a seeded interface names its VPC")];
        let subnet_key = eni.subnet_id.clone().unwrap_or_default();
        let subnet = match subnets.get(&subnet_key) {
            Some(s) => s.clone(),
            None => {
                let s = subnet_holding(client, vpc, private[0]).await;
                subnets.insert(subnet_key, s.clone());
                s
            }
        };
        let addresses = private.iter().enumerate().map(|(i, a)| {
            PrivateIpAddressSpecification::builder()
                .private_ip_address(a.to_string())
                .primary(i == 0)
                .build()
        });
        let ipv6 = eni
            .ipv6
            .iter()
            .map(|a| InstanceIpv6Address::builder().ipv6_address(a).build());
        let out = client
            .create_network_interface()
            .subnet_id(&subnet)
            .description(&eni.description)
            .set_groups(Some(eni.groups.iter().map(|g| groups[g].clone()).collect()))
            .set_private_ip_addresses(Some(addresses.collect()))
            .set_ipv6_addresses((!eni.ipv6.is_empty()).then(|| ipv6.collect()))
            .send()
            .await
            .expect("create network interface");
        let id = out
            .network_interface()
            .and_then(|n| n.network_interface_id())
            .unwrap()
            .to_string();
        // moto gives Elastic IPs addresses of its own: only their number can be compared.
        for _ in &eni.public_ips {
            let eip = client
                .allocate_address()
                .domain(DomainType::Vpc)
                .send()
                .await
                .expect("allocate address");
            client
                .associate_address()
                .set_allocation_id(eip.allocation_id)
                .network_interface_id(&id)
                .send()
                .await
                .expect("associate address");
        }
        if eni.attachment.is_some() {
            client
                .run_instances()
                .image_id(IMAGE)
                .min_count(1)
                .max_count(1)
                .network_interfaces(
                    InstanceNetworkInterfaceSpecification::builder()
                        .device_index(0)
                        .network_interface_id(&id)
                        .build(),
                )
                .send()
                .await
                .expect("run an instance on the interface");
        }
    }
}

/// A subnet of the VPC whose CIDR holds `addr`: an existing one (the default VPC has some), or a
/// new /24.
async fn subnet_holding(client: &Client, vpc: &str, addr: Ipv4Addr) -> String {
    let out = client
        .describe_subnets()
        .filters(Filter::builder().name("vpc-id").values(vpc).build())
        .send()
        .await
        .expect("describe subnets");
    let existing = out.subnets().iter().find(|s| {
        s.cidr_block()
            .and_then(|c| c.parse::<Ipv4Net>().ok())
            .is_some_and(|net| net.contains(&addr))
    });
    if let Some(id) = existing.and_then(|s| s.subnet_id()) {
        return id.to_string();
    }
    let cidr = Ipv4Net::new(addr, 24).unwrap().trunc();
    let out = client
        .create_subnet()
        .vpc_id(vpc)
        .cidr_block(cidr.to_string())
        .send()
        .await
        .expect("create subnet");
    out.subnet()
        .and_then(|s| s.subnet_id())
        .unwrap()
        .to_string()
}
