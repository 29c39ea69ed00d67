//! Network interfaces: who is in a security group, and which addresses a rule that references
//! the group therefore admits.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// One elastic network interface (`DescribeNetworkInterfaces`): an instance's, a load
/// balancer's, a NAT gateway's, a Lambda function's, an endpoint's…
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkInterface {
    pub id: String,
    /// EC2's `InterfaceType`: `interface`, `nat_gateway`, `lambda`, `vpc_endpoint`, ….
    pub interface_type: String,
    /// Often what it belongs to (`ELB app/…`, `RDSNetworkInterface`, `AWS Lambda VPC ENI-…`);
    /// may be empty. Untrusted text.
    pub description: String,
    pub vpc_id: Option<String>,
    /// The subnet, within `vpc_id`.
    pub subnet_id: Option<String>,
    /// The security groups the interface is in.
    pub group_ids: Vec<String>,
    pub private_ips: Vec<Ipv4Addr>,
    /// Public or Elastic IPs associated with its private addresses.
    pub public_ips: Vec<Ipv4Addr>,
    pub ipv6: Vec<Ipv6Addr>,
    /// The instance id, when it is attached to an instance.
    pub attachment: Option<String>,
    /// Who created it on the account's behalf (a service), when EC2 says.
    pub requester_id: Option<String>,
    /// `available`, `in-use`, ….
    pub status: Option<String>,
}

impl NetworkInterface {
    /// Whether traffic from `addr` comes from this interface as a rule referencing one of its
    /// groups sees it: one of its private IPv4 or its IPv6 addresses. Public addresses do not
    /// count: traffic reaches a group rule from the private side only.
    pub fn holds(&self, addr: IpAddr) -> bool {
        match addr {
            IpAddr::V4(v4) => self.private_ips.contains(&v4),
            IpAddr::V6(v6) => self.ipv6.contains(&v6),
        }
    }

    /// Whether the interface is in the group.
    pub fn in_group(&self, group_id: &str) -> bool {
        self.group_ids.iter().any(|g| g == group_id)
    }
}

#[cfg(test)]
impl NetworkInterface {
    /// A plain interface for tests: in these groups, with one private address and nothing
    /// else; tests set what else they need.
    pub(crate) fn sample(id: &str, groups: &[&str], private: &str) -> Self {
        Self {
            id: id.into(),
            interface_type: "interface".into(),
            description: String::new(),
            vpc_id: Some("vpc-1".into()),
            subnet_id: None,
            group_ids: groups.iter().map(|g| g.to_string()).collect(),
            private_ips: vec![private.parse().expect("an IPv4 address")],
            public_ips: vec![],
            ipv6: vec![],
            attachment: None,
            requester_id: None,
            status: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web() -> NetworkInterface {
        NetworkInterface {
            id: "eni-0a1b2c3d4e5f60718".into(),
            interface_type: "interface".into(),
            description: "web-1".into(),
            vpc_id: Some("vpc-1".into()),
            subnet_id: Some("subnet-1".into()),
            group_ids: vec!["sg-web".into(), "sg-ssh".into()],
            private_ips: vec!["10.0.1.10".parse().unwrap(), "10.0.1.11".parse().unwrap()],
            public_ips: vec!["203.0.113.10".parse().unwrap()],
            ipv6: vec!["2001:db8::10".parse().unwrap()],
            attachment: Some("i-0123456789abcdef0".into()),
            requester_id: None,
            status: Some("in-use".into()),
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn holds_its_private_and_ipv6_addresses() {
        let eni = web();
        for addr in ["10.0.1.10", "10.0.1.11", "2001:db8::10"] {
            assert!(eni.holds(ip(addr)), "{addr}");
        }
    }

    #[test]
    fn does_not_hold_its_public_address_or_others() {
        let eni = web();
        for addr in [
            "203.0.113.10",
            "10.0.1.12",
            "2001:db8::11",
            "::ffff:10.0.1.10",
        ] {
            assert!(!eni.holds(ip(addr)), "{addr}");
        }
    }

    #[test]
    fn an_interface_without_addresses_holds_nothing() {
        let eni = NetworkInterface {
            private_ips: vec![],
            ipv6: vec![],
            ..web()
        };
        assert!(!eni.holds(ip("10.0.1.10")));
        assert!(!eni.holds(ip("2001:db8::10")));
    }

    #[test]
    fn is_in_each_of_its_groups() {
        let eni = web();
        assert!(eni.in_group("sg-web") && eni.in_group("sg-ssh"));
        assert!(!eni.in_group("sg-db"));
    }
}
