//! Help, generated from the keymap so that it lists exactly what the keys do.

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Block, Borders, Clear, Paragraph},
};

use super::{centered, theme};
use crate::app::{App, ListCursor, ModeKind, keymap::KEYMAP};

const SECTIONS: [(ModeKind, &str); 4] = [
    (ModeKind::Browse, "Browse"),
    (ModeKind::Preview, "Revoke preview"),
    (ModeKind::Results, "Results"),
    (ModeKind::Help, "Help"),
];

pub fn render(_app: &App, cursor: &ListCursor, frame: &mut Frame, area: Rect) {
    let popup = centered(area, 80, 90);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme::ACCENT))
        .title(" Help: keys ");
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let mut lines = Vec::new();
    for (mode, title) in SECTIONS {
        lines.push(Line::from(Span::styled(title, theme::header())));
        for b in KEYMAP.iter().filter(|b| b.modes.contains(&mode)) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {:<18}", keys.join(" / ")),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(b.help),
            ]));
        }
        lines.push(Line::default());
    }
    let offset = cursor.scroll_into_view(inner.height as usize, lines.len());
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}
