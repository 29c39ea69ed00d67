//! What a command runs on, merged once from the flags, the environment and the config file.
//! Pure: the environment and the default paths are parameters, so tests set no process state.

use std::path::PathBuf;

use crate::analysis::Policy;
use crate::cli::Cli;
use crate::config::Config;
use crate::ec2::{AwsOptions, Connection};

/// The journals' places when neither `--journal` nor the config file names one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefaultPaths {
    /// The real journal, of batches sent to AWS.
    pub journal: Option<PathBuf>,
    /// The in-memory accounts' journal, apart from the real one.
    pub demo_journal: Option<PathBuf>,
}

impl DefaultPaths {
    /// The places in this user's state folder.
    pub fn of_this_user() -> Self {
        Self {
            journal: crate::journal::default_path(),
            demo_journal: crate::journal::default_demo_path(),
        }
    }
}

/// The account a command works on.
#[derive(Debug, Clone)]
pub enum Target {
    /// The built-in demo account (`--demo`).
    Demo,
    /// An in-memory account read from this JSON file (`--account-file`).
    AccountFile(PathBuf),
    /// The answers of an offline snapshot (`--snapshot`): read-only.
    Snapshot(SnapshotFiles),
    /// AWS itself.
    Aws {
        /// The flags only: the SDK reads the environment and `~/.aws/config` itself. Its
        /// region is the first `--region` names (none for `--region all`).
        options: AwsOptions,
        /// What the flags, then the environment, say: shown until the backend has connected.
        shown: Connection,
        regions: Regions,
    },
}

/// Which regions a command reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Regions {
    /// One: `--region`'s, else the environment's or the profile's.
    One,
    /// Each of these, the order and spelling `--region` gave, without repeats.
    Several(Vec<String>),
    /// Every region enabled for the account (`--region all`), which `DescribeRegions` lists.
    All,
}

impl Regions {
    /// What `--region` names: `all` among them means every one.
    pub fn named(names: &[String]) -> Self {
        let mut several: Vec<String> = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            if name.eq_ignore_ascii_case("all") {
                return Self::All;
            }
            if !several.iter().any(|n| n == name) {
                several.push(name.to_string());
            }
        }
        if several.len() > 1 {
            Self::Several(several)
        } else {
            Self::One
        }
    }

    /// Whether this is more than `--region` can name for a command of one region.
    pub fn is_many(&self) -> bool {
        !matches!(self, Self::One)
    }
}

/// The files of a snapshot, as the flags name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotFiles {
    /// The `describe-security-groups` answer, or a folder `sgtui snapshot` wrote.
    pub groups: PathBuf,
    pub rules: Option<PathBuf>,
    pub interfaces: Option<PathBuf>,
    /// What `--region` says: the answers do not name their region.
    pub region: Option<String>,
}

impl Target {
    /// Whether the account lives in memory (the demo, an account file or a snapshot).
    pub fn in_memory(&self) -> bool {
        !matches!(self, Self::Aws { .. })
    }
}

/// Everything a command needs to know from the flags, the environment and the config file.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Never send a mutating call: `--read-only` (or `SGTUI_READ_ONLY`), the config file, or a
    /// snapshot.
    pub read_only: bool,
    /// Where batches are journaled; `None` when no place is known.
    pub journal: Option<PathBuf>,
    pub target: Target,
    /// What the audit signals judge against: the config file's `risky_ports`, or the default.
    pub policy: Policy,
}

/// Merges the command line, the environment (`env` gives a variable's value; empty counts as
/// unset) and the config file. `--journal` wins, then the config file's `journal`, then the
/// default; in-memory accounts never use the real journal unless `--journal` names it.
pub fn resolve(
    cli: &Cli,
    config: &Config,
    env: impl Fn(&str) -> Option<String>,
    defaults: &DefaultPaths,
) -> Resolved {
    let env = |name: &str| env(name).filter(|v| !v.is_empty());
    let regions = Regions::named(&cli.region);
    let first_region = match &regions {
        Regions::All => None,
        _ => cli
            .region
            .iter()
            .map(|r| r.trim())
            .find(|r| !r.is_empty())
            .map(str::to_string),
    };
    let target = if cli.demo {
        Target::Demo
    } else if let Some(path) = &cli.account_file {
        Target::AccountFile(path.clone())
    } else if let Some(groups) = &cli.snapshot {
        Target::Snapshot(SnapshotFiles {
            groups: groups.clone(),
            rules: cli.snapshot_rules.clone(),
            interfaces: cli.snapshot_interfaces.clone(),
            region: first_region.clone(),
        })
    } else {
        Target::Aws {
            options: AwsOptions {
                profile: cli.profile.clone(),
                region: first_region.clone(),
                endpoint_url: cli.endpoint_url.clone(),
            },
            regions,
            shown: Connection {
                profile: cli.profile.clone().or_else(|| env("AWS_PROFILE")),
                region: (first_region.clone())
                    .or_else(|| env("AWS_REGION"))
                    .or_else(|| env("AWS_DEFAULT_REGION")),
                endpoint: (cli.endpoint_url.clone())
                    .or_else(|| env("AWS_ENDPOINT_URL_EC2"))
                    .or_else(|| env("AWS_ENDPOINT_URL")),
                account_id: None,
            },
        }
    };
    let journal = cli.journal.clone().or_else(|| {
        if target.in_memory() {
            defaults.demo_journal.clone()
        } else {
            config.journal.clone().or_else(|| defaults.journal.clone())
        }
    });
    Resolved {
        read_only: cli.read_only || config.read_only || matches!(target, Target::Snapshot(_)),
        journal,
        target,
        policy: config
            .risky_ports
            .clone()
            .map_or_else(Policy::default, Policy::with_risky_ports),
    }
}

