//! The status bar: counts and marks first (they matter most), then where calls go, then the
//! last message or error.

use ratatui::{
    Frame,
    layout::Rect,
    layout::{Constraint, Layout},
    style::{Color, Modifier, Style},
    text::{Line, Span},
    widgets::{Paragraph, Wrap},
};

use super::{signals, spinner, theme};
use crate::app::{App, Level, Load, Progress};
use crate::present::inert;

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let session = &app.session;
    let c = &session.connection;
    let mut first = vec![Span::styled(
        " sgtui ",
        Style::new().fg(Color::Black).bg(theme::ACCENT),
    )];
    if session.settings.snapshot.is_some() {
        first.push(Span::styled(
            " SNAPSHOT ",
            Style::new().fg(Color::Black).bg(theme::WARN),
        ));
    } else if session.settings.demo {
        first.push(Span::styled(
            " DEMO ",
            Style::new().fg(Color::Black).bg(theme::WARN),
        ));
    }
    if session.settings.read_only {
        first.push(Span::styled(
            " READ-ONLY ",
            Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
        ));
    }
    let (groups, rules) = (
        session.inventory.groups().len(),
        session.inventory.rule_count(),
    );
    if app.browse.filtering() {
        first.push(Span::styled(
            format!(
                " {} of {groups} groups · {} of {rules} rules match",
                app.visible_group_count(),
                app.browse.matching_rules
            ),
            theme::hit(),
        ));
        first.push(Span::raw(" · "));
        if app.browse.applied.looks_up_addresses() {
            first.extend(address_gap(&session.load));
        }
    } else {
        first.push(Span::raw(format!(" {groups} groups · {rules} rules · ")));
    }
    first.push(Span::styled(
        format!("{} marked", session.marks.len()),
        if session.marks.is_empty() {
            Style::new()
        } else {
            theme::marked()
        },
    ));
    if !session.kept_marks.is_empty() {
        let kept: usize = session.kept_marks.values().map(|m| m.len()).sum();
        first.push(Span::styled(
            format!(
                " (+{kept} kept in {} other target(s): p)",
                session.kept_marks.len()
            ),
            theme::marked(),
        ));
    }
    if session.load.is_running() {
        first.push(Span::styled(
            format!(" {} loading", spinner(app)),
            theme::dim(),
        ));
    } else if let Some(found) = session.judging.signals() {
        first.push(Span::raw(" · "));
        first.extend(signals::totals(&found.totals()));
    } else if session.judging.computing {
        first.push(Span::styled(
            format!(" · {} judging", spinner(app)),
            theme::dim(),
        ));
    }
    let mut place = Vec::new();
    if let Some(file) = &session.settings.snapshot {
        place.push(format!("snapshot {}", inert(file)));
    }
    if let Some(p) = &c.profile {
        place.push(format!("profile {}", inert(p)));
    }
    if let Some(a) = &c.account_id {
        place.push(format!("account {}", inert(a)));
    }
    if session.several_regions() {
        // Each region loaded, and each that could not be (its message says why).
        let regions: Vec<String> = (session.settings.regions.iter())
            .map(|r| match session.load.failed_regions.contains_key(r) {
                true => format!("{} (not loaded)", inert(r)),
                false => inert(r).into_owned(),
            })
            .collect();
        place.push(format!("regions {}", regions.join(", ")));
    } else {
        place.push(format!(
            "region {}",
            c.region.as_deref().map(inert).unwrap_or("(not set)".into())
        ));
    }
    if let Some(e) = &c.endpoint {
        place.push(format!("endpoint {}", inert(e)));
    }
    if let Some(Progress::Failed(e)) = &session.load.stale
        && e.is_gap()
    {
        place.push(if e.is_not_supported_by_endpoint() {
            "no stale check: the endpoint lacks DescribeStaleSecurityGroups".into()
        } else {
            "no stale check: not in the snapshot".into()
        });
    }
    first.push(Span::styled(
        format!(" │ {}", place.join(" · ")),
        theme::dim(),
    ));

    let second = match &session.message {
        Some(m) => {
            let style = match m.level {
                Level::Info => Style::new(),
                Level::Warn => Style::new().fg(theme::WARN),
                Level::Error => Style::new().fg(theme::DANGER).add_modifier(Modifier::BOLD),
            };
            Line::from(Span::styled(format!(" {}", inert(&m.text)), style))
        }
        None => Line::from(Span::styled(
            " ? help · Space mark · d revoke preview · r refresh · q quit",
            theme::dim(),
        )),
    };
    let [top, bottom] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(first)), top);
    frame.render_widget(Paragraph::new(second).wrap(Wrap { trim: false }), bottom);
}

/// What `ip:` cannot see yet, or at all: the interfaces and prefix lists still loading, or
/// failed to load.
fn address_gap(load: &Load) -> Option<Span<'static>> {
    if load.addresses_pending() {
        return Some(Span::styled(
            "ip: may grow (interfaces, prefix lists loading) · ",
            Style::new().fg(theme::WARN),
        ));
    }
    let failed: Vec<&str> = [
        (&load.interfaces, "interfaces"),
        (&load.prefix_lists, "prefix lists"),
    ]
    .into_iter()
    .filter(|(p, _)| matches!(p, Some(Progress::Failed(_))))
    .map(|(_, what)| what)
    .collect();
    (!failed.is_empty()).then(|| {
        Span::styled(
            format!("ip: without {} (not loaded) · ", failed.join(", ")),
            Style::new().fg(theme::WARN),
        )
    })
}

/// The status bar's height: one line for the counts, and one to three for the message, so that
/// an error's advice is not cut off.
pub fn height(app: &App, width: u16) -> u16 {
    let len = app
        .session
        .message
        .as_ref()
        .map_or(0, |m| inert(&m.text).chars().count() + 1);
    let lines = len.div_ceil(usize::from(width.max(1))).clamp(1, 3);
    1 + lines as u16
}
