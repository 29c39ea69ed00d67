//! Driving the app headless: the real keymap, `update` and effect runner, against any backend.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use ratatui::{
    Terminal,
    backend::TestBackend,
    crossterm::event::{KeyCode, KeyEvent, KeyModifiers},
};
use sgtui::app::{Action, App, Effect, Settings, keymap, update};
use sgtui::ec2::Ec2;
use sgtui::journal::Journal;
use sgtui::runtime::EffectRunner;
use sgtui::ui;
use tokio::sync::mpsc;

/// An app wired to a backend through the real runner, settled after every step.
pub struct Harness<B: Ec2> {
    pub app: App,
    /// Whether settling waits while the app waits on I/O (set false for backends that never
    /// answer on purpose).
    pub patient: bool,
    /// The journal's folder (kept for as long as the harness lives).
    pub journal_dir: tempfile::TempDir,
    runner: EffectRunner<B>,
    rx: mpsc::UnboundedReceiver<Action>,
    pub backend: Arc<B>,
}

impl<B: Ec2> Harness<B> {
    /// An app with a journal in a folder of its own.
    pub async fn start(backend: B, settings: Settings) -> Self {
        Self::start_with(backend, settings, None).await
    }

    /// An app that could not open its journal.
    pub async fn start_without_journal(backend: B, settings: Settings) -> Self {
        Self::start_with(backend, settings, Some(None)).await
    }

    /// An app whose journal is at `path` (e.g. `/dev/full`, which refuses every write).
    pub async fn start_with_journal_at(
        backend: B,
        settings: Settings,
        path: &std::path::Path,
    ) -> Self {
        Self::start_with(backend, settings, Some(Some(path.to_path_buf()))).await
    }

    /// `journal`: `None` for one in the harness's folder, `Some(None)` for none, `Some(path)`.
    async fn start_with(
        backend: B,
        mut settings: Settings,
        journal: Option<Option<std::path::PathBuf>>,
    ) -> Self {
        let backend = Arc::new(backend);
        let (tx, rx) = mpsc::unbounded_channel();
        let mut runner = EffectRunner::new(backend.clone(), tx);
        let journal_dir = tempfile::tempdir().expect("a journal folder");
        let path = match journal {
            None => Some(journal_dir.path().join("journal.jsonl")),
            Some(path) => path,
        };
        if let Some(path) = path {
            let journal = Journal::open(&path).expect("open the journal");
            runner = runner.with_journal(Arc::new(journal));
            settings.journal = Some(path.display().to_string());
            settings.session = "test".into();
        }
        let (app, effects) = App::new(settings);
        let mut h = Self {
            app,
            patient: true,
            journal_dir,
            runner,
            rx,
            backend,
        };
        h.run(effects);
        // The first load settles impatiently: some tests' backends never answer on purpose.
        h.patient = false;
        h.settle().await;
        h.patient = true;
        h
    }

    /// Types text into whatever prompt is open (the filter, the rule-spec prompt).
    pub async fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let key = if c == ' ' {
                "<Space>".to_string()
            } else {
                c.to_string()
            };
            self.keys(&key).await;
        }
    }

    /// Feeds back finished I/O until `done` holds for the app; panics after 20 s. For servers
    /// slower than a settle's quiet gap.
    pub async fn wait_until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while !done(&self.app) {
            assert!(
                std::time::Instant::now() < deadline,
                "gave up waiting for {what}: {:?}",
                self.app.session.message
            );
            if let Ok(Some(action)) =
                tokio::time::timeout(Duration::from_millis(100), self.rx.recv()).await
            {
                let effects = update(&mut self.app, action);
                self.run(effects);
            }
        }
    }

    /// Waits for every dry-run verdict of the open preview.
    pub async fn wait_for_verdicts(&mut self) {
        self.wait_until("the dry-run verdicts", |app| {
            matches!(&app.mode, sgtui::app::Mode::Preview(p) if p.verdicts.iter().all(Option::is_some))
        })
        .await;
    }

    /// Waits for the results of a confirmed batch.
    pub async fn wait_for_results(&mut self) {
        self.wait_until("the results", |app| {
            matches!(app.mode, sgtui::app::Mode::Results(_))
        })
        .await;
    }

    pub fn journal_path(&self) -> std::path::PathBuf {
        self.journal_dir.path().join("journal.jsonl")
    }

    /// The journal's entries once it holds `lines` of them, feeding back finished I/O while
    /// waiting (a slow server may answer after a settle ends); gives up after 10 s.
    pub async fn journal_entries(&mut self, lines: usize) -> Vec<sgtui::journal::Entry> {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            self.settle().await;
            let read = sgtui::journal::read(&self.journal_path()).unwrap_or_default();
            if read.len() >= lines || std::time::Instant::now() > deadline {
                return read
                    .into_iter()
                    .map(|e| e.expect("every journal line parses"))
                    .collect();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn run(&mut self, effects: Vec<Effect>) {
        effects.into_iter().for_each(|e| self.runner.spawn(e));
    }

    /// Feeds back every finished effect until nothing more arrives and, when patient, until
    /// the app no longer waits on I/O (at most 10 s).
    pub async fn settle(&mut self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            match tokio::time::timeout(Duration::from_millis(150), self.rx.recv()).await {
                Ok(Some(action)) => {
                    let effects = update(&mut self.app, action);
                    self.run(effects);
                }
                _ if self.patient
                    && waiting_on_io(&self.app)
                    && std::time::Instant::now() < deadline => {}
                _ => break,
            }
        }
    }

    /// Presses keys written as text: `<Enter>`, `<Esc>`, `<Tab>`, `<Space>`, or single chars.
    /// After a key that started I/O, waits until its results have been fed back.
    pub async fn keys(&mut self, keys: &str) {
        for key in parse_keys(keys) {
            if let Some(action) = keymap::action_for(self.app.mode.kind(), &key) {
                let effects = update(&mut self.app, action);
                if !effects.is_empty() {
                    self.run(effects);
                    self.settle().await;
                }
            }
        }
    }

    pub fn screen(&self, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| ui::render(&self.app, f)).unwrap();
        terminal.backend().to_string()
    }
}

/// Whether the app shows that it waits for an answer.
fn waiting_on_io(app: &App) -> bool {
    app.waits_on_io()
}

pub fn parse_keys(keys: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let end = rest.find('>').expect("closing >");
            if &rest[1..end] == "C-c" {
                out.push(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
                rest = &rest[end + 1..];
                continue;
            }
            let code = match &rest[1..end] {
                "Enter" => KeyCode::Enter,
                "Esc" => KeyCode::Esc,
                "Tab" => KeyCode::Tab,
                "BackTab" => KeyCode::BackTab,
                "Space" => KeyCode::Char(' '),
                "Backspace" => KeyCode::Backspace,
                other => panic!("unknown key <{other}>"),
            };
            out.push(KeyEvent::new(code, KeyModifiers::NONE));
            rest = &rest[end + 1..];
        } else {
            out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}
