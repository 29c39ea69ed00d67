//! The pieces of the languages a user types rules in, shared so that they read words, protocols,
//! ports and peers alike and reject mistakes with the same messages.
//!
//! Used by rule specs (`in tcp 22 0.0.0.0/0`, see [`RuleSpec`](super::RuleSpec)), which name
//! rules for a bulk revoke; a filter over rules typed into the `/` prompt is to use the same.
//! All of it is pure functions over `&str`: input is whatever the user typed, so nothing here
//! panics, and messages show typed words escaped and shortened ([`shown`]).
//!
//! - `lexer`: input split into [`Word`]s with their offsets; plain numbers, ids and prefixes.
//! - `ports`: protocols, port ranges, ICMP type and code.
//! - `peer`: CIDRs and addresses (made canonical, with notes), prefix lists and groups.
//! - `error`: [`SpecError`], one variant per kind of mistake.

mod error;
mod lexer;
mod peer;
mod ports;

pub use error::{SpecError, protocol_word, shown};
pub use lexer::{Word, hex_id, number, starts_with_ignore_case, words};
pub use peer::parse_peer;
pub use ports::{parse_port_range, parse_ports, parse_protocol};
