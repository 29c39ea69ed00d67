//! Application state and the one place it changes: [`update`], synchronous and free of I/O.
//!
//! The app is a [`Session`] (what every screen reads: inventory, marks, load, connection), the
//! [`Browse`] screen that is always underneath, and the active screen ([`Mode`]). Each screen
//! owns its state, its update and its description (keys, help section) in a file of its own,
//! with its drawing in the twin file under `ui/`.

mod action;
mod browse;
mod cursor;
mod details;
mod effect;
mod filter;
mod help;
mod history;
pub mod keymap;
mod load;
mod marking;
mod picker;
mod preview;
mod results;
mod revoking;
mod screen;
mod session;
mod signals;
mod spec_prompt;
mod trail;
mod undo;

#[cfg(test)]
mod tests;

pub use action::{Action, Command};
pub use browse::{Browse, Pane, RuleRow};
pub use cursor::ListCursor;
pub use details::{Details, Section};
pub use effect::{Effect, JournalBatch};
pub use filter::FilterPrompt;
pub use filter::SortKey;
pub use help::Help;
pub use history::{History, JournalRead};
pub use picker::{Choices, Column, Picker};
pub use preview::Preview;
pub use results::Results;
pub use revoking::Revoking;
pub use screen::{ModeKind, SCREENS, Screen, Step};
pub use session::{Level, Load, Message, Progress, Session, Settings};
pub use signals::Judging;
pub use spec_prompt::{Scope, SpecPrompt, groups_in_scope};
pub use trail::Place;
pub use undo::{RestorePhase, RestoreView};

use crate::inventory::Inventory;
use crate::model::{Direction, Rule, SecurityGroup};
use load::Stream;

/// The longest text a prompt takes; a spec or a filter is a few dozen characters.
const PROMPT_MAX_CHARS: usize = 200;

/// The active screen, holding its own state. Browse is always underneath the others.
#[derive(Debug, Clone)]
pub enum Mode {
    Browse,
    History(History),
    Restore(RestoreView),
    /// Typing the groups filter.
    Filter(FilterPrompt),
    SpecPrompt(SpecPrompt),
    Help(Help),
    Preview(Preview),
    Revoking(Revoking),
    Results(Results),
    Details(Details),
    /// Choosing another profile and region.
    Picker(Picker),
}

impl Mode {
    pub fn kind(&self) -> ModeKind {
        match self {
            Self::Browse => ModeKind::Browse,
            Self::History(_) => ModeKind::History,
            Self::Restore(_) => ModeKind::Restore,
            Self::Filter(_) => ModeKind::Filter,
            Self::SpecPrompt(_) => ModeKind::SpecPrompt,
            Self::Help(_) => ModeKind::Help,
            Self::Preview(_) => ModeKind::Preview,
            Self::Revoking(_) => ModeKind::Revoking,
            Self::Results(_) => ModeKind::Results,
            Self::Details(_) => ModeKind::Details,
            Self::Picker(_) => ModeKind::Picker,
        }
    }

    /// Whether the screen shows that it waits for an answer (the spinner runs).
    pub fn waits_on_io(&self) -> bool {
        match self {
            Self::Preview(p) => p.waits_on_io(),
            Self::Revoking(_) => true,
            Self::History(h) => h.waits_on_io(),
            Self::Restore(v) => v.waits_on_io(),
            Self::Browse | Self::Filter(_) | Self::SpecPrompt(_) | Self::Help(_) => false,
            Self::Results(_) | Self::Details(_) | Self::Picker(_) => false,
        }
    }
}

/// All state of the running app. Rendered by `ui`, changed only by [`update`].
#[derive(Debug, Clone)]
pub struct App {
    pub session: Session,
    pub browse: Browse,
    pub mode: Mode,
}

impl App {
    /// A new app and the effects to start with (the first load).
    pub fn new(settings: Settings) -> (Self, Vec<Effect>) {
        let app = Self {
            session: Session::new(settings),
            browse: Browse::default(),
            mode: Mode::Browse,
        };
        (app, vec![Effect::LoadInventory { generation: 1 }])
    }

    /// Whether anything is loading or the active screen waits for an answer.
    pub fn waits_on_io(&self) -> bool {
        self.session.load.network_pending()
            || self.session.judging.computing
            || self.mode.waits_on_io()
    }

    /// The groups the groups pane shows: those matching the filter.
    pub fn visible_groups(&self) -> impl Iterator<Item = &SecurityGroup> {
        self.browse.visible_groups(&self.session.inventory)
    }

    /// The `i`th group shown (callers stay below [`Self::visible_group_count`]).
    pub fn visible_group(&self, i: usize) -> &SecurityGroup {
        self.browse.visible_group(&self.session.inventory, i)
    }

    pub fn visible_group_count(&self) -> usize {
        self.browse.visible_group_count()
    }

