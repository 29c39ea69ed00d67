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
    let [area] = Layout::vertical([Constraint::Percentage(percent_y)])
        .flex(Flex::Center)
        .areas(area);
    let [area] = Layout::horizontal([Constraint::Percentage(percent_x)])
        .flex(Flex::Center)
        .areas(area);
    area
}

/// Clears a large centred popup, draws its border and title in `border`'s style (the title
/// too, when `title_styled`), and returns the area inside.
pub fn framed(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    border: Style,
    title_styled: bool,
) -> Rect {
    let popup = centered(area, 92, 85);
    frame.render_widget(Clear, popup);
    let title = Line::from(format!(" {title} "));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(border)
        .title(if title_styled {
            title.style(border)
        } else {
            title
        });
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    inner
}
