//! The history of batches (from the journal) and the undo of one: plan, dry runs, outcomes.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Block, Borders, Clear, Paragraph},
};

use super::{centered, text::inert, theme};
use crate::app::{App, History, RestorePhase, RestoreView};
use crate::ec2::AuthorizeRequest;
use crate::model::{Direction, ProtocolPorts};
use crate::restore::RestoreOutcome;

fn popup(frame: &mut Frame, area: Rect, title: &str) -> Rect {
    let area = centered(area, 92, 85);
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme::ACCENT))
        .title(format!(" {title} "));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

pub fn render_history(app: &App, history: &History, frame: &mut Frame, area: Rect) {
    let inner = popup(frame, area, "History: revoke batches in the journal");
    let [body, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let lines: Vec<Line> = match &history.entries {
        None => vec![Line::from("Reading the journal…")],
        Some(Err(e)) => vec![Line::from(Span::styled(
            format!("The journal cannot be read: {}", inert(e)),
            Style::new().fg(theme::DANGER),
        ))],
        Some(Ok(_)) if history.batches.is_empty() => {
            vec![Line::from("No batch yet: the journal is empty.")]
        }
        Some(Ok(_)) => history
            .batches
            .iter()
            .enumerate()
            .map(|(i, (batch, time, rules))| {
                let style = if i == history.cursor.selected {
                    theme::selected(true)
                } else {
                    Style::new()
                };
                Line::from(Span::styled(
                    format!("{}  {}  {rules} rule(s)", inert(time), inert(batch)),
                    style,
                ))
            })
            .collect(),
    };
    let offset = history
        .cursor
        .scroll_into_view(body.height as usize, lines.len());
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), body);
    let hint = match &app.settings.journal {
        Some(path) => format!(
            "u undo the selected batch · Esc close · journal {}",
            inert(path)
        ),
        None => "There is no journal (--journal PATH). Esc close".into(),
    };
    frame.render_widget(Paragraph::new(Span::styled(hint, theme::dim())), foot);
}

fn describe(r: &AuthorizeRequest) -> String {
    let towards = if r.direction == Direction::Inbound {
        "from"
    } else {
        "to"
    };
    let mut s = format!(
        "{} {} {} {towards} {}",
        r.group_id,
        r.direction.label(),
        ProtocolPorts(r.protocol, r.ports),
        inert(&r.peer.short())
    );
    if let Some(d) = &r.description {
        s.push_str(&format!("  \"{}\"", inert(d)));
    }
    s
}

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

pub fn render_restore(app: &App, view: &RestoreView, frame: &mut Frame, area: Rect) {
    let inner = popup(frame, area, "Undo: re-create the rules a batch revoked");
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
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
            describe(&item.request)
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
        RestorePhase::Ready if app.settings.read_only => {
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
