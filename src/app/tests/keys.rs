//! The help screen and the keymap.

use super::*;

// ---- help ----

#[test]
fn help_scrolls_within_its_lines_and_closes() {
    let mut help = Help::default();
    help::command(&mut help, Command::Last);
    assert_eq!(help.cursor.selected, help::line_count() - 1);
    assert!(matches!(
        help::command(&mut help, Command::Help).goto,
        Some(Mode::Browse)
    ));
    assert!(matches!(
        help::command(&mut help, Command::Close).goto,
        Some(Mode::Browse)
    ));
}

#[test]
fn every_key_of_a_screen_is_bound_once_and_reaches_its_command() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    for screen in SCREENS {
        let general = keymap::GENERAL
            .iter()
            .filter(|(applies, _)| applies.to(screen))
            .map(|(_, b)| b);
        let mut seen = Vec::new();
        for binding in general.chain(screen.keys) {
            for key in binding.keys {
                assert!(
                    !seen.contains(key),
                    "{:?}: {} is bound twice",
                    screen.kind,
                    key.label()
                );
                seen.push(*key);
                let modifiers = if key.ctrl {
                    KeyModifiers::CONTROL
                } else {
                    KeyModifiers::NONE
                };
                let event = KeyEvent::new(key.code, modifiers);
                assert_eq!(
                    keymap::command_for(screen.kind, &event),
                    Some(binding.command),
                    "{:?}: {} does not reach {:?}",
                    screen.kind,
                    key.label(),
                    binding.command
                );
            }
        }
    }
}
