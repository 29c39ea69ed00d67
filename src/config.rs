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
}

/// The default place of the config file.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("sgtui").join("config.toml"))
}

impl Config {
    /// Reads the config at `path`, or at the default place if there is one; no file is no error
    /// at the default place, but a named file must exist.
    pub fn load(path: Option<&Path>) -> Result<Self, String> {
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
            Err(e) => {
                return Err(format!(
                    "cannot read the config file {}: {e}",
                    path.display()
                ));
            }
        };
        toml::from_str(&text)
            .map_err(|e| format!("the config file {} is not valid: {e}", path.display()))
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
        assert!(
            Config::load(Some(&missing))
                .unwrap_err()
                .contains("cannot read")
        );
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "read_onyl = true\n").unwrap();
        assert!(Config::load(Some(&bad)).unwrap_err().contains("not valid"));
    }
}
