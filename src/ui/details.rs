//! Details of the selected group and rule: each section's lines, label and value, every value
//! from AWS made inert.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
};

use super::popup::{boxed, centered, title};
use super::theme;
use crate::app::Details;
use crate::present::inert;

/// Every line of the view, as [`Details::line_count`] counts them.
fn lines(details: &Details) -> Vec<Line<'static>> {
    // Labels line up: as wide as the widest (an interface id, a prefix-list entry), within reason.
    let width = details
        .sections
        .iter()
        .flat_map(|s| &s.lines)
        .map(|(label, _)| inert(label).chars().count())
        .max()
        .unwrap_or(0)
        .clamp(18, 30);
    let mut lines = Vec::new();
    for section in &details.sections {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(
            section.title.clone(),
            theme::header(),
        )));
        if section.lines.is_empty() {
            lines.push(Line::from(Span::styled("  (none)", theme::dim())));
        }
        for (label, value) in &section.lines {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<width$} ", inert(label)),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(inert(value).into_owned()),
            ]));
        }
    }
    lines
}

pub fn render(details: &Details, frame: &mut Frame, area: Rect) {
    let heading = title("Details (Esc closes)", None);
    let border = Style::new().fg(theme::ACCENT);
    let inner = boxed(frame, centered(area, 90, 90), heading, border);
    let lines = lines(details);
    let offset = details
        .cursor
        .scroll_into_view(inner.height as usize, lines.len());
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}
