//! Keys of several regions at once. EC2's ids (`sg-…`, `sgr-…`, `vpc-…`, `pl-…`) are unique
//! within a region only, so when the TUI shows several regions side by side every regional id
//! it holds is scoped: `ID@REGION`. A scoped key is sgtui's own, like an unidentified rule's
//! key; what is sent to EC2 and written to the journal is the plain id, with the region beside
//! it. With one region, ids are plain and nothing here changes them.

use super::Peer;

/// What joins an id and its region: never part of an EC2 id.
const AT: char = '@';

/// `id` scoped to `region`: `sg-1@eu-west-1`.
pub fn scoped(id: &str, region: &str) -> String {
    format!("{id}{AT}{region}")
}

/// The plain id and the region of a key; the region is `None` for a plain id.
pub fn split(key: &str) -> (&str, Option<&str>) {
    match key.rsplit_once(AT) {
        Some((id, region)) => (id, Some(region)),
        None => (key, None),
    }
}

/// The id as EC2 knows it: the key without its region.
pub fn plain(key: &str) -> &str {
    split(key).0
}

/// The region a key is scoped to, if any.
pub fn region_of(key: &str) -> Option<&str> {
    split(key).1
}

/// Whether `key` is what a person typed (`vpc:`, `sg:`, `pl:`, a rule spec's peer): the key
/// itself, or its plain id, which names it in whichever region it is.
pub fn is_named(key: &str, typed: &str) -> bool {
    key == typed || plain(key) == typed
}

/// Scopes an id in place; an empty id (EC2 left it out) stays empty.
pub fn scope_in_place(id: &mut String, region: &str) {
    if !id.is_empty() {
        id.push(AT);
        id.push_str(region);
    }
}

/// Takes the region off a key in place.
pub fn unscope_in_place(id: &mut String) {
    if let Some(at) = id.rfind(AT) {
        id.truncate(at);
    }
}

/// Scopes the group or prefix list a peer names: it is in the rule's region (a peered VPC's
/// group too: EC2 allows references within one region only).
pub fn scope_peer(peer: &mut Peer, region: &str) {
    match peer {
        Peer::PrefixList(id) => scope_in_place(id, region),
        Peer::Group(g) => scope_in_place(&mut g.group_id, region),
        Peer::Ipv4(_) | Peer::Ipv6(_) | Peer::Unknown(_) => {}
    }
}

/// Takes the region off the group or prefix list a peer names.
pub fn unscope_peer(peer: &mut Peer) {
    match peer {
        Peer::PrefixList(id) => unscope_in_place(id),
        Peer::Group(g) => unscope_in_place(&mut g.group_id),
        Peer::Ipv4(_) | Peer::Ipv6(_) | Peer::Unknown(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scoped_key_splits_back_into_its_id_and_region() {
        let key = scoped("sgr-0abc", "eu-west-1");
        assert_eq!(key, "sgr-0abc@eu-west-1");
        assert_eq!(split(&key), ("sgr-0abc", Some("eu-west-1")));
        assert_eq!(plain(&key), "sgr-0abc");
        assert_eq!(region_of(&key), Some("eu-west-1"));
        assert_eq!(split("sg-1"), ("sg-1", None));
        let mut id = String::from("pl-1");
        scope_in_place(&mut id, "us-east-1");
        assert_eq!(id, "pl-1@us-east-1");
        unscope_in_place(&mut id);
        assert_eq!(id, "pl-1");
        assert!(is_named("vpc-1@eu-west-1", "vpc-1"));
        assert!(is_named("vpc-1@eu-west-1", "vpc-1@eu-west-1"));
        assert!(!is_named("vpc-1@eu-west-1", "vpc-1@us-east-1"));
        assert!(is_named("vpc-1", "vpc-1"));
        let mut empty = String::new();
        scope_in_place(&mut empty, "us-east-1");
        assert_eq!(empty, "");
    }
}
