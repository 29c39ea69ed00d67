//! Drawing, from a read-only view of the app. One file per screen (the twin of its file under
//! `app/`), plus the status bar, popups, theme and untrusted text.

mod browse;
mod columns;
mod details;
mod help;
mod history;
mod picker;
mod popup;
mod preview;
mod results;
mod revoking;
mod signals;
mod spec_prompt;
mod status;
mod theme;
mod undo;

use ratatui::{
    Frame,
    layout::{Constraint, Layout},
    widgets::Paragraph,
};

use crate::app::{App, Mode};

/// Smallest area that can hold the screen; below it sgtui says so instead of drawing.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "Terminal too small ({}x{}); sgtui needs at least {MIN_WIDTH}x{MIN_HEIGHT}. q quits.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        return;
    }
    let [main, status_area] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(status::height(app, area.width)),
    ])
    .areas(area);
    browse::render(app, frame, main);
    status::render(app, frame, status_area);
    match &app.mode {
        Mode::Browse | Mode::Filter(_) => {}
        Mode::SpecPrompt(prompt) => spec_prompt::render(app, prompt, frame, main),
        Mode::Help(help) => help::render(help, frame, main),
        Mode::History(h) => history::render(app, h, frame, main),
        Mode::Restore(v) => undo::render(app, v, frame, main),
        Mode::Preview(p) => preview::render(app, p, frame, main),
        Mode::Revoking(r) => revoking::render(app, r, frame, main),
        Mode::Results(r) => results::render(app, r, frame, main),
        Mode::Details(d) => details::render(d, frame, main),
        Mode::Picker(p) => picker::render(app, p, frame, main),
    }
}

pub(crate) fn spinner(app: &App) -> &'static str {
    const FRAMES: [&str; 4] = ["|", "/", "-", "\\"];
    FRAMES[app.session.spinner % FRAMES.len()]
}
