//! The groups kept in order (name without regard to case, then VPC, then id) as pages of
//! them arrive: each page sorted on its own and merged in, with each group's sort key
//! computed once.

use super::Tables;
use crate::model::SecurityGroup;

impl Tables {
    /// Each group's sort key is computed once, the page sorted on its own and merged with the
    /// groups already in order, and only the positions from the first one that moved are
    /// written again.
    pub(super) fn merge_groups(&mut self, page: Vec<SecurityGroup>) {
        let mut fresh = Vec::new();
        let mut moved = false;
        for group in page {
            let key = group.name.to_lowercase();
            match self.group_pos.get(&group.id) {
                Some(&i) => {
                    moved |= key != self.sort_keys[i] || group.vpc_id != self.groups[i].vpc_id;
                    self.sort_keys[i] = key;
                    self.groups[i] = group;
                }
                None => fresh.push((key, group)),
            }
        }
        if fresh.is_empty() && !moved {
            return;
        }
        // A group twice in one page: the later copy wins, as it would across pages.
        fresh.reverse();
        fresh.sort_by(|a, b| a.1.id.cmp(&b.1.id));
        fresh.dedup_by(|a, b| a.1.id == b.1.id);
        fresh.sort_by(|a, b| group_order(&a.0, &a.1, &b.0, &b.1));
        let old = std::mem::take(&mut self.groups)
            .into_iter()
            .zip(std::mem::take(&mut self.sort_keys))
            .map(|(g, k)| (k, g));
        let mut old: Vec<(String, SecurityGroup)> = old.collect();
        if moved {
            old.sort_by(|a, b| group_order(&a.0, &a.1, &b.0, &b.1));
        }
        // The first place where a fresh group goes, or 0 when an old one moved.
        let first = if moved {
            0
        } else {
            let (key, group) = &fresh[0];
            old.partition_point(|(k, g)| group_order(k, g, key, group).is_lt())
        };
        let merged = merge_sorted(old, fresh, |a, b| {
            group_order(&a.0, &a.1, &b.0, &b.1).is_le()
        });
        (self.sort_keys, self.groups) = merged.into_iter().unzip();
        for (i, group) in self.groups.iter().enumerate().skip(first) {
            match self.group_pos.get_mut(&group.id) {
                Some(pos) => *pos = i,
                None => {
                    self.group_pos.insert(group.id.clone(), i);
                }
            }
        }
    }
}

/// Groups by name without regard to case (`key` is the lower-cased name), then VPC, then id.
fn group_order(
    key_a: &str,
    a: &SecurityGroup,
    key_b: &str,
    b: &SecurityGroup,
) -> std::cmp::Ordering {
    (key_a, &a.vpc_id, &a.id).cmp(&(key_b, &b.vpc_id, &b.id))
}

/// Two sorted lists as one, `first_goes_first` telling whether an item of `a` goes before one
/// of `b`.
fn merge_sorted<T>(a: Vec<T>, b: Vec<T>, first_goes_first: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => first_goes_first(x, y),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return merged,
        };
        merged.extend(if take_a { a.next() } else { b.next() });
    }
}
