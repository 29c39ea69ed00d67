//! The history of batches, from the journal, newest first.

use ratatui::{
    Frame,
    layout::Rect,
    style::Style,
    text::{Line, Span},
    widgets::Paragraph,
};

use super::popup::{sections, title};
use super::theme;
use crate::app::{App, History, JournalRead};
use crate::present::inert;

pub fn render(app: &App, history: &History, frame: &mut Frame, area: Rect) {
    let border = Style::new().fg(theme::ACCENT);
    let heading = title("History: revoke batches in the journal", None);
    let [_, body, foot] = sections(frame, area, heading, border, [0, 1]);
    let lines: Vec<Line> = match &history.journal {
        JournalRead::Reading => vec![Line::from("Reading the journal…")],
        JournalRead::Failed(e) => vec![Line::from(Span::styled(
            format!("The journal cannot be read: {}", inert(e)),
            Style::new().fg(theme::DANGER),
        ))],
        JournalRead::Read if history.batches.is_empty() => {
            vec![Line::from("No batch yet: the journal is empty.")]
        }
        JournalRead::Read => history
            .batches
            .iter()
            .enumerate()
            .map(|(i, batch)| {
                let style = if i == history.cursor.selected {
                    theme::selected(true)
                } else {
                    Style::new()
                };
                Line::from(Span::styled(
                    format!(
                        "{}  {}  {} rule(s)",
                        inert(&batch.time),
                        inert(&batch.id),
                        batch.rules
                    ),
                    style,
                ))
            })
            .collect(),
    };
    let offset = history
        .cursor
        .scroll_into_view(body.height as usize, lines.len());
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), body);
    let hint = match &app.session.settings.journal {
        Some(path) => format!(
            "u undo the selected batch · Esc close · journal {}",
            inert(path)
        ),
        None => "There is no journal (--journal PATH). Esc close".into(),
    };
    frame.render_widget(Paragraph::new(Span::styled(hint, theme::dim())), foot);
}
