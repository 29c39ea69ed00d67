//! Help, generated from the keymap so that it lists exactly what the keys do. Keys that work in
//! most modes are listed once, under "Everywhere".

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::{Block, Borders, Clear, Paragraph},
};

use super::{centered, theme};
use crate::app::{
    ListCursor, ModeKind,
    keymap::{Binding, KEYMAP},
};

const SECTIONS: [(ModeKind, &str); 8] = [
    (ModeKind::Browse, "Browse"),
    (ModeKind::Filter, "Filter (/)"),
    (ModeKind::SpecPrompt, "Rule-spec prompt (R)"),
    (ModeKind::Preview, "Revoke preview"),
    (ModeKind::Results, "Results"),
    (ModeKind::History, "History (h)"),
    (ModeKind::Restore, "Undo (u)"),
    (ModeKind::Help, "Help"),
];

fn is_general(b: &Binding) -> bool {
    b.modes.len() >= 3
}

fn binding_line(b: &Binding) -> Line<'static> {
    let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
    Line::from(vec![
        Span::styled(
            format!("  {:<18}", keys.join(" / ")),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(b.help),
    ])
}

/// Every line of the help screen.
pub fn lines() -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled("Everywhere", theme::header()))];
    lines.extend(KEYMAP.iter().filter(|b| is_general(b)).map(binding_line));
    for (mode, title) in SECTIONS {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(title, theme::header())));
        lines.extend(
            KEYMAP
                .iter()
                .filter(|b| !is_general(b) && b.modes.contains(&mode))
                .map(binding_line),
        );
    }
    lines
}

pub fn render(cursor: &ListCursor, frame: &mut Frame, area: Rect) {
    let popup = centered(area, 80, 90);
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(Style::new().fg(theme::ACCENT))
        .title(" Help: keys (Esc closes) ");
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let lines = lines();
    let offset = cursor.scroll_into_view(inner.height as usize, lines.len());
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}
