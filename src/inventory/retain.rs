//! An inventory without some of its groups: what is left when one region among several could
//! not be read, so that none of its groups is shown with part of its rules.

use super::{Inventory, Tables};

impl Inventory {
    /// The groups whose id `keep` accepts, with their rules (also those whose group has not
    /// arrived), laid out as if only they had been loaded; the network is kept.
    pub fn retain_groups(&self, keep: impl Fn(&str) -> bool) -> Inventory {
        let mut kept = Inventory {
            tables: std::sync::Arc::new(Tables {
                text: self.tables.text.as_ref().map(|_| Default::default()),
                ..Tables::default()
            }),
            network: self.network.clone(),
        };
        let groups = (self.tables.groups.iter())
            .filter(|g| keep(&g.id))
            .cloned()
            .collect();
        kept.add_groups(groups);
        let rules = (self.tables.rules.iter())
            .filter(|(group_id, _)| keep(group_id))
            .flat_map(|(_, rules)| rules.all().cloned())
            .collect();
        kept.add_rules(rules);
        kept
    }
}
