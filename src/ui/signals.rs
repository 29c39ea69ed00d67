//! How the audit signals look: a character each (so they read without colour), coloured by
//! the theme, in the rule panes' signal column and the groups pane's signals column.

use ratatui::{
    style::{Color, Modifier, Style},
    text::{Line, Span},
};

use super::theme;
use crate::analysis::signals::Totals;
use crate::analysis::{GroupSignals, RuleSignals, Usage};

fn style(mark: char) -> Style {
    match mark {
        '!' => Style::new().fg(theme::DANGER).add_modifier(Modifier::BOLD),
        '~' => Style::new().fg(theme::WARN),
        '?' => Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
        _ => theme::dim(),
    }
}

/// A rule's signal column: `!`/`~`, `=`, `?`.
pub fn rule_marks(signals: &RuleSignals) -> Line<'static> {
    signals
        .marks()
        .chars()
        .map(|c| Span::styled(c.to_string(), style(c)))
        .collect()
}

/// A group's signals: how many rules carry each (`!2 ?1 ~1 =3`), then its usage when that is a
/// finding (`unused`, `ref 2`).
pub fn group_marks(signals: &GroupSignals) -> Line<'static> {
    let mut spans = Vec::new();
    for (mark, count) in [
        ('!', signals.risky),
        ('?', signals.stale),
        ('~', signals.wide),
        ('=', signals.redundant),
    ] {
        if count > 0 {
            spans.push(Span::styled(format!("{mark}{count} "), style(mark)));
        }
    }
    match signals.usage {
        Usage::Unused => spans.push(Span::styled("unused", style('~'))),
        Usage::Referenced(n) => spans.push(Span::styled(format!("ref {n}"), theme::dim())),
        Usage::Unknown | Usage::InUse(_) | Usage::Default => {}
    }
    Line::from(spans)
}

/// The whole inventory's signals for the status bar, those found only: `!3 ~1 =4 ?2 5 unused`,
/// or that there are none.
pub fn totals(totals: &Totals) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (mark, count) in [
        ('!', totals.risky),
        ('?', totals.stale),
        ('~', totals.wide),
        ('=', totals.redundant),
    ] {
        if count > 0 {
            spans.push(Span::styled(format!("{mark}{count} "), style(mark)));
        }
    }
    if totals.unused > 0 {
        spans.push(Span::styled(
            format!("{} unused", totals.unused),
            style('~'),
        ));
    }
    if spans.is_empty() {
        spans.push(Span::styled("no signals", theme::dim()));
    }
    spans
}
