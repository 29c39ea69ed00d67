//! Per-rule outcome of a finished revoke batch, judged after the refresh.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
};

use super::popup::{sections, title};
use super::theme;
use crate::app::{App, Results};
use crate::present::revoke as text;
use crate::present::{inert, rule_line};
use crate::revoke::{Outcome, Subject};

fn outcome_span(outcome: &Outcome) -> Span<'static> {
    let (color, label) = match outcome {
        Outcome::Revoked => (theme::OK, "REVOKED   "),
        Outcome::Left => (theme::WARN, "LEFT      "),
        Outcome::Unmatched(_) => (theme::WARN, "UNMATCHED "),
        Outcome::Failed(_) => (theme::DANGER, "FAILED    "),
        Outcome::AlreadyGone => (theme::OK, "GONE      "),
        Outcome::Unverified(_) => (theme::WARN, "UNVERIFIED"),
    };
    Span::styled(label, Style::new().fg(color).add_modifier(Modifier::BOLD))
}

pub fn render(app: &App, results: &Results, frame: &mut Frame, area: Rect) {
    let border = Style::new().fg(theme::ACCENT);
    let heading = title("Revoke results (after refresh)", Some(border));
    let [head, body, foot] = sections(frame, area, heading, border, [2, 1]);

    let summary = app
        .session
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    let mut head_lines = vec![Line::from(Span::styled(
        summary,
        Style::new().add_modifier(Modifier::BOLD),
    ))];
    if let Some(e) = &results.refresh_error {
        head_lines.push(Line::from(Span::styled(
            format!(
                "The refresh failed ({}); outcomes are unverified.",
                inert(&e.to_string())
            ),
            Style::new().fg(theme::DANGER),
        )));
    }
    frame.render_widget(Paragraph::new(head_lines), head);

    let mut lines = Vec::new();
    let mut starts = Vec::with_capacity(results.outcomes.len());
    for o in &results.outcomes {
        starts.push(lines.len());
        let call = &results.plan.calls[o.call].request;
        lines.push(Line::from(vec![
            outcome_span(&o.outcome),
            Span::raw(" "),
            Span::raw(match &o.subject {
                Subject::Rule(rule) => rule_line(rule, &app.session.inventory),
                Subject::Properties(text) => format!("(no rule) {}", inert(text)),
            }),
        ]));
        lines.push(Line::from(Span::styled(
            format!(
                "           {}",
                text::from_call(o.call, call, &app.session.inventory)
            ),
            theme::dim(),
        )));
        if let Some(listed) = o.listed {
            lines.push(Line::from(Span::styled(
                format!("           {}", text::listed_note(listed)),
                theme::dim(),
            )));
        }
        if let Some(d) = text::outcome_detail(&o.outcome) {
            lines.push(Line::from(format!("           {d}")));
        }
    }
    // The selected outcome at the top, unless the list ends first.
    let offset = starts
        .get(results.cursor.selected)
        .copied()
        .unwrap_or(0)
        .min(lines.len().saturating_sub(body.height as usize));
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), body);
    frame.render_widget(
        Paragraph::new(Span::styled(
            "Esc/Enter back to browse · ↑/↓ scroll",
            theme::dim(),
        )),
        foot,
    );
}
