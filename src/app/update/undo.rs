//! Undo: restoring a journaled batch from the history view.

use super::*;

/// Plans the restore of the batch under the cursor and asks EC2 for a dry run of each rule.
pub(super) fn undo(app: &mut App) -> Vec<Effect> {
    let Mode::History(history) = &app.mode else {
        return Vec::new();
    };
    let Some(Ok(entries)) = &history.entries else {
        return Vec::new();
    };
    let Some((batch_id, ..)) = history.batches.get(history.cursor.selected) else {
        app.say(Level::Info, "The journal has no batch to undo.");
        return Vec::new();
    };
    let plan = match crate::restore::plan(entries, Some(batch_id)) {
        Ok(plan) => plan,
        Err(e) => {
            app.say(Level::Error, e);
            return Vec::new();
        }
    };
    if plan.items.is_empty() {
        app.say(
            Level::Info,
            "Nothing to restore: this batch revoked no rule.",
        );
        return Vec::new();
    }
    let batch = app.new_batch();
    let items = plan
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (i, item.request.clone()))
        .collect();
    app.mode = Mode::Restore(RestoreView {
        batch,
        outcomes: vec![None; plan.items.len()],
        plan,
        phase: RestorePhase::Checking,
        cursor: ListCursor::default(),
    });
    vec![Effect::RestoreDryRun { batch, items }]
}

/// Sends the authorize calls whose dry run was allowed; the others keep their verdict.
pub(super) fn confirm_restore(app: &mut App) -> Vec<Effect> {
    let ready = matches!(&app.mode, Mode::Restore(v) if v.phase == RestorePhase::Ready);
    if !ready || !may_mutate(app, "re-created") {
        return Vec::new();
    }
    let Mode::Restore(view) = &app.mode else {
        return Vec::new();
    };
    let items: Vec<(usize, crate::ec2::AuthorizeRequest)> = view
        .plan
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| matches!(view.outcomes[*i], Some(RestoreOutcome::WouldBeAllowed)))
        .map(|(i, item)| (i, item.request.clone()))
        .collect();
    if items.is_empty() {
        app.say(
            Level::Warn,
            "No rule can be re-created: every dry run failed. Esc closes.",
        );
        return Vec::new();
    }
    let batch = view.batch;
    if let Mode::Restore(view) = &mut app.mode {
        for (i, _) in &items {
            view.outcomes[*i] = None;
        }
        view.phase = RestorePhase::Restoring;
    }
    app.say(Level::Info, format!("Re-creating {} rules…", items.len()));
    vec![Effect::Restore { batch, items }]
}

pub(super) fn restored(
    app: &mut App,
    batch: u64,
    index: usize,
    outcome: RestoreOutcome,
) -> Vec<Effect> {
    let Mode::Restore(view) = &mut app.mode else {
        return Vec::new();
    };
    if view.batch != batch || view.phase != RestorePhase::Restoring {
        return Vec::new();
    }
    if let Some(slot) = view.outcomes.get_mut(index) {
        *slot = Some(outcome);
    }
    if !view.outcomes.iter().all(Option::is_some) {
        return Vec::new();
    }
    view.phase = RestorePhase::Done;
    let outcomes: Vec<(String, RestoreOutcome)> = view
        .plan
        .items
        .iter()
        .zip(&view.outcomes)
        .map(|(item, o)| (item.original_id.clone(), o.clone().expect("all answered")))
        .collect();
    let of_batch = view.plan.batch.clone();
    let count = |label: &str| outcomes.iter().filter(|(_, o)| o.label() == label).count();
    let failed = count("failed");
    app.say(
        if failed == 0 {
            Level::Info
        } else {
            Level::Warn
        },
        format!(
            "Undo finished: {} restored, {} already present, {failed} failed. Esc refreshes.",
            count("restored"),
            count("already present"),
        ),
    );
    vec![Effect::JournalRestore { of_batch, outcomes }]
}
