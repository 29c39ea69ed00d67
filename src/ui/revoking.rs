//! The progress of a batch under way: each call's answer, then the refresh.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::Style,
    text::Span,
    widgets::Paragraph,
};

use super::preview::plan_lines;
use super::{popup::framed, spinner, text::inert, theme};
use crate::app::{App, Revoking};
use crate::ec2::Sent;
use crate::revoke::CallResult;

pub fn render(app: &App, revoking: &Revoking, frame: &mut Frame, area: Rect) {
    let inner = framed(
        frame,
        area,
        "Revoking",
        Style::new().fg(theme::DANGER),
        true,
    );
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let answered = revoking.answered();
    let text = if revoking.refreshing {
        format!(
            "{} All calls answered; describing the affected groups again…",
            spinner(app)
        )
    } else {
        format!(
            "{} {answered} of {} calls answered…",
            spinner(app),
            revoking.results.len()
        )
    };
    frame.render_widget(Paragraph::new(text), head);
    let lines = plan_lines(app, &revoking.plan, |i| match &revoking.results[i] {
        None => Span::styled("sending…", theme::dim()),
        Some(CallResult::NotSent(_)) => Span::styled("not sent", Style::new().fg(theme::WARN)),
        Some(CallResult::Sent(Sent { result: Ok(_), .. })) => {
            Span::styled("answered", Style::new().fg(theme::OK))
        }
        Some(CallResult::Sent(Sent { result: Err(e), .. })) => Span::styled(
            format!("failed: {}", inert(&e.code)),
            Style::new().fg(theme::DANGER),
        ),
    });
    frame.render_widget(Paragraph::new(lines), body);
}
