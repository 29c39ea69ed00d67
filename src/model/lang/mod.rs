//! The pieces of the languages a user types rules in, shared so that they read words, protocols,
//! ports and peers alike and reject mistakes with the same messages.
//!
//! Used by rule specs (`in tcp 22 0.0.0.0/0`, see [`RuleSpec`](super::RuleSpec)), which name
//! rules for a bulk revoke, and by the filter of the `/` prompt ([`Filter`]: `ip:198.51.100.7
//! port:22 -dir:out`).
//! All of it is pure functions over `&str`: input is whatever the user typed, so nothing here
//! panics, and messages show typed words escaped and shortened ([`shown`]).
//!
//! - `lexer`: input split into [`Word`]s with their offsets; plain numbers, ids and prefixes.
//! - `ports`: protocols, port ranges, ICMP type and code.
//! - `peer`: CIDRs and addresses (made canonical, with notes), prefix lists and groups.
//! - `error`: [`SpecError`], one variant per kind of mistake.
//! - `filter`: the filter language, parsed into [`Term`]s; matching is in `analysis`.

mod error;
mod filter;
mod lexer;
mod peer;
mod ports;

pub use error::{SpecError, protocol_word, shown};
pub use filter::{Filter, FilterError, Term, TermKind};
pub use lexer::{Word, hex_id, number, starts_with_ignore_case, words};
pub use peer::parse_peer;
pub use ports::{parse_port_range, parse_ports, parse_protocol};
