//! The prompt for a revoke by rule spec (`R`, then `in tcp 22 0.0.0.0/0`): where it applies,
//! and a preview of one call per group in scope. A bad spec stays in the prompt with its error.

use super::action::Command;
use super::browse::Browse;
use super::keymap::key_table;
use super::keymap::keys::{BACKSPACE, ENTER, ESC, TAB};
use super::screen::{ModeKind, Screen, Step};
use super::session::{Level, Session};
use super::{Mode, PROMPT_MAX_CHARS, preview};
use crate::ec2::Permission;
use crate::model::{RuleSpec, SecurityGroup};
use crate::revoke::RevokePlan;

use Command as C;

pub static SCREEN: Screen = Screen {
    kind: ModeKind::SpecPrompt,
    title: "Rule-spec prompt (R)",
    typing: true,
    list: false,
    keys: key_table![
        DeleteChar: [BACKSPACE] "delete a character";
        Submit: [ENTER] "preview (dry run) the typed spec";
        NextScope: [TAB] "scope: selected group / groups with marks / every group";
        Cancel: [ESC] "cancel";
    ],
};

/// Which groups a revoke by rule spec applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    SelectedGroup,
    MarkedGroups,
    AllGroups,
}

impl Scope {
    pub fn next(self) -> Self {
        match self {
            Self::SelectedGroup => Self::MarkedGroups,
            Self::MarkedGroups => Self::AllGroups,
            Self::AllGroups => Self::SelectedGroup,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SelectedGroup => "the selected group",
            Self::MarkedGroups => "every group with marked rules",
            Self::AllGroups => "every group shown (matching the filter)",
        }
    }
}

/// The prompt where a rule spec is typed (`in tcp 22 0.0.0.0/0`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecPrompt {
    pub input: String,
    pub scope: Scope,
    pub error: Option<String>,
}

impl SpecPrompt {
    /// An empty prompt; it applies to the groups with marks when there are marks.
    pub fn new(marks: bool) -> Self {
        Self {
            input: String::new(),
            scope: if marks {
                Scope::MarkedGroups
            } else {
                Scope::SelectedGroup
            },
            error: None,
        }
    }
}

/// The groups a revoke by rule spec applies to, in the order shown.
pub fn groups_in_scope<'a>(
    scope: Scope,
    browse: &'a Browse,
    session: &'a Session,
) -> Vec<&'a SecurityGroup> {
    let inventory = &session.inventory;
    match scope {
        Scope::SelectedGroup => browse.selected_group(inventory).into_iter().collect(),
        Scope::MarkedGroups => inventory
            .groups()
            .iter()
            .filter(|g| {
                let rules = inventory.rules_of(&g.id);
                rules.all().any(|r| session.is_marked(&r.id))
            })
            .collect(),
        Scope::AllGroups => browse.visible_groups(inventory).collect(),
    }
}

pub fn input(prompt: &mut SpecPrompt, c: char) {
    if !c.is_control() && prompt.input.chars().count() < PROMPT_MAX_CHARS {
        prompt.input.push(c);
        prompt.error = None;
    }
}

pub fn command(
    prompt: &mut SpecPrompt,
    browse: &Browse,
    session: &mut Session,
    command: Command,
) -> Step {
    match command {
        C::Cancel => Step::goto(Mode::Browse),
        C::NextScope => {
            prompt.scope = prompt.scope.next();
            Step::stay()
        }
        C::DeleteChar => {
            prompt.input.pop();
            prompt.error = None;
            Step::stay()
        }
        C::Submit => submit(prompt, browse, session),
        _ => Step::stay(),
    }
}

/// Parses the typed spec and previews one call per group in scope; a bad spec stays in the
/// prompt with its error, and nothing is sent.
fn submit(prompt: &mut SpecPrompt, browse: &Browse, session: &mut Session) -> Step {
    let parsed = match RuleSpec::parse(&prompt.input) {
        Ok(parsed) => parsed,
        Err(e) => {
            prompt.error = Some(e.to_string());
            return Step::stay();
        }
    };
    let spec = parsed.spec;
    let groups: Vec<String> = groups_in_scope(prompt.scope, browse, session)
        .into_iter()
        .map(|g| g.id.clone())
        .collect();
    if groups.is_empty() {
        prompt.error = Some(format!(
            "No group in scope ({}); Tab changes it.",
            prompt.scope.label()
        ));
        return Step::stay();
    }
    let permission = Permission {
        protocol: spec.protocol,
        ports: spec.ports,
        peers: vec![spec.peer.clone()],
    };
    let inventory = &session.inventory;
    let plan = RevokePlan::by_properties(
        spec.direction,
        &permission,
        groups
            .iter()
            .map(|g| (g.as_str(), inventory.rules_of(g).of(spec.direction))),
    );
    if parsed.notes.is_empty() {
        let text = format!("Previewing \"{spec}\" in {}.", prompt.scope.label());
        session.say(Level::Info, text);
    } else {
        session.say(Level::Warn, parsed.notes.join(" "));
    }
    preview::open(session, plan)
}
