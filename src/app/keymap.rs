//! The one keymap: (screen, key) to command. Keys of every screen are here; each screen's own
//! keys are in its description. The help screen is generated from both, so it cannot lie.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Command};
use super::screen::{ModeKind, SCREENS, Screen};

/// A key as written in the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Self {
        Self { code, ctrl: false }
    }

    pub const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let code = match event.code {
            // Some terminals send Shift-Tab as Tab with SHIFT.
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            code => code,
        };
        self.ctrl == ctrl && self.code == code
    }

    /// How the help screen writes the key.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::PageUp => "PageUp".into(),
            KeyCode::PageDown => "PageDown".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Backspace => "Backspace".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub command: Command,
    pub help: &'static str,
}

/// Keys people name: arrows, Enter, Esc and the like.
pub mod keys {
    use super::{Key, KeyCode};

    pub const TAB: Key = Key::plain(KeyCode::Tab);
    pub const BACK_TAB: Key = Key::plain(KeyCode::BackTab);
    pub const ENTER: Key = Key::plain(KeyCode::Enter);
    pub const ESC: Key = Key::plain(KeyCode::Esc);
    pub const BACKSPACE: Key = Key::plain(KeyCode::Backspace);
    pub const SPACE: Key = Key::ch(' ');
    pub const UP: Key = Key::plain(KeyCode::Up);
    pub const DOWN: Key = Key::plain(KeyCode::Down);
    pub const HOME: Key = Key::plain(KeyCode::Home);
    pub const END: Key = Key::plain(KeyCode::End);
    pub const PAGE_UP: Key = Key::plain(KeyCode::PageUp);
    pub const PAGE_DOWN: Key = Key::plain(KeyCode::PageDown);
}

/// A screen's key table, one binding a line: `Command: [keys] "help";`.
macro_rules! key_table {
    ($($command:ident: [$($key:expr),+] $help:literal;)*) => {
        &[$($crate::app::keymap::Binding {
            keys: &[$($key),+],
            command: $crate::app::Command::$command,
            help: $help,
        }),*]
    };
}
pub(crate) use key_table;

/// Where a binding of every screen applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    /// On every screen.
    Always,
    /// Where letters are commands, not text.
    NotTyping,
    /// On screens that show a list.
    Lists,
}

impl Applies {
    pub fn to(self, screen: &Screen) -> bool {
        match self {
            Self::Always => true,
            Self::NotTyping => !screen.typing,
            Self::Lists => screen.list,
        }
    }
}

use keys::{DOWN, END, HOME, PAGE_DOWN, PAGE_UP, UP};

/// The bindings of every screen (quitting, moving in lists), listed once under "Everywhere".
pub static GENERAL: &[(Applies, Binding)] = &[
    (
        Applies::Always,
        general(&[Key::ctrl('c')], Command::Quit, "quit"),
    ),
    (
        Applies::NotTyping,
        general(&[Key::ch('q')], Command::Quit, QUIT),
    ),
    (
        Applies::Lists,
        general(&[DOWN, Key::ch('j')], Command::Down, "move down"),
    ),
    (
        Applies::Lists,
        general(&[UP, Key::ch('k')], Command::Up, "move up"),
    ),
    (
        Applies::Lists,
        general(&[Key::ch('g'), HOME], Command::First, "first"),
    ),
    (
        Applies::Lists,
        general(&[Key::ch('G'), END], Command::Last, "last"),
    ),
    (
        Applies::Lists,
        general(&[PAGE_DOWN], Command::PageDown, "page down"),
    ),
    (
        Applies::Lists,
        general(&[PAGE_UP], Command::PageUp, "page up"),
    ),
];

const QUIT: &str = "quit (not while a revoke is running)";

const fn general(keys: &'static [Key], command: Command, help: &'static str) -> Binding {
    Binding {
        keys,
        command,
        help,
    }
}

/// Every binding: those of every screen, then each screen's own.
pub fn bindings() -> impl Iterator<Item = &'static Binding> {
    GENERAL
        .iter()
        .map(|(_, b)| b)
        .chain(SCREENS.iter().flat_map(|s| s.keys))
}

/// The help screen's sections: "Everywhere", then each screen with keys of its own.
pub fn help_sections() -> Vec<(&'static str, Vec<&'static Binding>)> {
    let mut sections = vec![("Everywhere", GENERAL.iter().map(|(_, b)| b).collect())];
    sections.extend(
        SCREENS
            .iter()
            .filter(|s| !s.keys.is_empty())
            .map(|s| (s.title, s.keys.iter().collect())),
    );
    sections
}

/// What a key means in a mode: a command, or a character typed into the spec prompt.
pub fn action_for(mode: ModeKind, event: &KeyEvent) -> Option<Action> {
    if let Some(command) = command_for(mode, event) {
        return Some(Action::Command(command));
    }
    let typing = mode.screen().typing
        && !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match event.code {
        KeyCode::Char(c) if typing => Some(Action::Input(c)),
        _ => None,
    }
}

/// The command a key means in a mode, if any.
pub fn command_for(mode: ModeKind, event: &KeyEvent) -> Option<Command> {
    let screen = mode.screen();
    let general = GENERAL
        .iter()
        .filter(|(applies, _)| applies.to(screen))
        .map(|(_, b)| b);
    general
        .chain(screen.keys)
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.command)
}
