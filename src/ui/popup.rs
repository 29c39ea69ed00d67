use ratatui::layout::{Constraint, Flex, Layout, Rect};

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