    pub fn selected_group(&self) -> Option<&SecurityGroup> {
        self.browse.selected_group(&self.session.inventory)
    }

    /// The rules of the selected group in one direction.
    pub fn visible_rules(&self, direction: Direction) -> Vec<&Rule> {
        self.browse
            .visible_rules(&self.session.inventory, direction)
    }

    /// The groups a revoke by rule spec applies to, in the order shown.
    pub fn groups_in_scope(&self, scope: Scope) -> Vec<&SecurityGroup> {
        groups_in_scope(scope, &self.browse, &self.session)
    }

    fn apply(&mut self, step: Step) -> Vec<Effect> {
        if let Some(mode) = step.goto {
            self.mode = mode;
        }
        step.effects
    }
}

/// Applies one action to the app and returns the I/O it asks for. Pure: no awaiting, no terminal.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let App {
        session,
        browse,
        mode,
    } = app;
    let step = match action {
        Action::Command(command) => on_command(session, browse, mode, command),
        Action::Input(c) => {
            match mode {
                Mode::Filter(prompt) => filter::input(prompt, browse, session, c),
                Mode::SpecPrompt(prompt) => spec_prompt::input(prompt, c),
                _ => {}
            }
            Step::stay()
        }
        Action::Resize => Step::stay(),
        Action::Tick => {
            session.spinner = session.spinner.wrapping_add(1);
            Step::stay()
        }
        Action::Connected { .. }
        | Action::GroupsPage { .. }
        | Action::RulesPage { .. }
        | Action::InterfacesPage { .. }
        | Action::PrefixLists { .. }
        | Action::StaleGroups { .. } => Step::effects(on_load(session, browse, action)),
        Action::SignalsComputed { version, result } => {
            Step::effects(signals::judged(session, browse, version, result))
        }
        Action::Notice(text) => {
            session.say(Level::Warn, text);
            Step::stay()
        }
        Action::JournalFailed(error) => {
            let text = format!("The journal could not be written: {error}");
            session.say(Level::Error, text);
            Step::stay()
        }
        answer => on_answer(session, browse, mode, answer),
    };
    app.apply(step)
}

/// A piece of the inventory, unless it belongs to a load that a refresh has replaced.
fn on_load(session: &mut Session, browse: &mut Browse, action: Action) -> Vec<Effect> {
    let current = session.load.generation;
    match action {
        Action::Connected { generation, result } if generation == current => {
            load::connected(session, result);
        }
        Action::GroupsPage { generation, result } if generation == current => {
            let add = Inventory::add_groups;
            return load::page(session, browse, Stream::Groups, result, add, load::group_id);
        }
        Action::RulesPage { generation, result } if generation == current => {
            let add = Inventory::add_rules;
            return load::page(
                session,
                browse,
                Stream::Rules,
                result,
                add,
                load::group_of_rule,
            );
        }
        Action::InterfacesPage { generation, result } if generation == current => {
            return load::interfaces_page(session, browse, result);
        }
        Action::PrefixLists { generation, result } if generation == current => {
            load::prefix_lists(session, browse, result);
        }
        Action::StaleGroups { generation, result } if generation == current => {
            return load::stale_groups(session, browse, result);
        }
        _ => {}
    }
    Vec::new()
}

/// The answer to a screen's own I/O goes to that screen, if it is still showing.
fn on_answer(session: &mut Session, browse: &mut Browse, mode: &mut Mode, action: Action) -> Step {
    match mode {
        Mode::Preview(p) => preview::on_answer(p, action),
        Mode::Revoking(r) => revoking::on_answer(r, session, browse, action),
        Mode::History(h) => history::on_answer(h, action),
        Mode::Restore(v) => undo::on_answer(v, session, action),
        _ => Step::stay(),
    }
}

/// A command goes to the active screen; quitting is the same everywhere but during a batch.
fn on_command(
    session: &mut Session,
    browse: &mut Browse,
    mode: &mut Mode,
    command: Command,
) -> Step {
    match (mode, command) {
        (Mode::Revoking(r), Command::Quit) => revoking::quit(r, session),
        (_, Command::Quit) => {
            session.should_quit = true;
            Step::stay()
        }
        (Mode::Browse, c) => browse::command(browse, session, c),
        (Mode::Filter(p), c) => filter::command(p, browse, session, c),
        (Mode::SpecPrompt(p), c) => spec_prompt::command(p, browse, session, c),
        (Mode::Help(h), c) => help::command(h, c),
        (Mode::Preview(p), c) => preview::command(p, session, c),
        (Mode::Revoking(_), _) => Step::stay(),
        (Mode::Results(r), c) => results::command(r, browse, &session.inventory, c),
        (Mode::History(h), c) => history::command(h, session, c),
        (Mode::Restore(v), c) => undo::command(v, session, c),
        (Mode::Details(d), c) => details::command(d, c),
        (Mode::Picker(p), c) => picker::command(p, session, browse, c),
    }
}
