//! Peers as typed: a CIDR or address, `pl-…`, `sg-…` or `ACCOUNT/sg-…`, made canonical the way
//! EC2 stores them, with a note for every change.

use std::net::IpAddr;

use ipnet::IpNet;

use super::SpecError;
use super::lexer::{hex_id, starts_with_ignore_case};
use crate::model::{GroupRef, Peer};

/// The peer `token` names. Every normalisation (a CIDR truncated to its network, an id
/// lower-cased) is told in a line pushed to `notes`.
pub fn parse_peer(token: &str, notes: &mut Vec<String>) -> Result<Peer, SpecError> {
    if let Some((account, group)) = token.split_once('/')
        && starts_with_ignore_case(group, "sg-")
    {
        let group_id = hex_id(group, "sg-").ok_or_else(|| SpecError::InvalidGroup(token.into()))?;
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SpecError::InvalidAccount(token.into()));
        }
        note_lowercased(group, &group_id, notes);
        return Ok(Peer::Group(GroupRef {
            group_id,
            user_id: Some(account.into()),
            vpc_id: None,
            peering_status: None,
        }));
    }
    if starts_with_ignore_case(token, "pl-") {
        let id = hex_id(token, "pl-").ok_or_else(|| SpecError::InvalidPrefixList(token.into()))?;
        note_lowercased(token, &id, notes);
        return Ok(Peer::PrefixList(id));
    }
    if starts_with_ignore_case(token, "sg-") {
        let group_id = hex_id(token, "sg-").ok_or_else(|| SpecError::InvalidGroup(token.into()))?;
        note_lowercased(token, &group_id, notes);
        return Ok(Peer::Group(GroupRef {
            group_id,
            user_id: None,
            vpc_id: None,
            peering_status: None,
        }));
    }
    let net = match (token.parse::<IpNet>(), token.parse::<IpAddr>()) {
        (Ok(net), _) => net,
        (_, Ok(addr)) => IpNet::from(addr),
        _ if token.contains(['.', ':', '/']) => return Err(SpecError::InvalidCidr(token.into())),
        _ => return Err(SpecError::UnknownPeer(token.into())),
    };
    let canonical = net.trunc();
    if canonical != net {
        notes.push(format!(
            "{net} is not canonical; EC2 stores it as {canonical}"
        ));
    }
    Ok(match canonical {
        IpNet::V4(n) => Peer::Ipv4(n),
        IpNet::V6(n) => Peer::Ipv6(n),
    })
}

fn note_lowercased(token: &str, id: &str, notes: &mut Vec<String>) {
    if token != id {
        notes.push(format!("{token} is written {id} by EC2"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peer(token: &str) -> (Result<Peer, SpecError>, Vec<String>) {
        let mut notes = Vec::new();
        (parse_peer(token, &mut notes), notes)
    }

    #[test]
    fn peers_parse_on_their_own_with_their_notes() {
        assert_eq!(
            peer("10.0.0.5/8"),
            (
                Ok(Peer::Ipv4("10.0.0.0/8".parse().unwrap())),
                vec!["10.0.0.5/8 is not canonical; EC2 stores it as 10.0.0.0/8".into()]
            )
        );
        assert_eq!(
            peer("198.51.100.7"),
            (Ok(Peer::Ipv4("198.51.100.7/32".parse().unwrap())), vec![])
        );
        assert_eq!(
            peer("123456789012/SG-0ABC1234"),
            (
                Ok(Peer::Group(GroupRef {
                    group_id: "sg-0abc1234".into(),
                    user_id: Some("123456789012".into()),
                    vpc_id: None,
                    peering_status: None,
                })),
                vec!["SG-0ABC1234 is written sg-0abc1234 by EC2".into()]
            )
        );
        assert_eq!(
            peer("pl-0123abcd"),
            (Ok(Peer::PrefixList("pl-0123abcd".into())), vec![])
        );
    }

    #[test]
    fn a_rejected_peer_leaves_no_notes() {
        assert_eq!(
            peer("10.0.0.0/33"),
            (Err(SpecError::InvalidCidr("10.0.0.0/33".into())), vec![])
        );
        assert_eq!(
            peer("12345/SG-0ABC"),
            (
                Err(SpecError::InvalidAccount("12345/SG-0ABC".into())),
                vec![]
            )
        );
    }
}
