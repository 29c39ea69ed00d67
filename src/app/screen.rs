//! What every screen declares about itself, in one place: its kind (the mode), its keys, its
//! section of the help screen, and whether letters typed there are text. The keymap, the help
//! screen and the event loop all read these descriptions, so a new screen is added by writing
//! its state and update file (with its description), its ui file, and listing it in [`SCREENS`].

use super::effect::Effect;
use super::keymap::Binding;
use super::{
    Mode, browse, details, filter, help, history, picker, preview, results, revoking, spec_prompt,
    undo,
};

/// The kind of a screen: which one is active, for the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeKind {
    Browse,
    History,
    Restore,
    Filter,
    SpecPrompt,
    Help,
    Preview,
    Revoking,
    Results,
    Details,
    Picker,
}

/// A screen's description.
pub struct Screen {
    pub kind: ModeKind,
    /// Its section title in the help screen.
    pub title: &'static str,
    /// Letters typed here are text for a prompt, not commands (`q` does not quit).
    pub typing: bool,
    /// It shows a list that the movement keys move through.
    pub list: bool,
    /// Its own keys, in the order the help screen lists them.
    pub keys: &'static [Binding],
}

/// Every screen, in the order of the help screen's sections.
pub static SCREENS: [&Screen; 11] = [
    &browse::SCREEN,
    &filter::SCREEN,
    &spec_prompt::SCREEN,
    &preview::SCREEN,
    &revoking::SCREEN,
    &results::SCREEN,
    &history::SCREEN,
    &undo::SCREEN,
    &details::SCREEN,
    &picker::SCREEN,
    &help::SCREEN,
];

impl ModeKind {
    /// This kind's description.
    pub fn screen(self) -> &'static Screen {
        SCREENS
            .iter()
            .find(|s| s.kind == self)
            .expect("every kind is listed in SCREENS")
    }
}

/// What a screen's update asks for besides changing its own state: I/O, and another screen.
#[derive(Debug, Default)]
pub struct Step {
    pub effects: Vec<Effect>,
    /// The screen to show next; `None` stays on this one.
    pub goto: Option<Mode>,
}

impl Step {
    /// Nothing more: stay, no I/O.
    pub fn stay() -> Self {
        Self::default()
    }

    /// Stay, and perform these effects.
    pub fn effects(effects: Vec<Effect>) -> Self {
        Self {
            effects,
            goto: None,
        }
    }

    /// Show another screen.
    pub fn goto(mode: Mode) -> Self {
        Self {
            effects: Vec::new(),
            goto: Some(mode),
        }
    }

    /// Also perform these effects.
    pub fn with(mut self, effects: Vec<Effect>) -> Self {
        self.effects.extend(effects);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_description() {
        for screen in SCREENS {
            assert!(std::ptr::eq(screen.kind.screen(), screen));
            assert_eq!(SCREENS.iter().filter(|s| s.kind == screen.kind).count(), 1);
        }
    }
}
