//! The journal: an append-only JSON Lines file of every revoke batch. The intent is written and
//! fsync'd before any call goes out, the outcome after the refresh, so a crash in between leaves
//! a record of what was meant and what is known to have happened. Nothing secret is written.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

mod record;

pub use record::{
    Aborted, BatchOutcome, Entry, Intent, IntentCall, OutcomeRecord, PeerRecord, RestoreRecord,
    RuleRecord,
};

/// Where the journal goes when `--journal` is not given: `$XDG_STATE_HOME/sgtui/journal.jsonl`
/// (`~/.local/state/sgtui/journal.jsonl`), or the platform's local data folder elsewhere.
pub fn default_path() -> Option<PathBuf> {
    state_file("journal.jsonl")
}

/// Where the in-memory accounts (`--demo`, `--account-file`) journal by default: apart from the
/// real journal, so that no restore ever replays a demo batch against AWS.
pub fn default_demo_path() -> Option<PathBuf> {
    state_file("demo-journal.jsonl")
}

fn state_file(name: &str) -> Option<PathBuf> {
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .map(|d| d.join("sgtui").join(name))
}

/// The journal file, opened for appending.
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
}

impl Journal {
    /// Opens (creating it and its folder if needed) the journal at `path`.
    pub fn open(path: &Path) -> std::io::Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            file: Mutex::new(file),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line and waits until it is on disk.
    pub fn append(&self, entry: &Entry) -> std::io::Result<()> {
        let mut line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(line.as_bytes())?;
        file.flush()?;
        file.sync_data()
    }
}

/// Reads every entry of a journal; a line that does not parse (say, cut short by a crash while
/// it was being written) is returned as an error with its line number, and reading goes on.
pub fn read(path: &Path) -> std::io::Result<Vec<Result<Entry, String>>> {
    let file = File::open(path)?;
    let mut entries = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        entries.push(serde_json::from_str(&line).map_err(|e| format!("line {}: {e}", n + 1)));
    }
    Ok(entries)
}
