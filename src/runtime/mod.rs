//! The event loop and the effect handlers: the only code that awaits, touches the terminal or
//! spawns tasks. Keys, ticks and finished I/O all become Actions on one path into `update`.
//! Effects are performed by [`EffectRunner`], its handlers grouped by what they touch: EC2
//! (`ec2.rs`) and the journal (`journal.rs`).

mod ec2;
mod effects;
mod journal;
mod signals;

pub use effects::EffectRunner;

use std::sync::Arc;
use std::time::Duration;

use color_eyre::Result;
use futures::StreamExt;
use ratatui::{
    DefaultTerminal,
    crossterm::event::{Event, EventStream, KeyEventKind},
};
use tokio::sync::mpsc;

use crate::app::{Action, App, Settings, keymap, update};
use crate::ec2::Ec2;
use crate::journal::Journal;
use crate::ui;

/// Runs the app on the terminal until the user quits. The terminal is restored on every exit,
/// including a panic (ratatui's hook, installed after color-eyre's).
pub async fn run<B: Ec2>(
    backend: B,
    settings: Settings,
    journal: Option<Arc<Journal>>,
) -> Result<()> {
    let mut terminal = ratatui::try_init().map_err(|e| {
        // Raw mode may be on already; nothing else was written, so nothing else is undone.
        let _ = ratatui::crossterm::terminal::disable_raw_mode();
        color_eyre::eyre::eyre!("sgtui needs an interactive terminal (is this a pipe?): {e}")
    })?;
    let result = event_loop(&mut terminal, Arc::new(backend), settings, journal).await;
    ratatui::restore();
    result
}

async fn event_loop<B: Ec2>(
    terminal: &mut DefaultTerminal,
    backend: Arc<B>,
    settings: Settings,
    journal: Option<Arc<Journal>>,
) -> Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut runner = EffectRunner::new(backend, tx);
    runner.forward_notices();
    if let Some(journal) = journal {
        runner = runner.with_journal(journal);
    }
    let (mut app, effects) = App::new(settings);
    effects.into_iter().for_each(|e| runner.spawn(e));
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    terminal.draw(|f| ui::render(&app, f))?;
    loop {
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => {
                    keymap::action_for(app.mode.kind(), &key)
                }
                Some(Ok(Event::Resize(..))) => Some(Action::Resize),
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e.into()),
                None => break,
            },
            Some(action) = rx.recv() => Some(action),
            _ = tick.tick() => app.waits_on_io().then_some(Action::Tick),
        };
        let Some(action) = action else { continue };
        handle(&mut app, action, &runner);
        // Draw once per batch of finished I/O, not once per page.
        while let Ok(action) = rx.try_recv() {
            handle(&mut app, action, &runner);
        }
        if app.session.should_quit {
            // The journal must say everything that happened before the process ends.
            runner.finish().await;
            break;
        }
        terminal.draw(|f| ui::render(&app, f))?;
    }
    Ok(())
}

fn handle<B: Ec2>(app: &mut App, action: Action, runner: &EffectRunner<B>) {
    tracing::debug!(?action, "action");
    for effect in update(app, action) {
        tracing::info!(?effect, "effect");
        runner.spawn(effect);
    }
}
