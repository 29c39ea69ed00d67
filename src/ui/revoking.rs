//! The progress of a batch under way: each call's answer, then the refresh.

use ratatui::{Frame, layout::Rect, style::Style, text::Span, widgets::Paragraph};

use super::popup::{sections, title};
use super::preview::plan_lines;
use super::{spinner, theme};
use crate::app::{App, Revoking};
use crate::ec2::Sent;
use crate::present::inert;
use crate::revoke::CallResult;

pub fn render(app: &App, revoking: &Revoking, frame: &mut Frame, area: Rect) {
    let border = Style::new().fg(theme::DANGER);
    let heading = title("Revoking", Some(border));
    let [head, body, _] = sections(frame, area, heading, border, [2, 0]);
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
