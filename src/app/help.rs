//! Help: every key of every screen, generated from the keymap.

use super::Mode;
use super::action::Command;
use super::cursor::ListCursor;
use super::keymap::Key;
use super::keymap::help_sections;
use super::keymap::key_table;
use super::keymap::keys::{ENTER, ESC};
use super::screen::{ModeKind, Screen, Step};
use crate::analysis::signals::LEGEND;

use Command as C;

pub static SCREEN: Screen = Screen {
    kind: ModeKind::Help,
    title: "Help",
    typing: false,
    list: true,
    keys: key_table![
        Close: [ESC, ENTER] "close";
        Help: [Key::ch('?')] "help";
    ],
};

/// The help screen: only its scroll position is its own.
#[derive(Debug, Clone, Default)]
pub struct Help {
    pub cursor: ListCursor,
}

/// How many lines the help screen has: a title and the keys per section, a blank line between,
/// then the signals' legend under its title.
pub fn line_count() -> usize {
    let sections = help_sections();
    sections
        .iter()
        .map(|(_, keys)| keys.len() + 1)
        .sum::<usize>()
        + sections.len()
        - 1
        + 2
        + LEGEND.len()
}

pub fn command(help: &mut Help, command: Command) -> Step {
    match command {
        C::Close | C::Help => Step::goto(Mode::Browse),
        movement => {
            help.cursor.apply(movement, line_count());
            Step::stay()
        }
    }
}
