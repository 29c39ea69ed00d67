//! The prompt for a revoke by rule spec: the typed spec, where it applies, and what is wrong.

use ratatui::{
    Frame,
    layout::{Constraint, Rect},
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Paragraph, Wrap},
};

use super::popup::{boxed, sized, title};
use super::theme;
use crate::app::{App, Scope, SpecPrompt};
use crate::present::inert;

pub fn render(app: &App, prompt: &SpecPrompt, frame: &mut Frame, area: Rect) {
    let popup = sized(area, Constraint::Percentage(90), Constraint::Length(9));
    let heading = title("Revoke by rule spec", None);
    let inner = boxed(frame, popup, heading, Style::new().fg(theme::WARN));

    let groups = app.groups_in_scope(prompt.scope).len();
    let scope = match prompt.scope {
        Scope::SelectedGroup => match app.selected_group() {
            Some(g) => format!("the selected group {} ({})", g.id, inert(&g.name)),
            None => "the selected group (none)".into(),
        },
        other => format!("{} ({groups})", other.label()),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled("> ", Style::new().fg(theme::ACCENT)),
            Span::raw(inert(&prompt.input).into_owned()),
            Span::styled("█", Style::new().add_modifier(Modifier::SLOW_BLINK)),
        ]),
        Line::from(vec![
            Span::styled("applies to: ", theme::dim()),
            Span::styled(scope, Style::new().add_modifier(Modifier::BOLD)),
            Span::styled("  (Tab changes)", theme::dim()),
        ]),
        Line::default(),
    ];
    match &prompt.error {
        Some(e) => lines.push(Line::from(Span::styled(
            inert(e).into_owned(),
            Style::new().fg(theme::DANGER),
        ))),
        None => lines.push(Line::from(Span::styled(
            "in|out PROTOCOL [PORTS] PEER, e.g. in tcp 22 0.0.0.0/0 · out all ::/0 · in udp 53 10.0.0.0/8 · in tcp 443 sg-0abc…",
            theme::dim(),
        ))),
    }
    lines.push(Line::from(Span::styled(
        "Enter preview (dry run; nothing is sent yet) · Esc cancel",
        theme::dim(),
    )));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
