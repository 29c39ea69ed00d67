//! Pure judgements over the inventory, computed off the key path: which groups and rules a
//! filter matches (and why). Knows nothing of the terminal or the SDK.

mod addresses;
mod filter;

pub use filter::{Addresses, GroupMatch, Hit, Matcher, NoAddresses, Via};