/// A variable of this process's environment.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::PathBuf;

    use super::{DefaultPaths, Regions, Resolved, Target, resolve};
    use crate::analysis::Policy;
    use crate::cli::Cli;
    use crate::config::Config;
    use crate::ec2::Connection;

    fn defaults() -> DefaultPaths {
        DefaultPaths {
            journal: path("/state/journal.jsonl"),
            demo_journal: path("/state/demo-journal.jsonl"),
        }
    }

    fn path(s: &str) -> Option<PathBuf> {
        Some(s.into())
    }

    /// The default command line, changed by `edit`.
    fn cli(edit: impl FnOnce(&mut Cli)) -> Cli {
        let mut cli = Cli::default();
        edit(&mut cli);
        cli
    }

    /// A config file that names a journal.
    fn with_journal() -> Config {
        Config {
            journal: path("/etc/sgtui.jsonl"),
            ..Config::default()
        }
    }

    fn with_env(cli: &Cli, config: &Config, vars: &[(&str, &str)]) -> Resolved {
        let vars: HashMap<&str, &str> = vars.iter().copied().collect();
        let env = |name: &str| vars.get(name).map(|v| v.to_string());
        resolve(cli, config, env, &defaults())
    }

    fn shown(r: &Resolved) -> &Connection {
        match &r.target {
            Target::Aws { shown, .. } => shown,
            other => panic!("not AWS: {other:?}"),
        }
    }

    #[test]
    fn read_only_comes_from_the_flag_or_the_config_and_nothing_undoes_the_config() {
        let none = Config::default();
        let pinned = Config {
            read_only: true,
            ..none.clone()
        };
        assert!(!with_env(&Cli::default(), &none, &[]).read_only);
        assert!(with_env(&cli(|c| c.read_only = true), &none, &[]).read_only);
        assert!(with_env(&Cli::default(), &pinned, &[]).read_only);
    }

    #[test]
    fn the_config_file_can_replace_the_sensitive_ports() {
        let r = with_env(&Cli::default(), &Config::default(), &[]);
        assert_eq!(r.policy, Policy::default());
        let config = Config {
            risky_ports: Some(vec![8443, 22]),
            ..Config::default()
        };
        let r = with_env(&Cli::default(), &config, &[]);
        assert_eq!(r.policy.risky_ports(), [22, 8443]);
        let text = "risky_ports = [22, 70000]";
        assert!(toml::from_str::<Config>(text).is_err(), "not a port");
        let config: Config = toml::from_str("risky_ports = [3389]").unwrap();
        assert_eq!(config.risky_ports, Some(vec![3389]));
    }

    #[test]
    fn the_journal_is_the_flag_then_the_config_then_the_default() {
        let flag = cli(|c| c.journal = path("/tmp/j.jsonl"));
        let config = with_journal();
        assert_eq!(with_env(&flag, &config, &[]).journal, path("/tmp/j.jsonl"));
        let r = with_env(&Cli::default(), &config, &[]);
        assert_eq!(r.journal, path("/etc/sgtui.jsonl"));
        let r = with_env(&Cli::default(), &Config::default(), &[]);
        assert_eq!(r.journal, path("/state/journal.jsonl"));
        let unknown = DefaultPaths::default();
        let r = resolve(&Cli::default(), &Config::default(), |_| None, &unknown);
        assert_eq!(r.journal, None);
    }

    #[test]
    fn in_memory_accounts_journal_apart_unless_told() {
        let config = with_journal();
        let r = with_env(&cli(|c| c.demo = true), &config, &[]);
        assert!(matches!(r.target, Target::Demo));
        assert_eq!(r.journal, path("/state/demo-journal.jsonl"));
        let r = with_env(&cli(|c| c.account_file = path("a.json")), &config, &[]);
        assert!(matches!(&r.target, Target::AccountFile(p) if p.as_os_str() == "a.json"));
        assert_eq!(r.journal, path("/state/demo-journal.jsonl"));
        let named = cli(|c| {
            c.demo = true;
            c.journal = path("/tmp/j.jsonl");
        });
        assert_eq!(with_env(&named, &config, &[]).journal, path("/tmp/j.jsonl"));
    }

    #[test]
    fn a_snapshot_is_read_only_in_memory_and_takes_its_region_from_the_flag_only() {
        let snapshot = cli(|c| {
            c.snapshot = path("sg.json");
            c.snapshot_rules = path("rules.json");
            c.region = vec!["eu-west-3".into()];
        });
        let r = with_env(&snapshot, &with_journal(), &[("AWS_REGION", "us-east-1")]);
        assert!(r.read_only);
        assert_eq!(r.journal, path("/state/demo-journal.jsonl"));
        let Target::Snapshot(files) = &r.target else {
            panic!("not a snapshot: {:?}", r.target)
        };
        assert_eq!(files.groups.as_os_str(), "sg.json");
        assert_eq!(files.rules, path("rules.json"));
        assert_eq!(files.interfaces, None);
        assert_eq!(files.region.as_deref(), Some("eu-west-3"));
        let bare = cli(|c| c.snapshot = path("sg.json"));
        let r = with_env(&bare, &Config::default(), &[("AWS_REGION", "us-east-1")]);
        assert!(matches!(&r.target, Target::Snapshot(f) if f.region.is_none()));
    }

    #[test]
    fn aws_shows_the_flags_then_the_environment_but_passes_only_the_flags() {
        let env = [
            ("AWS_PROFILE", "envprofile"),
            ("AWS_REGION", ""),
            ("AWS_DEFAULT_REGION", "eu-west-3"),
            ("AWS_ENDPOINT_URL_EC2", "http://ec2.local"),
            ("AWS_ENDPOINT_URL", "http://all.local"),
        ];
        let r = with_env(&Cli::default(), &Config::default(), &env);
        assert_eq!(
            shown(&r),
            &Connection {
                profile: Some("envprofile".into()),
                region: Some("eu-west-3".into()),
                endpoint: Some("http://ec2.local".into()),
                account_id: None,
            }
        );
        let Target::Aws { options, .. } = &r.target else {
            unreachable!()
        };
        assert_eq!(
            (&options.profile, &options.region, &options.endpoint_url),
            (&None, &None, &None)
        );

        let flags = cli(|c| {
            c.profile = Some("p".into());
            c.region = vec!["us-east-2".into()];
            c.endpoint_url = Some("http://flag.local".into());
        });
        let r = with_env(&flags, &Config::default(), &env);
        assert_eq!(shown(&r).profile.as_deref(), Some("p"));
        assert_eq!(shown(&r).region.as_deref(), Some("us-east-2"));
        assert_eq!(shown(&r).endpoint.as_deref(), Some("http://flag.local"));
        let Target::Aws { options, .. } = &r.target else {
            unreachable!()
        };
        assert_eq!(options.region.as_deref(), Some("us-east-2"));
        assert_eq!(options.endpoint_url.as_deref(), Some("http://flag.local"));
    }

    #[test]
    fn the_region_prefers_aws_region_over_the_default_region() {
        let env = [
            ("AWS_REGION", "ap-south-1"),
            ("AWS_DEFAULT_REGION", "eu-west-3"),
        ];
        let r = with_env(&Cli::default(), &Config::default(), &env);
        assert_eq!(shown(&r).region.as_deref(), Some("ap-south-1"));
        assert_eq!(shown(&r).endpoint, None);
    }

    #[test]
    fn region_may_name_several_or_all() {
        let named = |names: &[&str]| {
            let r = with_env(
                &cli(|c| c.region = names.iter().map(|n| n.to_string()).collect()),
                &Config::default(),
                &[],
            );
            match r.target {
                Target::Aws {
                    options, regions, ..
                } => (options.region, regions),
                other => panic!("not AWS: {other:?}"),
            }
        };
        assert_eq!(named(&[]), (None, Regions::One));
        assert_eq!(
            named(&["eu-west-1"]),
            (Some("eu-west-1".into()), Regions::One)
        );
        // Repeats are read once: one region is still one.
        let once = named(&["eu-west-1", " eu-west-1", ""]);
        assert_eq!(once, (Some("eu-west-1".into()), Regions::One));
        let two = Regions::Several(vec!["us-east-1".into(), "eu-west-1".into()]);
        assert_eq!(
            named(&["us-east-1", "eu-west-1", "us-east-1"]),
            (Some("us-east-1".into()), two)
        );
        assert_eq!(named(&["eu-west-1", "ALL"]), (None, Regions::All));
        assert!(!Regions::One.is_many() && Regions::All.is_many());
    }
}
