//! The revoke preview: every call, the rules it names and its dry-run verdict, and the question.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Paragraph, Wrap},
};

use super::popup::{sections, title};
use super::{spinner, theme};
use crate::app::{App, Preview};
use crate::ec2::DryRunVerdict;
use crate::model::scope::region_of;
use crate::present::revoke as text;
use crate::present::{inert, rule_line};
use crate::revoke::RevokePlan;

fn verdict_span(verdict: Option<&DryRunVerdict>, app: &App) -> Span<'static> {
    let Some(verdict) = verdict else {
        return Span::styled(format!("{} dry run…", spinner(app)), theme::dim());
    };
    let color = match verdict {
        DryRunVerdict::Allowed => theme::OK,
        _ => theme::DANGER,
    };
    Span::styled(text::verdict(verdict), Style::new().fg(color))
}

/// The lines listing each call of a plan and the rules it names, with a status per call.
pub(super) fn plan_lines(
    app: &App,
    plan: &RevokePlan,
    status: impl Fn(usize) -> Span<'static>,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut region = None;
    for (i, call) in plan.calls.iter().enumerate() {
        let r = &call.request;
        // Several regions side by side: their calls come region by region, each under its name.
        let here = region_of(&r.group_id);
        if here.is_some() && here != region {
            region = here;
            lines.push(Line::from(Span::styled(
                format!("{}:", inert(here.unwrap_or_default())),
                Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            )));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}. ", i + 1), theme::dim()),
            Span::styled(r.action(), Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(format!(
                " {}",
                text::call_subject(r, &app.session.inventory)
            )),
        ]));
        lines.push(Line::from(vec![Span::raw("    "), status(i)]));
        for rule in &call.rules {
            let style = if rule.peer.is_world() {
                theme::world()
            } else {
                Style::new()
            };
            let mut line = vec![
                Span::raw("      "),
                Span::styled(rule_line(rule, &app.session.inventory), style),
            ];
            // Why an auditor would care, in one line: its signals' reasons.
            let reasons = (app.session.judging.signals())
                .map(|s| s.rule(&rule.id).reasons())
                .unwrap_or_default();
            if !reasons.is_empty() {
                line.push(Span::styled(
                    format!("  ({})", reasons.join("; ")),
                    theme::dim(),
                ));
            }
            lines.push(Line::from(line));
        }
        for unmatched in &call.unmatched {
            lines.push(Line::from(Span::styled(
                format!("      {}", text::unmatched_note(unmatched)),
                Style::new().fg(theme::WARN),
            )));
        }
    }
    lines
}

pub fn render(app: &App, preview: &Preview, frame: &mut Frame, area: Rect) {
    let border = Style::new().fg(theme::WARN);
    let heading = title("Revoke preview (dry run)", Some(border));
    let [head, body, foot] = sections(frame, area, heading, border, [2, 2]);
    let plan = &preview.plan;
    let pending = preview.verdicts.iter().filter(|v| v.is_none()).count();
    let allowed = preview.allowed();
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(text::plan_heading(plan)),
            Line::from(Span::styled(
                if pending > 0 {
                    format!("Asking EC2 for {pending} dry-run verdict(s)…")
                } else {
                    text::allowed_line(allowed, plan.calls.len())
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

    let prompt = if app.session.settings.read_only {
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
                format!("{} ", text::question(allowed_rules(preview), allowed)),
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
