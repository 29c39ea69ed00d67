//! Revokes: the preview (by marks or by rule spec), confirmation, the calls, and the results.

use super::*;

/// The longest rule spec the prompt takes; a spec is a few dozen characters.
pub(super) const SPEC_MAX_CHARS: usize = 200;

/// Parses the typed spec and previews one call per group in scope; a bad spec stays in the
/// prompt with its error, and nothing is sent.
pub(super) fn submit_spec(app: &mut App) -> Vec<Effect> {
    let Mode::SpecPrompt(prompt) = &app.mode else {
        return Vec::new();
    };
    let (input, scope) = (prompt.input.clone(), prompt.scope);
    let parsed = match RuleSpec::parse(&input) {
        Ok(parsed) => parsed,
        Err(e) => {
            if let Mode::SpecPrompt(prompt) = &mut app.mode {
                prompt.error = Some(e.to_string());
            }
            return Vec::new();
        }
    };
    let spec = parsed.spec;
    let groups: Vec<&str> = app
        .groups_in_scope(scope)
        .into_iter()
        .map(|g| g.id.as_str())
        .collect();
    if groups.is_empty() {
        if let Mode::SpecPrompt(prompt) = &mut app.mode {
            prompt.error = Some(format!(
                "No group in scope ({}); Tab changes it.",
                scope.label()
            ));
        }
        return Vec::new();
    }
    let permission = Permission {
        protocol: spec.protocol,
        ports: spec.ports,
        peers: vec![spec.peer.clone()],
    };
    let inventory = &app.inventory;
    let plan = RevokePlan::by_properties(
        spec.direction,
        &permission,
        groups
            .iter()
            .map(|g| (*g, inventory.rules_of(g).of(spec.direction))),
    );
    if parsed.notes.is_empty() {
        app.say(
            Level::Info,
            format!("Previewing \"{spec}\" in {}.", scope.label()),
        );
    } else {
        app.say(Level::Warn, parsed.notes.join(" "));
    }
    open_preview(app, plan)
}

pub(super) fn open_preview(app: &mut App, plan: RevokePlan) -> Vec<Effect> {
    let batch = app.new_batch();
    let calls = plan
        .calls
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.request.clone()))
        .collect();
    app.mode = Mode::Preview(Preview {
        batch,
        verdicts: vec![None; plan.calls.len()],
        plan,
        cursor: ListCursor::default(),
    });
    vec![Effect::DryRun { batch, calls }]
}

/// Whether a mutating call may go out: never read-only, never without a journal. Says why not.
pub(super) fn may_mutate(app: &mut App, what: &str) -> bool {
    if app.settings.read_only {
        app.say(
            Level::Warn,
            format!("Read-only: nothing can be {what}. Esc closes."),
        );
        false
    } else if app.settings.journal.is_none() {
        app.say(
            Level::Error,
            "No journal: nothing is sent without one. Restart with --journal PATH.",
        );
        false
    } else {
        true
    }
}

pub(super) fn confirm(app: &mut App) -> Vec<Effect> {
    if !matches!(app.mode, Mode::Preview(_)) || !may_mutate(app, "confirmed") {
        return Vec::new();
    }
    let Mode::Preview(preview) = &app.mode else {
        return Vec::new();
    };
    if preview.verdicts.iter().any(Option::is_none) {
        app.say(
            Level::Info,
            "Waiting for the dry-run verdicts before anything can be sent.",
        );
        return Vec::new();
    }
    let held: Vec<Option<CallResult>> = preview
        .verdicts
        .iter()
        .map(|v| v.as_ref().and_then(CallResult::held_back))
        .collect();
    let calls: Vec<(usize, crate::ec2::RevokeRequest)> = preview
        .plan
        .calls
        .iter()
        .enumerate()
        .filter(|(i, _)| held[*i].is_none())
        .map(|(i, c)| (i, c.request.clone()))
        .collect();
    if calls.is_empty() {
        app.say(
            Level::Warn,
            "No call can be sent: every dry run was denied or failed. Esc closes the preview.",
        );
        return Vec::new();
    }
    let batch = preview.batch;
    let plan = preview.plan.clone();
    app.mode = Mode::Revoking(Revoking {
        batch,
        plan,
        results: held,
        refreshing: false,
    });
    app.say(
        Level::Info,
        format!("Sending {} revoke calls…", calls.len()),
    );
    let journal = JournalBatch {
        batch_id: batch_id(app, batch),
        plan: match &app.mode {
            Mode::Revoking(r) => r.plan.clone(),
            _ => unreachable!("set just above"),
        },
        connection: app.connection.clone(),
    };
    vec![Effect::Revoke {
        batch,
        calls,
        journal,
    }]
}

pub(super) fn revoke_done(
    app: &mut App,
    batch: u64,
    call: usize,
    sent: crate::ec2::Sent,
) -> Vec<Effect> {
    let Mode::Revoking(r) = &mut app.mode else {
        return Vec::new();
    };
    if r.batch != batch || r.refreshing {
        return Vec::new();
    }
    if let Some(slot) = r.results.get_mut(call) {
        *slot = Some(CallResult::Sent(sent));
    }
    if r.results.iter().all(Option::is_some) {
        r.refreshing = true;
        let group_ids = r.plan.group_ids();
        app.say(
            Level::Info,
            "Calls answered; describing the affected groups again…",
        );
        return vec![Effect::RefreshGroups { batch, group_ids }];
    }
    Vec::new()
}

pub(super) fn groups_refreshed(
    app: &mut App,
    batch: u64,
    result: Result<Vec<Rule>, ApiError>,
) -> Vec<Effect> {
    let Mode::Revoking(r) = &app.mode else {
        return Vec::new();
    };
    if r.batch != batch || !r.refreshing {
        return Vec::new();
    }
    let results: Vec<CallResult> = r.results.iter().flatten().cloned().collect();
    let plan = r.plan.clone();
    let outcomes = report(&plan, &results, result.as_deref());
    let refresh_error = result.as_ref().err().cloned();
    if let Ok(rules) = result {
        app.inventory.replace_rules_of(&plan.group_ids(), rules);
        let inventory = &app.inventory;
        app.marks.retain(|id| inventory.has_rule(id));
    }
    let count = |label: &str| {
        outcomes
            .iter()
            .filter(|o| o.outcome.label() == label)
            .count()
    };
    let summary = format!(
        "Revoke finished: {} revoked, {} already gone, {} left, {} unmatched, {} failed{}.",
        count("revoked"),
        count("already gone"),
        count("left"),
        count("unmatched"),
        count("failed"),
        match count("unverified") {
            0 => String::new(),
            n => format!(", {n} unverified"),
        }
    );
    let level = if count("revoked") == outcomes.len() {
        Level::Info
    } else {
        Level::Warn
    };
    app.say(level, summary);
    let journal = Effect::JournalOutcome {
        batch_id: batch_id(app, batch),
        outcomes: outcomes.clone(),
    };
    app.mode = Mode::Results(Results {
        plan,
        outcomes,
        refresh_error,
        cursor: ListCursor::default(),
    });
    clamp_cursors(app);
    if app.quit_when_done {
        app.should_quit = true;
    }
    vec![journal]
}

/// A batch's id in the journal: unique across sessions.
pub(super) fn batch_id(app: &App, batch: u64) -> String {
    format!("{}-{batch}", app.settings.session)
}
