//! The revoke preview (every call, its rules and its dry-run verdict) and the progress popup.

use ratatui::{
    Frame,
    layout::{Constraint, Layout, Rect},
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Block, Borders, Clear, Paragraph, Wrap},
};

use super::{centered, group_label, rule_line, spinner, text::inert, theme};
use crate::app::{App, Preview, Revoking};
use crate::ec2::{DryRunVerdict, RevokeRequest, RevokeTarget, Sent};
use crate::revoke::{CallResult, RevokePlan};

fn verdict_span(verdict: Option<&DryRunVerdict>, app: &App) -> Span<'static> {
    match verdict {
        None => Span::styled(format!("{} dry run…", spinner(app)), theme::dim()),
        Some(DryRunVerdict::Allowed) => Span::styled(
            "dry run: ✔ allowed (DryRunOperation)",
            Style::new().fg(theme::OK),
        ),
        Some(DryRunVerdict::Denied(m)) => Span::styled(
            format!(
                "dry run: ✘ denied (UnauthorizedOperation), will not be sent: {}",
                inert(m)
            ),
            Style::new().fg(theme::DANGER),
        ),
        Some(DryRunVerdict::Failed(e)) => Span::styled(
            format!(
                "dry run: ✘ failed, will not be sent: {}",
                inert(&e.to_string())
            ),
            Style::new().fg(theme::DANGER),
        ),
    }
}

/// How a call names what it revokes: by rule ids, or by `IpPermissions`.
fn naming(request: &RevokeRequest) -> String {
    match &request.target {
        RevokeTarget::RuleIds(ids) => {
            format!(
                "{} rule{} by id",
                ids.len(),
                if ids.len() == 1 { "" } else { "s" }
            )
        }
        RevokeTarget::Permissions(permissions) => format!(
            "IpPermissions [{}]",
            permissions
                .iter()
                .flat_map(|p| p.texts())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The lines listing each call of a plan and the rules it names, with a status per call.
fn plan_lines(
    app: &App,
    plan: &RevokePlan,
    status: impl Fn(usize) -> Span<'static>,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (i, call) in plan.calls.iter().enumerate() {
        let r = &call.request;
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}. ", i + 1), theme::dim()),
            Span::styled(r.action(), Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(format!(
                " {} · {}",
                group_label(app, &r.group_id),
                naming(r)
            )),
        ]));
        lines.push(Line::from(vec![Span::raw("    "), status(i)]));
        for rule in &call.rules {
            let style = if rule.peer.is_world() {
                theme::world()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::raw("      "),
                Span::styled(rule_line(app, rule), style),
            ]));
        }
        for text in &call.unmatched {
            lines.push(Line::from(Span::styled(
                format!(
                    "      no rule matches {} here: in a default VPC EC2 answers it as unmatched; \
                     in any other VPC the call fails and revokes nothing in this group",
                    inert(text)
                ),
                Style::new().fg(theme::WARN),
            )));
        }
    }
    lines
}

fn frame_popup(frame: &mut Frame, area: Rect, title: &str, border: Style) -> Rect {
    let popup = centered(area, 92, 85);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Line::from(format!(" {title} ")).style(border));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

pub fn render(app: &App, preview: &Preview, frame: &mut Frame, area: Rect) {
    let inner = frame_popup(
        frame,
        area,
        "Revoke preview (dry run)",
        Style::new().fg(theme::WARN),
    );
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    let plan = &preview.plan;
    let pending = preview.verdicts.iter().filter(|v| v.is_none()).count();
    let allowed = preview
        .verdicts
        .iter()
        .filter(|v| matches!(v, Some(DryRunVerdict::Allowed)))
        .count();
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(format!(
                "{} call{} naming {} rule{}{}. Nothing has been changed yet.",
                plan.calls.len(),
                if plan.calls.len() == 1 { "" } else { "s" },
                plan.rule_count(),
                if plan.rule_count() == 1 { "" } else { "s" },
                match plan.calls.iter().map(|c| c.unmatched.len()).sum::<usize>() {
                    0 => String::new(),
                    n => format!(" and {n} typed peer(s) that match no rule"),
                },
            )),
            Line::from(Span::styled(
                if pending > 0 {
                    format!("Asking EC2 for {pending} dry-run verdict(s)…")
                } else {
                    format!(
                        "{allowed} of {} calls allowed by the dry run.",
                        plan.calls.len()
                    )
                },
                theme::dim(),
            )),
        ]),
        head,
    );
    let lines = plan_lines(app, plan, |i| {
        verdict_span(preview.verdicts[i].as_ref(), app)
    });
    let height = body.height as usize;
    let offset = preview.cursor.scroll_into_view(height, lines.len());
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((offset as u16, 0)),
        body,
    );

    let prompt = if app.settings.read_only {
        Line::from(vec![
            Span::styled(" READ-ONLY ", Style::new().add_modifier(Modifier::REVERSED)),
            Span::raw(" dry run only: nothing can be confirmed · n/Esc close"),
        ])
    } else if pending > 0 {
        Line::from(Span::styled(
            "Waiting for dry-run verdicts… · n/Esc cancel",
            theme::dim(),
        ))
    } else if allowed == 0 {
        Line::from("No call is allowed; nothing can be sent · n/Esc close")
    } else {
        Line::from(vec![
            Span::styled(
                format!(
                    "Revoke {} rule(s) in {allowed} call(s)? ",
                    allowed_rules(preview)
                ),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                "y",
                Style::new().fg(theme::DANGER).add_modifier(Modifier::BOLD),
            ),
            Span::raw(" confirm · "),
            Span::styled("n", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw("/Esc cancel"),
        ])
    };
    frame.render_widget(Paragraph::new(vec![Line::default(), prompt]), foot);
}

fn allowed_rules(preview: &Preview) -> usize {
    preview
        .plan
        .calls
        .iter()
        .zip(&preview.verdicts)
        .filter(|(_, v)| matches!(v, Some(DryRunVerdict::Allowed)))
        .map(|(c, _)| c.rules.len())
        .sum()
}

pub fn render_revoking(app: &App, revoking: &Revoking, frame: &mut Frame, area: Rect) {
    let inner = frame_popup(frame, area, "Revoking", Style::new().fg(theme::DANGER));
    let [head, body] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let answered = revoking.results.iter().filter(|r| r.is_some()).count();
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
