//! Which columns of the browse panes fit a width, by priority, so that at 80x24 over SSH the
//! panes keep what matters and no id is cut.

use ratatui::{layout::Constraint, widgets::Row};

/// The groups pane's columns that fit, by priority: the description goes first, then the VPC,
/// then the signals, then the rule counts; the id is never cut, and the name takes what is
/// left.
pub(super) struct GroupColumns {
    /// Several regions side by side: each row names its region, which is never given way.
    pub region: bool,
    pub vpc: bool,
    pub counts: bool,
    pub signals: bool,
    pub description: bool,
}

impl GroupColumns {
    /// Mark, id and at least 12 cells of name, with the gaps between them.
    const BASE: u16 = 3 + 1 + 20 + 1 + 12;
    const COUNTS: u16 = 8;
    const SIGNALS: u16 = 14;
    /// `ap-southeast-2`, and a gap.
    const REGION: u16 = 14 + 1;

    pub(super) fn fit(width: u16, region: bool) -> Self {
        let width = if region {
            width.saturating_sub(Self::REGION)
        } else {
            width
        };
        let mut need = Self::BASE + Self::COUNTS;
        let counts = width >= need;
        need += Self::SIGNALS + 1;
        let signals = counts && width >= need;
        need += 22;
        let vpc = signals && width >= need;
        // The description only once the name has room for a long name and its Name tag.
        let description = vpc && width >= need + 24 + 16;
        Self {
            region,
            vpc,
            counts,
            signals,
            description,
        }
    }

    pub(super) fn header(&self) -> Row<'static> {
        let mut names = vec![""];
        if self.region {
            names.push("Region");
        }
        names.extend(["Group ID", "Name"]);
        if self.vpc {
            names.push("VPC");
        }
        if self.counts {
            names.extend(["In", "Out"]);
        }
        if self.signals {
            names.push("Signals");
        }
        if self.description {
            names.push("Description");
        }
        Row::new(names)
    }

    pub(super) fn widths(&self) -> Vec<Constraint> {
        let mut widths = vec![Constraint::Length(3)];
        if self.region {
            widths.push(Constraint::Length(Self::REGION - 1));
        }
        widths.extend([Constraint::Length(20), Constraint::Fill(3)]);
        if self.vpc {
            widths.push(Constraint::Length(21));
        }
        if self.counts {
            widths.extend([Constraint::Length(3), Constraint::Length(3)]);
        }
        if self.signals {
            widths.push(Constraint::Length(Self::SIGNALS));
        }
        if self.description {
            widths.push(Constraint::Fill(2));
        }
        widths
    }
}

/// The rule panes' columns that fit: the description goes first, then the rule id; the peer
/// keeps at least 30 cells before the description is shown, and its exact width is known so
/// that a referenced group's name, not its id, gives way.
pub(super) struct RuleColumns {
    pub mark: u16,
    pub id: bool,
    pub peer: u16,
    pub description: Option<u16>,
}

impl RuleColumns {
    const ID: u16 = 21;
    const PROTOCOL: u16 = 18;
    /// `!`/`~`, `=`, `?`: never given way, being what an auditor looks for.
    const SIGNALS: u16 = 3;

    pub(super) fn fit(width: u16, mark: u16) -> Self {
        let fixed = mark + 1 + Self::SIGNALS + 1 + Self::PROTOCOL + 1;
        let id = width >= fixed + Self::ID + 1 + 20;
        let taken = fixed + if id { Self::ID + 1 } else { 0 };
        let rest = width.saturating_sub(taken);
        let (peer, description) = if rest >= 30 + 1 + 12 {
            let peer = (rest - 1) * 3 / 5;
            (peer, Some(rest - 1 - peer))
        } else {
            (rest, None)
        };
        Self {
            mark,
            id,
            peer,
            description,
        }
    }

    pub(super) fn header(&self, towards: &'static str) -> Row<'static> {
        let mut names = vec!["", ""];
        if self.id {
            names.push("Rule ID");
        }
        names.extend(["Protocol / ports", towards]);
        if self.description.is_some() {
            names.push("Description");
        }
        Row::new(names)
    }

    pub(super) fn widths(&self) -> Vec<Constraint> {
        let mut widths = vec![
            Constraint::Length(self.mark),
            Constraint::Length(Self::SIGNALS),
        ];
        if self.id {
            widths.push(Constraint::Length(Self::ID));
        }
        widths.extend([
            Constraint::Length(Self::PROTOCOL),
            Constraint::Length(self.peer),
        ]);
        widths.extend(self.description.map(Constraint::Length));
        widths
    }
}
