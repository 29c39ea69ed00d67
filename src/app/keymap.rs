//! The one keymap: (mode, key) to command. The help screen is generated from it, so it cannot lie.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Action, Command, ModeKind};

/// A key as written in the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    const fn plain(code: KeyCode) -> Self {
        Self { code, ctrl: false }
    }

    const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    const fn ctrl(c: char) -> Self {
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
    pub modes: &'static [ModeKind],
    pub keys: &'static [Key],
    pub command: Command,
    pub help: &'static str,
}

use Command as C;
use ModeKind as M;

const ALL: &[ModeKind] = &[
    M::Browse,
    M::Filter,
    M::SpecPrompt,
    M::Help,
    M::Preview,
    M::Revoking,
    M::Results,
    M::History,
    M::Restore,
];
/// Every mode where letters are commands, not text.
const NOT_TYPING: &[ModeKind] = &[
    M::Browse,
    M::Help,
    M::Preview,
    M::Revoking,
    M::Results,
    M::History,
    M::Restore,
];
const LISTS: &[ModeKind] = &[
    M::Browse,
    M::Preview,
    M::Results,
    M::Help,
    M::History,
    M::Restore,
];

/// Every binding, in the order the help screen lists them.
pub static KEYMAP: &[Binding] = &[
    Binding {
        modes: ALL,
        keys: &[Key::ctrl('c')],
        command: C::Quit,
        help: "quit",
    },
    Binding {
        modes: NOT_TYPING,
        keys: &[Key::ch('q')],
        command: C::Quit,
        help: "quit (not while a revoke is running)",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::plain(KeyCode::Tab)],
        command: C::NextPane,
        help: "next pane",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::plain(KeyCode::BackTab)],
        command: C::PrevPane,
        help: "previous pane",
    },
    Binding {
        modes: LISTS,
        keys: &[Key::plain(KeyCode::Down), Key::ch('j')],
        command: C::Down,
        help: "move down",
    },
    Binding {
        modes: LISTS,
        keys: &[Key::plain(KeyCode::Up), Key::ch('k')],
        command: C::Up,
        help: "move up",
    },
    Binding {
        modes: LISTS,
        keys: &[Key::ch('g'), Key::plain(KeyCode::Home)],
        command: C::First,
        help: "first",
    },
    Binding {
        modes: LISTS,
        keys: &[Key::ch('G'), Key::plain(KeyCode::End)],
        command: C::Last,
        help: "last",
    },
    Binding {
        modes: LISTS,
        keys: &[Key::plain(KeyCode::PageDown)],
        command: C::PageDown,
        help: "page down",
    },
    Binding {
        modes: LISTS,
        keys: &[Key::plain(KeyCode::PageUp)],
        command: C::PageUp,
        help: "page up",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::plain(KeyCode::Enter)],
        command: C::Enter,
        help: "on a group: focus its inbound rules",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::ch(' ')],
        command: C::ToggleMark,
        help: "mark/unmark the rule under the cursor",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::ch('a')],
        command: C::MarkAll,
        help: "mark every rule in the focused rules pane (again: unmark)",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::ch('c')],
        command: C::ClearMarks,
        help: "clear all marks",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::ch('d')],
        command: C::OpenPreview,
        help: "revoke preview (dry run) of all marked rules",
    },
    Binding {
        modes: &[M::Preview],
        keys: &[Key::ch('y')],
        command: C::Confirm,
        help: "confirm: send the revoke calls",
    },
    Binding {
        modes: &[M::Preview],
        keys: &[Key::ch('n'), Key::plain(KeyCode::Esc)],
        command: C::Cancel,
        help: "cancel: change nothing",
    },
    Binding {
        modes: &[M::Results, M::Help],
        keys: &[Key::plain(KeyCode::Esc), Key::plain(KeyCode::Enter)],
        command: C::Close,
        help: "close",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::ch('r')],
        command: C::Refresh,
        help: "refresh everything",
    },
    Binding {
        modes: &[M::Browse, M::Help],
        keys: &[Key::ch('?')],
        command: C::Help,
        help: "help",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::ch('h')],
        command: C::OpenHistory,
        help: "history of revoke batches (journal), to undo one",
    },
    Binding {
        modes: &[M::History],
        keys: &[Key::ch('u')],
        command: C::Undo,
        help: "undo the selected batch: preview (dry run) its restore",
    },
    Binding {
        modes: &[M::Restore],
        keys: &[Key::ch('y')],
        command: C::Confirm,
        help: "confirm: re-create the rules",
    },
    Binding {
        modes: &[M::Restore],
        keys: &[Key::ch('n'), Key::plain(KeyCode::Esc)],
        command: C::Cancel,
        help: "cancel, or close when done",
    },
    Binding {
        modes: &[M::History],
        keys: &[Key::plain(KeyCode::Esc)],
        command: C::Close,
        help: "close",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::ch('/')],
        command: C::OpenFilter,
        help: "filter groups (id, name, description, VPC, tags)",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::plain(KeyCode::Esc)],
        command: C::ClearFilter,
        help: "clear the filter",
    },
    Binding {
        modes: &[M::Filter],
        keys: &[Key::plain(KeyCode::Enter)],
        command: C::Submit,
        help: "keep the filter",
    },
    Binding {
        modes: &[M::Filter],
        keys: &[Key::plain(KeyCode::Esc)],
        command: C::Cancel,
        help: "back to the filter as it was",
    },
    Binding {
        modes: &[M::Filter, M::SpecPrompt],
        keys: &[Key::plain(KeyCode::Backspace)],
        command: C::DeleteChar,
        help: "delete a character",
    },
    Binding {
        modes: &[M::Browse],
        keys: &[Key::ch('R')],
        command: C::OpenSpecPrompt,
        help: "revoke by rule spec (in tcp 22 0.0.0.0/0) in many groups",
    },
    Binding {
        modes: &[M::SpecPrompt],
        keys: &[Key::plain(KeyCode::Enter)],
        command: C::Submit,
        help: "preview (dry run) the typed spec",
    },
    Binding {
        modes: &[M::SpecPrompt],
        keys: &[Key::plain(KeyCode::Tab)],
        command: C::NextScope,
        help: "scope: selected group / groups with marks / every group",
    },
    Binding {
        modes: &[M::SpecPrompt],
        keys: &[Key::plain(KeyCode::Esc)],
        command: C::Cancel,
        help: "cancel",
    },
];

/// What a key means in a mode: a command, or a character typed into the spec prompt.
pub fn action_for(mode: ModeKind, event: &KeyEvent) -> Option<Action> {
    if let Some(command) = command_for(mode, event) {
        return Some(Action::Command(command));
    }
    let typing = matches!(mode, ModeKind::SpecPrompt | ModeKind::Filter)
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
    KEYMAP
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.command)
}
