//! Help, generated from the keymap so that it lists exactly what the keys do. Keys that work on
//! every screen are listed once, under "Everywhere".

use ratatui::{
    Frame,
    layout::Rect,
    style::{Modifier, Style},
    text::{Line, Span},
    widgets::Paragraph,
};

use super::popup::{boxed, centered, title};
use super::theme;
use crate::analysis::signals::LEGEND;
use crate::app::{
    Help,
    keymap::{Binding, help_sections},
};

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

/// Every line of the help screen: a title and the keys per section, a blank line between.
pub fn lines() -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for (title, bindings) in help_sections() {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(title, theme::header())));
        lines.extend(bindings.into_iter().map(binding_line));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Signals", theme::header())));
    for (mark, meaning) in LEGEND {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {mark:<18}"),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(meaning),
        ]));
    }
    lines
}

pub fn render(help: &Help, frame: &mut Frame, area: Rect) {
    let heading = title("Help: keys (Esc closes)", None);
    let inner = boxed(
        frame,
        centered(area, 80, 90),
        heading,
        Style::new().fg(theme::ACCENT),
    );
    let lines = lines();
    let offset = help
        .cursor
        .scroll_into_view(inner.height as usize, lines.len());
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}
