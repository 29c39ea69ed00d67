//! Colours and styles in one place.

use ratatui::style::{Color, Modifier, Style};

pub const ACCENT: Color = Color::Cyan;
pub const MARK: Color = Color::Yellow;
pub const DANGER: Color = Color::Red;
pub const OK: Color = Color::Green;
pub const WARN: Color = Color::Yellow;

pub fn border(focused: bool) -> Style {
    if focused {
        Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
    } else {
        Style::new().fg(Color::DarkGray)
    }
}

pub fn header() -> Style {
    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

pub fn selected(focused: bool) -> Style {
    if focused {
        Style::new().add_modifier(Modifier::REVERSED)
    } else {
        Style::new().add_modifier(Modifier::UNDERLINED)
    }
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn marked() -> Style {
    Style::new().fg(MARK).add_modifier(Modifier::BOLD)
}

/// A rule the filter matches (its mark is », so it reads without colour too).
pub fn hit() -> Style {
    Style::new().fg(ACCENT).add_modifier(Modifier::BOLD)
}

pub fn world() -> Style {
    Style::new().fg(DANGER).add_modifier(Modifier::BOLD)
}
