//! Per-rule outcome of a finished batch, judged after the refresh.

use super::Mode;
use super::action::Command;
use super::browse::Browse;
use super::cursor::ListCursor;
use super::keymap::key_table;
use super::keymap::keys::{ENTER, ESC};
use super::screen::{ModeKind, Screen, Step};
use crate::ec2::ApiError;
use crate::inventory::Inventory;
use crate::revoke::{RevokePlan, RuleOutcome};

use Command as C;

pub static SCREEN: Screen = Screen {
    kind: ModeKind::Results,
    title: "Results",
    typing: false,
    list: true,
    keys: key_table![
        Close: [ESC, ENTER] "close";
    ],
};

/// Per-rule outcome of a finished batch.
#[derive(Debug, Clone)]
pub struct Results {
    pub plan: RevokePlan,
    pub outcomes: Vec<RuleOutcome>,
    pub refresh_error: Option<ApiError>,
    pub cursor: ListCursor,
}

pub fn command(
    results: &mut Results,
    browse: &mut Browse,
    inventory: &Inventory,
    command: Command,
) -> Step {
    match command {
        C::Close => {
            browse.clamp_cursors(inventory);
            Step::goto(Mode::Browse)
        }
        movement => {
            results.cursor.apply(movement, results.outcomes.len());
            Step::stay()
        }
    }
}
