//! Protocols and their ports as typed: `tcp`, `6`, `-1`; `22`, `1024-65535`, `all`; ICMP
//! `8`, `3:4`, `echo-request`.

use super::SpecError;
use super::lexer::number;
use crate::model::protocol::icmp_type_by_name;
use crate::model::{PortRange, Protocol};

/// A protocol name, `-1`, or a plain number 0-255. `Protocol::parse` alone would take `+6` or
/// `06` as `Number(6)`, which EC2 stores as tcp and so would never match.
pub fn parse_protocol(token: &str) -> Result<Protocol, SpecError> {
    let protocol = if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
        number(token, 255).and_then(|n| Protocol::parse(&n.to_string()))
    } else {
        Protocol::parse(token).filter(|p| !matches!(p, Protocol::Number(_)))
    };
    protocol.ok_or_else(|| SpecError::UnknownProtocol(token.into()))
}

/// The ports of `protocol` as EC2 stores them: a tcp/udp port range, an ICMP type and code,
/// or an error for all traffic and protocol numbers, which have no ports.
pub fn parse_ports(protocol: Protocol, token: &str) -> Result<PortRange, SpecError> {
    match protocol {
        Protocol::Tcp | Protocol::Udp => parse_port_range(protocol, token),
        Protocol::Icmp | Protocol::Icmpv6 => parse_icmp(protocol, token),
        Protocol::All | Protocol::Number(_) => Err(SpecError::PortsNotAllowed {
            protocol,
            value: token.into(),
        }),
    }
}

/// A port `22`, a range `1024-65535` or `all` (0-65535); `protocol` is only named in errors.
pub fn parse_port_range(protocol: Protocol, token: &str) -> Result<PortRange, SpecError> {
    if token.eq_ignore_ascii_case("all") {
        return Ok(PortRange::new(0, 65535));
    }
    let port = |part: &str| {
        number(part, u32::from(u16::MAX))
            .map(|n| n as u16)
            .ok_or_else(|| SpecError::BadPort {
                protocol,
                // An empty side (`-5`, `22-`) is best named by the whole token.
                value: if part.is_empty() { token } else { part }.into(),
            })
    };
    let (from, to) = match token.split_once('-') {
        Some((a, b)) => (port(a)?, port(b)?),
        None => {
            let p = port(token)?;
            (p, p)
        }
    };
    if from > to {
        return Err(SpecError::ReversedPortRange { protocol, from, to });
    }
    Ok(PortRange::new(from.into(), to.into()))
}

/// `TYPE[:CODE]` or `all`, where the type is a number or a name; icmpv6 numbers its types
/// differently, so the names follow `protocol`.
fn parse_icmp(protocol: Protocol, token: &str) -> Result<PortRange, SpecError> {
    if token.eq_ignore_ascii_case("all") {
        return Ok(PortRange::ANY);
    }
    let v6 = protocol == Protocol::Icmpv6;
    let (ty, code) = match token.split_once(':') {
        Some((t, c)) => (t, Some(c)),
        None => (token, None),
    };
    let ty = number(ty, 255)
        .map(|n| n as i32)
        .or_else(|| icmp_type_by_name(v6, ty))
        .ok_or_else(|| SpecError::BadIcmpType {
            protocol,
            value: if ty.is_empty() { token } else { ty }.into(),
        })?;
    let code = match code {
        None => -1,
        Some(c) => number(c, 255)
            .map(|n| n as i32)
            .ok_or_else(|| SpecError::BadIcmpCode {
                protocol,
                value: if c.is_empty() { token } else { c }.into(),
            })?,
    };
    Ok(PortRange::new(ty, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_ranges_parse_on_their_own() {
        let tcp = |s: &str| parse_port_range(Protocol::Tcp, s);
        assert_eq!(tcp("1024-2048"), Ok(PortRange::new(1024, 2048)));
        assert_eq!(tcp("22"), Ok(PortRange::new(22, 22)));
        assert_eq!(tcp("ALL"), Ok(PortRange::new(0, 65535)));
        assert_eq!(
            tcp("2048-1024"),
            Err(SpecError::ReversedPortRange {
                protocol: Protocol::Tcp,
                from: 2048,
                to: 1024
            })
        );
        assert_eq!(
            parse_port_range(Protocol::Udp, "1024-"),
            Err(SpecError::BadPort {
                protocol: Protocol::Udp,
                value: "1024-".into()
            })
        );
    }

    #[test]
    fn protocols_and_icmp_ports_parse_on_their_own() {
        assert_eq!(parse_protocol("UDP"), Ok(Protocol::Udp));
        assert_eq!(parse_protocol("50"), Ok(Protocol::Number(50)));
        assert_eq!(
            parse_protocol("+50"),
            Err(SpecError::UnknownProtocol("+50".into()))
        );
        assert_eq!(
            parse_ports(Protocol::Icmpv6, "echo-reply:0"),
            Ok(PortRange::new(129, 0))
        );
        assert_eq!(
            parse_ports(Protocol::All, "22"),
            Err(SpecError::PortsNotAllowed {
                protocol: Protocol::All,
                value: "22".into()
            })
        );
    }
}
