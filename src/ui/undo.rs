//! The undo of one batch: the rules to re-create, each one's dry run, then its outcome.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
};

use super::popup::{sections, title};
use super::theme;
use crate::app::{App, RestorePhase, RestoreView};
use crate::present::inert;
use crate::present::request_line;
use crate::restore::RestoreOutcome;

fn outcome_span(outcome: Option<&RestoreOutcome>, phase: RestorePhase) -> Span<'static> {
    match outcome {
        None if phase == RestorePhase::Restoring => Span::styled("re-creating…", theme::dim()),
        None => Span::styled("dry run…", theme::dim()),
        Some(RestoreOutcome::WouldBeAllowed) => {
            Span::styled("dry run: ✔ allowed", Style::new().fg(theme::OK))
        }
        Some(RestoreOutcome::Restored(id)) => Span::styled(
            format!(
                "RESTORED{}",
                id.as_ref().map(|i| format!(" as {i}")).unwrap_or_default()
            ),
            Style::new().fg(theme::OK).add_modifier(Modifier::BOLD),
        ),
        Some(RestoreOutcome::AlreadyPresent) => {
            Span::styled("ALREADY PRESENT", Style::new().fg(theme::OK))
        }
        Some(RestoreOutcome::Failed(e)) => Span::styled(
            format!("FAILED {}", inert(&e.to_string())),
            Style::new().fg(theme::DANGER).add_modifier(Modifier::BOLD),
        ),
    }
}

pub fn render(app: &App, view: &RestoreView, frame: &mut Frame, area: Rect) {
    let border = Style::new().fg(theme::ACCENT);
    let heading = title("Undo: re-create the rules a batch revoked", None);
    let [head, body, foot] = sections(frame, area, heading, border, [2, 1]);
    let plan = &view.plan;
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!(
                "Batch {} ({}): {} rule(s) to re-create with AuthorizeSecurityGroupIngress/Egress.",
                inert(&plan.batch),
                inert(&plan.time),
                plan.items.len()
            )),
            Line::from(Span::styled(
                format!(
                    "{} rule(s) of the batch are skipped: it did not revoke them.",
                    plan.skipped.len()
                ),
                theme::dim(),
            )),
        ]),
        head,
    );
    let mut lines = Vec::new();
    for (item, outcome) in plan.items.iter().zip(&view.outcomes) {
        lines.push(Line::from(format!(
            "{}  {}",
            inert(&item.original_id),
            request_line(&item.request)
        )));
        lines.push(Line::from(vec![
            Span::raw("    "),
            outcome_span(outcome.as_ref(), view.phase),
        ]));
    }
    let offset = view
        .cursor
        .scroll_into_view(body.height as usize / 2, plan.items.len())
        * 2;
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), body);
    let prompt = match view.phase {
        RestorePhase::Checking => "Asking EC2 for dry-run verdicts… · n/Esc cancel".to_string(),
        RestorePhase::Ready if app.session.settings.read_only => {
            "READ-ONLY: nothing can be re-created · n/Esc close".into()
        }
        RestorePhase::Ready => "Re-create the allowed rules? y confirm · n/Esc cancel".into(),
        RestorePhase::Restoring => "Re-creating…".into(),
        RestorePhase::Done => "Done · Esc close and refresh".into(),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            prompt,
            Style::new().add_modifier(Modifier::BOLD),
        )),
        foot,
    );
}
