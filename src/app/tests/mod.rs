//! Each screen's update, driven with plain values: no runtime, no terminal, no backend. The
//! destructive screens (the revoke preview, the undo) each have their prompt, yes and no.

use super::*;
use crate::ec2::{ApiError, DryRunVerdict, Page, RevokeResponse, RevokeTarget, Sent, codes};
use crate::model::{OutcomeKind, Peer, PortRange, Protocol};
use crate::restore::{PastBatch, RestoreItem, RestoreOutcome, RestorePlan};

fn group(id: &str, name: &str, vpc: &str) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: name.into(),
        description: format!("{name} tier"),
        vpc_id: Some(vpc.into()),
        owner_id: Some("123456789012".into()),
        tags: Default::default(),
        listed_rules: None,
    }
}

fn rule(id: &str, group: &str, direction: Direction, port: i32) -> Rule {
    Rule {
        id: id.into(),
        group_id: group.into(),
        direction,
        protocol: Protocol::Tcp,
        ports: PortRange::new(port, port),
        peer: Peer::Ipv4("0.0.0.0/0".parse().unwrap()),
        description: None,
        tags: Default::default(),
    }
}

/// The one page of a describe call.
fn page<T>(items: Vec<T>) -> Result<Page<T>, ApiError> {
    Ok(Page {
        items,
        next_token: None,
    })
}

fn settings() -> Settings {
    Settings {
        session: "t".into(),
        journal: Some("journal.jsonl".into()),
        ..Settings::default()
    }
}

/// An app with two groups loaded: app (sg-1: inbound 22 and 443, outbound 80) and web (sg-2:
/// inbound 22).
fn loaded(settings: Settings) -> App {
    let (mut app, _) = App::new(settings);
    update(
        &mut app,
        Action::Connected {
            generation: 1,
            result: Ok(Default::default()),
        },
    );
    update(
        &mut app,
        Action::GroupsPage {
            generation: 1,
            result: page(vec![
                group("sg-2", "web", "vpc-1"),
                group("sg-1", "app", "vpc-1"),
            ]),
        },
    );
    update(
        &mut app,
        Action::RulesPage {
            generation: 1,
            result: page(vec![
                rule("sgr-1", "sg-1", Direction::Inbound, 22),
                rule("sgr-2", "sg-1", Direction::Inbound, 443),
                rule("sgr-3", "sg-1", Direction::Outbound, 80),
                rule("sgr-4", "sg-2", Direction::Inbound, 22),
            ]),
        },
    );
    app
}

/// Answers the signals' computations under way (with no signal at all), as the runtime would,
/// until none is: one that what changed meanwhile asked for again included.
fn settle_signals(app: &mut App) {
    while let Some(version) = app.session.judging.under_way() {
        let result = Ok(Default::default());
        update(app, Action::SignalsComputed { version, result });
    }
}

fn press(app: &mut App, command: Command) -> Vec<Effect> {
    update(app, Action::Command(command))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Action::Input(c));
    }
}

/// Opens the filter prompt and types `text` into it.
fn filter_with(app: &mut App, text: &str) {
    press(app, Command::OpenFilter);
    typed(app, text);
}

fn message(app: &App) -> &str {
    app.session.message.as_ref().map_or("", |m| &m.text)
}

mod filtering;
mod judging;
mod keys;
mod navigation;
mod network;
mod picking;
mod revokes;
mod undoing;
