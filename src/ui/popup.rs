//! Popups over the browse screen.

use ratatui::{
    Frame,
    layout::{Constraint, Flex, Layout, Rect},
    style::Style,
    text::Line,
    widgets::{Block, Borders, Clear},
};

/// A rectangle of `percent_x` by `percent_y` of `area`, centred in it.
pub fn centered(area: Rect, percent_x: u16, percent_y: u16) -> Rect {
    sized(
        area,
        Constraint::Percentage(percent_x),
        Constraint::Percentage(percent_y),
    )
}

/// A rectangle `width` by `height` centred in `area`.
pub fn sized(area: Rect, width: Constraint, height: Constraint) -> Rect {
    let [area] = Layout::vertical([height]).flex(Flex::Center).areas(area);
    let [area] = Layout::horizontal([width]).flex(Flex::Center).areas(area);
    area
}

/// Clears `popup`, draws its border and `title`, and returns the area inside.
pub fn boxed(frame: &mut Frame, popup: Rect, title: Line<'_>, border: Style) -> Rect {
    frame.render_widget(Clear, popup);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(border)
        .title(title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}

/// Clears a large centred popup, draws its border and `title`, and splits the inside into a
/// head of `head` rows, the body, and a foot of `foot` rows (either may be 0).
pub fn sections(
    frame: &mut Frame,
    area: Rect,
    title: Line<'_>,
    border: Style,
    [head, foot]: [u16; 2],
) -> [Rect; 3] {
    let inner = boxed(frame, centered(area, 92, 85), title, border);
    Layout::vertical([
        Constraint::Length(head),
        Constraint::Fill(1),
        Constraint::Length(foot),
    ])
    .areas(inner)
}

/// A popup's title, padded, in `style` (or the default style).
pub fn title(text: &str, style: Option<Style>) -> Line<'static> {
    let line = Line::from(format!(" {text} "));
    match style {
        Some(style) => line.style(style),
        None => line,
    }
}
