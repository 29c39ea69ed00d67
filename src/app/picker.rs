//! The picker (`p`): the profiles of the AWS config and credentials files beside the regions;
//! choosing one loads that profile and region in place of the one on screen. The marks of the
//! target left are kept, and come back with it.

use super::Mode;
use super::action::Command;
use super::browse::Browse;
use super::cursor::ListCursor;
use super::effect::Effect;
use super::keymap::key_table;
use super::keymap::keys::{BACK_TAB, ENTER, ESC, TAB};
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Load, Session};
use crate::ec2::{Connection, ProfileChoice, Target};
use crate::inventory::Inventory;

use Command as C;

pub static SCREEN: Screen = Screen {
    kind: ModeKind::Picker,
    title: "Profiles and regions (p)",
    typing: false,
    list: true,
    keys: key_table![
        NextPane: [TAB, BACK_TAB] "between the profiles and the regions";
        Enter: [ENTER] "load the chosen profile and region (marks here are kept)";
        Close: [ESC] "close";
    ],
};

/// What the picker offers: the profiles of the AWS files and the regions to pick from. `None`
/// in the settings for an account of its own (the demo, an account file, a snapshot).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    pub profiles: Vec<ProfileChoice>,
    pub regions: Vec<String>,
}

/// The list the movement keys move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Profiles,
    Regions,
}

/// The picker's lists and where each cursor is.
#[derive(Debug, Clone)]
pub struct Picker {
    /// `None` first when the files name no profile: the default chain.
    pub profiles: Vec<(Option<String>, Option<String>)>,
    pub regions: Vec<String>,
    pub column: Column,
    pub profile: ListCursor,
    pub region: ListCursor,
    /// The target on screen, marked in the lists.
    pub current: Option<Target>,
}

impl Picker {
    /// The lists of `choices`, the cursors on the target on screen.
    pub fn new(choices: &Choices, current: Option<Target>) -> Self {
        let mut profiles: Vec<(Option<String>, Option<String>)> = (choices.profiles.iter())
            .map(|p| (Some(p.name.clone()), p.region.clone()))
            .collect();
        let current_profile = current.as_ref().and_then(|t| t.profile.clone());
        if let Some(name) = &current_profile
            && !profiles.iter().any(|(p, _)| p.as_ref() == Some(name))
        {
            profiles.insert(0, (Some(name.clone()), None));
        }
        if profiles.is_empty() {
            profiles.push((None, None));
        }
        let mut regions = choices.regions.clone();
        if let Some(region) = current.as_ref().map(|t| &t.region)
            && !regions.contains(region)
        {
            regions.insert(0, region.clone());
        }
        let at = |i: Option<usize>| ListCursor {
            selected: i.unwrap_or(0),
            ..ListCursor::default()
        };
        let profile = at(profiles
            .iter()
            .position(|(p, _)| p.as_deref() == current_profile.as_deref().or(Some("default"))));
        let region = at(current
            .as_ref()
            .and_then(|t| regions.iter().position(|r| *r == t.region)));
        Self {
            profiles,
            regions,
            column: Column::Profiles,
            profile,
            region,
            current,
        }
    }

    /// The profile and region under the cursors.
    pub fn chosen(&self) -> Option<Target> {
        let (profile, _) = self.profiles.get(self.profile.selected)?;
        let region = self.regions.get(self.region.selected)?;
        Some(Target {
            profile: profile.clone(),
            region: region.clone(),
        })
    }

    /// Moving to a profile that names a region moves the regions' cursor to it.
    fn follow_profile(&mut self) {
        let named = (self.profiles.get(self.profile.selected)).and_then(|(_, r)| r.as_ref());
        if let Some(i) = named.and_then(|r| self.regions.iter().position(|x| x == r)) {
            self.region.selected = i;
        }
    }
}

/// Opens the picker, or says why there is nothing to pick.
pub(super) fn open(session: &mut Session) -> Step {
    let Some(choices) = &session.settings.targets else {
        let what = if session.settings.snapshot.is_some() {
            "A snapshot"
        } else {
            "This in-memory account"
        };
        session.say(
            Level::Info,
            format!("{what} is one account: there is no other profile or region to pick."),
        );
        return Step::stay();
    };
    Step::goto(Mode::Picker(Picker::new(choices, session.target())))
}

pub fn command(
    picker: &mut Picker,
    session: &mut Session,
    browse: &mut Browse,
    command: Command,
) -> Step {
    match command {
        C::Close => Step::goto(Mode::Browse),
        C::NextPane | C::PrevPane => {
            picker.column = match picker.column {
                Column::Profiles => Column::Regions,
                Column::Regions => Column::Profiles,
            };
            Step::stay()
        }
        C::Enter => match picker.chosen() {
            Some(target) => choose(session, browse, target),
            None => Step::stay(),
        },
        movement => {
            match picker.column {
                Column::Profiles => {
                    if picker.profile.apply(movement, picker.profiles.len()) {
                        picker.follow_profile();
                    }
                }
                Column::Regions => {
                    picker.region.apply(movement, picker.regions.len());
                }
            }
            Step::stay()
        }
    }
}

/// Loads `target` in place of the target on screen, unless it is that one.
fn choose(session: &mut Session, browse: &mut Browse, target: Target) -> Step {
    // By name: no profile named is the profile `default`.
    if session.target().map(|t| t.label()) == Some(target.label()) {
        session.say(
            Level::Info,
            format!("{} is loaded already.", target.label()),
        );
        return Step::goto(Mode::Browse);
    }
    Step::goto(Mode::Browse).with(switch(session, browse, target))
}

/// Puts `target` on screen: its marks (kept from an earlier visit) replace those of the target
/// left, which are kept; its inventory loads from nothing, under a new generation, so that
/// late answers of the old target are dropped.
pub(super) fn switch(session: &mut Session, browse: &mut Browse, target: Target) -> Vec<Effect> {
    let left = std::mem::take(&mut session.marks);
    if let Some(current) = session.target()
        && !left.is_empty()
    {
        session.kept_marks.insert(current.label(), left);
    }
    session.marks = (session.kept_marks.remove(&target.label())).unwrap_or_default();
    let generation = session.load.generation + 1;
    session.load = Load::start(generation, None);
    session.inventory = Inventory::with_text_index();
    session.judging.restart();
    session.connection = Connection {
        profile: target.profile.clone(),
        region: Some(target.region.clone()),
        endpoint: session.connection.endpoint.clone(),
        account_id: None,
    };
    browse.restart(&session.inventory);
    let mut text = format!("Loading {}…", target.label());
    if !session.marks.is_empty() {
        text.push_str(&format!(
            " {} mark(s) kept from before come back.",
            session.marks.len()
        ));
    }
    session.say(Level::Info, text);
    vec![
        Effect::Retarget { target },
        Effect::LoadInventory { generation },
    ]
}
