//! Drawing, from a read-only view of the app. One file per pane or popup.

mod browse;
mod help;
mod history;
mod popup;
mod preview;
mod results;
mod spec_prompt;
mod status;
pub mod text;
mod theme;

use ratatui::{
    Frame,
    layout::{Constraint, Layout},
    widgets::Paragraph,
};

use crate::app::{App, Mode};
use crate::model::{Peer, Rule};

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
        Mode::Browse | Mode::Filter { .. } => {}
        Mode::SpecPrompt(prompt) => spec_prompt::render(app, prompt, frame, main),
        Mode::Help { cursor } => help::render(cursor, frame, main),
        Mode::History(h) => history::render_history(app, h, frame, main),
        Mode::Restore(v) => history::render_restore(app, v, frame, main),
        Mode::Preview(p) => preview::render(app, p, frame, main),
        Mode::Revoking(r) => preview::render_revoking(app, r, frame, main),
        Mode::Results(r) => results::render(app, r, frame, main),
    }
}

/// The peer of a rule as a person reads it: CIDRs flagged when open to the world, group
/// references with the group's name.
pub fn peer_text(app: &App, rule: &Rule) -> String {
    match &rule.peer {
        Peer::Ipv4(_) | Peer::Ipv6(_) if rule.peer.is_world() => {
            format!("{} (anywhere)", rule.peer.short())
        }
        Peer::PrefixList(id) => format!("{id} (prefix list)"),
        Peer::Group(g) => {
            let owner = app
                .inventory
                .group(&rule.group_id)
                .and_then(|own| own.owner_id.as_deref());
            let account = match (&g.user_id, owner) {
                (Some(user), Some(owner)) if user != owner => format!("{user}/"),
                _ => String::new(),
            };
            let name = app
                .group_name(&g.group_id)
                .map(|n| format!(" ({})", text::inert(n)))
                .unwrap_or_default();
            format!("{account}{}{name}", g.group_id)
        }
        Peer::Unknown(s) => text::inert(s).into_owned(),
        _ => rule.peer.short(),
    }
}

/// One line describing a rule fully: for previews and results.
pub fn rule_line(app: &App, rule: &Rule) -> String {
    let towards = match rule.direction {
        crate::model::Direction::Inbound => "from",
        crate::model::Direction::Outbound => "to",
    };
    let mut s = format!(
        "{} {} {towards} {}",
        rule.id,
        rule.protocol_ports(),
        peer_text(app, rule)
    );
    if let Some(d) = &rule.description {
        s.push_str(&format!("  \"{}\"", text::inert(d)));
    }
    s
}

/// A group as "sg-… (name)".
pub fn group_label(app: &App, group_id: &str) -> String {
    match app.group_name(group_id) {
        Some(name) => format!("{group_id} ({})", text::inert(name)),
        None => group_id.to_string(),
    }
}

pub(crate) fn spinner(app: &App) -> &'static str {
    const FRAMES: [&str; 4] = ["|", "/", "-", "\\"];
    FRAMES[app.spinner % FRAMES.len()]
}

pub(crate) use popup::centered;
