//! Opening the snapshot the flags name: its files read (a folder `sgtui snapshot` wrote gives
//! all three by name), parsed, and served by a backend that sends nothing. A file that cannot
//! be read or used is a plain failure naming it and what to pass instead.

use std::path::{Path, PathBuf};

use super::{GROUPS_FILE, INTERFACES_FILE, RULES_FILE};
use crate::cmd::Failure;
use crate::cmd::settings::SnapshotFiles;
use crate::ec2::{Answer, Snapshot, SnapshotEc2, SnapshotTexts};

/// A snapshot ready to be served.
pub struct Opened {
    pub backend: SnapshotEc2,
    /// The groups' file as the user named it, to show.
    pub name: String,
    /// What to tell the user first: that the session is a read-only snapshot, what it lacks.
    pub notes: Vec<String>,
    /// Whether it holds the network interfaces (without them, usage is unknown).
    pub interfaces: bool,
}

/// The files to read: those the flags name, or in a folder, those `sgtui snapshot` wrote
/// (the rules and interfaces when present, unless a flag names others).
fn files_of(flags: &SnapshotFiles) -> (PathBuf, Option<PathBuf>, Option<PathBuf>) {
    if !flags.groups.is_dir() {
        return (
            flags.groups.clone(),
            flags.rules.clone(),
            flags.interfaces.clone(),
        );
    }
    let dir = &flags.groups;
    let present = |name: &str| Some(dir.join(name)).filter(|p| p.is_file());
    (
        dir.join(GROUPS_FILE),
        flags.rules.clone().or_else(|| present(RULES_FILE)),
        flags
            .interfaces
            .clone()
            .or_else(|| present(INTERFACES_FILE)),
    )
}

/// What to do about a file of `answer` that cannot be used.
fn advice(answer: Answer) -> String {
    match answer {
        Answer::Groups => format!(
            "Pass --snapshot what `{}` writes, or a folder `sgtui snapshot` wrote.",
            answer.command()
        ),
        Answer::Rules => format!(
            "Pass --snapshot-rules what `{}` wrote together with the groups, or leave it out \
             (the rules then have no ids).",
            answer.command()
        ),
        Answer::Interfaces => format!(
            "Pass --snapshot-interfaces what `{}` writes, or leave it out (usage is then \
             unknown).",
            answer.command()
        ),
    }
}

/// Reads and parses the snapshot the flags name.
pub fn open(flags: &SnapshotFiles) -> Result<Opened, Failure> {
    let (groups, rules, interfaces) = files_of(flags);
    let read = |path: &Path, answer: Answer| {
        std::fs::read_to_string(path).map_err(|e| {
            Failure::new(
                format!("cannot read the snapshot file {}: {e}", path.display()),
                advice(answer),
            )
        })
    };
    let groups_text = read(&groups, Answer::Groups)?;
    let rules_text = rules
        .as_deref()
        .map(|p| read(p, Answer::Rules))
        .transpose()?;
    let interfaces_text = (interfaces.as_deref())
        .map(|p| read(p, Answer::Interfaces))
        .transpose()?;
    let texts = SnapshotTexts {
        groups: &groups_text,
        rules: rules_text.as_deref(),
        interfaces: interfaces_text.as_deref(),
    };
    let snapshot = Snapshot::parse(texts).map_err(|e| {
        let path = match e.answer {
            Answer::Groups => Some(&groups),
            Answer::Rules => rules.as_ref(),
            Answer::Interfaces => interfaces.as_ref(),
        };
        let path = path.map_or_else(String::new, |p| format!(" {}", p.display()));
        Failure::new(
            format!("the snapshot file{path} cannot be used: {}", e.message),
            advice(e.answer),
        )
    })?;
    let name = groups.display().to_string();
    let mut notes = vec![format!(
        "reading the snapshot {name}: read-only, nothing is sent to EC2"
    )];
    if !snapshot.rule_ids {
        notes.push(
            "its rules have no ids: the describe-security-group-rules answer \
             (--snapshot-rules) brings them"
                .into(),
        );
    }
    notes.extend(snapshot.notes.iter().cloned());
    Ok(Opened {
        interfaces: snapshot.interfaces.is_some(),
        backend: SnapshotEc2::new(snapshot, flags.region.clone()),
        name,
        notes,
    })
}
