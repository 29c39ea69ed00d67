//! The optional config file, `$XDG_CONFIG_HOME/sgtui/config.toml` (or `--config PATH`,
//! `SGTUI_CONFIG`). An auditor's machine can pin `read_only = true` there; no flag undoes it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Never send a mutating call, whatever the command line says.
    #[serde(default)]
    pub read_only: bool,
    /// Where the journal goes, unless `--journal` says otherwise.
    #[serde(default)]
    pub journal: Option<PathBuf>,
    /// The ports an inbound rule open to the world must not reach; replaces the default list.
    #[serde(default)]
    pub risky_ports: Option<Vec<u16>>,
}

/// The default place of the config file.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("sgtui").join("config.toml"))
}

/// Why the config file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the config file {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `reason` is one line: where in the file, and what is wrong there.
    #[error("the config file {} is not valid: {reason}", path.display())]
    Invalid { path: PathBuf, reason: String },
}

impl ConfigError {
    pub fn path(&self) -> &Path {
        match self {
            Self::Unreadable { path, .. } | Self::Invalid { path, .. } => path,
        }
    }
}

impl Config {
    /// Reads the config at `path`, or at the default place if there is one; no file is no error
    /// at the default place, but a named file must exist.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let (path, named) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => match default_path() {
                Some(p) => (p, false),
                None => return Ok(Self::default()),
            },
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => {
                return Ok(Self::default());
            }
            Err(source) => return Err(ConfigError::Unreadable { path, source }),
        };
        toml::from_str(&text).map_err(|e| ConfigError::Invalid {
            reason: one_line(&text, &e),
            path,
        })
    }
}

/// toml's message without its multi-line excerpt of the file: `line N: what`.
fn one_line(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let before = &text.as_bytes()[..span.start.min(text.len())];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            format!("line {line}: {}", e.message().trim())
        }
        None => e.message().trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::Config;

    #[test]
    fn reads_read_only_and_journal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "read_only = true\njournal = \"/var/log/sgtui.jsonl\"\n",
        )
        .unwrap();
        let config = Config::load(Some(&path)).unwrap();
        assert!(config.read_only);
        assert_eq!(
            config.journal.as_deref(),
            Some(std::path::Path::new("/var/log/sgtui.jsonl"))
        );
    }

    #[test]
    fn a_named_file_must_exist_and_be_valid() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.toml");
        let unreadable = Config::load(Some(&missing)).unwrap_err();
        assert!(unreadable.to_string().contains("cannot read"));
        assert_eq!(unreadable.path(), missing);
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "journal = \"/j\"\nread_onyl = true\n").unwrap();
        let invalid = Config::load(Some(&bad)).unwrap_err().to_string();
        assert!(invalid.contains("not valid"), "{invalid}");
        assert!(
            invalid.contains("line 2: unknown field `read_onyl`"),
            "{invalid}"
        );
        assert!(!invalid.contains('\n'), "one line: {invalid}");
    }
}
